"""marsad's own annotated sets (data/annotations/events*): each article annotated once, each gold file named by its
manifest, so that no article is in two sets (CV would then train on a test article) and none is lost."""

import json
from pathlib import Path

ANNOTATIONS = Path(__file__).resolve().parents[1] / "data" / "annotations"


def manifests() -> dict[str, list[dict[str, str]]]:
    out = {}
    for manifest in sorted(ANNOTATIONS.glob("events*/manifest.tsv")):
        lines = manifest.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        out[manifest.parent.name] = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]
    return out


def test_no_article_is_in_two_sets():
    seen_ids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for name, rows in manifests().items():
        for row in rows:
            assert row["doc_id"] not in seen_ids, f"{row['doc_id']} in {name} and {seen_ids.get(row['doc_id'])}"
            seen_ids[row["doc_id"]] = name
            url = row.get("url")
            if url:  # SaudiNewsNet samples; PADT and NewsFANE name their source documents instead
                assert url not in seen_urls, f"{url} in {name} and {seen_urls[url]}"
                seen_urls[url] = name
    assert len(seen_ids) > 9000


def test_every_manifest_row_has_its_gold_file_and_no_gold_file_is_unlisted():
    for name, rows in manifests().items():
        gold_dir = ANNOTATIONS / name / "gold"
        listed = {row["doc_id"] for row in rows}
        on_disk = {p.stem for p in gold_dir.glob("*.json")}
        assert listed == on_disk, f"{name}: {sorted(listed ^ on_disk)[:5]}"
        for path in gold_dir.glob("*.json"):
            gold = json.loads(path.read_text(encoding="utf-8"))
            assert gold["doc_id"] == path.stem and isinstance(gold["events"], list)

"""Annotated articles: an article JSON beside its gold JSON, analysed and aligned with its gold events."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from marsad.extract import extract, site_country
from marsad.sources.files import record_to_document


@dataclass
class Annotated:
    doc_id: str
    article: dict[str, Any]
    gold: list[dict[str, Any]]
    doc: Doc | None = None
    text: str = ""
    published: str | None = None
    url: str | None = None
    title: str = ""
    # gold event index → (sentence char start, end) in `text`, where the gold sentence was found
    gold_sentences: dict[int, tuple[int, int]] = field(default_factory=dict)
    # where the article came from: "corpus" (SaudiNewsNet zips), "padt", "newsfane", or "files" (article JSON)
    source: str = "files"


def _article_files(directory: Path) -> dict[str, Path]:
    out = {}
    for f in sorted(directory.rglob("*.json")):
        try:
            obj = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(obj, dict) and "content" in obj and obj.get("doc_id"):
            out[str(obj["doc_id"])] = f
    return out


def articles_from_manifest(manifest: Path, corpus: Path) -> dict[str, dict[str, Any]]:
    """Articles named by a manifest (doc_id, zip, member, index …) read from the SaudiNewsNet zips:
    marsad's own annotations (data/annotations) keep only gold and the manifest, never the articles."""
    import zipfile

    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    out: dict[str, dict[str, Any]] = {}
    opened: dict[tuple[str, str], list] = {}
    for doc_id, _batch, zname, member, index, *_ in rows:
        key = (zname, member)
        if key not in opened:
            with zipfile.ZipFile(corpus / zname) as zf:
                opened[key] = json.loads(zf.read(member))
        a = opened[key][int(index)]
        out[doc_id] = {"doc_id": doc_id, "source": a.get("source"), "url": a.get("url"),
                       "published": (a.get("date_extracted") or "")[:10], "title": a.get("title"), "content": a.get("content")}
    return out


def articles_from_padt_manifest(manifest: Path, padt: Path) -> dict[str, dict[str, Any]]:
    """Articles named by a manifest of PADT documents (doc_id, batch, padt_doc), rebuilt from the treebank."""
    from marsad.events.learned.padt import padt_documents

    documents = padt_documents(padt)
    out: dict[str, dict[str, Any]] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            doc_id, _batch, name, *_ = line.split("\t")
            if name not in documents:
                raise ValueError(f"{manifest}: {name} is not a document of {padt}")
            # the first line is the headline (every outlet's documents begin with it); it stays in the content too,
            # which is what the annotators read
            title = documents[name]["content"].split("\n", 1)[0]
            out[doc_id] = {"doc_id": doc_id, "url": f"padt:{name}", "title": title, **documents[name]}
    return out


def articles_from_newsfane_manifest(manifest: Path, newsfane: Path) -> dict[str, dict[str, Any]]:
    """Articles named by a manifest of NewsFANE passages (doc_id, batch, newsfane_sentences), rebuilt from the
    corpus (newsfane.py). A passage has no title and no publication date."""
    from marsad.events.learned.newsfane import newsfane_documents

    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    documents = newsfane_documents(newsfane, [row[2] for row in rows])
    return {doc_id: {"doc_id": doc_id, "url": f"newsfane:{span}", "title": "", **documents[span]}
            for doc_id, _batch, span, *_ in rows}


def _manifest_kind(manifest: Path) -> str:
    """"padt", "newsfane" or "corpus": where a manifest's articles come from, by its header."""
    with manifest.open(encoding="utf-8") as f:
        header = f.readline().rstrip("\r\n").split("\t")
    return "padt" if "padt_doc" in header else "newsfane" if "newsfane_sentences" in header else "corpus"


def load_annotated(directories: list[Path], corpus: Path | None = None, padt: Path | None = None,
                   newsfane: Path | None = None) -> list[Annotated]:
    """Gold files (JSON with doc_id and events) and their articles (JSON with content), found anywhere
    under the directories (../shared/data/events/train has articles/ and gold/). A directory with a
    manifest.tsv takes its articles from the corpus zips in `corpus`, or, when the manifest names PADT
    documents, from the UD PADT treebank in `padt` (padt.py), and when it names NewsFANE passages, from the
    NewsFANE corpus in `newsfane` (newsfane.py). Articles without gold are left out."""
    from marsad.evaluate import load_gold

    articles: dict[str, dict[str, Any]] = {}
    gold: dict[str, list[dict[str, Any]]] = {}
    gold_dir: dict[str, Path] = {}
    source: dict[str, str] = {}
    for d in directories:
        for doc_id, f in _article_files(d).items():
            articles[doc_id] = json.loads(f.read_text(encoding="utf-8"))
        manifest = d / "manifest.tsv"
        kind = _manifest_kind(manifest) if manifest.exists() else None
        if kind == "padt":
            if padt is None:
                raise ValueError(f"{d} names PADT documents in manifest.tsv: give the UD PADT v1.3 directory (--padt)")
            articles.update(articles_from_padt_manifest(manifest, padt))
        elif kind == "newsfane":
            if newsfane is None:
                raise ValueError(f"{d} names NewsFANE passages in manifest.tsv: give the NewsFANE directory (--newsfane)")
            articles.update(articles_from_newsfane_manifest(manifest, newsfane))
        elif kind == "corpus":
            if corpus is None:
                raise ValueError(f"{d} names its articles in manifest.tsv: give the SaudiNewsNet zips (--corpus)")
            articles.update(articles_from_manifest(manifest, corpus))
        for doc_id, events in load_gold(d).items():
            # one id in two sets would silently replace the first article and its gold by the second
            if doc_id in gold_dir and gold_dir[doc_id] != d:
                raise ValueError(f"{doc_id} is annotated in both {gold_dir[doc_id]} and {d}: give each set its own ids")
            gold_dir[doc_id] = d
            gold[doc_id] = events
            source[doc_id] = kind or "files"
    return [Annotated(doc_id, articles[doc_id], events, source=source[doc_id])
            for doc_id, events in sorted(gold.items()) if doc_id in articles]


def analyse(item: Annotated) -> Annotated:
    """Run the pipeline (rule coder included: its drafts are features) and find each gold sentence."""
    from marsad.nlp.pipeline import analyze, build_nlp

    document = record_to_document(item.article, item.doc_id)
    art = extract(document)
    item.text, item.published, item.url, item.title = art.text, art.published, art.url, art.title or ""
    item.doc = analyze(art.text, art.published, site_country(art.site, art.url), title=item.title, nlp=build_nlp("rules"))
    for i, g in enumerate(item.gold):
        sentence = (g.get("sentence") or "").strip()
        pos = item.text.find(sentence) if sentence else -1
        if pos >= 0:
            item.gold_sentences[i] = (pos, pos + len(sentence))
    return item

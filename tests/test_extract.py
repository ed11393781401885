import json

from marsad.extract import extract, site_country
from marsad.sources.files import read_path


def test_trafilatura_page_keeps_article_drops_furniture(shared):
    page = shared / "html" / "trafilatura_eval"
    spec = next(iter(json.loads((page / "evaldata_assabah.json").read_text(encoding="utf-8")).values()))
    doc = next(read_path(page / spec["file"]))
    article = extract(doc)
    for snippet in spec["with"]:
        assert snippet in article.text
    for snippet in spec["without"]:
        assert snippet not in article.text
    assert article.language == "ar"


def test_htmldate_gold_dates(shared):
    pages = shared / "html" / "htmldate_pages"
    gold = json.loads((pages / "gold_dates.json").read_text(encoding="utf-8"))
    for name, g in gold.items():
        doc = next(read_path(pages / name))
        doc.url = g["url"]
        assert extract(doc).published == g["published"], name


def test_cnn_arabic_text(shared):
    base = shared / "html" / "newspaper4k_cnn_arabic"
    article = extract(next(read_path(base / "arabic_article.html")))
    expected = (base / "arabic_article.txt").read_text(encoding="utf-8")
    first = next(line for line in expected.splitlines() if len(line) > 40)
    assert first[:40] in article.text


def test_every_saudinewsnet_outlet_has_a_home_state_by_name_or_address():
    # the corpus names its outlets by a short name ("3alyoum" is عين اليوم); a URL alone must do as well
    assert site_country("3alyoum", "http://www.3alyoum.com/news/1") == "SAU"
    for url in ("http://www.3alyoum.com/news/1", "http://aawsat.com/home/article/421991", "http://www.al-madina.com/a",
                "http://www.aleqt.com/2015/08/01/a.html", "http://sabq.org/x", "http://www.alyaum.com/a/1"):
        assert site_country(None, url) == "SAU", url
    assert site_country(None, "https://www.example.org/arabic") is None

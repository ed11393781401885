"""WARC archives (.warc, .warc.gz): each HTML response record becomes a Document."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from marsad.arabic.normalize import arabic_ratio
from marsad.schema import Document
from marsad.sources.skipped import Skipped

_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S | re.I)
_LANG_AR = re.compile(r"<html[^>]*\blang=[\"']?ar", re.I)


def looks_arabic(html: str, prefix: int = 20_000) -> bool:
    """A cheap check before the expensive stages: a declared lang="ar", or mostly Arabic visible text."""
    head = html[:prefix]
    if _LANG_AR.search(head):
        return True
    return arabic_ratio(_TAGS.sub(" ", head)) >= 0.3


def _starts_like_warc(path: Path) -> bool:
    import gzip

    try:
        with open(path, "rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            fh = gzip.open(raw) if head == b"\x1f\x8b" else raw
            return fh.read(5) == b"WARC/"
    except (OSError, EOFError):
        return False


def read_warc(path: Path) -> Iterator[Document | object]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from marsad.sources.files import BadInput, InputProblem, InputWarning, decode, read_guarded

    source = str(path)
    if not _starts_like_warc(path):
        yield InputProblem(source, "not a WARC file (no WARC/1.x header)")
        return
    try:
        with open(path, "rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh)):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if "html" not in ctype.lower():
                    continue
                where = f"{source}#{n} {url}"
                warnings: list[str] = []
                try:
                    data = read_guarded(record.content_stream(), where, compressed_size=max(record.length or 0, 1))
                    if getattr(record.raw_stream, "limit", 0):  # the record ends before its Content-Length
                        warnings.append(f"truncated record: {record.raw_stream.limit} of its {record.length} bytes missing")
                    html = decode(data, where, warnings)
                except BadInput as exc:
                    yield InputProblem(where, str(exc))
                    continue
                yield from (InputWarning(where, w) for w in warnings)
                if not looks_arabic(html):
                    yield Skipped(where, "not an Arabic page (checked on its first 20 kB)")
                    continue
                doc_id = hashlib.sha1((url or where).encode()).hexdigest()[:16]
                yield Document(source=where, content=html, kind="html", doc_id=doc_id, url=url)
    except ArchiveLoadFailed as exc:
        yield InputProblem(source, f"not a valid WARC file ({exc})")

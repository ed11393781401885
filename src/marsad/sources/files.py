"""Read inputs into Documents: files, directories (recursive), stdin, JSON, JSON Lines, WARC.

Every problem with one input is reported as an `InputProblem` naming the input; reading goes on
with the next one, so one bad file never loses the good ones. A record without text (an article
object with no content) is an `EmptyRecord`: skipped and counted, not an error.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.schema import Document

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
SUPPORTED = HTML_SUFFIXES | TEXT_SUFFIXES | {".json", ".jsonl", ".warc", ".zip"}
_ENCODINGS = ("utf-8-sig", "utf-16", "cp1256")

# Limits that keep one hostile input from taking the run down. Text compresses 3-10 times; a
# decompression bomb, a thousand times and more.
MAX_INPUT_BYTES = 256 << 20  # one file or archive member read whole (JSON Lines are streamed instead)
MAX_LINE_BYTES = 32 << 20  # one JSON Lines record
MAX_COMPRESSION_RATIO = 100
MAX_PROBLEMS_LISTED = 100  # per file: a file of a million broken lines gives 100 lines and a count
_RATIO_FLOOR = 8 << 20  # below this many decompressed bytes any ratio is allowed
_CHUNK = 1 << 20
# UTF-8 with at most one invalid sequence per this many valid non-ASCII characters is read as damaged
# UTF-8 (with a warning); more, and the text is taken to be Windows-1256
_VALID_PER_INVALID_UTF8 = 20


def one_line(text: str) -> str:
    """`text` with control and bidi-override characters escaped: a file name holding a newline cannot
    forge a second message line."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 32 or code == 127 or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{code:04x}"))
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class InputProblem:
    """An input that could not be read: reported, and the run goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return one_line(f"{self.source}: {self.reason}")


@dataclass
class InputWarning(InputProblem):
    """An input read despite a defect (invalid bytes replaced, a truncated record): reported, not lost."""


@dataclass
class EmptyRecord(InputWarning):
    """A record with no text (an article object whose content is missing or blank): nothing to code, so it
    is skipped and counted, not an error. (An empty file is still an error: a failed download, say.)"""


class BadInput(ValueError):
    pass


class EmptyInput(BadInput):
    """Raised for a record with no text (reported as an EmptyRecord)."""


def _problem(where: str, exc: BadInput) -> InputProblem:
    return (EmptyRecord if isinstance(exc, EmptyInput) else InputProblem)(where, str(exc))


class _Guarded(io.RawIOBase):
    """A binary stream that fails with BadInput past a size limit or a compression ratio limit."""

    def __init__(self, stream, source: str, compressed_size: int | None, limit: int | None = MAX_INPUT_BYTES):
        self.stream, self.source = stream, source
        self.compressed_size, self.limit = compressed_size, limit
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.total += n
        self._check()
        return n

    def _check(self) -> None:
        if self.limit is not None and self.total > self.limit:
            raise BadInput(f"larger than {self.limit >> 20} MB once decompressed; split it into smaller files")
        if (self.compressed_size and self.total > _RATIO_FLOOR
                and self.total > self.compressed_size * MAX_COMPRESSION_RATIO):
            raise BadInput(f"expands more than {MAX_COMPRESSION_RATIO} times (a decompression bomb?); not read")


def read_guarded(stream, source: str, compressed_size: int | None = None, limit: int | None = MAX_INPUT_BYTES) -> bytes:
    """Read a (decompressing) stream whole, within the size and ratio limits."""
    guarded = _Guarded(stream, source, compressed_size, limit)
    chunks = []
    while chunk := guarded.read(_CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for double in (".jsonl.gz", ".warc.gz", ".json.gz", ".txt.gz", ".html.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def _damaged_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 with its few invalid bytes replaced (U+FFFD), when it is UTF-8 with a little
    damage rather than another encoding; else None."""
    text = data.decode("utf-8-sig", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_non_ascii = sum(1 for ch in text if ord(ch) >= 0x80) - invalid
    if invalid <= 0 or invalid * _VALID_PER_INVALID_UTF8 > valid_non_ascii:
        return None
    return text


def decode(data: bytes, source: str, warnings: list[str] | None = None) -> str:
    """Decode bytes trying UTF-8, UTF-16 (with BOM) and Windows-1256; reject binary data. UTF-8 with a
    few invalid bytes is read with them replaced, and the replacement is added to `warnings`."""
    del source  # the caller names the input in its messages
    if not data.strip():
        raise BadInput("empty input")  # an empty file is an error (a failed download?); an empty record is not
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        if b"\x00" in data[:4096]:
            raise BadInput("binary data, not text")
        candidates = ("utf-8-sig", "damaged-utf-8", "cp1256")
    for enc in candidates:
        if enc == "damaged-utf-8":
            text = _damaged_utf8(data)
            if text is None:
                continue
            if warnings is not None:
                bad = text.count("\ufffd") - data.count("\ufffd".encode())
                warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced by \ufffd")
        else:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
        controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f")
        if controls > 8:
            raise BadInput("binary data, not text")
        return text
    raise BadInput("cannot decode as UTF-8, UTF-16 or Windows-1256")


def _doc_id(source: str, content: str) -> str:
    """A stable id from the content alone: the same article read from another path is the same article."""
    del source
    return hashlib.sha1(content.encode("utf-8")).hexdigest()[:16]


def record_to_document(obj: object, source: str) -> Document:
    """An article object: doc_id/id, url, title, content/text, published/date/date_extracted, source/site."""
    if not isinstance(obj, dict):
        raise BadInput("JSON value is not an article object")
    content = obj.get("content") or obj.get("text")
    if content and not isinstance(content, str):
        raise BadInput("article object's 'content' is not text")
    if not content:
        raise EmptyInput("article object has no 'content' or 'text'")
    if not content.strip():
        raise EmptyInput("article object's text is blank")
    published = obj.get("published") or obj.get("date") or obj.get("date_extracted")
    doc_id = obj.get("doc_id") or obj.get("id")
    return Document(
        source=source, content=content, kind="record",
        doc_id=str(doc_id) if doc_id is not None else _doc_id(source, content),
        url=obj.get("url"), title=obj.get("title"),
        published=str(published)[:10] if published else None,
        site=obj.get("site") or obj.get("source"),
    )


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as raw:
        if path.name.lower().endswith(".gz"):
            try:
                return read_guarded(gzip.GzipFile(fileobj=raw), str(path), compressed_size=path.stat().st_size)
            except (OSError, EOFError) as exc:
                raise BadInput(f"broken gzip file ({exc})") from exc
        return read_guarded(raw, str(path))


def _parse_json(text: str):
    try:
        return json.loads(text)
    except RecursionError:
        raise BadInput("JSON nested too deeply") from None


def _jsonl(text: str, source: str, first_line: int = 1) -> Iterator[Document | InputProblem]:
    for n, line in enumerate(text.splitlines(), first_line):
        yield from _jsonl_record(line, f"{source}:{n}")


def _jsonl_record(line: str, where: str) -> Iterator[Document | InputProblem]:
    if not line.strip():
        return
    try:
        yield record_to_document(_parse_json(line), where)
    except json.JSONDecodeError as exc:
        yield InputProblem(where, f"malformed JSON line ({exc.msg})")
    except BadInput as exc:
        yield _problem(where, exc)


def _lines(stream, source: str) -> Iterator[tuple[int, bytes] | InputProblem]:
    """(line number, line) for the non-blank lines of a binary stream, read a chunk at a time (a file of
    millions of empty lines costs no Python step per line); over-long lines become problems."""
    n, pending, skipping = 0, b"", False
    while chunk := stream.read(_CHUNK):
        if not skipping and not chunk.strip() and not pending.strip():  # blank: only count its lines
            n += chunk.count(b"\n")
            pending = b""
            continue
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        if skipping and parts:  # the rest of an over-long line ends in this chunk
            parts[0], skipping = b"", False
        yield from ((i, line) for i, line in enumerate(parts, n + 1) if line.strip())
        n += len(parts)
        if len(pending) > MAX_LINE_BYTES:
            if not skipping:
                yield InputProblem(f"{source}:{n + 1}", f"record longer than {MAX_LINE_BYTES >> 20} MB; skipped")
            pending, skipping = b"", True
    if pending.strip() and not skipping:
        yield n + 1, pending


def _jsonl_stream(stream, source: str) -> Iterator[Document | InputProblem]:
    """JSON Lines read from a binary stream: memory stays one chunk and one record, however big the file.
    Past MAX_PROBLEMS_LISTED bad records, the rest are counted in one closing line."""
    unlisted = 0
    for item in _limit_problems(_jsonl_items(stream, source)):
        if item is None:
            unlisted += 1
        else:
            yield item
    if unlisted:
        yield InputProblem(source, f"{unlisted} more bad records not listed")


def _limit_problems(items: Iterator[Document | InputProblem]) -> Iterator[Document | InputProblem | None]:
    listed = 0
    for item in items:
        if isinstance(item, InputProblem) and not isinstance(item, EmptyRecord):  # skipped records: one line each
            listed += 1
            if listed > MAX_PROBLEMS_LISTED:
                yield None
                continue
        yield item


def _jsonl_items(stream, source: str) -> Iterator[Document | InputProblem]:
    for item in _lines(stream, source):
        if isinstance(item, InputProblem):
            yield item
            continue
        n, line = item
        where = f"{source}:{n}"
        if n == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        warnings: list[str] = []
        try:
            text = decode(line, where, warnings)
        except BadInput as exc:
            yield _problem(where, exc)
            continue
        yield from (InputWarning(where, w) for w in warnings)
        yield from _jsonl_record(text, where)


def _json(text: str, source: str) -> Iterator[Document | InputProblem]:
    try:
        obj = _parse_json(text)
    except json.JSONDecodeError as exc:
        yield InputProblem(source, f"malformed JSON ({exc.msg} at line {exc.lineno})")
        return
    except BadInput as exc:
        yield InputProblem(source, str(exc))
        return
    items = obj if isinstance(obj, list) else [obj]
    for k, item in enumerate(items):
        where = source if len(items) == 1 else f"{source}[{k}]"
        try:
            yield record_to_document(item, where)
        except BadInput as exc:
            yield _problem(where, exc)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<div" in head or "<p>" in head


def _zip(path: Path) -> Iterator[Document | InputProblem]:
    """A zip archive (SaudiNewsNet ships JSON arrays this way): every supported member is read, streamed
    within the size and ratio limits (a member's declared size is not trusted)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield InputProblem(str(path), f"broken zip file ({exc})")
        return
    with archive:
        for info in archive.infolist():
            member = info.filename
            suffix = _suffix(Path(member))
            if member.endswith("/") or suffix not in SUPPORTED - {".zip", ".warc"}:
                continue
            where = f"{path}!{member}"
            warnings: list[str] = []
            try:
                with archive.open(info) as stream:
                    compressed = max(info.compress_size, 1)
                    if member.lower().endswith(".gz"):
                        stream = gzip.GzipFile(fileobj=stream)
                    if suffix in (".jsonl", ".jsonl.gz"):
                        yield from _jsonl_stream(_Guarded(stream, where, compressed, limit=None), where)
                        continue
                    data = read_guarded(stream, where, compressed)
                text = decode(data, where, warnings)
            except BadInput as exc:
                yield _problem(where, exc)
                continue
            except (OSError, EOFError, zipfile.BadZipFile, NotImplementedError) as exc:
                yield InputProblem(where, str(exc))
                continue
            yield from (InputWarning(where, w) for w in warnings)
            yield from read_text(text, where, suffix)


def read_jsonl_range(path: Path, start: int, end: int, first_line: int) -> Iterator[Document | InputProblem]:
    """Lines of a JSON Lines file between two byte offsets that fall on line starts (a shard of a big file);
    records are named path:line as when the whole file is read."""
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
        warnings: list[str] = []
        text = decode(data, f"{path}@{start}", warnings)
    except BadInput as exc:
        yield _problem(f"{path}@{start}", exc)
        return
    except OSError as exc:
        yield InputProblem(str(path), f"cannot read ({exc.strerror or exc})")
        return
    yield from (InputWarning(f"{path}@{start}", w) for w in warnings)
    yield from _jsonl(text, str(path), first_line)


def read_path(path: Path) -> Iterator[Document | InputProblem]:
    source = str(path)
    suffix = _suffix(path)
    warnings: list[str] = []
    try:
        if suffix == ".zip":
            yield from _zip(path)
            return
        if suffix in (".warc", ".warc.gz"):
            from marsad.sources.warc import read_warc

            yield from read_warc(path)
            return
        if suffix in (".jsonl", ".jsonl.gz") and not _starts_with_utf16_bom(path):
            yield from _read_jsonl_file(path)
            return
        text = decode(_read_bytes(path), source, warnings)
    except BadInput as exc:
        yield _problem(source, exc)
        return
    except OSError as exc:
        yield InputProblem(source, f"cannot read ({exc.strerror or exc})")
        return
    yield from (InputWarning(source, w) for w in warnings)
    yield from read_text(text, source, suffix)


def _starts_with_utf16_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) in (b"\xff\xfe", b"\xfe\xff")


def _read_jsonl_file(path: Path) -> Iterator[Document | InputProblem]:
    source = str(path)
    with open(path, "rb") as raw:
        stream = raw
        if path.name.lower().endswith(".gz"):
            stream = _Guarded(gzip.GzipFile(fileobj=raw), source, path.stat().st_size, limit=None)
        try:
            yield from _jsonl_stream(stream, source)
        except (OSError, EOFError) as exc:
            yield InputProblem(source, f"broken gzip file ({exc})")


def read_text(text: str, source: str, suffix: str = "") -> Iterator[Document | InputProblem]:
    if suffix in (".jsonl", ".jsonl.gz"):
        yield from _jsonl(text, source)
    elif suffix in (".json", ".json.gz"):
        yield from _json(text, source)
    elif suffix in HTML_SUFFIXES or suffix == ".html.gz" or _looks_like_html(text):
        yield Document(source=source, content=text, kind="html", doc_id=_doc_id(source, text))
    else:
        stripped = text.lstrip()
        if stripped.startswith("{"):
            yield from (_jsonl(text, source) if "\n{" in stripped else _json(text, source))
        else:
            yield Document(source=source, content=text, kind="text", doc_id=_doc_id(source, text))


def expand_inputs(inputs: Iterable[str]) -> Iterator[Path | str | InputProblem]:
    """Paths of the files named or found under the directories named; "-" for stdin."""
    for name in inputs:
        if name == "-":
            yield "-"
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in SUPPORTED | {
                ".jsonl.gz", ".warc.gz", ".json.gz", ".txt.gz", ".html.gz"})
            if not found:
                yield InputProblem(name, "directory holds no supported files")
            yield from found
        elif path.is_file():
            yield path
        else:
            yield InputProblem(name, "no such file or directory")


def count_records(inputs: Iterable[str], max_bytes: int = 256 << 20) -> int | None:
    """How many records reading `inputs` gives, counted ahead for a progress bar's total: one per HTML or
    text file, the lines of JSON Lines, the items of JSON arrays, the members of zips, the responses of
    WARC files. None when that is not cheap (standard input, or more than `max_bytes` to scan). The
    SaudiNewsNet corpus (31,030 articles, 102 MB of JSON) is counted in under a second."""
    budget = [max_bytes]
    total = 0
    for item in expand_inputs(inputs):
        if item == "-":
            return None
        n = 1 if isinstance(item, InputProblem) else _count_path(Path(item), budget)
        if n is None:
            return None
        total += n
    return total


_UNREADABLE = (OSError, EOFError, ValueError, RecursionError, NotImplementedError)  # zipfile.BadZipFile too


def _count_path(path: Path, budget: list[int]) -> int | None:
    import zipfile

    try:
        if _suffix(path) != ".zip":
            with open(path, "rb") as raw:
                return _count_stream(raw, path.name, budget)
        counts = []
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith("/") and _suffix(Path(info.filename)) in SUPPORTED - {".zip", ".warc"}:
                    counts.append(_count_member(archive, info, budget))
        return None if None in counts else sum(counts)
    except (*_UNREADABLE, zipfile.BadZipFile):
        return 1  # unreadable: reading it gives one problem


def _count_member(archive, info, budget: list[int]) -> int | None:
    import zipfile

    try:
        with archive.open(info) as stream:
            return _count_stream(stream, info.filename, budget)
    except (*_UNREADABLE, zipfile.BadZipFile):
        return 1


def _count_stream(stream, name: str, budget: list[int]) -> int | None:
    suffix = _suffix(Path(name))
    if suffix not in (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".warc", ".warc.gz"):
        return 1
    if name.lower().endswith(".gz"):
        stream = gzip.GzipFile(fileobj=stream)
    whole = suffix in (".json", ".json.gz")  # a JSON array is parsed; lines and WARC headers are counted
    needle = b"\n" if suffix.startswith(".jsonl") else b"WARC-Type: response"
    count, chunks, tail, last = 0, [], b"", b"\n"
    while chunk := stream.read(_CHUNK):
        budget[0] -= len(chunk)
        if budget[0] < 0:
            return None
        if whole:
            chunks.append(chunk)
            continue
        joined = tail + chunk  # a needle may straddle two chunks
        count += joined.count(needle) - tail.count(needle)
        tail, last = joined[1 - len(needle):] if len(needle) > 1 else b"", chunk[-1:]
    if whole:
        parsed = json.loads(b"".join(chunks) or b"null")
        return len(parsed) if isinstance(parsed, list) else 1
    return count + (suffix.startswith(".jsonl") and last != b"\n")  # a last line without a newline


def read_inputs(inputs: Iterable[str]) -> Iterator[Document | InputProblem]:
    for item in expand_inputs(inputs):
        if isinstance(item, InputProblem):
            yield item
        elif item == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
            try:
                warnings: list[str] = []
                text = decode(data, "<stdin>", warnings)
                yield from (InputWarning("<stdin>", w) for w in warnings)
                yield from read_text(text, "<stdin>")
            except BadInput as exc:
                yield _problem("<stdin>", exc)
        else:
            yield from read_path(Path(item))


__all__ = ["EmptyRecord", "InputProblem", "InputWarning", "count_records", "one_line", "read_inputs", "read_path", "read_text", "decode", "record_to_document"]

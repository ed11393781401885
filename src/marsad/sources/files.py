"""Read inputs into Documents: files, directories (recursive), stdin, JSON, JSON Lines, WARC.

Every problem with one input is reported as an `InputProblem` naming the input; reading goes on
with the next one, so one bad file never loses the good ones.
"""

from __future__ import annotations

import gzip
import hashlib
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


@dataclass
class InputProblem:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class BadInput(ValueError):
    pass


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for double in (".jsonl.gz", ".warc.gz", ".json.gz", ".txt.gz", ".html.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def decode(data: bytes, source: str) -> str:
    """Decode bytes trying UTF-8, UTF-16 (with BOM) and Windows-1256; reject binary data."""
    if not data.strip():
        raise BadInput("empty input")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        if b"\x00" in data[:4096]:
            raise BadInput("binary data, not text")
        candidates = ("utf-8-sig", "cp1256")
    for enc in candidates:
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
    if not isinstance(content, str) or not content.strip():
        raise BadInput("article object has no 'content' or 'text'")
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
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise BadInput(f"broken gzip file ({exc})") from exc
    return data


def _jsonl(text: str, source: str, first_line: int = 1) -> Iterator[Document | InputProblem]:
    for n, line in enumerate(text.splitlines(), first_line):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            yield record_to_document(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield InputProblem(where, f"malformed JSON line ({exc.msg})")
        except BadInput as exc:
            yield InputProblem(where, str(exc))


def _json(text: str, source: str) -> Iterator[Document | InputProblem]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputProblem(source, f"malformed JSON ({exc.msg} at line {exc.lineno})")
        return
    items = obj if isinstance(obj, list) else [obj]
    for k, item in enumerate(items):
        where = source if len(items) == 1 else f"{source}[{k}]"
        try:
            yield record_to_document(item, where)
        except BadInput as exc:
            yield InputProblem(where, str(exc))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<div" in head or "<p>" in head


def _zip(path: Path) -> Iterator[Document | InputProblem]:
    """A zip archive (SaudiNewsNet ships JSON arrays this way): every supported member is read."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        yield InputProblem(str(path), f"broken zip file ({exc})")
        return
    with archive:
        for member in archive.namelist():
            suffix = _suffix(Path(member))
            if member.endswith("/") or suffix not in SUPPORTED - {".zip", ".warc"}:
                continue
            where = f"{path}!{member}"
            try:
                data = archive.read(member)
                if member.lower().endswith(".gz"):
                    data = gzip.decompress(data)
                text = decode(data, where)
            except (BadInput, OSError, EOFError) as exc:
                yield InputProblem(where, str(exc))
                continue
            yield from read_text(text, where, suffix)


def read_jsonl_range(path: Path, start: int, end: int, first_line: int) -> Iterator[Document | InputProblem]:
    """Lines of a JSON Lines file between two byte offsets that fall on line starts (a shard of a big file);
    records are named path:line as when the whole file is read."""
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
        text = decode(data, f"{path}@{start}")
    except BadInput as exc:
        yield InputProblem(f"{path}@{start}", str(exc))
        return
    except OSError as exc:
        yield InputProblem(str(path), f"cannot read ({exc.strerror or exc})")
        return
    yield from _jsonl(text, str(path), first_line)


def read_path(path: Path) -> Iterator[Document | InputProblem]:
    source = str(path)
    suffix = _suffix(path)
    try:
        if suffix == ".zip":
            yield from _zip(path)
            return
        if suffix in (".warc", ".warc.gz"):
            from marsad.sources.warc import read_warc

            yield from read_warc(path)
            return
        text = decode(_read_bytes(path), source)
    except BadInput as exc:
        yield InputProblem(source, str(exc))
        return
    except OSError as exc:
        yield InputProblem(source, f"cannot read ({exc.strerror or exc})")
        return
    yield from read_text(text, source, suffix)


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


def read_inputs(inputs: Iterable[str]) -> Iterator[Document | InputProblem]:
    for item in expand_inputs(inputs):
        if isinstance(item, InputProblem):
            yield item
        elif item == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
            try:
                yield from read_text(decode(data, "<stdin>"), "<stdin>")
            except BadInput as exc:
                yield InputProblem("<stdin>", str(exc))
        else:
            yield from read_path(Path(item))


__all__ = ["InputProblem", "read_inputs", "read_path", "read_text", "decode", "record_to_document"]

"""Sharded runs: inputs cut into shards, each shard processed where it is read and written as Parquet.

A shard is one container file (a JSON Lines, JSON, zip or WARC file), a run of lines of a big JSON
Lines file (cut at line starts every `shard_bytes`), or a group of small files (HTML or text pages).
The driver only hands out file names (and byte ranges), so documents stream from disk inside the
workers and never pass through the driver (with a multi-node Ray cluster, the paths must be on
storage every node sees).

For every shard a worker writes `DIR/{articles,mentions,events,errors}/SLOT.parquet`, then the
marker `DIR/_complete/SLOT.json` last. SLOT names the shard's paths; the marker records their
sizes and modification times. A re-run skips the shards whose marker matches, redoes the others
in place (so a changed input replaces its rows instead of adding to them), and a shard killed
half-way has no marker and is simply done again.

`process_shard` is the only processing code: the local engine maps it over a process pool, the Ray
engine over a pool of actors.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.engine.local import Failure, _safe_process
from marsad.sources.files import InputProblem, InputWarning, expand_inputs, read_jsonl_range, read_path
from marsad.sources.skipped import Skipped
from marsad.store import batch_tables

TABLES = ("articles", "mentions", "events", "errors")
CONTAINERS = (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".zip", ".warc", ".warc.gz")
ERROR_SCHEMA = pa.schema([("source", pa.string()), ("reason", pa.string()), ("kind", pa.string()), ("shard", pa.string())])


@dataclass(frozen=True)
class Shard:
    slot: str  # names the paths: the same inputs land in the same files on every run
    fingerprint: str  # sizes and modification times: a changed input is redone
    paths: tuple[str, ...]
    lines: tuple[int, int, int] | None = None  # a big JSON Lines file's part: start byte, end byte, first line number


@dataclass
class ShardReport:
    slot: str
    articles: int = 0
    events: int = 0
    skipped: int = 0
    errors: int = 0
    seconds: float = 0.0
    done_before: bool = False


def _fingerprint(paths: Iterable[str]) -> str:
    parts = []
    for p in paths:
        st = os.stat(p)
        parts.append(f"{p}\0{st.st_size}\0{st.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _shard(paths: list[str], lines: tuple[int, int, int] | None = None) -> Shard:
    resolved = tuple(str(Path(p).resolve()) for p in paths)
    key = "\n".join(resolved) + (f"\n{lines[0]}-{lines[1]}" if lines else "")
    slot = hashlib.sha1(key.encode()).hexdigest()[:16]
    return Shard(slot, _fingerprint(resolved), resolved, lines)


def _line_ranges(path: str, shard_bytes: int) -> list[tuple[int, int, int]]:
    """Cut a JSON Lines file into (start, end, first line) parts of about `shard_bytes`, at line starts.
    One pass over the file to count lines, in blocks: the file is never held in memory."""
    ranges, start, first_line, line, offset = [], 0, 1, 1, 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            pos = 0
            while True:
                nl = block.find(b"\n", pos)
                if nl < 0:
                    break
                line += 1
                pos = nl + 1
                if offset + pos - start >= shard_bytes:
                    ranges.append((start, offset + pos, first_line))
                    start, first_line = offset + pos, line
            offset += len(block)
    if offset > start:
        ranges.append((start, offset, first_line))
    return ranges


def plan_shards(inputs: Iterable[str], files_per_shard: int = 100,
                shard_bytes: int = 32 << 20) -> tuple[list[Shard], list[InputProblem]]:
    """Container files are a shard each, big JSON Lines files a shard per `shard_bytes` of lines; other files
    are grouped `files_per_shard` at a time, in path order."""
    shards: list[Shard] = []
    problems: list[InputProblem] = []
    small: list[str] = []
    for item in expand_inputs(inputs):
        if isinstance(item, InputProblem):
            problems.append(item)
        elif item == "-":
            problems.append(InputProblem("-", "standard input cannot be sharded; give files"))
        elif str(item).endswith(".jsonl") and os.path.getsize(item) > shard_bytes:
            shards.extend(_shard([str(item)], part) for part in _line_ranges(str(item), shard_bytes))
        elif str(item).endswith(CONTAINERS):
            shards.append(_shard([str(item)]))
        else:
            small.append(str(item))
    for i in range(0, len(small), files_per_shard):
        shards.append(_shard(small[i:i + files_per_shard]))
    return shards, problems


def completed(directory: str | Path) -> dict[str, str]:
    """slot → fingerprint of every shard finished in this directory."""
    markers = Path(directory) / "_complete"
    out = {}
    for marker in markers.glob("*.json") if markers.exists() else []:
        try:
            out[marker.stem] = json.loads(marker.read_text())["fingerprint"]
        except (OSError, ValueError, KeyError):
            continue  # a torn marker: the shard is done again
    return out


def shard_files(directory: str | Path) -> dict[str, list[str]]:
    """The Parquet files of the completed shards, by table: what the store attaches."""
    directory = Path(directory).resolve()
    done = completed(directory)
    return {t: [str(directory / t / f"{slot}.parquet") for slot in sorted(done) if (directory / t / f"{slot}.parquet").exists()]
            for t in TABLES}


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)  # readers never see half a file


def process_shard(shard: Shard, directory: str, published: str | None = None) -> ShardReport:
    """Read, process and write one shard; bad records go to its errors file and the shard goes on."""
    import time

    started = time.perf_counter()
    report = ShardReport(shard.slot)
    batch, errors = [], []
    for path in shard.paths:
        items = read_jsonl_range(Path(path), *shard.lines) if shard.lines else read_path(Path(path))
        for item in items:
            if isinstance(item, InputWarning):
                errors.append((item.source, item.reason, "warning"))
                continue
            if isinstance(item, InputProblem):
                errors.append((item.source, item.reason, "input"))
                continue
            if isinstance(item, Skipped):
                report.skipped += 1
                continue
            result = _safe_process((item, published))
            if isinstance(result, Failure):
                errors.append((result.source, result.reason, "processing"))
                continue
            if result.article.status != "ok":
                report.skipped += 1
            else:
                report.articles += 1
                report.events += len(result.events)
            batch.append((result.article, result.events))
    report.errors = sum(1 for e in errors if e[2] != "warning")
    # the same article twice in one shard: the last copy wins, as in the store
    batch = list({a.doc_id: (a, events) for a, events in batch}.values())
    tables = batch_tables(batch, run_id=shard.slot)  # the slot tells which copy of a twice-read article is kept
    tables["errors"] = pa.table({"source": [e[0] for e in errors], "reason": [e[1] for e in errors],
                                 "kind": [e[2] for e in errors], "shard": [shard.slot] * len(errors)}, schema=ERROR_SCHEMA)
    root = Path(directory)
    for name in TABLES:
        _write(tables[name], root / name / f"{shard.slot}.parquet")
    report.seconds = round(time.perf_counter() - started, 3)
    marker = root / "_complete" / f"{shard.slot}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_name(f".{marker.name}.tmp")
    tmp.write_text(json.dumps({"fingerprint": shard.fingerprint, "paths": list(shard.paths), "lines": shard.lines,
                               **asdict(report)}))
    os.replace(tmp, marker)
    return report


def _process_shard_args(args: tuple[Shard, str, str | None]) -> ShardReport:
    return process_shard(*args)


def run_shards_local(shards: list[Shard], directory: str, published: str | None = None,
                     workers: int = 1) -> Iterator[ShardReport]:
    """The local engine over shards: a process pool, one shard per task, reports as shards finish."""
    tasks = [(s, directory, published) for s in shards]
    if workers <= 1 or len(tasks) <= 1:
        yield from map(_process_shard_args, tasks)
        return
    from marsad.engine.local import _warm_up

    _warm_up()
    with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=None) as pool:
        yield from pool.imap_unordered(_process_shard_args, tasks)

"""The local engine: `process` over documents in this process or in a pool of worker processes.

Results come back in input order. A document that fails comes back as a `Failure` naming it, so
one bad document never stops the others.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from marsad.extract import ExtractionError
from marsad.process import Result, process
from marsad.schema import Document


@dataclass
class Failure:
    source: str
    reason: str


def _safe_process(args: tuple[Document, str | None]) -> Result | Failure:
    doc, published = args
    try:
        return process(doc, published)
    except ExtractionError as exc:
        return Failure(doc.source, str(exc))
    except Exception as exc:  # noqa: BLE001 - reported per document, the run goes on
        return Failure(doc.source, f"failed ({type(exc).__name__}: {exc})")


def _warm_up() -> None:
    from marsad.nlp.pipeline import build_nlp

    build_nlp()  # load the pipeline and knowledge once per worker, not per document


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run_local(documents: Iterable[Document], published: str | None = None,
              workers: int = 1) -> Iterator[Result | Failure]:
    items = ((doc, published) for doc in documents)
    if workers <= 1:
        yield from map(_safe_process, items)
        return
    _warm_up()  # load once here: forked workers share it copy-on-write instead of loading it again
    # The loaded pipeline lives as long as the workers: frozen, the collector never walks its objects in a worker,
    # which would write their headers and so copy every page of it into each worker.
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            yield from pool.imap(_safe_process, items, chunksize=8)
    finally:
        gc.unfreeze()

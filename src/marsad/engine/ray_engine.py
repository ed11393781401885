"""The Ray engine: the same `process` function, scheduled by `ray.data` over a pool of actors.

Each actor loads the NLP pipeline once; documents travel as pickled records in batches; results come
back in input order (`preserve_order`), so a Ray run and a local run code the same events with the
same ids. A dead actor is restarted and its batch retried by Ray. `address=None` starts a local
cluster with `workers` CPUs; pass `--ray-address auto` (or a ray:// URL) to join a running one.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator

from marsad.engine.local import Failure, _safe_process
from marsad.process import Result
from marsad.schema import Document


class _Processor:
    """A Ray actor: one pipeline per actor, many batches."""

    def __init__(self, published: str | None):
        from marsad.nlp.pipeline import build_nlp

        build_nlp()
        self.published = published

    def __call__(self, batch: dict) -> dict:
        out = [pickle.dumps(_safe_process((pickle.loads(blob), self.published))) for blob in batch["doc"]]
        return {"result": out}


# actor restarts and task retries go to Ray as remote args (deprecated as keywords from Ray 2.64: pinned below it)
RETRIES = {"max_restarts": 3, "max_task_retries": 3}


def _init(workers: int, address: str | None):
    try:
        import ray
    except ImportError as exc:  # an optional extra
        raise RuntimeError("the Ray engine needs Ray: pip install 'marsad[ray]'") from exc

    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    return ray


def run_ray(documents: Iterable[Document], published: str | None = None, workers: int = 2,
            address: str | None = None, batch_size: int = 16) -> Iterator[Result | Failure]:
    ray = _init(workers, address)
    rows = [{"doc": pickle.dumps(doc)} for doc in documents]
    if not rows:
        return
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows) // batch_size, 200)))
    results = dataset.map_batches(
        _Processor, fn_constructor_args=(published,), batch_size=batch_size, concurrency=workers,
        num_cpus=1, **RETRIES,
    )
    for row in results.iter_rows():
        yield pickle.loads(row["result"])


class _ShardProcessor:
    """A Ray actor for sharded runs: one pipeline per actor; it reads, processes and writes whole shards."""

    def __init__(self, directory: str, published: str | None):
        from marsad.nlp.pipeline import build_nlp

        build_nlp()
        self.directory, self.published = directory, published

    def __call__(self, batch: dict) -> dict:
        from marsad.engine.shards import process_shard

        reports = [process_shard(pickle.loads(blob), self.directory, self.published) for blob in batch["shard"]]
        return {"report": [pickle.dumps(r) for r in reports]}


def run_ray_shards(shards: list, directory: str, published: str | None = None, workers: int = 2,
                   address: str | None = None) -> Iterator:
    """The Ray engine over shards: only shard descriptors (file names) travel; workers read the inputs
    themselves and write Parquet; a dead actor is restarted and its shard redone."""
    ray = _init(workers, address)
    if not shards:
        return
    dataset = ray.data.from_items([{"shard": pickle.dumps(s)} for s in shards], override_num_blocks=len(shards))
    reports = dataset.map_batches(
        _ShardProcessor, fn_constructor_args=(directory, published), batch_size=1, concurrency=workers,
        num_cpus=1, **RETRIES,
    )
    for row in reports.iter_rows():
        yield pickle.loads(row["report"])

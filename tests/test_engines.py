"""Engines: the local process pool and a real local Ray cluster code the same events."""
import json
import zipfile

import pytest

from marsad.engine.local import Failure, run_local
from marsad.sources.files import record_to_document


@pytest.fixture(scope="module")
def documents(shared):
    zpath = sorted((shared / "corpus" / "saudinewsnet" / "zips").glob("*.zip"))[1]
    with zipfile.ZipFile(zpath) as z:
        articles = [a for a in json.loads(z.read(z.namelist()[0])) if (a.get("content") or "").strip()][:200]
    return [record_to_document(a, f"snn:{i}") for i, a in enumerate(articles)]


def _events(results):
    return sorted(e.event_id for r in results if not isinstance(r, Failure) for e in r.events)


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_local_pool_equals_one_process(documents):
    import gc

    assert _events(run_local(documents, None, 1)) == _events(run_local(documents, None, 2))
    assert gc.get_freeze_count() == 0  # the pool froze the loaded pipeline for its workers only


def test_ray_equals_local(documents, ray_cluster):
    from marsad.engine.ray_engine import run_ray

    local = _events(run_local(documents, None, 1))
    assert local and _events(run_ray(documents, None, workers=2)) == local


def test_ray_survives_a_killed_worker(documents, ray_cluster):
    import os
    import signal

    import psutil

    from marsad.engine.ray_engine import run_ray

    results = []
    killed = None
    for r in run_ray(documents, None, workers=2, batch_size=4):
        results.append(r)
        if killed is None and len(results) == 20:
            workers = [p for p in psutil.process_iter(["pid", "cmdline"])
                       if "MapWorker" in " ".join(p.info["cmdline"] or [])]
            assert workers, "no Ray map worker process found"
            killed = workers[0].info["pid"]
            os.kill(killed, signal.SIGKILL)  # the worker process dies mid-run
    assert killed and len(results) == len(documents)
    assert _events(results) == _events(run_local(documents, None, 1))


def _shard_events(directory) -> list[str]:
    import pyarrow.parquet as pq

    return sorted(e for f in sorted((directory / "events").glob("*.parquet")) for e in pq.read_table(f).column("event_id").to_pylist())


def test_ray_shards_equal_local_shards_with_a_killed_worker(shared, ray_cluster, tmp_path):
    """Ray reads the shards itself and writes Parquet; a worker killed mid-run is replaced, its shard redone."""
    import os
    import signal
    import threading
    import time

    import psutil

    from marsad.engine.ray_engine import run_ray_shards
    from marsad.engine.shards import completed, plan_shards, run_shards_local

    zpath = sorted((shared / "corpus" / "saudinewsnet" / "zips").glob("*.zip"))[1]
    with zipfile.ZipFile(zpath) as z:
        articles = [a for a in json.loads(z.read(z.namelist()[0])) if (a.get("content") or "").strip()][:200]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(8):
        with open(inputs / f"part-{i}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in articles[i * 25:(i + 1) * 25])
    shards, _ = plan_shards([str(inputs)])
    list(run_shards_local(shards, str(tmp_path / "local"), None, workers=1))
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            workers = [p for p in psutil.process_iter(["pid", "cmdline"]) if "MapWorker" in " ".join(p.info["cmdline"] or [])]
            if workers and len(completed(tmp_path / "ray")) >= 1:
                killed.append(workers[0].info["pid"])
                os.kill(killed[0], signal.SIGKILL)
            time.sleep(0.2)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    reports = list(run_ray_shards(shards, str(tmp_path / "ray"), None, workers=2))
    killer.join()
    assert killed, "no Ray worker was killed"
    assert len(reports) == len(shards) and set(completed(tmp_path / "ray")) == {s.slot for s in shards}
    assert _shard_events(tmp_path / "ray") == _shard_events(tmp_path / "local") != []


def test_events_do_not_depend_on_the_processs_string_hashing(shared, tmp_path):
    """Ray workers and local workers are separate processes, each with its own string hash seed: an article with
    two parties of one state (the UN envoy to Syria) once came out with a different recipient text in one of them."""
    import os
    import subprocess
    import sys

    zpath = sorted((shared / "corpus" / "saudinewsnet" / "zips").glob("*.zip"))[1]
    with zipfile.ZipFile(zpath) as z:
        article = next(a for a in json.loads(z.read(z.namelist()[0])) if "دي مستورا طهران" in (a.get("content") or ""))
    source = tmp_path / "article.jsonl"
    source.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    outputs = []
    for seed in ("1", "5"):
        out = tmp_path / f"events_{seed}.jsonl"
        subprocess.run([sys.executable, "-m", "marsad.cli", "extract", str(source), "-o", str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        outputs.append(sorted(json.loads(line)["event_id"] for line in out.read_text(encoding="utf-8").splitlines()))
    assert outputs[0] and outputs[0] == outputs[1]

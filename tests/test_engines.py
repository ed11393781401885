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
    assert _events(run_local(documents, None, 1)) == _events(run_local(documents, None, 2))


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

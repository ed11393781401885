"""bench/place_stage_cv.py's per-type report (--by-type): the shares it prints come from its counts."""

import importlib.util
from collections import Counter
from pathlib import Path


def _bench_module():
    path = Path(__file__).resolve().parents[1] / "bench" / "place_stage_cv.py"
    spec = importlib.util.spec_from_file_location("place_stage_cv", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_per_type_report_splits_right_choices_by_place_and_none():
    counts = Counter({
        ("ACCUSE", "chose a place"): 4, ("ACCUSE", "chose a place", "right"): 1,
        ("ACCUSE", "chose none"): 16, ("ACCUSE", "chose none", "right"): 15, ("ACCUSE", "gold place"): 5,
        ("ASSAULT", "chose a place"): 30, ("ASSAULT", "chose a place", "right"): 24, ("ASSAULT", "gold place"): 29,
    })
    header, first, second = _bench_module()._by_type_table(counts).splitlines()
    assert header.split()[:2] == ["type", "events"]
    # the larger type first; ASSAULT: 30 events, 24 right, 29 gold places, never none
    assert first.split() == ["ASSAULT", "30", "0.800", "0.97", "30", "0.800", "0", "0.000"]
    # ACCUSE: 16 of 20 right, a quarter placed by the gold, placed choices right 1 in 4, none right 15 in 16
    assert second.split() == ["ACCUSE", "20", "0.800", "0.25", "4", "0.250", "16", "0.938"]

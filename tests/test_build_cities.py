"""tools/build_cities.py: a city's Arabic label that names another state, or a province of another state, is dropped
(Wikidata labels are sometimes wrong: "خيبر بختونخوا" for Sarh in Chad, "ألاباما" for Bama in Nigeria)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import build_cities  # noqa: E402


def test_a_label_naming_another_states_province_is_dropped():
    others = {**build_cities.region_names(), **build_cities.state_names()}
    assert build_cities.without_other_states(["خيبر بختونخوا", "سارح"], "TCD", others) == ["سارح"]
    assert build_cities.without_other_states(["ألاباما"], "NGA", others) == []
    # a province's name kept for a city of the same state (Bauchi, capital of Bauchi State)
    assert build_cities.without_other_states(["ولاية بورنو"], "NGA", others) == ["ولاية بورنو"]
    assert build_cities.without_other_states(["أرمينيا"], "COL", others) == []  # a state's name

"""PLOVER types and their CAMEO codes: a record never carries another type's code."""
import csv
from pathlib import Path

from marsad.events.ontology import CAMEO_ROOT, EVENT_TYPES, cameo_for

TRIGGERS = Path(__file__).parents[1] / "src/marsad/knowledge/data/triggers.tsv"


def test_a_retyped_event_takes_its_own_types_cameo_root():
    assert cameo_for("CONSULT", "CONSULT", "042") == "042"  # the lexicon row's own, finer code
    assert cameo_for("ASSAULT", "COERCE", "173") == "180"  # re-typed by the learned coder: not "173" (arrest)
    assert cameo_for("ASSAULT", None, None) == "180"  # a learned trigger form has no row
    assert set(CAMEO_ROOT) == set(EVENT_TYPES)


def test_every_lexicon_cameo_code_is_a_cameo_code():
    """Written as 3 or 4 digits whose first two are a CAMEO root 01-20 (the lexicon once had "345")."""
    with TRIGGERS.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    codes = [r[5] for r in rows if len(r) > 5 and r[5]]
    assert len(codes) > 50
    bad = [c for c in codes if not (c.isdigit() and 3 <= len(c) <= 4 and 1 <= int(c[:2]) <= 20)]
    assert bad == []

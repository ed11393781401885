"""PLOVER's quad classes: each event type is verbal or material, cooperation or conflict.

The grouping is PLOVER's own (openeventdata/PLOVER, README "PLOVER quad categories"), with marsad's
names for two types: REQUEST is PLOVER's DEMAND and ACCUSE its DISAPPROVE. The charts colour the network's
links and the timeline's cooperation–conflict view by it; /api/network and /api/timeline send it; the GDELT-like
export (marsad.export) falls back on it for an event without a CAMEO code. Here, outside the web package, so
that the exports need no web code; marsad.web.quad re-exports it.
"""

from __future__ import annotations

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")

TYPE_QUAD: dict[str, str] = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation",
    "COOPERATE": "material_cooperation", "AID": "material_cooperation", "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict", "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict",
    "SANCTION": "verbal_conflict",
    "PROTEST": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict", "ASSAULT": "material_conflict",
}


def quad_of(event_type: str | None) -> str | None:
    """The quad class of a PLOVER type; None for a type PLOVER does not know."""
    return TYPE_QUAD.get((event_type or "").upper())


def dominant(counts: dict[str, int]) -> str | None:
    """The quad class with the most stories; ties go to the more conflictual class (material conflict first)."""
    best = max(QUADS[::-1], key=lambda q: counts.get(q, 0))
    return best if counts.get(best, 0) > 0 else None

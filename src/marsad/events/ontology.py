"""The PLOVER event types marsad codes, and the CAMEO code each falls back to.

A record carries the CAMEO code of the lexicon row that triggered it. When the type differs from the
row's (the learned coder re-typed the trigger, an analyst corrected it), the record gets the nearest
CAMEO root of its type instead, so that CAMEO users never read another type's code.
"""

from __future__ import annotations

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
CAMEO_ROOT = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060", "AID": "070",
              "RETREAT": "087", "REQUEST": "020", "ACCUSE": "112", "REJECT": "120", "THREATEN": "130",
              "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170", "ASSAULT": "180"}


def cameo_for(event_type: str, trigger_type: str | None, trigger_cameo: str | None) -> str | None:
    """The trigger row's code when the event keeps the row's type, else the type's CAMEO root."""
    if event_type == trigger_type and trigger_cameo:
        return trigger_cameo
    return CAMEO_ROOT.get(event_type)

"""Tag sets: ANERcorp (PERS/LOC/ORG/MISC) and NewsFANE's fine types, mapped to PER/LOC/ORG/MISC.

NewsFANE's fine types also tell an organisation's sector (Police → COP, Government → GOV …): the
model keeps the fine type of a span so actor resolution can propose a sector for an unknown agency.
"""

from __future__ import annotations

_COARSE = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_FINE_TO_COARSE = {
    **dict.fromkeys(["Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist", "Businessperson",
                     "Lawyer", "Engineer", "Police_PER", "Military_PER"], "PER"),
    **dict.fromkeys(["Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "Continent",
                     "County-or-District", "Water-Body", "Land", "Land-Region-Natural", "Celestial", "Water",
                     "Building-Grounds", "Path", "Airport", "Subarea-Facility"], "LOC"),
    **dict.fromkeys(["Non-Governmental", "Sports", "Group", "Government", "Media", "Commercial", "Educational",
                     "Police", "Military", "Medical-Science", "Entertainment", "Religious_ORG"], "ORG"),
}
FINE_SECTOR = {"Government": "GOV", "Police": "COP", "Military": "MIL", "Politician": "GOV", "Group": "OPP",
               "Media": "MED", "Commercial": "BUS", "Educational": "EDU", "Religious_ORG": "REL",
               "Religious_PER": "REL", "Medical-Science": "HLH", "Businessperson": "BUS", "Non-Governmental": "NGO"}


def coarse_tag(tag: str) -> str:
    """B-PERS → B-PER, B-Politician → B-PER, O → O; unknown fine types become MISC."""
    if tag == "O" or len(tag) < 3 or tag[1] != "-":
        return "O"
    prefix, kind = tag[:2], tag[2:]
    return prefix + (_COARSE.get(kind) or _FINE_TO_COARSE.get(kind, "MISC"))

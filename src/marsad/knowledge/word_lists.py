"""Word lists read by the coder and the resolver (knowledge/data/word_lists.tsv), normalised.

Each list has an id ("coder.negators", "places.directions") so that code names what it needs and an
analyst can extend a list without touching Python."""

from __future__ import annotations

from functools import lru_cache

from marsad.arabic.normalize import normalize
from marsad.knowledge.base import _rows


@lru_cache(maxsize=1)
def _all_lists() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for row in _rows("word_lists.tsv"):
        list_id, words = row[0], row[1] if len(row) > 1 else ""
        out[list_id] = frozenset(normalize(w) or w for w in words.split("|") if w)
    return out


def word_list(list_id: str) -> frozenset[str]:
    """The normalised words of one list; a missing id is a programming error, not an empty list."""
    try:
        return _all_lists()[list_id]
    except KeyError:
        raise KeyError(f"word_lists.tsv has no list {list_id!r}") from None

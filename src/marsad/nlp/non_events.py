"""Trigger words that, where they stand, report no event: read by the rule triggers and the learned ones alike."""

from __future__ import annotations

from collections.abc import Sequence

from marsad.knowledge.word_lists import word_list

_DIVINE = word_list("triggers.divine_objects")
_KUNYA = word_list("triggers.kunya")
_OTHER_NOUN_AFTER_PREPOSITION = word_list("triggers.other_noun_after_preposition")


def not_an_event(etype: str, start: int, end: int, norms: Sequence[str]) -> bool:
    """A call on God is a prayer, not a request ("ودعا المولى أن يحفظ", "دعا الله له بالشفاء"), a trigger word
    after a kunya is a name ("محمد أبو طالب"), and a few trigger verbs after ب or ك are another noun ("بدافع")."""
    if start > 0 and norms[start - 1] in _KUNYA:
        return True
    if end - start == 1 and norms[start][:1] in ("ب", "ك") and norms[start][1:] in _OTHER_NOUN_AFTER_PREPOSITION:
        # "بدافع الانتقام" (out of revenge) is not "دافع" (defended), "بثمن" (for a price) not "ثمن" (praised); most
        # verbs after ب are their verbal noun and stay events ("بقصف", "بخطف": session 57 had filtered every verb
        # after ب and lost such an attack held out)
        return True
    if etype == "REQUEST":
        return any(n in _DIVINE or n[1:] in _DIVINE for n in norms[end:end + 3])
    return False

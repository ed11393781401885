"""Events the article tells again: GUIDELINE.md codes an event once, in its clearest sentence.

"وفي ختام اللقاء طلب الرئيس السيسي نقل تحياته إلى أخيه خادم الحرمين", "ونقل معاليه خلال الاستقبال تحيات …": a
definite meeting noun after "at the end of / during / at the start of" is the meeting an earlier sentence told,
and the parties the stages find around it are those of the greetings conveyed, not of the meeting. Over session 33's
five CV fold models (8,868 articles), such CONSULT drafts with a CONSULT draft in an earlier sentence: 21 dropped, 1
of them right (F1 0.5890 → 0.5898).
"""

from __future__ import annotations

from spacy.tokens import Doc

from marsad.events.coder import Draft
from marsad.events.records import _strip_and
from marsad.knowledge.word_lists import word_list

_TOLD_BEFORE = word_list("coder.told_before")


def meeting_told_again(doc: Doc, draft: Draft, drafts: list[Draft]) -> bool:
    if draft.type != "CONSULT" or draft.trigger.start == 0:
        return False
    norms = doc._.norms
    noun, before = _strip_and(norms[draft.trigger.start]), _strip_and(norms[draft.trigger.start - 1])
    return (noun.startswith("ال") and before in _TOLD_BEFORE
            and any(d.type == "CONSULT" and d.sentence < draft.sentence for d in drafts))


def without_meetings_told_again(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    return [d for d in drafts if not meeting_told_again(doc, d, drafts)]

"""The meeting an article tells again ("وفي ختام اللقاء …") is not a second event (GUIDELINE.md: code it once)."""

from __future__ import annotations

from dataclasses import replace

from marsad.events.learned.repeats import without_meetings_told_again
from marsad.nlp.pipeline import analyze, build_nlp


def _doc_and_meeting():
    text = ("استقبل وزير الخارجية السعودي عادل الجبير أمس وزير الخارجية المصري سامح شكري.\n"
            "وفي ختام اللقاء طلب الوزير المصري نقل تحياته إلى خادم الحرمين الشريفين.\n"
            "وعقد الوزير اللقاء الثاني مع نظيره الأردني.")
    doc = analyze(text, "2015-08-02", "SAU", nlp=build_nlp("rules"))
    meeting = next(d for d in doc.user_data["marsad_rule_drafts"] if d.type == "CONSULT" and d.sentence == 0)
    return doc, meeting


def _told_at(doc, meeting, word: str, occurrence: int = 0):
    """The meeting's draft moved onto the `occurrence`-th token `word` (its sentence with it)."""
    i = [t.i for t in doc if t.text == word][occurrence]
    return replace(meeting, trigger=replace(meeting.trigger, start=i, end=i + 1), sentence=doc._.sentence_of[i])


def test_a_definite_meeting_noun_after_at_the_end_of_is_the_meeting_told_before():
    doc, meeting = _doc_and_meeting()
    again = _told_at(doc, meeting, "اللقاء")
    assert again.sentence > meeting.sentence
    assert without_meetings_told_again(doc, [meeting, again]) == [meeting]
    # with no meeting told before it, it is the article's own telling
    assert without_meetings_told_again(doc, [again]) == [again]
    # a meeting noun with no "at the end of / during" before it is another meeting
    other = _told_at(doc, meeting, "اللقاء", occurrence=1)
    assert without_meetings_told_again(doc, [meeting, other]) == [meeting, other]
    # only meetings: another type at the same word stays
    assert without_meetings_told_again(doc, [meeting, replace(again, type="SUPPORT")]) == [meeting, replace(again, type="SUPPORT")]

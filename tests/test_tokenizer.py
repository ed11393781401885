"""Punctuation glued to Arabic words is split off (nlp.tokenizer), abbreviations and addresses are not."""

import pytest

from marsad.nlp.pipeline import analyze, build_nlp


@pytest.mark.parametrize(("text", "tokens"), [
    ("قتل المدنيين.وقال الوزير", ["قتل", "المدنيين", ".", "وقال", "الوزير"]),
    ("المساعدات ” .وأشاد بهم", ["المساعدات", "”", ".", "وأشاد", "بهم"]),
    ("مبينًا.من جهة", ["مبينًا", ".", "من", "جهة"]),
    ("الخليجية،كما أكد", ["الخليجية", "،", "كما", "أكد"]),
    ("التركي!!يوم", ["التركي", "!!", "يوم"]),
    ("وقال:(إيران", ["وقال", ":", "(إيران"]),
    # abbreviations, spelled-out acronyms, numbers and web addresses stay whole
    ("قال د.محمد", ["قال", "د.محمد"]),
    ("قناة بي.بي.سي", ["قناة", "بي.بي.سي"]),
    ("وكالة دي.إيه.إن", ["وكالة", "دي.إيه.إن"]),
    ("في 21.10.1436هـ", ["في", "21.10.1436هـ"]),
    ("موقع www.spa.gov.sa", ["موقع", "www.spa.gov.sa"]),
])
def test_glued_punctuation(text: str, tokens: list[str]) -> None:
    assert [t.text for t in build_nlp().make_doc(text)] == tokens


def test_a_full_stop_glued_to_the_next_word_ends_the_sentence_and_frees_its_trigger() -> None:
    doc = analyze("استقبل الوزير السفير في الرياض ” .وأشاد بجهود المملكة", "2015-07-01")
    i = next(t.i for t in doc if t.text == "وأشاد")
    assert doc._.sentence_of[i] != doc._.sentence_of[0]
    assert doc[i].idx == doc.text.index("وأشاد")  # offsets kept
    assert any(doc[h.start].text == "وأشاد" for h in doc._.trigger_hits)

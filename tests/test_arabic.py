from marsad.arabic.clitics import inflection_stem, prefix_variants, word_variants
from marsad.arabic.normalize import normalize, normalize_with_offsets, to_original_span
from marsad.nlp.pipeline import analyze


def test_normalize_folds_variants():
    assert normalize("إسبانيا") == normalize("اسبانيا")
    assert normalize("المملكة") == "المملكه"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("الـمغرب") == "المغرب"
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("١٤٣٦") == "1436"


def test_offsets_survive_folding():
    text = "زار الـوزيرُ الرباطَ"
    folded, offsets = normalize_with_offsets(text)
    i = folded.index("الرباط")
    start, end = to_original_span(offsets, i, i + len("الرباط"))
    assert text[start:end].startswith("الرباط")



def test_offsets_skip_every_dropped_character_and_an_old_hamza_after_ya():
    # a zero-width space, direction marks, a soft hyphen, a tag character, tatweel and a shadda: all dropped
    text = "قال\u200b الـوز\u0651ير\u200f شىء\u00ad اليوم\U000e0001 ﻻ"
    folded, offsets = normalize_with_offsets(text)
    assert folded == "قال الوزير شي اليوم لا"
    assert len(offsets) == len(folded) + 1 and offsets[-1] == len(text)
    for word in ("الوزير", "شي", "اليوم"):
        i = folded.index(word)
        start, end = to_original_span(offsets, i, i + len(word))
        assert normalize(text[start:end]) == word

def test_clitics():
    assert "الرباط" in prefix_variants(normalize("بالرباط"))
    assert "بلجيكا" in prefix_variants(normalize("وبلجيكا"))
    assert "الامن" in prefix_variants(normalize("للأمن"))
    assert normalize("إدانة") in word_variants(normalize("إدانتهما"))


def test_sentences_do_not_break_on_abbreviation_or_decimal():
    doc = analyze("التقى د. محمد بنظيره وبلغت القيمة 3.5 مليون. ثم غادر.", "2024-01-01")
    sentences = {s for s in doc._.sentence_of}
    assert len(sentences) == 2


def test_gazetteer_matches_through_clitics():
    doc = analyze("وصل الوزير بالرباط ثم زار وبلجيكا للأمن الوطني", "2024-01-01")
    labels = {(doc[h.start:h.end].text, h.label) for h in doc._.hits}
    assert ("بالرباط", "CAPITAL") in labels or ("بالرباط", "PLACE") in labels
    assert ("وبلجيكا", "COUNTRY") in labels
    assert any(h.label == "ORG" and doc[h.start:h.end].text.startswith("للأمن") for h in doc._.hits)


def test_hamza_on_the_line_after_ya_is_the_older_spelling_of_ya_hamza():
    from marsad.arabic.normalize import normalize, normalize_with_offsets, to_original_span

    assert normalize("الطوارىء") == normalize("الطوارئ") == "الطواري"
    assert normalize("شىء") == normalize("شيء")
    assert normalize("ماء") == "ماء" and normalize("وزراء") == "وزراء"  # after alif the hamza stays
    text = "مسجد قوات الطوارىء بأبها"
    folded, offsets = normalize_with_offsets(text)
    start = folded.index("بابها")
    assert text[slice(*to_original_span(offsets, start, start + 5))] == "بأبها"


def test_inflection_stem_strips_one_verb_or_plural_ending():
    assert inflection_stem(normalize("قتلوا")) == "قتل"
    assert inflection_stem(normalize("المتظاهرين")) == "المتظاهر"
    assert inflection_stem(normalize("اجتماعات")) == "اجتماع"
    assert inflection_stem(normalize("التقتا")) == "التق"
    assert inflection_stem("بيت") == "بيت"  # no three letters would remain
    assert inflection_stem("اعتقل") == "اعتقل"


def test_presentation_forms_fold_like_the_letters_they_draw():
    # some sites and PDFs emit contextual glyphs instead of letters: "ﺍﻟﺤﻮﺛﻴﻴﻦ" is "الحوثيين"
    assert normalize("ﺍﻟﺤﻮﺛﻴﻴﻦ") == normalize("الحوثيين")
    assert normalize("ﻻ") == "لا" and normalize("ﷲ") == "الله"
    text = "قال ﺍﻟﺤﻮﺛﻴﻴﻦ ﷲ"
    folded, offsets = normalize_with_offsets(text)
    start = folded.index("الحوثيين")
    assert text[slice(*to_original_span(offsets, start, start + len("الحوثيين")))] == "ﺍﻟﺤﻮﺛﻴﻴﻦ"
    doc = analyze("أدانت المملكة هجوم ﺍﻟﺤﻮﺛﻴﻴﻦ على القرى الحدودية.", "2015-08-02", "SAU")
    assert any(h.entry is not None and h.entry.group == "HOUTHI" for h in doc._.hits)

"""Older newswire of other outlets, second source (NewsFANE): the clitic-split corpus rebuilt as text and cut into
passages, and annotated sets that name passages by their sentence ranges."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.events.learned.annotated import load_annotated
from marsad.events.learned.newsfane import join_tokens, newsfane_documents, passages, read_sentences


@pytest.mark.parametrize(("tokens", "text"), [
    ("و قال ان ه يتوقع ل تصل الي ه .", "وقال انه يتوقع لتصل اليه."),
    ("ارباح ها و زوجة ه و علي ه", "ارباحها وزوجته وعليه"),
    ("ل الحكومة ( د ب ا ) اعلن", "للحكومة (د ب ا) اعلن"),  # ل + ال; an agency's initials stay apart
    ("وجه ك ، ك ما قال اختر ت", "وجهك، كما قال اخترت"),  # ك suffixed after a word, the proclitic before ما
    ("قال ء ستكون", 'قال " ستكون'),  # a lone hamza is a quotation mark
])
def test_clitics_are_glued_as_written(tokens: str, text: str):
    assert join_tokens(tokens.split()) == text


def test_the_corpus_is_cut_into_passages_at_article_starts(shared: Path):
    sentences = read_sentences(shared / "ner" / "newsfane")
    cuts = passages(sentences)
    assert cuts[0] == (0, 7)  # the car-industry report ends where the Nokia one begins
    assert all(b >= a for a, b in cuts) and [a for a, _ in cuts[1:]] == [b + 1 for _, b in cuts[:-1]]
    assert cuts[-1][1] == len(sentences) - 1  # every sentence in exactly one passage
    assert "\u200e" not in newsfane_documents(shared / "ner" / "newsfane", ["0-7"])["0-7"]["content"]


def test_an_annotated_set_names_its_newsfane_passages(shared: Path, tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "manifest.tsv").write_text("doc_id\tbatch\tnewsfane_sentences\tselection\nnf-x1\t1\t0-7\ttopic\n",
                                           encoding="utf-8")
    (tmp_path / "gold" / "nf-x1.json").write_text(json.dumps({"doc_id": "nf-x1", "published": None, "events": []}))
    with pytest.raises(ValueError, match="--newsfane"):
        load_annotated([tmp_path])
    [item] = load_annotated([tmp_path], newsfane=shared / "ner" / "newsfane")
    assert item.article["published"] is None and item.article["title"] == "" and item.source == "newsfane"
    assert item.article["content"].startswith("فرانكفورت (د ب ا) اعلن اتحاد صناعة السيارات")
    with pytest.raises(ValueError, match="not a range"):
        newsfane_documents(shared / "ner" / "newsfane", ["7-3"])

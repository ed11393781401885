"""Older newswire from other outlets (UD PADT): the treebank's documents rebuilt as text, and annotated sets that
name them (issue 10's held-back older newswire, measured on a set of our own)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.events.learned.annotated import load_annotated
from marsad.events.learned.padt import join_tokens, padt_documents


def test_clitics_are_glued_as_written():
    tokens = [("وَ", "CONJ", "_"), ("قَالَ", "VERB", "_"), ("لِ", "ADP", "_"), ("اَلحُكُومَةِ", "NOUN", "_"),
              ("إِنَّ", "SCONJ", "_"), ("مَجمُوعَةَ", "NOUN", "_"), ("هَا", "PRON", "Case=Gen|PronType=Prs"),
              ("عَلَى", "ADP", "_"), ("هِ", "PRON", "Case=Gen|PronType=Prs"), ("سَ", "AUX", "_"), ("تُغَادِرُ", "VERB", "_"),
              ("هُوَ", "PRON", "Case=Nom|PronType=Prs"), (".", "PUNCT", "_")]
    assert join_tokens(tokens) == "وقال للحكومة إن مجموعتها عليه ستغادر هو."


def test_the_treebank_gives_whole_dated_articles(shared: Path):
    docs = padt_documents(shared / "ud" / "padt-v1.3")
    assert len(docs) == 153
    doc = docs["AFP_ARB_20000715.0021"]
    assert doc["published"] == "2000-07-15"
    assert "وبحسب موقع" in doc["content"] and "\u064e" not in doc["content"]  # clitics glued, no diacritics


def test_an_annotated_set_names_its_padt_documents(shared: Path, tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "manifest.tsv").write_text("doc_id\tbatch\tpadt_doc\npadt-x1\t1\tAFP_ARB_20000715.0021\n", encoding="utf-8")
    (tmp_path / "gold" / "padt-x1.json").write_text(json.dumps({"doc_id": "padt-x1", "published": "2000-07-15", "events": []}))
    with pytest.raises(ValueError, match="--padt"):
        load_annotated([tmp_path])
    [item] = load_annotated([tmp_path], padt=shared / "ud" / "padt-v1.3")
    assert item.article["published"] == "2000-07-15" and "دياجيو" in item.article["content"]
    assert item.source == "padt"

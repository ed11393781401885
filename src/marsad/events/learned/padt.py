"""Older newswire from other outlets: the news articles of the Prague Arabic Dependency Treebank (UD PADT v1.3
dev and test; AFP, Xinhua, Al-Hayat, An-Nahar, Ummah and others, 2000–2004), rebuilt as plain text.

The treebank stores vocalised, clitic-split tokens and no spacing, so the text is rebuilt: diacritics dropped,
proclitics (و ف ب ل ك س) glued to the next word (ل + ال → لل), suffixed pronouns to the word before (ة → ت,
ى → ي before them), closing punctuation to the word before. The rebuilding is deterministic, so gold spans
annotated on it stay valid. The treebank is read in place (CC BY-NC-SA 3.0); nothing of it is copied.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from marsad.events.learned.clitic_join import attach_suffix, attach_to_proclitic

FILES = ("ar-ud-dev.conllu", "ar-ud-test.conllu")
_DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
_PROCLITICS = frozenset("وفبلكس")
_PROCLITIC_TAGS = frozenset({"ADP", "CONJ", "CCONJ", "AUX", "PART", "SCONJ", "X", "ADV"})
_CLOSING = frozenset(".،,:؛؟!)»")
_DOC_DATE = re.compile(r"_(\d{4})(\d{2})(\d{2})\.")


def _plain(form: str) -> str:
    return _DIACRITICS.sub("", form).replace("ٱ", "ا")


def _suffixed_pronoun(upos: str, feats: str) -> bool:
    return upos == "PRON" and "PronType=Prs" in feats and ("Case=Gen" in feats or "Case=Acc" in feats)


def join_tokens(tokens: list[tuple[str, str, str]]) -> str:
    """(form, upos, feats) tokens of one sentence → the sentence as it was written."""
    out: list[str] = []
    glue_next = False
    for raw, upos, feats in tokens:
        form = _plain(raw)
        if not form:
            continue
        if out and not glue_next and _suffixed_pronoun(upos, feats):
            out[-1] = attach_suffix(out[-1], form)
            continue
        if glue_next and out:
            out[-1] = attach_to_proclitic(out[-1], form)
        elif form in _CLOSING and out:
            out[-1] += form
        else:
            out.append(form)
        glue_next = (form in _PROCLITICS and upos in _PROCLITIC_TAGS) or form in ("(", "«")
    return " ".join(out)


def padt_documents(ud_dir: Path) -> dict[str, dict[str, Any]]:
    """PADT document name (AFP_ARB_20000715.0021) → {"published", "content"}: its sentences in order, one per
    line. The publication date is the one in the document's name."""
    sentences: dict[str, dict[int, str]] = defaultdict(dict)
    for name in FILES:
        path = Path(ud_dir) / name
        if not path.exists():
            raise ValueError(f"{path}: no such file (give the UD PADT v1.3 directory)")
        where, tokens = None, []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if line.startswith("# orig_file_sentence"):
                where = line.split()[-1]
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) == 10 and cols[0].isdigit():
                    tokens.append((cols[1], cols[3], cols[5]))
            elif not line:
                if where and tokens:
                    doc, _, n = where.partition("#")
                    sentences[doc][int(n)] = join_tokens(tokens)
                where, tokens = None, []
    out = {}
    for doc, by_number in sentences.items():
        m = _DOC_DATE.search(doc)
        out[doc] = {"published": f"{m[1]}-{m[2]}-{m[3]}" if m else None,
                    "content": "\n".join(by_number[n] for n in sorted(by_number))}
    return out

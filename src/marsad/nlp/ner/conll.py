"""CoNLL-style NER files: one token and its BIO tag per line, blank lines between sentences.

Copes with what real files carry: a byte-order mark, CRLF line ends, U+200E marks before tokens,
-DOCSTART- lines, tabs or spaces, and files without blank lines (NewsFANE), which are split into
sentences at sentence-final punctuation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\ufeff\u200b\u202a\u202b\u202c"), None)
_SENTENCE_END = {".", "!", "?", "؟"}


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]


def read_conll(path: str | Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    saw_blank = False

    def flush() -> None:
        nonlocal tokens, tags
        if tokens:
            sentences.append(Sentence(tokens, tags))
        tokens, tags = [], []

    with open(path, encoding="utf-8-sig", newline=None) as fh:
        for raw in fh:
            line = raw.translate(_INVISIBLE).strip()
            if not line:
                saw_blank = True
                flush()
                continue
            if line.startswith("-DOCSTART-"):
                flush()
                continue
            parts = line.split("\t") if "\t" in line else line.split()
            if len(parts) < 2:
                continue
            token, tag = parts[0].strip(), parts[-1].strip()
            if not token:
                continue
            tokens.append(token)
            tags.append(tag)
    flush()
    if not saw_blank:  # one long block: split it into sentences
        split: list[Sentence] = []
        for s in sentences:
            start = 0
            for i, tok in enumerate(s.tokens):
                if tok in _SENTENCE_END and not s.tags[i].startswith("I-"):
                    split.append(Sentence(s.tokens[start:i + 1], s.tags[start:i + 1]))
                    start = i + 1
            if start < len(s.tokens):
                split.append(Sentence(s.tokens[start:], s.tags[start:]))
        sentences = split
    return sentences


def file_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

"""Older newswire of other outlets, second source: the NewsFANE gold corpus (Alotaibi & Lee 2014; the ANERcorp
newswire of about 2002–2007 — DPA, Reuters, AFP, Al-Jazeera and Arab papers — in its original order), rebuilt as
plain text passages.

The corpus is one token per line, clitics split off ("ان ه", "و قال", "ارباح ها"), sentences separated by blank
lines, with no article boundaries. So the text is rebuilt: proclitics glued to the next word (ل + ال → لل),
suffixed pronouns and verb endings to the word before (ة → ت, ى → ي before them), closing punctuation to the word
before; and the sentences are cut into passages of consecutive sentences (`passages`), at datelines ("كراتشي (
رويترز )") where there are some, else where a sentence opens without a connective and shares few words with the
sentences before it. A passage may hold the end of one article and the start of the next; it has no title and no
publication date. The rebuilding is deterministic, so gold spans annotated on it stay valid. The corpus is read in
place (CC BY-SA 3.0); nothing of it is copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.events.learned.clitic_join import attach_suffix, attach_to_proclitic

FILE_NAME = "NewsFANE_Gold_2014_170K.txt"
_SUFFIXES = frozenset({"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ي", "ت", "ن"})
_PROCLITICS = frozenset("وفلبسا")
_CLOSING = frozenset(".،,:؛؟!)%")
_CONNECTIVES = ("و", "ف", "ثم", "كما", "لكن", "الا", "غير", "بل", "اما", "حيث", "اذ")
_MIN_SENTENCES, _MAX_SENTENCES = 4, 20


def _is_word(token: str) -> bool:
    return token[:1].isalpha()


def join_tokens(tokens: list[str]) -> str:
    """Clitic-split tokens of one sentence → the sentence as it would be written."""
    out: list[str] = []
    glue_next = False
    for i, token in enumerate(tokens):
        token = '"' if token == "ء" else token  # the corpus writes some quotation marks as a lone hamza
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if out and not glue_next and _is_word(out[-1]) and token in _SUFFIXES:
            out[-1] = attach_suffix(out[-1], token)
            continue
        if glue_next and out:
            out[-1] = attach_to_proclitic(out[-1], token)
        elif token in _CLOSING and out:
            out[-1] += token
        elif token == "ك" and out and _is_word(out[-1]) and following != "ما":
            out[-1] += token  # a suffixed "your" (وجه ك); before ما or after punctuation it is the proclitic كما
            continue
        else:
            out.append(token)
        # a lone letter before another lone letter is an abbreviation (د ب ا, ج . م), not a proclitic
        proclitic = (token in _PROCLITICS or token == "ك") and len(following) > 1 and _is_word(following)
        glue_next = proclitic or token == "("
    return " ".join(out)


def read_sentences(path: Path) -> list[list[str]]:
    """The corpus file → its sentences, each a list of tokens (BOM, carriage returns and U+200E marks stripped)."""
    path = Path(path)
    if path.is_dir():
        path = path / FILE_NAME
    if not path.exists():
        raise ValueError(f"{path}: no such file (give ../shared/data/ner/newsfane or its {FILE_NAME})")
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8-sig").replace("\u200e", "").splitlines():
        token = line.split("\t", 1)[0].strip()
        if token:
            current.append(token)
        elif current:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _is_dateline(tokens: list[str]) -> bool:
    return tokens[0] not in _CONNECTIVES and "(" in tokens[1:5] and ")" in tokens[2:9]


def _content_words(tokens: list[str]) -> set[str]:
    return {t for t in tokens if len(t) > 3 and _is_word(t)}


def passages(sentences: list[list[str]]) -> list[tuple[int, int]]:
    """Cut the sentences into passages: (first, last) sentence numbers, inclusive."""
    cuts: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(sentences)):
        tokens, size = sentences[i], i - start
        opens = tokens[0] not in _CONNECTIVES
        recent = set().union(*(_content_words(s) for s in sentences[max(start, i - 4):i]))
        words = _content_words(tokens)
        shift = not words or len(words & recent) / len(words) < 0.12
        if (_is_dateline(tokens) and size >= 2) or (opens and size >= _MIN_SENTENCES and shift) \
                or (opens and size >= _MAX_SENTENCES):
            cuts.append((start, i - 1))
            start = i
    cuts.append((start, len(sentences) - 1))
    return cuts


def passage_text(sentences: list[list[str]], first: int, last: int) -> str:
    return "\n".join(join_tokens(sentences[n]) for n in range(first, last + 1))


def newsfane_documents(path: Path, ranges: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """"first-last" sentence range → {"published": None, "content"}; for the given ranges, or every passage."""
    sentences = read_sentences(path)
    if ranges is None:
        ranges = [f"{a}-{b}" for a, b in passages(sentences)]
    out = {}
    for name in ranges:
        first, _, last = name.partition("-")
        if not (first.isdigit() and last.isdigit() and int(first) <= int(last) < len(sentences)):
            raise ValueError(f"{path}: {name!r} is not a range of its {len(sentences)} sentences")
        out[name] = {"published": None, "content": passage_text(sentences, int(first), int(last))}
    return out

"""Pathological text made harmless before tokenisation, in linear time.

spaCy's tokenizer looks for prefixes and suffixes by searching what is left of a whitespace-free
chunk, so a chunk of n punctuation marks costs n² (10,000 commas took 8 s). No language has such
chunks: a run of more than MAX_PUNCT_RUN punctuation marks is cut to that many, and a whitespace-free
chunk longer than MAX_CHUNK characters (a URL at most) is broken by a space every MAX_CHUNK characters.
Ordinary text is returned unchanged (the same object), so offsets into it stay valid.
"""

from __future__ import annotations

import re

MAX_PUNCT_RUN = 16
MAX_CHUNK = 200

_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
_LONG_CHUNK = re.compile(rf"\S{{{MAX_CHUNK + 1},}}")


def _break(match: re.Match[str]) -> str:
    chunk = match.group(0)
    return " ".join(chunk[i:i + MAX_CHUNK] for i in range(0, len(chunk), MAX_CHUNK))


def tame_runs(text: str) -> str:
    """`text` with over-long punctuation runs cut and over-long whitespace-free chunks broken."""
    if _PUNCT_RUN.search(text):
        text = _PUNCT_RUN.sub(lambda m: m.group(0)[:MAX_PUNCT_RUN], text)
    if _LONG_CHUNK.search(text):
        text = _LONG_CHUNK.sub(_break, text)
    return text

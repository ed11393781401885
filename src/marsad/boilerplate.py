"""Drop site furniture (mailing-list boxes, comment forms, share bars) from scraped plain text.

The patterns live in knowledge/data/boilerplate.txt; a short line matching one is dropped.
Long lines are never dropped: boilerplate is short, article paragraphs are not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.normalize import normalize
from marsad.knowledge.base import DATA

_MAX_BOILERPLATE_CHARS = 160


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    lines = (DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return [re.compile(normalize(ln)) for ln in lines if ln.strip() and not ln.startswith("#")]


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_BOILERPLATE_CHARS:
        return False
    folded = normalize(stripped)
    return any(p.search(folded) for p in _patterns())


# Site furniture glued to the end of the last paragraph: "… رابط الخبر بصحيفة الوئام: <the headline again>"
# (no leading \s*: searched from every position of a line of spaces, that cost n²)
_TRAILING = re.compile(r"رابط الخبر ب(?:صحيفة|موقع)\s.*$")


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """(text without boilerplate lines, the dropped lines)."""
    kept, dropped = [], []
    for line in text.splitlines():
        tail = _TRAILING.search(line)
        if tail and line[: tail.start()].strip():
            dropped.append(line[tail.start():].strip())
            line = line[: tail.start()].rstrip()
        (dropped if is_boilerplate(line) else kept).append(line)
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
    return cleaned, dropped

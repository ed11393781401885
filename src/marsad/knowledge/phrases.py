"""A phrase index over normalised tokens, aware of clitics on the first token.

Entries are token sequences (already normalised). Lookup walks the document's tokens once and
returns, at each position, the longest entry that starts there; the first token may carry
clitics ("بالرباط" finds "الرباط"), later tokens must match exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from marsad.arabic.normalize import normalize

T = TypeVar("T")
_MAX_CACHED_WORDS = 200_000


@dataclass(frozen=True)
class PhraseMatch(Generic[T]):
    start: int  # token index
    end: int  # token index, exclusive
    value: T
    clitic: str  # the prefix that was stripped from the first token ("" if none)


def _clitic(word: str, form: str) -> str:
    """What was stripped from `word` to get `form`: "ب" for بالرباط, "لل" for للأمن."""
    if word.endswith(form):
        return word[: len(word) - len(form)]
    if form.startswith("ال") and word.endswith(form[2:]):
        return word[: len(word) - len(form) + 2]
    return ""


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(phrase).split())


def _longest_entry(norms: Sequence[str], i: int, groups: dict[str, list[tuple[tuple[str, ...], T]]],
                   longer_than: int) -> tuple[tuple[str, ...], T] | None:
    """The longest entry of one first word's groups that matches at `i` and spans more than `longer_than` tokens:
    the entries whose second token is the next word (longest first), then the one-token entry."""
    following = norms[i + 1] if i + 1 < len(norms) else ""
    for group in (groups.get(following, []) if following else [], groups.get("", [])):
        for tail, value in group:
            end = i + 1 + len(tail)
            if end <= len(norms) and end - i > longer_than and tuple(norms[i + 1 : end]) == tail:
                return tail, value
    return None


class PhraseIndex(Generic[T]):
    def __init__(self) -> None:
        # entries by first token, then by second token ("" for one-token entries); each list longest first.
        # Keying the second token matters: "هذه", "ذلك" or "وزير" open hundreds of entries, and a word's
        # next token rules out all but a few of them at once.
        self._by_first: dict[str, dict[str, list[tuple[tuple[str, ...], T]]]] = {}
        self.max_len = 1
        # a word's (form, groups) pairs per variants function: most words open no entry, and words repeat
        self._starts: dict[tuple[str, Callable], tuple[tuple[str, dict], ...]] = {}

    def add(self, phrase: str | Sequence[str], value: T) -> None:
        tokens = phrase_tokens(phrase) if isinstance(phrase, str) else tuple(phrase)
        if not tokens:
            return
        groups = self._by_first.setdefault(tokens[0], {})
        group = groups.setdefault(tokens[1] if len(tokens) > 1 else "", [])
        if any(t == tokens[1:] for t, _ in group):
            return  # first entry wins: files list the preferred reading first
        group.append((tokens[1:], value))
        group.sort(key=lambda item: -len(item[0]))
        self.max_len = max(self.max_len, len(tokens))
        self._starts.clear()

    def _buckets(self, word: str, variants: Callable[[str], Iterable[str]]) -> tuple[tuple[str, dict], ...]:
        key = (word, variants)
        found = self._starts.get(key)
        if found is None:
            if len(self._starts) > _MAX_CACHED_WORDS:
                self._starts.clear()
            found = self._starts[key] = tuple(
                (form, self._by_first[form]) for form in variants(word) if form in self._by_first)
        return found

    def __contains__(self, first: str) -> bool:
        return first in self._by_first

    def match_at(
        self, norms: Sequence[str], i: int, variants: Callable[[str], Iterable[str]]
    ) -> PhraseMatch[T] | None:
        best: PhraseMatch[T] | None = None
        word = norms[i]
        for form, groups in self._buckets(word, variants):
            found = _longest_entry(norms, i, groups, best.end - best.start if best else 0)
            if found is not None:
                best = PhraseMatch(i, i + 1 + len(found[0]), found[1], _clitic(word, form))
        return best

    def find_all(
        self, norms: Sequence[str], variants: Callable[[str], Iterable[str]]
    ) -> list[PhraseMatch[T]]:
        """Longest non-overlapping matches, left to right."""
        out: list[PhraseMatch[T]] = []
        i = 0
        while i < len(norms):
            if not self._buckets(norms[i], variants):
                i += 1
                continue
            m = self.match_at(norms, i, variants)
            if m:
                out.append(m)
                i = m.end
            else:
                i += 1
        return out

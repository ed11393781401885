"""Writing clitic-split tokens back as words, for corpora that store them apart (padt.py, newsfane.py)."""

from __future__ import annotations


def attach_suffix(word: str, suffix: str) -> str:
    """A suffixed pronoun or ending joined to the word before it, as Arabic spells the pair."""
    if word.endswith("ة"):
        word = word[:-1] + "ت"  # مجموعة + ها → مجموعتها
    elif word.endswith("ى"):
        word = word[:-1] + "ي"  # على + ه → عليه
    elif word.endswith("وا"):
        word = word[:-1]  # قتلوا + هم → قتلوهم
    return word + suffix


def attach_to_proclitic(proclitic: str, word: str) -> str:
    """A word joined to the proclitic(s) before it: ل + الحكومة → للحكومة."""
    if proclitic.endswith("ل") and word.startswith("ال"):
        word = word[1:]
    return proclitic + word

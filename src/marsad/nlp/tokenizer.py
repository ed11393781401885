"""Punctuation that scraped Arabic news glues to words, split off by spaCy's Arabic tokenizer.

Scraped text often drops the space after a full stop or an Arabic comma ("المدنيين.وقال", "الخليجية،كما") or
moves it before the mark (" .وأشاد"). spaCy's defaults split such marks only between Latin letters, so the
word after them was one token with the mark: its trigger ("وقال", "وأشاد") went unread and the sentence
boundary was lost. Only the tokenizer changes: every token keeps its offsets in the text.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

_LETTER = "\u0620-\u064a"  # Arabic letters
_WRITTEN = "\u0620-\u0652"  # letters and the short-vowel marks that may end a word ("مبينًا")
_OPENING = "«\"“("

# a mark glued between two words; a full stop only after a word of 4 letters or more (and see _ABBREVIATED)
GLUED_INFIXES = (
    rf"(?<=[{_WRITTEN}])[،؛](?=[{_LETTER}{_OPENING}])",
    rf"(?<=[{_WRITTEN}]{{4}})\.(?=[{_LETTER}{_OPENING}])",
    rf"(?<=[{_WRITTEN}])[!؟?]+(?=[{_LETTER}{_OPENING}])",
    rf"(?<=[{_WRITTEN}]):(?=[{_OPENING}])",
)
_ARABIC_WORDS = re.compile(rf"[{_LETTER}]{{2}}")
# abbreviations and spelled-out acronyms stay one token, as spaCy's address rule kept them
_ABBREVIATED = re.compile(rf"(?:[{_LETTER}]{{1,3}}\.)+[{_LETTER}]+")
# a mark glued to the front of a word (" .وأشاد", "!الهدف")
GLUED_PREFIX = rf"[.،؛:!؟?]+(?=[{_LETTER}])"


def split_glued_punctuation(nlp: Language) -> None:
    """Teach `nlp`'s tokenizer the marks above (in place)."""
    nlp.tokenizer.prefix_search = compile_prefix_regex([GLUED_PREFIX, *nlp.Defaults.prefixes]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *GLUED_INFIXES]).finditer
    url_match = nlp.tokenizer.url_match
    if url_match is not None:
        # spaCy reads "المدنيين.وقال" as a web address (a dot between words): addresses in the news are Latin
        nlp.tokenizer.url_match = lambda text: _ABBREVIATED.fullmatch(text) if _ARABIC_WORDS.search(text) else url_match(text)

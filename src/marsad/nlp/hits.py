"""Entity hits: gazetteer matches and person names, at token level."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.arabic.clitics import prefix_variants
from marsad.knowledge.base import Entry, Knowledge
from marsad.knowledge.word_lists import word_list

# Words that never belong to a person's name (particles, prepositions, reporting verbs, time words) and
# the words inside names; knowledge/data/word_lists.tsv. Unknown words next to a title are read as a name.
FUNCTION_WORDS = word_list("names.function_words")
NAME_LINKERS = word_list("names.linkers")


@dataclass
class Hit:
    start: int  # token index
    end: int  # token index, exclusive
    label: str  # Entry labels, or PER
    entry: Entry | None
    clitic: str = ""
    name: str | None = None  # for PER


# Words that introduce a place: a city whose name is also a word or a foreign name counts only after them.
PLACE_INTRODUCERS = word_list("places.introducers")


def introduced_as_place(norms: Sequence[str], start: int, clitic: str) -> bool:
    return "ب" in clitic or (start > 0 and norms[start - 1] in PLACE_INTRODUCERS)


def _without_clitic(form: str) -> tuple[str, ...]:
    return prefix_variants(form)[1:]


_PLACE_LABELS = ("PLACE", "CAPITAL", "COUNTRY")


def _clitic_reading(norms: Sequence[str], m, kb: Knowledge, hits: list[Hit]):
    """A word-like place name not introduced as a place, in a list of places, read again with its leading و off:
    "الرياض وجدة" is و + جدة (Jeddah), not Oujda ("وجده مقتولا", found him dead, is neither); None otherwise."""
    previous = hits[-1] if hits else None
    gap = norms[previous.end:m.start] if previous else []
    if previous is None or previous.label not in _PLACE_LABELS or any(w not in ("،", ",") for w in gap) or len(gap) > 1:
        return None
    alt = kb.entities.match_at(norms, m.start, _without_clitic)
    if alt is None or alt.end > m.end or alt.clitic != "و" or alt.value.label not in _PLACE_LABELS:
        return None
    if alt.value.kind == "needs_context" and not introduced_as_place(norms, alt.start, alt.clitic):
        return None
    return alt


def gazetteer_hits(norms: Sequence[str], kb: Knowledge) -> list[Hit]:
    hits: list[Hit] = []
    taken = 0  # the end of a king's name extended over his lineage: what it covers is his
    for m in kb.entities.find_all(norms, prefix_variants):
        if m.start < taken:
            continue
        kind = m.value.kind
        if m.value.label == "IGNORE":  # "مسقط رأس", "الشؤون الداخلية": not the entity they contain
            continue
        if kind == "needs_context" and not introduced_as_place(norms, m.start, m.clitic) \
                and all(e.kind == "needs_context" for e in kb.place_homonyms.get(m.value.geonames_id, ())):
            # (a namesake that needs no context is chosen or dropped with the article's states: pipeline)
            m = _clitic_reading(norms, m, kb, hits)
            if m is None:
                continue
            kind = m.value.kind
        if kind == "needs_noun" and not (m.end < len(norms) and norms[m.end] in _NATIONALITY) \
                and not _describes_a_noun(norms, m.start, hits):  # "تركي الجنسية" is a nationality
            continue
        if m.value.label == "PLACE" and "ك" in m.clitic:
            continue  # "كريمة" (generous) is not ك + Raymah: "as" or "like" a town is never where something happens
        if m.value.label == "PER" and _in_a_lineage(norms, m.start, m.end):
            continue  # "الأمير مشعل بن ماجد", "فيصل بن مشعل": another man whose name contains Meshaal's surname
        if m.value.label == "NISBA" and _a_family_name(norms, m.start, m.end, hits):
            continue  # "الدكتور عبدالله بن عبدالمحسن التركي", "وقال اللواء التركي إن": a Saudi family, not Turkey
        if m.value.label == "TITLE" and m.end - m.start > 1:
            group = _group_over_title_tail(norms, m, kb)
            if group is not None:
                # "رئيس البرلمان العربي", "رئيس المحكمة الجنائية الدولية": the title's last word begins a named
                # group; the group keeps it and the title is the words before
                head = kb.entities.match_at(list(norms[:m.end - 1]), m.start, prefix_variants)
                if head is not None and head.value.label == "TITLE" and head.end == m.end - 1:
                    hits.append(Hit(head.start, head.end, "TITLE", head.value, head.clitic))
                    hits.append(Hit(group.start, group.end, group.value.label, group.value, group.clitic))
                    taken = group.end
                    continue
        end = m.end
        if m.value.label == "PER" and norms[end - 1] in _REGNAL and end + 1 < len(norms) and norms[end] in _LINEAGE:
            end = taken = end + 2  # "الملك عبدالله الثاني بن الحسين": his father's name is part of his own
        hits.append(Hit(m.start, end, m.value.label, m.value, m.clitic,
                        name=m.value.name_ar if m.value.label == "PER" else None))
    return hits


def _group_over_title_tail(norms: Sequence[str], m, kb: Knowledge):
    """A named group (an ORG with a group id: an IGO, an armed or political group) that begins on the title's last
    word and runs past the title, else None."""
    tail = kb.entities.match_at(norms, m.end - 1, prefix_variants)
    if tail is None or tail.end <= m.end or tail.value.label != "ORG" or not tail.value.group:
        return None
    return tail


_LINEAGE = word_list("names.lineage")
_REGNAL = word_list("names.regnal")  # normalised ordinals after a name


def _in_a_lineage(norms: Sequence[str], start: int, end: int) -> bool:
    """A known name inside someone else's lineage: followed or preceded by بن/ابن ("الأمير مشعل بن ماجد",
    "محمد بن نواف بن عبدالعزيز", "فهد بن عبدالعزيز بن معمر": the person known by it would have matched a
    longer alias had the lineage been theirs), or a one-word surname ending one ("عبدالله بن صادق دحلان")."""
    if norms[end - 1] in _REGNAL and not (start > 0 and norms[start - 1] in _LINEAGE):
        return False  # "الملك عبدالله الثاني بن الحسين", "محمد السادس بن الحسن": a king's own lineage follows him
    return (end < len(norms) and norms[end] in _LINEAGE) or (start > 0 and norms[start - 1] in _LINEAGE) or (
        end - start == 1 and start > 1 and norms[start - 2] in _LINEAGE)


def _a_family_name(norms: Sequence[str], start: int, end: int, hits: list[Hit]) -> bool:
    """A definite nisba that ends a lineage ("عبدالله بن عبدالمحسن التركي") or follows an honorific or rank with
    no name after it ("كشف الدكتور التركي، أن", "وقال اللواء التركي إن") is a family name, not a state. With a
    name after it, it is the person's nationality ("الشيخ الكويتي أحمد الفهد", "الدكتور المصري هاني السباعي")."""
    if not norms[start].startswith("ال"):
        return False
    if start > 1 and norms[start - 2] in _LINEAGE:
        return True
    if _after_a_given_name(norms, start, end):
        return True
    prev = hits[-1] if hits else None
    if prev is None or prev.end != start or prev.entry is None:
        return False
    word = set(prefix_variants(norms[prev.start]))
    if "الفريق" in word or prev.entry.label != "HONORIFIC" and not word & _RANKS:
        return False  # "الفريق السعودي" is mostly the Saudi team
    following = norms[end] if end < len(norms) else ""
    return not _arabic_word(following) or following in FUNCTION_WORDS


_RANKS = word_list("names.ranks")  # not الفريق: also "the team"
_GIVEN_NAMES = word_list("nisba.given_names")
_KUNYA = word_list("names.kunya")


def _after_a_given_name(norms: Sequence[str], start: int, end: int) -> bool:
    """A masculine singular nisba right after an Arabic given name ("عبدالله التركي", "محمد المصري", "عبد الله
    التركي") or a kunya ("أبو يحيى التونسي") is a family name, not the person's state; not when a word of
    nationality follows ("… التركي الجنسية"). A nationality after a name is written after foreign names
    ("ألمايو تيجنو الإثيوبي"), which are not in the list."""
    if start == 0 or end - start != 1 or not norms[start].endswith("ي"):
        return False
    if end < len(norms) and norms[end] in _NATIONALITY:
        return False
    before = set(prefix_variants(norms[start - 1]))
    if before & _GIVEN_NAMES or any(w.startswith("عبد") and len(w) > 4 for w in before):
        return True
    two_before = set(prefix_variants(norms[start - 2])) if start > 1 else set()
    return bool(two_before & (_KUNYA | {"عبد"}))


def _describes_a_noun(norms: Sequence[str], start: int, hits: list[Hit]) -> bool:
    """An indefinite nisba that is also a name ("تركي") is a nisba right after a title or a noun of
    people or arms ("شرطي تركي", "طائرات حربية تركية"), not after a name or a verb."""
    if start == 0 or norms[start - 1].startswith("ال"):
        return False  # an indefinite adjective never follows a definite noun: "الأمير تركي" is a name
    prev = hits[-1] if hits else None
    if prev is not None and prev.end == start and prev.label in ("TITLE", "GENERIC", "ORG"):
        return True
    return norms[start - 1] in _DESCRIBED_NOUNS


_DESCRIBED_NOUNS = word_list("nisba.described_nouns")


_NAME_HEADS = word_list("names.heads")  # normalised: "آل" is "ال"
_NATIONALITY = word_list("names.nationality")
_DASHES = {"-", "–", "—", "/"}
_CLITICS = ("ب", "ل", "و", "ف")


def _arabic_word(text: str) -> bool:
    return bool(text) and all("\u0621" <= c <= "\u064a" for c in text)


def plausible_name_word(norm: str, text: str) -> bool:
    """Could this word be part of a person's name (not a particle, preposition or adjective)?"""
    return _name_token(norm, text) or norm in NAME_LINKERS


_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def _name_token(norm: str, text: str) -> bool:
    if not text or not _ARABIC_LETTER.search(text):
        return False
    base = norm[1:] if norm[:1] == "و" and len(norm) >= 3 else norm  # "ومن" is و + من
    if norm.startswith(("بال", "لل", "وال", "فال", "كال")):
        return False  # a clitic before the article: "بالإضافة", "للأمن"
    if norm.endswith(("يين", "يون", "يه")) and len(norm) > 4:
        return False  # plural or feminine adjectives: "أمنيين", "الدولية"
    if norm.endswith("هما") and len(norm) >= 5:
        return False  # a noun with "their both" ("والوفد المرافق دعمهما")
    return norm not in FUNCTION_WORDS and base not in FUNCTION_WORDS and len(norm) >= 2


_HONORIFIC_PRONOUN = word_list("chains.honorific_pronoun")
# "خادم الحرمين الشريفين باسمه واسم شعب وحكومة المملكة": "in his name" never opens or continues a name
_NOT_OPENING = word_list("names.not_opening")
_PRONOUN_CLITICS = ("", "و", "ب", "ل", "ف", "ول", "وب", "فل")


def honorific_pronoun(norm: str) -> bool:
    """"سموه", "ولسموه": an honorific with a possessive pronoun (behind any clitics) — a person named
    before, never a name itself."""
    if len(norm) < 4:
        return False
    return (norm in _HONORIFIC_PRONOUN or (norm[:1] in _PRONOUN_CLITICS and norm[1:] in _HONORIFIC_PRONOUN)
            or (norm[:2] in _PRONOUN_CLITICS and norm[2:] in _HONORIFIC_PRONOUN))


def honorific_of_pronoun(norm: str) -> str | None:
    """The honorific a pronoun form stands on: "لجلالته" → "جلاله", "سموها" → "سمو"; None for other words."""
    if not honorific_pronoun(norm):
        return None
    for k in range(3):
        if norm[k:] in _HONORIFIC_PRONOUN:
            stem = norm[k:].removesuffix("ها").removesuffix("ه")
            return stem[:-1] + "ه" if stem.endswith("ت") else stem
    return None


def name_words(texts: Sequence[str], norms: Sequence[str]) -> list[bool]:
    """For each token: could it be a word of a person's name, by itself (person_hits's test before it looks at
    the hits around it)? One table per document, shared by person_hits's passes; a document repeats its words, so
    each distinct word is tested once."""
    seen: dict[tuple[str, str], bool] = {}
    out = []
    for norm, text in zip(norms, texts, strict=True):
        key = (norm, text)
        ok = seen.get(key)
        if ok is None:
            ok = seen[key] = _name_token(norm, text) and not honorific_pronoun(norm) and norm.strip("-–—") not in _NOT_OPENING
        out.append(ok)
    return out


def person_hits(texts: Sequence[str], norms: Sequence[str], hits: list[Hit], known: set[str],
                name_like: Sequence[bool] | None = None) -> list[Hit]:
    """Person names: words after an honorific or a title, words followed by ", <title>"
    (apposition), and words already known in this document (a surname seen in a full mention).
    `name_like`: the document's name_words table, when the caller has it already."""
    covered = [False] * len(norms)
    for h in hits:
        covered[h.start:h.end] = [True] * (h.end - h.start)
    after_title = {h.end for h in hits if h.label in ("HONORIFIC", "TITLE")}
    title_ends = sorted(h.end for h in hits if h.label == "TITLE")
    after_org = {h.end for h in hits if h.label in ("ORG", "COUNTRY", "NISBA", "PLACE", "CAPITAL")
                 and any(0 <= h.start - e <= 6 for e in title_ends)}
    title_starts = {h.start for h in hits if h.label in ("TITLE", "HONORIFIC")}

    if name_like is None:
        name_like = name_words(texts, norms)
    nameable = [not c and ok for c, ok in zip(covered, name_like, strict=True)]
    for i, text in enumerate(texts):
        # "الدكتور علي بن ناصر الغفيص", "مرزوق علي الغانم": spelt with ي, not ى, "علي" is the name Ali, not the
        # preposition "على" its folded form is (SaudiNewsNet: the name 39 times in 40), where a name may stand:
        # after an office or an honorific, inside a name, or before "بن"
        if text == "علي" and not covered[i] and (
                i in after_title or (i > 0 and nameable[i - 1]) or (i + 1 < len(norms) and norms[i + 1] in _NAME_HEADS)):
            nameable[i] = True

    def name_run(i: int) -> int:
        j = i
        while j < len(norms) and j - i < 5 and not covered[j] and (
                nameable[j] or (j > i and norms[j - 1] in _NAME_HEADS and _arabic_word(texts[j]))):
            # after "آل"/"بن" any word is the name's ("محمد آل صباح", although "صباح" is also "morning")
            if j > i and norms[j][:1] in ("ك", "ل") and norms[j - 1] not in _NAME_HEADS:
                break  # "تأتي كخطوة لتعميق": a name's later words rarely carry ك or ل
            j += 1
        return j

    # "يوسف … السليمان سعودي الجنسية", "… – أثيوبي الجنسية –": a name right before a nationality
    before_nationality = {h.start - (1 if h.start > 0 and texts[h.start - 1] in _DASHES else 0) for h in hits
                          if h.label == "NISBA" and h.end < len(norms) and norms[h.end] in _NATIONALITY}
    # "المدير العام …، عبد اللطيف حموشي،": a name right after the comma that closes a title chain
    after_comma = {h.end + 1 for h in hits if h.label in ("TITLE", "ORG", "NISBA", "COUNTRY")
                   and h.end < len(texts) and texts[h.end] in ("،", ",")}
    after_title |= after_comma

    def apposition_start(i: int, j: int) -> int:
        start = max(i, j - 2)
        if start - 1 >= i and (norms[start - 1] in NAME_LINKERS or norms[start] in NAME_LINKERS):
            start -= 1
        return start

    out: list[Hit] = []
    i = 0
    while i < len(norms):
        if covered[i] or not nameable[i]:
            i += 1
            continue
        j = name_run(i)
        length = j - i
        apposition = j + 1 < len(norms) and texts[j] in ("،", ",") and (j + 1) in title_starts
        if i in after_comma and norms[i].startswith("و"):
            i += 1  # "، وجرى": a new clause, not a name
            continue
        if i in after_title and length >= 1 and not norms[i].startswith("ال"):
            pass
        elif i in after_org and length >= 2 and not norms[i].startswith("ال"):
            pass
        elif length >= 2 and apposition:
            i = apposition_start(i, j)
        elif length >= 2 and j in before_nationality:
            pass
        elif norms[i] in known:
            j = i + 1
        elif len(norms[i]) > 4 and norms[i][:1] in _CLITICS and norms[i][1:] in known:
            # "اتصالا بشكري": a later mention behind a preposition or conjunction
            out.append(Hit(i, i + 1, "PER", None, clitic=norms[i][:1], name=texts[i][1:]))
            covered[i] = True
            i += 1
            continue
        else:
            i += 1
            continue
        out.append(Hit(i, j, "PER", None, name=" ".join(texts[i:j])))
        covered[i:j] = [True] * (j - i)
        i = j
    return out


def family_nisbas(hits: list[Hit], persons: list[Hit], norms: list[str], texts: list[str]) -> tuple[list[Hit], list[Hit]]:
    """"عبدالله بن عبدالمحسن التركي", "ودعا الدكتور التركي": a nisba that closes a lineage name ("… بن …") is the
    person's family name, not a nationality, and so is the same word after an honorific later in the article. The
    person's hit takes the word; the nisba's hit goes."""
    persons = list(persons)  # the caller's list stays as it was
    family: set[str] = set()
    by_end = {p.end: p for p in persons}
    dropped: set[int] = set()
    for h in hits:
        person = by_end.get(h.start)
        if h.label == "NISBA" and not h.clitic and h.end - h.start == 1 and person is not None \
                and any(norms[k] in _LINEAGE for k in range(person.start, person.end)):
            family.add(norms[h.start])
            dropped.add(id(h))
            by_end.pop(h.start)
            extended = Hit(person.start, h.end, "PER", None, name=" ".join(texts[person.start:h.end]))
            persons = [extended if q is person else q for q in persons]
    family |= {norms[p.end - 1] for p in persons
               if p.end - p.start >= 3 and any(norms[k] in _LINEAGE for k in range(p.start, p.end - 1))}
    if not family:
        return hits, persons
    honorific_ends = {h.end for h in hits if h.label == "HONORIFIC"}
    for h in hits:
        if h.label == "NISBA" and h.start in honorific_ends and norms[h.start] in family and not h.clitic:
            dropped.add(id(h))  # "الدكتور التركي": the man named above
            persons.append(Hit(h.start, h.end, "PER", None, name=texts[h.start]))
    return [h for h in hits if id(h) not in dropped], persons

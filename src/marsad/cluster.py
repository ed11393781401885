"""One story, many mentions: cross-article clustering of stored events into real-world stories.

Reports of one event disagree: one names ISIS, another "إرهابي", a third codes the victims' force as the
actor, a fourth has no place. So events are not blocked by their dyad but by type and time: inside a type,
events are read in date order, and an event joins an open story (one whose last report is within the
window) found through the rare words they share — words of the sentence, the title, the parties and the
place, weighted by rarity (IDF) — when enough of the new report is already in the story and nothing in
their codings rules it out: two different states in the same role (unless the roles are swapped), two
different countries for the place, two speakers of a statement (states, sectors of one state or named
people), a phone call and a visit.
A place is compared by
the consonants of its town's name (سروج، سوروج، سوروتش are one town), and a place that is a whole country
names no town. Comparisons go only to
stories that share a rare word (an inverted index), so the cost stays near-linear. A report that began a
story no other report joined looks again at the stories of ten reports or more as they ended (read in date
order, it may have come before the story's words settled). A second pass merges
stories of several reports, begun within two days, whose consensus words mostly agree (less when most
reports of both name the same two states, never when they name different pairs): the first reports of a big
attack scatter before the story's vocabulary settles. A third pass attaches stragglers — stories of a few
reports that use enough of a big story's own consensus words, weighed by how rare each is outside that story
(a condolence cable that names the mosque, the town and the force) — to that story.

Each story's row in `clusters` is its consensus: the actor, recipient, place and day most of its reports
give, how many give them, and what the others say (`disagreements`).

Clustering is incremental: new events (no cluster yet) are clustered together with the stories they could
still join — those whose last report is recent enough — and every other story is left as it is. A batch
costs time in proportion to the batch and the days it touches, not to the store. `full=True` re-clusters
everything.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import multiprocessing
import os
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from marsad.arabic.normalize import normalize
from marsad.store import Store, transaction

DEFAULT_WINDOW_DAYS = 2
STORY_THRESHOLD = 3.6  # rarity-weighted count of the words a report must share with a story to join it
MIN_CONTAINMENT = 0.1  # and the share of the report's own rare words (by weight) the story holds
STORY_SPAN_DAYS = 4  # a story's reports fall within this many days of its first: daily fighting is not one story
SECOND_LOOK_MIN_REPORTS = 10  # a lone report looks again at the stories of at least this many reports
MERGE_MIN_REPORTS = 3  # second pass: stories of at least this many reports may merge …
MERGE_CONSENSUS_SHARE = 0.3  # … compared by the words at least this share of their reports use …
MERGE_OVERLAP = 0.3  # … when the Jaccard overlap of those words reaches this
MERGE_DYAD_OVERLAP = 0.2  # … or this, when most reports of both name the same two states
MERGE_TOWN_OVERLAP = 0.15  # … or this, when they name one town and began within a day of each other
MERGE_CONTAINMENT = 0.5  # … or this share of the smaller set (of five words or more) is in the larger (0.6 → 0.5 on gold A, 2026-11-30)
ATTACH_MIN_REPORTS = 10  # third pass: a story of fewer than MERGE_MIN_REPORTS reports joins a story this big …
ATTACH_MAX_REPORTS = 6  # third pass: stories of fewer reports than this may attach … (3 → 6 on gold A–D, 2026-11-30)
ATTACH_SHARE = 0.25  # … when its words hold this share of the big story's consensus words, weighed by rarity (chosen on gold A and C, 2026-11-30)
STRONG_CONTAINMENT = 0.5  # or at least this share (a near-copy of a report already in the story)
_MAX_KEY_WORDS = 20  # the rarest words of an event used to find candidate stories
_MAX_POSTINGS = 60  # open stories remembered per word
_COMMON_SHARE = 0.2  # words in more than this share of a type's events are not keys
_STATEMENT_TYPES = {"ACCUSE", "REJECT", "REQUEST", "SUPPORT", "THREATEN", "SANCTION", "CONCEDE"}
# modes of one type that never describe one event: a phone call and a visit are two meetings
_EXCLUSIVE_MODES = {"CONSULT": {"visit", "phone"}}

_DAY = "coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published)"
_ROWS = f"""
SELECT e.event_id, e.doc_id, e.type, e.site, e.published, e.search_norm,
       coalesce(e.actor_name, '') AS actor_name,
       coalesce(e.actor_country, e.actor_group, '-') AS a_key,
       coalesce(e.recipient_country, e.recipient_group, '-') AS r_key,
       coalesce(e.location_country, '-') AS loc_key,
       {_DAY} AS day,
       coalesce(e.mode, '') AS mode, e.confidence,
       e.actor_country, e.recipient_country, coalesce(a.title, '') AS title,
       -- a place that is a whole country names no town: its words would keep its reports from the town's
       CASE WHEN e.location_precision = 'country' AND e.location_name IS NOT NULL
             THEN ''
            ELSE coalesce(e.place_norm, '') END AS place,
       e.cluster_id,
       TRY_CAST(json_extract(e.record, '$.casualties.killed.count') AS INTEGER) AS killed,
       TRY_CAST(json_extract(e.record, '$.casualties.wounded.count') AS INTEGER) AS wounded,
       TRY_CAST(json_extract(e.record, '$.casualties.arrested.count') AS INTEGER) AS arrested,
       coalesce(e.actor_sector, '') AS actor_sector
FROM events e LEFT JOIN articles a ON a.doc_id = e.doc_id
WHERE NOT e.negated AND e.published IS NOT NULL {{where}}
ORDER BY e.type, day, e.event_id
"""

_PLACE_NOUNS = {normalize(w) for w in ("مدينة", "منطقة", "محافظة", "مدينه", "منطقه", "محافظه", "بمنطقة", "بمدينة",
                                       "العاصمة", "حي", "قرية", "ولاية", "بلدة", "ببلدة", "إقليم", "بإقليم", "قضاء",
                                       "ناحية", "مخيم", "جنوب", "شمال", "شرق", "غرب", "وسط", "بجنوب", "بشمال",
                                       "بشرق", "بغرب", "بوسط", "جنوبي", "شمالي", "شرقي", "غربي", "القريبة",
                                       "الواقعة", "المتاخمة", "الحدودية", "المحاذية", "المجاورة")}
# a foreign town's Arabic spellings differ in their long vowels and in how they write ç (Suruç: سروج، سوروج،
# سوروتش): places are compared by their consonants, with تش and چ read as ج
_FOREIGN_SOUNDS = (("تش", "ج"), ("چ", "ج"), ("گ", "ك"), ("پ", "ب"), ("ڤ", "ف"))
_LONG_VOWELS = re.compile("[اويى]")
_WORD = re.compile(r"[\w\u0621-\u064a]{3,}")


@dataclass
class ClusterStats:
    events: int
    clusters: int
    multi_article: int


@dataclass
class _Story:
    cluster_id: str
    last_day: date
    first_day: date
    size: int = 0  # reports so far
    words: Counter = field(default_factory=Counter)  # word → how many reports carry it
    actors: set[str] = field(default_factory=set)  # states in the actor role
    recipients: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    place_words: set[str] = field(default_factory=set)  # words of the places the reports name
    people: set[str] = field(default_factory=set)
    speakers: dict = field(default_factory=dict)  # statements: the speaker's state or group → reports
    persons: dict = field(default_factory=dict)  # statements: the speaker's name → reports
    modes: set[str] = field(default_factory=set)  # the exclusive modes its reports give
    # plain dicts, not Counters: a million stories are built, and a Counter costs far more to create
    dyads: dict = field(default_factory=dict)  # the two states of a report (unordered) → reports

    core: set[str] = field(default_factory=set)  # the founding report's words and words several reports share
    all_words: Counter = field(default_factory=Counter)  # every word (common ones too) → reports carrying it

    def add_words(self, words: set[str]) -> None:
        if not self.words:
            self.core |= words  # the founding report
        self.words.update(words)
        self.core |= {w for w in words if self.words[w] >= 2}


def _words(search_norm: str | None, title_words: set[str]) -> set[str]:
    """The report's words: its evidence (already folded in the store's search_norm) and its title's."""
    return set(_WORD.findall(search_norm or "")) | title_words


def _place_words(place_norm: str) -> set[str]:
    """The words that name a report's place, without the nouns and directions around them ("بلدة … بجنوب"),
    each reduced to its consonants so that spellings of one foreign town meet."""
    out = set()
    for word in _WORD.findall(place_norm):
        if word in _PLACE_NOUNS:
            continue
        word = word[2:] if word.startswith("ال") and len(word) > 4 else word
        if word in _PLACE_NOUNS:
            continue
        for foreign, arabic in _FOREIGN_SOUNDS:
            word = word.replace(foreign, arabic)
        out.add(word[0] + _LONG_VOWELS.sub("", word[1:]))
    return out


def _compatible(story: _Story, actor: str | None, recipient: str | None, place: str, person: str, etype: str,
                place_words: set[str], mode: str = "", speaker: str | None = None) -> bool:
    """Nothing in the two codings rules out one event: the same role never names two different states
    (roles swapped are the same dyad read the other way), the place neither two countries nor two places
    with no word in common (the fighting in تعز and in عدن on one day are two events)."""
    same_town = bool(place_words) and bool(story.place_words) and not place_words.isdisjoint(story.place_words)
    # one town named by both outweighs the country the coder gave it (Suruç, "near the Syrian border", is
    # placed in Syria by some reports)
    if place != "-" and story.places and place not in story.places and not same_town:
        return False
    if place_words and story.place_words and not same_town:
        return False
    straight = (not actor or not story.actors or actor in story.actors) and (
        not recipient or not story.recipients or recipient in story.recipients)
    swapped = (not actor or not story.recipients or actor in story.recipients) and (
        not recipient or not story.actors or recipient in story.actors)
    if etype in _STATEMENT_TYPES:
        # a statement has one reading: its speaker is its actor (Kuwait's and Bahrain's condemnations of
        # one attack are two events)
        if not straight or speaker and story.speakers and speaker not in story.speakers:
            return False
    elif not (straight or swapped):
        return False
    if mode and story.modes and mode not in story.modes:
        return False
    # two named people each making a statement are two statements
    return not (etype in _STATEMENT_TYPES and person and story.people and person not in story.people)


_PARALLEL_MIN_ROWS = 50_000  # below this, forking workers costs more than it saves
_BLOCKS: list[tuple[str, list[tuple]]] = []  # the type blocks, inherited by forked workers (never pickled)


def _assign_one(args: tuple[int, int, float, bool]) -> dict[str, str]:
    i, window_days, threshold, keep_stories = args
    etype, block = _BLOCKS[i]
    out: dict[str, str] = {}
    _assign_block(etype, block, window_days, threshold, out, keep_stories)
    return out


def assign_clusters(rows: list[tuple], window_days: int = DEFAULT_WINDOW_DAYS,
                    threshold: float = STORY_THRESHOLD, keep_stories: bool = False,
                    workers: int | None = None) -> dict[str, str]:
    """event_id → cluster_id for rows sorted by type and day. With `keep_stories`, a row that already has a
    cluster id (its last field) stays in that story, which is rebuilt from its reports; only the rows
    without one look for a story (incremental clustering: existing cluster ids never change, except when
    a new report joins two stories into one)."""
    with _collector_paused():
        return _assign_types(rows, window_days, threshold, keep_stories, workers)


@contextmanager
def _collector_paused():
    """Clustering builds millions of small sets and dicts, none of them in reference cycles: the cyclic
    garbage collector's passes over them cost a fifth of the time and free nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _assign_types(rows: list[tuple], window_days: int, threshold: float, keep_stories: bool,
                  workers: int | None) -> dict[str, str]:
    assigned: dict[str, str] = {}
    by_type: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_type[row[2]].append(row)
    # types are independent: on a big store they are clustered in parallel, the largest first
    blocks = sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and len(rows) >= _PARALLEL_MIN_ROWS and "fork" in multiprocessing.get_all_start_methods():
        global _BLOCKS
        _BLOCKS = blocks
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                tasks = [(i, window_days, threshold, keep_stories) for i in range(len(blocks))]
                for part in pool.imap_unordered(_assign_one, tasks):
                    assigned.update(part)
        finally:
            _BLOCKS = []
        return assigned
    for etype, block in blocks:
        _assign_block(etype, block, window_days, threshold, assigned, keep_stories)
    return assigned


def _assign_block(etype: str, block: list[tuple], window_days: int, threshold: float, assigned: dict[str, str],
                  keep_stories: bool = False) -> None:
    titles: dict[str, set[str]] = {}
    for r in block:
        if r[1] not in titles:
            titles[r[1]] = set(_WORD.findall(normalize(r[15]))) if r[15] else set()
    # a title names an article's one event of the type; in a round-up (several events of the type) it
    # would give every event the same words and pull them all into one story
    per_doc = Counter(r[1] for r in block)
    # a place's words stand in its reports' words as its town's consonants ("@سرج"), so that they meet
    # whatever spelling each uses (places repeat: each is read once)
    places: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for place in {r[16] for r in block}:
        town = _place_words(place)
        places[place] = (town, set(_WORD.findall(place)), {"@" + t for t in town})
    towns = [places[r[16]][0] for r in block]
    texts = [_words(r[5], titles[r[1]] if per_doc[r[1]] == 1 else set()) - places[r[16]][1] | places[r[16]][2]
             for r in block]
    df = Counter(w for ws in texts for w in ws)
    n = len(block)
    # rarity in [0, 1]: a word no other report of the type uses weighs ~1, whatever the store's size
    scale = math.log(n + 1) or 1.0
    idf = {w: max(0.0, math.log((n + 1) / (c + 0.5))) / scale for w, c in df.items()}
    # words no other report shares cannot link two reports, and words in a large share of the type's
    # reports ("هجوم", "قتل") link everything: neither is a key nor weighs in the score
    common = {w for w, c in df.items() if c < 2 or c > max(50, _COMMON_SHARE * n)}
    index: dict[str, list[_Story]] = defaultdict(list)
    stories: dict[str, _Story] = {}
    touched: dict[str, bool] = {}  # story → whether a new report joined it
    block_ids = [r[0] for r in block]
    # keys are a report's rarest words, then by spelling: the same keys in every process (set order varies
    # with the hash seed); one ranking for the block makes each report's sort a lookup
    rank = {w: i for i, w in enumerate(sorted(df, key=lambda w: (df[w], w)))}
    window, span = timedelta(days=window_days), timedelta(days=STORY_SPAN_DAYS)
    statement = etype in _STATEMENT_TYPES
    founders: list[tuple] = []  # the reports that began a story of their own
    for row, words, place_words in zip(block, texts, towns, strict=True):
        event_id, _, _, _, _, _, actor_name, a_key, _, loc_key, day, mode, _, actor, recipient = row[:15]
        # a statement's speaker: the state or group and its sector (Bahrain's king and its interior minister, a
        # ministry and a mosque's preachers of one state are different speakers)
        speaker = (f"{a_key}/{row[21]}" if len(row) > 21 else a_key) if statement and a_key != "-" else None
        mode = mode if mode in _EXCLUSIVE_MODES.get(etype, ()) else ""
        person = actor_name.split()[-1] if actor_name else ""
        rare = words - common
        keys = sorted(rare, key=rank.__getitem__)[:_MAX_KEY_WORDS]
        kept = row[17] if keep_stories and len(row) > 17 else None
        if kept:  # a report of a story clustered before: rebuild the story, look for nothing
            story = stories.get(kept) or _Story(kept, day, day)
            story.first_day = min(story.first_day, day)
            _add_report(story, day, words, rare, actor, recipient, loc_key, place_words, person, keys, index, mode, speaker)
            stories[kept] = story
            assigned[event_id] = kept
            touched.setdefault(kept, False)
            continue
        weight = sum(idf[w] for w in rare) or 1.0
        # a story lasts the window from its first report: a war's daily fighting is not one story
        last_from, first_from = day - window, day - span
        candidates = {}
        for w in keys:
            postings = index[w]
            # reports come in date order: a story begun too early is closed for good (drop it from the front)
            while postings and postings[0].first_day < first_from:
                postings.pop(0)
            for st in postings:
                if st.last_day >= last_from and st.first_day >= first_from:
                    candidates[id(st)] = st
        coding = (actor, recipient, loc_key, person, etype, place_words, mode, speaker)
        best = _best_story(candidates.values(), coding, rare, idf, weight, threshold)
        if best is None:
            cid = hashlib.md5(f"{etype}|{day}|{event_id}".encode()).hexdigest()[:16]
            best = _Story(cid, day, day)
            founders.append((best, event_id, day, words, rare, weight, coding, keys))
        _add_report(best, day, words, rare, actor, recipient, loc_key, place_words, person, keys, index, mode, speaker)
        stories[best.cluster_id] = best
        assigned[event_id] = best.cluster_id
        touched[best.cluster_id] = True
    _second_look(founders, stories, assigned, touched, idf, threshold, window)
    # incremental: only stories a new report joined may merge (two old stories stay as they were)
    merged = _merge_stories(list(stories.values()), touched if keep_stories else None, df, n, statement)
    for event_id in block_ids:
        assigned[event_id] = merged.get(assigned[event_id], assigned[event_id])


def _best_story(candidates, coding: tuple, rare: set[str], idf: dict[str, float], weight: float,
                threshold: float) -> _Story | None:
    """The candidate story a report joins, or None: the one whose core holds the most of its rare words,
    among those its coding is compatible with; on a tie the one more outlets report (a report without a
    place or a dyad is likelier to be about the big story)."""
    best, best_key = None, (0.0, 0)
    for story in sorted(candidates, key=lambda st: st.cluster_id):
        if not _compatible(story, *coding):
            continue
        shared = sum(idf[w] for w in rare & story.core)
        containment = shared / weight
        # enough rare words in common, or most of the report already in the story (a near-copy:
        # this also lets a small store, where no word is rare, cluster its reprinted reports)
        if containment < MIN_CONTAINMENT or (shared < threshold and containment < STRONG_CONTAINMENT):
            continue
        key = (round(max(shared, threshold), 6), story.size)
        if key >= best_key:
            best, best_key = story, key
    return best


def _second_look(founders: list[tuple], stories: dict[str, _Story], assigned: dict[str, str],
                 touched: dict[str, bool], idf: dict[str, float], threshold: float, window: timedelta) -> None:
    """A report that began a story no other report joined looks again, at the stories as they ended: read in
    date order, a late report of a big attack (published days after, or early in the day's event ids) met
    the story before its words settled. It joins a story of several reports, begun on its day or in the
    span before, by the first pass's rule."""
    alone = [f for f in founders if f[0].size == 1]
    if not alone:
        return
    # the big stories by (core word, first day): a lone report looks up its keys on the days of the span
    index: dict[tuple[str, date], list[_Story]] = defaultdict(list)
    for story in stories.values():
        if story.size >= SECOND_LOOK_MIN_REPORTS:
            for w in story.core:
                index[(w, story.first_day)].append(story)
    if not index:
        return
    big_words = {w for w, _ in index}
    back = [timedelta(days=d) for d in range(STORY_SPAN_DAYS + 1)]
    for own, event_id, day, words, rare, weight, coding, keys in alone:
        shared_keys = big_words.intersection(keys)  # most lone reports share no key with a big story
        if not shared_keys:
            continue
        candidates = {id(st): st for w in shared_keys for d in back for st in index.get((w, day - d), ())
                      if st.last_day >= day - window}
        best = _best_story(candidates.values(), coding, rare, idf, weight, threshold)
        if best is None:
            continue
        actor, recipient, loc_key, person, _, place_words, mode, speaker = coding
        _add_report(best, day, words, rare, actor, recipient, loc_key, place_words, person, [], {}, mode, speaker)
        del stories[own.cluster_id]
        touched.pop(own.cluster_id, None)
        assigned[event_id] = best.cluster_id
        touched[best.cluster_id] = True


def _add_report(story: _Story, day: date, words: set[str], rare: set[str], actor: str | None,
                recipient: str | None, loc_key: str, place_words: set[str], person: str, keys: list[str],
                index: dict[str, list[_Story]], mode: str = "", speaker: str | None = None) -> None:
    story.last_day = max(story.last_day, day)
    story.size += 1
    story.add_words(rare)
    story.all_words.update(words)
    story.actors |= {actor} - {None}
    story.recipients |= {recipient} - {None}
    story.places |= {loc_key} - {"-"}
    story.place_words |= place_words
    story.people |= {person} - {""}
    if speaker:
        story.speakers[speaker] = story.speakers.get(speaker, 0) + 1
    if person:
        story.persons[person] = story.persons.get(person, 0) + 1
    story.modes |= {mode} - {""}
    if actor and recipient and actor != recipient:
        pair = frozenset((actor, recipient))
        story.dyads[pair] = story.dyads.get(pair, 0) + 1
    for w in keys:
        postings = index[w]
        if not postings or postings[-1] is not story:
            postings.append(story)
            del postings[:-_MAX_POSTINGS]


def _consensus(story: _Story) -> set[str]:
    """The words most of a story's reports use (at least 30% of them, and at least two)."""
    least = max(2, MERGE_CONSENSUS_SHARE * story.size)
    return {w for w, c in story.all_words.items() if c >= least}


def _majority(counts: dict):
    """The value more than half of the counted reports give (there is at most one), or None."""
    if not counts:
        return None
    value, count = max(counts.items(), key=lambda kv: kv[1])
    return value if count * 2 > sum(counts.values()) else None


def _speaker(story: _Story) -> tuple[str | None, str | None]:
    """A statement story's speaker: the state or group, and the name, most of its reports give."""
    return _majority(story.speakers), _majority(story.persons)


def _other_speakers(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Two statement stories whose speakers differ by state or group, or by name."""
    return any(x and y and x != y for x, y in zip(a, b, strict=True))


def _main_dyad(story: _Story) -> frozenset | None:
    """The two states most of a story's reports name, when most of the reports that name two do."""
    return _majority(story.dyads)


def _merge_stories(stories: list[_Story], touched: dict[str, bool] | None = None,
                   df: Counter | None = None, reports: int = 0, statement: bool = False) -> dict[str, str]:
    """Second pass: stories of several reports each, begun within two days of each other, with no
    conflicting place country and mostly the same consensus words, are one story told twice (the first
    reports of a big attack scatter before its vocabulary settles). Returns cluster id → merged cluster id."""
    big = [s for s in stories if s.size >= MERGE_MIN_REPORTS]
    words = {s.cluster_id: _consensus(s) for s in big}
    parent = {s.cluster_id: s.cluster_id for s in big}

    # each merged group's first days and place countries: merging is transitive, and a chain of stories two
    # days apart each would otherwise make one "story" of a fortnight of fighting in many places
    first = {s.cluster_id: (s.first_day, s.first_day) for s in big}
    places = {s.cluster_id: set(s.places) for s in big}
    span = timedelta(days=STORY_SPAN_DAYS)

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    modes = {s.cluster_id: set(s.modes) for s in big}
    dyad = {s.cluster_id: _main_dyad(s) for s in big}
    speaker = {s.cluster_id: _speaker(s) if statement else (None, None) for s in big}

    def unite(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if modes[ra] and modes[rb] and not modes[ra] & modes[rb]:
            return
        if dyad[ra] and dyad[rb] and dyad[ra] != dyad[rb] or _other_speakers(speaker[ra], speaker[rb]):
            return
        lo, hi = min(first[ra][0], first[rb][0]), max(first[ra][1], first[rb][1])
        if hi - lo > span or (places[ra] and places[rb] and not places[ra] & places[rb]):
            return
        parent[rb] = ra
        first[ra] = (lo, hi)
        places[ra] |= places[rb]
        modes[ra] |= modes[rb]

    # stories by (consensus word, first day): only stories begun within two days are compared
    by_word: dict[tuple[str, date], list[_Story]] = defaultdict(list)
    for s in sorted(big, key=lambda st: st.cluster_id):
        for w in words[s.cluster_id]:
            by_word[(w, s.first_day)].append(s)
    near = [timedelta(days=d) for d in range(-2, 3)]
    for a in sorted(big, key=lambda st: st.cluster_id):
        wa = words[a.cluster_id]
        seen: set[str] = set()
        for w in wa:
            for delta in near:
                for b in by_word.get((w, a.first_day + delta), ()):
                    if b.cluster_id <= a.cluster_id or b.cluster_id in seen:
                        continue
                    seen.add(b.cluster_id)
                    if touched is not None and not (touched.get(a.cluster_id) or touched.get(b.cluster_id)):
                        continue
                    if a.places and b.places and not a.places & b.places:
                        continue
                    wb = words[b.cluster_id]
                    shared = len(wa & wb)
                    overlap = MERGE_DYAD_OVERLAP if dyad[a.cluster_id] and dyad[a.cluster_id] == dyad[b.cluster_id] \
                        else MERGE_OVERLAP
                    if a.place_words & b.place_words and abs((a.first_day - b.first_day).days) <= 1:
                        overlap = min(overlap, MERGE_TOWN_OVERLAP)
                    if shared / len(wa | wb) >= overlap or (
                            min(len(wa), len(wb)) >= 5 and shared / min(len(wa), len(wb)) >= MERGE_CONTAINMENT):
                        unite(a.cluster_id, b.cluster_id)
    merged = {c: root(c) for c in parent if root(c) != c}
    merged.update(_attach_small(stories, words, touched, merged, df, reports, statement))
    return merged


def _attach_small(stories: list[_Story], consensus: dict[str, set[str]], touched: dict[str, bool] | None,
                  merged: dict[str, str], df: Counter | None = None, reports: int = 0,
                  statement: bool = False) -> dict[str, str]:
    """Third pass: a story of a few reports (fewer than ATTACH_MAX_REPORTS) whose words hold enough of a big
    story's consensus words (weighed by their rarity outside it), begun within two days of it, in no other
    country and with no conflicting mode, dyad or speaker, is a straggler report of that story."""
    consensus = {s.cluster_id: consensus.get(s.cluster_id) or _consensus(s)
                 for s in stories if s.size >= ATTACH_MIN_REPORTS}
    big = [s for s in stories if consensus.get(s.cluster_id)]
    # big stories by (consensus word, first day): a small story looks up only the words it shares with
    # some big story's consensus (one set intersection), on the five days around its own first day
    by_word_day: dict[tuple[str, date], list[_Story]] = defaultdict(list)
    for b in big:
        for w in consensus[b.cluster_id]:
            by_word_day[(w, b.first_day)].append(b)
    vocabulary = {w for w, _ in by_word_day}
    # a big story's consensus words counted over everything merged with it: its own words, however many
    # first-pass stories the second pass joined, are not "outside" it
    needed: dict[str, set[str]] = defaultdict(set)
    for b in big:
        needed[merged.get(b.cluster_id, b.cluster_id)] |= consensus[b.cluster_id]
    inside: dict[str, Counter] = defaultdict(Counter)
    for st in stories:
        root = merged.get(st.cluster_id, st.cluster_id)
        if root in needed:
            counts = inside[root]
            for w in needed[root] & st.all_words.keys():
                counts[w] += st.all_words[w]
    # each big story's word weights and their sum, once
    weights = {b.cluster_id: {w: _distinct_weight(w, inside[merged.get(b.cluster_id, b.cluster_id)], df, reports)
                              for w in consensus[b.cluster_id]} for b in big}
    totals = {cid: sum(ws.values()) or 1.0 for cid, ws in weights.items()}
    near = [timedelta(days=d) for d in range(-2, 3)]
    out: dict[str, str] = {}
    for s in stories:
        if s.size >= ATTACH_MAX_REPORTS or merged.get(s.cluster_id):
            continue
        hits: Counter[str] = Counter()
        found: dict[str, _Story] = {}
        # a story of a few reports speaks with the words its reports share, as a big one does
        own = s.all_words.keys() if s.size < MERGE_MIN_REPORTS else _consensus(s)
        for w in own & vocabulary:
            for delta in near:
                for b in by_word_day.get((w, s.first_day + delta), ()):
                    hits[b.cluster_id] += weights[b.cluster_id][w]
                    found[b.cluster_id] = b
        best, best_share = None, ATTACH_SHARE
        for cid in sorted(hits):
            b = found[cid]
            if touched is not None and not (touched.get(s.cluster_id) or touched.get(cid)):
                continue
            if s.places and b.places and not s.places & b.places:
                continue
            if s.modes and b.modes and not s.modes & b.modes:
                continue
            small_dyad, big_dyad = _main_dyad(s), _main_dyad(b)
            if small_dyad and big_dyad and small_dyad != big_dyad:
                continue
            if statement and _other_speakers(_speaker(s), _speaker(b)):
                continue
            share = hits[cid] / totals[cid]
            if share >= best_share and (best is None or share > best_share or b.size > best.size):
                best, best_share = b, share
        if best is not None:
            out[s.cluster_id] = merged.get(best.cluster_id, best.cluster_id)
    return out


def _distinct_weight(word: str, inside: Counter, df: Counter | None, reports: int) -> float:
    """A consensus word's weight in the straggler pass: how rare it is among the type's reports outside the
    big story ("الطوارئ" and "أبها" are this story's own words and count; "هجوم" hardly). In a window where
    one attack fills the type, its own words are common overall but rare outside it. 1 with no counts."""
    if df is None:
        return 1.0
    outside = max(df.get(word, 0) - inside.get(word, 0), 0)
    return max(0.0, math.log((reports + 1) / (outside + 0.5))) / (math.log(reports + 1) or 1.0)


def cluster_events(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS,
                   full: bool = False) -> ClusterStats:
    """Cluster the events that have no cluster yet with the stories they could still join (all events
    when `full`), and rewrite those stories' rows in `clusters`, in one transaction."""
    rows = _fetch_rows(con, full)
    assigned = assign_clusters(rows, window_days, keep_stories=not full)
    _write(con, rows, assigned, full)
    return _stats(con, assigned)


def cluster_store(store: Store, window_days: int = DEFAULT_WINDOW_DAYS, full: bool = False) -> ClusterStats:
    """cluster_events for a writer that takes turns with marsad serve (marsad.handoff): the store file is
    held to read the rows and to write the result, not while the stories are scored."""
    with store.turn() as con:
        rows = _fetch_rows(con, full)
    assigned = assign_clusters(rows, window_days, keep_stories=not full)
    with store.turn() as con:
        _write(con, rows, assigned, full)
        return _stats(con, assigned)


def _stats(con: duckdb.DuckDBPyConnection, assigned: dict[str, str]) -> ClusterStats:
    clusters, multi = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE num_articles > 1) FROM clusters").fetchall()[0]
    return ClusterStats(len(assigned), clusters, multi)


def _fetch_rows(con: duckdb.DuckDBPyConnection, full: bool) -> list[tuple]:
    if full:
        return con.execute(_ROWS.format(where="")).fetchall()
    # the stories a new event could join (begun at most STORY_SPAN_DAYS before it) or be merged with
    # (begun within two days of a story it founds)
    reach = STORY_SPAN_DAYS + 2
    return con.execute(_ROWS.format(where=f"""AND (e.cluster_id IS NULL OR e.cluster_id IN (
        SELECT c.cluster_id FROM clusters c JOIN (
          SELECT DISTINCT {_DAY} AS day FROM events e
          WHERE e.cluster_id IS NULL AND NOT e.negated AND e.published IS NOT NULL) d
        ON c.first_date BETWEEN d.day - {reach} AND d.day + 2))""")).fetchall()


def _write(con: duckdb.DuckDBPyConnection, rows: list[tuple], assigned: dict[str, str], full: bool) -> None:
    previous = sorted({r[17] for r in rows if r[17]})
    summaries = story_summaries(rows, assigned)
    con.register("assigned_clusters", pa.table({"event_id": list(assigned), "cluster_id": list(assigned.values())}))
    con.register("previous_clusters", pa.table({"cluster_id": pa.array(previous, pa.string())}))
    con.register("story_rows", summaries)
    try:
        events_are_a_view = con.execute("SELECT count(*) FROM information_schema.tables "
                                        "WHERE table_name = 'events' AND table_type = 'VIEW'").fetchone()[0]
        with transaction(con):
            if events_are_a_view:  # a store over Parquet shards: cluster ids live beside the read-only files
                if full:
                    con.execute("DELETE FROM event_clusters")
                con.execute("INSERT OR REPLACE INTO event_clusters SELECT event_id, cluster_id FROM assigned_clusters")
            else:
                if full:
                    con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
                con.execute("UPDATE events SET cluster_id = a.cluster_id FROM assigned_clusters a "
                            "WHERE events.event_id = a.event_id")
            if full:
                con.execute("DELETE FROM clusters")
            else:
                con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM previous_clusters) "
                            "OR cluster_id IN (SELECT cluster_id FROM story_rows)")
                # stories whose every report was re-processed away
                con.execute("DELETE FROM clusters c WHERE NOT EXISTS "
                            "(SELECT 1 FROM events e WHERE e.cluster_id = c.cluster_id)")
            con.execute(f"INSERT INTO clusters ({', '.join(_SUMMARY_COLUMNS)}) "
                        f"SELECT {', '.join(_SUMMARY_COLUMNS)} FROM story_rows")
    finally:
        for name in ("assigned_clusters", "previous_clusters", "story_rows"):
            con.unregister(name)


_SUMMARY_COLUMNS = ["cluster_id", "type", "actor_key", "recipient_key", "location_country", "first_date", "last_date",
                    "first_seen", "num_mentions", "num_articles", "num_sources", "representative_event_id",
                    "actor_support", "recipient_support", "location_support", "date", "date_support", "disagreements",
                    "killed", "wounded", "arrested"]


def _consensus_value(values: Counter) -> tuple[str, int]:
    """The value most reports give ('-', none, only when no report gives one), and how many give it."""
    named = {v: n for v, n in values.items() if v != "-"}
    if not named:
        return "-", values.get("-", 0)
    best = min(named, key=lambda v: (-named[v], v))
    return best, named[best]


def _story_values(cid: str, reports: list[tuple]) -> list:
    fields = {"actor": Counter(r[7] for r in reports), "recipient": Counter(r[8] for r in reports),
              "location": Counter(r[9] for r in reports), "date": Counter(r[10].isoformat() for r in reports)}
    consensus = {k: _consensus_value(v) for k, v in fields.items()}
    disagreements = {k: dict(sorted(v.items())) for k, v in fields.items() if len(v) > 1}
    days = [r[10] for r in reports]
    return [cid, reports[0][2], consensus["actor"][0], consensus["recipient"][0], consensus["location"][0],
            min(days), max(days), min(r[4] for r in reports), len(reports), len({r[1] for r in reports}),
            len({r[3] or r[1] for r in reports}), max(reports, key=lambda r: (r[12] or 0.0, r[0]))[0],
            consensus["actor"][1], consensus["recipient"][1], consensus["location"][1],
            date.fromisoformat(consensus["date"][0]), consensus["date"][1],
            json.dumps(disagreements, ensure_ascii=False) if disagreements else None, *_casualties(reports)]


def _casualties(reports: list[tuple]) -> list[int | None]:
    """A story's killed, wounded and arrested: the highest figure a report gives (tolls are revised
    upwards as a story goes on; adding the reports up would count one toll many times)."""
    out: list[int | None] = []
    for column in (18, 19, 20):
        figures = [r[column] for r in reports if len(r) > column and r[column] is not None]
        out.append(max(figures) if figures else None)
    return out


def story_summaries(rows: list[tuple], assigned: dict[str, str]) -> pa.Table:
    """One row per story: its consensus coding, with support counts, and the values other reports give."""
    members: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        if r[0] in assigned:
            members[assigned[r[0]]].append(r)
    out: dict[str, list] = {c: [] for c in _SUMMARY_COLUMNS}
    for cid in sorted(members):
        reports = members[cid]
        if len(reports) == 1:  # most stories: one report, its own consensus (the fast path)
            r = reports[0]
            values = [cid, r[2], r[7], r[8], r[9], r[10], r[10], r[4], 1, 1, 1, r[0],
                      1, 1, 1, r[10], 1, None, *_casualties(reports)]
        else:
            values = _story_values(cid, reports)
        for column, value in zip(_SUMMARY_COLUMNS, values, strict=True):
            out[column].append(value)
    types = {"first_date": pa.date32(), "last_date": pa.date32(), "first_seen": pa.date32(), "date": pa.date32(),
             "num_mentions": pa.int32(), "num_articles": pa.int32(), "num_sources": pa.int32(),
             "actor_support": pa.int32(), "recipient_support": pa.int32(), "location_support": pa.int32(),
             "date_support": pa.int32(), "killed": pa.int32(), "wounded": pa.int32(), "arrested": pa.int32()}
    return pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in out.items()})

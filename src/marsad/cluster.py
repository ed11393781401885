"""One story, many mentions: cross-article clustering of stored events into real-world stories.

Reports of one event disagree: one names ISIS, another "إرهابي", a third codes the victims' force as the
actor, a fourth has no place. So events are not blocked by their dyad but by type and time: inside a type,
events are read in date order, and an event joins an open story (one whose last report is within the
window) found through the rare words they share — words of the sentence, the title, the parties and the
place, weighted by rarity (IDF) — when enough of the new report is already in the story and nothing in
their codings rules it out: two different states in the same role (unless the roles are swapped), two
different countries for the place, two different named people making a statement. Comparisons go only to
stories that share a rare word (an inverted index), so the cost stays near-linear. A second pass merges
stories of several reports, begun within two days, whose consensus words mostly agree: the first reports of
a big attack scatter before the story's vocabulary settles.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pyarrow as pa

from marsad.arabic.normalize import normalize
from marsad.store import transaction

DEFAULT_WINDOW_DAYS = 2
STORY_THRESHOLD = 3.6  # rarity-weighted count of the words a report must share with a story to join it
MIN_CONTAINMENT = 0.1  # and the share of the report's own rare words (by weight) the story holds
STORY_SPAN_DAYS = 4  # a story's reports fall within this many days of its first: daily fighting is not one story
MERGE_MIN_REPORTS = 3  # second pass: stories of at least this many reports may merge …
MERGE_CONSENSUS_SHARE = 0.3  # … compared by the words at least this share of their reports use …
MERGE_OVERLAP = 0.3  # … when the Jaccard overlap of those words reaches this
STRONG_CONTAINMENT = 0.5  # or at least this share (a near-copy of a report already in the story)
_MAX_KEY_WORDS = 20  # the rarest words of an event used to find candidate stories
_MAX_POSTINGS = 60  # open stories remembered per word
_COMMON_SHARE = 0.2  # words in more than this share of a type's events are not keys
_STATEMENT_TYPES = {"ACCUSE", "REJECT", "REQUEST", "SUPPORT", "THREATEN", "SANCTION", "CONCEDE"}

_ROWS = """
SELECT e.event_id, e.doc_id, e.type, e.site, e.published, e.search_norm,
       coalesce(e.actor_name, '') AS actor_name,
       coalesce(e.actor_country, e.actor_group, '-') AS a_key,
       coalesce(e.recipient_country, e.recipient_group, '-') AS r_key,
       coalesce(e.location_country, '-') AS loc_key,
       coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published) AS day,
       coalesce(e.mode, '') AS mode, e.confidence,
       e.actor_country, e.recipient_country, coalesce(a.title, '') AS title, coalesce(e.place_norm, '') AS place
FROM events e LEFT JOIN articles a ON a.doc_id = e.doc_id
WHERE NOT e.negated AND e.published IS NOT NULL
ORDER BY e.type, day, e.event_id
"""

_PLACE_NOUNS = {normalize(w) for w in ("مدينة", "منطقة", "محافظة", "مدينه", "منطقه", "محافظه", "بمنطقة", "بمدينة",
                                       "العاصمة", "حي", "قرية", "ولاية")}
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


def _compatible(story: _Story, actor: str | None, recipient: str | None, place: str, person: str, etype: str,
                place_words: set[str]) -> bool:
    """Nothing in the two codings rules out one event: the same role never names two different states
    (roles swapped are the same dyad read the other way), the place neither two countries nor two places
    with no word in common (the fighting in تعز and in عدن on one day are two events)."""
    if place != "-" and story.places and place not in story.places:
        return False
    if place_words and story.place_words and not place_words & story.place_words:
        return False
    straight = (not actor or not story.actors or actor in story.actors) and (
        not recipient or not story.recipients or recipient in story.recipients)
    swapped = (not actor or not story.recipients or actor in story.recipients) and (
        not recipient or not story.actors or recipient in story.actors)
    if not (straight or swapped):
        return False
    # two named people each making a statement are two statements
    return not (etype in _STATEMENT_TYPES and person and story.people and person not in story.people)


def assign_clusters(rows: list[tuple], window_days: int = DEFAULT_WINDOW_DAYS,
                    threshold: float = STORY_THRESHOLD) -> dict[str, str]:
    """event_id → cluster_id for rows sorted by type and day."""
    assigned: dict[str, str] = {}
    by_type: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_type[row[2]].append(row)
    for etype, block in by_type.items():
        _assign_block(etype, block, window_days, threshold, assigned)
    return assigned


def _assign_block(etype: str, block: list[tuple], window_days: int, threshold: float, assigned: dict[str, str]) -> None:
    titles: dict[str, set[str]] = {}
    for r in block:
        if r[1] not in titles:
            titles[r[1]] = set(_WORD.findall(normalize(r[15]))) if r[15] else set()
    texts = [_words(r[5], titles[r[1]]) for r in block]
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
    block_ids = [r[0] for r in block]
    for row, words in zip(block, texts, strict=True):
        event_id, _, _, _, _, _, actor_name, _, _, loc_key, day, _, _, actor, recipient, _, place_norm = row
        place_words = {w[2:] if w.startswith("ال") else w for w in _WORD.findall(place_norm)} - _PLACE_NOUNS
        person = actor_name.split()[-1] if actor_name else ""
        # sorted by rarity, then spelling: the same keys in every process (set order varies with the hash seed)
        keys = sorted(words - common, key=lambda w: (df[w], w))[:_MAX_KEY_WORDS]
        weight = sum(idf[w] for w in words - common) or 1.0
        # a story lasts the window from its first report: a war's daily fighting is not one story
        candidates = {id(s): s for w in keys for s in index[w]
                      if (day - s.last_day).days <= window_days and (day - s.first_day).days <= STORY_SPAN_DAYS}
        best, best_key = None, (0.0, 0)
        for story in sorted(candidates.values(), key=lambda st: st.cluster_id):
            if not _compatible(story, actor, recipient, loc_key, person, etype, place_words):
                continue
            # the best-matching story; on a tie the one more outlets report (a report without a place
            # or a dyad is likelier to be about the big story)
            shared = sum(idf[w] for w in (words - common) & story.core)
            containment = shared / weight
            # enough rare words in common, or most of the report already in the story (a near-copy:
            # this also lets a small store, where no word is rare, cluster its reprinted reports)
            if containment < MIN_CONTAINMENT or (shared < threshold and containment < STRONG_CONTAINMENT):
                continue
            key = (round(max(shared, threshold), 6), story.size)
            if key >= best_key:
                best, best_key = story, key
        if best is None:
            cid = hashlib.md5(f"{etype}|{day}|{event_id}".encode()).hexdigest()[:16]
            best = _Story(cid, day, day)
        best.last_day = max(best.last_day, day)
        best.size += 1
        best.add_words(words - common)
        best.all_words.update(words)
        best.actors |= {actor} - {None}
        best.recipients |= {recipient} - {None}
        best.places |= {loc_key} - {"-"}
        best.place_words |= place_words
        best.people |= {person} - {""}
        for w in keys:
            postings = index[w]
            if not postings or postings[-1] is not best:
                postings.append(best)
                del postings[:-_MAX_POSTINGS]
        stories[best.cluster_id] = best
        assigned[event_id] = best.cluster_id
    merged = _merge_stories(list(stories.values()))
    for event_id in block_ids:
        assigned[event_id] = merged.get(assigned[event_id], assigned[event_id])


def _consensus(story: _Story) -> set[str]:
    """The words most of a story's reports use (at least 30% of them, and at least two)."""
    least = max(2, MERGE_CONSENSUS_SHARE * story.size)
    return {w for w, c in story.all_words.items() if c >= least}


def _merge_stories(stories: list[_Story]) -> dict[str, str]:
    """Second pass: stories of several reports each, begun within two days of each other, with no
    conflicting place country and mostly the same consensus words, are one story told twice (the first
    reports of a big attack scatter before its vocabulary settles). Returns cluster id → merged cluster id."""
    big = [s for s in stories if s.size >= MERGE_MIN_REPORTS]
    words = {s.cluster_id: _consensus(s) for s in big}
    parent = {s.cluster_id: s.cluster_id for s in big}

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    by_word: dict[str, list[_Story]] = defaultdict(list)
    for s in sorted(big, key=lambda st: st.cluster_id):
        for w in words[s.cluster_id]:
            by_word[w].append(s)
    for a in sorted(big, key=lambda st: st.cluster_id):
        wa = words[a.cluster_id]
        seen: set[str] = set()
        for w in wa:
            for b in by_word[w]:
                if b.cluster_id <= a.cluster_id or b.cluster_id in seen:
                    continue
                seen.add(b.cluster_id)
                wb = words[b.cluster_id]
                if abs((a.first_day - b.first_day).days) > 2 or (a.places and b.places and not a.places & b.places):
                    continue
                if len(wa & wb) / len(wa | wb) >= MERGE_OVERLAP:
                    parent[root(b.cluster_id)] = root(a.cluster_id)
    return {c: root(c) for c in parent if root(c) != c}


def cluster_events(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS) -> ClusterStats:
    """(Re)compute every event's cluster and the clusters table, in one transaction."""
    rows = con.execute(_ROWS).fetchall()
    assigned = assign_clusters(rows, window_days)
    table = pa.table({"event_id": list(assigned), "cluster_id": list(assigned.values())})
    con.register("assigned_clusters", table)
    try:
        events_are_a_view = con.execute("SELECT count(*) FROM information_schema.tables "
                                        "WHERE table_name = 'events' AND table_type = 'VIEW'").fetchone()[0]
        with transaction(con):
            if events_are_a_view:  # a store over Parquet shards: cluster ids live beside the read-only files
                con.execute("DELETE FROM event_clusters")
                con.execute("INSERT INTO event_clusters SELECT event_id, cluster_id FROM assigned_clusters")
            else:
                con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
                con.execute("UPDATE events SET cluster_id = a.cluster_id FROM assigned_clusters a "
                            "WHERE events.event_id = a.event_id")
            con.execute("DELETE FROM clusters")
            con.execute("""
                INSERT INTO clusters
                SELECT e.cluster_id, any_value(e.type),
                       any_value(coalesce(e.actor_country, e.actor_group, '-')),
                       any_value(coalesce(e.recipient_country, e.recipient_group, '-')),
                       any_value(coalesce(e.location_country, '-')),
                       min(coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published)),
                       max(coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published)),
                       min(e.published), count(*), count(DISTINCT e.doc_id), count(DISTINCT coalesce(e.site, e.doc_id)),
                       arg_max(e.event_id, e.confidence)
                FROM events e WHERE e.cluster_id IS NOT NULL GROUP BY e.cluster_id
            """)
    finally:
        con.unregister("assigned_clusters")
    clusters, multi = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE num_articles > 1) FROM clusters").fetchone()
    return ClusterStats(len(assigned), clusters, multi)

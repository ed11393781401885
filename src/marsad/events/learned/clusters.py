"""Unsupervised word clusters for the learned stages: the NER model's table (src/marsad/models/ner/
clusters.json, built from unlabelled news at two granularities, see marsad.nlp.ner.clusters), reused
rather than copied. Words used alike share a cluster, so a word the annotations never marked still
shares weights with the words it is used like, and can be a trigger candidate (learned_clusters)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from marsad.arabic.clitics import prefix_variants

CLUSTERS_PATH = Path(__file__).resolve().parents[2] / "models" / "ner" / "clusters.json"


@lru_cache(maxsize=1)
def load_clusters() -> dict[str, list[int]]:
    """word key (folded, without leading clitics) → cluster ids, coarse then fine; {} when not shipped."""
    try:
        return json.loads(CLUSTERS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=1)
def clusters_fingerprint() -> str | None:
    """A short hash of the shipped table: an event model records the one it was trained with, because its features
    are the table's cluster ids, and a table built again (marsad train ner --clusters-from NEWS) numbers them
    otherwise."""
    try:
        return hashlib.sha256(CLUSTERS_PATH.read_bytes()).hexdigest()[:16]
    except OSError:
        return None


def cluster_key(norm: str) -> str:
    return prefix_variants(norm)[-1]


def token_clusters(doc: Doc) -> list[tuple[int, ...]]:
    """Each token's cluster ids (() for words outside the table), computed once per document."""
    cached = doc.user_data.get("marsad_clusters")
    if cached is None or len(cached) != len(doc):
        table = load_clusters()
        cached = [tuple(table.get(cluster_key(n), ())) for n in doc._.norms]
        doc.user_data["marsad_clusters"] = cached
    return cached

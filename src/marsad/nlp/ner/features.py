"""Token features for the CRF: word and folded form, clitic-stripped stem, affixes, shape,
marsad's own gazetteer and title hits (with BIO position), and the same for neighbours.

Only marsad's shipped knowledge files feed the gazetteer features, so the features at run time are
exactly those the model was trained with.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from marsad.arabic.clitics import prefix_variants
from marsad.arabic.normalize import normalize
from marsad.knowledge.base import load_knowledge


def _shape(token: str) -> str:
    if token.isdigit() or normalize(token).isdigit():
        return "D"
    if any("a" <= c.lower() <= "z" for c in token):
        return "L"
    if any("\u0621" <= c <= "\u064a" for c in token):
        return "A"
    return "P"


def gazetteer_tags(norms: Sequence[str]) -> list[str]:
    kb = load_knowledge()
    tags = ["O"] * len(norms)
    for m in kb.entities.find_all(norms, prefix_variants):
        label = m.value.label
        for i in range(m.start, m.end):
            tags[i] = ("B-" if i == m.start else "I-") + label
    return tags


@lru_cache(maxsize=300_000)
def _word(token: str) -> tuple[str, str, str, tuple[str, ...]]:
    """(folded form, stem, shape, the token's own features without clusters): words repeat, so cached."""
    norm = normalize(token)
    stem = prefix_variants(norm)[-1]
    shape = _shape(token)
    feats = (f"w={norm}", f"s={stem}", f"p2={stem[:2]}", f"p3={stem[:3]}", f"x2={norm[-2:]}", f"x3={norm[-3:]}",
             f"x1={norm[-1:]}", f"sh={shape}", f"al={stem.startswith('ال')}", f"len={min(len(stem), 8)}",
             f"c={norm[:len(norm) - len(stem)]}")
    return norm, stem, shape, feats


def sentence_features(tokens: Sequence[str], norms: Sequence[str] | None = None,
                      clusters: dict[str, list[int]] | None = None) -> list[list[str]]:
    words = [_word(t) for t in tokens]
    norms = [w[0] for w in words] if norms is None else list(norms)
    stems = [w[1] for w in words]
    shapes = [w[2] for w in words]
    gaz = gazetteer_tags(norms)
    kids = [clusters.get(s, ()) if clusters else () for s in stems]
    out: list[list[str]] = []
    n = len(tokens)
    for i in range(n):
        f = ["bias", *words[i][3], f"g={gaz[i]}"]
        f.extend(f"k{level}={cid}" for level, cid in enumerate(kids[i]))
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.append(f"{off}:w={norms[j]}")
                f.append(f"{off}:g={gaz[j]}")
                if off in (-1, 1):
                    f.append(f"{off}:s={stems[j]}")
                    f.append(f"{off}:sh={shapes[j]}")
                    f.extend(f"{off}:k{level}={cid}" for level, cid in enumerate(kids[j]))
            else:
                f.append(f"{off}:pad")
        if i > 0:
            f.append(f"-1|0={norms[i - 1]}|{norms[i]}")
        out.append(f)
    return out

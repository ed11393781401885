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
from marsad.knowledge.base import given_names, load_knowledge


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


def _is_given_name(norm: str) -> bool:
    """A foreign given name (knowledge/data/given_names.txt), bare or behind و، ب، ل or ف ("وريتشارد", "لجيفري"). Not
    behind ال: "الأمين" is an office, not a name."""
    names = given_names()
    return norm in names or (norm[:1] in "وبلف" and norm[1:] in names) or (norm[:2] in ("وب", "ول", "فب", "فل") and norm[2:] in names)


@lru_cache(maxsize=300_000)
def _word(token: str) -> tuple[str, str, str, tuple[str, ...], bool]:
    """(folded form, stem, shape, the token's own features without clusters, whether it is a given name): words
    repeat, so cached."""
    norm = normalize(token)
    stem = prefix_variants(norm)[-1]
    shape = _shape(token)
    given = _is_given_name(norm)
    feats = (f"w={norm}", f"s={stem}", f"p2={stem[:2]}", f"p3={stem[:3]}", f"x2={norm[-2:]}", f"x3={norm[-3:]}",
             f"x1={norm[-1:]}", f"sh={shape}", f"al={stem.startswith('ال')}", f"len={min(len(stem), 8)}",
             f"c={norm[:len(norm) - len(stem)]}") + (("gn",) if given else ())
    return norm, stem, shape, feats, given


@lru_cache(maxsize=300_000)
def _as_neighbour(norm: str, stem: str, shape: str) -> tuple[str, ...]:
    """A word's features as a neighbour, by offset: (-2:w, -1:w, 1:w, 2:w, -1:s, -1:sh, 1:s, 1:sh)."""
    return (f"-2:w={norm}", f"-1:w={norm}", f"1:w={norm}", f"2:w={norm}",
            f"-1:s={stem}", f"-1:sh={shape}", f"1:s={stem}", f"1:sh={shape}")


@lru_cache(maxsize=100_000)
def _cluster_features(prefix: str, kids: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}k{level}={cid}" for level, cid in enumerate(kids))


class _GazetteerFeatures(dict):
    """"{prefix}g={tag}" for each offset's prefix and gazetteer tag, built once."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, tag: str) -> str:
        self[tag] = value = f"{self.prefix}g={tag}"
        return value


_GAZ = {off: _GazetteerFeatures(f"{off}:" if off else "") for off in (-2, -1, 0, 1, 2)}


def folded_forms(tokens: Sequence[str]) -> list[str]:
    """Each token's folded form (normalize), from the per-word cache."""
    return [_word(t)[0] for t in tokens]


def sentence_features(tokens: Sequence[str], norms: Sequence[str] | None = None,
                      clusters: dict[str, list[int]] | None = None,
                      gaz: Sequence[str] | None = None) -> list[list[str]]:
    """Each token's features: its own, its gazetteer tag and clusters, and those of the words up to two away.
    The strings are built from per-word caches (the same words recur in every article): this runs on every
    sentence with a trigger word, a tenth of the pipeline's time before the caches. `gaz`: the sentence's
    gazetteer tags when the caller has them already."""
    words = [_word(t) for t in tokens]
    norms = [w[0] for w in words] if norms is None else list(norms)
    gaz = gazetteer_tags(norms) if gaz is None else gaz
    kids = [tuple(clusters.get(w[1], ())) if clusters else () for w in words]
    near = [_as_neighbour(norm, w[1], w[2]) for norm, w in zip(norms, words, strict=True)]
    g0, gm2, gm1, gp1, gp2 = _GAZ[0], _GAZ[-2], _GAZ[-1], _GAZ[1], _GAZ[2]
    ks = _cluster_features
    out: list[list[str]] = []
    n = len(tokens)
    for i in range(n):
        f = ["bias", *words[i][3], g0[gaz[i]], *ks("", kids[i])]
        if i >= 2:
            f += (near[i - 2][0], gm2[gaz[i - 2]])
        else:
            f.append("-2:pad")
        if i >= 1:
            nb = near[i - 1]
            f += (nb[1], gm1[gaz[i - 1]], nb[4], nb[5], *ks("-1:", kids[i - 1]))
            if words[i - 1][4]:
                f.append("-1:gn")  # after a given name: a surname
        else:
            f.append("-1:pad")
        if i + 1 < n:
            nb = near[i + 1]
            f += (nb[2], gp1[gaz[i + 1]], nb[6], nb[7], *ks("1:", kids[i + 1]))
            if words[i + 1][4]:
                f.append("1:gn")
        else:
            f.append("1:pad")
        if i + 2 < n:
            f += (near[i + 2][3], gp2[gaz[i + 2]])
        else:
            f.append("2:pad")
        if i > 0:
            f.append(f"-1|0={norms[i - 1]}|{norms[i]}")
        out.append(f)
    return out

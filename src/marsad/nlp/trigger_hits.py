"""A trigger word found in the text: where it is and which lexicon row it matched."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.knowledge.base import Trigger


@dataclass
class TriggerHit:
    start: int
    end: int
    trigger: Trigger
    text_norm: str
    clitic: str = ""
    suffixed: bool = False  # a pronoun suffix fills the noun's genitive: "إدانتهما", "اعتدائه"

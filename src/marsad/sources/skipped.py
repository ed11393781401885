"""A record a reader passed over on purpose (a non-Arabic page in a WARC): counted, not an error."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

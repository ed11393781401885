"""arabic_event_gsr (Open Event Data Alliance, MIT licence): Arabic newswire sentences (2007–2008) that
annotators judged to report an ASSAULT or a PROTEST, or not. They teach the trigger stage attack and protest
wordings from outlets other than the training corpus's: a unanimous "yes" makes the sentence's candidates of
that type events of that type, a unanimous "easy no" makes them non-events. Candidates of other types are
left out (the sentence was judged for one type only), and so are the "difficult no" and "ambiguous" rows."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

FILES = (("assault_gsr.csv", "ASSAULT"), ("protest_gsr.csv", "PROTEST"))
LABELS = {"yes": True, "easy no": False}


@dataclass
class GsrSentence:
    id: str
    text: str
    etype: str
    event: bool  # annotators agreed: the sentence reports an event of `etype`
    doc: Doc | None = None


def load_gsr(directory: Path) -> list[GsrSentence]:
    """The unanimous sentences of the two CSV files in `directory` (../shared/data/events/arabic_event_gsr)."""
    out = []
    for name, etype in FILES:
        path = directory / name
        if not path.exists():
            raise FileNotFoundError(f"{path}: not an arabic_event_gsr directory")
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                label = LABELS.get((row.get("label") or "").strip())
                text = (row.get("text") or "").strip()
                if label is not None and text:
                    out.append(GsrSentence(row.get("id") or "", text, etype, label))
    return out


def analyse_gsr(sentences: list[GsrSentence]) -> list[GsrSentence]:
    from marsad.nlp.pipeline import analyze, build_nlp

    nlp = build_nlp("rules")
    for s in sentences:
        s.doc = analyze(s.text, None, None, title="", nlp=nlp)
    return sentences

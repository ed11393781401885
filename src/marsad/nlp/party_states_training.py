"""Training the party-state model (party_states.py) from annotated articles (EVENTS.md gold).

Each article is analysed with the rules' states only. Each gold participant found in its sentence over a party the
model looks at (party_states.in_scope) is one choice: its candidates are labelled right when they are the same party
as the gold (EVENTS.md: the same state, or the state a group acts for; "no state" for a gold of neither). Choices
with no right candidate (a gold group such as ISIS) teach nothing and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.events.learned.linear import LinearModel
from marsad.nlp.party_states import PartyStates, StateMentions, context_of, disabled, in_scope, state_candidates

# Session 75: see the model card (CV by `python bench/party_states_cv.py`).
L2 = 0.3
MARGIN = 0.5


@dataclass
class Choice:
    features: list[list[str]]
    labels: list[str]  # "1" for a right candidate
    doc_id: str = ""


def article_choices(item) -> Iterator[Choice]:
    """The choices of one analysed article (annotated.Annotated, analysed with the model disabled)."""
    from marsad.evaluate import same_party
    from marsad.evaluate_actors import _best_party, located_participants

    doc = item.doc
    context = context_of(doc)
    mentions = StateMentions.of(doc._.hits or [])
    for gold, _, _, tokens in located_participants(item):
        party = _best_party(doc._.parties or [], tokens) if tokens else None
        if party is None or not in_scope(party):
            continue
        others = [p for p in doc._.parties if doc._.sentence_of[p.start] == doc._.sentence_of[party.start]]
        candidates = state_candidates(party, context, mentions, doc._.norms, doc._.sentence_of, others)
        labels = ["1" if same_party({"country": state}, gold) else "0" for state, _ in candidates]
        if "1" in labels and len(labels) > 1:
            yield Choice([features for _, features in candidates], labels, item.doc_id)


def collect_choices(directories: list[Path], corpus: Path | None = None, padt: Path | None = None,
                    newsfane: Path | None = None) -> tuple[list[Choice], int]:
    """The choices of the annotated articles, and how many articles they came from."""
    from marsad.events.learned.annotated import analyse, load_annotated

    choices: list[Choice] = []
    items = load_annotated(directories, corpus, padt, newsfane)
    with disabled():
        for item in items:
            choices.extend(article_choices(analyse(item)))
            item.doc = None  # a Doc per article would hold gigabytes
    return choices, len(items)


def fit(choices: list[Choice], l2: float = L2, margin: float = MARGIN) -> PartyStates:
    if not any(c.labels[0] == "0" for c in choices):
        raise ValueError("the rules' state is right for every annotated participant: nothing to learn")
    model = LinearModel.fit_listwise([(c.features, c.labels) for c in choices], l2=l2)
    return PartyStates(model, margin)

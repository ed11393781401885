"""The learned event coder: stages trained from annotated articles (EVENTS.md gold).

  relevance   article → is this political or security news? (bag of words of title and lead)
  triggers    each trigger candidate (lexicon hit or learned trigger form) → an event type or none
  arguments   each (trigger, participant) pair → actor, recipient or neither
  decoding    types and roles → drafts
  plausibility each finished draft → kept or dropped (is this type between these parties likely? learned from
              the drafts of models that did not see each training fold; plausibility.py)
  records.py turns the kept drafts into EVENTS.md records

Every stage is a linear model over named features (`linear.LinearModel`), trained with
scikit-learn and applied in pure Python, so the pipeline needs no learner at run time.
"""

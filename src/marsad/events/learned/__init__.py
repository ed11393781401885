"""The learned event coder: stages trained from annotated articles (EVENTS.md gold).

  relevance   article → is this political or security news? (bag of words of title and lead)
  triggers    each trigger candidate (lexicon hit or learned trigger form) → an event type or none
  arguments   each (trigger, participant) pair → actor, recipient or neither
  decoding    types and roles → drafts, which records.py turns into EVENTS.md records

Every stage is a linear model over named features (`linear.LinearModel`), trained with
scikit-learn and applied in pure Python, so the pipeline needs no learner at run time.
"""

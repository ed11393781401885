"""The comparison model for marsad's CRF: a spaCy NER trained from scratch on the same data.

    python bench/ner_spacy_baseline.py --minutes 8

Reads ANERcorp's splits in place, trains `spacy.blank("ar")` + "ner" (spaCy's default CNN tok2vec,
no pretrained vectors) with a fixed seed for at most --minutes, keeps the epoch best on dev, and
prints CoNLL exact-span scores on dev and test with marsad's scorer.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example

from marsad.evaluate import EntityScores
from marsad.nlp.ner.model import bio_spans
from marsad.nlp.ner.train import load_sentences

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "anercorp-split"


def to_examples(nlp, sentences):
    out = []
    for s in sentences:
        doc = Doc(nlp.vocab, words=s.tokens)
        ents = [(doc[a:b].start_char, doc[a:b].end_char, label) for a, b, label in bio_spans(s.tags)]
        out.append(Example.from_dict(doc, {"entities": ents}))
    return out


def score(nlp, sentences) -> EntityScores:
    scores = EntityScores()
    for s in sentences:
        doc = nlp(Doc(nlp.vocab, words=s.tokens))
        pred = {(e.start, e.end, e.label_) for e in doc.ents}
        scores.add(set(bio_spans(s.tags)), pred)
    return scores


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=8)
    args = ap.parse_args()
    spacy.util.fix_random_seed(13)
    random.seed(13)
    train = load_sentences([DATA / "train_data.txt"])
    dev = load_sentences([DATA / "dev_data.txt"])
    test = load_sentences([DATA / "test_data.txt"])
    nlp = spacy.blank("ar")
    nlp.add_pipe("ner")
    examples = to_examples(nlp, train)
    optimizer = nlp.initialize(lambda: examples)
    deadline = time.time() + args.minutes * 60
    best, best_f1, epoch = None, -1.0, 0
    started = time.time()
    while time.time() < deadline:
        epoch += 1
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.2)
        f1 = score(nlp, dev).prf(["PER", "LOC", "ORG"])[2]
        print(f"epoch {epoch}: dev PER+LOC+ORG F1 {f1:.3f} ({time.time() - started:.0f} s)", flush=True)
        if f1 > best_f1:
            best_f1, best = f1, nlp.to_bytes()
    nlp.from_bytes(best)
    print("dev\n" + score(nlp, dev).table())
    print("test\n" + score(nlp, test).table())
    n_tokens = sum(len(s.tokens) for s in test)
    t0 = time.time()
    score(nlp, test)
    print(f"speed: {n_tokens / (time.time() - t0):.0f} tokens/s")


if __name__ == "__main__":
    main()

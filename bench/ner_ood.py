"""The NER model on out-of-domain text: the 1,000 Arabic sentences of UD PUD (500 from Wikipedia, 500 from
international news, translated), annotated blind in the ANERcorp scheme (data/annotations/ner_pud).

    python bench/ner_ood.py [--model DIR]

The labels file keeps only sent_id and one label per token; the sentences are read in place from
../shared/data/ud/pud and tokenised here (whitespace, punctuation split off, clitics kept), exactly as the
annotators saw them. Reports CoNLL exact-span P/R/F1 for the Wikipedia half, the news half and both.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.evaluate import EntityScores
from marsad.nlp.ner.labels import coarse_tag
from marsad.nlp.ner.model import DEFAULT_MODEL_DIR, NerModel, bio_spans

ROOT = Path(__file__).resolve().parents[1]
PUD = ROOT.parent / "shared" / "data" / "ud" / "pud" / "ar_pud-ud-test.conllu"
LABELS = ROOT / "data" / "annotations" / "ner_pud" / "labels.jsonl"
_PUNCT = set("\"'“”«»،؛؟!?.,:;()[]{}-–—/…")


def tokens(text: str) -> list[str]:
    """Whitespace tokens with leading and trailing punctuation split off (ANERcorp keeps clitics attached)."""
    out: list[str] = []
    for word in text.split():
        lead: list[str] = []
        while word and word[0] in _PUNCT:
            lead.append(word[0])
            word = word[1:]
        trail: list[str] = []
        while word and word[-1] in _PUNCT:
            trail.insert(0, word[-1])
            word = word[:-1]
        out += lead + ([word] if word else []) + trail
    return out


def pud_sentences(path: Path = PUD) -> dict[str, str]:
    out, sent_id = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id = "):
            sent_id = line.split("= ", 1)[1].strip()
        elif line.startswith("# text = ") and sent_id:
            out[sent_id] = line.split("= ", 1)[1].strip()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="An NER model directory (default: the shipped one).")
    args = ap.parse_args()
    model = NerModel.load(args.model or DEFAULT_MODEL_DIR)
    texts = pud_sentences()
    parts = {"wikipedia": EntityScores(), "news": EntityScores(), "both": EntityScores()}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        toks = tokens(texts[row["sent_id"]])
        if len(toks) != len(row["labels"]):
            raise SystemExit(f"{row['sent_id']}: {len(row['labels'])} labels for {len(toks)} tokens")
        gold = set(bio_spans([coarse_tag(t) for t in row["labels"]]))
        pred = set(model.spans(toks))
        for name in ("wikipedia" if row["sent_id"].startswith("w") else "news", "both"):
            parts[name].add(gold, pred)
    for name, scores in parts.items():
        print(f"{name}\n{scores.table()}\n")


if __name__ == "__main__":
    main()

"""Speed of marsad's NER stage on one core, and the time to load the model.

    python bench/ner_speed.py [--model DIR]

Tags ANERcorp's test split (read in place) sentence by sentence, features included, as the
pipeline does; reports tokens/s. The load time is measured in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from marsad.nlp.ner.model import DEFAULT_MODEL_DIR, NerModel
from marsad.nlp.ner.train import load_sentences

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "anercorp-split"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    args = ap.parse_args()
    load = subprocess.run([sys.executable, "-c", (
        "import time; t=time.perf_counter(); from marsad.nlp.ner.model import NerModel; "
        f"NerModel.load({args.model!r}); print(time.perf_counter()-t)")], capture_output=True, text=True, check=True)
    model = NerModel.load(args.model)
    sentences = load_sentences([DATA / "test_data.txt"])
    tokens = sum(len(s.tokens) for s in sentences)
    model.tag(sentences[0].tokens)  # warm the knowledge index
    t0 = time.perf_counter()
    for _ in range(3):
        for s in sentences:
            model.tag(s.tokens)
    seconds = (time.perf_counter() - t0) / 3
    print(f"date: {date.today()}  machine: {platform.machine()} python {platform.python_version()}")
    print(f"model load (fresh interpreter, imports included): {float(load.stdout):.2f} s")
    print(f"tagging: {tokens} tokens in {seconds:.2f} s = {tokens / seconds:.0f} tokens/s (one core)")


if __name__ == "__main__":
    main()

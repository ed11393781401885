"""Count judges' marks on events drawn at random from the corpus (issue 10: at least 60% right on type,
parties and direction), with their agreement (Cohen's kappa per mark).

    python bench/judged_events.py data/annotations/judged_2026-11-30

The folder holds items.jsonl (tools/sample_events_for_judging.py) and one judgeN.jsonl per judge.
"""

from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path

MARKS = ("ok", "type_ok", "actor_ok", "recipient_ok", "direction_ok")


def load(path: Path) -> dict[int, dict]:
    return {j["item"]: j for j in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if j}


def kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    args = ap.parse_args()
    items = load(args.folder / "items.jsonl")
    judges = {p.stem: load(p) for p in sorted(args.folder.glob("judge*.jsonl"))}
    for name, marks in judges.items():
        missing = set(items) - set(marks)
        if missing:
            raise SystemExit(f"{name}: no mark for items {sorted(missing)[:10]}")
    print(f"{len(items)} events, {len(judges)} judges")
    print("mark".ljust(14) + "".join(n.rjust(9) for n in judges) + "     both   kappa")
    for mark in MARKS:
        row = [sum(bool(m[i][mark]) for i in items) for m in judges.values()]
        both = sum(all(bool(m[i][mark]) for m in judges.values()) for i in items)
        kappas = [kappa([bool(a[i][mark]) for i in items], [bool(b[i][mark]) for i in items])
                  for a, b in combinations(judges.values(), 2)]
        k = f"{sum(kappas) / len(kappas):.2f}" if kappas else "-"
        print(mark.ljust(14) + "".join(f"{x / len(items):9.2f}" for x in row) + f"{both / len(items):9.2f}{k:>8}")
    by_type: dict[str, list[int]] = {}
    for i, it in items.items():
        right = sum(bool(m[i]["ok"]) for m in judges.values())
        by_type.setdefault(it["event"]["type"], []).append(right)
    print("ok by type (share of judge marks):",
          ", ".join(f"{t} {sum(v) / (len(v) * len(judges)):.2f} (n={len(v)})"
                    for t, v in sorted(by_type.items(), key=lambda kv: -len(kv[1]))))


if __name__ == "__main__":
    main()

"""How well the rewording check tells a faithful rewording from one that changes the message.

    python -m evals.rewording_eval [--sweep]

On `evals/rewording/labelled.yaml`: rewordings of real grounded drafts (`drafts.yaml`) written and labelled by an
author who saw only the drafts; "bad" ones carry the kind of error. A bad rewording refused is a true positive; a
good one refused is a false alarm (the buyer gets the plain draft: safe, only less warm). `--sweep` prints the
trade-off of the sentence-support floor.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import yaml

from nodes.reword_check import SUPPORT_FLOOR, rewording_problems

FOLDER = Path(__file__).parent / "rewording"


def load() -> list[tuple[str, dict]]:
    drafts = {d["id"]: d["draft"] for d in yaml.safe_load((FOLDER / "drafts.yaml").read_text(encoding="utf-8"))}
    items = yaml.safe_load((FOLDER / "labelled.yaml").read_text(encoding="utf-8"))
    return [(drafts[item["draft_id"]], item) for item in items]


def score(items: list[tuple[str, dict]], floor: float) -> dict[str, float]:
    tp = fp = fn = tn = 0
    missed: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for draft, item in items:
        refused = bool(rewording_problems(draft, str(item["text"]), support_floor=floor))
        bad = item["label"] == "bad"
        kinds[item.get("error", "good")] += 1
        tp += refused and bad
        fp += refused and not bad
        fn += (not refused) and bad
        tn += (not refused) and not bad
        if bad and not refused:
            missed[item.get("error", "?")] += 1
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "false_alarm_rate": fp / (fp + tn) if fp + tn else 0.0, "n": len(items),
            "missed": dict(missed), "kinds": dict(kinds)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args(argv)
    items = load()
    for floor in ((0.3, 0.4, 0.5, 0.6, 0.7) if args.sweep else (SUPPORT_FLOOR,)):
        s = score(items, floor)
        mark = "   <- shipped" if floor == SUPPORT_FLOOR else ""
        print(f"support floor {floor:.1f}: precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"false alarms {s['false_alarm_rate']:.3f}  (n {s['n']}){mark}")
    s = score(items, SUPPORT_FLOOR)
    print("bad rewordings let through, by kind:", s["missed"] or "none", "| kinds:", s["kinds"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How far the objection head is from a careful reader: a second reading of the objection test part,
blind to its labels and to the model (`bench/data/objection_second_reading.jsonl`, labelled by
`nlp/data/objection/LABELS.md`), set beside the corpus labels and the shipped pipeline, in one run.

If readers agree with the corpus far more often than the model does, the labels are not what holds the
head back. Nothing here trains or chooses anything."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp import datasets as ds  # noqa: E402
from nlp.labels import OBJECTIONS  # noqa: E402
from nlp.metrics import multi_label  # noqa: E402

READING = Path(__file__).parent / "data" / "objection_second_reading.jsonl"


def compare(a: dict[str, set], b: dict[str, set], ids: list[str]):
    return multi_label([a[i] for i in ids], [b[i] for i in ids], list(OBJECTIONS))


def main() -> int:
    from nlp.pipeline import Pipeline

    test = {e.id: e for e in ds.corpus_splits("objection")["test"]}
    reader = {r["id"]: set(r["labels"]) for r in map(json.loads, READING.read_text(encoding="utf-8").splitlines())}
    if set(reader) != set(test):
        print(f"the second reading covers {len(set(reader) & set(test))} of {len(test)} test examples; "
              "it was made for the test part as it stood at stop 21", file=sys.stderr)
        return 1
    pipeline = Pipeline.load("use")
    model = {i: {o.type for o in pipeline.analyze(e.text).objections} for i, e in test.items()}
    gold = {i: set(e.labels) for i, e in test.items()}
    print("| part | n | reader vs corpus | model vs corpus | model vs reader |")
    print("|---|---|---|---|---|")
    groups = [("all", list(test))] + [(lang, [i for i, e in test.items() if e.lang == lang]) for lang in ("en", "zh")]
    groups += [(kind, [i for i, e in test.items() if e.kind == kind]) for kind in ("quote", "transcript", "notes")]
    for name, ids in groups:
        print(f"| {name} | {len(ids)} | {compare(gold, reader, ids).micro_f1:.3f} | {compare(gold, model, ids).micro_f1:.3f} | "
              f"{compare(reader, model, ids).micro_f1:.3f} |")
    by_reader, by_model = compare(gold, reader, list(test)).per_class, compare(gold, model, list(test)).per_class
    print("\n| label | reader vs corpus | model vs corpus |\n|---|---|---|")
    for label in OBJECTIONS:
        print(f"| {label} | {by_reader[label]['f1']:.3f} | {by_model[label]['f1']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

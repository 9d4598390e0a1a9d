"""Skill detector figures for MODEL_CARD.md: F1 of every detector on the held-out test part of
nlp/data/skills (never used to train or to choose thresholds)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp import datasets as ds  # noqa: E402
from nlp.metrics import single_label  # noqa: E402
from nlp.skills import SPIN, SkillContext, SkillDetectors  # noqa: E402


def f1(gold: list[bool], pred: list[bool]) -> tuple[float, int]:
    tp = sum(g and p for g, p in zip(gold, pred))
    denom = sum(gold) + sum(pred)
    return (2 * tp / denom if denom else 1.0), sum(gold)


def main() -> int:
    from nlp.pipeline import MODELS_DIR, Pipeline

    p = Pipeline.load("use")
    det = SkillDetectors.load(p, MODELS_DIR)
    test = ds.corpus_splits("skills")["test"]
    results = []
    for e in test:
        c = e.extra["context"]
        results.append((e, det.score(e.text, SkillContext(c.get("style"), c.get("emotion"), c.get("objection"), c.get("customer")))))
    print("| detector | kind | test n (positives) | F1 | F1 en | F1 zh |\n|---|---|---|---|---|---|")

    def row(name, kind, gold_pred):
        out = []
        for lang in (None, "en", "zh"):
            pairs = [(g, q) for (g, q, l) in gold_pred if lang is None or l == lang]
            out.append(f1([g for g, _ in pairs], [q for _, q in pairs]))
        n = len(gold_pred)
        print(f"| {name} | {kind} | {n} ({out[0][1]}) | **{out[0][0]:.3f}** | {out[1][0]:.3f} | {out[2][0]:.3f} |")

    # A reply leaves a skill null when it was not labelled for it (the SPIN-only batch) or, for
    # addresses_objection, when there was no objection to answer: it does not count for that skill.
    for d in ("empathy", "fab", "ownership", "style_fit", "avoid_phrase", "addresses_objection"):
        row(d, "rule" if d == "avoid_phrase" else "trained",
            [(bool(e.extra["skills"][d]), bool(r.values[d]), e.lang) for e, r in results if e.extra["skills"].get(d) is not None])
    for q in ("open", "closed"):
        row(f"question = {q}", "rule", [(e.extra["skills"]["question"] == q, r.values["question"] == q, e.lang) for e, r in results])
    for s in SPIN:
        row(f"SPIN = {s}", "trained", [(e.extra["skills"]["spin"] == s, r.values["spin"] == s, e.lang) for e, r in results])
    rep = single_label([e.extra["skills"]["spin"] or "none" for e, _ in results], [r.values["spin"] or "none" for _, r in results])
    print(f"\nSPIN category (5-way incl. none) accuracy {rep.accuracy:.3f}, macro-F1 {rep.macro_f1:.3f}; test n = {len(results)}")
    # The newest batch beside the replies that predate it, so a batch's effect on the old part shows.
    newest = max(_batch(e.id) for e, _ in results)
    for name, keep in ((f"predating batch {newest}", lambda e: _batch(e.id) < newest), (f"batch {newest}", lambda e: _batch(e.id) == newest)):
        part = [(e, r) for e, r in results if keep(e)]
        cells = ", ".join(f"{s} {f1([e.extra['skills']['spin'] == s for e, _ in part], [r.values['spin'] == s for _, r in part])[0]:.3f}"
                          f" ({sum(e.extra['skills']['spin'] == s for e, _ in part)})" for s in SPIN)
        print(f"SPIN on the {len(part)} replies {name}: {cells}")
    return 0


def _batch(reply_id: str) -> int:
    """The batch a reply was written in, from its id: sk-en-0001 is batch 1, sk-zh9-0001 batch 9."""
    tag = reply_id.split("-")[1]
    return int(tag[2:] or 1)


if __name__ == "__main__":
    sys.exit(main())

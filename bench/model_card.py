"""The figures in MODEL_CARD.md: every head through the whole pipeline on held-out splits and public
dev sets, beside a zero-shot baseline (the nearest of two example sentences per label).

    python bench/model_card.py [--encoder use] > /tmp/figures.md
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from nlp import datasets as ds  # noqa: E402
from nlp.labels import EMOTIONS, OBJECTIONS, STYLES  # noqa: E402
from nlp.metrics import multi_label, single_label  # noqa: E402

# Two example sentences per label, as the zero-shot baseline the issue describes.
PROTOTYPES = {
    "analytical": ["Can you send me the detailed specifications and test data?", "I need to compare the numbers before deciding."],
    "driver": ["Just give me the bottom line.", "I want this done by Friday, what's the price?"],
    "expressive": ["This is so exciting, our team will love it!", "Let me tell you about our big vision for next year!"],
    "amiable": ["I'd like to check with everyone on the team first.", "Thank you so much, I really appreciate your help."],
    "critical": ["Your last release was full of bugs.", "I don't believe these claims, prove it."],
    "anger": ["This is outrageous, I want to speak to your manager!", "I'm furious about how you treated me."],
    "frustration": ["This is the third time I'm explaining the same problem.", "I'm fed up with waiting."],
    "anxiety": ["I'm worried my data will be lost.", "Will it arrive in time? I'm really nervous."],
    "confusion": ["I don't understand this invoice.", "How does this work? I'm confused."],
    "disappointment": ["I expected much more from you.", "Sadly the product let me down."],
    "satisfaction": ["Thank you, that solved my problem.", "Great service, I'm happy with it."],
    "excitement": ["I can't wait to start using it!", "Wow, this new feature is amazing!"],
    "neutral": ["What is the tracking number?", "Please send me the invoice."],
    "price": ["It's too expensive for us.", "That's over our budget."],
    "timing": ["Let's talk again next quarter.", "Now is not a good time."],
    "authority": ["I need to check with my boss.", "The board has to approve this."],
    "need": ["We don't really need this.", "Our current process works fine."],
    "trust": ["How do I know you'll deliver?", "I've heard bad reviews about your company."],
    "competitor": ["We already use another vendor.", "Your competitor offered us a better deal."],
    "product_fit": ["It doesn't integrate with our system.", "It's missing the features we need."],
}


class Baseline:
    def __init__(self, pipeline) -> None:
        self.p = pipeline
        self.vec = {label: pipeline.encoder.encode(s) for label, s in PROTOTYPES.items()}

    def sims(self, text: str, labels) -> np.ndarray:
        f = self.p.featurize(text)
        e = f.inp.embeddings.mean(axis=0) if len(f.inp.embeddings) else np.zeros(self.p.encoder.dim)
        e = e / (np.linalg.norm(e) or 1)
        return np.array([float((self.vec[l] @ e).max()) for l in labels])

    def single(self, text, labels):
        return labels[int(np.argmax(self.sims(text, labels)))]

    def objections(self, text, threshold=0.45):
        s = self.sims(text, OBJECTIONS)
        return {OBJECTIONS[int(np.argmax(s))]} if s.max() >= threshold else set()


def row(name, n, ours, base, metric):
    return f"| {name} | {n} | {metric} | **{ours:.3f}** | {base:.3f} |"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", default="use")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    from nlp.pipeline import Pipeline

    p = Pipeline.load(args.encoder)
    base = Baseline(p)
    lines = ["| set | n | metric | TalkTrack | zero-shot baseline |", "|---|---|---|---|---|"]
    details = []

    def style_rows(split):
        exs = ds.corpus_splits("style")[split]
        for lang in ("en", "zh"):
            sub = [e for e in exs if e.lang == lang]
            pred = [p.analyze(e.text).style.label for e in sub]
            bpred = [base.single(e.text, STYLES) for e in sub]
            r, b = single_label([e.label for e in sub], pred, list(STYLES)), single_label([e.label for e in sub], bpred, list(STYLES))
            lines.append(row(f"style {split} ({lang})", len(sub), r.macro_f1, b.macro_f1, "macro-F1"))
            details.append((f"style {split} ({lang})", r))

    style_rows("test")
    exs = ds.corpus_splits("objection")["test"]
    pred = [{o.type for o in p.analyze(e.text).objections} for e in exs]
    bpred = [base.objections(e.text) for e in exs]
    r = multi_label([set(e.labels) for e in exs], pred, list(OBJECTIONS))
    b = multi_label([set(e.labels) for e in exs], bpred, list(OBJECTIONS))
    lines.append(row("objections test (en+zh)", len(exs), r.micro_f1, b.micro_f1, "micro-F1"))
    details.append(("objections test", r))
    for lang in ("en", "zh"):
        sub = [e for e in exs if e.lang == lang]
        rr = multi_label([set(e.labels) for e in sub], [{o.type for o in p.analyze(e.text).objections} for e in sub], list(OBJECTIONS))
        lines.append(f"| objections test ({lang}) | {len(sub)} | micro-F1 | {rr.micro_f1:.3f} | |")

    exs = ds.corpus_splits("emotion")["test"]
    pred = [p.analyze(e.text).emotion.label for e in exs]
    bpred = [base.single(e.text, EMOTIONS) for e in exs]
    r = single_label([e.label for e in exs], pred, list(EMOTIONS))
    b = single_label([e.label for e in exs], bpred, list(EMOTIONS))
    lines.append(row("customer-service emotion test (en+zh)", len(exs), r.accuracy, b.accuracy, "accuracy"))
    details.append(("customer-service emotion test", r))

    exs = ds.corpus_splits("social")["test"]
    r = single_label([e.label for e in exs], [p.analyze(e.text).emotion.label for e in exs], list(EMOTIONS))
    b = single_label([e.label for e in exs], [base.single(e.text, EMOTIONS) for e in exs], list(EMOTIONS))
    lines.append(row("Chinese social-media posts test", len(exs), r.accuracy, b.accuracy, "accuracy"))

    ge = ds.load_goemotions("dev")
    g = ds.COARSE_GROUPS
    pred = [g[p.analyze(e.text).emotion.label] for e in ge]
    bpred = [g[base.single(e.text, EMOTIONS)] for e in ge]
    r = single_label([g[e.label] for e in ge], pred)
    b = single_label([g[e.label] for e in ge], bpred)
    lines.append(row("GoEmotions dev, 6 coarse groups", len(ge), r.macro_f1, b.macro_f1, "macro-F1"))
    details.append(("GoEmotions dev (6 groups)", r))

    groups = ["happy", "angry", "sad", "fear", "neutral"]
    for which in ("usual", "virus"):
        smp = ds.load_smp2020(which)
        pred = [ds.SMP_GROUPS[p.analyze(e.text).emotion.label] for e in smp]
        bpred = [ds.SMP_GROUPS[base.single(e.text, EMOTIONS)] for e in smp]
        r = single_label([e.label for e in smp], pred, groups)
        b = single_label([e.label for e in smp], bpred, groups)
        lines.append(row(f"SMP2020-EWECT {which} eval, 5 groups (measure only)", len(smp), r.macro_f1, b.macro_f1, "macro-F1"))
        details.append((f"SMP2020-EWECT {which}", r))

    ed = ds.load_empathetic()
    pred = [p.analyze(e.text).emotion.label for e in ed]
    bpred = [base.single(e.text, EMOTIONS) for e in ed]
    labels7 = [l for l in EMOTIONS if l not in ("neutral", "confusion")]
    r = single_label([e.label for e in ed], pred, labels7)
    b = single_label([e.label for e in ed], bpred, labels7)
    lines.append(row("EmpatheticDialogues dev, mapped (measure only)", len(ed), r.macro_f1, b.macro_f1, "macro-F1"))

    print("\n".join(lines))
    print()
    for name, r in details:
        print(f"\n**{name}** per class (precision / recall / F1, support):\n")
        print("| label | P | R | F1 | n |\n|---|---|---|---|---|")
        for label, m in r.per_class.items():
            print(f"| {label} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

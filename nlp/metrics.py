"""Classification metrics, small enough to read: accuracy, per-class P/R/F1, confusion."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Report:
    labels: list[str]
    n: int
    accuracy: float
    macro_f1: float
    micro_f1: float
    per_class: dict[str, dict[str, float]]  # label -> precision, recall, f1, support
    confusion: list[list[int]] | None  # rows: gold, columns: predicted (single-label only)

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def single_label(gold: list[str], pred: list[str], labels: list[str] | None = None) -> Report:
    labels = labels or sorted(set(gold) | set(pred))
    index = {l: i for i, l in enumerate(labels)}
    conf = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred):
        if g in index and p in index:
            conf[index[g]][index[p]] += 1
    per, f1s = {}, []
    for l, i in index.items():
        tp = conf[i][i]
        fp = sum(conf[j][i] for j in range(len(labels))) - tp
        fn = sum(conf[i]) - tp
        p, r, f = _prf(tp, fp, fn)
        per[l] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": sum(conf[i])}
        if sum(conf[i]):
            f1s.append(f)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return Report(labels, len(gold), round(acc, 4), round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
                  round(acc, 4), per, conf)


def multi_label(gold: list[set[str]], pred: list[set[str]], labels: list[str]) -> Report:
    per, f1s = {}, []
    TP = FP = FN = 0
    for l in labels:
        tp = sum(l in g and l in p for g, p in zip(gold, pred))
        fp = sum(l not in g and l in p for g, p in zip(gold, pred))
        fn = sum(l in g and l not in p for g, p in zip(gold, pred))
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        p, r, f = _prf(tp, fp, fn)
        support = sum(l in g for g in gold)
        per[l] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": support}
        if support:
            f1s.append(f)
    exact = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    micro = _prf(TP, FP, FN)[2]
    return Report(labels, len(gold), round(exact, 4), round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
                  round(micro, 4), per, None)

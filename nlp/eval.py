"""Measuring the whole pipeline on labelled lines: what `talktrack eval` prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from nlp import labels as registry
from nlp.metrics import Report, multi_label, single_label

TASK_FIELDS = {"style": "style", "emotion": "emotion", "objection": "objection"}


@dataclass
class EvalResult:
    reports: dict[str, Report] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def gold_objections(value) -> set[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return set() if value in ("", "none") else {value}
    return set(value)


def check_line(n: int, row: object) -> str | None:
    """Why a labelled line cannot be used, or None."""
    if not isinstance(row, dict):
        return f"line {n}: expected a JSON object"
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        return f"line {n}: missing or empty \"text\""
    if not any(k in row for k in TASK_FIELDS.values()):
        return f"line {n}: no label (give any of style, emotion, objection)"
    for task in ("style", "emotion"):
        if task in row and row[task] not in registry.names(task):
            return f"line {n}: unknown {task} {row[task]!r}; expected one of {', '.join(registry.names(task))}"
    objs = gold_objections(row.get("objection"))
    if objs is not None and not objs <= set(registry.OBJECTIONS):
        return f"line {n}: unknown objection(s) {sorted(objs - set(registry.OBJECTIONS))}; expected {', '.join(registry.OBJECTIONS)}"
    return None


def evaluate(rows: Iterable[tuple[int, dict]], analyze: Callable[[str, str], object],
             on_step: Callable[[], None] = lambda: None) -> EvalResult:
    gold: dict[str, list] = {t: [] for t in TASK_FIELDS}
    pred: dict[str, list] = {t: [] for t in TASK_FIELDS}
    result = EvalResult()
    for n, row in rows:
        problem = check_line(n, row)
        if problem:
            result.skipped.append(problem)
            on_step()
            continue
        a = analyze(row["text"], row.get("lang", "auto"))
        if "style" in row:
            gold["style"].append(row["style"])
            pred["style"].append(a.style.label)
        if "emotion" in row:
            gold["emotion"].append(row["emotion"])
            pred["emotion"].append(a.emotion.label)
        objs = gold_objections(row.get("objection"))
        if objs is not None:
            gold["objection"].append(objs)
            pred["objection"].append({o.type for o in a.objections})
        on_step()
    for task in ("style", "emotion"):
        if gold[task]:
            result.reports[task] = single_label(gold[task], pred[task], list(registry.names(task)))
    if gold["objection"]:
        result.reports["objection"] = multi_label(gold["objection"], pred["objection"], list(registry.OBJECTIONS))
    return result

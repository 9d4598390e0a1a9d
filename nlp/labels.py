"""Every label set TalkTrack predicts, defined once.

Heads, knowledge tags, the API schema and the evaluation tables all read these
tuples; adding a label means adding it here (with its display names) and giving
it training data and knowledge entries — the tests check that those exist.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str
    en: str
    zh: str
    valence: float = 0.0  # only meaningful for emotions: -1 (negative) .. 1 (positive)
    # Only for styles: how long a reply this customer reads before it feels long-winded (words; two
    # Chinese characters count as one). Role-play scores a trainee's reply length against it.
    reply_words: int = 0


STYLE_LABELS: tuple[Label, ...] = (
    Label("analytical", "Analytical", "分析型", reply_words=110),
    Label("driver", "Driver", "驾驭型", reply_words=45),
    Label("expressive", "Expressive", "表现型", reply_words=80),
    Label("amiable", "Amiable", "和蔼型", reply_words=90),
    Label("critical", "Critical", "挑剔型", reply_words=80),
)

EMOTION_LABELS: tuple[Label, ...] = (
    Label("anger", "Anger", "愤怒", -0.9),
    Label("frustration", "Frustration", "沮丧不满", -0.6),
    Label("anxiety", "Anxiety", "焦虑", -0.5),
    Label("confusion", "Confusion", "困惑", -0.2),
    Label("disappointment", "Disappointment", "失望", -0.6),
    Label("satisfaction", "Satisfaction", "满意", 0.7),
    Label("excitement", "Excitement", "兴奋", 0.9),
    Label("neutral", "Neutral", "平静", 0.0),
)

OBJECTION_LABELS: tuple[Label, ...] = (
    Label("price", "Price", "价格"),
    Label("timing", "Timing", "时机"),
    Label("authority", "Authority", "决策权"),
    Label("need", "Need", "需求"),
    Label("trust", "Trust", "信任"),
    Label("competitor", "Competitor", "竞争对手"),
    Label("product_fit", "Product fit", "产品匹配"),
)

STYLES = tuple(label.name for label in STYLE_LABELS)
EMOTIONS = tuple(label.name for label in EMOTION_LABELS)
OBJECTIONS = tuple(label.name for label in OBJECTION_LABELS)
REPLY_WORDS = {label.name: label.reply_words for label in STYLE_LABELS}
NEGATIVE_EMOTIONS = tuple(label.name for label in EMOTION_LABELS if label.valence < -0.1)

LABEL_SETS: dict[str, tuple[Label, ...]] = {
    "style": STYLE_LABELS,
    "emotion": EMOTION_LABELS,
    "objection": OBJECTION_LABELS,
}


def names(task: str) -> tuple[str, ...]:
    """The label names of a task, refusing an unknown task with the valid ones listed."""
    try:
        return tuple(label.name for label in LABEL_SETS[task])
    except KeyError:
        raise KeyError(f"unknown task {task!r}; known tasks: {', '.join(LABEL_SETS)}") from None


def valence(emotion: str) -> float:
    return next(label.valence for label in EMOTION_LABELS if label.name == emotion)

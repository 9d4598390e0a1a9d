"""How the customer feels: per turn, across the conversation, and how likely it is to escalate."""
from __future__ import annotations

import re

import numpy as np

from nlp.features import FEATURES
from nlp.heads import Head, HeadInput, register
from nlp.labels import EMOTION_LABELS
from nlp.types import EmotionResult, TrajectoryPoint

# Later turns count more: an angry customer who is now relieved reads as relieved.
RECENCY_DECAY = 0.4
_VALENCE = np.array([label.valence for label in EMOTION_LABELS], dtype=np.float32)
_AROUSAL_CUES = [FEATURES.index(f) for f in ("exclamation", "intensifier", "caps", "urgency")]

THREATS = re.compile(
    r"\b(?:(?:speak|talk) (?:to|with) (?:your|a|the) (?:manager|supervisor|boss)|escalat\w+|"
    r"cancel(?:ling|ing)? (?:my|the|our)? ?(?:order|account|subscription|contract|membership)|i(?:'ll| will| am going to|'m going to) cancel|"
    r"close my account|lawyer|legal action|sue you|report (?:you|this)|file a complaint|complain(?:t)? to|"
    r"(?:bad|negative|1-star|one-star) review|better business bureau|chargeback|switch(?:ing)? to (?:another|a different|your competitor)|"
    r"never (?:buy|order|use) (?:from )?(?:you|this)|take my business elsewhere|last chance|i'm done with you)\b"
    r"|投诉|12315|消协|消费者协会|曝光|律师|起诉|找你们(?:领导|经理|主管|老板)|叫你们(?:领导|经理|主管)|差评|退钱|"
    r"取消(?:订单|合作|会员|订阅)|不(?:再)?(?:跟|和)你们合作|换一家|再也不(?:买|用)|工商局|媒体",
    re.I,
)


@register("emotion")
class EmotionHead(Head):
    def predict(self, inp: HeadInput) -> EmotionResult:
        labels = self.linear.labels
        cues = inp.cue_matrix
        turns = list(dict.fromkeys(s.segment for s in inp.sentences))
        if not turns:
            neutral = np.array([1.0 if l == "neutral" else 0.0 for l in labels])
            return EmotionResult("neutral", 0.0, 0.0, dict(zip(labels, map(float, neutral))), [], "low")
        texts = inp.texts
        rows = [inp.rows_of(seg) for seg in turns]
        probs = list(self.linear.spans_proba([(inp.embeddings[r], cues[r], [texts[i] for i in r]) for r in rows]))
        intensities = [_intensity(p, labels, cues[r]) for p, r in zip(probs, rows)]
        weights = np.array([RECENCY_DECAY ** (len(turns) - 1 - i) for i in range(len(turns))])
        weights /= weights.sum()
        overall = (np.stack(probs) * weights[:, None]).sum(axis=0)
        best = int(np.argmax(overall))
        trajectory = [TrajectoryPoint(seg, labels[int(np.argmax(p))], round(i, 4))
                      for seg, p, i in zip(turns, probs, intensities)]
        risk, signals, details = escalation(inp, trajectory)
        return EmotionResult(
            label=labels[best],
            intensity=round(float(np.dot(weights, intensities)), 4),
            valence=round(float(np.clip(np.dot(overall, _VALENCE), -1, 1)), 4),
            scores={l: round(float(v), 4) for l, v in zip(labels, overall)},
            trajectory=trajectory,
            escalation_risk=risk,
            escalation_signals=signals,
            escalation_details=details,
        )


def _intensity(p: np.ndarray, labels: tuple[str, ...], cue_rows: np.ndarray) -> float:
    """How strongly the feeling shows: its certainty away from neutral, raised by arousal cues."""
    emotional = 1.0 - float(p[labels.index("neutral")])
    arousal = float(cue_rows[:, _AROUSAL_CUES].max()) if len(cue_rows) else 0.0
    return float(np.clip(emotional * (0.6 + 0.4 * arousal), 0.0, 1.0))


def escalation(inp: HeadInput, trajectory: list[TrajectoryPoint]) -> tuple[str, list[str], list[dict]]:
    """low / medium / high, with the signals that raised it (as English text and as codes)."""
    hot = {"anger", "frustration"}
    signals: list[str] = []
    details: list[dict] = []
    score = 0.0
    threats = [s.text for s in inp.sentences if THREATS.search(s.text)]
    if threats:
        score += 2
        signals.append(f"threat to leave or escalate: “{threats[-1]}”")
        details.append({"code": "threat", "text": threats[-1]})
    if trajectory:
        last = trajectory[-1]
        if last.label in hot:
            score += 1 + (last.intensity > 0.75)
            signals.append(f"latest turn reads as {last.label} ({last.intensity:.2f})")
            details.append({"code": "latest_turn", "label": last.label, "intensity": round(last.intensity, 2)})
        negative = [t for t in trajectory if t.label in hot | {"disappointment"}]
        if len(negative) >= 3:
            score += 1
            signals.append(f"{len(negative)} complaining turns")
            details.append({"code": "repeated", "count": len(negative)})
        if len(trajectory) >= 2 and last.label in hot:
            first_hot = next(t for t in trajectory if t.label in hot)
            if trajectory[0].label not in hot or last.intensity > first_hot.intensity + 0.1:
                score += 1
                signals.append("anger or frustration rising across turns")
                details.append({"code": "rising"})
        if last.label in ("satisfaction", "excitement"):
            score -= 2
    level = "high" if score >= 3 else "medium" if score >= 1.5 else "low"
    return level, signals, details

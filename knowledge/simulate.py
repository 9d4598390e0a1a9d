"""The role-play customer: a small state machine driven by the scenario's lines and by what the
trainee's reply actually does (its skill scores), with a little seeded variation between runs."""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from knowledge.roleplay import Lines, Scenario
from nlp.labels import NEGATIVE_EMOTIONS
from nlp.skills import SkillResult

WIN_TRUST = 0.6
GOOD_TURN = 0.5
# Which skills matter, by what the moment calls for; weights are relative.
BASE_WEIGHTS = {"style_fit": 1.0, "avoid_phrase": 1.0, "empathy": 0.3, "ownership": 0.3, "length": 0.5}
# A driver wants the fix, not the sympathy; an amiable or expressive customer needs to feel heard.
EMPATHY_BY_STYLE = {"driver": 0.4, "analytical": 0.7, "critical": 0.8, "amiable": 1.3, "expressive": 1.2}
_CALMER = {"anger": "frustration", "frustration": "neutral", "anxiety": "neutral", "confusion": "neutral",
           "disappointment": "neutral", "neutral": "satisfaction", "satisfaction": "satisfaction", "excitement": "excitement"}
_HOTTER = {"neutral": "frustration", "satisfaction": "neutral", "excitement": "neutral", "confusion": "frustration",
           "anxiety": "frustration", "disappointment": "frustration", "frustration": "anger", "anger": "anger"}


@dataclass
class SimState:
    trust: float
    patience: int
    emotion: str
    turn: int = 0
    raised: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    open_objection: str | None = None
    # How far the trainee has got with the open objection: each reply adds its detector score over
    # the threshold, so one clear answer resolves it and two half-convincing ones do too.
    progress: float = 0.0
    done: bool = False
    outcome: str | None = None  # won | lost | turn_limit

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class TurnResult:
    customer_message: str
    state: SimState
    score: dict  # {"overall": 0..100, "skills": {name: {"score", "applicable", "value"}}}
    feedback: list[str]
    better_line: str


def _pick(lines: Lines, lang: str, rng: random.Random) -> str:
    return rng.choice(lines.get(lang))


def start(sc: Scenario, lang: str, seed: int) -> tuple[SimState, str]:
    rng = random.Random(seed)
    state = SimState(trust=0.3, patience=sc.persona.patience, emotion=sc.persona.emotion)
    message = _pick(sc.opening, lang, rng)
    first = sc.objections[0]
    if first.reveal_after == 0:
        state.raised.append(first.type)
        state.open_objection = first.type
        message += " " + _pick(first.raise_, lang, rng)
    return state, message


def weights(sc: Scenario, state: SimState) -> dict[str, float]:
    w = dict(BASE_WEIGHTS)
    if state.open_objection:
        w["addresses_objection"] = 2.0
    if state.emotion in NEGATIVE_EMOTIONS:
        w["empathy"] = 1.2
        w["ownership"] = 1.0 if sc.track == "service" else 0.5
    w["empathy"] *= EMPATHY_BY_STYLE[sc.persona.style]
    if sc.persona.style == "driver":
        w["length"] = 1.0
    # Discovery questions and FAB pitches count when the floor is open, not while an objection waits.
    if not state.open_objection:
        if sc.stage in ("discovery", "prospecting"):
            w["question"], w["spin"] = 1.0, 0.8
        if sc.stage in ("demo", "proposal"):
            w["fab"] = 0.8
    return w


def turn_score(sc: Scenario, state: SimState, skills: SkillResult) -> dict:
    w = weights(sc, state)
    parts = {}
    for name, weight in w.items():
        if not skills.applicable.get(name, False):
            continue
        parts[name] = (weight, skills.scores.get(name, 0.0))
    total = sum(wt for wt, _ in parts.values()) or 1.0
    overall = sum(wt * s for wt, s in parts.values()) / total
    if skills.values.get("avoid_phrase"):
        overall *= 0.4
    return {"overall": round(100 * overall, 1),
            "skills": {name: {"score": round(100 * skills.scores.get(name, 0.0), 1), "weight": w.get(name, 0.0),
                              "applicable": name in parts, "value": skills.values.get(name)} for name in skills.scores}}


def step(sc: Scenario, state: SimState, lang: str, text: str, skills: SkillResult, seed: int) -> TurnResult:
    rng = random.Random(seed)
    score = turn_score(sc, state, skills)
    quality = score["overall"] / 100
    state.turn += 1
    message_parts: list[str] = []
    objection = state.open_objection
    better = sc.better_lines.get(objection or "general", sc.better_lines["general"]).get(lang)

    if skills.values.get("avoid_phrase"):
        state.patience -= 2
        state.trust = max(0.0, state.trust - 0.15)
        state.emotion = _HOTTER[state.emotion]
        message_parts.append(_pick(sc.reactions.avoid_phrase, lang, rng))
    elif objection:
        spec = next(o for o in sc.objections if o.type == objection)
        state.progress += skills.scores.get("addresses_objection", 0.0) / skills.thresholds.get("addresses_objection", 0.5)
        heard = spec.listen_for is not None and spec.listen_for.heard(text, lang)
        if heard or state.progress >= 1.0:  # one answer past the detector's threshold is enough alone
            state.resolved.append(objection)
            state.open_objection, state.progress = None, 0.0
            state.trust = min(1.0, state.trust + 0.25)
            state.emotion = _CALMER[state.emotion]
            message_parts.append(_pick(spec.accepted, lang, rng))
        else:
            state.patience -= 1
            state.trust = max(0.0, state.trust - 0.05)
            message_parts.append(_pick(spec.pushback, lang, rng))
    elif quality >= GOOD_TURN:
        state.trust = min(1.0, state.trust + 0.12)
        state.emotion = _CALMER[state.emotion]
        message_parts.append(_pick(sc.reactions.good, lang, rng))
    elif skills.applicable.get("style_fit") and not skills.values.get("style_fit"):
        # A weak reply in the wrong register draws the persona's own complaint (a driver grows curt).
        state.patience -= 1
        state.emotion = _HOTTER[state.emotion] if state.emotion in NEGATIVE_EMOTIONS else state.emotion
        message_parts.append(_pick(sc.reactions.off_style, lang, rng))
    else:
        state.patience -= 1
        state.trust = max(0.0, state.trust - 0.05)
        message_parts.append(_pick(sc.reactions.poor, lang, rng))

    if state.patience <= 0:
        state.patience = 0
        state.done, state.outcome = True, "lost"
        message_parts = [_pick(sc.walk_away, lang, rng)]
    elif not state.open_objection:
        pending = [o for o in sc.objections if o.type not in state.raised]
        if pending and state.turn >= pending[0].reveal_after:
            state.raised.append(pending[0].type)
            state.open_objection = pending[0].type
            message_parts.append(_pick(pending[0].raise_, lang, rng))
        elif not pending and state.trust >= WIN_TRUST:
            state.done, state.outcome = True, "won"
            message_parts = [*message_parts[:1], _pick(sc.agreement, lang, rng)]
    if not state.done and state.turn >= sc.max_turns:
        state.done, state.outcome = True, "turn_limit"
        message_parts.append(_pick(sc.walk_away, lang, rng))
    return TurnResult(" ".join(message_parts), state, score, feedback(score, lang, better), better)


SKILL_NAMES = {
    "empathy": ("acknowledging the customer's feeling", "认可客户的感受"),
    "question": ("asking open questions", "提开放式问题"),
    "spin": ("SPIN discovery questions", "SPIN 探询式提问"),
    "fab": ("linking a feature to the customer's benefit (FAB)", "把功能讲到客户收益上（FAB）"),
    "addresses_objection": ("answering the objection actually raised", "回应客户真正提出的异议"),
    "style_fit": ("fitting the customer's style", "贴合客户的沟通风格"),
    "avoid_phrase": ("avoiding phrases that inflame", "避免激化矛盾的说法"),
    "ownership": ("owning a concrete next step with a time", "主动承担具体的下一步并给出时间"),
    "length": ("keeping the reply to a length this customer will read", "回复长短合适，对方愿意读完"),
}


def feedback(score: dict, lang: str, better: str) -> list[str]:
    applicable = {k: v for k, v in score["skills"].items() if v["applicable"] and v["weight"] > 0}
    if not applicable:
        return []
    zh = lang == "zh"
    strongest = max(applicable, key=lambda k: (applicable[k]["score"], applicable[k]["weight"]))
    weakest = min(applicable, key=lambda k: (applicable[k]["score"], -applicable[k]["weight"]))
    name = lambda k: SKILL_NAMES[k][1 if zh else 0]  # noqa: E731
    out = [f"做得好：{name(strongest)}。" if zh else f"Strongest: {name(strongest)}."]
    if weakest != strongest and applicable[weakest]["score"] < 60:
        out.append(f"待加强：{name(weakest)}。" if zh else f"Work on: {name(weakest)}.")
    out.append(f"更好的说法：{better}" if zh else f"A better line: {better}")
    return out

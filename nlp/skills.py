"""Skill detectors for a trainee's reply in role-play: empathy, question type, SPIN category, FAB,
answering the objection raised, fit to the customer's style, phrases to avoid, ownership.

Rules where the definition is lexical (phrases to avoid, question form); small trained linear
models over the reply's embedding, cue features and a few skill-specific signals elsewhere.
Trained by `talktrack train skills` from nlp/data/skills/ and stored as plain arrays.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp.features import FEATURES
from nlp.heads.base import sigmoid, softmax
from nlp.labels import OBJECTIONS, STYLES

TRAINED = ("empathy", "fab", "ownership", "addresses_objection", "style_fit", "spin")
SPIN = ("situation", "problem", "implication", "need_payoff")
SPIN_CLASSES = ("none", *SPIN)
SKILLS = ("empathy", "question", "spin", "fab", "addresses_objection", "style_fit", "avoid_phrase", "ownership")

AVOID = re.compile(
    r"\bcalm down\b|\bthat'?s (?:our|the|company) policy\b|\bit'?s (?:our|company) policy\b|\byou must have misunderstood\b|"
    r"\bthere'?s nothing (?:i|we) can do\b|\bnot my (?:problem|department|job)\b|\byou should have read\b|\bas i already said\b|"
    r"你冷静一下|冷静点|这是(?:公司|我们的)?规定|公司规定|我也没办法|没办法[，,]?这是|你肯定是?(?:弄|搞|看)错了|这不归我管|"
    r"不是我(?:们)?的(?:问题|责任)|你自己没看清楚", re.I)
_OPEN_EN = re.compile(r"^(?:so |and |but |ok(?:ay)?,? |great,? |also,? )?(?:what|how|why|which|where|when|who|tell me|walk me through|"
                      r"describe|could you (?:tell|walk|describe|share)|can you (?:tell|walk|describe|share))\b", re.I)
_OPEN_ZH = re.compile(r"什么|怎么|为什么|哪些|哪个|哪里|多少|如何|说说|讲讲|聊聊|具体|怎样|几个|多久|多长")
_CLOSED_ZH = re.compile(r"[吗么]\s*[？?]?$|是不是|能不能|可不可以|要不要|有没有|还是")
EMPATHY_WORDS = re.compile(
    r"\bunderstand(?:able)?\b|\bi hear you\b|\bi can (?:see|imagine)\b|\bthat'?s (?:a )?(?:fair|valid|reasonable)\b|"
    r"\bfrustrat|\bworr|\bsorry (?:that|for|about)\b|\bmust be\b|\bin your (?:shoes|position)\b|\bmakes sense\b|"
    r"理解|明白您|换作是我|换位|确实让人|难怪|您的担心|您的顾虑|辛苦您|给您添|抱歉让您|着急", re.I)
FAB_LINKS = re.compile(
    r"\bwhich means\b|\bso that\b|\bso you\b|\bthis means\b|\bmeaning (?:you|your)\b|\bthat way\b|\bwhich lets\b|"
    r"\bwhich (?:cuts|saves|gives|frees|reduces)\b|\bin practice\b|\bfor you,? that\b|"
    r"这意味着|也就是说|这样(?:您|你|你们|一来)|从而|帮(?:您|你们)|对(?:您|你们)来说|这样就|意味着", re.I)
OWNERSHIP_WORDS = re.compile(
    r"\bi(?:'ll| will| am going to|'m going to)\b|\bi'?m \w+ing\b.{0,60}\b(?:now|today|right away|immediately)\b|"
    r"\bi(?:'ve| have) (?:just )?(?:\w+ed|sent|done|made|put)\b|\bby (?:\d|tomorrow|today|tonight|end of|monday|tuesday|wednesday|thursday|friday|noon)|"
    r"\bwithin (?:\d|an? |the next)|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|"
    r"我(?:今天|马上|现在|这就|会|来|亲自|负责|刚|已经)|(?:\d{1,2}|[一二三四五六七八九十两]{1,3})点(?:前|之前|以前)?|今天(?:下班)?前|明天(?:上午|下午|中午)?|小时内|分钟内", re.I)


# What each SPIN category's questions usually ask about; inputs to the SPIN detector beside the embedding.
SPIN_WORDS = {
    "situation": re.compile(r"\bhow many\b|\bcurrently\b|\bright now\b|\bat the moment\b|\bwhat (?:do you|are you) (?:use|using)\b|"
                            r"\bhow (?:do|does) (?:you|your team)\b|\bwho (?:handles|does)\b|\bhow often\b|\bset ?up\b|"
                            r"目前|现在|多少|几个|用的是|怎么做的|谁负责|流程是|平时", re.I),
    "problem": re.compile(r"\bdifficult|\bproblem|\bchalleng|\bfrustrat|\bbreak(?:s)? down\b|\bstruggl|\bhard\b|\bslow\b|"
                          r"\bunhappy\b|\bdissatisf|\bpain|\bgo(?:es)? wrong\b|\bissues?\b|"
                          r"难|问题|麻烦|不满意|头疼|卡|出错|不顺|痛点|吃力", re.I),
    "implication": re.compile(r"\bcost|\bimpact|\baffect|\bconsequence|\blos(?:e|ing|t)\b|\brisk|\bwhat happens\b|"
                              r"\bknock-?on\b|\bpenalt|\bdelay|\bchurn|"
                              r"影响|损失|后果|代价|意味着什么|连带|罚款|流失|耽误", re.I),
    "need_payoff": re.compile(r"\bif (?:you|we|your)\b.*\b(?:would|could)\b|\bhow would (?:it|that)\b|\bwhat would (?:it|that)\b|"
                              r"\bworth\b|\bvalue\b|\bbenefit|\bhelp (?:you|your)\b|\bfree up\b|"
                              r"如果.{0,20}(?:会|能)|能帮|好处|价值|值不值|省下|意味着.{0,6}(?:您|你们)", re.I),
}
FEATURE_WORDS = re.compile(r"\bour\b|\bthe (?:new )?\w+ (?:feature|module|function|dashboard|api|app)\b|\bbuilt-in\b|\bautomatic|"
                           r"我们的|功能|模块|系统|自动", re.I)
BENEFIT_WORDS = re.compile(r"\byou(?:r)?\b.{0,40}\b(?:save|saves|saving|fewer|less|more|faster|cut|reduce|avoid|free)|"
                           r"(?:您|你们).{0,20}(?:节省|省下|少|更快|减少|避免|多出|提高)", re.I)


@dataclass
class SkillContext:
    style: str | None = None
    emotion: str | None = None
    objection: str | None = None
    customer: str | None = None  # the customer's last message (kept with each scored turn)


@dataclass
class SkillResult:
    """Per skill: a 0..1 score, whether it applies to this turn, and what was found."""

    scores: dict[str, float] = field(default_factory=dict)
    applicable: dict[str, bool] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)


def question_sentences(sentences: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(t, l) for t, l in sentences if t.rstrip().endswith(("?", "？")) or (l == "zh" and _CLOSED_ZH.search(t))]


def question_type(sentences: list[tuple[str, str]]) -> str:
    qs = question_sentences(sentences)
    if not qs:
        return "none"
    for text, lang in qs:
        if (lang == "zh" and _OPEN_ZH.search(text)) or (lang == "en" and _OPEN_EN.search(text.strip())):
            return "open"
    return "closed"


def design_row(emb: np.ndarray, cues: np.ndarray, n_words: int, ctx: SkillContext, detector: str,
               objection_prob: float, text: str, question_emb: np.ndarray, questions: str) -> np.ndarray:
    """The input of one trained detector: shared signals plus the ones that detector needs."""
    cue_mean = cues.mean(axis=0) if len(cues) else np.zeros(len(FEATURES), dtype=np.float32)
    length = np.array([min(n_words / 60.0, 2.0), float(n_words <= 40), float(n_words > 80)], dtype=np.float32)
    extra: list[float] = []
    if detector == "empathy":
        extra = [float(bool(EMPATHY_WORDS.search(text)))]
    elif detector == "fab":
        extra = [float(bool(FAB_LINKS.search(text))), float(bool(FEATURE_WORDS.search(text))),
                 float(bool(BENEFIT_WORDS.search(text)))]
    elif detector == "ownership":
        extra = [float(len(OWNERSHIP_WORDS.findall(text)) > 0), min(len(OWNERSHIP_WORDS.findall(text)), 3) / 3]
    elif detector == "addresses_objection":
        onehot = [float(ctx.objection == o) for o in OBJECTIONS]
        lex = 0.0
        if ctx.objection:
            name = {"product_fit": "fit_words"}.get(ctx.objection, f"{ctx.objection}_words")
            lex = float(cue_mean[FEATURES.index(name)])
        extra = [*onehot, lex, objection_prob]
    elif detector == "style_fit":
        # Each style rewards different cues: the interaction lets one linear model learn all five.
        local = np.concatenate([cue_mean, length])
        extra = list(np.concatenate([local * float(ctx.style == s) for s in STYLES]))
    elif detector == "spin":
        words = [float(bool(p.search(questions))) for p in SPIN_WORDS.values()]
        return np.concatenate([question_emb, [float(question_emb.any())], words]).astype(np.float32)
    return np.concatenate([emb, cue_mean, length, np.array(extra, dtype=np.float32)]).astype(np.float32)


def project(X: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Replace the embedding block of detector rows by its projection on one learnt direction."""
    d = len(direction)
    return np.concatenate([(X[:, :d] @ direction)[:, None], X[:, d:]], axis=1)


class SkillDetectors:
    def __init__(self, pipeline, arrays: dict[str, np.ndarray], card: dict) -> None:
        self.pipeline = pipeline
        self.arrays = arrays
        self.card = card

    @classmethod
    def load(cls, pipeline, models_dir: Path) -> "SkillDetectors":
        from nlp.heads.base import ModelCardError

        path = models_dir / pipeline.encoder.name / "skills"
        if not path.with_suffix(".npz").exists():
            raise ModelCardError(f"no trained skill detectors at {path}.npz; train them with `talktrack train skills`")
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        card = json.loads(path.with_suffix(".card.json").read_text(encoding="utf-8"))
        if card.get("features") != list(FEATURES):
            raise ModelCardError("the skill detectors were trained with other cue features; run `talktrack train skills`")
        return cls(pipeline, arrays, card)

    def rows(self, text: str, ctx: SkillContext) -> tuple[dict[str, np.ndarray], list[tuple[str, str]]]:
        f = self.pipeline.featurize(text)
        sents = [(s.text, s.lang) for s in f.inp.sentences]
        emb = f.inp.embeddings.mean(axis=0) if len(f.inp.embeddings) else np.zeros(self.pipeline.encoder.dim, np.float32)
        asked = question_sentences(sents)
        qidx = [i for i, s in enumerate(sents) if s in asked]
        qemb = f.inp.embeddings[qidx].mean(axis=0) if qidx else np.zeros(self.pipeline.encoder.dim, np.float32)
        n_words = sum(len(t.split()) if l == "en" else max(1, len(t) // 2) for t, l in sents)
        obj_prob = 0.0
        if ctx.objection and "objection" in self.pipeline.heads:
            head = self.pipeline.heads["objection"].linear
            from nlp.heads.base import represent
            p = head.proba(represent(f.inp.embeddings, f.inp.cue_matrix)) if len(f.inp.embeddings) else np.zeros(len(OBJECTIONS))
            obj_prob = float(p[OBJECTIONS.index(ctx.objection)])
        cues = f.inp.cue_matrix
        questions = " ".join(q for q, _ in asked)
        return {d: design_row(emb, cues, n_words, ctx, d, obj_prob, text, qemb, questions) for d in TRAINED}, sents

    def predict_rows(self, rows: dict[str, np.ndarray]) -> dict[str, float | np.ndarray]:
        out: dict[str, float | np.ndarray] = {}
        for d, x in rows.items():
            if f"{d}/direction" in self.arrays:
                x = project(x[None, :], self.arrays[f"{d}/direction"])[0]
            z = (x - self.arrays[f"{d}/mu"]) / self.arrays[f"{d}/sigma"]
            logits = z @ self.arrays[f"{d}/W"].T + self.arrays[f"{d}/b"]
            out[d] = softmax(logits) if d == "spin" else float(sigmoid(logits)[0])
        return out

    def score(self, text: str, ctx: SkillContext) -> SkillResult:
        rows, sents = self.rows(text, ctx)
        p = self.predict_rows(rows)
        th = {d: float(self.arrays[f"{d}/threshold"][0]) for d in TRAINED if d != "spin"}
        r = SkillResult()
        qtype = question_type(sents)
        spin_p = p["spin"]
        spin = SPIN_CLASSES[int(np.argmax(spin_p))] if qtype != "none" else "none"
        r.values = {"question": qtype, "spin": None if spin == "none" else spin,
                    "avoid_phrase": bool(AVOID.search(text)), "words": sum(len(t.split()) for t, l in sents if l == "en")
                    + sum(len(t) for t, l in sents if l == "zh") // 2}
        for d in ("empathy", "fab", "ownership", "style_fit"):
            r.values[d] = p[d] >= th[d]
            r.scores[d] = float(p[d])
        r.values["addresses_objection"] = (p["addresses_objection"] >= th["addresses_objection"]) if ctx.objection else None
        r.scores["addresses_objection"] = float(p["addresses_objection"]) if ctx.objection else 0.0
        r.scores["question"] = {"open": 1.0, "closed": 0.5, "none": 0.0}[qtype]
        r.scores["spin"] = 0.0 if spin == "none" else float(np.max(spin_p))
        r.scores["avoid_phrase"] = 0.0 if r.values["avoid_phrase"] else 1.0  # 1 = clean
        r.applicable = {"empathy": True, "question": True, "spin": True, "fab": True, "style_fit": ctx.style is not None,
                        "addresses_objection": ctx.objection is not None, "avoid_phrase": True, "ownership": True}
        return r

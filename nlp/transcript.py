"""Turning pasted text into speaker turns, or recognising it as a rep's notes.

Handles role labels in English and Chinese, named speakers, half- and full-width
colons, timestamps before or after the speaker, chat exports where a line
`张三 10:02` precedes the message, and turns that run over several lines.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from nlp.lang import detect, pattern_table
from nlp.types import ParsedText, Role, Segment, SpeakerRole

# --- speaker vocabulary ---------------------------------------------------------------
CUSTOMER_WORDS_EN = ("customer", "client", "buyer", "prospect", "user", "them", "caller", "guest", "visitor")
REP_WORDS_EN = ("agent", "rep", "sales", "support", "me", "us", "salesperson", "csr", "seller",
                "representative", "advisor", "consultant", "staff", "operator", "host")
CUSTOMER_WORDS_ZH = ("客户", "顾客", "买家", "用户", "客人", "买方", "访客", "消费者", "来电人")
REP_WORDS_ZH = ("客服", "销售", "坐席", "顾问", "我方", "卖家", "商家", "店家", "店员", "专员", "我")
# What may follow a Chinese role word without turning it into prose ("客户说：" is a quote
# inside notes, "客户小李：" is a speaker).
_ZH_ROLE_TAIL_REJECT = re.compile(r"(说|表示|反馈|提到|认为|觉得|问|回复|回答|背景|需求|情况|信息|资料|画像|类型|名称|问题|笔记|记录|日志|备忘|纪要|小结|总结|跟进|备注|复盘|档案|概况|简介|近况|现状|分析)$")
# Field names that look like speakers in notes ("Budget: 50k", "预算：5万").
FIELD_WORDS = {
    "note", "notes", "budget", "timeline", "summary", "subject", "date", "time", "re", "fw", "fwd", "ps",
    "next steps", "next step", "action items", "action", "price", "pricing", "goal", "goals", "context",
    "background", "status", "update", "pain points", "pain", "decision", "q", "a", "tl;dr", "tldr",
    "result", "results", "outcome", "owner", "contact", "phone", "email", "address", "company", "industry",
    "stage", "important", "reminder", "todo", "to do", "agenda", "objection", "objections", "risk", "risks",
    "deal", "product", "meeting", "call", "location", "example", "tip", "warning", "attendees", "feedback",
    "备注", "预算", "时间", "背景", "总结", "结论", "需求", "问题", "痛点", "下一步", "联系人", "电话", "地址",
    "公司", "行业", "阶段", "价格", "时间线", "决策人", "会议", "记录", "跟进", "反馈", "要点", "注意", "目标",
}

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_DATE = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
_STAMP = rf"(?:{_DATE}[ T]?)?{_TIME}|{_DATE}"
_BRACKETED = rf"[\[(（【]\s*(?:{_STAMP})\s*[\])）】]"
_ANY_STAMP = rf"(?:{_BRACKETED}|{_STAMP})"

_HEADER = re.compile(
    rf"^\s*(?P<ts1>{_ANY_STAMP})?\s*(?:[-–—]\s*)?"
    rf"(?P<speaker>[^:：\n\[\]【】]{{1,40}}?)\s*(?P<ts2>{_ANY_STAMP})?\s*[:：]\s?(?P<text>.*)$"
)
# A chat export line that only names the speaker and the time; the message follows.
_EXPORT_HEADER = re.compile(rf"^\s*(?P<speaker>[^\s:：\d][^:：\n]{{0,30}}?)\s+(?P<ts>{_ANY_STAMP})\s*$")
_EN_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s)?[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}(?:\s?\([^)]{1,30}\))?$")
_ZH_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:\s?[（(][^)）]{1,20}[)）])?$")
_HANDLE = re.compile(r"^@?[A-Za-z][A-Za-z0-9_.-]{1,23}$")
# WeChat-style contact remarks: "罗经理-物业", "阿May-旅行社", "王姐|花店"
_REMARK = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{0,7}\s?[-—_·|]\s?[\u4e00-\u9fffA-Za-z0-9]{1,10}$")


def _role_word(speaker: str) -> Role | None:
    """The role a speaker label names outright ('Customer', 'Sales Rep', '客服小王'), if any."""
    s = speaker.strip()
    low = s.lower()
    words = re.findall(r"[a-z]+", low)
    if words and re.fullmatch(r"[A-Za-z][A-Za-z .'’()#0-9_-]*", s):
        roles = {w: ("customer" if w in CUSTOMER_WORDS_EN else "rep") for w in words
                 if w in CUSTOMER_WORDS_EN or w in REP_WORDS_EN}
        if not roles:
            return None
        # Every word must be a role word, a number, or a capitalised name ("Agent Mike", "Customer 2").
        rest = re.sub(r"\([^)]*\)", " ", s).split()
        if all(w.lower() in roles or w[0].isupper() or w.isdigit() or w.startswith("#") for w in rest):
            picked = set(roles.values())
            return picked.pop() if len(picked) == 1 else None
        return None
    for words_zh, role in ((CUSTOMER_WORDS_ZH, "customer"), (REP_WORDS_ZH, "rep")):
        for w in sorted(words_zh, key=len, reverse=True):
            if s.startswith(w):
                tail = re.sub(r"[（(][^)）]*[)）]", "", s[len(w):]).strip()
                if w == "我" and tail:  # "我觉得：" is prose, "我：" is the rep
                    return None
                if len(tail) <= 4 and not _ZH_ROLE_TAIL_REJECT.search(tail):
                    return role  # type: ignore[return-value]
                return None
    return None


def _is_name(speaker: str) -> bool:
    s = speaker.strip()
    if s.lower() in FIELD_WORDS or s in FIELD_WORDS:
        return False
    return bool(_EN_NAME.match(s) or _ZH_NAME.match(s) or _HANDLE.match(s) or _REMARK.match(s))


# --- cues that tell the rep apart when speakers are names ------------------------------
REP_CUES: list[tuple[str, re.Pattern[str]]] = pattern_table([
        ("offers help", r"\bhow (?:can|may|could) (?:i|we) (?:help|assist)|\bwhat can i do for you|\banything else i can\b"),
        ("thanks them for contacting", r"\bthank(?:s| you) for (?:contacting|reaching out|calling|your patience|waiting|choosing)"),
        ("speaks for the company", r"\b(?:our|we offer|we provide)\b(?: \w+)? (?:product|team|company|service|platform|plan|pricing|solution|policy|system|store|app)s?\b"),
        ("apologises for the company", r"\b(?:sorry|apologi[sz]e) (?:for|about) (?:the|any|this|that) (?:inconvenience|delay|trouble|issue|confusion|wait)"),
        ("offers to check", r"\blet me (?:check|look|see|pull|confirm|escalate)|\bi(?:'ll| will) (?:check|look into|escalate|send you|get back to you)"),
        ("welcomes them", r"\bwelcome to\b|\bmy name is \w+.{0,20}\b(?:help|assist|today)"),
        ("offers help", r"请问有什么可以帮|有什么可以帮(?:您|你)|很高兴为(?:您|你)服务|为您服务"),
        ("addresses the buyer as 亲", r"(?:^|[，。！\s])亲[，,！!~～ ]|亲爱的顾客"),
        ("speaks for the company", r"我们(?:的|家)?(?:产品|团队|公司|服务|方案|系统|平台|店|门店)"),
        ("apologises for the company", r"给(?:您|你)带来(?:的)?(?:不便|麻烦|困扰)|非常抱歉|十分抱歉|实在抱歉"),
        ("offers to check", r"(?:帮|为)(?:您|你)(?:查|看|处理|申请|核实|登记|反馈)|请稍等|稍等一下"),
        ("thanks them for contacting", r"感谢(?:您|你)的(?:耐心|支持|咨询|来电|等待)"),
        ("makes an offer", r"\bearly[- ]bird\b|\blimited[- ]time offer\b|\b(?:only|last) \d+ (?:spots|places|seats|rooms) left\b|"
                           r"\bsign up (?:now|today|before)\b|\bbook (?:now|today) and\b"),
        ("makes an offer", r"优惠到|立减|早鸟价|限时(?:优惠|特价|折扣)|报名截止|(?:还剩|最后)\d+个?(?:位|名额|席)|"
                           r"(?:您|你)(?:家|们)?要不要(?:报|订|买|办|装|来|试)"),
])
CUSTOMER_CUES: list[tuple[str, re.Pattern[str]]] = pattern_table([
        ("talks about their own order or account", r"\bmy (?:order|account|package|parcel|bill|invoice|card|subscription|refund|money|delivery|booking)\b"),
        ("says they bought or paid", r"\bi (?:ordered|bought|paid|purchased|was charged|signed up)\b|\bi want (?:a|my) refund\b"),
        ("speaks to the company as 'you'", r"\byour (?:product|company|service|team|app|website|pricing|support|platform)\b|\byou guys\b"),
        ("evaluates a purchase", r"\bwe(?:'re| are) (?:looking|evaluating|considering|comparing)\b|\bhow much (?:is|does|will)\b"),
        ("talks about their own order or account", r"我的(?:订单|账户|账号|快递|包裹|账单|钱|退款|会员|货)"),
        ("says they bought or paid", r"我(?:买|下单|付款|充值|付)了|我要退(?:款|货)"),
        ("speaks to the company as 'you'", r"你们(?:的)?(?:产品|公司|服务|客服|系统|平台|店|这个)"),
        ("evaluates a purchase", r"多少钱|能便宜|怎么卖|有没有优惠"),
])


@dataclass
class _Turn:
    speaker: str | None
    timestamp: str | None
    lines: list[str]
    role: Role | None = None


def _match_header(line: str) -> tuple[str, str | None, str, Role | None] | None:
    m = _HEADER.match(line)
    if not m:
        return None
    speaker = m.group("speaker").strip().strip("*_ ")
    ts = m.group("ts1") or m.group("ts2")
    # "10:02 PM" alone before a colon is a time, not a speaker.
    if not speaker or re.fullmatch(_ANY_STAMP, speaker):
        return None
    role = _role_word(speaker)
    if role is None and not _is_name(speaker):
        return None
    return speaker, ts, m.group("text"), role


def _match_export_header(line: str) -> tuple[str, str] | None:
    m = _EXPORT_HEADER.match(line)
    if not m:
        return None
    speaker = m.group("speaker").strip()
    if _role_word(speaker) is None and not _is_name(speaker):
        return None
    return speaker, m.group("ts")


def _split_turns(lines: list[str]) -> tuple[list[_Turn], int, set[str], int]:
    turns: list[_Turn] = []
    headers = 0
    named: set[str] = set()
    role_headers = 0
    current: _Turn | None = None
    for raw in lines:
        line = raw.rstrip()
        header = _match_header(line)
        export = None if header else _match_export_header(line)
        if header:
            speaker, ts, text, role = header
            current = _Turn(speaker, ts, [text] if text.strip() else [], role)
        elif export:
            speaker, ts = export
            current = _Turn(speaker, ts, [], _role_word(speaker))
        if header or export:
            turns.append(current)  # type: ignore[arg-type]
            headers += 1
            if current.role is None:  # type: ignore[union-attr]
                named.add(current.speaker)  # type: ignore[union-attr, arg-type]
            else:
                role_headers += 1
            continue
        if not line.strip():
            continue
        if current is None:
            current = _Turn(None, None, [])
            turns.append(current)
        current.lines.append(line.strip())
    return turns, headers, named, role_headers


def _infer_named_roles(turns: list[_Turn]) -> dict[str, SpeakerRole]:
    """Which named speaker is the rep, from what each of them says."""
    rep_hits: dict[str, list[str]] = defaultdict(list)
    cust_hits: dict[str, list[str]] = defaultdict(list)
    for t in turns:
        if t.role is not None or t.speaker is None:
            continue
        text = " ".join(t.lines)
        for label, pattern in REP_CUES:
            if pattern.search(text) and label not in rep_hits[t.speaker]:
                rep_hits[t.speaker].append(label)
        for label, pattern in CUSTOMER_CUES:
            if pattern.search(text) and label not in cust_hits[t.speaker]:
                cust_hits[t.speaker].append(label)
    names = list(dict.fromkeys(t.speaker for t in turns if t.role is None and t.speaker))
    labelled_rep = any(t.role == "rep" for t in turns)
    labelled_customer = any(t.role == "customer" for t in turns)
    out: dict[str, SpeakerRole] = {}
    if not names:
        return out
    margin = {n: len(rep_hits[n]) - len(cust_hits[n]) for n in names}
    best = max(names, key=lambda n: margin[n])
    if not labelled_rep and margin[best] > 0 and list(margin.values()).count(margin[best]) == 1:
        for n in names:
            if n == best:
                out[n] = SpeakerRole(n, "rep", "; ".join(rep_hits[n]))
            else:
                why = "; ".join(cust_hits[n]) or f"the other party to {best}, the rep"
                out[n] = SpeakerRole(n, "customer", why)
        return out
    if not labelled_customer and len(names) == 2 and not labelled_rep:
        cust = [n for n in names if cust_hits[n] and not rep_hits[n]]
        if len(cust) == 1:
            other = names[1 - names.index(cust[0])]
            out[cust[0]] = SpeakerRole(cust[0], "customer", "; ".join(cust_hits[cust[0]]))
            out[other] = SpeakerRole(other, "rep", f"the other party to {cust[0]}, the customer")
            return out
    for n in names:
        if labelled_rep and not labelled_customer:
            out[n] = SpeakerRole(n, "customer", "the other party to the labelled rep")
        elif labelled_customer and not labelled_rep:
            out[n] = SpeakerRole(n, "rep", "the other party to the labelled customer")
        else:
            out[n] = SpeakerRole(n, "unknown", "no cue told the rep apart from the customer")
    return out


def parse(text: str, lang: str = "auto") -> ParsedText:
    """Split text into segments with roles; text without speaker turns is a rep's notes."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    turns, headers, named, role_headers = _split_turns(lines)
    is_transcript = headers > 0 and (role_headers > 0 or (len(named) >= 2 and headers >= 2))

    def seg_lang(t: str) -> str:
        return lang if lang in ("en", "zh") else detect(t)

    if not is_transcript:
        segments = [
            Segment(index=i, text=line.strip(), role="customer", lang=seg_lang(line))  # type: ignore[arg-type]
            for i, line in enumerate(l for l in lines if l.strip())
        ]
        return ParsedText("notes", segments)

    roles = _infer_named_roles(turns)
    segments: list[Segment] = []
    speakers: dict[str, SpeakerRole] = {}
    for t in turns:
        body = "\n".join(t.lines).strip()
        if not body:
            continue
        if t.speaker is None:
            role: Role = "unknown"
        elif t.role is not None:
            role = t.role
            speakers.setdefault(t.speaker, SpeakerRole(t.speaker, role, f"labelled '{t.speaker}'"))
        else:
            role = roles[t.speaker].role
            speakers.setdefault(t.speaker, roles[t.speaker])
        segments.append(Segment(index=len(segments), text=body, role=role, lang=seg_lang(body),  # type: ignore[arg-type]
                                speaker=t.speaker, timestamp=t.timestamp))
    if not segments:
        segments = [Segment(0, text.strip(), "customer", seg_lang(text))]  # type: ignore[arg-type]
        return ParsedText("notes", segments)
    return ParsedText("transcript", segments, list(speakers.values()))

"""Reading a rep's own question ("how do I answer a price objection from an analytical buyer?",
"给我几个SPIN问题，客户是连锁餐厅老板") rather than a customer's words: the technique, objection,
style, emotion and slots it asks about."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.labels import NEGATIVE_EMOTIONS
from nlp.lang import cjk_count, detect, pattern_table

# --- is this a request to the coach, or text about a customer? -----------------------------
_REQUEST_EN = re.compile(
    r"^\s*(?:how|what|wat|which|can you|could you|give me|write|draft|suggest|help me|show me|tips?|any tips|"
    r"need (?:a|some)|i need (?:a|some)|what if|and if|if (?:he|she|they)|should i|do you have)\b|"
    r"\b(?:how (?:do|should|can|would) (?:i|we)|what (?:should|do|can) i (?:say|do|reply|answer|ask)|"
    r"how to (?:handle|deal|respond|answer|reply|talk|approach|pitch|close|calm|sell)|"
    r"(?:give|send|write) me|talk track|script|spin questions?|fab|what if (?:he|she|they|the customer) says|"
    r"respond to|reply to (?:him|her|them|this)|objection handling|de-?escalat\w*|follow[- ]up email|"
    r"how (?:do|should|can) (?:i|we) (?:serve|manage|keep|grow|retain|look after)|"
    # Asks that close a description of the customer: "What's the play here?", "Tips?", "Need tight answers".
    r"what(?:'?s| is) (?:the|my|our|a good) (?:play|strategy|move|plan|approach|angle|best (?:way|move|line)|(?:most|least) \w+ way|right way|smartest way)|"
    r"i(?:'d like| would like| want) (?:an? )?(?:overall |whole |full |clear )?(?:strategy|game ?plan|playbook)|"
    r"what (?:do|should|can) i (?:actually |even )?(?:say|do|write|send|open with|lead with|ask)|"
    r"what (?:\w+ ){0,3}(?:questions|lines|moves|phrases|words|tactics|techniques) (?:should|do|can|would|actually work|work)|"
    r"what works (?:with|for|on)|can you help|help me (?:structure|write|draft|build|put|plan|frame|prepare|with|figure|work out)|"
    r"what now|now what|how would you (?:frame|structure|handle|approach|pitch|play|word|position|answer|open|run)|"
    r"(?:draft|write) (?:me )?(?:a |an |up a )?(?:[\w-]+ ){0,2}(?:follow-up|message|email|text|reply|note|response)|"
    r"if (?:he|she|they|the customer|the client) (?:\w+ ){0,2}(?:says?|comes? back|push(?:es)? back|replies|goes quiet)|"
    r"(?:need|want|like|looking for) (?:a |an |some |a few )?(?:[\w-]+ ){0,2}"
    r"(?:lines?|answers?|responses?|replies|wording|questions|script|talk track|angle)\b|"
    r"i(?:'d like| would like| want) (?:to use|to try|some|a few)|\b(?:angle|lines?|script) (?:pls|please)\b|"
    # "What would that sound like?", "what proof do I hit him with", "what should my
    # follow-up plan look like": a rep asking for words or a plan.
    r"what would (?:that|it|this) sound like|(?:hit|come at) (?:him|her|them) with|"
    r"what should (?:my|our) (?:[\w-]+ ){0,2}(?:plan|email|message|reply|opener|pitch|approach|next steps?|call) "
    r"(?:look like|be|say|include|cover))\b", re.I)
# "Can I do feel-felt-found here?", "Walk me thru LAER": asking for a method is the rep's, but "can I
# use…" or "walk me through…" alone is as often a customer asking about the product, so they count only
# beside a method only a coach names.
_TRY_METHOD = re.compile(r"\bcan (?:i|we) (?:do|use|try|run|go with)\b|\bwalk me thr(?:ough|u)\b", re.I)
# Methods only a coach's vocabulary names (a customer asks for a trial or an ROI breakdown too).
_COACHING_NAMES = ("spin", "fab", "feel_felt_found", "laer", "reframe", "isolate_confirm", "cost_of_inaction")
# After a quoted customer line, an ROI breakdown the rep asks for is theirs too.
_NAMED_AFTER_A_QUOTE = _COACHING_NAMES + ("roi_breakdown",)
_REQUEST_ZH = re.compile(
    r"怎么(?:办|回|说|应对|回复|回答|处理|沟通|跟|和|问|介绍|开口|谈|聊|劝|安抚|打动|成交|搞)|如何|怎样|该怎么|"
    r"怎么(?:服务|维护|经营|管理|做|写|搞定|留住)|给我(?:几个|几句|一些|一个|一份|一套|个|一段|写)|帮我(?:写|想|拟|出)|话术|应对|技巧|有什么办法|要是(?:他|她|对方|客户)说|"
    r"如果(?:他|她|对方|客户)说|SPIN|FAB|推荐(?:一些|几个)?|教我|支招|该说什么|用什么|"
    # A rep's own "how do I…" after describing the customer ("怎么把他拉回来？", "我怎么接？", "这咋整").
    r"(?:我|咱|我们)(?:该|应该|要)?怎么|怎么(?:把|让|趁|才能|确认|推|拉|接|劝|破|打)|咋(?:整|办|弄|接|说|回)|"
    r"有(?:哪些|什么|啥).{0,12}(?:做法|办法|方法|技巧|招|思路|打法|说法)|问(?:哪些|什么|啥)问题|"
    r"(?:想|打算|准备)用.{0,16}(?:说法|话术|方法|技巧|那套|框架)|想要(?:个|一个|几个|一段|一些|点).{0,16}(?:讲法|说法|话术|问题|打法|思路)|"
    r"这局怎么|打法|怎么破", re.I)


# A closing "Tips?" or "Talk tracks?" (kept apart: a word boundary cannot follow the "?").
_ASK_EN = re.compile(r"\b(?:tips|ideas|advice|talk tracks?|lines|scripts?|suggestions|thoughts|help|any ideas|then what)\s*\?", re.I)
# Asking how to move a third person is the rep's ask even in an excited "？？" ("到底怎么让他拍板啊？？").
_ZH_ABOUT_THEM = re.compile(r"怎么(?:才能)?(?:让|把|说服|搞定|拿下)(?:他|她|对方|这个客户)")
# A Chinese question about a third person that ends the text is the rep's own ("…怎么建立信任？").
_ZH_HOW_AT_END = re.compile(r"(?:怎么|如何)[^。！!？?]*[？?]?\s*$")
# "我该怎么回应？" after describing someone is the rep asking, even when the description says "你" in
# passing ("你错一个字他都要截图"): a customer asks what to do, not how to answer.
_ZH_HOW_TO_ANSWER = re.compile(r"(?:我|咱)(?:该|应该|要)?(?:怎么|如何)(?:回应|应对|接招|接话|(?:接|回)(?=[？?。，,\s]|$)|回复他|回复她|说服)")
# Words that talk about the customer in the third person: a rep describing them ("nice guy, but won't
# decide without his boss", "对方人特别好，就是不敢拍板"), not the customer talking.
THIRD_PERSON = re.compile(r"\b(?:he|she|they|him|her|them|his|guy|someone who|customer|client|prospect|buyer)\b|"
                          r"他|她|对方|客户|顾客|对接人|老板|总监|经理|负责人|这种人|这类|采购|主任|院长|校长|店长|店主|分析员|工程师|架构师", re.I)
# Quoted words, in double, Chinese or single quotes; an apostrophe inside a word ("I'm", "don't") opens nothing.
QUOTED = re.compile(r'"([^"]{2,})"|“([^”]{2,})”|「([^」]{2,})」|『([^』]{2,})』|‘([^’]{2,})’|(?<![A-Za-z])\'([^\']{2,})\'(?![A-Za-z])')


def quoted(text: str) -> str:
    """The words the text quotes in double or Chinese quotes, joined (he says "we're fine with Excel" →
    we're fine with Excel). Single quotes are left out: reps use them for a phrase ('vision for the
    brand', 'up to'), which read alone says less than the whole description."""
    return " ".join(next(g for g in m.groups()[:4] if g) for m in QUOTED.finditer(text) if any(m.groups()[:4]))


# The rep's own need, said in a few words after quoting the customer ("…' need an ROI breakdown", "帮我把…拆一下").
_OWN_NEED = re.compile(r"(?:^|[.!?:;：。！？]\s*|\b(?:i|we) )(?:need|want)\b|\bhelp me\b|\bgive me\b|帮我|给我", re.I)
# Asks that address "you": from a customer they are asks to the company, not to the coach.
_ADDRESSED = re.compile(r"(?:give|send|show) me|can you|could you", re.I)
_CUSTOMER_VOICE = re.compile(
    r"(?=.*\b(?:i|i'm|i've|my|me|we|we're|our|us)\b)(?=.*\b(?:you|your|u|ur|you guys)\b)|"
    r"(?=.*(?:我|咱))(?=.*(?:你们|您|你))|[?？]{2}|[!！]{2}|😍|👍|🎉|哈哈|[呀啊][？?]|呀$|吧[。!！]?$", re.I | re.S)


def _word_length(text: str) -> float:
    """Length in words, a Chinese character counting as half a word (a Chinese word is about two)."""
    return len(re.findall(r"[A-Za-z0-9']+", text)) + cjk_count(text) / 2


# "Account notes: …", "客户备注：…": a note on the account that asks nothing reports, however short.
_NOTES_HEADER = re.compile(r"\s*(?:(?:account|call|meeting|customer|client|visit)\s+)?(?:notes?|review|recap)\b[^:：–—\n]{0,40}[:：–—]|"
                           r"\s*[\u4e00-\u9fff]{0,4}(?:备注|复盘|笔记|记录|纪要|小结)\s*[：:]", re.I)


def is_request(text: str) -> bool:
    """True when the text asks the coach for help rather than describing or quoting a customer.

    Short texts that name a technique, a style or a feeling ("angry driver wants it fixed NOW",
    "price objection, driver") are requests too; longer free text is a rep's notes.
    """
    t = text.strip()
    if len(t) > 400:  # pasted conversations and notes are long; questions to the coach are not
        return False
    # The customer's own words ask too ("那天你们有人值班吗？万一登不进去怎么办", "You sent a brochure.
    # Give me one reason to continue"): an ask counts as the rep's only when the text, outside what it
    # quotes, is not the customer talking to "you" — unless it names a coaching tool (a script, SPIN…).
    # An ask inside quotes is the customer's ("Pasted from the buyer: 'Send me your incident logs'").
    unquoted = QUOTED.sub("", t)
    voice = _CUSTOMER_VOICE.search(unquoted)
    m = _REQUEST_EN.search(unquoted) or _ASK_EN.search(unquoted)
    if m and not (voice and _ADDRESSED.fullmatch(m.group(0).strip())
                  and not any(p.search(t) for _, _, p in _TECHNIQUES)):
        return True
    if _TRY_METHOD.search(unquoted) and _names_method(unquoted, _COACHING_NAMES):
        return True
    if _ZH_ABOUT_THEM.search(unquoted) or _ZH_HOW_TO_ANSWER.search(unquoted) and THIRD_PERSON.search(unquoted) or not voice and (
            _REQUEST_ZH.search(unquoted) or (_ZH_HOW_AT_END.search(t) and THIRD_PERSON.search(t))):
        return True
    # A rep quoting the customer and then naming a coaching method for it in a few words of their own
    # ("CFO: 'security doesn't make us money.' need an ROI breakdown for our tool") asks for that method.
    if unquoted != t and not voice and _word_length(unquoted) <= 26 and _OWN_NEED.search(unquoted) \
            and _names_method(unquoted, _NAMED_AFTER_A_QUOTE):
        return True
    # Without an ask, only a terse note is a request ("price objection, driver", "愤怒的大客户"), and
    # only if it is not the customer's own voice: a customer writes "I"/"we" to "you"/"your" company
    # ("I want a manager calling me today", "能不能想想办法呀") and names the same topics.
    if _word_length(t) > 26 or voice or _NOTES_HEADER.match(t):
        return False
    return any(p.search(t) for _, _, p in _TECHNIQUES) or any(p.search(t) for _, p in _STYLES) \
        or any(p.search(t) for _, p in _EMOTIONS) or any(p.search(t) for _, p in _OBJECTIONS) \
        or any(p.search(t) for _, p in _SEGMENTS)


def _names_method(text: str, names: tuple[str, ...]) -> bool:
    """Whether the text names one of these coaching methods."""
    return any(p.search(text) for name, _, p in _TECHNIQUES if name in names)


# --- what the request asks about -------------------------------------------------------------
_TECHNIQUES: list[tuple[str, list[str], re.Pattern[str]]] = [
    (name, kinds, re.compile(p, re.I)) for name, kinds, p in [
        ("spin", ["spin_question"], r"(?<![a-z])(?<!like )spin(?![a-z])|situation questions?|\b(?:sit(?:uation)?|problem|implication|need[- ]payoff) q'?s?\b|problem questions?|implication questions?|"
                                    r"need[- ]payoff|discovery (?:call|questions?)|what (?:should|can) i ask|questions? to ask|"
                                    r"what do i ask|what to ask|what questions? (?:can|should|do|could) i ask|"
                                    r"提问|问题清单|该问什么|问些什么|问哪些|可以问|问出来|怎么问|挖掘需求|问几个问题|需求调研|"
                                    r"(?:暗示|背景|难点|情况|需求[-－—]?效益|影响)(?:性|类)?的?问题"),
        ("fab", ["fab_pattern"], r"(?<![a-z])fab(?![a-z])|feature.{0,20}benefit|pitch (?:our|the|this|a)|present (?:our|the) feature|"
                                 r"卖点|功能介绍|介绍(?:一下)?(?:我们的)?(?:功能|产品)|特性.{0,6}利益|功能.{0,3}好处"),
        ("objection_handling", ["objection_response"], r"objection|\bobj\b|push(?:es|ed)? back|too expensive|"
                                                       r"异议|嫌贵|拒绝|推脱"),
        # "never complains", "不投诉也不增长" describe a calm account, not a complaint to soothe.
        ("deescalation", ["deescalation"], r"de-?escalat|calm (?:him|her|them) down|yelling|(?<!never )(?<!n't )complain|threaten|"
                                           r"service recovery|recovery (?:plan|call)|补救|"
                                           r"安抚|(?<![不没])投诉|骂|情绪激动|消气|冷静|安心"),
        ("style_adaptation", ["style_profile", "tactic"], r"how (?:do|should|can) i (?:talk|deal|work|communicate) (?:to|with)|"
                                                         r"(?:sell|pitch) to (?:someone|a (?:guy|person|buyer) who|people who)|look like|how (?:do|can) i (?:spot|recogni[sz]e|tell)|"
                                                         r"怎么识别|怎么判断|什么特点|有什么特征|"
                                                         r"approach (?:a|an|this)|adapt|adjust (?:my|our) (?:approach|style|pitch)|deal with (?:a|an)|调整(?:我的|一下|自己的)?(?:打法|方式|风格|沟通)|"
                                                         r"怎么(?:跟|和|与).{0,8}(?:沟通|打交道|相处|聊|谈)|打交道|注意什么|沟通方式|怎么办$"),
        ("segment_strategy", ["segment_strategy"], r"high[- ]value|(?<![a-z])vip(?![a-z])|at[- ]risk|churn|loyal customer|new customer|"
                                                   r"what changes when|how is (?:that|this|it) different|打法(?:上)?(?:有啥|有什么)?(?:不一样|区别)|怎么区分|区别对待|"
                                                   r"individual (?:buyer|customer)|business buyer|\bb2[bc]\b|"
                                                   r"大客户|高价值|流失|老客户|新客户|忠诚客户|问题客户|潜力客户|个人客户|企业客户"),
        ("follow_up", ["talk_track", "tactic"], r"follow[- ]?up|check[- ]in|went quiet|gone quiet|recap|"
                                                r"(?:monthly|weekly|quarterly|status|progress) (?:update|report)|"
                                                r"跟进|回访|没(?:声音|动静|回复)|(?:月度|季度|每周|每月|定期|进展)汇报|周报|月报"),
        # Something to send as it is: the entry kind that holds ready-to-send text.
        ("talk_track", ["talk_track"], r"\b(?:e-?mail|message|letter|note to|dm|inmail|write-?up|wording|draft|intro|talk track|opener|opening lines?)\b|"
                                       r"邮件|消息|短信|私信|留言|报告|(?:写|拟)一?(?:封|条|段|份)|开场白?|陌拜"),
        ("closing", [], r"\bclos(?:e|ing)\b|sign(?:ing)? the|get (?:him|her|them) to (?:commit|sign|decide|say yes)|over the line|"
                        r"收尾|成交|逼单|签单|促成|(?:怎么|如何)(?:才能)?让(?:他|她|对方)(?:拍板|签|下单|点头)"),
        ("rapport", [], r"rapport|ice[- ]?breaker|(?:open(?:ing)?|start(?:ing)?|for|on|during) (?:the |a |my |our )?first call|破冰|拉近关系|建立信任感|(?:把)?关系建起来|建立关系|build (?:a |the )?(?:relationship|rapport)"),
        ("roi_breakdown", [], r"(?<![a-z])(?:roi|tco)(?![a-z])|return on investment|payback|total cost of ownership|投入产出|回本|总拥有成本|(?:帮|给|跟|替)(?:他|她|对方|客户)算(?:一)?笔账"),
        ("feel_felt_found", [], r"feel[- ,]+felt[- ,]+found|感受.{0,4}(?:感觉|同感).{0,4}发现"),
        ("laer", [], r"(?<![a-z])laer(?![a-z])"),
        ("social_proof", [], r"social proof|customer stor(?:y|ies)|case stud(?:y|ies)|reference customer|proof from (?:similar|other|peer)|客户案例|客户故事|案例"),
        ("trial_pilot", [], r"\bpilot\b|\btrial\b|试点|试用"),
        ("cost_of_inaction", [], r"cost[- ]of[- ]inaction|cost of waiting|(?:staying|waiting|doing nothing|status quo)\b.{0,40}\bcost|"
                                  r"waiting isn'?t free|(?:more|another) (?:\w+ )?(?:months?|weeks?|years?|quarters?) of .{0,40}\bcost|"
                                  r"再.{0,6}(?:半年|一年|几个月|一个季度).{0,12}(?:亏|损失|成本|代价)|付出什么代价|不做的代价|不换.{0,6}(?:亏|损失|多花)|staying put (?:is )?(?:actually )?costing|拖延的代价|拖着.{0,4}(?:也是)?有?成本|代价"),
        ("isolate_confirm", [], r"\bisolate\b|the only (?:thing|concern|objection|issue|blocker)|real (?:concern|objection|blocker)|"
                                r"真正的顾虑|就是这一条|唯一的(?:顾虑|问题|障碍)|还有没有别的(?:顾虑|问题)"),
        ("reframe", [], r"\breframe\b|换(?:个|一个)?角度|(?:shift|move|turn|steer) (?:the )?(?:conversation|talk|focus) (?:away )?from|话题从.{1,10}转到"),
    ]
]
_STYLES: list[tuple[str, re.Pattern[str]]] = pattern_table([
        ("analytical", r"\banalytic\w*|data[- ]driven|detail[- ]oriented|numbers (?:person|guy)|engineer(?:ing)? type|"
                       r"spreadsheet for everything|spec sheets?|test results|everything in writing|methodology doc|comparison matrix|asks? for (?:my|our) sources|"
                       r"分析型|理性|数据派|数据控|技术型|细节控|看数据|严谨|测试报告|什么都要书面|数据来源|敏感性分析|逐条(?:过|核|对)|泡在Excel里"),
        ("driver", r"\bdrivers?\b|bottom[- ]line|decisive|impatient|dominant|no[- ]nonsense|straight to the point|"
                   r"one[- ]line emails?|results only|\bblunt\b|decides in one meeting|hang up the moment|no small talk|"
                   r"驾驭型|支配型|控制型|强势|果断|雷厉风行|结果导向|急性子|老板型|只要结论|要结论|说话很冲|说话直|只看结果|不寒暄|"
                   r"只有一句话|当场拍板|一次会就拍板|不要PPT"),
        ("expressive", r"\bexpressive\b|enthusiastic|talkative|visionary|outgoing|chatty|bubbly|big[- ]personality|big[- ]picture|talks nonstop|loves stories|"
                       r"voice notes|emojis|\bOMG\b|"
                       r"表现型|外向|热情|爱聊|健谈|有激情|感性|特别能聊|发语音|表情包|(?<![电说笑废情])话(?:特别|超级|非常)多|拉着我聊"),
        ("amiable", r"\bamiable\b|friendly|relationship[- ](?:oriented|driven)|people[- ]person|conflict[- ]averse|easy[- ]?going|"
                    r"(?:super |really |very )?nice (?:guy|lady|person|man|woman)|agrees with everything|never commits|"
                    r"sweetheart|lovely (?:woman|man|lady|guy|person)|very sweet|nods along|never complains|nicest clients?|"
                    r"和蔼型|温和|随和|友善|好说话|老好人|犹豫不决|人际型|和气|人(?:特别|很|挺|非常)好|不敢拍板|说啥都点头|(?:人|她|他)(?:特别|很|挺|非常)?亲切|怕起冲突|重感情|轻声细语|(?:看重|讲)人情|说话(?:很|特别|挺|非常)?(?:温柔|柔和)"),
        ("critical", r"\bcritical\b|picky|nit-?picky|sceptic\w*|skeptic\w*|demanding|fault[- ]finding|perfectionist|"
                     r"picks? (?:apart|holes in)|finds? fault|nitpicks?|red-?pens?|highlighter|hiding (?:gaps|something|problems)|"
                     r"check(?:s|ing)? (?:anything|everything) (?:I|we) say|"
                     r"挑剔|较真|苛刻|难缠|吹毛求疵|挑刺|挑毛病|批判|鸡蛋里挑骨头|荧光笔|错别字|驳一条|句句都驳|条条都驳|藏短板|亲眼看到|对着文档核"),
])
_EMOTIONS: list[tuple[str, re.Pattern[str]]] = pattern_table([
        ("anger", r"\bangry\b|furious|swear(?:s|ing)? at|cursing|yell(?:s|ed|ing)?\b|shout(?:s|ed|ing)?\b|scream\w*|livid|outraged|lost (?:his|her|their) temper|chew(?:s|ed)? (?:me|us|him|her) out|"
                  r"生气|愤怒|发火|暴怒|骂人|火大|吼|咆哮|拍桌子|破口大骂|爆粗口|炸了|炸毛|发飙|气炸|气疯|火气很大|火冒三丈|大吵大闹|大发雷霆"),
        ("frustration", r"frustrat\w*|annoyed|fed up|irritated|exasperated|不耐烦|烦躁|抱怨|恼火|窝火|不满|折腾烦"),
        ("anxiety", r"anxious|worr(?:y|ies|ied)|nervous|panick\w*|stressed|scared|afraid|terrified|reassur\w*|"
                    r"焦虑|担心|着急|急得|急死|紧张|很怕|好怕|怕得|慌|放心|睡不着"),
        ("confusion", r"confused|doesn'?t understand|(?:looks?|looking|seems?|feels?|is|was|totally|completely|clearly|obviously|bit|kinda|kind of|a little) lost\b|unclear|can'?t (?:work|figure) out|keeps asking|keeps mixing up|mix(?:es|ing)? up|"
                      r"困惑|搞不懂|没搞懂|不明白|看不懂|一头雾水|糊涂|分不清|换着法问"),
        ("disappointment", r"disappointed|let ?down|unhappy with|expected (?:better|more)|gutted|felt (?:kinda |kind of |a bit |a little )?flat|"
                           r"thought (?:I|we) could count on|失望|心寒|心凉|不如预期|寒心|白高兴|落空|有点平淡"),
        ("satisfaction", r"\bhappy\b|satisfied|pleased|grateful|满意|开心|高兴|感谢"),
        ("excitement", r"excited|thrilled|eager|can'?t wait|兴奋|激动|期待|迫不及待"),
])
_OBJECTIONS: list[tuple[str, re.Pattern[str]]] = pattern_table([
        # Money awaited until a date ("until the budget cycle", "等预算批下来") is timing, not price (LABELS.md).
        ("price", r"too expensive|\bprice\b|pricing|\bcost\b|costs|budget(?! (?:cycle|approval|is approved|gets approved|comes through))|"
                  r"cheaper|discount|afford|inflated|overpriced|"
                  r"贵|价格|预算(?!批|下来|周期)|便宜|折扣|费用|价钱|报价(?:虚|太|偏)?高|虚高"),
        ("timing", r"not (?:right )?now|next (?:quarter|year|month)|\blater\b|timing|wait(?:ing)? (?:until|till)|think about it|"
                   r"drag(?:ging)? (?:his|her|their) feet|pushing the decision|\brevisit\b|circle back|hold off|"
                   r"以后再说|年后|不着急|再考虑|时机|过段时间|等等再说|开春|过完年|明年|放一放|缓一缓|"
                   r"下个?(?:月|季度)|晚点|不是时候|"
                   r"fiscal year|after (?:the )?(?:summer|holidays?|break|audit|busy season|rush|new year)|not this (?:quarter|year|month)|"
                   r"push(?:es|ing|ed)? (?:it|everything|this|things|the decision) (?:back|out|to)|"
                   r"budget (?:cycle|approval|is approved|gets approved|comes through)|(?:another|\d+ more) (?:\d+ )?(?:weeks|wks|months|mos)\b|"
                   r"再给\S{1,3}(?:周|个月)|财年|暑假|寒假|往后(?:推|放|拖)|推到(?:下|明|年)|等.{0,8}(?:批下来|定下来)再|预算(?:批|下来|周期)"),
        ("authority", r"\bboss\b|(?:my|his|her|their|the) manager|approv|sign[- ]off|decision[- ]maker|(?<!pinterest )(?<!mood )(?<!vision )(?<!inspiration )\bboard\b|procurement (?:has|needs|must|will|process|review|sign)|(?:through|past|via|by|with) procurement|check with|run it by|"
                      r"husband|wife|partner|on board|talk it over|"
                      r"go (?:through|past) (?:his|her|their|the) (?:cfo|ceo|coo|cto|cio|director|head)|finance director'?s? (?:sign|ok|approv)|"
                      r"(?:跟|和|问|找|请示|等|让)(?:老板|领导|上面|老公|老婆|家里|团队|同事)|(?:老板|领导)(?:拍板|同意|批|说了算|决定|那边)|"
                      r"(?:总监|总经理|董事会|财务)(?:审)?批|"
                      # "一次会就拍板", "当场拍板", "不敢拍板" describe how the customer decides, not who else must.
                      r"(?<!让他)(?<!让她)(?<!让对方)(?<!就)(?<!当场)(?<!敢)拍板|审批|(?<![月度季周期展])汇报|请示|决策人|商量|说了算|法务|"
                      r"final say|legal (?:team|review|has to|needs to|wants to)"),
        ("need", r"need objection|需求异议|don'?t (?:think they )?need|dont need|no need|not (?:a )?priority|fine with|works? fine|happy with (?:their|what)|"
                 r"not interested|and it works\b|it works fine|works for us|"
                 r"不需要|用不上|没必要|没需求|不感兴趣|够用|就够了|(?:管|用)得挺好|没(?:觉得)?有?什么问题|挺好使|凑合着?也?能用|"
                 r"看不出(?:有)?什么要(?:改|换)的|搞定了[，,]?挺好"),
        ("trust", r"\btrust\b|sceptic|skeptic|doubt|guarantee|(?<!social )proof|reviews|scam|reliab|(?:doesn'?t|don'?t) believe|"
                  r"brochure (?:numbers|figures|claims)|overpromis\w*|marketing (?:BS|fluff|hype|speak)|the usual vendor|"
                  r"靠谱|信任|不放心|不信|不太信|不怎么信|坑过|怀疑|证据|担心.{0,4}(?:质量|安全)|被坑|画大饼|噱头|套路|忽悠|吹牛|夸大其词"),
        ("competitor", r"competitor|already (?:use|using|work with)|current (?:vendor|provider|supplier)|other vendor|"
                       r"\bvs\.?\b(?! (?:our|my) (?:usual|normal|typical|regular))|versus|compared? (?:to|with)|compar(?:es|ing) us (?:to|with)|position(?:ing)? against|happy with (?-i:[A-Z])|\bis better\b|"
                       r"\brivals?\b|evaluating (?:a |an |another )?(?:other |new )?(?:vendor|supplier|provider|platform|alternative)s?|"
                       r"(?:taking|seeing|getting|booked) an? (?-i:[A-Z])\w* demo|(?:they'?re|are|is) on (?-i:[A-Z])\w+(?: (?-i:[A-Z])\w+)? and happy|"
                       r"竞品|竞争对手|别家|其他家|友商|另一家|别的(?:厂家|供应商|平台|公司)|其他(?:厂家|供应商|平台)|(?<![现正])在用|已经用|一直用|用得(?:挺|很|特别|还挺)?顺手|挺顺手|比我们好|没理由换|"
                       r"看(?!我们|你们)\S{2,8}的演示"),
        ("product_fit", r"doesn'?t (?:fit|support|integrate|have|cover)|don'?t (?:fit|cover)|missing feature|integrat\w*|"
                        r"compatib\w*|requirements|too (?:complex|complicated)|not (?:very )?techy|太复杂|no on-?prem|on-?prem(?:ise)? deployment|"
                        r"(?:\bit|yours|your (?:app|tool|platform|product|system|software)) (?:doesn'?t|can'?t|won'?t) (?:do|handle)\b|"
                        r"本地化部署|私有化部署|撑不住|没有(?:他们|客户|她|他)要的|"
                        r"(?:have|need) to change (?:how|the way)|workflow|"
                        r"不支持|不兼容|没有.{0,6}功能|对接(?!人)|不适合|满足不了|达不到|对不上|不匹配|改(?:变)?(?:现在的)?(?:工作)?流程|流程不一样"),
])


_SEGMENTS: list[tuple[str, re.Pattern[str]]] = pattern_table([
        ("high_value", r"high[- ]value|(?<![a-z])vip(?![a-z])|key account|big(?:gest)? (?:account|client|customer|logo)|top (?:\d+ ?%|\d+) (?:of )?(?:accounts|customers|clients)|top (?:account|client|customer)(?:'s)?\b|"
                       r"大客户|最大的?客户|高价值|重点客户|核心客户|头部客户|营收排前"),
        ("potential", r"potential|high[- ]potential|growing account|could be (?:way |much )?bigger|could become (?:a )?(?:big|major|large)|"
                      r"plans? to (?:grow|hit|reach|double|expand|open)|(?:opening|open|planning) (?:\w+ )?more (?:locations|stores|sites|branches|offices)|"
                      r"潜力|有潜力|成长型|明年(?:我们?)?要冲|刚(?:刚)?(?:做|起)起来|才(?:刚)?做起来|可能是个大客户|(?:计划|打算)(?:再)?(?:扩张|扩到|开\S{0,3}(?:家|个)(?:店|分店|门店|网点))"),
        ("problem", r"problem (?:customer|client|account|acct)|difficult (?:customer|client|account)|complain\w* every|(?:opened|filed|logged|raised) (?:\w+ ){0,2}complaints?(?: with us)? (?:this|last) year|pays? (?:\d+ days )?late|disputes? every (?:invoice|bill)|"
                    r"问题客户|难缠客户|刺头|每周都投诉|什么都要投诉|(?:今年|这一年|一年内)(?:已经)?投诉(?:过)?(?:两|三|几|\d+)次|回款老拖|付款(?:还)?老拖|老是拖款|拖欠"),
        ("ordinary", r"ordinary|regular (?:customer|account)s?|small accounts?|basic plan|long tail|mass market|average (?:customers?|accounts?)|run[- ]of[- ]the[- ]mill|"
                     r"普通客户|一般客户|小客户|基础版|长尾|普普通通|不大不小"),
        ("new", r"new (?:customer|client|account)|brand[- ]new (?:\w+ )?(?:customer|client|account)|never worked with (?:them|him|her) before|just signed|signed (?:yesterday|last week|today)|onboard\w*|welcome|"
                r"first (?:week|month) (?:on|with|using)|go-?live is|signed (?:\d+|a few|two|three|four|five|six) (?:days?|weeks?) ago|"
                r"新客户|新签|刚签|刚成交|欢迎|(?:上周|前几天|这周|本周)(?:才|刚)?签(?:约|的)|(?:这周|刚刚?)(?:才)?开始用|刚上线|第一周"),
        ("stable", r"\bstable\b|steady|no complaints|no growth|never (?:complains|grows)|flat account|renew(?:s)? every year|no drama|"
                   r"稳定|不投诉也不增长|平稳|每年按时续约|(?:每年)?续约(?:都)?很顺|renews? (?:smoothly|every year without)"),
        ("loyal", r"loyal|long[- ]time|longstanding|years with us|been with (?:you|us) (?:for )?(?:\S+ )?years|(?:been )?with (?:you|us) since (?:19|20)\d\d|"
                  r"老客户|忠诚|多年的客户|合作(?:了)?(?:\d+|[一二三四五六七八九十]+)年|从(?:19|20)\d\d年(?:起|开始)?就(?:用|在)|用了(?:整整)?(?:\d+|[一二三四五六七八九十]+)年"),
        ("at_risk", r"at[- ]risk|churn|about to leave|(?:cut|slashed|halved) (?:\w+ ){0,2}(?:in half|by half)|stopped (?:replying|responding|returning (?:my )?(?:calls|emails))|might leave|cancel|renewal (?:is )?in \d+ (?:days|weeks|months)|logins? (?:are )?down|(?:usage|logins?|active users)\b[\w ]{0,40}?\b(?:dropped|fell|down|declined|halved)|"
                    r"champion (?:just )?(?:left|quit|moved on)|"
                    r"流失|要走|想换|不续约|续约有风险|(?:眼看|快|可能)要丢|快丢了|保不住|登录量(?:下)?降|登录量掉|使用量掉|用量掉|"
                    r"还有\d+天到期|对接人.{0,8}离职|(?:订单|订房|采购|下单|用量|单量|业务量|订货)(?:少|降|掉)了一半|(?:也)?不回(?:我)?(?:的)?消息了"),
        ("individual", r"individual (?:buyer|customer)s?|consumer|\bb2c\b|personal (?:buyer|customer)|walk-in|for (?:him|her)self|"
                       r"(?:just|only) a freelancer|sole trader|one[- ](?:person|man|woman) (?:business|biz|shop|band|operation)|自由职业|个体户|就我一个人|"
                       r"个人客户|个人买家|个人消费者|散客|C端|进店的|给自己买|自己掏钱|店里(?:有|来了)(?:位|个)|个人(?:家财|医疗|意外|车|寿)险"),
        ("business", r"business buyer|corporate (?:buyer|client)|enterprise (?:buyer|client|account)|\bb2b\b|(?:buyer|customer|client) is a business|"
                     r"signing (?:up )?as (?:one|an?) (?:org|organi[sz]ation|company)|企业客户|公司客户|B端|企业整体|按企业|是企业而?不是个人"),
])


# A requested technique, as the knowledge base tags it.
TECHNIQUE_TAGS = {
    "spin": ["spin_situation", "spin_problem", "spin_implication", "spin_need_payoff"],
    "fab": ["fab"],
    "objection_handling": ["objection_handling"],
    "deescalation": ["deescalation", "service_recovery"],
    "style_adaptation": ["style_adaptation"],
    "segment_strategy": ["segment_strategy"],
    "follow_up": ["follow_up"],
    "talk_track": [],
    "closing": ["closing"],
    "rapport": ["rapport"],
    "roi_breakdown": ["roi_breakdown"],
    "feel_felt_found": ["feel_felt_found"],
    "laer": ["laer"],
    "social_proof": ["social_proof"],
    "trial_pilot": ["trial_pilot"],
    "cost_of_inaction": ["cost_of_inaction"],
    "isolate_confirm": ["isolate_confirm"],
    "reframe": ["reframe"],
}
METHODS = ("roi_breakdown", "feel_felt_found", "laer", "social_proof", "trial_pilot", "cost_of_inaction",
           "isolate_confirm", "reframe")
_SPIN_PARTS = [("spin_situation", re.compile(r"situation|\bsit q|背景|现状", re.I)),
               ("spin_problem", re.compile(r"problem (?:questions?|qs)|pain points?|(?:surface|uncover|find) (?:a |the |their )?(?:problem|pain)|难点|问题类|痛点", re.I)),
               ("spin_implication", re.compile(r"implication|knock-on|consequences?|ripple|影响|后果|暗示|连带", re.I)),
               ("spin_need_payoff", re.compile(r"need[- ]payoff|payoff|需求[-－—]?效益|价值", re.I))]


@dataclass
class Request:
    lang: str
    techniques: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    objections: list[str] = field(default_factory=list)
    style: str | None = None
    emotion: str | None = None
    slots: dict[str, str] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)

    technique_tags: list[str] = field(default_factory=list)

    @property
    def technique(self) -> str | None:
        return self.techniques[0] if self.techniques else None

    @property
    def objection(self) -> str | None:
        return self.objections[0] if self.objections else None

    @property
    def explicit(self) -> bool:
        """Whether the words name something to coach on (a technique, a style, a feeling, an objection)."""
        return bool(self.techniques or self.style or self.emotion or self.objections)


_SLOT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("feature", re.compile(r"\b(?:fab|pitch|present|sell|explain)\b.{0,20}?\bour ([\w\- ]{2,40}?) (?:feature|function|module|capability)\b", re.I)),
    ("feature", re.compile(r"\bthe ([\w\-]{2,30}(?: [\w\-]{2,30})?) (?:feature|function|module)\b", re.I)),
    ("feature", re.compile(r"([\u4e00-\u9fffA-Za-z0-9\-]{2,12})(?:这个)?功能")),
    ("product", re.compile(r"\bour ([A-Z][\w\-]{1,30}(?: [A-Z][\w\-]{1,30})?)\b")),
    ("product", re.compile(r"(?:我们的|我们家)([\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:产品|系统|软件|平台|方案)")),
    ("industry", re.compile(r"(?:客户是|对方是|客户做|做)([\u4e00-\u9fff]{2,10}?)(?:的)?(?:老板|老总|负责人|经理|行业|生意|公司|店主|厂)")),
    ("industry", re.compile(r"\b(?:in|from) (?:the )?([a-z][a-z\- ]{2,30}?) (?:industry|sector|space|business)\b", re.I)),
    ("industry", re.compile(r"\b(?:a|an) ([a-z][a-z\- ]{2,25}?) (?:company|firm|chain|client|customer|owner|business|buyer|prospect)\b", re.I)),
    ("competitor", re.compile(r"\b(?:vs\.?|versus|against|compared (?:to|with)|(?:already )?us(?:es|ing) |switch(?:ing)? from |from )([A-Z][\w\-]{1,30}(?: [A-Z][\w\-]{1,30})?)")),
    ("competitor", re.compile(r"(?:在用|用的是|已经用了|跟|和)([A-Za-z][\w\-]{1,30}|[\u4e00-\u9fff]{2,6}?)(?:比|对比|的(?:产品|系统)|了)")),
    ("pain_point", re.compile(r"\b(?:struggl\w* with|problem with|pain (?:point )?is|suffering from|complains? about) ([^.,;?!]{3,60})", re.I)),
    ("pain_point", re.compile(r"(?:痛点是|问题是|头疼的是|困扰是)([^，。！？,.!?]{2,30})")),
]
_NOT_COMPANY = {"I", "We", "The", "A", "An", "He", "She", "They", "It", "This", "That", "My", "Our", "Customer", "Client"}
_INDUSTRY_STOP = {"analytical", "driver", "expressive", "amiable", "critical", "angry", "new", "big", "small", "good",
                  "difficult", "price", "potential", "loyal", "typical", "very", "really", "friendly", "demanding"}


_RULED_OUT = re.compile(r"\bwithout (?:just |simply )?(?:(?:throwing|giving|offering|resorting to|cutting) )?(?:a |the )?"
                        r"(?:discounts?|price cuts?|the price)\b|不(?:靠|打|给)折扣|不(?:靠)?降价", re.I)
# "How do I approach her vs our usual corporate clients?": the accounts the rep contrasts the customer
# with are not the customer's segment.
_CONTRASTED = re.compile(r"\b(?:vs\.?|versus|compared (?:to|with)|unlike|rather than) (?:our|my|the) (?:usual|normal|typical|regular) [\w -]{0,30}|"
                         r"(?:跟|和|与)我们平时(?:做|接|谈|跟)?的[^，。,.？?]{0,10}(?:比|不同|不一样)", re.I)
_RECOGNISE = re.compile(r"how (?:do|can|would) i (?:spot|recogni[sz]e|tell|identify)|what does (?:a|an) .{1,30} look like|"
                        r"怎么(?:识别|判断|认出)|(?:有)?什么(?:特点|特征)", re.I)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """The text with what `pattern` matches replaced by spaces, so later positions stay where they were."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def parse_request(text: str, lang: str = "auto") -> Request:
    lang = lang if lang in ("en", "zh") else detect(text)
    req = Request(lang=lang)
    # The methods the rep names are blanked out before objections are read: the "cost" in "cost of
    # inaction" or the "代价" in "不做的代价" is the rep's angle, not the customer's price objection.
    unnamed = text
    for name, kinds, pattern in _TECHNIQUES:
        if pattern.search(text):
            req.techniques.append(name)
            req.kinds += [k for k in kinds if k not in req.kinds]
            if name in METHODS:
                unnamed = _blank(pattern, unnamed)
    req.style = _first(_STYLES, text)
    req.emotion = _first(_EMOTIONS, text, negatable=True)
    # "How do we reward them without just throwing discounts at them?": a remedy the rep rules out is not
    # the customer's objection either.
    req.objections = named_objections(_blank(_RULED_OUT, unnamed))
    req.segments = named_segments(_blank(_CONTRASTED, text))
    if req.segments and "segment_strategy" not in req.techniques and not req.objections and not req.emotion:
        req.techniques.append("segment_strategy")
        req.kinds.append("segment_strategy")
    if _RECOGNISE.search(text) and req.style:
        # "What does a critical buyer look like, how do I spot one?": the style's profile answers it; the
        # doubts the rep describes are how the style shows, not the objection to script against.
        req.kinds = ["style_profile"] + [k for k in req.kinds if k != "style_profile"]
    elif req.objections and not {"objection_handling", "fab", "spin", "segment_strategy"} & set(req.techniques):
        req.techniques.insert(0, "objection_handling")
        req.kinds.insert(0, "objection_response")
    names_a_method = bool(set(METHODS) & set(req.techniques))
    if names_a_method and "objection_handling" not in req.techniques and req.objections:
        req.techniques.insert(0, "objection_handling")
    if names_a_method and "objection_response" in req.kinds and "tactic" not in req.kinds:
        # A method named for an objection ("a pilot he can't poke holes in") is written up as a script or as
        # a style's tactic; either answers the ask.
        req.kinds.append("tactic")
    if "objection_handling" in req.techniques and "deescalation" in req.techniques:
        i = req.techniques.index("deescalation")
        del req.techniques[i]
        req.kinds = [k for k in req.kinds if k != "deescalation"]
    if req.emotion in NEGATIVE_EMOTIONS and "deescalation" not in req.techniques and not req.objections:
        if req.techniques:  # a tool the rep named ("social proof for a nervous board") comes first
            req.techniques.append("deescalation")
        else:
            req.techniques.insert(0, "deescalation")
            req.kinds.insert(0, "deescalation")
    for t in req.techniques:
        tags = TECHNIQUE_TAGS[t]
        if t == "spin":
            asked = [tag for tag, p in _SPIN_PARTS if p.search(text)]
            tags = asked or tags
        req.technique_tags += [x for x in tags if x not in req.technique_tags]
    named = [t for t in req.technique_tags if t in METHODS]
    if named:  # "social proof for a sceptic": the method named is what must match, not any objection script
        req.technique_tags = named + [t for t in req.technique_tags if t not in named and t != "objection_handling"]
    req.slots = extract_slots(text)
    return req


def named_segments(text: str) -> list[str]:
    """Customer segments the text names or plainly shows ("renewal in 30 days, logins down 60%", "合作十年了")."""
    return _all(_SEGMENTS, text)


# How a customer's process or haggling shows an objection ("the committee meets monthly", "打八折",
# "too much for us"): read from notes and requests, but unlike the names above ("price objection",
# "拍板") not enough to make a short text a question to the coach — a pasted customer quote says them.
_OBJECTIONS_SAID: list[tuple[str, re.Pattern[str]]] = pattern_table([
        ("price", r"too much for (?:him|her|me|us|them)|more than (?:he|she|they) (?:thought|expected)|insane for|too (?:steep|pricey)|成本支出|(?<!下)降[一二两三四五]成|打[五六七八九]折"),
        ("authority", r"committee|final call (?:sits|is|rests|lies) with|委员会"),
        ("competitor", r"用的是(?!你们|您们|贵司|我们|咱们)[^，。,.]{0,4}[‘'“「][^’'”」]{2,10}[’'”」]"),
])
_OBJECTIONS_READ = _OBJECTIONS + _OBJECTIONS_SAID


def named_objections(text: str) -> list[str]:
    """Objections named outright by their usual words ("too expensive", "already using X", "老板拍板")."""
    return list(dict.fromkeys(_all(_OBJECTIONS_READ, text)))


def _all(table: list[tuple[str, re.Pattern[str]]], text: str) -> list[str]:
    """Every name whose pattern matches, in the order they appear in the text."""
    found = [(m.start(), name) for name, pattern in table if (m := pattern.search(text))]
    return [name for _, name in sorted(found)]


# "not even angry, just let down", "她没发火": a feeling named only to deny it is not the feeling.
_NEGATED = re.compile(r"(?:(?:\bnot|n't|\bnever|\bno longer)(?: (?:even|really|that|so|too|get|got|feel|seem|sound|look|be|being)){0,2}"
                      r"|(?:没有?|不是|并不|并没有?|不)(?:很|太|特别|那么)?)\s*$", re.I)


def _first(table: list[tuple[str, re.Pattern[str]]], text: str, negatable: bool = False) -> str | None:
    best = None
    for name, pattern in table:
        for m in pattern.finditer(text):
            if negatable and _NEGATED.search(text[max(0, m.start() - 12):m.start()]):
                continue
            if best is None or m.start() < best[1]:
                best = (name, m.start())
            break
    return best[0] if best else None


def extract_slots(text: str) -> dict[str, str]:
    slots: dict[str, str] = {}
    for name, pattern in _SLOT_PATTERNS:
        if name in slots:
            continue
        m = pattern.search(text)
        if not m:
            continue
        value = m.group(1).strip(" -")
        if name == "competitor" and value in _NOT_COMPANY:
            continue
        if name == "industry" and value.lower() in _INDUSTRY_STOP:
            continue
        if name == "feature":
            value = re.sub(r"^(?:我们的|我们|咱们的|咱们|你们的|这个|新的?)", "", value)
            if value in ("", "什么", "哪个", "这个"):
                continue
        slots[name] = value
    return slots


_MONEY = re.compile(r"(?:[$€£¥￥]\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|万)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块|万元?|dollars|usd|rmb|美元|欧元))", re.I)


def customer_slots(customer_text: str) -> dict[str, str]:
    """Context worth repeating back from what the customer said: a rival they named, a price they quoted."""
    slots = {}
    m = _SLOT_PATTERNS_BY_NAME["competitor"]
    for pattern in m:
        hit = pattern.search(customer_text)
        if hit and hit.group(1).strip() not in _NOT_COMPANY:
            slots["competitor"] = hit.group(1).strip()
            break
    money = _MONEY.search(customer_text)
    if money:
        slots["price"] = money.group(0).strip()
    return slots


_SLOT_PATTERNS_BY_NAME: dict[str, list[re.Pattern[str]]] = {}
for _name, _pattern in _SLOT_PATTERNS:
    _SLOT_PATTERNS_BY_NAME.setdefault(_name, []).append(_pattern)

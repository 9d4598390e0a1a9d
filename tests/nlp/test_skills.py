"""Skill detectors on replies a trainer would agree about, in both languages."""
import numpy as np
import pytest

from nlp.skills import SkillContext, SkillDetectors, question_type

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def skills(pipeline):
    from nlp.pipeline import MODELS_DIR

    return SkillDetectors.load(pipeline, MODELS_DIR)


@pytest.mark.parametrize("text, lang, expected", [
    ("What does a late shipment cost you today?", "en", "open"),
    ("How many sites do you run?", "en", "open"),
    ("Would you say the process is slow?", "en", "closed"),
    ("Can we meet on Tuesday?", "en", "closed"),
    ("Thanks, I'll send it over.", "en", "none"),
    ("您现在的排班是怎么做的？", "zh", "open"),
    ("周二方便吗？", "zh", "closed"),
    ("好的，我这就发给您。", "zh", "none"),
    # a leading "when…" clause does not open a yes/no question
    ("When a caller gives up, do they book with another practice?", "en", "closed"),
    ("Talk me through how the ice time is split across a week.", "en", "open"),
    ("一台罐车一天平均跑几趟？", "zh", "open"),
    ("出海前的装备检查是谁在做？", "zh", "open"),
    ("能说说现在具体卡在哪些工序上吗？", "zh", "open"),  # a polite "tell me", not yes/no
    ("您说说店员具体卡在哪一步。", "zh", "open"),
])
def test_skills_question_form(text, lang, expected):
    assert question_type([(text, lang)]) == expected


@pytest.mark.parametrize("sentences, expected", [
    ([("How many sites do you run?", "en"), ("Do you use SAP at all of them?", "en")], "closed"),
    ([("Do you use SAP?", "en"), ("Which modules?", "en")], "open"),
    ([("想了解一下，这次延误有没有影响到你们客户的付款？", "zh")], "closed"),
    ([("现在几条线？", "zh"), ("每条线后面都配了AOI吗？", "zh")], "closed"),
])
def test_skills_question_form_is_the_last_questions_the_one_the_customer_answers(sentences, expected):
    assert question_type(sentences) == expected


@pytest.mark.parametrize("text", ["Please calm down, sir.", "Sorry, that's our policy.", "你冷静一下，这是公司规定。",
                                  "我也没办法，你找别人吧。"])
def test_skills_avoid_phrases_are_caught(skills, text):
    assert skills.score(text, SkillContext("driver", "anger", None)).values["avoid_phrase"] is True


@pytest.mark.parametrize("text, ctx", [
    ("I completely understand how frustrating it is to be charged twice. I'll refund the duplicate today and "
     "email you the confirmation by 3 pm.", SkillContext("amiable", "frustration", None)),
    ("完全理解您的着急，重复扣的那笔我今天下午三点前给您退回，退完马上短信通知您。", SkillContext("amiable", "frustration", None)),
])
def test_skills_empathy_and_ownership(skills, text, ctx):
    r = skills.score(text, ctx)
    assert r.values["empathy"] and r.values["ownership"] and not r.values["avoid_phrase"]


def test_skills_a_brush_off_is_neither_empathy_nor_ownership(skills):
    r = skills.score("We'll look into it at some point.", SkillContext("critical", "anger", None))
    assert not r.values["ownership"] and not r.values["empathy"]


def test_skills_answering_the_objection_raised(skills):
    ctx = SkillContext("analytical", "neutral", "price")
    good = skills.score("Fair question on price: at your 4,000 orders a day, cutting mis-picks from 3% to 0.5% saves "
                        "about $21,000 a month, so the licence pays back in under three months. I can send the model.", ctx)
    off = skills.score("Our team just won an award for design and we have a great community forum.", ctx)
    assert good.values["addresses_objection"] and not off.values["addresses_objection"]
    assert good.scores["addresses_objection"] > off.scores["addresses_objection"]


def test_skills_style_fit_brevity_for_a_driver(skills):
    ctx = SkillContext("driver", "neutral", None)
    short = skills.score("Bottom line: $48k, live in three weeks, payback in five months. Shall we sign today?", ctx)
    rambling = skills.score("Well, let me start by telling you a little about our history. Our founders met at college "
                            "and over many years, through lots of ups and downs, they built a wonderful community of "
                            "customers who love the product, and honestly there are so many stories I could share with "
                            "you about how teams like yours have grown with us over the years.", ctx)
    assert short.scores["style_fit"] > rambling.scores["style_fit"]
    assert short.values["style_fit"] and not rambling.values["style_fit"]


def test_skills_length_is_judged_by_the_customers_style(skills):
    reply = ("Here is the full picture. " * 3 + "Our onboarding takes two weeks, a named engineer stays with you, "
             "the price covers training for every shift lead, the reports come every Monday, and you can cancel at "
             "any point in the first ninety days without a fee, which most of our customers never need to do. " * 2)
    driver = skills.score(reply, SkillContext("driver", "neutral", None))
    analytical = skills.score(reply, SkillContext("analytical", "neutral", None))
    assert driver.values["length"] == "long" and driver.scores["length"] < analytical.scores["length"]
    brief = skills.score("Two weeks to go live, $48k, payback in five months. Sign today?", SkillContext("driver", "neutral", None))
    assert brief.values["length"] == "ok" and brief.scores["length"] == 1.0
    assert skills.score("OK.", SkillContext("driver", "neutral", None)).values["length"] == "short"
    zh = skills.score("张总，两周上线，四万八，五个月回本。今天能定吗？", SkillContext("driver", "neutral", None))
    assert zh.values["length"] == "ok"


STOCKTAKE_EN = SkillContext("driver", "neutral", None, "Stock-take shuts the store for a whole day.")
STOCKTAKE_ZH = SkillContext("driver", "neutral", None, "盘点一次要闭店一整天。")


@pytest.mark.parametrize("pitch, asked, ctx", [
    ("Our scanner reads 300 items a minute, so stock-take takes an hour instead of a day — your team can count on "
     "Sunday evening without closing the store.",
     "If a scanner could read 300 items a minute, how would that change stock-take for your team?", STOCKTAKE_EN),
    ("我们的扫码枪一分钟能读三百件，盘点从一整天缩到一小时，您周日晚上就能盘完，不用闭店。",
     "如果扫码枪一分钟能读三百件，对你们盘点会有什么帮助？", STOCKTAKE_ZH),
])
def test_skills_fab_is_a_pitch_not_a_question_about_a_feature(skills, pitch, asked, ctx):
    """The same feature and benefit count as FAB when stated, not when only asked about."""
    assert skills.score(pitch, ctx).values["fab"]
    assert not skills.score(asked, ctx).values["fab"]


@pytest.mark.parametrize("heard, taken_back, ctx", [
    ("Three wrong deliveries in a month, and you are the one explaining it to your customers — that's on us. "
     "I'll collect the wrong items today and send the new tracking numbers by 5 pm.",
     "I understand. However, that's the warehouse's policy and there's nothing I can do.",
     SkillContext("driver", "frustration", None, "Your warehouse sent the wrong items again, third time this month!")),
    ("一个月错三次，您那边还得挨个跟客户解释，确实窝心。错发的货我今天安排上门换回，下午五点前把单号发您。",
     "理解，不过这是仓库的规定，我们也没办法。",
     SkillContext("driver", "frustration", None, "仓库又发错货了，这个月第三次！")),
])
def test_skills_empathy_is_an_acknowledgement_not_taken_back(skills, heard, taken_back, ctx):
    assert skills.score(heard, ctx).values["empathy"]
    assert not skills.score(taken_back, ctx).values["empathy"]


@pytest.mark.parametrize("problem, implication, ctx", [
    ("Where does month-end close usually get stuck?", "When close runs late, what does that do to your board reporting?",
     SkillContext("analytical", "neutral", None, "Month-end takes us nine days.")),
    ("月底结账一般卡在哪个环节？", "结账一拖，给董事会的报表会受什么影响？",
     SkillContext("analytical", "neutral", None, "我们月底结账要九天。")),
])
def test_skills_spin_tells_the_difficulty_from_what_it_leads_to(skills, problem, implication, ctx):
    assert skills.score(problem, ctx).values["spin"] == "problem"
    assert skills.score(implication, ctx).values["spin"] == "implication"


def test_skills_spin_reads_the_word_frame_of_a_question(skills):
    # The shipped SPIN detector keeps a word n-gram view beside its character one (chosen out of
    # fold); loading must give that view the word analyzer, or its weights would read nothing.
    views = {m.vocab.analyzer for m in skills.lexical["spin"]}
    assert views == {"chars", "words"}
    words = next(m for m in skills.lexical["spin"] if m.vocab.analyzer == "words")
    idx, _ = words.vocab.vector(["What happens to your margins when a shipment is late?"])
    assert words.vocab.index["t:what happens to"] in idx.tolist()


def test_spin_views_pool_so_a_category_one_view_rules_out_does_not_win_on_the_others_confidence():
    from nlp.skills import pool_spin

    # none, situation, problem, implication, need_payoff: the first view is sure of problem, the
    # second all but rules it out and leans a little to need-payoff. An average would say
    # problem; the pooled reading takes the category both views allow.
    sure = np.array([0.0, 0.0, 0.8, 0.15, 0.05])
    doubting = np.array([0.0, 0.0, 0.001, 0.45, 0.549])
    assert np.argmax(np.mean([sure, doubting], axis=0)) == 2
    pooled = pool_spin([sure, doubting])
    assert np.argmax(pooled) == 3 and np.isclose(pooled.sum(), 1.0)
    # A view's weight sharpens its say: weighting the doubting view up moves the answer to its choice.
    assert np.argmax(pool_spin([sure, doubting], [0.5, 4.0])) == 4


def test_shipped_spin_detector_pools_with_the_weights_training_chose(skills):
    weights = skills.card["metrics"]["spin"]["weights"]
    assert np.allclose(skills.arrays["spin/weights"], list(weights.values()))


@pytest.fixture()
def tuned_reads(skills, monkeypatch) -> list:
    """The spans the SPIN detector's tuned encoder is asked to read, call by call."""
    read = []
    tuned = skills.tuned["spin"]
    original = tuned.pooled
    monkeypatch.setattr(tuned, "pooled", lambda spans: read.append(spans) or original(spans))
    return read


def test_shipped_spin_detector_reads_its_questions_through_its_own_tuned_encoder(skills, tuned_reads):
    views = list(skills.card["metrics"]["spin"]["weights"])
    assert views[-1] == "tuned" and len(views) == len(skills.arrays["spin/weights"])
    skills.score("Thanks for the numbers. How often does the line stop in a normal week?", SkillContext(None, None, None, None))
    assert tuned_reads == [[["How often does the line stop in a normal week?"]]]  # the question, not the thanks


@pytest.mark.parametrize("text", ["Thanks, I'll send the quote over by Friday.", "好的，报价我周五前发给您。"])
def test_a_reply_without_a_question_has_no_spin_category_and_skips_the_spin_views(skills, tuned_reads, text):
    result = skills.score(text, SkillContext(None, None, None, None))
    assert result.values["spin"] is None and result.scores["spin"] == 0.0
    assert tuned_reads == []

"""Skill detectors on replies a trainer would agree about, in both languages."""
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
])
def test_skills_question_form(text, lang, expected):
    assert question_type([(text, lang)]) == expected


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

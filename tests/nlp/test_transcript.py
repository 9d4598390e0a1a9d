import pytest

from nlp.transcript import parse


def roles(text):
    p = parse(text)
    return p.input_kind, [(s.role, s.text) for s in p.segments]


@pytest.mark.parametrize("text, expected", [
    ("Customer: I need the spec sheet.\nAgent: Sure thing!", [("customer", "I need the spec sheet."), ("rep", "Sure thing!")]),
    ("Client: hi\nRep: hello", [("customer", "hi"), ("rep", "hello")]),
    ("Buyer: price?\nSales: $40", [("customer", "price?"), ("rep", "$40")]),
    ("Prospect: not now\nSupport: ok", [("customer", "not now"), ("rep", "ok")]),
    ("User: it crashed\nAgent Mike: sorry", [("customer", "it crashed"), ("rep", "sorry")]),
    ("Me: any update?\nThem: still deciding", [("rep", "any update?"), ("customer", "still deciding")]),
    ("Us: here's the quote\nThem: too high", [("rep", "here's the quote"), ("customer", "too high")]),
    ("客户：太贵了\n客服：亲，这是活动价", [("customer", "太贵了"), ("rep", "亲，这是活动价")]),
    ("顾客:在吗\n销售:在的", [("customer", "在吗"), ("rep", "在的")]),
    ("买家：发货了吗\n坐席：已经发了", [("customer", "发货了吗"), ("rep", "已经发了")]),
    ("用户：登不上\n顾问：我看一下", [("customer", "登不上"), ("rep", "我看一下")]),
    ("客人：房间有点吵\n我：马上给您换", [("customer", "房间有点吵"), ("rep", "马上给您换")]),
])
def test_transcript_role_labels_in_both_languages(text, expected):
    kind, segs = roles(text)
    assert kind == "transcript"
    assert segs == expected


@pytest.mark.parametrize("text, stamp", [
    ("[10:02] Customer: hi\n[10:03] Agent: hello", "[10:02]"),
    ("2024-05-01 10:02:03 客户：在吗\n2024-05-01 10:02:30 客服：在的亲", "2024-05-01 10:02:03"),
    ("10:02 PM Customer: hi\n10:03 PM Rep: hello", "10:02 PM"),
    ("Customer [10:02]: hi\nRep [10:03]: hello", "[10:02]"),
])
def test_transcript_timestamps_are_kept_out_of_the_text(text, stamp):
    p = parse(text)
    assert p.input_kind == "transcript"
    assert p.segments[0].timestamp == stamp
    assert p.segments[0].text == ("在吗" if "客户" in text else "hi")
    assert p.segments[0].role == "customer"


def test_transcript_multi_line_turns_stay_together():
    p = parse("Customer: I need three things:\n- the spec\n- the SLA\nAgent: Will send.\nCustomer: Thanks")
    assert [s.role for s in p.segments] == ["customer", "rep", "customer"]
    assert p.segments[0].text == "I need three things:\n- the spec\n- the SLA"


def test_transcript_named_speakers_rep_found_from_cues_and_explained():
    p = parse("Sarah: Hi, thanks for contacting Acme, how can I help?\n"
              "Tom: My order hasn't arrived and it's been two weeks.\n"
              "Sarah: I'm sorry about the delay, let me check.")
    assert p.input_kind == "transcript"
    by_name = {s.speaker: s for s in p.speakers}
    assert by_name["Sarah"].role == "rep" and "offers help" in by_name["Sarah"].reason
    assert by_name["Tom"].role == "customer"
    assert [s.role for s in p.segments] == ["rep", "customer", "rep"]


def test_transcript_named_speakers_when_the_rep_speaks_second():
    p = parse("Dana: We're evaluating tools for our warehouse team. How much is your product per seat?\n"
              "Leo: Our product is $30 per seat per month, and I'll send you the full price list.")
    roles = {s.speaker: s.role for s in p.speakers}
    assert roles == {"Dana": "customer", "Leo": "rep"}


def test_transcript_chat_export_lines_precede_messages():
    p = parse("张三 10:02\n你好，我的快递怎么还没到\n李四 10:03\n亲，请稍等，帮您查一下\n张三 10:05\n好的")
    assert p.input_kind == "transcript"
    assert [(s.speaker, s.role) for s in p.segments] == [("张三", "customer"), ("李四", "rep"), ("张三", "customer")]
    assert p.segments[0].text == "你好，我的快递怎么还没到"


def test_transcript_named_speakers_without_cues_are_unknown_not_guessed():
    p = parse("Anna: The weather is nice.\nBen: Yes, very nice.")
    assert {s.role for s in p.segments} == {"unknown"}
    assert all("no cue" in s.reason for s in p.speakers)


@pytest.mark.parametrize("text", [
    "Met Li, the IT director; she wanted a line-by-line comparison before anything else.",
    "Budget: 50k\nTimeline: Q3\nNotes: wants a pilot first",
    "见了王总，他只问了三件事：多少钱、多久上线、谁负责。",
    "Client background: mid-size logistics firm. Wants speed.",
    "备注：客户比较在意售后\n预算：10万左右",
    "销售笔记：李姐人特别好，说现在那家收银系统的业务员跟她是老朋友了。",
    "客服记录：客户说快递丢了，希望今天有答复。",
    "客户备注：合作6年，30天后到期续约，三月以来登录量降了60%。",
    "客户复盘：顺达物流，升级之后工单量翻了三倍。",
])
def test_transcript_text_without_turns_is_notes_about_the_customer(text):
    p = parse(text)
    assert p.input_kind == "notes"
    assert all(s.role == "customer" and s.speaker is None for s in p.segments)
    assert p.about_customer() == p.segments


def test_transcript_segment_language_is_detected_per_turn():
    p = parse("Customer: 你们的价格太高了\nAgent: I understand, let me explain the plans.")
    assert [s.lang for s in p.segments] == ["zh", "en"]


def test_transcript_customer_words_exclude_the_rep():
    p = parse("Customer: Send me the spec.\nAgent: Amazing!!! You're going to LOVE it!!!")
    assert [s.text for s in p.about_customer()] == ["Send me the spec."]


def test_transcript_chat_export_with_contact_remarks_finds_the_rep_who_makes_an_offer():
    text = ("罗经理-物业 15:00\n吕姐您好，小区统一装充电桩的团购报名截止到本周五，每户安装费优惠到1980元，您家要不要报个名？\n\n"
            "吕姐 15:40\n车位是我儿子名下的，车也是他在开，我问问他要不要装")
    p = parse(text)
    assert [(s.speaker, s.role) for s in p.segments] == [("罗经理-物业", "rep"), ("吕姐", "customer")]
    assert "1980" not in " ".join(s.text for s in p.about_customer())
    reasons = {r.speaker: r.reason for r in p.speakers}
    assert "offer" in reasons["罗经理-物业"]

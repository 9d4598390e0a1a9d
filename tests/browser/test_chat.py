"""The chat: pasting transcripts, the coaching card, copying, follow-ups, reopening, safety."""
from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SCREENSHOTS, ARTIFACTS, full_screenshot
from tests.browser.helpers import CJK, EN_TRANSCRIPT, NAMES, ZH_TRANSCRIPT, last_card, send


def test_chat_english_transcript_gets_a_coaching_card(page):
    page.goto("/")
    expect(page.locator("#model-status")).to_have_text("Ready")
    reply = send(page, EN_TRANSCRIPT)
    analysis = reply["analysis"]
    assert reply["intent"] == "analysis"
    card = last_card(page)
    expect(card.locator(".style-badge")).to_have_text(NAMES["en"]["style"][analysis["style"]["label"]])
    expect(card.locator(".panel-style .confidence")).to_have_text(f"{round(analysis['style']['confidence'] * 100)}% confident")
    expect(card.locator(".panel-style svg.chart-bars rect.bar-fill")).to_have_count(5)
    expect(card.locator(".emotion-badge")).to_have_text(NAMES["en"]["emotion"][analysis["emotion"]["label"]])
    expect(card.locator(".panel-emotion svg.chart-spark circle")).to_have_count(len(analysis["emotion"]["trajectory"]))
    risk = analysis["emotion"]["escalation_risk"]
    expect(card.locator(".panel-emotion .risk")).to_have_text(f"Escalation risk: {risk}")
    if risk == "high":
        expect(card.locator(".escalation-alert")).to_be_visible()
        expect(card.locator(".escalation-alert")).to_contain_text("High escalation risk")
    else:
        expect(card.locator(".escalation-alert")).to_have_count(0)
    expect(card.locator(".chip-objection")).to_have_count(len(analysis["objections"]))
    # The evidence sentences are highlighted in the pasted text.
    bubble = page.locator("#thread .msg-user").last
    expect(bubble.locator("mark.ev-style").first).to_be_visible()
    assert bubble.locator(".msg-text").inner_text() == EN_TRANSCRIPT, "highlighting keeps the text exactly as pasted"
    # An objection chip highlights its evidence.
    assert analysis["objections"], "the transcript raises an objection"
    chip = card.locator(".chip-objection").first
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(bubble.locator("mark.ev-active")).not_to_have_count(0)
    expect(card.locator(".evidence-shown")).to_be_visible()
    recs = card.locator(".rec:visible")
    expect(recs).to_have_count(min(3, len(reply["recommendations"])))
    expect(recs.first.locator("h5")).to_have_text(reply["recommendations"][0]["title"])
    expect(recs.first.locator(".rec-text")).not_to_be_empty()
    expect(recs.first.locator(".rec-why")).not_to_be_empty()
    expect(card.locator(".follow-ups .chip-ask")).not_to_have_count(0)
    assert page.errors == []
    full_screenshot(page, SCREENSHOTS / "chat-en.png")


def test_chat_chinese_transcript_with_a_chinese_interface(open_page):
    page = open_page(locale="zh-CN")
    page.goto("/")
    expect(page.locator("#send")).to_have_text("发送")
    analysis = send(page, ZH_TRANSCRIPT)["analysis"]
    card = last_card(page)
    expect(card.locator(".style-badge")).to_have_text(NAMES["zh"]["style"][analysis["style"]["label"]])
    expect(card.locator(".emotion-badge")).to_have_text(NAMES["zh"]["emotion"][analysis["emotion"]["label"]])
    expect(card.locator(".card-meta")).to_contain_text("分析语言：中文")
    expect(card.locator(".chip-objection")).to_have_count(len(analysis["objections"]))
    if analysis["objections"]:
        expect(card.locator(".chip-objection").first).to_contain_text(NAMES["zh"]["objection"][analysis["objections"][0]["type"]])
    first = card.locator(".rec").first.locator(".rec-text")
    expect(first).to_have_text(CJK)
    if analysis["emotion"]["escalation_risk"] == "high":
        expect(card.locator(".escalation-alert")).to_contain_text("升级风险高")
        signals = card.locator(".escalation-alert li").all_inner_texts()
        assert signals and not any(re.search(r"reads as|complaining turns|rising across", s) for s in signals), signals
    # Cue names in the evidence follow the interface language too.
    english_cue = re.compile(r"\b(?:question|exclamation|hedge|politeness|intensifier|negation|urgency|data|imperative|"
                             r"number|unit|price_words|trust_words)\b:")
    assert not any(english_cue.search(c) for c in card.locator(".cues").all_inner_texts())
    assert page.errors == []
    full_screenshot(page, SCREENSHOTS / "chat-zh.png")


def test_chat_copy_shows_a_confirmation_and_fills_the_clipboard(page):
    page.goto("/")
    send(page, EN_TRANSCRIPT)
    rec = last_card(page).locator(".rec").first
    rec.locator(".copy-btn").click()
    expect(rec.locator(".copy-status")).to_have_text("✓ Copied")
    assert page.evaluate("navigator.clipboard.readText()") == rec.locator(".rec-text").inner_text()


def test_chat_copy_falls_back_to_exec_command_without_the_clipboard_api(open_page, browser, server):
    page = open_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto("/")
    send(page, "How do I answer a price objection from an analytical buyer?")
    rec = last_card(page).locator(".rec").first
    rec.locator(".copy-btn").click()
    expect(rec.locator(".copy-status")).to_have_text("✓ Copied")


def test_chat_shorter_other_language_and_more_like_this(page):
    page.goto("/")
    send(page, EN_TRANSCRIPT)
    card = last_card(page)
    rec = card.locator(".rec").first
    text = rec.locator(".rec-text")
    full = text.inner_text()
    rec.get_by_role("button", name="Shorter").click()
    expect(rec.locator(".rec-note")).to_contain_text("Shortened")
    short = text.inner_text()
    assert len(short) < len(full) and full.startswith(short[:20])
    rec.get_by_role("button", name="Full version").click()
    expect(text).to_have_text(full)
    rec.get_by_role("button", name="Show this talk track in Chinese").click()
    expect(text).to_have_text(CJK)
    expect(rec.locator(".rec-note")).to_contain_text("Shown in Chinese")
    rec.get_by_role("button", name="Show this talk track in English").click()
    expect(text).to_have_text(full)
    before = card.locator(".rec").count()
    rec.get_by_role("button", name="More like this").click()
    expect(card.locator(".rec-more").first).to_be_visible()
    assert card.locator(".rec").count() > before
    ids = card.locator(".rec").evaluate_all("els => els.map(e => e.dataset.id)")
    assert len(ids) == len(set(ids)), "more like this never repeats a shown entry"


def test_chat_follow_up_stays_in_the_same_conversation(page, server):
    page.goto("/")
    send(page, EN_TRANSCRIPT)
    cid = page.evaluate("location.hash").removeprefix("#c=")
    chip = last_card(page).locator(".chip-ask").first
    question = chip.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/coach")) as info:
        chip.click()
    assert info.value.json()["conversation_id"] == cid
    expect(page.locator("#thread .card")).to_have_count(2)
    expect(page.locator("#thread .msg-user .msg-text").last).to_have_text(question)
    second = last_card(page)
    if info.value.json()["intent"] == "request":
        expect(second.locator(".panel-request")).to_be_visible()
    expect(second.locator(".rec").first).to_be_visible()
    assert page.evaluate("location.hash") == "#c=" + cid
    conv = page.request.get(f"{server}/api/v1/conversations/{cid}").json()
    assert [m["role"] for m in conv["messages"]] == ["user", "assistant", "user", "assistant"]
    # A typed follow-up question goes to the same conversation too.
    send(page, "Give me SPIN questions for this customer")
    conv = page.request.get(f"{server}/api/v1/conversations/{cid}").json()
    assert len(conv["messages"]) == 6


def test_chat_reopens_a_past_conversation_from_the_side_panel(page):
    page.goto("/")
    style = send(page, EN_TRANSCRIPT)["analysis"]["style"]["label"]
    cid = page.evaluate("location.hash").removeprefix("#c=")
    send(page, "What if they say it's too expensive?")
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator("#thread .card")).to_have_count(0)
    expect(page.locator("#welcome")).to_be_visible()
    item = page.locator(f'.conv-item[data-id="{cid}"]')
    expect(item).to_be_visible()
    item.click()
    expect(page.locator("#thread .card")).to_have_count(2)
    expect(page.locator("#thread .card").first.locator(".style-badge")).to_have_text(NAMES["en"]["style"][style])
    expect(page.locator("#thread .msg-user").first.locator("mark.ev").first).to_be_visible()
    expect(item).to_have_attribute("aria-current", "true")
    # Reloading keeps the conversation open (its id is in the address).
    page.reload()
    expect(page.locator("#thread .card")).to_have_count(2)
    # The reopened conversation goes on where it was.
    send(page, "How do I calm this customer down?")
    assert page.evaluate("location.hash") == "#c=" + cid


def test_chat_xss_payload_is_shown_literally_and_never_runs(page, server):
    payload = '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>'
    page.goto("/")
    send(page, payload)
    assert page.evaluate("typeof window.__xss") == "undefined"
    expect(page.locator("#thread .msg-user .msg-text").last).to_have_text(payload)
    assert page.locator("#thread img").count() == 0
    assert page.locator("#thread script").count() == 0
    title = page.locator(".conv-item .conv-title").first
    expect(title).to_have_text(payload)
    # Reopening it from the side panel renders it as text again.
    page.get_by_role("button", name="New conversation").click()
    page.locator(".conv-item").first.click()
    expect(page.locator("#thread .msg-user .msg-text").first).to_have_text(payload)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img").count() == 0


def test_chat_error_is_readable_and_the_text_is_never_lost(page):
    page.goto("/")
    text = "Customer: We are not sure this is the right time to buy."
    page.route("**/api/v1/coach", lambda route: route.fulfill(status=503, content_type="application/json", body=json.dumps(
        {"error": {"code": "models_loading", "message": "The models are still loading; try again in a few seconds.",
                   "details": None}})))
    page.fill("#message", text)
    page.press("#message", "Enter")
    error = page.locator("#thread .msg-error")
    expect(error).to_contain_text("The models are still loading")
    expect(error).to_contain_text("Your text is back in the message box")
    expect(page.locator("#message")).to_have_value(text)
    page.unroute("**/api/v1/coach")
    # The draft survives a reload, then goes away once the message is answered.
    page.reload()
    expect(page.locator("#message")).to_have_value(text)
    page.press("#message", "Enter")
    expect(page.locator("#thread .card")).to_have_count(1)
    expect(page.locator("#message")).to_have_value("")
    assert page.evaluate("localStorage.getItem('tt.draft')") is None


def test_chat_network_failure_restores_the_text(page):
    page.goto("/")
    page.route("**/api/v1/coach", lambda route: route.abort())
    page.fill("#message", "hello there")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread .msg-error")).to_contain_text("Could not reach the server")
    expect(page.locator("#message")).to_have_value("hello there")


def test_chat_shift_enter_adds_a_line_and_enter_sends(page):
    page.goto("/")
    box = page.locator("#message")
    box.click()
    page.keyboard.type("Customer: the price is too high")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Rep: I see")
    expect(box).to_have_value("Customer: the price is too high\nRep: I see")
    expect(page.locator("#thread .msg-user")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(page.locator("#thread .card")).to_have_count(1)
    expect(page.locator("#thread .typing")).to_have_count(0)


def test_chat_typing_indicator_shows_while_waiting(page):
    page.goto("/")

    def slow(route):
        page.wait_for_timeout(800)
        route.continue_()

    page.route("**/api/v1/coach", slow)
    page.fill("#message", EN_TRANSCRIPT)
    page.press("#message", "Enter")
    expect(page.locator("#thread .typing")).to_be_visible()
    expect(page.locator("#thread .typing")).to_contain_text("TalkTrack is thinking")
    expect(page.locator("#thread .card")).to_have_count(1)
    expect(page.locator("#thread .typing")).to_have_count(0)


def test_chat_on_a_phone_the_side_panel_collapses(open_page):
    page = open_page(viewport=PHONE)
    page.goto("/")
    expect(page.locator("#sidebar")).to_be_hidden()
    toggle = page.locator("#sidebar-toggle")
    expect(toggle).to_be_visible()
    send(page, EN_TRANSCRIPT)
    expect(last_card(page).locator(".style-badge")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    toggle.click()
    expect(page.locator("#sidebar")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    full_screenshot(page, ARTIFACTS / "phone-chat.png")
    page.keyboard.press("Escape")
    expect(page.locator("#sidebar")).to_be_hidden()

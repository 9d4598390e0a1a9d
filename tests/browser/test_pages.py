"""Interface language, the knowledge page, feedback and its export, customer profiles, headers."""
from __future__ import annotations

import json
import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE, full_screenshot
from tests.browser.helpers import CJK, EN_TRANSCRIPT, NAMES, last_card, send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def test_language_toggle_switches_the_interface_and_is_remembered(page):
    page.goto("/")
    expect(page.locator("#send")).to_have_text("Send")
    style = send(page, EN_TRANSCRIPT)["analysis"]["style"]["label"]
    card = last_card(page)
    rec_text = card.locator(".rec-text").first.inner_text()
    page.locator("#lang-toggle").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#send")).to_have_text("发送")
    expect(page.locator("#message")).to_have_attribute("placeholder", re.compile("粘贴"))
    expect(card.locator(".style-badge")).to_have_text(NAMES["zh"]["style"][style])
    expect(card.locator(".panel-style h4")).to_have_text("客户风格")
    # The talk tracks follow the language of the text, not of the interface.
    assert card.locator(".rec-text").first.inner_text() == rec_text
    page.reload()
    expect(page.locator("#send")).to_have_text("发送")
    assert page.evaluate("localStorage.getItem('tt.lang')") == "zh"
    page.locator("#lang-toggle").click()
    expect(page.locator("#send")).to_have_text("Send")
    expect(page.locator(".nav a[data-page=knowledge]")).to_have_text("Knowledge")


def test_language_defaults_to_the_browser_language(open_page):
    zh = open_page(locale="zh-CN")
    zh.goto("/knowledge")
    expect(zh.locator("h1")).to_have_text("知识库")
    en = open_page(locale="en-GB")
    en.goto("/knowledge")
    expect(en.locator("h1")).to_have_text("Knowledge base")


def test_knowledge_search_filters_and_opens_an_entry_in_both_languages(page):
    page.goto("/knowledge")
    items = page.locator(".kb-item")
    expect(items.first).to_be_visible()
    page.fill("#kb-q", "too expensive")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#kb-count")).to_have_text(re.compile(r"^\d+ entries$"))
    page.select_option("#kb-kind", "objection_response")
    page.select_option("#kb-objection", "price")
    expect(page).to_have_url(re.compile(r"kind=objection_response.*objection=price"))
    expect(page.locator(".kb-item .kind-tag", has_not_text="Objection response")).to_have_count(0)
    expect(items.first).to_contain_text("Price")
    items.first.click()
    title = page.locator("#kb-entry h2")
    expect(title).to_be_visible()
    english = title.inner_text()
    assert not CJK.search(english)
    expect(page.locator("#kb-entry blockquote")).not_to_be_empty()
    page.locator("#kb-entry").get_by_role("button", name="中文").click()
    expect(title).to_have_text(CJK)
    expect(page.locator("#kb-entry blockquote")).to_have_text(CJK)
    page.locator("#kb-entry").get_by_role("button", name="English").click()
    expect(title).to_have_text(english)
    # The address keeps the search and the entry, so the view can be shared or reloaded.
    page.reload()
    expect(page.locator("#kb-q")).to_have_value("too expensive")
    expect(page.locator("#kb-entry h2")).to_have_text(english)


def test_knowledge_search_with_nothing_found_says_so(page):
    page.goto("/knowledge?q=zzzzqqqq")
    expect(page.locator("#kb-count")).to_contain_text("No entries match")


def test_feedback_correction_is_stored_and_exported(page, server):
    text = EN_TRANSCRIPT + f"\nRep: Noted, ticket {uuid.uuid4().hex[:8]}."
    page.goto("/")
    analysis = send(page, text)["analysis"]
    card = last_card(page)
    predicted = analysis["style"]["label"]
    expect(card.locator(".style-badge")).to_have_text(NAMES["en"]["style"][predicted])
    right = next(s for s in NAMES["en"]["style"] if s != predicted)
    style = card.locator(".panel-style")
    style.get_by_role("button", name="Mark the style as wrong").click()
    select = style.locator("select")
    expect(select).to_be_focused()
    select.select_option(right)
    style.get_by_role("button", name="Save").click()
    expect(style.locator(".fb-status")).to_have_text("Thanks, your feedback was saved.")
    emotion = card.locator(".panel-emotion")
    emotion.get_by_role("button", name="Confirm the emotion").click()
    expect(emotion.locator(".fb-status")).to_have_text("Thanks, your feedback was saved.")
    objections = card.locator(".panel-objections")
    found = objections.locator(".chip-objection").evaluate_all("els => els.map(e => e.dataset.objection)")
    objections.get_by_role("button", name="Missing objection?").click()
    missing = next(o for o in NAMES["en"]["objection"] if o not in found)
    objections.locator("form:visible select").select_option(missing)
    objections.locator("form:visible").get_by_role("button", name="Save").click()
    expect(objections.locator(".fb .fb-status")).to_have_text("Thanks, your feedback was saved.")
    rec = card.locator(".rec").first
    rec.get_by_role("button", name="Helpful", exact=True).click()
    expect(rec.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")

    r = page.request.get(f"{server}/api/v1/feedback/export")
    assert r.ok and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text().splitlines() if line.strip()]
    mine = [line for line in lines if line["text"] == text]
    assert mine == [{"text": text, "style": right, "emotion": analysis["emotion"]["label"],
                     "objection": sorted({*found, missing})}]

    page.goto("/admin/feedback")
    table = page.locator("#fb-table table")
    expect(table).to_be_visible()
    expect(table).to_contain_text(NAMES["en"]["style"][right])
    expect(table).to_contain_text("Wrong")
    expect(table).to_contain_text("Helpful")
    page.select_option("#fb-target", "recommendation")
    expect(page.locator("#fb-table tbody tr").first).to_contain_text("Recommendation")
    expect(page.locator("#fb-export")).to_have_attribute("href", "/api/v1/feedback/export")


def test_customer_profile_shows_style_emotions_and_objections_over_time(page):
    cust = "acme-" + uuid.uuid4().hex[:6]
    page.goto("/")
    page.fill("#customer-id", cust)
    send(page, EN_TRANSCRIPT)
    send(page, "Customer: Could you send me the benchmark data and the detailed pricing breakdown? "
               "I want to compare it line by line with our current vendor.")
    link = page.get_by_role("link", name="View customer profile")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(f"/customers/{cust}$"))
    expect(page.locator("h1")).to_have_text(f"Customer {cust}")
    expect(page.locator("#style-history svg.chart-history .history-point")).to_have_count(2)
    expect(page.locator("#acc-style .style-badge")).to_be_visible()
    expect(page.locator("#emotion-history .emotion-badge")).to_have_count(2)
    expect(page.locator("#objection-counts svg")).to_be_visible()
    expect(page.locator("#analyses tbody tr")).to_have_count(2)
    expect(page.locator("#customer-convs a")).to_have_count(1)
    full_screenshot(page, ARTIFACTS / "customer-profile.png")
    page.locator("#customer-convs a").click()
    expect(page.locator("#thread .card")).to_have_count(2)
    expect(page.locator("#customer-id")).to_have_value(cust)


def test_customer_id_is_checked_before_sending(page):
    page.goto("/")
    page.fill("#customer-id", "not allowed/with spaces")
    page.fill("#message", "Customer: hello")
    page.press("#message", "Enter")
    expect(page.locator("#customer-error")).to_be_visible()
    expect(page.locator("#customer-id")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#thread .msg-user")).to_have_count(0)
    expect(page.locator("#message")).to_have_value("Customer: hello")


def test_every_page_has_the_csp_and_runs_without_violations(open_page, server):
    page = open_page()
    for path in ("/", "/knowledge", "/admin/feedback", "/roleplay", "/trainer"):
        response = page.goto(path)
        assert response.headers["content-security-policy"] == CSP
        page.wait_for_load_state("networkidle")
        assert page.errors == [], (path, page.errors)
    for path in ("/static/app.js", "/api/v1/knowledge?limit=1", "/healthz"):
        assert page.request.get(server + path).headers["content-security-policy"] == CSP


def test_unknown_pages_get_an_html_error_page_and_the_api_keeps_json(page, server):
    response = page.goto("/customers/nobody-here")
    assert response.status == 404
    assert response.headers["content-type"].startswith("text/html")
    expect(page.locator("h1")).to_have_text("Error 404")
    expect(page.locator(".error-message")).to_contain_text("No customer with id 'nobody-here'")
    response = page.goto("/no/such/page")
    assert response.status == 404
    expect(page.get_by_role("link", name="Back to the chat")).to_be_visible()
    r = page.request.get(server + "/api/v1/no-such-thing")
    assert r.status == 404 and r.json()["error"]["code"] == "not_found"


def test_keyboard_only_the_chat_can_be_used_and_focus_is_visible(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")  # skip to the content
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    expect(page.locator("#message")).to_be_focused()
    page.keyboard.type("How do I answer a price objection from an analytical buyer?")
    page.keyboard.press("Enter")
    expect(page.locator("#thread .card")).to_have_count(1)
    copy = last_card(page).locator(".copy-btn").first
    copy.focus()
    outline = copy.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Enter")
    expect(last_card(page).locator(".copy-status").first).to_have_text("✓ Copied")


def test_pages_fit_a_phone(open_page):
    page = open_page(viewport=PHONE)
    for path in ("/knowledge", "/admin/feedback"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.goto("/knowledge")
    expect(page.locator("#kb-entry")).to_be_hidden()
    page.locator(".kb-item").first.click()
    entry = page.locator("#kb-entry h2")
    expect(entry).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "phone-knowledge.png"))

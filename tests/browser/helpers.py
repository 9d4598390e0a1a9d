"""Texts and steps the browser tests share."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from nlp.labels import EMOTION_LABELS, OBJECTION_LABELS, STYLE_LABELS

EN_TRANSCRIPT = (
    "Customer: Before we go any further I need the full technical specification and your test methodology.\n"
    "Rep: Sure, you'll love it!\n"
    "Customer: Honestly this is too expensive, and I'm frustrated that nobody answered my emails last week.\n"
    "Rep: I understand.\n"
    "Customer: If this isn't fixed today I'm cancelling and going to your competitor.")
ZH_TRANSCRIPT = ("客户：你们的价格太贵了，比别家贵了三成。\n销售：我理解您的顾虑。\n"
                 "客户：而且上次的问题到现在都没解决，我真的很生气，再这样我就投诉了！")
CJK = re.compile(r"[\u4e00-\u9fff]")


# Display names as the page shows them (from nlp/labels.py), so the tests follow the models' answers.
NAMES = {lang: {task: {label.name: getattr(label, lang) for label in labels}
                for task, labels in (("style", STYLE_LABELS), ("emotion", EMOTION_LABELS), ("objection", OBJECTION_LABELS))}
         for lang in ("en", "zh")}


def send(page: Page, text: str) -> dict:
    """Type into the message box and press Enter; wait until the reply's card is in the thread.
    Returns the API's reply, so a test checks the page against what the models said."""
    cards = page.locator("#thread .card")
    before = cards.count()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/coach") and r.request.method == "POST") as info:
        page.fill("#message", text)
        page.press("#message", "Enter")
    expect(cards).to_have_count(before + 1)
    return info.value.json()


def last_card(page: Page):
    return page.locator("#thread .card").last

"""Role-play in the browser: choose a scenario, play the simulated customer to the end, the scorecard,
reopening a session by its address, the trainer's dashboard and its CSV export, Chinese, phones.

The simulator and the skill detectors are being tuned, so nothing here depends on a score or an
outcome: only on their being shown, and on the page agreeing with what the API answered."""
from __future__ import annotations

import math
import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, PHONE, SCREENSHOTS, full_screenshot
from tests.browser.helpers import CJK

REPLIES = {
    "en": ["I'm sorry this happened, and I understand why you're frustrated. I'll look into it myself right now "
           "and call you back by 3pm today.",
           "That's a fair concern. What matters most to you in getting this resolved?",
           "You're right, and that's on us. I'll put the correction through today and confirm it in writing by end of day.",
           "Here is what I can do: I'll send you the details and a clear plan by tomorrow morning, so you can check "
           "every step."],
    "zh": ["非常抱歉给您添麻烦了，我理解您的着急。我今天下午三点前亲自处理好，再给您回电话。",
           "您的顾虑很合理。对您来说，解决这件事最重要的是什么？",
           "您说得对，这是我们的问题。我今天就把更正做好，下班前书面确认给您。"],
}
OUTCOME_TITLES = {"won": "Won: the customer agreed", "lost": "Lost: the customer walked away",
                  "turn_limit": "Out of turns"}


def shown(score: float) -> int:
    """A score as the page rounds it (JavaScript's Math.round: halves up, where Python's round goes to even)."""
    return math.floor(score + 0.5)


def shortest_scenario(page: Page, server: str) -> dict:
    """The scenario with the fewest turns, so playing it to the end stays quick whatever the replies score."""
    scenarios = page.request.get(server + "/api/v1/roleplay/scenarios").json()
    return min(scenarios, key=lambda s: (s["max_turns"], s["id"]))


def start(page: Page, scenario_id: str, name: str) -> str:
    """From /roleplay: type the name, press the scenario's Start; returns the new session's id."""
    page.fill("#rp-trainee", name)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/roleplay/sessions") and r.request.method == "POST") as info:
        page.locator(f'.rp-card[data-scenario="{scenario_id}"] .rp-start').click()
    session = info.value.json()
    expect(page).to_have_url(re.compile(f"/roleplay/sessions/{session['id']}$"))
    expect(page.locator("#rp-thread .rp-customer").first).to_have_text(re.compile(re.escape(session["customer_message"])))
    expect(page.locator("#rp-reply")).to_be_focused()
    return session["id"]


def reply(page: Page, text: str) -> dict:
    """Type a reply and press Enter; wait until its score is under it. Returns the API's answer."""
    scored = page.locator("#rp-thread .rp-trainee .rp-turn")
    before = scored.count()
    with page.expect_response(lambda r: r.url.endswith("/turns") and r.request.method == "POST") as info:
        page.fill("#rp-reply", text)
        page.press("#rp-reply", "Enter")
    turn = info.value.json()
    expect(scored).to_have_count(before + 1)
    return turn


def mood(page: Page) -> tuple:
    box = page.locator("#rp-mood-body")
    return tuple(box.get_attribute(k) for k in ("data-trust", "data-patience", "data-emotion"))


def play_to_the_end(page: Page, lang: str, limit: int) -> tuple[list[dict], list[tuple]]:
    turns, moods = [], [mood(page)]
    for i in range(limit + 1):
        turn = reply(page, REPLIES[lang][i % len(REPLIES[lang])])
        turns.append(turn)
        moods.append(mood(page))
        last = page.locator("#rp-thread .rp-trainee").last
        expect(last.locator(".score-pill")).to_have_text(f"Score {shown(turn['turn_score']['overall'])}/100")
        if turn["better_line"]:
            expect(last.locator(".rp-better q")).to_have_text(turn["better_line"])
        expect(page.locator("#rp-thread .rp-customer").last).to_have_text(re.compile(re.escape(turn["customer_message"])))
        if turn["done"]:
            return turns, moods
    raise AssertionError(f"the session did not end within {limit} turns")


def api_session(page: Page, server: str, scenario_id: str, trainee: str, replies: list[str]) -> str:
    """A session played through the API, for the trainer's views."""
    s = page.request.post(server + "/api/v1/roleplay/sessions",
                          data={"scenario_id": scenario_id, "trainee": trainee, "lang": "en"}).json()
    for text in replies:
        turn = page.request.post(f"{server}/api/v1/roleplay/sessions/{s['id']}/turns", data={"text": text})
        assert turn.ok, turn.text()
        if turn.json()["done"]:
            break
    return s["id"]


def test_roleplay_a_session_to_the_end_then_the_trainer_sees_it(page, server):
    name = "Ana Lima"  # no other test uses this name, and the test server's database is new each run
    sc = shortest_scenario(page, server)
    # Two earlier sessions, so the trainer's trend has a line to draw.
    others = [s["id"] for s in page.request.get(server + "/api/v1/roleplay/scenarios").json() if s["id"] != sc["id"]]
    earlier = [api_session(page, server, others[i], name, REPLIES["en"][i:i + 2]) for i in range(2)]
    page.goto("/roleplay")
    expect(page.locator("#rp-title")).to_have_text("Role-play practice")
    expect(page.locator(".nav a[data-page=roleplay]")).to_have_attribute("aria-current", "page")
    expect(page.locator('input[name="rp-lang"][value="en"]')).to_be_checked()
    card = page.locator(f'.rp-card[data-scenario="{sc["id"]}"]')
    expect(card.locator(".rp-card-title")).to_have_text(sc["title"]["en"])
    expect(card).to_contain_text(sc["persona"]["name"]["en"])
    expect(card).to_contain_text(sc["goal"]["en"])
    # Starting without a name says so and starts nothing.
    page.fill("#rp-trainee", "")
    card.locator(".rp-start").click()
    expect(page.locator("#rp-trainee-error")).to_be_visible()
    expect(page.locator("#rp-trainee")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile("/roleplay$"))

    session_id = start(page, sc["id"], name)
    expect(page.locator("#rp-play-title")).to_have_text(sc["title"]["en"])
    expect(page.locator("#rp-mood")).to_be_visible()
    expect(page.locator("#rp-mood-body")).to_have_attribute("data-patience", str(sc["persona"]["patience"]))
    turns, moods = play_to_the_end(page, "en", sc["max_turns"])
    assert any(m != moods[0] for m in moods[1:]), f"the mood never moved: {moods}"

    card_api = page.request.get(f"{server}/api/v1/roleplay/sessions/{session_id}/scorecard").json()
    outcome = turns[-1]["outcome"]
    assert card_api["outcome"] == outcome in OUTCOME_TITLES
    scorecard = page.locator("#rp-result .scorecard")
    expect(scorecard).to_be_visible()
    expect(scorecard.locator(".outcome")).to_have_attribute("data-outcome", outcome)
    expect(scorecard.locator(".outcome-title")).to_have_text(OUTCOME_TITLES[outcome])
    expect(scorecard.locator(".overall-n")).to_have_text(str(shown(card_api["overall"])))
    assert card_api["skills"], "at least one skill was scored"
    expect(scorecard.locator("svg.chart-skills rect.bar-fill")).to_have_count(len(card_api["skills"]))
    expect(scorecard.locator(".worst-turns .turn-item").first.locator(".rp-better q")).not_to_be_empty()
    expect(page.locator("#rp-composer")).to_be_hidden()
    expect(scorecard.get_by_role("button", name="Play again")).to_be_visible()
    expect(scorecard.get_by_role("button", name="Choose another scenario")).to_be_visible()
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(len(turns))
    assert page.errors == []
    full_screenshot(page, SCREENSHOTS / "roleplay-en.png")

    page.goto("/trainer")
    expect(page.locator(".nav a[data-page=trainer]")).to_have_attribute("aria-current", "page")
    row = page.locator(f'.tr-row[data-session="{session_id}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text(name)
    expect(row).to_contain_text(sc["title"]["en"])
    expect(row).to_contain_text({"won": "Won", "lost": "Lost", "turn_limit": "Turn limit"}[outcome])
    page.select_option("#tr-trainee", name)
    expect(page.locator(".tr-row")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"trainee=Ana"))
    mine = page.request.get(server + "/api/v1/roleplay/sessions", params={"trainee": name}).json()
    assert {s["id"] for s in mine} == {session_id, *earlier}
    skills = {k for s in mine for k in s["skills"]}
    trend = page.locator(f'#tr-trends figure[data-trainee="{name}"]')
    expect(trend.locator("svg.chart-lines")).to_be_visible()
    expect(trend.locator("svg.chart-lines g.series")).to_have_count(len(skills))
    expect(trend.locator("svg.chart-lines polyline.series-line")).not_to_have_count(0)
    expect(trend.locator(".legend li")).to_have_count(len(skills))
    # In time order: the session just played is the third and last point.
    expect(trend.locator("svg.chart-lines title").filter(has_text="Session 3 ·").first).to_contain_text(sc["title"]["en"])
    row.get_by_role("button", name=re.compile("transcript", re.I)).click()
    detail = page.locator("#tr-detail")
    expect(detail.locator(".scorecard .outcome")).to_have_attribute("data-outcome", outcome)
    expect(detail.locator(".rp-trainee")).to_have_count(len(turns))
    first = detail.locator(".rp-trainee").first
    expect(first.locator(".score-pill")).to_have_text(f"Score {shown(turns[0]['turn_score']['overall'])}/100")
    applicable = [k for k, v in turns[0]["turn_score"]["skills"].items() if v["applicable"]]
    expect(first.locator(".skill-chip")).to_have_count(len(applicable))
    expect(row).to_have_attribute("aria-current", "true")
    export = page.locator("#tr-export")
    expect(export).to_have_attribute("href", re.compile(r"^/api/v1/roleplay/sessions\.csv\?trainee=Ana"))
    with page.expect_download() as info:
        export.click()
    csv_text = open(info.value.path(), encoding="utf-8").read()
    assert csv_text.startswith("session,") and session_id in csv_text and all(i in csv_text for i in earlier)
    assert all(name in line for line in csv_text.splitlines()[1:]), "the export keeps the trainee filter"
    assert page.errors == []
    full_screenshot(page, SCREENSHOTS / "trainer-en.png")

    # A finished session's address reopens its scorecard; "Play again" starts the same scenario anew.
    page.goto(f"/roleplay/sessions/{session_id}")
    expect(page.locator("#rp-result .scorecard .outcome")).to_have_attribute("data-outcome", outcome)
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(len(turns))
    expect(page.locator("#rp-composer")).to_be_hidden()
    page.get_by_role("button", name="Play again").click()
    expect(page).not_to_have_url(re.compile(f"/roleplay/sessions/{session_id}$"))
    expect(page).to_have_url(re.compile(r"/roleplay/sessions/\w+$"))
    expect(page.locator("#rp-play-title")).to_have_text(sc["title"]["en"])
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(0)
    expect(page.locator("#rp-result")).to_be_hidden()
    expect(page.locator("#rp-reply")).to_be_focused()
    again = page.url.rsplit("/", 1)[1]
    assert page.request.get(f"{server}/api/v1/roleplay/sessions/{again}/scorecard").json()["trainee"] == name


def test_roleplay_reload_mid_session_keeps_the_conversation_and_carries_on(page, server):
    sc = shortest_scenario(page, server)
    page.goto("/roleplay")
    session_id = start(page, sc["id"], f"Bo {uuid.uuid4().hex[:6]}")
    first = reply(page, REPLIES["en"][1])
    if first["done"]:  # a one-turn ending leaves nothing to carry on; the scorecard must still come back
        page.reload()
        expect(page.locator("#rp-result .scorecard")).to_be_visible()
        return
    page.reload()
    expect(page).to_have_url(re.compile(f"/roleplay/sessions/{session_id}$"))
    expect(page.locator("#rp-setup")).to_be_hidden()
    expect(page.locator("#rp-thread .rp-customer")).to_have_count(2)
    trainee = page.locator("#rp-thread .rp-trainee")
    expect(trainee).to_have_count(1)
    expect(trainee.locator(".msg-text")).to_have_text(REPLIES["en"][1])
    expect(trainee.locator(".score-pill")).to_have_text(f"Score {shown(first['turn_score']['overall'])}/100")
    expect(page.locator("#rp-thread .rp-customer").last).to_have_text(re.compile(re.escape(first["customer_message"])))
    expect(page.locator("#rp-mood-body")).to_have_attribute("data-turn", "1")
    assert float(page.locator("#rp-mood-body").get_attribute("data-trust")) == first["state"]["trust"]
    expect(page.locator("#rp-composer")).to_be_visible()
    reply(page, REPLIES["en"][0])
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(2)
    # Back returns to the scenarios; forward reopens the session.
    page.locator("#rp-leave").click()
    expect(page).to_have_url(re.compile("/roleplay$"))
    expect(page.locator(".rp-card").first).to_be_visible()
    page.go_back()
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(2)
    assert page.errors == []
    response = page.goto("/roleplay/sessions/no-such-session")
    assert response.status == 404 and response.headers["content-type"].startswith("text/html")
    expect(page.locator("h1")).to_have_text("Error 404")


def test_roleplay_composer_keys_typing_indicator_and_errors(page, server):
    sc = shortest_scenario(page, server)
    page.goto("/roleplay")
    start(page, sc["id"], f"Cy {uuid.uuid4().hex[:6]}")
    box = page.locator("#rp-reply")
    page.keyboard.type("First line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    expect(box).to_have_value("First line\nsecond line")
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(0)
    # An empty reply: the API's 422 says what is wrong, and nothing is added to the conversation.
    box.fill("   ")
    with page.expect_response(lambda r: r.url.endswith("/turns")) as info:
        box.press("Enter")
    assert info.value.status == 422
    error = page.locator("#rp-error")
    expect(error).to_contain_text("Your reply was not sent")
    expect(error).to_contain_text("the reply is empty")
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(0)

    def slow(route):
        page.wait_for_timeout(800)
        route.continue_()

    page.route("**/turns", slow)
    box.fill(REPLIES["en"][1])
    box.press("Enter")
    typing = page.locator("#rp-thread .typing")
    expect(typing).to_be_visible()
    expect(typing).to_contain_text(f"{sc['persona']['name']['en']} is typing")
    expect(page.locator("#rp-thread .rp-trainee .rp-turn")).to_have_count(1)
    expect(typing).to_have_count(0)
    expect(error).to_be_empty()
    page.unroute("**/turns")
    # A server that cannot be reached gives the text back.
    page.route("**/turns", lambda route: route.abort())
    box.fill("Are you still there?")
    box.press("Enter")
    expect(error).to_contain_text("Could not reach the server")
    expect(box).to_have_value("Are you still there?")
    expect(page.locator("#rp-thread .rp-trainee")).to_have_count(1)


def test_roleplay_with_a_chinese_interface_plays_in_chinese(open_page, server):
    page = open_page(locale="zh-CN")
    sc = shortest_scenario(page, server)
    page.goto("/roleplay")
    expect(page.locator("#rp-title")).to_have_text("角色扮演练习")
    expect(page.locator(".nav a[data-page=roleplay]")).to_have_text("角色扮演")
    expect(page.locator(".nav a[data-page=trainer]")).to_have_text("培训看板")
    expect(page.locator('input[name="rp-lang"][value="zh"]')).to_be_checked()
    card = page.locator(f'.rp-card[data-scenario="{sc["id"]}"]')
    expect(card.locator(".rp-card-title")).to_have_text(sc["title"]["zh"])
    expect(card.locator(".rp-situation")).to_have_text(CJK)
    expect(card.locator(".rp-start")).to_have_text("开始")
    session_id = start(page, sc["id"], "小王")
    session = page.request.get(f"{server}/api/v1/roleplay/sessions/{session_id}/scorecard").json()
    assert session["lang"] == "zh"
    expect(page.locator("#rp-thread .rp-customer").first.locator(".msg-text")).to_have_text(CJK)
    expect(page.locator("#rp-mood-title")).to_have_text("客户情绪")
    expect(page.locator("#rp-mood-body")).to_contain_text("信任度")
    expect(page.locator("#rp-send")).to_have_text("发送")
    turn = reply(page, REPLIES["zh"][0])
    expect(page.locator("#rp-thread .rp-trainee .score-pill")).to_have_text(
        f"得分 {shown(turn['turn_score']['overall'])}/100")
    expect(page.locator("#rp-thread .rp-customer").nth(1).locator(".msg-text")).to_have_text(CJK)
    # The interface switches back to English; the conversation stays in Chinese.
    page.locator("#lang-toggle").click()
    expect(page.locator("#rp-mood-title")).to_have_text("Customer's mood")
    expect(page.locator("#rp-thread .rp-trainee .score-pill")).to_have_text(
        f"Score {shown(turn['turn_score']['overall'])}/100")
    expect(page.locator("#rp-thread .rp-customer").first.locator(".msg-text")).to_have_text(CJK)
    page.locator("#lang-toggle").click()
    page.goto("/trainer")
    expect(page.locator("h1")).to_have_text("培训看板")
    row = page.locator(f'.tr-row[data-session="{session_id}"]')
    expect(row).to_contain_text(sc["title"]["zh"])
    expect(row).to_contain_text("中文")
    assert page.errors == []


def test_trainer_filters_sorts_and_exports_what_it_shows(page, server):
    """Sessions made through the API: the filters, the sort by score and by date, and the export link follow."""
    name = f"Di {uuid.uuid4().hex[:6]}"
    scenarios = page.request.get(server + "/api/v1/roleplay/scenarios").json()[:2]
    ids = []
    for i, sc in enumerate(scenarios):
        s = page.request.post(server + "/api/v1/roleplay/sessions",
                              data={"scenario_id": sc["id"], "trainee": name, "lang": "en"}).json()
        for text in REPLIES["en"][: i + 1]:
            assert page.request.post(f"{server}/api/v1/roleplay/sessions/{s['id']}/turns", data={"text": text}).ok
        ids.append(s["id"])
    page.goto("/trainer?trainee=" + name.replace(" ", "+"))
    expect(page.locator("#tr-trainee")).to_have_value(name)
    rows = page.locator(".tr-row")
    expect(rows).to_have_count(2)
    # Newest first by default.
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.session)") == ids[::-1]
    sessions = {s["id"]: s for s in page.request.get(server + "/api/v1/roleplay/sessions",
                                                     params={"trainee": name}).json()}
    page.locator(".sort-btn[data-sort=overall]").click()
    expect(page.locator("th:has(.sort-btn[data-sort=overall])")).to_have_attribute("aria-sort", "descending")
    shown = rows.evaluate_all("rs => rs.map(r => r.dataset.session)")
    assert [sessions[i]["overall"] for i in shown] == sorted((s["overall"] for s in sessions.values()), reverse=True)
    page.locator(".sort-btn[data-sort=overall]").click()
    expect(page.locator("th:has(.sort-btn[data-sort=overall])")).to_have_attribute("aria-sort", "ascending")
    shown = rows.evaluate_all("rs => rs.map(r => r.dataset.session)")
    assert [sessions[i]["overall"] for i in shown] == sorted(s["overall"] for s in sessions.values())
    # The scenario select lists the scenarios that have sessions, by title.
    page.select_option("#tr-scenario", scenarios[1]["id"])
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-session", ids[1])
    expect(page.locator("#tr-export")).to_have_attribute(
        "href", re.compile(rf"trainee=Di.*&scenario_id={scenarios[1]['id']}$"))
    expect(page.locator("#tr-count")).to_contain_text("1 of")
    # The trend for one trainee has one point per scored session, oldest first.
    page.select_option("#tr-scenario", "")
    chart = page.locator(f'#tr-trends figure[data-trainee="{name}"] svg.chart-lines')
    expect(chart.locator("text.chart-tick", has_text=re.compile(r"^2$"))).to_have_count(1)
    # The view survives a reload.
    page.locator(".sort-btn[data-sort=date]").click()
    rows.first.click()
    expect(page.locator("#tr-detail .scorecard")).to_be_visible()
    page.reload()
    expect(page.locator("#tr-trainee")).to_have_value(name)
    expect(page.locator("#tr-detail .scorecard")).to_be_visible()
    assert page.errors == []


def test_roleplay_pages_fit_a_phone(open_page, server):
    page = open_page(viewport=PHONE)
    sc = shortest_scenario(page, server)
    page.goto("/roleplay")
    expect(page.locator(".rp-card").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    start(page, sc["id"], f"Ed {uuid.uuid4().hex[:6]}")
    reply(page, REPLIES["en"][0])
    expect(page.locator("#rp-mood")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    page.screenshot(path=str(ARTIFACTS / "phone-roleplay.png"))
    page.goto("/trainer")
    expect(page.locator(".tr-row").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.errors == []

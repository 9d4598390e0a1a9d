"""Headless Chromium (Debian's, driven by Playwright) against the real server in a subprocess,
on a free localhost port with a throw-away SQLite database. A failing test leaves a screenshot
of every page it opened in test-artifacts/."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("TALKTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY_TIMEOUT_S = 240
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The real app (`talktrack serve`) with its models, on a temporary database."""
    tmp = tmp_path_factory.mktemp("browser-server")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'talktrack.db'}", "TALKTRACK_ENV": "test",
           "TOKENIZERS_PARALLELISM": "false"}
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + READY_TIMEOUT_S
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited with {proc.returncode}:\n{log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except urllib.error.HTTPError as exc:
                body = json.loads(exc.read() or b"{}")
                if body.get("error", {}).get("code") == "models_failed":
                    pytest.fail(f"the models failed to load: {body['error']['message']}")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server was not ready after {READY_TIMEOUT_S} s:\n{log_path.read_text()[-4000:]}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -e '.[dev]' (or run `make test`)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM}: run `make browser` (apt-get install chromium chromium-driver)")
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # the first coaching turns warm the models up
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def open_page(browser, server, request):
    """open_page(locale=..., viewport=...) → a page in a fresh context (empty localStorage),
    clipboard allowed, with `page.errors` collecting script errors and CSP violations."""
    contexts, pages = [], []

    def _open(locale: str = "en-US", viewport: dict = LAPTOP):
        ctx = browser.new_context(viewport=viewport, locale=locale, base_url=server)
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: page.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        pages.append(page)
        return page

    yield _open
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for i, page in enumerate(pages):
            try:
                full_screenshot(page, ARTIFACTS / f"{name}-{i}.png")
            except Exception as exc:  # the page may be gone; the failure itself matters more
                print(f"no screenshot for {name}-{i}: {exc}")
    for ctx in contexts:
        ctx.close()


@pytest.fixture()
def page(open_page):
    return open_page()


def full_screenshot(page, path: Path) -> None:
    """The whole page at the current width: the window grows to the page's height for the capture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    page.evaluate("window.scrollTo(0, 0)")
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(150)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)

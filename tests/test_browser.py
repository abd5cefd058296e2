"""The chat in real Chromium (Debian's, driven by Playwright): what a person sees and clicks.

One app and one browser per module; every test gets a fresh page (its own session and
conversation), so no test depends on another having run. Without Chromium or Playwright these
tests skip with the reason on a developer machine; under CI=true (where .ci/run installs
Chromium) a missing browser fails instead.
"""

import json
import os
import shutil

import pytest

from conftest import running_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]
EVIL = ("Zorbic Notes\n\nZorbic fever is a made-up test illness. Its marker test is "
        "<script>window.__xss = 1</script> the quennel assay "
        "<img src=x onerror=\"window.__xss = 2\"> done on blood.\n")

pytestmark = [pytest.mark.model, pytest.mark.app]


def _browser_or_reason():
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install playwright)"
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(app, browser, root): the chat over the seed corpus plus a hostile document."""
    reason = _browser_or_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    from conftest import SEED_CORPUS
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    (root / "corpus" / "zorbic.txt").write_text(EVIL, encoding="utf-8")
    with running_app(root, "--data-dir", str(root / "data")) as app, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield app, browser, root
        browser.close()


@pytest.fixture
def page(server):
    """A fresh page (its own browser context, so its own chat session) on the app."""
    app, browser, root = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto(app.url)
    pg.root, pg.dialogs = root, dialogs
    yield pg
    context.close()


def ask(page, question):
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def answered(page, text, timeout=60000):
    """The latest reply, once it shows `text`."""
    reply = page.locator("#chat .message").last
    reply.get_by_text(text).first.wait_for(timeout=timeout)
    return reply


def test_mg_answer_shows_marker_highlight_and_opens_its_source(page):
    page.get_by_text("How is MG told apart from ALS?").first.wait_for(timeout=30000)  # an example
    ask(page, "How is MG told apart from ALS?")
    answer = answered(page, "repetitive nerve stimulation")
    assert answer.get_by_text("[1]").first.is_visible()
    assert answer.locator("mark").first.is_visible()                 # the quoted sentence
    assert answer.get_by_text("Side by side").is_visible()           # differential view
    assert answer.get_by_text("Not medical advice").first.is_visible()
    page.screenshot(path=str(page.root / "answer.png"), full_page=True)
    answer.locator("table").first.scroll_into_view_if_needed()
    page.screenshot(path=str(page.root / "differential.png"))
    page.locator("#source-picker label").first.click()
    mark = page.locator("#source-viewer .cited-passage mark").first
    mark.wait_for(timeout=30000)
    assert mark.is_visible() and "Myasthenia gravis" in page.locator("#source-viewer").inner_text()
    page.screenshot(path=str(page.root / "source.png"))


def test_follow_up_is_rewritten_and_shown(page):
    ask(page, "How is MG told apart from ALS?")
    answered(page, "repetitive nerve stimulation")
    ask(page, "and what about MS?")
    page.get_by_text("How is MS told apart from ALS?").first.wait_for(timeout=60000)
    assert page.get_by_text("Understood as").last.is_visible()


def test_thumbs_down_writes_a_feedback_line(page):
    ask(page, "How is MG told apart from ALS?")
    answered(page, "repetitive nerve stimulation")
    ask(page, "How do doctors tell ALS and MS apart?")
    answered(page, "Not medical advice")
    dislikes = page.locator('#chat button[aria-label="Dislike"]')
    dislikes.nth(1).wait_for(timeout=30000)       # both answers are on the page
    path = page.root / "data" / "feedback.jsonl"
    before = len(path.read_text().splitlines()) if path.exists() else 0
    dislikes.last.click()
    for _ in range(300):
        if path.exists() and len(path.read_text().splitlines()) > before:
            break
        page.wait_for_timeout(100)
    record = json.loads(path.read_text().splitlines()[-1])
    assert record["liked"] is False and record["asked"] == "How do doctors tell ALS and MS apart?"
    assert record["citations"]


def test_hostile_document_is_shown_as_text_and_nothing_runs(page):
    ask(page, "What is the marker test for zorbic fever?")
    answer = answered(page, "quennel assay")
    assert "<script>" in answer.inner_text()          # shown as text…
    page.locator("#source-picker label").first.click()
    page.locator("#source-viewer .cited-passage").wait_for(timeout=30000)
    assert "<img" in page.locator("#source-viewer").inner_text()
    assert page.evaluate("window.__xss") is None      # …and never executed
    assert page.dialogs == []

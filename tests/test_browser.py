"""The chat in real Chromium (Debian's, driven by Playwright): what a person sees and clicks, on
a 1400×900 desktop and a 390×844 phone.

One app and one browser per module; every test gets a fresh page (its own session and
conversation), so no test depends on another having run. Screenshots go to
`test-output/screenshots/` (git-ignored) to be looked at. Without Chromium or Playwright these
tests skip with the reason on a developer machine; under CI=true (where .ci/run installs
Chromium and `make setup` axe-core) a missing browser or axe-core fails instead.
"""

import json
import os
import shutil

import pytest

from conftest import REPO, running_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]
AXE = REPO / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-output" / "screenshots"
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
EVIL = ("Zorbic Notes\n\nZorbic fever is a made-up test illness. Its marker test is "
        "<script>window.__xss = 1</script> the quennel assay "
        "<img src=x onerror=\"window.__xss = 2\"> done on blood.\n")

pytestmark = [pytest.mark.model, pytest.mark.app]


def _missing(what: str, reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} cannot run under CI: {reason}")
    pytest.skip(reason)


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
        _missing("browser tests", reason)
    from playwright.sync_api import sync_playwright

    from conftest import SEED_CORPUS
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    (root / "corpus" / "zorbic.txt").write_text(EVIL, encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(root, "--data-dir", str(root / "data")) as app, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield app, browser, root
        browser.close()


def _open(server, size: str):
    app, browser, root = server
    context = browser.new_context(viewport=SIZES[size], permissions=["clipboard-read", "clipboard-write"],
                                  is_mobile=size == "phone", has_touch=size == "phone")
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto(app.url)
    pg.locator("#chat .documents").wait_for(timeout=60000)     # the index is loaded
    pg.root, pg.dialogs, pg.size = root, dialogs, size
    return context, pg


@pytest.fixture(params=list(SIZES))
def page(server, request):
    """A fresh page (its own browser context, so its own chat session), at each size."""
    context, pg = _open(server, request.param)
    yield pg
    context.close()


@pytest.fixture
def desktop(server):
    context, pg = _open(server, "desktop")
    yield pg
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.size}.png"))


def scroll_y(page) -> float:
    return page.evaluate("window.scrollY")


def ask(page, question):
    """Type `question` and press Enter; the newest turn once its answer is rendered."""
    page.evaluate("document.querySelectorAll('#chat .turn').forEach(t => t.dataset.seen = 1)")
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    return newest(page)


def newest(page):
    turn = page.locator("#chat .turn.newest:not([data-seen])")
    turn.wait_for(timeout=60000)
    return turn


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 40) <= height


def test_first_load_shows_the_question_box_and_the_documents(page):
    box = page.get_by_role("textbox", name="Your question")
    assert in_viewport(page, box)
    documents = page.locator("#chat .documents")
    assert documents.get_by_text("What I answer from: 5 documents").is_visible()
    assert documents.get_by_text("What Conditions Can Mimic ALS?").is_visible()
    assert page.get_by_text("Not medical advice").first.is_visible()
    assert not any(internal in page.locator("body").inner_text()
                   for internal in ("corpus/", "all-MiniLM", "Use via API", "Searched for"))
    shot(page, "first-load")


def test_the_new_answer_starts_in_view_and_the_page_does_not_move(page):
    before = scroll_y(page)
    turn = ask(page, "How is MG told apart from ALS?")
    first_line = turn.locator(".answer .line").first
    first_line.wait_for()
    assert "repetitive nerve stimulation" in turn.inner_text()
    assert in_viewport(page, first_line)
    assert scroll_y(page) == before                          # nothing scrolled by itself
    assert page.evaluate("document.activeElement === document.querySelector('#question textarea')")
    assert turn.locator(".sources summary").first.is_visible()      # compact source lines…
    assert not turn.locator(".sources .passage").first.is_visible()  # …that open on request
    if page.size == "phone":    # no source opened by itself, one scroll area
        assert page.locator(".inline-source").count() == 0
        assert page.evaluate("""[...document.body.querySelectorAll('*')].filter(e =>
            ['auto', 'scroll'].includes(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1
        ).length""") == 0                                   # one scroll area: the page
    shot(page, "answer")
    table = turn.locator("table.compare")
    if table.count():
        table.first.scroll_into_view_if_needed()
        shot(page, "comparison")
        page.evaluate("window.scrollTo(0, 0)")          # the person scrolls back up to ask

    # A follow-up: rewritten and shown, again under the box, the first answer below it.
    second = ask(page, "and what about MS?")
    assert "Understood as: How is MS told apart from ALS?" in second.inner_text()
    assert in_viewport(page, second.locator(".answer > *").first) and scroll_y(page) == before
    assert page.locator("#chat .turn").nth(1).get_by_text("How is MG told apart from ALS?").count()


def test_a_suggested_question_clicked_further_down_brings_its_answer_into_view(page):
    ask(page, "What are the early symptoms of ALS?")
    chip = page.locator("#chat .turn.newest .chips .ask").first
    chip.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    question = chip.inner_text()
    page.evaluate("document.querySelectorAll('#chat .turn').forEach(t => t.dataset.seen = 1)")
    chip.click()
    answer = newest(page)
    assert question in answer.locator(".asked").inner_text()
    page.wait_for_timeout(200)
    assert in_viewport(page, answer.locator(".answer > *").first)


def test_an_emergency_shows_the_banner_first_and_no_suggestions(page):
    turn = ask(page, "my dad suddenly can't breathe properly")
    banner = turn.locator(".emergency")
    assert "call your local emergency number" in banner.inner_text()
    assert in_viewport(page, banner)
    quoted = turn.locator(".answer .line").first
    assert banner.bounding_box()["y"] < quoted.bounding_box()["y"]
    assert turn.locator(".chips").count() == 0
    assert banner.get_attribute("role") == "alert"
    shot(page, "emergency")


def test_each_citation_of_an_older_answer_opens_that_answers_source(page):
    ask(page, "How is MG told apart from ALS?")
    ask(page, "Can vitamin B12 deficiency look like ALS?")
    older = page.locator("#chat .turn").nth(1)
    assert "How is MG told apart from ALS?" in older.locator(".asked").inner_text()
    cites = older.locator(".answer .cite")
    for k in range(cites.count()):
        cite = cites.nth(k)
        n = cite.get_attribute("data-n")
        expected = older.locator(f'.sources .passage[data-n="{n}"] blockquote').text_content()
        cite.scroll_into_view_if_needed()
        cite.click()
        shown = (page.locator("#panel-body .passage blockquote") if page.size == "desktop"
                 else older.locator(f'.inline-source[data-n="{n}"] blockquote'))
        shown.first.wait_for(timeout=10000)
        assert shown.first.text_content() == expected
        # In view: beside the chat (the panel sticks) or under the line, brought up if low.
        assert in_viewport(page, shown.first), (n, shown.first.bounding_box(), scroll_y(page))
        assert cite.get_attribute("aria-expanded") == "true"
        if page.size == "phone":
            cite.click()                 # a second tap closes it again
            assert older.locator(".inline-source").count() == 0
    cites.first.click()
    shot(page, "older-source")


def test_the_whole_article_opens_in_the_panel_not_the_page(desktop):
    turn = ask(desktop, "How is MG told apart from ALS?")
    before = scroll_y(desktop)
    turn.locator(".answer .cite").first.click()
    desktop.locator("#panel-body .whole-article").click()
    framed = desktop.locator("#panel-body .cited-passage mark").first
    framed.wait_for(timeout=30000)
    assert "Myasthenia gravis" in desktop.locator("#panel-body").inner_text()
    assert scroll_y(desktop) == before
    assert in_viewport(desktop, framed)
    shot(desktop, "whole-article")




def test_not_helpful_with_a_reason_writes_a_feedback_line(page):
    ask(page, "How is MG told apart from ALS?")
    turn = ask(page, "How do doctors tell ALS and MS apart?")
    path = page.root / "data" / "feedback.jsonl"
    before = len(path.read_text().splitlines()) if path.exists() else 0
    turn.get_by_role("button", name="Not helpful").click()
    turn.get_by_role("button", name="Wrong source").click()
    assert "Thanks, noted: wrong source." in turn.locator(".thanks").inner_text()
    for _ in range(300):
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= before + 2 and json.loads(lines[-1])["reasons"]:
            break
        page.wait_for_timeout(100)
    record = json.loads(path.read_text().splitlines()[-1])
    assert record["liked"] is False and record["reasons"] == ["Wrong source"]
    assert record["asked"] == "How do doctors tell ALS and MS apart?" and record["citations"]
    # The next answer re-renders the view: the older answer still shows what was said.
    ask(page, "What is PLS?")
    older = page.locator("#chat .turn").nth(1)
    assert older.get_by_role("button", name="Not helpful").get_attribute("aria-pressed") == "true"
    assert older.get_by_role("button", name="Wrong source").get_attribute("aria-pressed") == "true"
    assert "Thanks, noted: wrong source." in older.locator(".thanks").inner_text()


def test_an_empty_question_asks_for_one_and_adds_nothing(page):
    page.locator("#question textarea").press("Enter")
    page.get_by_text("Please type a question").first.wait_for(timeout=30000)
    assert page.locator("#chat .turn").count() == 0
    assert page.evaluate("document.activeElement === document.querySelector('#question textarea')")


def test_copy_as_note_puts_plain_text_on_the_clipboard(desktop):
    turn = ask(desktop, "How is MG told apart from ALS?")
    turn.get_by_role("button", name="Copy as note").click()
    turn.get_by_text("Copied").wait_for(timeout=5000)
    note = desktop.evaluate("navigator.clipboard.readText()")
    assert note.startswith("Question: How is MG told apart from ALS?")
    assert "repetitive nerve stimulation" in note and "\n[1] " in note
    assert "<mark>" not in note and "**" not in note and "Not medical advice" in note


def test_hostile_document_is_shown_as_text_and_nothing_runs(page):
    turn = ask(page, "What is the marker test for zorbic fever?")
    turn.locator(".sources summary").first.click()
    passage = turn.locator(".sources .passage").first.inner_text()
    assert "quennel assay" in passage
    assert "<script>" in passage and "<img" in passage      # shown as text…
    assert page.evaluate("window.__xss") is None       # …and never executed
    assert page.dialogs == []


def test_no_serious_accessibility_violations(page):
    """axe-core over the page before and after an answer (with a source opened)."""
    if not AXE.exists():
        _missing("the accessibility check", "axe-core is not installed (make setup runs npm ci in tests/a11y)")
    found = []
    for step in ("first load", "answer"):
        if step == "answer":
            turn = ask(page, "How is MG told apart from ALS?")
            turn.locator(".answer .cite").first.click()
            turn.get_by_role("button", name="Not helpful").click()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found += [f"{step}: {v['id']} ({v['impact']}): {v['help']} — "
                  f"{[n['target'] for n in v['nodes']][:3]}"
                  for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not found, "\n".join(found)

"""/van-ban paints the user's first page of documents from its HTML (van-ban-som.js), before
the app's scripts have arrived; the app's list then takes its place without anything moving.
Screenshots land in SHOTS (/tmp/shots by default)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS, context_options

pytestmark = pytest.mark.e2e

CARDS = "a.dangbo-doc-card"
# Each card: its link, its text and its box on the screen.
CARD_FACTS = f"""() => [...document.querySelectorAll('{CARDS}')].map((a) => {{
  const r = a.getBoundingClientRect();
  return [a.getAttribute('href'), a.innerText, Math.round(r.top), Math.round(r.height)];
}})"""


def _app_scripts_never_arrive(route) -> None:
    request = route.request
    if request.resource_type == "script" and "/assets/" in request.url:
        route.abort()
    else:
        route.continue_()


def test_documents_list_is_drawn_from_the_html_then_taken_over_in_place(
    live_server, browser, new_page_with_authenticator, enroll_via_ui
):
    enrolled = new_page_with_authenticator()
    enroll_via_ui(enrolled, user="canbo")
    # The same session in a context without the service worker, whose cache would hand the
    # page the scripts that this test keeps from it.
    context = browser.new_context(**context_options(), service_workers="block")
    context.set_default_timeout(60_000)
    context.add_cookies(enrolled.context.cookies())
    page = context.new_page()

    # Without the app's scripts, the list is there all the same: the API's first page.
    page.route("**/*", _app_scripts_never_arrive)
    page.goto(live_server.url("/van-ban"))
    page.locator(f"#dangbo-doc-early {CARDS}").first.wait_for()
    page.wait_for_load_state("networkidle")  # the stylesheet's parts too: nothing may change
    early = page.evaluate(CARD_FACTS)
    assert len(early) >= 3, early
    # The API's first page in its order (urgency first; other browser tests may have finished
    # some of this cán bộ's documents, so no particular one is named here).
    inbox = enrolled.request.get(live_server.url("/api/documents/inbox?view=open&limit=6"))
    assert inbox.ok, inbox.text()
    first_ids = [f"/van-ban/{item.get('document', item)['id']}" for item in inbox.json()["items"]]
    assert [href for href, *_ in early] == first_ids[: len(early)], (early, first_ids)
    assert page.locator(".dangbo-doc-skeletons").is_hidden()  # the list stands in for them
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "e2e-van-ban-tu-html.png"))
    page.unroute("**/*", _app_scripts_never_arrive)

    # With them, the app's list replaces it: the same documents in the same boxes, no layout
    # shift, no hydration complaint.
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.add_init_script(
        "window.__shifts = [];"
        "new PerformanceObserver((list) => window.__shifts.push("
        "...list.getEntries().filter((e) => !e.hadRecentInput).map((e) => e.value)))"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(live_server.url("/van-ban"))
    page.wait_for_function(
        f"() => !document.getElementById('dangbo-doc-early')"
        f" && document.querySelectorAll('{CARDS}').length > 0"
    )
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CARD_FACTS)[: len(early)] == early
    assert page.evaluate("window.__shifts") == []
    assert problems == [], problems
    page.locator(CARDS).first.click()
    page.wait_for_url(re.compile(re.escape(early[0][0]) + "$"))
    context.close()

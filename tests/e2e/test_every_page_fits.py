"""Every page fits a 360 × 640 phone, for every demo user, and passes axe-core.

The pages come from the areas (``frontend/areas.py``), so a new area's pages are walked
without this file knowing them; a page whose address needs an id gets a demo record
(``PARAMETERS``: a new kind of id fails here until it gets one). Every demo user of
``dangbo seed-demo`` walks every signed-in page (one user of each kind of viewer: a twin with
the same organisation, roles and congress bodies would see the same screens); a visitor walks
the public ones. On each:

- the page is not wider than the screen (``scrollWidth <= 360``);
- the bottom navigation is entirely inside the viewport;
- every visible control is at least 44 × 44 px (links inside a sentence excepted, as in
  WCAG 2.5.8); the offenders are listed;
- axe-core finds no critical or serious violation.

axe-core comes from ``pwa/node_modules`` (a dev dependency of ``pwa/package.json``, which the
build's ``npm ci`` installs), never from the network. It is added as a script tag, so the
contexts here bypass the page's CSP (the other browser tests hold the CSP itself).
Screenshots: ``SHOTS/fit/<user>-<page>.png``.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from backend.accounts.demo import USERS
from backend.congress.demo import BODIES, LINKED
from backend.congress.demo import USERS as CONGRESS_USERS
from frontend import routes
from frontend.area import Page
from frontend.areas import areas
from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    PHONE,
    ROOT,
    SHOTS,
    add_virtual_authenticator,
    context_options,
)

pytestmark = pytest.mark.e2e

AXE = ROOT / "pwa" / "node_modules" / "axe-core" / "axe.min.js"
NAV = "nav[aria-label='Chức năng chính']"
MIN_TARGET = 44


def _distinct_viewers() -> list[str]:
    """The demo users, the congress's too (its screens are seen by its bodies and delegates),
    one for each kind of viewer: two users of the same organisation, roles, congress bodies and
    delegate card see the same screens (``daibieu2`` is ``daibieu``'s twin)."""
    kinds = {}
    for username, _name, organisation, roles in [*USERS, *CONGRESS_USERS]:
        bodies = frozenset(body for body, members in BODIES.items() if username in dict(members))
        kind = (organisation, frozenset(roles), bodies, username in LINKED.values())
        kinds.setdefault(kind, username)
    return list(kinds.values())


DEMO_USERNAMES = _distinct_viewers()

# What counts as a control, and how big it is. A link inside a sentence is exempt (WCAG
# 2.5.8 "inline"); so is what is hidden from everyone (a Radix select's native twin) and a
# visually hidden 1 × 1 px input (react-dropzone's file input: its drop zone is the target).
# A control inside a larger target is reached through it: a label around a switch, the frame
# of a Radix text field (a tap on it focuses the input), a link around a button.
MEASURE_TARGETS = """(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [role=link], [role=radio], [role=tab], [role=checkbox], [role=switch],'
    + ' [role=combobox], [role=menuitem], [role=option]';
  const wrappers = selector + ', label, .rt-TextFieldRoot';
  const hidden = (el) => el.closest('[aria-hidden=true], [inert]') !== null;
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const parent = el.parentElement;
    return parent !== null && Array.from(parent.childNodes).some(
      (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
  };
  const name = (el) => (el.getAttribute('aria-label') || el.innerText || el.value
    || el.getAttribute('name') || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (hidden(el) || el.disabled && el.tagName === 'INPUT' || inSentence(el)) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
    const outer = el.parentElement && el.parentElement.closest(wrappers);
    if (outer && !hidden(outer)) {
      const o = outer.getBoundingClientRect();
      if (o.width >= minimum && o.height >= minimum) continue;
    }
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      small.push(`${el.tagName.toLowerCase()} «${name(el)}» `
        + `${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""

LAYOUT = """(nav) => {
  const bar = document.querySelector(nav);
  const box = bar ? bar.getBoundingClientRect() : null;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    nav: box && {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
  };
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — `
      + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | '));
}"""


def all_pages() -> list[Page]:
    return [page for area in areas() for page in area.pages]


def _parameters(route: str) -> list[str]:
    return re.findall(r"\[(\w+)\]", route)


def _slug(route: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", route.lower()).strip("-") or "trang-chu"


def _db_ids(server, sql: str, *args) -> list[int]:
    with sqlite3.connect(Path(server.var_dir) / "dangbo.sqlite3") as db:
        return [row[0] for row in db.execute(sql, args)]


def _first_document(page, server) -> int:
    """A document this user sees (his inbox, else the register), else any demo document
    (the page that refuses it must fit too)."""
    for path in ("/api/documents/inbox?view=open", "/api/documents/register?direction=den"):
        answer = page.request.get(server.url(path))
        if answer.ok:
            for item in answer.json()["items"]:
                return item.get("document", item)["id"]
    return _db_ids(server, "SELECT id FROM document ORDER BY id LIMIT 1")[0]


def _first_notification(page, server) -> int:
    """One of the user's notifications whose link is a page of the app (the page opens the
    link: one to an area not built yet would measure that area's absence)."""
    answer = page.request.get(server.url("/api/notifications?limit=50"))
    assert answer.ok, answer.text()
    items = answer.json()["items"]
    routes = [re.sub(r"\\\[\w+\\\]", "[^/]+", re.escape(p.route)) for p in all_pages()]
    for item in items:
        if any(re.fullmatch(route, item["link"].rstrip("/") or "/") for route in routes):
            return item["id"]
    return items[0]["id"] if items else 1


def _first_row(table: str, where: str = "", *args):
    """The demo record of ``table`` (a page that refuses this user must fit too)."""
    return lambda page, server: _db_ids(
        server, f"SELECT id FROM {table} {where} ORDER BY id LIMIT 1", *args
    )[0]


# How a page gets the id its address needs: from a demo record the user may see.
PARAMETERS = {
    "document_id": _first_document,
    "notification_id": _first_notification,
    # The handbook's: the demo chi bộ, its meeting, the shipped library, study and questions.
    "organisation_id": _first_row("organisation", "WHERE code = ?", "DBCQD.CB01"),
    "meeting_id": _first_row("meeting"),
    "collection_id": _first_row("library_collection"),
    "library_document_id": _first_row("library_document"),
    "article_id": _first_row("library_article"),
    "module_id": _first_row("study_module"),
    "question_id": _first_row("question"),
    # Góp ý: the demo consultation and its draft.
    "consultation_id": _first_row("consultation"),
    "draft_id": _first_row("draft"),
    # The demo congress (seed-demo's provincial congress).
    "congress_id": _first_row("congress"),
    "poll_id": _first_row("poll"),  # the demo congress's resolution vote
}

# Pages without the bottom navigation: the hall's projector screen.
WITHOUT_NAV = {routes.CONGRESS_PROJECTOR, routes.CONGRESS_POLL_PROJECTOR}


def _address(route: str, page, server) -> str:
    for name in _parameters(route):
        assert name in PARAMETERS, f"{route}: give [{name}] a demo record in PARAMETERS"
        route = route.replace(f"[{name}]", str(PARAMETERS[name](page, server)))
    return route


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    # A page with an id in its address is rendered in the browser (no prerendered HTML):
    # wait for its heading, then for the content to replace its skeleton.
    page.wait_for_function("() => document.querySelector('h1')")
    try:
        page.wait_for_function("() => !document.querySelector('.rt-Skeleton')", timeout=15_000)
    except Exception:  # noqa: BLE001 - a page that keeps a skeleton is still measured
        pass
    page.wait_for_timeout(300)


def check_page(page, label: str, expect_nav: bool) -> list[str]:
    """What does not fit on the page now shown, as sentences (empty when all is well)."""
    problems = []
    layout = page.evaluate(LAYOUT, NAV)
    if layout["scrollWidth"] > PHONE["width"]:
        problems.append(f"{label}: wider than the screen ({layout['scrollWidth']} px)")
    nav = layout["nav"]
    if expect_nav and nav is None:
        problems.append(f"{label}: no bottom navigation")
    if nav is not None:
        inside = (
            nav["left"] >= -0.5
            and nav["top"] >= -0.5
            and nav["right"] <= layout["innerWidth"] + 0.5
            and nav["bottom"] <= layout["innerHeight"] + 0.5
        )
        if not inside:
            problems.append(f"{label}: bottom navigation outside the viewport {nav}")
    small = page.evaluate(MEASURE_TARGETS, MIN_TARGET)
    if small:
        problems.append(f"{label}: targets under {MIN_TARGET} px: " + "; ".join(small))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    if violations:
        problems.append(f"{label}: axe-core: " + "; ".join(violations))
    return problems


def _shot(page, name: str) -> None:
    folder = SHOTS / "fit"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


@pytest.fixture
def phone(browser):
    """A page in a fresh 360 × 640 vi-VN context with a virtual passkey authenticator."""
    assert AXE.exists(), f"{AXE} missing: the build's npm ci in pwa/ installs it"
    contexts = []

    def make(locale: str = "vi-VN"):
        context = browser.new_context(**{**context_options(), "locale": locale}, bypass_csp=True)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        add_virtual_authenticator(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("user", DEMO_USERNAMES)
def test_every_signed_in_page_fits_and_passes_axe(
    user, live_server, phone, enroll_via_ui, sign_out_via_ui
):
    page = phone()
    enroll_via_ui(page, user=user)
    problems = []
    for spec in all_pages():
        if spec.public:
            continue
        address = _address(spec.route, page, live_server)
        page.goto(live_server.url(address))
        _settle(page)
        _shot(page, f"{user}-{_slug(spec.route)}")
        label = f"{user} {address} (shown: {page.url.removeprefix(live_server.base_url)})"
        problems += check_page(page, label, expect_nav=spec.route not in WITHOUT_NAV)
    # The demo users are shared with other browser tests: leave no session behind.
    sign_out_via_ui(page)
    assert not problems, "\n".join(problems)


def test_every_public_page_fits_and_passes_axe(live_server, phone):
    """Signed out: the login page, an enrollment link, and every other public page."""
    page = phone()
    problems = []
    for spec in all_pages():
        if not spec.public:
            continue
        if spec.route == "/dang-ky/[token]":
            link, _ = live_server.invite(roles=("can_bo",), name="Đỗ Thị Vừa Màn")
            address = link.removeprefix(live_server.base_url)
        else:
            assert not _parameters(spec.route), f"{spec.route}: give its parameter a record"
            address = spec.route
        page.goto(live_server.url(address))
        _settle(page)
        _shot(page, f"khach-{_slug(spec.route.split('[')[0])}")
        problems += check_page(page, f"visitor {address}", expect_nav=False)
    assert not problems, "\n".join(problems)

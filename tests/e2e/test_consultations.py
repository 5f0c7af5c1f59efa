"""Góp ý dự thảo in the browser, at 360 × 640 (docs/consultations.md, docs/frontend.md):

- a simulator citizen signs in through the full VNeID redirect flow (the app's start address,
  the simulator's sign-in page, the callback), accepts the consent notice, reads the demo
  draft, comments on a point's paragraph and on a passage of another, votes on a clause, and
  finds both comments in "Góp ý của tôi";
- an editor watching the same consultation sees the vote in the counts without reloading
  (the event stream, drawn by pwa/public/gop-y.js);
- the editor publishes a revised version (a paragraph inserted before the commented one,
  which is edited too): the diff shows it, and the citizen's comment is still on its clause,
  marked as written on version 1.

A second test holds every Góp ý page, and every other page a citizen reaches (his own page,
the consent notice, the home screen, notifications, his account), as a citizen and as the
editor, to the checks of ``test_every_page_fits.py`` (360 px wide, 44 px targets, axe-core),
with a unit's panel open (the demo users of that test have no citizen and no editor among
them); the citizen's bottom navigation has only his areas, the editor's the Party's five.

A third, last as it ends the consultation: a citizen comments, the editor writes the giải
trình of that unit, ends the consultation, publishes the table; the citizen reads it on the
consultation's page and in "Góp ý của tôi", and is told in his notifications.

Screenshots: ``SHOTS/gop-y/*.png``.
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import unquote

import pytest

from backend.consultations.demo import CONSULTATION_TITLE
from tests.e2e import test_every_page_fits as fits
from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    ROOT,
    SHOTS,
    LiveServer,
    add_virtual_authenticator,
    context_options,
)


@pytest.fixture
def phone(browser):
    """A 360 × 640 page whose context lets axe-core in, as ``test_every_page_fits.py``'s."""
    contexts = []

    def make():
        context = browser.new_context(**context_options(), bypass_csp=True)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        add_virtual_authenticator(page)
        return page

    yield make
    for context in contexts:
        context.close()


pytestmark = pytest.mark.e2e

DRAFT_TEXT = ROOT / "backend" / "consultations" / "texts" / "du-thao-bao-cao-chinh-tri.txt"
COMMENTED = "Chính quyền số được hình thành rõ nét"
PASSAGE_UNIT = "Hạ tầng viễn thông phủ sóng"
PASSAGE = "kỹ năng số của một bộ phận người dân"
VOTED = "Quốc phòng, an ninh được giữ vững"
INSERTED = "Chuyển đổi số được xác định là động lực tăng trưởng mới của tỉnh trong nhiệm kỳ tới."
COMMENT = "Đề nghị bổ sung chỉ tiêu về tỷ lệ hồ sơ trực tuyến toàn trình ở cấp xã."
EXPLAINED = "Du lịch phục hồi nhanh"
REASON = "Tiếp thu: bổ sung chỉ tiêu doanh thu du lịch; số lượt khách giữ như dự thảo."
# The bottom navigation: a citizen's areas only; the Party's areas for everyone else.
CITIZEN_TABS = ["Góp ý", "Đã góp ý", "Thông báo", "Cá nhân"]
PARTY_TABS = ["Văn bản", "Sổ tay", "Đại hội", "Góp ý", "Thông báo"]


def _shot(page, name: str) -> None:
    folder = SHOTS / "gop-y"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def _unit(page, text: str):
    return page.locator("[data-unit]").filter(has_text=text).last


def _open_unit(page, text: str):
    unit = _unit(page, text)
    unit.locator(".gop-y-unit-button").click()
    unit.locator("#gop-y-panel").wait_for()
    return unit


def _open_consultation(page, server: LiveServer) -> None:
    page.goto(server.url("/gop-y"))
    page.get_by_role("link", name=re.compile(re.escape(CONSULTATION_TITLE))).click()
    try:
        page.locator("[data-unit]").first.wait_for()
    except Exception:
        _shot(page, "loi-mo-dot")
        raise AssertionError(page.locator("body").inner_text()[:1500]) from None


def _tabs(page) -> list[str]:
    """The bottom navigation's tabs, once the page knows who is signed in (no skeleton left)."""
    page.wait_for_function("() => !document.querySelector('[aria-busy=true]')", timeout=30_000)
    return page.locator("nav[aria-label='Chức năng chính'] .dangbo-tab").all_inner_texts()


def _citizen_signs_in(page, server: LiveServer, number: int) -> None:
    """Simulator citizen ``number`` through the VNeID flow (the app's start address)."""
    page.goto(server.url("/api/citizens/vneid/start"))
    page.locator(f'button[data-citizen="{number}"]').click()
    page.wait_for_url(re.compile(r"/cong-dan"))


def _revised_text() -> str:
    text = DRAFT_TEXT.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if line.startswith(COMMENTED))
    assert "85%" in paragraph  # the edit below changes a figure of the commented paragraph
    edited = paragraph.replace("85%", "90%")
    return text.replace(paragraph, f"{INSERTED}\n\n{edited}")


def test_a_citizen_comments_and_votes_and_the_comment_survives_a_revision(
    live_server: LiveServer, new_page_with_authenticator, enroll_via_ui
):
    citizen = new_page_with_authenticator()
    # VNeID: the login page's button sends the browser through the API to the simulator, whose
    # sign-in page lists its test citizens; the first one (mức 2) signs in and comes back to
    # the callback.
    citizen.goto(live_server.url("/dang-nhap"))
    citizen.get_by_role("link", name="Công dân: đăng nhập bằng VNeID").click()
    citizen.wait_for_url(re.compile(r"/vneid-sim/authorize"))
    _shot(citizen, "01-vneid")
    citizen.locator('button[data-citizen="0"]').click()
    citizen.wait_for_url(re.compile(r"/cong-dan"))
    cookies = {c["name"] for c in citizen.context.cookies()}
    assert any("session" in name for name in cookies), cookies

    _open_consultation(citizen, live_server)
    # The consent notice comes first: no comment form before it is accepted.
    citizen.get_by_role("button", name="Tôi đã đọc và đồng ý").wait_for()
    assert citizen.get_by_role("button", name="Gửi góp ý chung").count() == 0
    _shot(citizen, "02-dong-y")
    citizen.get_by_role("button", name="Tôi đã đọc và đồng ý").click()
    citizen.get_by_role("button", name="Gửi góp ý chung").wait_for()

    # A comment on a point's paragraph.
    unit = _open_unit(citizen, COMMENTED)
    citizen.locator("#gop-y-panel textarea[name=text]").fill(COMMENT)
    citizen.locator("#gop-y-panel").get_by_role("button", name="Gửi góp ý").click()
    citizen.locator("#gop-y-panel .gop-y-comment").filter(has_text=COMMENT).wait_for()
    assert unit.locator("[data-gop-y-count$=':comments']").inner_text() == "1"
    _shot(citizen, "03-gop-y-diem")

    # A passage: words selected in another paragraph, then "Góp ý đoạn này".
    passage_unit = _unit(citizen, PASSAGE_UNIT)
    passage_unit.scroll_into_view_if_needed()
    citizen.evaluate(
        """([key, words]) => {
            const element = document.querySelector(`[data-unit-text="${key}"]`);
            const node = element.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        [passage_unit.get_attribute("data-unit"), PASSAGE],
    )
    button = citizen.get_by_role("button", name="Góp ý đoạn này")
    button.wait_for()
    _shot(citizen, "04-chon-doan")
    button.click()
    panel = citizen.locator("#gop-y-panel")
    panel.locator("blockquote").filter(has_text=PASSAGE).wait_for()
    panel.locator("textarea[name=text]").fill(
        "Cần có chương trình phổ cập kỹ năng số cho người cao tuổi."
    )
    panel.get_by_role("button", name="Gửi góp ý").click()
    panel.locator(".gop-y-comment blockquote").filter(has_text=PASSAGE).wait_for()

    # The editor follows the same consultation; the citizen's vote reaches his counts live.
    editor = new_page_with_authenticator()
    enroll_via_ui(editor, user="bientap")
    streams = []  # the page follows the counts from its read, not the stream's first event
    editor.on(
        "request",
        lambda r: streams.append(unquote(r.url)) if "/api/events/consultation" in r.url else None,
    )
    _open_consultation(editor, live_server)
    editor.wait_for_function("() => document.querySelector('[data-gop-y-live][data-after*=\"@\"]')")
    read_for, after, _read = (
        editor.locator("[data-gop-y-live]").get_attribute("data-after").split("@")
    )
    assert read_for.startswith("consultation:") and int(after) > 0, (read_for, after)
    for _ in range(100):
        if streams:
            break
        editor.wait_for_timeout(100)
    assert streams and all(
        url.endswith(f"/api/events/{read_for}?after={after}") for url in streams
    ), streams
    voted_for_editor = _unit(editor, VOTED).locator("[data-gop-y-count$=':agree']")
    before = int(voted_for_editor.inner_text())

    voted = _open_unit(citizen, VOTED)
    agree = voted.get_by_role("button", name="Tán thành", exact=True)
    agree.click()
    voted.locator("#gop-y-panel button[aria-pressed=true]").wait_for()
    assert voted.locator("[data-gop-y-count$=':agree']").inner_text() == str(before + 1)
    _shot(citizen, "05-tan-thanh")
    key = _unit(editor, VOTED).get_attribute("data-unit")
    editor.wait_for_function(
        "([key, n]) => Number(document.querySelector(`[data-gop-y-count='${key}:agree']`)"
        "?.textContent) === n",
        arg=[key, before + 1],
    )
    _shot(editor, "05-dem-truc-tiep")
    # Opened again inside the app, the page's state kept from the first visit: it follows from
    # its new read (after the vote's event), not from the first visit's.
    followed = len(streams)
    editor.go_back()
    editor.get_by_role("link", name=re.compile(re.escape(CONSULTATION_TITLE))).click()
    editor.locator("[data-unit]").first.wait_for()
    for _ in range(100):
        if len(streams) > followed:
            break
        editor.wait_for_timeout(100)
    again = editor.locator("[data-gop-y-live]").get_attribute("data-after").split("@")
    assert again[0] == read_for and again[2] != _read and int(again[1]) > int(after), again
    assert streams[followed:] and all(
        url.endswith(f"?after={again[1]}") for url in streams[followed:]
    ), streams

    # Góp ý của tôi: both comments, their status, withdraw offered while open.
    citizen.goto(live_server.url("/gop-y/cua-toi"))
    mine = citizen.locator(".gop-y-mine").filter(has_text=COMMENT)
    mine.wait_for()
    assert "Đang hiển thị" in mine.inner_text()
    assert mine.get_by_role("button", name="Rút góp ý").count() == 1
    assert citizen.locator(".gop-y-mine").filter(has_text=PASSAGE).count() == 1
    _shot(citizen, "06-cua-toi")

    # The editor publishes a revised version from the draft's page.
    editor.get_by_role("link", name="Dự thảo và các phiên bản").click()
    editor.get_by_role("heading", name="Đăng phiên bản mới").wait_for()
    editor.get_by_label("Ghi chú thay đổi").fill("Bổ sung định hướng chuyển đổi số")
    editor.get_by_label("Nội dung phiên bản mới").fill(_revised_text())
    editor.get_by_role("button", name="Đăng phiên bản mới").click()
    editor.get_by_text("Đã đăng bản số 2").wait_for()
    change = editor.locator(".gop-y-change").filter(has_text="90%")
    change.wait_for()
    assert change.locator("ins").filter(has_text="90%").count() == 1
    assert change.locator("del").filter(has_text="85%").count() == 1
    assert editor.locator(".gop-y-change").filter(has_text=INSERTED).count() == 1
    change.scroll_into_view_if_needed()
    _shot(editor, "07-so-sanh")

    # The comment is still on its clause (now edited and after the new paragraph).
    _open_consultation(citizen, live_server)
    assert _unit(citizen, INSERTED).locator("[data-gop-y-count$=':comments']").inner_text() == "0"
    edited = _open_unit(citizen, COMMENTED)
    assert "90%" in edited.inner_text()
    comment = edited.locator("#gop-y-panel .gop-y-comment").filter(has_text=COMMENT)
    comment.wait_for()
    assert "trên bản 1" in comment.inner_text()
    comment.scroll_into_view_if_needed()
    _shot(citizen, "08-sau-sua-doi")

    # The synthesis: the per-unit cards, the charts drawn by recharts, the report's downloads.
    _open_consultation(editor, live_server)
    editor.get_by_role("link", name="Tổng hợp, giải trình").click()
    editor.locator(".gop-y-synthesis-unit").first.wait_for()
    # Four recharts charts: per day, by age band, by commune, and the unit × day heatmap,
    # whose cells are recharts symbols, its figures a table for screen readers.
    assert editor.locator(".recharts-surface").count() >= 4
    heatmap = editor.locator(".gop-y-heatmap")
    assert heatmap.locator(".recharts-surface").count() == 1
    assert heatmap.locator(".recharts-symbols").count() >= 2
    assert heatmap.locator("table td").filter(has_text=re.compile(r"^[1-9]")).count() >= 2
    assert editor.get_by_role("link", name="Báo cáo (DOCX)").count() == 1
    heatmap.evaluate("e => e.scrollIntoView({block: 'start'})")
    editor.evaluate("window.scrollBy(0, -64)")  # its heading below the page's header
    _shot(editor, "09-bieu-do-nhiet")
    editor.locator(".gop-y-synthesis-unit").first.scroll_into_view_if_needed()
    _shot(editor, "09-tong-hop")


def _check(
    page, server: LiveServer, address: str, label: str, problems: list[str], tabs: list[str]
) -> None:
    page.goto(server.url(address))
    fits._settle(page)
    page.wait_for_function("() => !document.querySelector('.rt-Spinner')", timeout=30_000)
    shown = _tabs(page)
    if shown != tabs:
        problems.append(f"{label} {address}: bottom navigation {shown}, not {tabs}")
    _shot(page, f"fit-{label}")
    problems += fits.check_page(page, f"{label} {address}", expect_nav=True)


def test_the_consultation_pages_fit_a_phone_for_a_citizen_and_an_editor(
    live_server: LiveServer, phone, enroll_via_ui
):
    problems: list[str] = []
    citizen = phone()
    _citizen_signs_in(citizen, live_server, 1)
    consultation = _db_id(live_server, "consultation")
    reader = f"/gop-y/{consultation}"
    for label, address in (
        ("cd-dong-y", "/cong-dan/dong-y"),
        ("cd-danh-sach", "/gop-y"),
        ("cd-doc", reader),
    ):
        _check(citizen, live_server, address, label, problems, CITIZEN_TABS)
    citizen.get_by_role("button", name="Tôi đã đọc và đồng ý").click()
    citizen.get_by_role("button", name="Gửi góp ý chung").wait_for()
    _open_unit(citizen, VOTED)
    problems += fits.check_page(citizen, "cd-doc (a unit open)", expect_nav=True)
    # Every other page a citizen reaches: his tabs, the header's home mark and account button.
    for label, address in (
        ("cd-cua-toi", "/gop-y/cua-toi"),
        ("cd-thong-bao", "/thong-bao"),
        ("cd-ca-nhan", "/cong-dan"),
        ("cd-trang-chu", "/"),
        ("cd-tai-khoan", "/tai-khoan"),
    ):
        _check(citizen, live_server, address, label, problems, CITIZEN_TABS)
    # The home screen offers him his areas, none of the Party's.
    cards = citizen.locator(".dangbo-area-card .dangbo-area-title")
    citizen.goto(live_server.url("/"))
    _tabs(citizen)
    titles = cards.all_inner_texts()
    assert not {"Văn bản", "Sổ tay", "Đại hội"} & set(titles), titles
    assert {"Góp ý", "Đã góp ý", "Cá nhân"} <= set(titles), titles

    editor = phone()
    enroll_via_ui(editor, user="bientap")
    draft = _db_id(live_server, "draft")
    for label, address in (
        ("bt-danh-sach", "/gop-y"),
        ("bt-doc", reader),
        ("bt-kiem-duyet", f"{reader}/kiem-duyet"),
        ("bt-tong-hop", f"{reader}/tong-hop"),
        ("bt-du-thao", "/gop-y/du-thao"),
        ("bt-mot-du-thao", f"/gop-y/du-thao/{draft}"),
        ("bt-trang-chu", "/"),
    ):
        _check(editor, live_server, address, label, problems, PARTY_TABS)
    assert not problems, "\n".join(problems)


def test_the_editors_publish_the_giai_trinh_and_the_citizen_reads_it(
    live_server: LiveServer, new_page_with_authenticator, enroll_via_ui
):
    """Last in this file: it ends the demo consultation."""
    # Citizen 3 signs in nowhere else in the suite: he accepts the notice here.
    citizen = new_page_with_authenticator()
    _citizen_signs_in(citizen, live_server, 3)
    _open_consultation(citizen, live_server)
    citizen.get_by_role("button", name="Tôi đã đọc và đồng ý").click()
    citizen.get_by_role("button", name="Gửi góp ý chung").wait_for()
    _open_unit(citizen, EXPLAINED)
    panel = citizen.locator("#gop-y-panel")
    panel.locator("textarea[name=text]").fill("Đề nghị thêm chỉ tiêu doanh thu du lịch.")
    panel.get_by_role("button", name="Gửi góp ý").click()
    panel.locator(".gop-y-comment").filter(has_text="doanh thu du lịch").wait_for()

    # The editor writes the unit's giải trình while the consultation is open.
    editor = new_page_with_authenticator()
    enroll_via_ui(editor, user="bientap")
    editor.goto(live_server.url(f"/gop-y/{_db_id(live_server, 'consultation')}/tong-hop"))
    card = editor.locator(".gop-y-synthesis-unit").filter(has_text=EXPLAINED)
    card.get_by_role("button", name="Ghi giải trình").click()
    card.locator("select[name=decision]").select_option("tiep_thu_mot_phan")
    card.get_by_label("Lý do, nội dung giải trình").fill(REASON)
    card.scroll_into_view_if_needed()
    _shot(editor, "10-ghi-giai-trinh")
    card.get_by_role("button", name="Lưu giải trình").click()
    card.get_by_text("chưa công bố").wait_for()
    assert "Tiếp thu một phần" in card.inner_text()
    assert REASON in card.inner_text()
    # Published only once the consultation has ended: he ends it (asked first), then publishes.
    assert editor.locator("#publish-explanations").count() == 0
    editor.locator("#close-consultation").click()
    dialog = editor.get_by_role("alertdialog")
    _shot(editor, "11-ket-thuc")
    dialog.get_by_role("button", name="Kết thúc đợt lấy ý kiến").click()
    editor.get_by_text("Đã kết thúc đợt lấy ý kiến.").wait_for()
    assert editor.locator("#close-consultation").count() == 0
    editor.locator("#publish-explanations").click()
    dialog.get_by_role("button", name="Công bố bảng giải trình").click()
    editor.get_by_text("Đã công bố bảng giải trình").wait_for()
    card.get_by_text("đã công bố").wait_for()
    assert card.get_by_role("button", name="Sửa giải trình").count() == 0  # final
    card.scroll_into_view_if_needed()
    _shot(editor, "12-da-cong-bo")

    # The citizen reads it on the consultation's page, now ended, with no form left.
    _open_consultation(citizen, live_server)
    table = citizen.locator(".rt-Card").filter(has_text="Giải trình của tổ biên tập")
    table.get_by_text(REASON).wait_for()
    assert "Tiếp thu một phần" in table.inner_text()
    assert EXPLAINED in table.inner_text()
    assert citizen.get_by_role("button", name="Gửi góp ý chung").count() == 0
    table.scroll_into_view_if_needed()
    _shot(citizen, "13-giai-trinh")
    # … beside his comment in "Góp ý của tôi" (his tab), and in his notifications.
    tabs = citizen.locator("nav[aria-label='Chức năng chính']")
    tabs.get_by_role("link", name="Đã góp ý").click()
    mine = citizen.locator(".gop-y-mine").filter(has_text="doanh thu du lịch")
    mine.locator(".gop-y-mine-explanation").filter(has_text=REASON).wait_for()
    assert "Tiếp thu một phần" in mine.inner_text()
    _shot(citizen, "14-cua-toi-giai-trinh")
    tabs.get_by_role("link", name="Thông báo").click()
    citizen.get_by_text("Tổ biên tập đã giải trình ý kiến bạn góp").first.wait_for()
    _shot(citizen, "15-thong-bao")


def _db_id(server: LiveServer, table: str) -> int:
    with sqlite3.connect(server.var_dir / "dangbo.sqlite3") as db:
        return db.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 1").fetchone()[0]  # noqa: S608

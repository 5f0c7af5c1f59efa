"""Congress documents and a delegate's own requests, in real browsers at 360 × 640:

- the organising committee adds the văn thư to its body on the setup screen; she uploads a
  PDF for the delegates (a file that is no PDF, though named one, is refused with the API's
  Vietnamese reason), links a document of the register found by its ký hiệu, and removes it
  again after the confirmation;
- a delegate sees the document on his phone and downloads the very bytes uploaded;
- the presidium opens the session; the delegate asks to speak and files a written
  contribution, sees both among his requests with their statuses, and withdraws the request
  after the confirmation.

Screenshots: ``congress-documents/``.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS
from tests.e2e.test_congress import TABLET, _context
from tests.sample_pdfs import text_pdf

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 640}


def _shot(page, name: str, full_page: bool = True) -> None:
    """The whole page, or what the phone shows now (a dialog over it)."""
    folder = SHOTS / "congress-documents"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def _phone(browser):
    return _context(browser)  # the suite's phone: 360 × 640


def test_documents_on_the_setup_screen_and_a_delegate_s_requests(
    live_server, browser, enroll_via_ui, tmp_path
):
    staged = live_server.stage("congress_stage")
    pages = {}
    try:
        _steps(live_server, browser, enroll_via_ui, tmp_path, staged, pages)
    except Exception:
        for name, page in pages.items():
            _shot(page, f"failed-{name}")
        raise
    finally:
        for page in pages.values():
            page.context.close()


def _steps(live_server, browser, enroll_via_ui, tmp_path, staged, pages) -> None:
    congress = staged["congress"]
    setup = live_server.url(f"/dai-hoi/{congress}/thiet-lap")

    # ---- the organising committee takes the văn thư in ------------------------------------
    _, organiser = _phone(browser)
    pages["organiser"] = organiser
    enroll_via_ui(organiser, user="canbo2")
    organiser.goto(setup)
    organiser.get_by_role("heading", name="Tài liệu đại hội").wait_for()
    organiser.get_by_label("Tên đăng nhập của thành viên").first.fill("vanthu")
    organiser.get_by_label("Chức danh trong ban").first.fill("Thành viên")
    organiser.get_by_role("button", name="Thêm", exact=True).first.click()
    organiser.get_by_text("Đã thêm thành viên.").wait_for()

    _, clerk = _phone(browser)
    pages["clerk"] = clerk
    enroll_via_ui(clerk, user="vanthu")
    clerk.goto(setup)
    section = clerk.locator(".rt-Card").filter(
        has=clerk.get_by_role("heading", name="Tài liệu đại hội")
    )
    section.get_by_text("Chưa có tài liệu nào cho đại biểu.").wait_for()
    picker = clerk.get_by_label("Chọn tệp tài liệu đại hội để tải lên")

    # A file named .pdf that is not one: the API looks at the bytes and says why, in Vietnamese.
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"Day khong phai la tep PDF.\n" * 20)
    picker.set_input_files(str(fake))
    clerk.get_by_text(re.compile("Chỉ nhận tệp PDF, Word")).wait_for()
    section.get_by_text("Chưa có tài liệu nào cho đại biểu.").wait_for()

    report = text_pdf("Du thao Bao cao chinh tri", "Dai hoi dai bieu Dang bo tinh")
    real = tmp_path / "du-thao-bao-cao-chinh-tri.pdf"
    real.write_bytes(report)
    title = clerk.get_by_label("Tên tài liệu (không bắt buộc)")
    title.fill("Dự thảo Báo cáo chính trị")
    # The field reaches the server when it is left (and after a short pause), as when someone
    # types the name and then taps the picker; the file goes up by its own request.
    title.press("Tab")
    clerk.wait_for_timeout(1000)
    picker.set_input_files(str(real))
    clerk.get_by_text("Đã tải lên tài liệu “Dự thảo Báo cáo chính trị”.").wait_for()
    uploaded = section.locator("[data-document]").filter(has_text="Dự thảo Báo cáo chính trị")
    uploaded.get_by_text(re.compile(r"du-thao-bao-cao-chinh-tri\.pdf · \d+ kB")).wait_for()

    # A document of the register, found by its ký hiệu, then removed after the confirmation.
    clerk.get_by_label("Tìm văn bản trong sổ theo số, ký hiệu hoặc trích yếu").fill("37-TB/TU")
    clerk.get_by_role("button", name="Tìm", exact=True).click()
    offer = clerk.get_by_role(
        "button", name=re.compile("^Đưa vào tài liệu đại hội: Kết luận")
    ).first
    offer.wait_for()
    _shot(clerk, "setup-search")
    offer.click()
    clerk.get_by_text("Đã đưa văn bản vào tài liệu đại hội.").wait_for()
    linked = section.locator("[data-document]").filter(has_text="Văn bản trong sổ")
    linked.wait_for()
    assert section.locator("[data-document]").count() == 2
    _fits(clerk)
    _shot(clerk, "setup-documents")
    linked.get_by_role("button", name=re.compile("^Gỡ tài liệu")).click()
    dialog = clerk.get_by_role("alertdialog")
    dialog.get_by_text("Gỡ tài liệu khỏi đại hội?").wait_for()
    _shot(clerk, "setup-remove-confirm", full_page=False)
    dialog.get_by_role("button", name="Không gỡ").click()
    dialog.wait_for(state="hidden")
    assert section.locator("[data-document]").count() == 2
    linked.get_by_role("button", name=re.compile("^Gỡ tài liệu")).click()
    dialog.get_by_role("button", name="Gỡ tài liệu").click()
    clerk.get_by_text(re.compile("^Đã gỡ tài liệu “Kết luận")).wait_for()
    linked.wait_for(state="detached")
    section.locator("[data-document]").nth(1).wait_for(state="detached")
    uploaded.wait_for()

    # ---- the delegate opens it on his phone ----------------------------------------------
    _, duc = _phone(browser)
    pages["duc"] = duc
    enroll_via_ui(duc, user="canbo")
    home = live_server.url(f"/dai-hoi/{congress}")
    duc.goto(home)
    link = duc.get_by_role("link", name=re.compile("Dự thảo Báo cáo chính trị"))
    link.wait_for()
    with duc.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "du-thao-bao-cao-chinh-tri.pdf"
    assert open(download.value.path(), "rb").read() == report
    duc.get_by_text("Đồng chí chưa đăng ký phát biểu hay gửi tham luận nào.").wait_for()

    # ---- the presidium opens the session; the delegate asks to speak, then withdraws -------
    _, chair = _context(browser, TABLET)
    pages["chair"] = chair
    enroll_via_ui(chair, user="lanhdao")
    chair.goto(live_server.url(f"/dai-hoi/{congress}/dieu-hanh"))
    duc.locator("[data-dai-hoi-live][data-last-event]").wait_for()
    chair.get_by_role("button", name="Khai mạc phiên").first.click()
    chair.get_by_text("Đã khai mạc phiên họp.").wait_for()
    duc.locator('[data-field="item-title"]').filter(has_text="Chào cờ").wait_for()

    duc.get_by_role("button", name="Đăng ký phát biểu", exact=True).click()
    duc.get_by_text(re.compile("Đã đăng ký phát biểu về “Chào cờ")).wait_for()
    duc.get_by_role("button", name="Gửi tham luận", exact=True).click()
    duc.get_by_label("Tên bài tham luận").fill("Nâng cao chất lượng sinh hoạt chi bộ")
    duc.locator("form").filter(has=duc.get_by_label("Tên bài tham luận")).get_by_role(
        "button", name="Gửi tham luận"
    ).click()
    duc.get_by_text(re.compile("Đã gửi tham luận về “Chào cờ")).wait_for()
    mine = duc.locator(".rt-Card").filter(
        has=duc.get_by_role("heading", name="Đăng ký phát biểu của tôi")
    )
    speech = mine.locator("[data-request]").filter(has_text="Phát biểu tại hội trường")
    paper = mine.locator("[data-request]").filter(has_text="Tham luận: Nâng cao chất lượng")
    speech.get_by_text("Trong danh sách phát biểu").wait_for()
    paper.get_by_text("Chờ duyệt").wait_for()
    paper.get_by_text("Về: Chào cờ, tuyên bố lý do").wait_for()
    _fits(duc)
    _shot(duc, "delegate-requests")
    speech.get_by_role("button", name=re.compile("^Rút đăng ký")).click()
    dialog = duc.get_by_role("alertdialog")
    dialog.get_by_text("Rút đăng ký này?").wait_for()
    _shot(duc, "delegate-withdraw-confirm", full_page=False)
    dialog.get_by_role("button", name="Rút đăng ký").click()
    duc.get_by_text("Đã rút đăng ký.").wait_for()
    speech.get_by_text("Đã rút").wait_for()
    assert speech.get_by_role("button", name=re.compile("^Rút đăng ký")).count() == 0
    assert paper.get_by_role("button", name=re.compile("^Rút đăng ký")).count() == 1
    _shot(duc, "delegate-withdrawn")

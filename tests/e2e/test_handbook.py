"""The Sổ tay đảng viên screens in the browser, with the demo chi bộ (``backend/*/demo.py``):
``dangvien`` is a member of Chi bộ Văn phòng Tỉnh ủy, invited to next week's thematic meeting;
``lanhdao`` is its bí thư. Screenshots at 360 × 640 land in ``SHOTS/so-tay/``.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e

CHI_BO = "Chi bộ Văn phòng Tỉnh ủy"
NEXT_MEETING = "Sinh hoạt chuyên đề: Chuyển đổi số trong cơ quan đảng"
COLLECTION = "Sổ tay đảng viên (văn bản mẫu)"
DOCUMENT = "Quy chế mẫu về sinh hoạt chi bộ"
MODULE = "Học tập Quy chế mẫu về sinh hoạt chi bộ"


def _shot(page, name: str) -> None:
    folder = SHOTS / "so-tay"
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.screenshot(path=str(folder / f"{name}.png"))
    page.screenshot(path=str(folder / f"{name}-full.png"), full_page=True)
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _open(page, live_server, path: str, heading: str) -> None:
    page.goto(live_server.url(path))
    page.get_by_role("heading", name=heading).first.wait_for()


def test_member_sees_his_record_and_confirms_a_meeting_invitation(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="dangvien")

    _open(page, live_server, "/so-tay/ho-so", "Hoàng Văn Nam")
    page.get_by_text("52.001204", exact=True).wait_for()
    page.get_by_text("22/12/2018", exact=True).wait_for()
    # The số định danh only masked, as the API gives it.
    assert page.get_by_text("027092001204").count() == 0
    page.get_by_text(re.compile(r"^0270\*+04$")).wait_for()
    page.get_by_role("button", name="Gửi đề nghị sửa").wait_for()
    _shot(page, "ho-so")

    page.goto(live_server.url("/so-tay"))
    page.get_by_role("link", name=re.compile("Sinh hoạt chi bộ")).click()
    page.get_by_role("link", name=re.compile(re.escape(NEXT_MEETING))).click()
    page.get_by_role("heading", name=NEXT_MEETING).wait_for()
    # A member may reply; nothing of running the meeting is offered to him.
    assert page.get_by_role("button", name="Gửi giấy mời tới đảng viên").count() == 0
    assert page.get_by_role("button", name="Lưu điểm danh").count() == 0
    page.get_by_role("button", name="Xác nhận tham dự").click()
    page.get_by_text("Đã xác nhận tham dự.").wait_for()
    page.get_by_text("Sẽ tham dự", exact=True).wait_for()
    # Confirmed: what is left to offer is excusing himself.
    assert page.get_by_role("button", name="Xác nhận tham dự").count() == 0
    page.get_by_role("button", name="Xin vắng").wait_for()
    _shot(page, "cuoc-hop")

    # The reply is the API's: it is still there after a reload.
    page.reload()
    page.get_by_role("heading", name=NEXT_MEETING).wait_for()
    page.get_by_text("Sẽ tham dự", exact=True).wait_for()


def _members_csv() -> bytes:
    header = (
        "Số thẻ đảng viên,Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Ngày chính thức,Chức vụ\n"
    )
    rows = [
        "52.009001,Phan Văn Tâm,12/04/1980,Nam,03/02/2005,03/02/2006,Chuyên viên",  # line 2
        "52.009002,Lý Thị Mai,31/02/1985,Nữ,19/05/2010,19/05/2011,Chuyên viên",  # line 3: 31/02
        "52.009003,Đỗ Minh Khoa,20/10/1991,Nam,22/12/2016,22/12/2017,Kế toán",  # line 4
        "52.009004,Tạ Thu Trang,08/08/1993,Nữ,01/01/2099,,Chuyên viên",  # line 5: future
    ]
    return ("\ufeff" + header + "\n".join(rows) + "\n").encode("utf-8")


def test_secretary_imports_members_and_sees_exactly_the_two_bad_rows(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="lanhdao")
    page.goto(live_server.url("/so-tay"))
    page.get_by_role("link", name=re.compile(CHI_BO)).click()
    page.get_by_role("heading", name="Nhập danh sách đảng viên").wait_for()
    page.get_by_role("heading", name="Lên lịch sinh hoạt").wait_for()
    page.get_by_text("Nguyễn Văn Hùng", exact=True).wait_for()  # the roll

    page.locator("input[type=file]").set_input_files(
        files=[{"name": "danh-sach.csv", "mimeType": "text/csv", "buffer": _members_csv()}]
    )
    page.get_by_text("Có dòng sai, chưa ghi gì").wait_for(timeout=60_000)
    table = page.get_by_role("table", name="Các dòng bị từ chối")
    lines = table.locator("tbody tr td:first-child").all_inner_texts()
    assert sorted(set(lines)) == ["3", "5"], lines
    assert "Ngày sinh" in table.inner_text()
    assert "Ngày vào Đảng" in table.inner_text()
    _shot(page, "nhap-danh-sach")
    # Nothing was written: the good rows are not on the roll either.
    page.reload()
    page.get_by_text("Nguyễn Văn Hùng", exact=True).wait_for()
    assert page.get_by_text("Phan Văn Tâm").count() == 0

    # Attendance statistics of the chi bộ this year: last month's meeting, as CSS bars.
    page.get_by_role("button", name="Xem thống kê").click()
    page.get_by_role("heading", name="Theo đảng viên").wait_for()
    assert page.get_by_role("img", name=re.compile(r"^\d+% \(\d+.\d+\)$")).count() >= 2

    # The bí thư schedules a monthly meeting (date and time typed day first) and invites.
    page.get_by_label("Tên buổi sinh hoạt").fill("Sinh hoạt chi bộ thường kỳ tháng Một")
    page.get_by_label("Ngày (dd/mm/yyyy)", exact=True).fill("31/02/2027")
    page.get_by_label("Giờ (hh:mm)", exact=True).fill("14:00")
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_text("Ngày ghi dd/mm/yyyy, giờ ghi hh:mm").wait_for()
    page.get_by_label("Ngày (dd/mm/yyyy)", exact=True).fill("15/01/2027")
    page.get_by_label("Chương trình").fill("Kiểm điểm tháng\nPhương hướng tháng tới")
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_role("heading", name="Sinh hoạt chi bộ thường kỳ tháng Một").wait_for()
    page.get_by_text("15/01/2027 14:00", exact=True).wait_for()
    page.get_by_role("button", name="Gửi giấy mời tới đảng viên").click()
    page.get_by_text("Đã gửi giấy mời tới đảng viên.").wait_for()
    page.get_by_role("heading", name="Đảng viên được mời").wait_for()
    page.get_by_text("Hoàng Văn Nam", exact=True).wait_for()
    _shot(page, "cuoc-hop-bi-thu")


def test_member_reads_a_library_article_and_takes_the_quiz(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="dangvien")

    _open(page, live_server, "/so-tay/thu-vien", "Tủ sách")
    page.get_by_role("link", name=re.compile(re.escape(COLLECTION))).click()
    page.get_by_role("link", name=re.compile(re.escape(DOCUMENT))).click()
    toc = page.get_by_role("navigation", name="Mục lục")
    toc.get_by_role("link", name=re.compile("Điều 4")).click()
    article = page.get_by_role("article", name="Nội dung")
    article.get_by_role("heading", name="Điều 4. Sinh hoạt thường kỳ", exact=True).wait_for()
    article.get_by_text("Chi bộ sinh hoạt thường kỳ mỗi tháng một lần.").wait_for()
    article.get_by_text("lên lịch cuộc họp", exact=False).wait_for()  # a lettered point

    size = article.evaluate("e => getComputedStyle(e).fontSize")
    page.get_by_role("button", name="Chữ lớn hơn").click()
    page.wait_for_function(
        "s => getComputedStyle(document.querySelector('article')).fontSize !== s", arg=size
    )
    page.get_by_role("button", name="Đánh dấu trang").click()
    page.get_by_text("Đã đánh dấu trang.").wait_for()
    _shot(page, "thu-vien-doc")

    # A highlight with a note: "Ghi chú", then touch the paragraph.
    page.get_by_role("button", name="Ghi chú").click()
    # While marking, each paragraph is a button (reached with Tab, chosen with Enter).
    paragraph = article.get_by_role("button", name=re.compile("^1. Chi bộ sinh hoạt thường kỳ"))
    paragraph.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('article button[aria-pressed=true]') !== null"
    )
    page.get_by_label("Ghi chú", exact=True).fill("Nhắc chi bộ giữ đúng lịch.")
    page.get_by_role("button", name="Lưu đánh dấu").click()
    page.get_by_text("Đã đánh dấu đoạn và lưu ghi chú.").wait_for()
    marked = page.get_by_role("heading", name="Đoạn đã đánh dấu")
    marked.wait_for()
    page.get_by_text("Nhắc chi bộ giữ đúng lịch.").wait_for()
    # The note is the API's: it is there after a reload.
    page.reload()
    page.get_by_text("Nhắc chi bộ giữ đúng lịch.").wait_for()

    # "Đọc tiếp" and the bookmark on the library's first screen.
    _open(page, live_server, "/so-tay/thu-vien", "Đọc tiếp")
    page.get_by_role("heading", name="Đánh dấu trang").wait_for()

    page.goto(live_server.url("/so-tay/hoc-tap"))
    page.get_by_role("link", name=re.compile(re.escape(MODULE))).click()
    page.get_by_role("heading", name="Bài kiểm tra").wait_for()
    page.get_by_role("radio", name="Mỗi tháng một lần").click()
    page.get_by_role("radio", name="Không", exact=True).click()
    page.get_by_role("radio", name="Bí thư chi bộ").click()  # a wrong answer
    _shot(page, "hoc-tap-bai-kiem-tra")
    page.get_by_role("button", name="Nộp bài").click()
    page.get_by_text(re.compile(r"Bạn trả lời đúng 2/3 câu")).wait_for()
    page.get_by_text("Đáp án đúng: Chỉ người viết ghi chú").wait_for()
    page.get_by_text("Điều 7, khoản 2: ghi chú chỉ người viết xem được.").wait_for()
    page.get_by_role("heading", name="Kết quả của bạn").scroll_into_view_if_needed()
    _shot(page, "hoc-tap-ket-qua")


def test_member_asks_the_cap_uy_and_reads_the_answer(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    member = new_page_with_authenticator()
    enroll_via_ui(member, user="dangvien")
    member.goto(live_server.url("/so-tay"))
    member.get_by_role("link", name=re.compile("Hỏi – đáp")).click()
    member.get_by_role("heading", name="Hỏi – đáp chung").wait_for()
    assert member.get_by_role("heading", name="Câu hỏi gửi cấp ủy").count() == 0
    question = "Đảng viên đi công tác dài ngày có phải xin vắng từng buổi sinh hoạt không?"
    member.get_by_label("Câu hỏi").fill(question)
    member.get_by_role("button", name="Gửi câu hỏi").click()
    member.get_by_text(question).wait_for()
    member.get_by_text("Chờ trả lời", exact=True).wait_for()
    # A member answers nothing.
    assert member.get_by_role("button", name="Gửi trả lời").count() == 0

    secretary = new_page_with_authenticator()
    enroll_via_ui(secretary, user="lanhdao")
    secretary.goto(live_server.url("/so-tay/hoi-dap"))
    inbox = secretary.get_by_role("heading", name="Câu hỏi gửi cấp ủy")
    inbox.wait_for()
    secretary.get_by_role("link", name=re.compile("đi công tác dài ngày")).first.click()
    secretary.get_by_label("Câu trả lời").fill("Có: xin vắng từng buổi, nêu rõ lý do công tác.")
    secretary.get_by_role("button", name="Gửi trả lời").click()
    secretary.get_by_text("Đã gửi câu trả lời.").wait_for()
    secretary.get_by_role("button", name="Đưa vào hỏi – đáp chung (ẩn danh)").click()
    secretary.get_by_text("Đã đưa vào hỏi – đáp chung, không nêu tên người hỏi.").wait_for()

    member.reload()
    member.get_by_role("heading", name="Trả lời của cấp ủy").wait_for()
    member.get_by_text("Có: xin vắng từng buổi, nêu rõ lý do công tác.").wait_for()
    _shot(member, "hoi-dap")


def test_member_asks_a_correction_and_the_secretary_resolves_it(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    member = new_page_with_authenticator()
    enroll_via_ui(member, user="dangvien")
    _open(member, live_server, "/so-tay/ho-so", "Hoàng Văn Nam")
    member.get_by_label("Mục cần sửa").select_option(label="Số điện thoại")
    member.get_by_label("Giá trị đúng").fill("0987654321")
    member.get_by_label("Lý do").fill("Đổi số điện thoại từ tháng 11.")
    member.get_by_role("button", name="Gửi đề nghị sửa").click()
    member.get_by_text("Đã gửi đề nghị sửa hồ sơ tới bí thư chi bộ.").wait_for()
    member.get_by_role("heading", name="Đề nghị sửa hồ sơ").wait_for()
    member.get_by_text("0912345604 → 0987654321").wait_for()

    secretary = new_page_with_authenticator()
    enroll_via_ui(secretary, user="lanhdao")
    secretary.goto(live_server.url("/so-tay"))
    secretary.get_by_role("link", name=re.compile(CHI_BO)).click()
    secretary.get_by_role("heading", name="Đề nghị sửa hồ sơ").wait_for()
    secretary.get_by_text("0912345604 → 0987654321").wait_for()
    secretary.get_by_label("Quyết định").select_option(label="Chấp nhận")
    secretary.get_by_role("button", name="Xử lý đề nghị").click()
    secretary.get_by_text("Hoàng Văn Nam: đã chấp nhận.").wait_for()
    assert secretary.get_by_role("heading", name="Đề nghị sửa hồ sơ").count() == 0

    # The bí thư sees his chi bộ's completion of the study module, not members' scores.
    secretary.goto(live_server.url("/so-tay/hoc-tap"))
    secretary.get_by_role("link", name=re.compile(re.escape(MODULE))).click()
    secretary.get_by_role("heading", name="Kết quả học tập").wait_for()
    secretary.get_by_text(re.compile(r"^Hoàn thành \d+/\d+ đảng viên")).wait_for()

    member.reload()
    member.get_by_text("0987654321", exact=True).wait_for()
    member.get_by_text(re.compile("^Đã chấp nhận")).wait_for()


def test_secretary_takes_attendance_and_publishes_the_minutes(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="lanhdao")
    page.goto(live_server.url("/so-tay"))
    page.get_by_role("link", name=re.compile(CHI_BO)).click()
    page.get_by_role("heading", name="Lên lịch sinh hoạt").wait_for()
    # Attendance is taken from the meeting's day: a meeting today, late in the day.
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")
    page.get_by_label("Loại buổi sinh hoạt").select_option(label="Sinh hoạt chuyên đề")
    page.get_by_label("Tên buổi sinh hoạt").fill("Sinh hoạt chuyên đề hôm nay")
    page.get_by_label("Ngày (dd/mm/yyyy)", exact=True).fill(today)
    page.get_by_label("Giờ (hh:mm)", exact=True).fill("23:59")
    page.get_by_label("Chuyên đề").fill(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_role("heading", name="Sinh hoạt chuyên đề hôm nay").wait_for()
    page.get_by_role("button", name="Gửi giấy mời tới đảng viên").click()
    page.get_by_text("Đã gửi giấy mời tới đảng viên.").wait_for()

    page.get_by_role("heading", name="Điểm danh").wait_for()
    page.get_by_label("Hoàng Văn Nam").select_option(label="Vắng có lý do")
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_text("Đã ghi điểm danh.").wait_for()
    page.get_by_text("Đã họp", exact=True).wait_for()
    page.get_by_text(re.compile(r"có mặt \d+ · vắng [1-9]")).wait_for()
    _shot(page, "diem-danh")

    page.get_by_label("Biên bản").fill("Chi bộ đã quán triệt chuyên đề; 6/7 đảng viên có mặt.")
    page.get_by_role("button", name="Lưu biên bản").click()
    page.get_by_text("Đã lưu biên bản.").wait_for()
    page.get_by_role("button", name="Công bố biên bản").click()
    page.get_by_text("Đã công bố biên bản tới đảng viên.").wait_for()
    # Published: the minutes are read, no longer edited.
    page.get_by_role("heading", name="Biên bản", exact=True).wait_for()
    assert page.get_by_role("button", name="Lưu biên bản").count() == 0
    assert page.get_by_role("button", name="Lưu điểm danh").count() == 0

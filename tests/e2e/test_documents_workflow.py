"""The documents' workflow in the real built app, as the văn thư, the lãnh đạo and a cán bộ
walk it on a 360 × 640 phone (Nghị định 30/2020 and the missing step of issue 13):

- the lãnh đạo drafts through the register form, submits, signs with his passkey; the văn thư
  releases with hers (``release/begin`` → passkey → ``release/finish``): the document shows its
  số/ký hiệu and ngày ban hành, and the downloaded PDF carries both signatures, valid;
- the văn thư registers a scan: the form posts straight to the API (never to Reflex's
  ``/_upload``, which spools to disk), the độ mật must be chosen, the API's scan question is
  asked and answered; then her next step, "Trình lãnh đạo"; the lãnh đạo finds the document in
  "Chờ phân công" on his home screen and in a notification that names it, and assigns it from
  the sheet of the bottom bar.

Screenshots land in SHOTS (``e2e-quy-trinh-*.png``)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"e2e-quy-trinh-{name}.png"))


def _choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _fits(page) -> None:
    """Nothing wider than the screen; the action bar above the bottom navigation, not on it;
    its buttons touch targets."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    boxes = page.evaluate(
        """() => {
          const bar = document.getElementById('thanh-thao-tac');
          const nav = document.querySelector('nav[aria-label="Chức năng chính"]');
          if (!bar) return null;
          const b = bar.getBoundingClientRect(), n = nav.getBoundingClientRect();
          const small = [...bar.querySelectorAll('button')]
            .map((el) => el.getBoundingClientRect())
            .filter((r) => r.width > 0 && (r.height < 44 || r.width < 44));
          return {barBottom: b.bottom, navTop: n.top, barTop: b.top, small: small.length};
        }"""
    )
    assert boxes is not None, "no action bar"
    assert boxes["barBottom"] <= boxes["navTop"] + 0.5, boxes
    assert boxes["barTop"] >= 56, boxes  # below the header, inside the screen
    assert boxes["small"] == 0, boxes


VERIFY = """
async (href) => {
  const pdf = await (await fetch(href, { credentials: "same-origin" })).blob();
  const form = new FormData();
  form.append("data", pdf, "van-ban.pdf");
  const response = await fetch("/api/signing/verify", {
    method: "POST", body: form, credentials: "same-origin",
    headers: { "x-csrftoken": await window.dangbo.csrfToken() },
  });
  return { status: response.status, report: await response.json() };
}
"""


def test_leader_signs_clerk_releases_with_her_passkey_and_both_signatures_verify(
    live_server, new_page_with_authenticator, enroll_via_ui, tmp_path
):
    from tests.documents_support import pdf_bytes

    live_server.cli("ca", "init", check=False)  # kept when it exists already
    leader = new_page_with_authenticator()
    enroll_via_ui(leader, user="lanhdao")

    # The lãnh đạo drafts through the form (outgoing only: he does not register incoming).
    draft = tmp_path / "bao-cao-quy-iv.pdf"
    draft.write_bytes(pdf_bytes("Báo cáo kết quả chuyển đổi số quý IV năm 2026"))
    leader.goto(live_server.url("/van-ban/vao-so"))
    leader.get_by_text("Soạn dự thảo văn bản đi của đơn vị.").wait_for()
    leader.locator("input[type=file]").set_input_files(str(draft))
    leader.get_by_label("Trích yếu").fill("Báo cáo kết quả chuyển đổi số quý IV năm 2026")
    _choose(leader, "Độ mật", "Không mật")
    leader.get_by_role("button", name="Tạo dự thảo").click()
    leader.wait_for_url(re.compile(r".*/van-ban/\d+\?da-vao-so=1$"))
    leader.get_by_text("Đã tạo dự thảo. Bước tiếp theo: trình ký").wait_for()
    document_path = leader.url.removeprefix(live_server.url("")).split("?")[0]

    leader.get_by_role("button", name="Trình ký").click()
    leader.get_by_text("Đã trình ký").wait_for()
    sign = leader.get_by_role("button", name="Ký số bằng khóa truy cập")
    sign.wait_for()
    _fits(leader)
    _shot(leader, "lanh-dao-ky")
    sign.click()
    leader.get_by_text("Đã ký số văn bản.").wait_for()
    leader.get_by_text("Đã ký", exact=True).first.wait_for()
    assert leader.get_by_role("button", name=re.compile("^Phát hành")).count() == 0

    # The văn thư releases: her passkey, the number and the date, the organisation's signature.
    clerk = new_page_with_authenticator()
    enroll_via_ui(clerk, user="vanthu")
    clerk.goto(live_server.url(document_path))
    release = clerk.get_by_role("button", name=re.compile("^Phát hành"))
    release.wait_for()
    clerk.get_by_text("(chưa có số)").wait_for()
    _fits(clerk)
    _shot(clerk, "van-thu-phat-hanh")
    release.click()
    done = clerk.get_by_text(re.compile(r"Đã phát hành văn bản số \d+-BC/VPTU, ngày "))
    done.wait_for()
    number = re.search(r"số (\d+-BC/VPTU), ngày (\d{2}/\d{2}/\d{4})", done.inner_text())
    assert number, done.inner_text()
    ky_hieu, ngay = number.groups()
    header = clerk.locator("main").inner_text()
    assert f"Báo cáo · {ky_hieu}" in header
    assert "Đã phát hành" in header
    assert re.search(rf"Ngày ban hành\s+{re.escape(ngay)}", header), header
    _shot(clerk, "da-phat-hanh")

    # The released copy, downloaded as anyone reading it would: both signatures valid.
    href = clerk.locator("a", has_text="phat-hanh").first.get_attribute("href")
    checked = clerk.evaluate(VERIFY, href)
    assert checked["status"] == 200, checked
    report = checked["report"]
    assert report["valid"] is True, report
    assert len(report["signatures"]) == 2, report
    assert all(s["integrity_ok"] and s["chain_valid"] for s in report["signatures"]), report
    signers = {s["signer_name"] for s in report["signatures"]}
    assert "Nguyễn Văn Hùng" in signers, signers

    # The document view links the verify screen.
    clerk.get_by_role("link", name="Xác minh chữ ký số").click()
    clerk.wait_for_url(re.compile(r".*/xac-minh/?$"))


def test_clerk_registers_a_scan_answers_the_question_and_the_leader_is_told(
    live_server, new_page_with_authenticator, enroll_via_ui, tmp_path
):
    from tests.sample_pdfs import scanned_pdf

    clerk = new_page_with_authenticator()
    enroll_via_ui(clerk, user="vanthu")
    posted: list[str] = []
    clerk.on("request", lambda r: posted.append(f"{r.method} {r.url}"))

    scan = tmp_path / "cong-van-quet.pdf"
    scan.write_bytes(scanned_pdf(pages=2))
    trich_yeu = "Về việc chuẩn bị hội nghị sơ kết công tác dân vận năm 2026"
    clerk.goto(live_server.url("/van-ban/vao-so"))
    clerk.get_by_role("radio", name="Văn bản đến").wait_for()
    clerk.locator("input[type=file]").set_input_files(str(scan))
    clerk.get_by_text("cong-van-quet.pdf").wait_for()
    clerk.get_by_label("Số và ký hiệu").fill("318-CV/BTGDVTU")
    clerk.get_by_label("Cơ quan ban hành").fill("Ban Tuyên giáo và Dân vận Tỉnh ủy")
    clerk.get_by_label("Ngày ban hành").fill("02/12/2026")
    clerk.get_by_label("Trích yếu").fill(trich_yeu)
    _choose(clerk, "Độ khẩn", "Khẩn")
    assert clerk.evaluate("document.documentElement.scrollWidth") <= 360

    # The độ mật starts unchosen: the clerk must say.
    clerk.get_by_role("button", name="Vào sổ").click()
    clerk.get_by_role("alert").filter(has_text="Hãy chọn độ mật của văn bản.").wait_for()
    _shot(clerk, "vao-so-chon-do-mat")

    # A scan: the API cannot read a stamp and asks; the form asks her, explicitly.
    _choose(clerk, "Độ mật", "Không mật")
    clerk.get_by_role("button", name="Vào sổ").click()
    question = clerk.get_by_role("group", name="Văn bản có độ mật không?")
    question.wait_for()
    question.get_by_text("Tệp không có lớp chữ").wait_for()
    question.scroll_into_view_if_needed()
    _shot(clerk, "vao-so-cau-hoi-do-mat")
    clerk.get_by_role("button", name="Gửi lại với câu trả lời").click()
    clerk.get_by_text("Hãy trả lời câu hỏi: văn bản có độ mật không?").wait_for()
    question.locator("label", has_text="Không mật").click()  # the label, as a thumb taps it
    assert question.get_by_role("radio", name="Không mật").is_checked()
    clerk.get_by_role("button", name="Gửi lại với câu trả lời").click()

    clerk.wait_for_url(re.compile(r".*/van-ban/\d+\?da-vao-so=1$"))
    document_path = clerk.url.removeprefix(live_server.url("")).split("?")[0]
    registered = re.compile(r"Đã vào sổ văn bản đến \(số đến \d+\)\. Bước tiếp theo: trình")
    clerk.get_by_text(registered).wait_for()
    clerk.get_by_text("Xác nhận độ mật của tệp không có lớp chữ", exact=False).first.wait_for()
    # The file went from the page to the API, never through Reflex's spooling upload.
    assert not [p for p in posted if "/_upload" in p], posted
    assert len([p for p in posted if re.search(r"^POST .*/api/documents/?$", p)]) == 2, posted

    # Her next step, from the API's actions: submit to the leaders.
    _fits(clerk)
    _shot(clerk, "van-thu-trinh-lanh-dao")
    clerk.get_by_role("button", name="Trình lãnh đạo").click()
    clerk.get_by_text("Đã trình lãnh đạo phân công.").wait_for()
    clerk.get_by_text("Chờ phân công", exact=True).first.wait_for()
    assert clerk.get_by_role("button", name="Trình lãnh đạo").count() == 0

    # The lãnh đạo: "Chờ phân công" on his home screen, a notification that names it.
    leader = new_page_with_authenticator()
    enroll_via_ui(leader, user="lanhdao")
    card = leader.locator("#cho-phan-cong")
    card.get_by_text(trich_yeu).wait_for()
    assert "318-CV/BTGDVTU" in card.inner_text()
    card.scroll_into_view_if_needed()
    _shot(leader, "lanh-dao-cho-phan-cong")

    leader.goto(live_server.url("/thong-bao"))
    subject = leader.locator(".notification-subject", has_text=trich_yeu).first
    subject.wait_for()
    assert "318-CV/BTGDVTU" in subject.inner_text()
    subject.scroll_into_view_if_needed()
    _shot(leader, "lanh-dao-thong-bao")

    # He assigns it from the sheet of the bottom bar, without scrolling through the pages.
    leader.goto(live_server.url(document_path))
    leader.get_by_role("button", name="Phân công").click()
    sheet = leader.get_by_role("dialog", name="Phân công xử lý")
    sheet.wait_for()
    _fits(leader)
    sheet.get_by_role("combobox", name="Xử lý chính").click()
    leader.get_by_role("option", name="Lê Minh Đức").click()
    _shot(leader, "lanh-dao-phan-cong")
    sheet.get_by_role("button", name="Phân công", exact=True).click()
    leader.get_by_text("Đã phân công.").wait_for()
    assert leader.get_by_role("dialog").count() == 0
    leader.get_by_text("Lê Minh Đức").first.wait_for()
    # Once assigned, it leaves his "Chờ phân công".
    leader.goto(live_server.url("/"))
    leader.locator("#cho-phan-cong").wait_for()
    leader.wait_for_load_state("networkidle")
    assert trich_yeu not in leader.locator("#cho-phan-cong").inner_text()

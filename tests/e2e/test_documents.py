"""Documents on the phone, in the real built app: the demo cadre receives an assigned document,
reads the PDF, saves it offline and reads it with the network off, writes an opinion and
finishes; the demo leader signs the outgoing draft with a passkey and the verify screen says
valid, then invalid for a copy with one byte changed. Screenshots land in SHOTS
(/tmp/shots by default)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"e2e-van-ban-{name}.png"))


def _images_loaded(page) -> bool:
    return page.evaluate(
        "() => [...document.querySelectorAll('img[alt^=\"Trang\"]')]"
        ".some((img) => img.complete && img.naturalWidth > 300)"
    )


def test_cadre_reads_saves_offline_gives_opinion_and_finishes(
    live_server, new_page_with_authenticator, enroll_via_ui, sign_out_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="canbo")
    page.goto(live_server.url("/van-ban"))
    first = page.get_by_role("link", name=re.compile("rà soát, cập nhật dữ liệu đảng viên"))
    first.wait_for()
    # hỏa tốc comes first
    assert "Hỏa tốc" in page.locator("a[href^='/van-ban/']").first.inner_text()
    _shot(page, "hop-van-ban")

    first.click()
    page.get_by_role("img", name="Trang văn bản").first.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('img[alt=\"Trang văn bản\"]')]"
        ".some((img) => img.complete && img.naturalWidth > 300)"
    )
    assert _images_loaded(page)
    document_path = page.url.removeprefix(live_server.url("")).rstrip("/")
    document_id = document_path.rsplit("/", 1)[-1]
    _shot(page, "xem-van-ban")

    page.wait_for_function("() => window.dangbo && window.dangbo.saveOffline")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.get_by_role("button", name="Lưu đọc ngoại tuyến").click()
    page.get_by_text("Đã lưu để đọc ngoại tuyến").wait_for()

    # The forms open in the sheet of the bar above the bottom navigation.
    page.get_by_role("button", name="Ý kiến").click()
    page.get_by_placeholder("Ý kiến xử lý của bạn…").fill(
        "Đã giao Phòng Tổng hợp rà soát, báo cáo trước 04/12."
    )
    _shot(page, "y-kien")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.get_by_text("Đã ghi ý kiến.").wait_for()
    page.get_by_text("Đang xử lý").first.wait_for()

    # Online, the list's "Đã lưu" opens the saved documents' reader (a page of the service
    # worker, so a full navigation), which lists this one.
    page.goto(live_server.url("/van-ban"))
    page.get_by_role("link", name="Đã lưu", exact=True).click()
    page.wait_for_url(live_server.url("/van-ban/ngoai-tuyen"))
    page.get_by_role("heading", name="Văn bản đã lưu", exact=True).wait_for()
    page.get_by_text("215-CV/BTCTU").first.wait_for()

    # network off: the saved copy opens from the device
    page.context.set_offline(True)
    page.goto(live_server.url(f"/van-ban/ngoai-tuyen?id={document_id}"))
    page.get_by_role("img", name="Trang 1").wait_for()
    assert "215-CV/BTCTU" in page.inner_text("body")
    assert _images_loaded(page)
    _shot(page, "doc-ngoai-tuyen")
    page.context.set_offline(False)

    page.goto(live_server.url(document_path))
    page.get_by_role("button", name="Hoàn thành").click()
    page.get_by_placeholder("Kết quả xử lý…").fill("Đã rà soát, cập nhật 46 hồ sơ đảng viên.")
    page.get_by_role("button", name="Báo hoàn thành").click()
    page.get_by_text("Đã báo hoàn thành.").wait_for()
    page.get_by_text("Hoàn thành", exact=True).first.wait_for()
    _shot(page, "hoan-thanh")

    # A cán bộ drafts an outgoing document (he registers no incoming one).
    page.goto(live_server.url("/van-ban/vao-so"))
    page.get_by_text("Soạn dự thảo văn bản đi của đơn vị.").wait_for()
    assert page.get_by_role("radio", name="Văn bản đến").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "du-thao")

    # signing out erases what was saved on the device
    sign_out_via_ui(page)
    for cache in ("dangbo-offline-personal", "dangbo-offline-published", "dangbo-van-ban"):
        assert page.evaluate(f"() => caches.has('{cache}')") is False


def test_leader_signs_with_a_passkey_and_the_signature_verifies(
    live_server, new_page_with_authenticator, enroll_via_ui, tmp_path
):
    live_server.cli("ca", "init", check=False)  # kept when it exists already
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="lanhdao")
    page.goto(live_server.url("/van-ban"))
    page.get_by_role("radio", name="Sổ đi").click()
    page.get_by_text("Kết quả triển khai ứng dụng số").first.click()
    sign = page.get_by_role("button", name="Ký số bằng khóa truy cập")
    sign.wait_for()
    _shot(page, "buoc-ky-so")
    sign.click()
    page.get_by_text("Đã ký số văn bản.").wait_for()
    page.get_by_text("Đã ký", exact=True).first.wait_for()
    _shot(page, "da-ky")

    href = page.locator("a", has_text="-da-ky").first.get_attribute("href")
    signed = page.request.get(live_server.url(href)).body()
    at = signed.index(b"stream\n") + 30
    tampered = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1 :]
    for name, content, verdict in (
        ("hop-le", signed, "Chữ ký số hợp lệ"),
        ("khong-hop-le", tampered, "Chữ ký số KHÔNG hợp lệ"),
    ):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(content)
        page.goto(live_server.url("/xac-minh"))
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_text(verdict).wait_for()
        _shot(page, f"xac-minh-{name}")


def test_clerk_registers_an_incoming_document_and_a_classified_one_is_refused(
    live_server, new_page_with_authenticator, enroll_via_ui, tmp_path
):
    from tests.documents_support import pdf_bytes

    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=("van_thu", "can_bo"), name="Văn Thư Thử Giao Diện", org="VPTU")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url}"))

    def fill(file_path: Path, so_ky_hieu: str, trich_yeu: str) -> None:
        page.goto(live_server.url("/van-ban/vao-so"))
        page.get_by_role("radio", name="Văn bản đến").wait_for()
        page.locator("input[type=file]").set_input_files(str(file_path))
        page.get_by_placeholder("Ví dụ 15-KH/TU").fill(so_ky_hieu)
        page.get_by_placeholder("Ví dụ Tỉnh ủy Bắc Ninh").fill("Tỉnh ủy Bắc Ninh")
        page.locator("textarea").fill(trich_yeu)
        page.get_by_role("combobox", name="Độ mật").click()
        page.get_by_role("option", name="Không mật", exact=True).click()
        page.get_by_role("button", name="Vào sổ").click()

    secret = tmp_path / "bao-cao.pdf"
    secret.write_bytes(pdf_bytes("Báo cáo tình hình", stamp="TỐI MẬT"))
    fill(secret, "53-BC/TU", "Báo cáo tình hình an ninh chính trị nội bộ")
    page.get_by_role("alert").filter(has_text="bí mật nhà nước").wait_for()
    _shot(page, "vao-so-tu-choi")
    # The page sent the file to the API itself: Reflex's /_upload spools to the server's disk.
    assert not [r for r in requests if "/_upload" in r], requests
    assert [r for r in requests if re.search(r"^POST .*/api/documents/?$", r)], requests

    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(pdf_bytes("Kế hoạch học tập chuyên đề năm 2027", so_ky_hieu="52-KH/TU"))
    fill(plan, "52-KH/TU", "Kế hoạch tổ chức học tập chuyên đề năm 2027")
    page.wait_for_url(re.compile(r".*/van-ban/\d+/?\?da-vao-so=1$"))
    page.get_by_text("Kế hoạch · 52-KH/TU").wait_for()
    page.get_by_text("Số đến", exact=True).wait_for()
    _shot(page, "vao-so-xong")

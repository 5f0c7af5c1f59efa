"""The Party library offline, in the real built app with the network cut by CDP emulation
(Playwright's ``set_offline``): a member downloads the library into the published part of the
one offline store, goes offline, opens, reads and searches an article, comes back online and
gets an update in which Tuyên giáo changed one article through the API: only that article is
downloaded. The offline search answers the server's shared search cases. After a session
revocation the library stays and the saved documents go. Screenshots land in SHOTS
(``thu-vien-ngoai-tuyen-*.png``)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS
from tests.e2e.test_offline import PERSONAL, SAVED_TITLE, _controlled, _save_document
from tests.library_search_support import RUN_CASES, arguments, mismatches

pytestmark = pytest.mark.e2e

PUBLISHED = "dangbo-offline-published"
OFFLINE_PAGE = "/so-tay/thu-vien/ngoai-tuyen"
COLLECTION = "Sổ tay đảng viên (văn bản mẫu)"
DOCUMENT = "Quy chế mẫu về sinh hoạt chi bộ"
ARTICLE = "Điều 4. Sinh hoạt thường kỳ"
SENTENCE = "Chi bộ sinh hoạt thường kỳ mỗi tháng một lần."
ADDED = " Lịch sinh hoạt được báo trước ba ngày."


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"thu-vien-ngoai-tuyen-{name}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _open_offline_library(page, live_server) -> None:
    """From the library's first screen, the link to the downloaded library."""
    page.goto(live_server.url("/so-tay/thu-vien"))
    _controlled(page)
    page.get_by_role("link", name="Tải về để đọc khi không có mạng").click()
    page.wait_for_url(re.compile(re.escape(OFFLINE_PAGE)))
    page.get_by_role("heading", name="Thư viện đọc khi không có mạng").wait_for()


def _download_all(page) -> None:
    page.get_by_role("button", name="Tải về để đọc khi không có mạng").click()
    page.locator("#library-status").filter(has_text=re.compile(r"Đã tải \d+ văn kiện")).wait_for()


def _publish_change(live_server, page) -> None:
    """Tuyên giáo adds a sentence to Điều 4 of the model regulation and publishes it."""
    api = page.request
    api.get(live_server.url("/api/csrf"))
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"x-csrftoken": token}
    manifest = api.get(live_server.url("/api/library/manifest")).json()
    doc = next(d for d in manifest["documents"] if d["title"] == DOCUMENT)
    path = f"/api/library/documents/{doc['id']}"
    text = api.get(live_server.url(f"{path}/draft")).json()["text"]
    assert SENTENCE in text
    answer = api.put(
        live_server.url(f"{path}/draft"),
        data={"text": text.replace(SENTENCE, SENTENCE + ADDED, 1)},
        headers=headers,
    )
    assert answer.ok, answer.text()
    answer = api.post(live_server.url(f"{path}/publish"), headers=headers)
    assert answer.ok, answer.text()


def test_member_reads_and_searches_the_library_offline_and_gets_only_what_changed(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="dangvien")
    _open_offline_library(page, live_server)

    # The offline search answers the server's shared cases (same file, same folding).
    page.wait_for_function("() => window.dangboLibrary && window.MiniSearch")
    assert mismatches(page.evaluate(RUN_CASES, arguments())) == []

    _download_all(page)
    page.get_by_text(re.compile(r"Dung lượng đã dùng: \d")).wait_for()
    _shot(page, "da-tai")

    page.context.set_offline(True)
    try:
        # Search the downloaded library, accent-insensitive, and open the article.
        page.goto(live_server.url(f"{OFFLINE_PAGE}?q=sinh hoat thuong ky"))
        results = page.locator("#library-results")
        results.get_by_role("link", name=re.compile(re.escape(ARTICLE))).first.click()
        page.get_by_role("heading", name=ARTICLE).wait_for()
        page.get_by_text(SENTENCE).wait_for()
        _shot(page, "doc")
        article_id = re.search(r"bai=(\d+)", page.url).group(1)
        # The reader's own address, with no network, is answered from the store too.
        page.goto(live_server.url(f"/so-tay/thu-vien/doc/{article_id}"))
        page.get_by_role("heading", name=ARTICLE).wait_for()
        page.get_by_text(SENTENCE).wait_for()
        page.goto(live_server.url(f"{OFFLINE_PAGE}?q=Sinh hoạt thường kỳ"))
        page.locator("#library-results").get_by_role("link").first.wait_for()
        _shot(page, "tim")
        page.get_by_role("button", name="Kiểm tra cập nhật").click()
        page.locator("#library-status").filter(has_text="Không có kết nối mạng").wait_for()
    finally:
        page.context.set_offline(False)

    editor = new_page_with_authenticator()
    enroll_via_ui(editor, user="tuyengiao")
    _publish_change(live_server, editor)

    fetched: list[str] = []
    page.on(
        "request",
        lambda r: (
            re.search(r"/api/library/(articles|documents)/\d+/content", r.url)
            and fetched.append(r.url)
        ),
    )
    page.goto(live_server.url(OFFLINE_PAGE))
    page.get_by_role("button", name="Kiểm tra cập nhật").click()
    page.locator("#library-status").filter(has_text="Đã cập nhật 1 mục").wait_for()
    assert len(fetched) == 1 and "/articles/" in fetched[0], fetched
    _shot(page, "cap-nhat")

    page.context.set_offline(True)
    try:
        page.goto(live_server.url(f"/so-tay/thu-vien/doc/{article_id}"))
        page.get_by_text(SENTENCE + ADDED).wait_for()
    finally:
        page.context.set_offline(False)

    # Nothing changed since: the manifest answers 304, nothing is fetched.
    fetched.clear()
    page.goto(live_server.url(OFFLINE_PAGE))
    page.get_by_role("button", name="Kiểm tra cập nhật").click()
    page.locator("#library-status").filter(has_text="bản mới nhất").wait_for()
    assert fetched == []

    # "Xóa" empties the library part.
    page.get_by_role("button", name="Xóa thư viện đã tải").click()
    page.get_by_text("Chưa tải thư viện về thiết bị này.").wait_for()
    assert page.evaluate(f"async () => !(await caches.has('{PUBLISHED}'))")


def test_after_a_revocation_the_library_stays_and_saved_documents_go(
    live_server, new_page_with_authenticator, enroll_via_ui, browser
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="canbo")
    _save_document(page, live_server, SAVED_TITLE)
    _open_offline_library(page, live_server)
    page.get_by_role("button", name=f"Chỉ tải tủ sách “{COLLECTION}”").click()
    page.locator("#library-status").filter(has_text=re.compile(r"Đã tải \d+ văn kiện")).wait_for()

    other = browser.new_context()
    try:
        other.add_cookies(page.context.cookies())
        other.request.get(live_server.url("/api/csrf"))
        token = next(c["value"] for c in other.cookies() if c["name"] == "csrftoken")
        ended = other.request.post(
            live_server.url("/api/auth/logout-everywhere"), headers={"x-csrftoken": token}
        )
        assert ended.status == 204, ended.text()
    finally:
        other.close()

    page.goto(live_server.url("/van-ban"))
    page.wait_for_url(re.compile(r"/dang-nhap"))
    page.wait_for_function(f"async () => !(await caches.has('{PERSONAL}'))")

    page.context.set_offline(True)
    try:
        page.goto(live_server.url(OFFLINE_PAGE))
        page.get_by_role("heading", name="Đã tải về thiết bị").wait_for()
        page.get_by_text(DOCUMENT).first.click()
        page.get_by_role("link", name=ARTICLE).click()
        page.get_by_text(SENTENCE).wait_for()
        _shot(page, "sau-thu-hoi")
    finally:
        page.context.set_offline(False)
    assert page.evaluate(f"async () => await caches.has('{PUBLISHED}')")

"""Printed delegate cards over the API: a delegate's own card and the organising committee's
A4 sheets (eight cards a page, all accepted delegates or one delegation's) are real PDFs
whose QR, read back from the rendered page, is a token check-in accepts; who may print what;
a reissued card's old QR is refused and the new printed one is accepted."""

from __future__ import annotations

import contextlib
import io
import time

import pypdfium2
import pytest
from pypdf import PdfReader

from tests.congress_support import add_delegate, hall, staged_congress

SCALE = 4  # rendering scale: 288 dpi, a printed QR module is about 12 pixels


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


@pytest.fixture
def issued(app, monkeypatch) -> list[str]:
    """Every card token the server seals during the test, in order: the printed QR is read
    back and compared with the token it must encode."""
    from backend.congress.cards import Cards

    tokens = app.state.services.get(Cards).tokens
    seen: list[str] = []
    issue = tokens.issue

    def recording(*args, **kwargs) -> str:
        token = issue(*args, **kwargs)
        seen.append(token)
        return token

    monkeypatch.setattr(tokens, "issue", recording)
    return seen


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.content))


def printed_qr(content: bytes, index: int, count: int) -> list[list[bool]]:
    """The ``count`` × ``count`` modules of the card at ``index``, read from the rendered
    page: each module's centre pixel, dark or light (the page is rasterised as a printer
    would, not parsed)."""
    from backend.congress.card_pdf import PER_PAGE, qr_box

    page = pypdfium2.PdfDocument(content)[index // PER_PAGE]
    image = page.render(scale=SCALE).to_pil().convert("L")
    px = SCALE * 72 / 25.4  # pixels a mm
    left, top, size = qr_box(index)
    unit = size / count

    def dark(r: int, c: int) -> bool:
        centre = (int((left + (c + 0.5) * unit) * px), int((top + (r + 0.5) * unit) * px))
        return image.getpixel(centre) < 128

    return [[dark(r, c) for c in range(count)] for r in range(count)]


def encodes(content: bytes, index: int, token: str) -> bool:
    """Whether the printed QR at ``index`` is, module for module, the QR of ``token``."""
    import segno

    from backend.congress.card_pdf import QR_BORDER, QR_MASK

    code = segno.make_qr(token, error="m", boost_error=False, mask=QR_MASK)
    expected = [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=QR_BORDER)]
    return printed_qr(content, index, len(expected)) == expected


async def _scan(people, built, token: str, session: int = 0):
    url = f"/api/congresses/{built.id}/sessions/{built.sessions[session]}/checkins"
    return await people.staff.client.post(url, json={"token": token})


async def test_a_delegate_prints_his_own_card_and_its_qr_checks_him_in(people, issued):
    built = await staged_congress(people)
    delegate = people.delegates[1]
    response = await delegate.client.get(f"/api/congresses/{built.id}/card.pdf")
    reader = _pdf(response)
    assert len(reader.pages) == 1
    assert "the-dai-bieu-T002.pdf" in response.headers["content-disposition"]
    text = reader.pages[0].extract_text()
    for shown in ("THẺ ĐẠI BIỂU", delegate.me["full_name"], "Đại biểu chính thức"):
        assert shown in " ".join(text.split()), (shown, text)
    assert "Số thẻ: T002" in text and "Đoàn Đảng bộ thử" in text
    assert "Hiệu lực đến hết ngày" in text
    [token] = issued
    assert encodes(response.content, 0, token)
    assert not encodes(response.content, 0, token[:-1] + ("A" if token[-1] != "A" else "B"))
    scanned = await _scan(people, built, token)
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["delegate_id"] == built.delegates["d2"]


async def test_who_may_print(people):
    built = await staged_congress(people)
    await add_delegate(
        built.id, "Đại biểu bị loại", user_id=people.outsider.id, credential_status="khong_hop_le"
    )
    base = f"/api/congresses/{built.id}"
    refused = await people.outsider.client.get(f"{base}/card.pdf")
    assert refused.status_code == 409 and "không được công nhận" in refused.json()["detail"]
    organiser_own = await people.organiser.client.get(f"{base}/card.pdf")
    assert organiser_own.status_code == 403 and "Chỉ đại biểu" in organiser_own.json()["detail"]
    d1 = built.delegates["d1"]
    for who in (people.delegates[0], people.staff, people.chair):
        for path in ("cards.pdf", f"delegates/{d1}/card.pdf"):
            answer = await who.client.get(f"{base}/{path}")
            assert answer.status_code == 403, (who.me["full_name"], path)
            assert "Ban Tổ chức" in answer.json()["detail"]
            assert answer.headers["content-type"].startswith("application/problem+json")
    other = await staged_congress(people)
    stranger = await people.outsider.client.get(f"/api/congresses/{other.id}/cards.pdf")
    assert stranger.status_code == 404
    assert (await people.anonymous.get(f"{base}/cards.pdf")).status_code == 401
    organiser = people.organiser.client
    nobody = await organiser.get(f"{base}/cards.pdf", params={"delegation": "Đoàn không có"})
    assert nobody.status_code == 404 and "Đoàn không có" in nobody.json()["detail"]


async def test_the_organisers_sheets_of_accepted_delegates(people, issued):
    built = await staged_congress(people, extra_delegates=9)
    await add_delegate(built.id, "Chờ thẩm tra", credential_status="cho_tham_tra")
    await add_delegate(built.id, "Bị loại", credential_status="khong_hop_le")
    await add_delegate(built.id, "Đã thay", credential_status="da_thay_the")
    other = [
        await add_delegate(built.id, f"Đoàn B số {i}", delegation="Đoàn B", code=f"B{i}", kind=kind)
        for i, kind in enumerate(("du_khuyet", "duong_nhien"), start=1)
    ]
    base = f"/api/congresses/{built.id}"

    response = await people.organiser.client.get(f"{base}/cards.pdf")
    reader = _pdf(response)
    # 3 + 9 + 2 accepted delegates: eight cards a page.
    assert len(reader.pages) == 2 and len(issued) == 14
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert text.count("THẺ ĐẠI BIỂU") == 14
    for absent in ("Chờ thẩm tra", "Bị loại", "Đã thay"):
        assert absent not in text
    assert "Đại biểu dự khuyết" in text and "Đại biểu đương nhiên" in text
    # By delegation, then số thẻ: Đoàn B's two first; the last card is X0008's.
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert first_page.index("Số thẻ: B1") < first_page.index("Số thẻ: B2")
    assert first_page.index("Số thẻ: B2") < first_page.index("Số thẻ: T001")
    assert "Số thẻ: X0008" in reader.pages[1].extract_text()
    for index in (0, 2, 13):
        assert encodes(response.content, index, issued[index]), index
    assert (await _scan(people, built, issued[0])).json()["delegate_id"] == other[0]
    assert (await _scan(people, built, issued[2])).json()["delegate_id"] == built.delegates["d1"]
    assert (await _scan(people, built, issued[13])).json()["delegate_id"] == built.delegates["x8"]

    issued.clear()
    one = await people.organiser.client.get(f"{base}/cards.pdf", params={"delegation": " Đoàn  B "})
    assert len(_pdf(one).pages) == 1 and len(issued) == 2
    assert encodes(one.content, 1, issued[1])
    assert (await _scan(people, built, issued[1])).json()["delegate_id"] == other[1]


async def test_a_reissued_card_refuses_the_old_print_and_accepts_the_new(people, issued):
    built = await staged_congress(people)
    base = f"/api/congresses/{built.id}"
    d1 = built.delegates["d1"]
    old = await people.delegates[0].client.get(f"{base}/card.pdf")
    [old_token] = issued
    assert encodes(old.content, 0, old_token)

    reissued = await people.organiser.client.post(f"{base}/delegates/{d1}/card/reissue")
    assert reissued.status_code == 200 and reissued.json()["card_version"] == 2
    refused = await _scan(people, built, old_token)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/card_reissued")
    assert "Thẻ này đã được cấp lại; thẻ cũ không còn giá trị" in refused.json()["detail"]

    issued.clear()
    new = await people.organiser.client.get(f"{base}/delegates/{d1}/card.pdf")
    reader = _pdf(new)
    assert "cấp lần 2" in reader.pages[0].extract_text()
    [new_token] = issued
    assert encodes(new.content, 0, new_token) and not encodes(new.content, 0, old_token)
    accepted = await _scan(people, built, new_token)
    assert accepted.status_code == 200 and accepted.json()["delegate_id"] == d1
    # The delegate's own print is the new card too.
    issued.clear()
    mine = await people.delegates[0].client.get(f"{base}/card.pdf")
    assert encodes(mine.content, 0, issued[0])
    assert (await _scan(people, built, issued[0], session=1)).status_code == 200


def test_three_hundred_cards_render_in_a_few_seconds():
    from datetime import date

    from backend.congress.card_pdf import PrintableCard, render_cards
    from shared.congress import DelegateKind

    cards = [
        PrintableCard(
            congress_name="Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI, nhiệm kỳ 2025–2030",
            full_name=f"Nguyễn Thị Phương Thảo {i}",
            kind=DelegateKind.OFFICIAL,
            delegation="Đoàn đại biểu Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
            code=f"T{i:03d}",
            card_version=1,
            token=f"DH1.12.{'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' * 2}"[:-3] + f"{i:03d}",
            last_day=date(2026, 12, 9),
        )
        for i in range(300)
    ]
    started = time.perf_counter()
    content = render_cards(cards, "Thẻ đại biểu")
    elapsed = time.perf_counter() - started
    assert len(PdfReader(io.BytesIO(content)).pages) == 38
    assert len(content) < 1_000_000
    # About a second on an idle machine; the bound leaves room for a busy test runner.
    assert elapsed < 15, elapsed


async def test_the_demo_congress_prints_in_one_request(people, issued):
    """The demo's 300 delegates (284 accepted) through the route: 36 pages, one token each."""
    from backend.congress.demo import NAME
    from backend.congress.tables import Congress, Delegate
    from tests.congress_support import add_body

    [congress] = await Congress.select(Congress.id).where(Congress.name == NAME)
    accepted = await Delegate.count().where(
        (Delegate.congress == congress["id"]) & (Delegate.credential_status == "hop_le")
    )
    assert accepted > 250
    await add_body(congress["id"], "to_chuc", people.organiser.id)
    started = time.perf_counter()
    response = await people.organiser.client.get(f"/api/congresses/{congress['id']}/cards.pdf")
    elapsed = time.perf_counter() - started
    reader = _pdf(response)
    assert len(issued) == accepted and len(reader.pages) == (accepted + 7) // 8
    assert len(response.content) < 1_000_000
    assert encodes(response.content, accepted - 1, issued[-1])
    assert elapsed < 15, elapsed

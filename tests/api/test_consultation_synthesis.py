"""The synthesis of a consultation over the API: per-unit counts, agree and disagree,
duplicate groups and campaigns counted once, themes with representative comments, the
charts' data, the giải trình table and its publication (with the notices), and the report as
DOCX and XLSX opened with python-docx and openpyxl. Editors only."""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from shared.consultations import CAMPAIGN_MIN_AUTHORS, CommentStatus
from tests.documents_support import person
from tests.synthesis_support import close, comment, consultation, vote

CAMPAIGN = "Đề nghị bổ sung chỉ tiêu thu ngân sách từ kinh tế số vào dự thảo"
CAMPAIGN_VARIANTS = [
    CAMPAIGN,
    CAMPAIGN.upper() + "!!!",
    "de nghi bo sung chi tieu thu ngan sach tu kinh te so vao du thao",
    "Đề nghị bổ sung chỉ tiêu thu ngân sách từ kinh tế số vào dự thảo này",
    "Đề nghị   bổ sung chỉ tiêu thu ngân sách từ kinh tế số, vào dự thảo.",
    "Đề nghị bổ sung chỉ tiêu thu ngân sách từ nền kinh tế số vào dự thảo",
]
OTHERS_ON_U3 = [
    "Cần nêu rõ nguồn thu ngân sách tăng từ đâu",
    "Thu ngân sách vượt kế hoạch nhưng chi thường xuyên vẫn cao",
    "Nên so sánh với kế hoạch của nhiệm kỳ trước",
]
ON_U5 = ["Cần nói rõ kết quả chỉnh đốn Đảng ở cơ sở", '=HYPERLINK("http://x","bấm")']
WHOLE = ["Dự thảo viết ngắn gọn, dễ hiểu"]


@pytest.fixture
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        citizens = [
            await person(app, stack, f"Công Dân {i}", ["cong_dan"], "VPTU") for i in range(8)
        ]
        yield {
            "editor": await person(app, stack, "Biên Tập Viên", ["bien_tap"], "VPTU"),
            "member": await person(app, stack, "Đảng Viên", ["dang_vien"], "VPTU"),
            "citizens": citizens,
        }


@pytest.fixture
async def filled(people):
    made = await consultation()
    citizens = people["citizens"]
    day = datetime.now(UTC) - timedelta(days=2)
    for i, text in enumerate(CAMPAIGN_VARIANTS):
        await comment(made, citizens[i].id, text, "u3", at=day, age_band="18_29")
    for i, text in enumerate(OTHERS_ON_U3):
        await comment(made, citizens[6].id if i else citizens[7].id, text, "u3", commune=None)
    for text in ON_U5:
        await comment(made, citizens[7].id, text, "u5", age_band=None)
    for text in WHOLE:
        await comment(made, citizens[0].id, text, None)
    await comment(made, citizens[1].id, "Nội dung bị ẩn", "u3", status=CommentStatus.HIDDEN)
    await comment(made, citizens[2].id, "Nội dung đã rút", "u5", status=CommentStatus.WITHDRAWN)
    for i in range(5):
        await vote(made, citizens[i].id, "u3", "tan_thanh")
    for i in range(5, 8):
        await vote(made, citizens[i].id, "u3", "khong_tan_thanh")
    await vote(made, citizens[0].id, "u2", "khong_tan_thanh")
    return made


def _unit(synthesis: dict, key: str | None) -> dict:
    return next(u for u in synthesis["units"] if u["key"] == key)


async def test_the_synthesis_counts_groups_and_themes_per_unit(people, filled):
    answer = await people["editor"].client.get(
        f"/api/consultations/{filled.consultation_id}/synthesis"
    )
    assert answer.status_code == 200, answer.text
    s = answer.json()
    visible = len(CAMPAIGN_VARIANTS) + len(OTHERS_ON_U3) + len(ON_U5) + len(WHOLE)
    assert s["comments"] == visible
    assert s["hidden"] == 1 and s["withdrawn"] == 1 and s["votes"] == 9
    # The campaign is one distinct comment; every other text is its own.
    assert s["distinct"] == visible - len(CAMPAIGN_VARIANTS) + 1
    assert s["campaigns"] == 1 and len(CAMPAIGN_VARIANTS) >= CAMPAIGN_MIN_AUTHORS
    assert s["authors"] == len(people["citizens"])
    assert [u["key"] for u in s["units"]] == [None, "u2", "u3", "u5"]  # reading order
    assert _unit(s, None)["label"] == "Toàn văn dự thảo"
    u3 = _unit(s, "u3")
    assert u3["label"] == "I. 1. Thu ngân sách vượt kế hoạch đề ra."
    assert u3["comments"] == len(CAMPAIGN_VARIANTS) + len(OTHERS_ON_U3)
    assert u3["distinct"] == 1 + len(OTHERS_ON_U3)
    assert (u3["agree"], u3["disagree"]) == (5, 3)
    [group] = u3["groups"]
    assert group == {
        "text": CAMPAIGN,
        "comments": len(CAMPAIGN_VARIANTS),
        "authors": len(CAMPAIGN_VARIANTS),
        "campaign": True,
    }
    assert sum(t["comments"] for t in u3["themes"]) == u3["comments"]
    assert sum(t["distinct"] for t in u3["themes"]) == u3["distinct"]
    shown = [r for t in u3["themes"] for r in t["representatives"]]
    campaign_shown = [r for r in shown if r["text"] == CAMPAIGN]
    assert len(campaign_shown) == 1 and campaign_shown[0]["group_size"] == len(CAMPAIGN_VARIANTS)
    assert all(r["author"].startswith("Người góp ý ") for r in shown)
    assert "author_token" not in answer.text and "Công Dân" not in answer.text
    u2 = _unit(s, "u2")
    assert (u2["comments"], u2["agree"], u2["disagree"]) == (0, 0, 1)
    assert "synthesize" in s["actions"] and "export" in s["actions"]


async def test_only_the_editors_see_the_synthesis_charts_and_reports(people, filled):
    cid = filled.consultation_id
    for who in (people["member"], people["citizens"][0]):
        for path in ("synthesis", "charts", "report.docx", "report.xlsx"):
            refused = await who.client.get(f"/api/consultations/{cid}/{path}")
            assert refused.status_code == 403, (path, refused.text)
            assert refused.json()["detail"].startswith("Chỉ tổ biên tập được")
    missing = await people["editor"].client.get("/api/consultations/999999999/synthesis")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không tìm thấy đợt lấy ý kiến."


async def test_the_charts_count_visible_comments_by_day_unit_age_and_commune(people, filled):
    answer = await people["editor"].client.get(
        f"/api/consultations/{filled.consultation_id}/charts"
    )
    assert answer.status_code == 200, answer.text
    c = answer.json()
    visible = len(CAMPAIGN_VARIANTS) + len(OTHERS_ON_U3) + len(ON_U5) + len(WHOLE)
    assert sum(d["comments"] for d in c["over_time"]) == visible
    assert len(c["over_time"]) >= 3  # two days ago, yesterday (none), today
    assert any(d["comments"] == 0 for d in c["over_time"])
    assert sum(cell["comments"] for cell in c["per_unit"]) == visible
    u3 = [cell for cell in c["per_unit"] if cell["key"] == "u3"]
    assert sum(cell["comments"] for cell in u3) == len(CAMPAIGN_VARIANTS) + len(OTHERS_ON_U3)
    ages = {a["label"]: a["comments"] for a in c["by_age"]}
    assert ages["18–29 tuổi"] == len(CAMPAIGN_VARIANTS)
    assert ages["Không rõ"] == len(ON_U5)
    communes = {a["label"]: a["comments"] for a in c["by_commune"]}
    assert communes["Không rõ"] == len(OTHERS_ON_U3)
    assert communes["Phường Kinh Bắc"] == visible - len(OTHERS_ON_U3)


async def test_the_giai_trinh_is_written_published_after_the_end_and_its_authors_told(
    people, filled
):
    cid = filled.consultation_id
    editor, citizens = people["editor"], people["citizens"]
    url = f"/api/consultations/{cid}/explanations"
    made = await editor.client.put(
        f"{url}/u3", json={"decision": "tiep_thu_mot_phan", "reason": "Bổ sung chỉ tiêu."}
    )
    assert made.status_code == 200, made.text
    assert made.json()["decision"] == "tiep_thu_mot_phan" and made.json()["published"] is False
    again = await editor.client.put(
        f"{url}/u3", json={"decision": "tiep_thu", "reason": "Tiếp thu toàn bộ."}
    )
    assert again.json()["decision"] == "tiep_thu"
    unknown = await editor.client.put(f"{url}/u99", json={"decision": "tiep_thu", "reason": "X"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == "Dự thảo hiện hành không có điều, đoạn này."
    blank = await editor.client.put(f"{url}/u3", json={"decision": "tiep_thu", "reason": "  "})
    assert blank.status_code == 400 and blank.json()["detail"] == "Hãy ghi lý do của quyết định."
    by_citizen = await citizens[0].client.put(
        f"{url}/u3", json={"decision": "tiep_thu", "reason": "X"}
    )
    assert by_citizen.status_code == 403
    # Unpublished: the citizens see no line, the editors see it.
    assert (await citizens[0].client.get(url)).json()["rows"] == []
    table = (await editor.client.get(url)).json()
    [line] = table["rows"]
    assert line["comments"] == len(CAMPAIGN_VARIANTS) + len(OTHERS_ON_U3)
    assert line["decision_label"] == "Tiếp thu" and line["published"] is False
    early = await editor.client.post(f"{url}/publish")
    assert early.status_code == 409
    assert early.json()["detail"] == "Chỉ công bố bảng giải trình khi đợt lấy ý kiến đã kết thúc."

    await close(filled)
    before = {c.id: await _notices(c) for c in citizens}
    published = await editor.client.post(f"{url}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["published"] is True
    # The authors of visible comments on u3 are told once; the others are not.
    on_u3 = set(range(6)) | {6, 7}
    for i, c in enumerate(citizens):
        told = await _notices(c) - before[c.id]
        assert told == (1 if i in on_u3 else 0), (i, told)
    listing = (await citizens[7].client.get("/api/notifications")).json()["items"]
    assert listing[0]["title"] == "Tổ biên tập đã giải trình ý kiến bạn góp"
    seen = (await citizens[0].client.get(url)).json()
    assert [r["unit_key"] for r in seen["rows"]] == ["u3"] and seen["rows"][0]["reason"]
    locked = await editor.client.put(f"{url}/u3", json={"decision": "giai_trinh", "reason": "X"})
    assert locked.status_code == 409
    nothing = await editor.client.post(f"{url}/publish")
    assert nothing.status_code == 409
    # A second line published later tells only those not told yet (the notice is spent).
    await editor.client.put(f"{url}/u5", json={"decision": "giai_trinh", "reason": "Giữ nguyên."})
    before = await _notices(citizens[7])
    assert (await editor.client.post(f"{url}/publish")).status_code == 200
    assert await _notices(citizens[7]) == before + 1  # his comments on u5 had their notice


async def _notices(someone) -> int:
    listing = (await someone.client.get("/api/notifications")).json()
    return len([n for n in listing["items"] if n["kind"] == "gop_y"])


async def test_the_report_opens_in_word_and_excel_with_the_counts(people, filled):
    cid = filled.consultation_id
    editor = people["editor"]
    await editor.client.put(
        f"/api/consultations/{cid}/explanations/u3",
        json={"decision": "tiep_thu", "reason": "Bổ sung chỉ tiêu thu từ kinh tế số."},
    )
    s = (await editor.client.get(f"/api/consultations/{cid}/synthesis")).json()

    docx = await editor.client.get(f"/api/consultations/{cid}/report.docx")
    assert docx.status_code == 200, docx.text
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in docx.headers["content-disposition"]
    doc = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý CỦA NHÂN DÂN" in text
    assert "Dự thảo Báo cáo chính trị" in text
    figures = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows[1:]}
    assert figures["Số góp ý đang hiển thị"] == str(s["comments"])
    assert figures["Số góp ý sau khi gộp các ý kiến trùng lặp"] == str(s["distinct"])
    assert figures["Số góp ý bị ẩn khi kiểm duyệt"] == "1"
    u3 = _unit(s, "u3")
    unit_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "Số góp ý"]
    assert len(unit_tables) == len(s["units"])
    values = [c.text for c in unit_tables[2].rows[1].cells]  # u3 is the third unit
    assert values == [str(u3["comments"]), str(u3["distinct"]), "5", "3"]
    assert f"Chiến dịch: {len(CAMPAIGN_VARIANTS)} góp ý" in text
    giai_trinh = doc.tables[-1]
    row = next(r for r in giai_trinh.rows if r.cells[1].text == u3["label"])
    assert row.cells[3].text == "Tiếp thu" and "kinh tế số" in row.cells[4].text

    xlsx = await editor.client.get(f"/api/consultations/{cid}/report.xlsx")
    assert xlsx.status_code == 200, xlsx.text
    wb = load_workbook(io.BytesIO(xlsx.content))
    ws = wb["Tổng hợp"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "STT"))
    lines = {r[2]: r for r in rows[header + 1 :]}
    assert lines["u3"][3:7] == (u3["comments"], u3["distinct"], 5, 3)
    assert lines["u3"][8] == "Tiếp thu"
    assert sum(r[3] for r in rows[header + 1 :]) == s["comments"]
    groups = list(wb["Trùng lặp"].iter_rows(values_only=True))[1:]
    assert [(g[2], g[3], g[4]) for g in groups] == [
        (len(CAMPAIGN_VARIANTS), len(CAMPAIGN_VARIANTS), "Có")
    ]
    # A citizen's text that looks like a formula stays text.
    themes = wb["Chủ đề"]
    cells = [c for row in themes.iter_rows() for c in row if c.value == ON_U5[1]]
    assert cells and all(c.data_type == "s" for c in cells)

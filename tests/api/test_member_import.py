"""Importing a chi bộ's member list: CSV and XLSX, every bad row with its line and reason,
nothing written unless every row is right, re-import updates by số thẻ, and the encodings
(UTF-8 with or without BOM, UTF-16; Windows-1258, TCVN3 and VNI refused by name)."""

from __future__ import annotations

import codecs
import contextlib
from datetime import date, datetime, timedelta

import pytest

from tests.handbook_support import (
    HEADER,
    card,
    chi_bo,
    csv_bytes,
    finished_import,
    import_members,
    member_row,
    upload_import,
    xlsx_bytes,
)
from tests.legacy_encodings import to_cp1258, to_tcvn3, to_vni


@pytest.fixture
async def group(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await chi_bo(app, stack, members=1)


async def _roll(group) -> dict[str, dict]:
    roll = (await group.secretary.client.get(f"/api/members/rolls/{group.id}")).json()
    return {m["so_the"]: m for m in roll["members"]}


def _tomorrow() -> str:
    from backend.core.clock import today

    return (today() + timedelta(days=1)).strftime("%d/%m/%Y")


async def test_a_clean_file_is_written_and_a_reimport_updates_without_duplicates(group):
    cards = [card() for _ in range(3)]
    rows = [
        member_row(cards[0], name="Lý Thị Một", gender="Nữ"),
        member_row(cards[1], name="Trịnh Văn Hai", official=""),
        member_row(cards[2], name="Mạc Văn Ba", exempt="x", reason="Sức khỏe yếu"),
    ]
    job = await import_members(group.secretary.client, group.id, csv_bytes(rows))
    assert job["status"] == "xong", job
    assert (job["created"], job["updated"], job["unchanged"]) == (3, 0, 0)
    assert job["rows_total"] == 3 and job["errors"] == []
    roll = await _roll(group)
    assert roll[cards[0]]["gioi_tinh"] == "nu"
    assert roll[cards[2]]["mien_sinh_hoat"] is True

    # The same file with one name corrected: updated by số thẻ, nothing added.
    rows[1] = member_row(cards[1], name="Trịnh Văn Hai Sửa", official="")
    again = await import_members(group.secretary.client, group.id, csv_bytes(rows))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 2), again
    roll = await _roll(group)
    assert roll[cards[1]]["ho_ten"] == "Trịnh Văn Hai Sửa"
    assert len([c for c in roll if c in cards]) == 3


async def test_a_file_with_two_bad_rows_is_rejected_with_exactly_those_and_nothing_applied(group):
    good = [card() for _ in range(3)]
    duplicate = card()
    rows = [
        member_row(good[0]),
        member_row(duplicate),  # line 3
        member_row(good[1], joined=_tomorrow()),  # line 4: a date in the future
        member_row(good[2]),
        member_row(duplicate, name="Người Trùng Số Thẻ"),  # line 6: số thẻ again
    ]
    job = await import_members(group.secretary.client, group.id, csv_bytes(rows))
    assert job["status"] == "co_loi", job
    assert [(e["line"], e["column"]) for e in job["errors"]] == [
        (4, "Ngày vào Đảng"),
        (6, "Số thẻ đảng viên"),
    ]
    assert "tương lai" in job["errors"][0]["reason"]
    assert "trùng với dòng 3" in job["errors"][1]["reason"]
    assert job["message"].startswith("2 dòng có lỗi")
    assert job["created"] == 0
    roll = await _roll(group)
    assert not ({*good, duplicate} & set(roll))


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"born": "31/02/1980"}, "Ngày sinh", "không có thật"),
        ({"born": "1980-02-01"}, "Ngày sinh", "dd/mm/yyyy"),
        ({"gender": "Khác"}, "Giới tính", "Nam, Nữ"),
        ({"phone": "12345"}, "Số điện thoại", "10 chữ số"),
        ({"number": "12345"}, "Số định danh", "12 chữ số"),
        ({"name": ""}, "Họ và tên", "trống"),
        (
            {"born": "01/01/2000", "joined": "01/01/2010", "official": ""},
            "Ngày vào Đảng",
            "18 tuổi",
        ),
        ({"official": "01/01/2004"}, "Ngày chính thức", "trước ngày vào Đảng"),
        ({"exempt": "x"}, "Lý do miễn", "cần ghi lý do"),
    ],
)
async def test_each_bad_cell_is_named(group, cells, column, reason):
    job = await import_members(group.secretary.client, group.id, csv_bytes([member_row(**cells)]))
    assert job["status"] == "co_loi", job
    [error] = job["errors"]
    assert (error["line"], error["column"]) == (2, column)
    assert reason in error["reason"], error


async def test_missing_columns_reject_the_file(group):
    header = [h for h in HEADER if h not in {"Ngày sinh", "Giới tính"}]
    rows = [[c for h, c in zip(HEADER, member_row(), strict=True) if h in header]]
    job = await import_members(group.secretary.client, group.id, csv_bytes(rows, header=header))
    assert job["status"] == "co_loi"
    assert "thiếu cột “Ngày sinh”, “Giới tính”" in job["message"]
    assert [(e["line"], e["column"]) for e in job["errors"]] == [
        (1, "Ngày sinh"),
        (1, "Giới tính"),
    ]


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (to_cp1258, "Windows-1258"),
        (to_tcvn3, "TCVN3 (ABC)"),
        (to_vni, "VNI Windows"),
    ],
)
async def test_a_legacy_encoding_is_refused_by_name(group, encode, name):
    rows = [member_row(name="Nguyễn Thị Hương"), member_row(name="Trần Đức Thắng")]
    text = "\n".join([",".join(HEADER)] + [",".join(r) for r in rows]) + "\n"
    job = await import_members(group.secretary.client, group.id, encode(text))
    assert job["status"] == "that_bai", job
    assert name in job["message"] and "Unicode" in job["message"]
    assert job["created"] == 0


async def test_text_typed_with_a_legacy_font_but_saved_as_unicode_is_refused(group):
    rows = [member_row(name="Nguyễn Thị Hương"), member_row(name="Trần Đức Thắng")]
    text = "\n".join([",".join(HEADER)] + [",".join(r) for r in rows]) + "\n"
    broken = to_tcvn3(text).decode("cp1252")  # what Excel shows with a .VnTime font
    job = await import_members(group.secretary.client, group.id, broken.encode("utf-8"))
    assert job["status"] == "that_bai"
    assert "TCVN3" in job["message"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM, as Excel's "Unicode text" saves
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be"],
)
async def test_unicode_files_are_read(group, encode):
    so_the = card()
    rows = [member_row(so_the, name="Phùng Thị Ngọc Ánh", gender="Nữ")]
    text = "\t".join(HEADER) + "\n" + "\t".join(rows[0]) + "\n"  # tab-separated, as Excel's
    job = await import_members(group.secretary.client, group.id, encode(text))
    assert job["status"] == "xong", job
    assert (await _roll(group))[so_the]["ho_ten"] == "Phùng Thị Ngọc Ánh"


async def test_an_xlsx_with_date_cells_and_numbers_is_read(group):
    so_the = card()
    row = member_row(so_the, name="Đinh Công Tráng")
    row[2] = datetime(1979, 5, 6)  # a date cell
    row[4] = date(2001, 7, 1)
    row[7] = 912345678  # a number cell that lost its leading 0
    job = await import_members(group.secretary.client, group.id, xlsx_bytes([row]), "ds.xlsx")
    assert job["status"] == "xong", job
    assert (await _roll(group))[so_the]["ngay_sinh"] == "1979-05-06"
    # A số định danh typed as a number loses its leading zeros: the reason says so.
    row = member_row(card())
    row[8] = 12345678901
    job = await import_members(group.secretary.client, group.id, xlsx_bytes([row]), "ds.xlsx")
    assert job["status"] == "co_loi"
    assert "Văn bản" in job["errors"][0]["reason"]


async def test_check_only_writes_nothing(group):
    so_the = card()
    response = await upload_import(
        group.secretary.client, group.id, csv_bytes([member_row(so_the)]), "ds.csv", mode="check"
    )
    assert response.status_code == 202
    job = await finished_import(group.secretary.client, response.json())
    assert job["status"] == "hop_le" and job["mode"] == "check"
    assert so_the not in await _roll(group)


async def test_a_member_of_another_chi_bo_and_unknown_accounts_are_row_errors(group, app):
    async with contextlib.AsyncExitStack() as stack:
        other = await chi_bo(app, stack, members=0)
        so_the = card()
        job = await import_members(
            other.secretary.client, other.id, csv_bytes([member_row(so_the)])
        )
        assert job["status"] == "xong"
    header = [*HEADER, "Tài khoản"]
    rows = [[*member_row(so_the), ""], [*member_row(), "khong-co-ai-ten-nay"]]
    job = await import_members(group.secretary.client, group.id, csv_bytes(rows, header=header))
    assert job["status"] == "co_loi"
    assert [(e["line"], e["column"]) for e in job["errors"]] == [
        (2, "Số thẻ đảng viên"),
        (3, "Tài khoản"),
    ]
    assert "chuyển sinh hoạt" in job["errors"][0]["reason"]


async def test_who_may_import_and_bad_uploads(group):
    data = csv_bytes([member_row()])
    member = await upload_import(group.members[0].client, group.id, data, "ds.csv")
    assert member.status_code == 403
    outsider = await upload_import(group.outsider.client, group.id, data, "ds.csv")
    assert outsider.status_code == 403
    above = await upload_import(group.committee_above.client, group.id, data, "ds.csv")
    assert above.status_code == 202
    # Someone else cannot follow the job.
    job = above.json()
    assert (await group.secretary.client.get(f"/api/imports/{job['id']}")).status_code == 404
    await finished_import(group.committee_above.client, job)

    empty = await upload_import(group.secretary.client, group.id, b"", "ds.csv")
    assert empty.status_code == 422
    old_excel = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600
    job = await finished_import(
        group.secretary.client,
        (await upload_import(group.secretary.client, group.id, old_excel, "ds.xls")).json(),
    )
    assert job["status"] == "that_bai" and ".xls" in job["message"]
    broken_zip = b"PK\x03\x04" + b"\x00" * 100
    job = await finished_import(
        group.secretary.client,
        (await upload_import(group.secretary.client, group.id, broken_zip, "ds.xlsx")).json(),
    )
    assert job["status"] == "that_bai"


async def test_the_layout_and_its_template(client, group):
    layout = await group.secretary.client.get("/api/imports/layouts/dang_vien")
    assert layout.status_code == 200
    body = layout.json()
    assert body["natural_key"] == "Số thẻ đảng viên"
    assert [c["header"] for c in body["columns"]][:5] == HEADER[:5]
    template = await group.secretary.client.get("/api/imports/layouts/dang_vien/template")
    assert template.status_code == 200
    assert template.content.startswith(codecs.BOM_UTF8)
    assert "Số thẻ đảng viên" in template.content.decode("utf-8-sig")
    assert (await group.secretary.client.get("/api/imports/layouts/khong_co")).status_code == 404

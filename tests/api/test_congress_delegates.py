"""The delegate list of a congress: imported from CSV or XLSX through the shared import piece
(every bad row named, nothing written unless all are right, re-import by số thẻ), linked to
accounts by username (the delegate is told and then reads his congress), listed for the
congress's bodies with filters and pages."""

from __future__ import annotations

import contextlib

import pytest

from tests.congress_setup_support import (
    HEADER,
    add_to_body,
    all_delegates,
    code,
    delegate_row,
    delegates_csv,
    hall,
    import_delegates,
    refusal,
    upload_delegates,
)
from tests.handbook_support import finished_import, xlsx_bytes


@pytest.fixture
async def congress(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


async def test_a_clean_list_is_written_linked_and_a_reimport_updates(congress):
    client = congress.organiser.client
    delegate = congress.people[0]
    codes = [code() for _ in range(3)]
    rows = [
        delegate_row(codes[0], name="Lò Thị Mai", sex="Nữ", ethnicity="Thái",
                     username=delegate.me["username"]),
        delegate_row(codes[1], name="Trần Văn Bình", kind="Đương nhiên"),
        delegate_row(codes[2], name="Hà Văn Cường", kind="dự khuyết", delegation="Đoàn Khối"),
    ]  # fmt: skip
    job = await import_delegates(client, congress.id, delegates_csv(rows))
    assert job["status"] == "xong", job
    assert (job["created"], job["updated"], job["unchanged"]) == (3, 0, 0)
    listed = {d["code"]: d for d in await all_delegates(client, congress.id)}
    assert set(listed) == set(codes)
    assert listed[codes[0]]["has_account"] is True
    assert listed[codes[1]]["kind"] == "duong_nhien"
    assert listed[codes[2]]["kind_label"] == "Dự khuyết"
    assert all(d["credential_status"] == "cho_tham_tra" for d in listed.values())

    # The linked delegate is told, reads his congress and his own record, nobody else's.
    notes = (await delegate.client.get("/api/notifications")).json()["items"]
    assert any(n["title"] == f"Đồng chí được triệu tập dự {congress.name}" for n in notes)
    mine = (await delegate.client.get(f"/api/congresses/{congress.id}")).json()
    assert mine["my_delegate_id"] == listed[codes[0]]["id"] and mine["my_bodies"] == []
    own = await delegate.client.get(
        f"/api/congresses/{congress.id}/delegates/{listed[codes[0]]['id']}"
    )
    assert own.status_code == 200 and own.json()["sex"] == "nu"
    other = await delegate.client.get(
        f"/api/congresses/{congress.id}/delegates/{listed[codes[1]]['id']}"
    )
    refusal(other, 404)
    assert "thành viên các ban" in refusal(
        await delegate.client.get(f"/api/congresses/{congress.id}/delegates"), 403
    )

    # The same file with one name corrected, as XLSX: updated by số thẻ, nothing added.
    rows[1] = delegate_row(codes[1], name="Trần Văn Bình Sửa", kind="Đương nhiên")
    data = xlsx_bytes([[int(c) if c.isdigit() else c for c in r] for r in rows], header=HEADER)
    response = await upload_delegates(client, congress.id, data, "daibieu.xlsx")
    again = await finished_import(client, response.json())
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 2), again
    detail = await client.get(f"/api/congresses/{congress.id}/delegates/{listed[codes[1]]['id']}")
    assert detail.json()["full_name"] == "Trần Văn Bình Sửa"
    assert detail.json()["birth_year"] == 1975


async def test_wrong_columns_are_refused_and_nothing_is_written(congress):
    client = congress.organiser.client
    header = [h for h in HEADER if h not in {"Loại đại biểu", "Năm sinh"}]
    row = [c for h, c in zip(HEADER, delegate_row(), strict=True) if h in header]
    job = await import_delegates(client, congress.id, delegates_csv([row], header=header))
    assert job["status"] == "co_loi"
    assert "thiếu cột “Loại đại biểu”, “Năm sinh”" in job["message"]
    assert [(e["line"], e["column"]) for e in job["errors"]] == [
        (1, "Loại đại biểu"),
        (1, "Năm sinh"),
    ]
    assert await all_delegates(client, congress.id) == []


async def test_duplicates_and_bad_rows_are_named_line_by_line_and_nothing_written(congress):
    client = congress.organiser.client
    twice, someone = code(), congress.people[1].me["username"]
    rows = [
        delegate_row(),  # line 2
        delegate_row(twice),  # line 3
        delegate_row(kind="Khách mời"),  # line 4: no such kind
        delegate_row(born="75"),  # line 5: not a year
        delegate_row(twice, name="Người Trùng Số Thẻ"),  # line 6: số thẻ again
        delegate_row(username="khong-co-tai-khoan"),  # line 7
        delegate_row(username=someone),  # line 8
        delegate_row(username=someone),  # line 9: the same account again
        delegate_row(born="1990", joined="2000"),  # line 10: joined at 10
    ]
    job = await import_delegates(client, congress.id, delegates_csv(rows))
    assert job["status"] == "co_loi", job
    errors = {(e["line"], e["column"]): e["reason"] for e in job["errors"]}
    assert sorted(errors) == [
        (4, "Loại đại biểu"),
        (5, "Năm sinh"),
        (6, "Số thẻ đại biểu"),
        (7, "Tên đăng nhập"),
        (9, "Tên đăng nhập"),
        (10, "Năm vào Đảng"),
    ]
    assert "trùng với dòng 3" in errors[(6, "Số thẻ đại biểu")]
    assert "Chính thức, Dự khuyết, Đương nhiên" in errors[(4, "Loại đại biểu")]
    assert "không có tài khoản" in errors[(7, "Tên đăng nhập")]
    assert "trùng với dòng 8" in errors[(9, "Tên đăng nhập")]
    assert "chưa đủ 18 tuổi" in errors[(10, "Năm vào Đảng")]
    assert await all_delegates(client, congress.id) == []


async def test_an_account_already_linked_to_another_delegate_is_a_row_error(congress):
    client = congress.organiser.client
    username = congress.people[2].me["username"]
    first = await import_delegates(
        client, congress.id, delegates_csv([delegate_row(code(), username=username)])
    )
    assert first["status"] == "xong"
    second = await import_delegates(
        client, congress.id, delegates_csv([delegate_row(code(), username=username)])
    )
    assert second["status"] == "co_loi"
    [error] = second["errors"]
    assert (error["line"], error["column"]) == (2, "Tên đăng nhập")
    assert "đã gắn với đại biểu số thẻ" in error["reason"]


async def test_only_the_organising_committee_imports(congress):
    member = congress.people[0]
    await add_to_body(congress, "tham_tra", member)
    response = await upload_delegates(member.client, congress.id, delegates_csv([delegate_row()]))
    assert "Ban Tổ chức" in refusal(response, 403)
    response = await upload_delegates(
        congress.outsider.client, congress.id, delegates_csv([delegate_row()])
    )
    refusal(response, 404)


async def test_the_list_filters_and_pages(congress):
    client = congress.organiser.client
    rows = [delegate_row(f"P{i:03d}{code()}"[:20], delegation="Đoàn A" if i % 3 else "Đoàn B",
                         kind="Dự khuyết" if i % 5 == 0 else "Chính thức")
            for i in range(1, 31)]  # fmt: skip
    assert (await import_delegates(client, congress.id, delegates_csv(rows)))["status"] == "xong"
    base = f"/api/congresses/{congress.id}/delegates"
    first = (await client.get(base, params={"limit": 7})).json()
    assert first["total"] == 30 and len(first["items"]) == 7 and first["next_cursor"]
    everyone = await all_delegates(client, congress.id)
    assert [d["code"] for d in everyone] == sorted(r[0] for r in rows)
    in_b = await all_delegates(client, congress.id, delegation="Đoàn B")
    assert len(in_b) == 10 and {d["delegation"] for d in in_b} == {"Đoàn B"}
    alternates = await all_delegates(client, congress.id, kind="du_khuyet")
    assert len(alternates) == 6
    pending = (await client.get(base, params={"status": "hop_le"})).json()
    assert pending["total"] == 0 and pending["items"] == []
    bad = await client.get(base, params={"cursor": "không-phải-con-trỏ"})
    assert refusal(bad, 400)
    template = await client.get("/api/imports/layouts/dai_bieu")
    assert template.status_code == 200
    assert [c["header"] for c in template.json()["columns"]] == HEADER

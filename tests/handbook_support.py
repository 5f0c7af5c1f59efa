"""Steps shared by the handbook's tests (members, meetings, library, study, questions): a chi bộ
of their own with a secretary and members, member records, import files, polling an import."""

from __future__ import annotations

import asyncio
import io
import secrets
from dataclasses import dataclass, field
from datetime import date

from tests.conftest import make_client, prime_csrf
from tests.documents_support import Person, make_org, person

HEADER = [
    "Số thẻ đảng viên",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Chức vụ",
    "Số điện thoại",
    "Số định danh",
    "Miễn sinh hoạt",
    "Lý do miễn",
]


def card() -> str:
    """A số thẻ no other test uses."""
    return f"T{secrets.token_hex(4).upper()}"


def member_row(
    so_the: str | None = None,
    name: str = "Nguyễn Văn Thử",
    born: str = "01/02/1980",
    gender: str = "Nam",
    joined: str = "03/02/2005",
    official: str = "03/02/2006",
    job: str = "Chuyên viên",
    phone: str = "0912345678",
    number: str = "",
    exempt: str = "",
    reason: str = "",
) -> list[str]:
    return [so_the or card(), name, born, gender, joined, official, job, phone, number, exempt,
            reason]  # fmt: skip


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, sep: str = ",") -> bytes:
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def upload_import(client, organisation_id: int, data: bytes, name: str, mode: str = ""):
    form = {"mode": mode} if mode else {}
    return await client.post(
        f"/api/members/rolls/{organisation_id}/imports",
        files={"file": (name, data, "application/octet-stream")},
        data=form,
    )


async def finished_import(client, job: dict) -> dict:
    """Poll the job until it has finished (a minute at most)."""
    deadline = asyncio.get_running_loop().time() + 60
    while job["status"] in {"dang_kiem_tra", "dang_ghi"}:
        assert asyncio.get_running_loop().time() < deadline, job
        await asyncio.sleep(0.05)
        response = await client.get(f"/api/imports/{job['id']}")
        assert response.status_code == 200, response.text
        job = response.json()
    return job


async def import_members(client, organisation_id: int, data: bytes, name: str = "ds.csv") -> dict:
    response = await upload_import(client, organisation_id, data, name)
    assert response.status_code == 202, response.text
    return await finished_import(client, response.json())


async def org_id(code: str) -> int:
    from backend.orgs.services import organisation_id

    found = await organisation_id(code)
    assert found is not None
    return found


async def give_position(organisation_id: int, user_id: int, position: str) -> None:
    from backend.orgs.positions import assign
    from shared.orgs import Position, PositionAssign

    await assign(
        None, organisation_id, PositionAssign(user_id=user_id, position=Position(position))
    )


async def add_member(
    organisation_id: int,
    user_id: int | None,
    name: str,
    exempt: bool = False,
    born: date = date(1985, 1, 1),
) -> int:
    from backend.core.clock import now
    from backend.members.tables import PartyMember

    stamp = now()
    [row] = await PartyMember.insert(
        PartyMember(
            so_the=card(),
            organisation=organisation_id,
            user=user_id,
            ho_ten=name,
            ngay_sinh=born,
            gioi_tinh="nam",
            ngay_vao_dang=date(2010, 1, 1),
            ngay_chinh_thuc=date(2011, 1, 1),
            mien_sinh_hoat=exempt,
            ly_do_mien="Tuổi cao" if exempt else "",
            created_at=stamp,
            updated_at=stamp,
        )
    ).returning(PartyMember.id)
    return row["id"]


@dataclass
class ChiBo:
    """A fresh chi bộ under a fresh đảng bộ under a fresh đảng bộ cấp trên (with no cấp ủy on
    the system): its bí thư, members with accounts, one exempt member without an account, the
    đảng bộ's cấp ủy viên, and an outsider."""

    code: str
    id: int
    parent_id: int
    grandparent_id: int
    secretary: Person
    members: list[Person]
    member_ids: dict[str, int] = field(default_factory=dict)  # person name / label → record id
    committee_above: Person | None = None
    outsider: Person | None = None
    anonymous: object = None


async def chi_bo(app, stack, members: int = 2) -> ChiBo:
    from backend.orgs.services import ensure_organisation
    from shared.orgs import OrgKind

    # A level above of its own: what other tests do to the seeded organisations (positions
    # given at the Tỉnh ủy, say) cannot change what this chi bộ's members see.
    grandparent_code = f"DBG{secrets.token_hex(3).upper()}"
    grandparent = await ensure_organisation(
        grandparent_code, f"Đảng bộ cấp trên thử {grandparent_code}", OrgKind.DANG_BO, "TU"
    )
    parent_code = f"DBT{secrets.token_hex(3).upper()}"
    parent = await ensure_organisation(
        parent_code, f"Đảng bộ thử {parent_code}", OrgKind.DANG_BO, grandparent_code
    )
    code = await make_org(parent_code)
    org = await org_id(code)
    tag = code.rsplit("CB", 1)[1]
    secretary = await person(app, stack, f"Bí Thư {tag}", ["dang_vien", "can_bo"], code)
    await give_position(org, secretary.id, "bi_thu")
    people = [
        await person(app, stack, f"Đảng Viên {tag} {i}", ["dang_vien"], code)
        for i in range(members)
    ]
    group = ChiBo(
        code=code,
        id=org,
        parent_id=parent,
        grandparent_id=grandparent,
        secretary=secretary,
        members=people,
    )
    group.member_ids["secretary"] = await add_member(org, secretary.id, secretary.me["full_name"])
    for p in people:
        group.member_ids[p.me["full_name"]] = await add_member(org, p.id, p.me["full_name"])
    group.member_ids["exempt"] = await add_member(org, None, "Cụ Miễn Sinh Hoạt", exempt=True)
    group.committee_above = await person(app, stack, f"Cấp Ủy {tag}", ["dang_vien"], parent_code)
    await give_position(parent, group.committee_above.id, "cap_uy_vien")
    group.outsider = await person(app, stack, f"Người Ngoài {tag}", ["dang_vien"], "DBTP.CB01")
    anonymous = await stack.enter_async_context(make_client(app))
    await prime_csrf(anonymous)
    group.anonymous = anonymous
    return group

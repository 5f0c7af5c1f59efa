"""Steps shared by the congress tests: the people of a congress (signed in, each with his own
client) and congresses, sessions, agenda items, bodies and delegates written straight into
the tables, so these tests do not depend on the setup screens' routes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.conftest import make_client, prime_csrf
from tests.documents_support import Person, person


@dataclass
class Hall:
    """Signed-in people: the organising committee, the presidium, the secretariat, check-in
    staff, three delegates with accounts, and an outsider; plus an anonymous client."""

    organiser: Person
    chair: Person
    secretary: Person
    staff: Person
    delegates: list[Person]
    outsider: Person
    anonymous: object = None
    org_id: int = 0


async def hall(app, stack) -> Hall:
    from backend.orgs.services import organisation_id

    tag = secrets.token_hex(2).upper()
    org = "DBTP.CB01"

    async def someone(name: str) -> Person:
        return await person(app, stack, f"{name} {tag}", ["dang_vien"], org)

    found = Hall(
        organiser=await person(app, stack, f"Ban Tổ Chức {tag}", ["dang_vien", "ban_to_chuc"], org),
        chair=await someone("Chủ Tịch Đoàn"),
        secretary=await someone("Thư Ký Đoàn"),
        staff=await someone("Điểm Danh Viên"),
        delegates=[await someone(f"Đại Biểu Số {i}") for i in range(1, 4)],
        outsider=await someone("Người Ngoài"),
    )
    anonymous = await stack.enter_async_context(make_client(app))
    await prime_csrf(anonymous)
    found.anonymous = anonymous
    found.org_id = await organisation_id(org) or 0
    return found


@dataclass
class Built:
    """A congress as written: its id, sessions and items (ids in order), delegates by label."""

    id: int
    sessions: list[int]
    items: dict[int, list[int]]  # session id → its items' ids, in order
    delegates: dict[str, int] = field(default_factory=dict)


async def make_congress(
    org_id: int,
    *,
    starts_on: date | None = None,
    ends_on: date | None = None,
    status: str = "chuan_bi",
    name: str = "Đại hội đại biểu Đảng bộ thử",
) -> int:
    from backend.congress.tables import Congress
    from backend.core.clock import now, today

    stamp = now()
    [row] = await Congress.insert(
        Congress(
            organisation=org_id,
            kind="dai_hoi",
            name=f"{name} {secrets.token_hex(2)}",
            term="2025–2030",
            venue="Hội trường Tỉnh ủy",
            starts_on=starts_on or today(),
            ends_on=ends_on or (today() + timedelta(days=2)),
            status=status,
            created_at=stamp,
            updated_at=stamp,
        )
    ).returning(Congress.id)
    return row["id"]


async def add_session(congress_id: int, ordinal: int, title: str, status: str = "chua_khai_mac"):
    from backend.congress.tables import CongressSessionRow
    from backend.core.clock import now

    [row] = await CongressSessionRow.insert(
        CongressSessionRow(
            congress=congress_id, ordinal=ordinal, title=title, starts_at=now(), status=status
        )
    ).returning(CongressSessionRow.id)
    return row["id"]


async def add_item(congress_id: int, session_id: int, ordinal: int, title: str, **fields) -> int:
    from backend.congress.tables import AgendaItemRow

    values = {"status": "chua_den", "presenter": "", "planned_minutes": 15} | fields
    [row] = await AgendaItemRow.insert(
        AgendaItemRow(
            congress=congress_id, session=session_id, ordinal=ordinal, title=title, **values
        )
    ).returning(AgendaItemRow.id)
    return row["id"]


async def add_body(congress_id: int, body: str, user_id: int) -> None:
    from backend.congress.tables import BodyMember
    from backend.core.clock import now

    await BodyMember.insert(
        BodyMember(congress=congress_id, body=body, user=user_id, added_at=now())
    )


async def add_delegate(
    congress_id: int,
    name: str,
    *,
    user_id: int | None = None,
    kind: str = "chinh_thuc",
    credential_status: str = "hop_le",
    code: str | None = None,
    delegation: str = "Đoàn Đảng bộ thử",
    **fields,
) -> int:
    from backend.congress.tables import Delegate
    from backend.core.clock import now

    stamp = now()
    [row] = await Delegate.insert(
        Delegate(
            congress=congress_id,
            user=user_id,
            code=code or f"DB{secrets.token_hex(3).upper()}",
            full_name=name,
            kind=kind,
            delegation=delegation,
            organisation_name="Chi bộ thử",
            position="Đảng viên",
            credential_status=credential_status,
            created_at=stamp,
            updated_at=stamp,
            **fields,
        )
    ).returning(Delegate.id)
    return row["id"]


async def staged_congress(
    people: Hall, *, sessions: int = 2, items: int = 3, extra_delegates: int = 0, **congress
) -> Built:
    """A congress with its bodies (organiser, presidium, secretariat, check-in staff), the
    three delegates with accounts (labels ``d1``…``d3``), ``extra_delegates`` more without,
    sessions and items."""
    congress_id = await make_congress(people.org_id, **congress)
    await add_body(congress_id, "to_chuc", people.organiser.id)
    await add_body(congress_id, "chu_tich", people.chair.id)
    await add_body(congress_id, "thu_ky", people.secretary.id)
    await add_body(congress_id, "diem_danh", people.staff.id)
    built = Built(id=congress_id, sessions=[], items={})
    for n in range(1, sessions + 1):
        session_id = await add_session(congress_id, n, f"Phiên thứ {n}")
        built.sessions.append(session_id)
        built.items[session_id] = [
            await add_item(congress_id, session_id, i, f"Nội dung {n}.{i}")
            for i in range(1, items + 1)
        ]
    for i, delegate in enumerate(people.delegates, start=1):
        built.delegates[f"d{i}"] = await add_delegate(
            congress_id, delegate.me["full_name"], user_id=delegate.id, code=f"T{i:03d}"
        )
    for i in range(extra_delegates):
        built.delegates[f"x{i}"] = await add_delegate(
            congress_id, f"Đại biểu không tài khoản {i}", code=f"X{i:04d}"
        )
    return built

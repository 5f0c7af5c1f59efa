"""A congress for the browser tests, written straight into the test server's database (run
with the server's environment: ``python -m tests.e2e.congress_stage``): the demo users in its
bodies (lanhdao chairs and keeps the secretariat, vanthu checks in, canbo2 organises), canbo
and dangvien delegates with accounts, twelve more without, two sessions of three items.
Prints the ids as JSON."""

from __future__ import annotations

import json
from datetime import timedelta

from backend import db
from backend.accounts.tables import User
from backend.congress.tables import (
    AgendaItemRow,
    BodyMember,
    Congress,
    CongressSessionRow,
    Delegate,
)
from backend.core.clock import now, today
from backend.settings import get_settings

# Not tests/congress_support.py: it imports the API suite's conftest, which points the
# environment at the suite's own database.


async def _insert(row) -> int:
    [found] = await type(row).insert(row).returning(type(row).id)
    return found["id"]


async def make_congress(org_id: int, name: str) -> int:
    stamp = now()
    return await _insert(
        Congress(
            organisation=org_id,
            kind="dai_hoi",
            name=name,
            term="2025–2030",
            venue="Hội trường Tỉnh ủy",
            starts_on=today(),
            ends_on=today() + timedelta(days=2),
            status="chuan_bi",
            created_at=stamp,
            updated_at=stamp,
        )
    )


async def add_body(congress_id: int, body: str, user_id: int) -> None:
    await BodyMember.insert(
        BodyMember(congress=congress_id, body=body, user=user_id, added_at=now())
    )


async def add_delegate(
    congress_id: int, name: str, *, code: str, delegation: str, user_id: int | None = None
) -> int:
    stamp = now()
    return await _insert(
        Delegate(
            congress=congress_id,
            user=user_id,
            code=code,
            full_name=name,
            kind="chinh_thuc",
            delegation=delegation,
            organisation_name="Chi bộ Văn phòng",
            position="Đảng viên",
            credential_status="hop_le",
            created_at=stamp,
            updated_at=stamp,
        )
    )


async def add_session(congress_id: int, ordinal: int, title: str) -> int:
    return await _insert(
        CongressSessionRow(
            congress=congress_id,
            ordinal=ordinal,
            title=title,
            starts_at=now(),
            status="chua_khai_mac",
        )
    )


async def add_item(congress_id: int, session_id: int, ordinal: int, title: str) -> int:
    return await _insert(
        AgendaItemRow(
            congress=congress_id,
            session=session_id,
            ordinal=ordinal,
            title=title,
            status="chua_den",
            presenter="",
            planned_minutes=10,
        )
    )


BODIES = {"lanhdao": ("chu_tich", "thu_ky"), "vanthu": ("diem_danh",), "canbo2": ("to_chuc",)}
DELEGATES = {"canbo": "Đoàn Văn phòng Tỉnh ủy", "dangvien": "Đoàn Đảng bộ Cơ quan"}
ITEMS = {
    "Phiên khai mạc": [
        "Chào cờ, tuyên bố lý do",
        "Bầu Đoàn Chủ tịch, Đoàn Thư ký",
        "Diễn văn khai mạc",
    ],
    "Phiên thảo luận": ["Thảo luận báo cáo chính trị", "Tham luận của các đoàn", "Tổng hợp ý kiến"],
}


async def stage() -> dict:
    users = {
        u["username"]: u
        for u in await User.select(User.id, User.username, User.organisation).where(
            User.username.is_in([*BODIES, *DELEGATES])
        )
    }
    congress_id = await make_congress(
        users["canbo2"]["organisation"], name="Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI"
    )
    for username, bodies in BODIES.items():
        for body in bodies:
            await add_body(congress_id, body, users[username]["id"])
    cards = {}
    for n, (username, delegation) in enumerate(DELEGATES.items(), start=1):
        code = f"T{n:03d}"
        name = {"canbo": "Lê Minh Đức", "dangvien": "Hoàng Văn Nam"}[username]
        cards[username] = {
            "id": await add_delegate(
                congress_id, name, user_id=users[username]["id"], code=code, delegation=delegation
            ),
            "code": code,
        }
    for i in range(12):
        await add_delegate(
            congress_id, f"Đại biểu số {i + 3}", code=f"T{i + 3:03d}", delegation="Đoàn Khối"
        )
    sessions, items = [], {}
    for n, (title, agenda) in enumerate(ITEMS.items(), start=1):
        session_id = await add_session(congress_id, n, title)
        sessions.append(session_id)
        items[session_id] = [
            await add_item(congress_id, session_id, i, text)
            for i, text in enumerate(agenda, start=1)
        ]
    return {"congress": congress_id, "sessions": sessions, "items": items, "delegates": cards}


def main() -> None:
    settings = get_settings()
    print(json.dumps(db.run(stage, settings.database_url)))


if __name__ == "__main__":
    main()

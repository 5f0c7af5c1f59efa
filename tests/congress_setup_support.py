"""Steps shared by the congress setup, delegates and credentials tests: a congress of its own
with an organiser (role ``ban_to_chuc``) and people to put in its bodies or summon as
delegates; delegate list files; importing them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from tests.documents_support import Person, person
from tests.handbook_support import csv_bytes, finished_import

HEADER = [
    "Số thẻ đại biểu",
    "Họ và tên",
    "Loại đại biểu",
    "Đoàn",
    "Đơn vị",
    "Chức vụ",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Trình độ chuyên môn",
    "Lý luận chính trị",
    "Năm vào Đảng",
    "Tên đăng nhập",
]


def code() -> str:
    """A số thẻ no other test uses."""
    return f"DB{secrets.token_hex(3).upper()}"


def delegate_row(
    so_the: str | None = None,
    name: str = "Nguyễn Văn Đại",
    kind: str = "Chính thức",
    delegation: str = "Đoàn Đảng bộ phường Thuận Thành",
    unit: str = "Đảng ủy phường Thuận Thành",
    position: str = "Bí thư Đảng ủy phường",
    born: str = "1975",
    sex: str = "Nam",
    ethnicity: str = "Kinh",
    education: str = "Thạc sĩ",
    theory: str = "Cao cấp",
    joined: str = "2000",
    username: str = "",
) -> list[str]:
    return [so_the or code(), name, kind, delegation, unit, position, born, sex, ethnicity,
            education, theory, joined, username]  # fmt: skip


def delegates_csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    return csv_bytes(rows, header=header)


@dataclass
class Hall:
    """A congress of its own: its organiser, a few people with accounts, an outsider."""

    id: int
    name: str
    organiser: Person
    people: list[Person]
    outsider: Person
    detail: dict = field(default_factory=dict)


async def new_congress(client, name: str = "", **fields) -> dict:
    body = {
        "kind": "dai_hoi",
        "name": name or f"Đại hội đại biểu thử {secrets.token_hex(3)} lần thứ XX",
        "term": "2025–2030",
        "starts_on": "2026-12-20",
        "ends_on": "2026-12-22",
        "venue": "Hội trường Tỉnh ủy",
        **fields,
    }
    response = await client.post("/api/congresses", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def hall(app, stack, people: int = 3) -> Hall:
    tag = secrets.token_hex(2).upper()
    organiser = await person(
        app, stack, f"Ban Tổ Chức {tag}", ["ban_to_chuc", "dang_vien"], "BTCTU"
    )
    others = [
        await person(app, stack, f"Đồng Chí {tag} {i}", ["dang_vien"], "DBCQD.CB01")
        for i in range(people)
    ]
    outsider = await person(app, stack, f"Người Ngoài {tag}", ["dang_vien"], "DBCQD.CB01")
    detail = await new_congress(organiser.client)
    return Hall(
        id=detail["id"],
        name=detail["name"],
        organiser=organiser,
        people=others,
        outsider=outsider,
        detail=detail,
    )


async def upload_delegates(client, congress_id: int, data: bytes, name: str = "daibieu.csv"):
    return await client.post(
        f"/api/congresses/{congress_id}/delegates/imports",
        files={"file": (name, data, "application/octet-stream")},
    )


async def import_delegates(client, congress_id: int, data: bytes) -> dict:
    response = await upload_delegates(client, congress_id, data)
    assert response.status_code == 202, response.text
    return await finished_import(client, response.json())


async def add_to_body(hall: Hall, body: str, who: Person, title: str = "Thành viên") -> dict:
    response = await hall.organiser.client.post(
        f"/api/congresses/{hall.id}/bodies/{body}/members",
        json={"username": who.me["username"], "title": title},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def all_delegates(client, congress_id: int, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        query = {**params, "limit": 100, **({"cursor": cursor} if cursor else {})}
        response = await client.get(f"/api/congresses/{congress_id}/delegates", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def refusal(response, status: int) -> str:
    """The problem's Vietnamese detail, after checking the status."""
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert any(ch in detail for ch in "ăâđêôơưáàảãạếềểễệóòỏõọúùủũụíìỉĩịýỳỷỹỵ"), detail
    return detail

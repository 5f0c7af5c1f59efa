"""Steps shared by the consultations tests: an editor, citizens (a user with the role
``cong_dan`` and a citizen row made as VNeID sign-in makes it), a published draft and an open
consultation."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.documents_support import Person, person

PLAN = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "samples"
    / "ke-hoach-chuyen-doi-so-co-quan-dang.txt"
)
SHARED_PLAN = Path("/work/shared/samples/ke-hoach-chuyen-doi-so-co-quan-dang.txt")

SMALL_DRAFT = """DỰ THẢO BÁO CÁO CHÍNH TRỊ

Phần mở đầu nêu bối cảnh của nhiệm kỳ.

I. ĐÁNH GIÁ KẾT QUẢ NHIỆM KỲ

1. Về phát triển kinh tế

Kinh tế của tỉnh tăng trưởng khá, bình quân 7,5% mỗi năm.

Thu ngân sách vượt kế hoạch đề ra.

2. Về xây dựng Đảng

Công tác xây dựng, chỉnh đốn Đảng được chú trọng.

II. PHƯƠNG HƯỚNG NHIỆM KỲ TỚI

1. Mục tiêu tổng quát

Xây dựng tỉnh phát triển nhanh và bền vững, đời sống nhân dân được nâng lên.

2. Các chỉ tiêu chủ yếu

- Tốc độ tăng trưởng kinh tế bình quân 8% mỗi năm.

- Tỷ lệ hộ nghèo giảm 1% mỗi năm.
"""


def plan_text() -> str:
    path = PLAN if PLAN.exists() else SHARED_PLAN
    return path.read_text(encoding="utf-8")


async def editor(app, stack, name: str = "Biên Tập Viên") -> Person:
    return await person(app, stack, name, ["bien_tap"], "VPTU")


async def citizen(
    app,
    stack,
    name: str = "Công Dân",
    *,
    consent: bool = True,
    age_band: str = "30_44",
    province: str = "Bắc Ninh",
    commune: str = "Phường Kinh Bắc",
) -> Person:
    """A citizen as VNeID sign-in leaves him: a user with the role cong_dan and his citizen
    row (a keyed hash of a made-up number, his own sealed key, coarse facts)."""
    from backend.citizens import consent as notice
    from backend.citizens.keys import CitizenKeys
    from backend.citizens.tables import Citizen
    from backend.core.clock import now
    from backend.settings import get_settings

    someone = await person(app, stack, name, ["cong_dan"], "VPTU")
    keys = CitizenKeys(get_settings().secret_key)
    key = keys.new_person_key()
    await Citizen.insert(
        Citizen(
            user=someone.id,
            pid_hash=keys.pid_hash(f"0{secrets.randbelow(10**11):011d}"),
            person_key_sealed=keys.seal_person_key(key, someone.id),
            name_sealed=keys.seal_name(key, someone.id, name),
            age_band=age_band,
            province=province,
            commune=commune,
            account_level=2,
            consent_version=notice.VERSION if consent else "",
            consent_at=now() if consent else None,
            created_at=now(),
        )
    )
    return someone


async def publish(editor: Person, text: str = SMALL_DRAFT, title: str = "Dự thảo thử") -> dict:
    made = await editor.client.post("/api/drafts", json={"title": title, "text": text})
    assert made.status_code == 201, made.text
    return made.json()


async def open_consultation(
    editor: Person, draft_id: int, *, opens_in: timedelta = timedelta(hours=-1),
    lasts: timedelta = timedelta(days=30),
) -> dict:  # fmt: skip
    opens = datetime.now(UTC) + opens_in
    made = await editor.client.post(
        "/api/consultations",
        json={
            "draft_id": draft_id,
            "title": "Lấy ý kiến nhân dân về dự thảo",
            "opens_at": opens.isoformat(),
            "closes_at": (opens + lasts).isoformat(),
        },
    )
    assert made.status_code == 201, made.text
    return made.json()


def unit_by_text(consultation: dict, words: str) -> dict:
    return next(u for u in consultation["units"] if words in u["text"] or words in u["title"])

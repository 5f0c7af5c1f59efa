"""The library's demo collection for ``dangbo seed-demo`` (idempotent).

The texts (``backend/library/texts/``) were written for the demo and say so: a model
regulation on chi bộ meetings (chapters, Điều, clauses, points) and a user's guide to the
handbook (parts and numbered points). No official Party text is reproduced: a demo must not be
mistaken for, or misquote, the real one. They are published by the demo Tuyên giáo user
``tuyengiao`` (created here when missing; ``dangbo invite --user tuyengiao`` gives him a
passkey), through the same publishing rules as any document.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.core.clock import now
from backend.core.services import Services
from backend.library.publishing import Publishing
from backend.library.tables import LibraryCollection, LibraryDocument
from backend.orgs.tables import Organisation
from shared.accounts import Role
from shared.library import CollectionCreate, LibraryDocumentCreate, LibraryKind

TEXTS = Path(__file__).parent / "texts"
COLLECTION = "Sổ tay đảng viên (văn bản mẫu)"
USERNAME = "tuyengiao"
ORG = "BTGTU"

DOCUMENTS = [
    (
        "quy-che-mau-sinh-hoat-chi-bo.txt",
        "Quy chế mẫu về sinh hoạt chi bộ",
        LibraryKind.QUY_DINH,
        "Văn bản mẫu minh họa chương, điều, khoản, điểm.",
    ),
    (
        "huong-dan-so-tay-dang-vien.txt",
        "Hướng dẫn sử dụng Sổ tay đảng viên điện tử",
        LibraryKind.HUONG_DAN,
        "Cách dùng hồ sơ, sinh hoạt chi bộ, thư viện, học tập và hỏi đáp.",
    ),
]


async def demo_publisher() -> Actor | None:
    """The demo Tuyên giáo user as an actor (created the first time)."""
    org = (
        await Organisation.select(Organisation.id, Organisation.name)
        .where(Organisation.code == ORG)
        .first()
    )
    if org is None:
        return None
    user = await User.select(User.id, User.full_name).where(User.username == USERNAME).first()
    if user is None:
        async with db.transaction():
            [user] = await User.insert(
                User(
                    username=USERNAME,
                    full_name="Đỗ Thị Mai",
                    organisation=org["id"],
                    roles=json.dumps([Role.CAN_BO, Role.DANG_VIEN, Role.TUYEN_GIAO]),
                    is_active=False,
                    created_at=now(),
                )
            ).returning(User.id, User.full_name)
    return Actor(
        id=user["id"],
        username=USERNAME,
        full_name=user["full_name"],
        organisation_id=org["id"],
        organisation_code=ORG,
        organisation_name=org["name"],
        roles=[Role.TUYEN_GIAO, Role.DANG_VIEN],
        session_id=0,
    )


async def seed_library(services: Services) -> dict[str, int]:
    publisher = await demo_publisher()
    if publisher is None:
        return {"library_documents": 0}
    publishing = services.get(Publishing)
    collection = (
        await LibraryCollection.select(LibraryCollection.id)
        .where(LibraryCollection.title == COLLECTION)
        .first()
    )
    if collection is None:
        collection_id = await publishing.create_collection(
            publisher,
            CollectionCreate(
                title=COLLECTION,
                description="Văn bản soạn cho bản trình diễn: quy chế mẫu và hướng dẫn sử dụng.",
            ),
        )
    else:
        collection_id = collection["id"]
    added = 0
    for filename, title, kind, summary in DOCUMENTS:
        if await LibraryDocument.exists().where(
            (LibraryDocument.collection == collection_id) & (LibraryDocument.title == title)
        ):
            continue
        document_id = await publishing.create_document(
            publisher,
            LibraryDocumentCreate(
                collection_id=collection_id,
                title=title,
                kind=kind,
                text=(TEXTS / filename).read_text(encoding="utf-8"),
                issuer="Ban Tuyên giáo và Dân vận Tỉnh ủy (mẫu)",
                issued_on=date(2026, 12, 1),
                summary=summary,
            ),
        )
        await publishing.publish(publisher, document_id)
        added += 1
    return {"library_documents": added}

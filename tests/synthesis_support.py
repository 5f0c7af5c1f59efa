"""Rows for the synthesis tests: a draft with a few units and a consultation, comments and
votes written as the comments service writes them (an author token per citizen, coarse facts,
the author's id sealed for the one notice), so the synthesis is tested on real tables without
going through the intake."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from shared.consultations import CommentStatus, ConsultationStatus, TargetKind

UNITS = [
    # key, parent, kind, label, title, text
    ("u1", None, "phan", "I.", "ĐÁNH GIÁ KẾT QUẢ NHIỆM KỲ", ""),
    ("u2", "u1", "diem", "1.", "Về phát triển kinh tế", ""),
    ("u3", "u2", "doan", "", "", "Thu ngân sách vượt kế hoạch đề ra."),
    ("u4", "u1", "diem", "2.", "Về xây dựng Đảng", ""),
    ("u5", "u4", "doan", "", "", "Công tác xây dựng, chỉnh đốn Đảng được chú trọng."),
]


@dataclass
class Made:
    consultation_id: int
    draft_id: int
    tokens: dict[int, str] = field(default_factory=dict)  # user id → author token


async def consultation(
    *, title: str = "Lấy ý kiến nhân dân về dự thảo", status: ConsultationStatus | None = None
) -> Made:
    from backend.consultations.tables import Consultation, Draft, DraftUnitRow, DraftVersion
    from backend.core.clock import now

    stamp = now()
    [draft] = await Draft.insert(
        Draft(title="Dự thảo Báo cáo chính trị", summary="", current_version=1, next_key=6,
              created_at=stamp, updated_at=stamp)
    ).returning(Draft.id)  # fmt: skip
    [version] = await DraftVersion.insert(
        DraftVersion(draft=draft["id"], number=1, source="van_ban", source_text="…",
                     published_at=stamp)
    ).returning(DraftVersion.id)  # fmt: skip
    await DraftUnitRow.insert(
        *[
            DraftUnitRow(draft=draft["id"], version=version["id"], unit_key=key,
                         anchor=key, kind=kind, label=label, title=title_, text=text,
                         level=1 if parent is None else 2, parent_key=parent, position=i,
                         content_hash=secrets.token_hex(8))
            for i, (key, parent, kind, label, title_, text) in enumerate(UNITS)
        ]
    )  # fmt: skip
    [row] = await Consultation.insert(
        Consultation(
            draft=draft["id"],
            title=title,
            opens_at=stamp - timedelta(days=3),
            closes_at=stamp + timedelta(days=27),
            status=status.value if status else "",
            created_at=stamp,
        )
    ).returning(Consultation.id)
    return Made(consultation_id=row["id"], draft_id=draft["id"])


async def close(made: Made) -> None:
    from backend.consultations.tables import Consultation
    from backend.core.clock import now

    await Consultation.update(
        {Consultation.status: ConsultationStatus.CLOSED.value, Consultation.closed_at: now()}
    ).where(Consultation.id == made.consultation_id)


async def comment(
    made: Made,
    user_id: int,
    text: str,
    unit_key: str | None,
    *,
    status: CommentStatus = CommentStatus.VISIBLE,
    age_band: str | None = "30_44",
    commune: str | None = "Phường Kinh Bắc",
    at: datetime | None = None,
) -> int:
    from backend.consultations.explanations import NOTICE_PURPOSE
    from backend.consultations.tables import Comment
    from backend.core.sealed import Sealer
    from backend.settings import get_settings

    token = made.tokens.setdefault(user_id, secrets.token_hex(32))
    [row] = await Comment.insert(
        Comment(
            consultation=made.consultation_id,
            target=(TargetKind.UNIT if unit_key else TargetKind.DRAFT).value,
            unit_key=unit_key,
            version_seen=1,
            author_token=token,
            age_band=age_band,
            province="Bắc Ninh",
            commune=commune,
            text=text,
            status=status.value,
            notice_sealed=Sealer(get_settings().secret_key).seal(
                str(user_id), NOTICE_PURPOSE, token
            ),
            created_at=at or datetime.now(UTC),
        )
    ).returning(Comment.id)
    return row["id"]


async def vote(made: Made, user_id: int, unit_key: str, choice: str) -> None:
    from backend.consultations.tables import UnitVote
    from backend.core.clock import now

    token = made.tokens.setdefault(user_id, secrets.token_hex(32))
    await UnitVote.insert(
        UnitVote(consultation=made.consultation_id, unit_key=unit_key, author_token=token,
                 choice=choice, created_at=now(), updated_at=now())
    )  # fmt: skip

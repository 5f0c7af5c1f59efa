"""A demo study module (``dangbo seed-demo``, idempotent): readings from the demo library
collection and a three-question quiz, for the whole Tỉnh ủy, due in a month."""

from __future__ import annotations

from datetime import timedelta

from backend.core.clock import now
from backend.core.services import Services
from backend.library.demo import demo_publisher
from backend.library.tables import LibraryArticle
from backend.orgs.services import organisation_id
from backend.study.modules import Modules
from backend.study.tables import StudyModule
from shared.study import ModuleCreate, QuizQuestionInput

TITLE = "Học tập Quy chế mẫu về sinh hoạt chi bộ"

QUESTIONS = [
    QuizQuestionInput(
        text="Theo Quy chế mẫu, chi bộ sinh hoạt thường kỳ bao lâu một lần?",
        choices=["Mỗi tuần một lần", "Mỗi tháng một lần", "Mỗi quý một lần"],
        correct=1,
        explanation="Điều 4, khoản 1: chi bộ sinh hoạt thường kỳ mỗi tháng một lần.",
    ),
    QuizQuestionInput(
        text="Đảng viên được miễn sinh hoạt có được tính vào tỷ lệ dự họp không?",
        choices=["Có", "Không"],
        correct=1,
        explanation="Điều 6, khoản 3: đảng viên được miễn sinh hoạt không tính vào tỷ lệ dự họp.",
    ),
    QuizQuestionInput(
        text="Ai xem được ghi chú riêng của đảng viên trong thư viện?",
        choices=["Bí thư chi bộ", "Cán bộ tuyên giáo", "Chỉ người viết ghi chú"],
        correct=2,
        explanation="Điều 7, khoản 2: ghi chú chỉ người viết xem được.",
    ),
]


async def seed_study(services: Services) -> dict[str, int]:
    if await StudyModule.exists().where(StudyModule.title == TITLE):
        return {"study_modules": 0}
    publisher = await demo_publisher()
    root = await organisation_id("TU")
    readings = await LibraryArticle.select(LibraryArticle.id).where(
        (LibraryArticle.kind == "dieu")
        & (LibraryArticle.live == True)  # noqa: E712
        & LibraryArticle.document.title.like("Quy chế mẫu%")
    )
    if publisher is None or root is None or not readings:
        return {"study_modules": 0}
    authoring = services.get(Modules)
    module = await authoring.create(
        publisher,
        ModuleCreate(
            title=TITLE,
            organisation_id=root,
            deadline=now() + timedelta(days=30),
            summary="Đọc các điều về sinh hoạt chi bộ và thư viện, rồi trả lời ba câu hỏi.",
            readings=[r["id"] for r in readings][3:9],
            questions=QUESTIONS,
        ),
    )
    await authoring.publish(publisher, module.id)
    return {"study_modules": 1}

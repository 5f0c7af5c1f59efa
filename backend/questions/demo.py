"""A few questions of the demo chi bộ (``dangbo seed-demo``, idempotent): answered ones, one
published in the FAQ, and one waiting for the cấp ủy."""

from __future__ import annotations

from datetime import timedelta

from backend import db
from backend.accounts.tables import User
from backend.core.clock import now
from backend.core.services import Services
from backend.members.demo import CHI_BO
from backend.orgs.services import organisation_id
from backend.questions import indexing
from backend.questions.tables import Question
from shared.questions import QuestionStatus

# (asker, question, answer or "", published in the FAQ as …)
QUESTIONS = [
    (
        "dangvien",
        "Đảng viên đi công tác dài ngày thì sinh hoạt chi bộ thế nào?",
        "Đồng chí báo cáo bí thư chi bộ và xin vắng qua Sổ tay trước cuộc họp, nêu rõ lý do; "
        "sau đó đọc biên bản được công bố và thực hiện nghị quyết của chi bộ.",
        "Đảng viên đi công tác dài ngày thì sinh hoạt chi bộ như thế nào?",
    ),
    (
        "canbo",
        "Số định danh trong hồ sơ của tôi bị che một phần, có phải lỗi không?",
        "Không phải lỗi. Số định danh là dữ liệu cá nhân nên chỉ hiện 4 số đầu và 2 số cuối; "
        "hệ thống lưu bản mã hóa và ghi lại mỗi lần hồ sơ được xem.",
        "",
    ),
    (
        "dangvien",
        "Chi bộ có tổ chức học tập chuyên đề về chuyển đổi số trong quý tới không?",
        "",
        "",
    ),
]


async def seed_questions(services: Services) -> dict[str, int]:
    chi_bo = await organisation_id(CHI_BO)
    answerer = await User.select(User.id).where(User.username == "lanhdao").first()
    if chi_bo is None or answerer is None:
        return {"questions": 0}
    added = 0
    stamp = now()
    async with db.transaction():
        for index, (username, text, answer, faq) in enumerate(QUESTIONS):
            asker = await User.select(User.id).where(User.username == username).first()
            if asker is None or await Question.exists().where(Question.text == text):
                continue
            asked = stamp - timedelta(days=10 - index)
            [row] = await Question.insert(
                Question(
                    asker=asker["id"],
                    organisation=chi_bo,
                    text=text,
                    status=(QuestionStatus.ANSWERED if answer else QuestionStatus.WAITING).value,
                    answer=answer,
                    answered_by=answerer["id"] if answer else None,
                    answered_at=asked + timedelta(days=1) if answer else None,
                    faq_question=faq,
                    faq_answer=answer if faq else "",
                    faq_published_at=asked + timedelta(days=2) if faq else None,
                    created_at=asked,
                    updated_at=asked,
                )
            ).returning(Question.id)
            if faq:
                await indexing.index_entry(row["id"], chi_bo, faq, answer)
            added += 1
    return {"questions": added}

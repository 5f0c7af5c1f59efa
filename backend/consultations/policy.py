"""Who may do what with drafts, consultations and comments: the one table the commands and
answers read.

The tổ biên tập (``bien_tap``) publishes drafts and their versions, opens consultations,
moderates, answers, explains (giải trình) and exports. A citizen (``cong_dan``) comments and
votes while a consultation is open, and withdraws his own comments while it is open. Anyone
signed in reads a consultation once it has opened (the editors also before).
``tests/unit/test_consultations_policy.py`` tests the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule, on
from backend.core.problems import Problem
from shared.accounts import Role
from shared.consultations import CommentStatus, ConsultationAction, ConsultationStatus

A = ConsultationAction


@dataclass(frozen=True)
class DraftRecord:
    draft_id: int


@dataclass(frozen=True)
class ConsultationRecord:
    consultation_id: int
    status: ConsultationStatus


@dataclass(frozen=True)
class CommentRecord:
    consultation_status: ConsultationStatus
    status: CommentStatus
    own: bool  # the actor wrote it (his token in this consultation)
    answered: bool


def editor(actor: Actor, _record: object = None) -> bool:
    return actor.has(Role.BIEN_TAP)


def citizen(actor: Actor, _record: object = None) -> bool:
    return actor.has(Role.CONG_DAN)


EDITORS = "Chỉ tổ biên tập được {what}."


def _not_open(r: ConsultationRecord | CommentRecord) -> Problem:
    status = r.status if isinstance(r, ConsultationRecord) else r.consultation_status
    if status is ConsultationStatus.UPCOMING:
        return Problem(409, "Đợt lấy ý kiến chưa bắt đầu.", code="consultation_not_open")
    return Problem(409, "Đợt lấy ý kiến đã kết thúc.", code="consultation_closed")


def _is_open(r: ConsultationRecord) -> bool:
    return r.status is ConsultationStatus.OPEN


POLICY: Policy[ConsultationAction, object] = Policy(
    {
        A.MANAGE: Rule(
            lambda actor, r: r is None and editor(actor),
            EDITORS.format(what="đăng dự thảo và mở đợt lấy ý kiến"),
        ),
        A.SEARCH_COMMENTS: Rule(
            lambda actor, r: r is None and editor(actor),
            EDITORS.format(what="tìm trong các góp ý"),
        ),
        A.MY_COMMENTS: Rule(
            lambda actor, r: r is None and citizen(actor),
            "Mục này dành cho công dân đăng nhập bằng VNeID.",
        ),
        A.REVISE: on(DraftRecord, editor, EDITORS.format(what="đăng phiên bản mới của dự thảo")),
        A.READ: on(
            ConsultationRecord,
            lambda actor, r: r.status is not ConsultationStatus.UPCOMING or editor(actor),
            "Đợt lấy ý kiến này chưa bắt đầu.",
        ),
        A.COMMENT: on(
            ConsultationRecord,
            citizen,
            "Chỉ công dân đăng nhập bằng VNeID được góp ý.",
            _is_open,
            _not_open,
        ),
        A.VOTE: on(
            ConsultationRecord,
            citizen,
            "Chỉ công dân đăng nhập bằng VNeID được biểu thị tán thành hay không.",
            _is_open,
            _not_open,
        ),
        A.MODERATE: on(ConsultationRecord, editor, EDITORS.format(what="kiểm duyệt góp ý")),
        A.EXPORT: on(ConsultationRecord, editor, EDITORS.format(what="xuất báo cáo tổng hợp")),
        A.EXPLAIN: on(ConsultationRecord, editor, EDITORS.format(what="lập bảng giải trình")),
        A.SYNTHESIZE: on(ConsultationRecord, editor, EDITORS.format(what="xem bản tổng hợp góp ý")),
        A.PUBLISH_EXPLANATIONS: on(
            ConsultationRecord,
            editor,
            EDITORS.format(what="công bố bảng giải trình"),
            lambda r: r.status is ConsultationStatus.CLOSED,
            lambda r: Problem(
                409,
                "Chỉ công bố bảng giải trình khi đợt lấy ý kiến đã kết thúc.",
                code="consultation_not_closed",
            ),
        ),
        A.CLOSE: on(
            ConsultationRecord,
            editor,
            EDITORS.format(what="kết thúc đợt lấy ý kiến"),
            lambda r: r.status is not ConsultationStatus.CLOSED,
            lambda r: Problem(409, "Đợt lấy ý kiến đã kết thúc.", code="consultation_closed"),
        ),
        A.WITHDRAW: on(
            CommentRecord,
            lambda actor, r: r.own,
            "Chỉ người viết góp ý được rút góp ý đó.",
            lambda r: (
                r.consultation_status is ConsultationStatus.OPEN
                and r.status is not CommentStatus.WITHDRAWN
            ),
            lambda r: (
                Problem(409, "Góp ý đã được rút.", code="already_withdrawn")
                if r.status is CommentStatus.WITHDRAWN
                else _not_open(r)
            ),
        ),
        A.HIDE: on(
            CommentRecord,
            editor,
            EDITORS.format(what="ẩn góp ý"),
            lambda r: r.status is CommentStatus.VISIBLE,
            lambda r: Problem(409, "Chỉ ẩn được góp ý đang hiển thị.", code="invalid_transition"),
        ),
        A.RESTORE: on(
            CommentRecord,
            editor,
            EDITORS.format(what="hiện lại góp ý"),
            lambda r: r.status is CommentStatus.HIDDEN,
            lambda r: Problem(409, "Góp ý này không bị ẩn.", code="invalid_transition"),
        ),
        A.ANSWER: on(
            CommentRecord,
            editor,
            EDITORS.format(what="trả lời góp ý"),
            lambda r: r.status is not CommentStatus.WITHDRAWN,
            lambda r: Problem(409, "Góp ý đã được rút.", code="already_withdrawn"),
        ),
    }
)


def global_actions(actor: Actor) -> list[ConsultationAction]:
    return POLICY.actions(actor, None)

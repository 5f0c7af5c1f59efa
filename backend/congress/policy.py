"""Who may do what in a congress: the one table the commands and the answers read.

A congress is run by its own bodies, not by global roles: the organising committee sets it
up, imports the delegates and proposes the bodies; the presidium runs the sessions and gives
the floor; the secretariat keeps the speakers list and the written contributions; the
credentials committee reviews the delegates; check-in staff scan the cards. Only creating a
congress needs a global role (``ban_to_chuc``), and its creator joins its organising
committee. A delegate sees only his own congresses.

Rules see records already loaded with the actor's bodies and delegate row (``records.py``;
``tests/unit/test_congress_policy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule, on
from backend.core.problems import Problem
from shared.accounts import Role
from shared.congress import (
    CONGRESS_STATUS_LABELS,
    SPEAKER_STATUS_LABELS,
    CongressAction,
    CongressBody,
    CongressStatus,
    CredentialStatus,
    ItemStatus,
    SpeakerKind,
    SpeakerStatus,
)

A = CongressAction
B = CongressBody


@dataclass(frozen=True)
class CongressRecord:
    congress_id: int
    status: CongressStatus
    bodies: frozenset[CongressBody]  # the actor's bodies in this congress
    delegate_id: int | None = None  # the actor's delegate row in it
    credential_status: CredentialStatus | None = None


@dataclass(frozen=True)
class ItemRecord:
    """An agenda item, for speaking on it."""

    congress: CongressRecord
    status: ItemStatus
    speaking_open: bool


@dataclass(frozen=True)
class SpeakerRecord:
    """A request to speak or a written contribution, for its delegate's own actions."""

    congress: CongressRecord
    delegate_id: int
    status: SpeakerStatus
    kind: SpeakerKind = SpeakerKind.SPEECH


WITHDRAWABLE = (SpeakerStatus.REQUESTED, SpeakerStatus.QUEUED)


def in_body(*bodies: CongressBody):
    return lambda actor, r: bool(r.bodies.intersection(bodies))


def is_delegate(record: CongressRecord) -> bool:
    return record.delegate_id is not None


def credentials_stand(record: CongressRecord) -> bool:
    """A delegate whose credentials were not refused and who was not replaced."""
    return is_delegate(record) and record.credential_status not in (
        CredentialStatus.REJECTED,
        CredentialStatus.REPLACED,
    )


def may_read(record: CongressRecord) -> bool:
    return is_delegate(record) or bool(record.bodies)


def not_ended(record: CongressRecord) -> bool:
    return record.status is not CongressStatus.ENDED


def _ended(record: CongressRecord) -> Problem:
    return Problem(
        409,
        f"Đại hội đang ở trạng thái “{CONGRESS_STATUS_LABELS[record.status]}”, "
        "không thay đổi được nữa.",
        code="congress_ended",
    )


def _speaking_open(record: ItemRecord) -> bool:
    return (
        not_ended(record.congress) and record.status is not ItemStatus.DONE and record.speaking_open
    )


def _speaking_closed(record: ItemRecord) -> Problem:
    if record.status is ItemStatus.DONE:
        return Problem(
            409, "Nội dung này đã kết thúc, không đăng ký phát biểu được nữa.", code="item_closed"
        )
    return Problem(409, "Nội dung này đã khóa đăng ký phát biểu.", code="speaking_closed")


def _withdrawn_too_late(record: SpeakerRecord) -> Problem:
    return Problem(
        409,
        f"Đăng ký này đang ở trạng thái “{SPEAKER_STATUS_LABELS[record.status]}”, "
        "không rút được nữa.",
        code="cannot_withdraw",
    )


def _paper_waiting(record: SpeakerRecord) -> bool:
    return record.kind is SpeakerKind.WRITTEN and record.status is SpeakerStatus.REQUESTED


def _paper_not_waiting(record: SpeakerRecord) -> Problem:
    if record.kind is not SpeakerKind.WRITTEN:
        return Problem(409, "Chỉ tham luận mới đính kèm được tệp.", code="not_a_contribution")
    return Problem(
        409,
        "Tham luận đã được Đoàn Thư ký xét hoặc đã rút, không đính kèm thêm tệp được nữa.",
        code="paper_reviewed",
    )


def _creates(actor: Actor, _record: object) -> bool:
    return actor.has(Role.BAN_TO_CHUC)


ONLY = "Chỉ {who} được {what}."

POLICY: Policy[CongressAction, object] = Policy(
    {
        A.CREATE: Rule(
            lambda actor, r: r is None and _creates(actor, r),
            "Chỉ Ban tổ chức đại hội được tạo đại hội.",
        ),
        A.READ: on(
            CongressRecord,
            lambda actor, r: may_read(r),
            "Đồng chí không phải đại biểu hoặc thành viên các ban của đại hội này.",
        ),
        A.EDIT_SETUP: on(
            CongressRecord,
            in_body(B.ORGANISING),
            ONLY.format(who="Ban Tổ chức đại hội", what="sửa chương trình và tài liệu đại hội"),
            not_ended,
            _ended,
        ),
        A.ASSIGN_BODIES: on(
            CongressRecord,
            in_body(B.ORGANISING),
            ONLY.format(who="Ban Tổ chức đại hội", what="đề xuất thành phần các ban"),
            not_ended,
            _ended,
        ),
        A.RECORD_APPROVAL: on(
            CongressRecord,
            in_body(B.ORGANISING, B.PRESIDIUM),
            ONLY.format(
                who="Ban Tổ chức hoặc Đoàn Chủ tịch", what="ghi kết quả biểu quyết thông qua"
            ),
            not_ended,
            _ended,
        ),
        A.IMPORT_DELEGATES: on(
            CongressRecord,
            in_body(B.ORGANISING),
            ONLY.format(who="Ban Tổ chức đại hội", what="nhập danh sách đại biểu"),
            not_ended,
            _ended,
        ),
        A.PRINT_CARDS: on(
            CongressRecord,
            in_body(B.ORGANISING),
            ONLY.format(who="Ban Tổ chức đại hội", what="in thẻ đại biểu"),
        ),
        A.REVIEW_CREDENTIALS: on(
            CongressRecord,
            in_body(B.CREDENTIALS),
            ONLY.format(who="Ban Thẩm tra tư cách đại biểu", what="thẩm tra tư cách đại biểu"),
            not_ended,
            _ended,
        ),
        A.VIEW_CREDENTIALS_REPORT: on(
            CongressRecord,
            in_body(B.CREDENTIALS, B.ORGANISING, B.PRESIDIUM),
            "Chỉ Ban Thẩm tra tư cách, Ban Tổ chức và Đoàn Chủ tịch được xem báo cáo thẩm tra.",
        ),
        A.CHECK_IN: on(
            CongressRecord,
            in_body(B.CHECK_IN, B.ORGANISING),
            ONLY.format(who="tổ điểm danh và Ban Tổ chức", what="điểm danh đại biểu"),
            not_ended,
            _ended,
        ),
        A.VIEW_ATTENDANCE: on(
            CongressRecord,
            lambda actor, r: bool(r.bodies),
            "Chỉ thành viên các ban của đại hội được xem số liệu điểm danh.",
        ),
        A.VIEW_DELEGATES: on(
            CongressRecord,
            lambda actor, r: bool(r.bodies),
            "Chỉ thành viên các ban của đại hội được xem danh sách đại biểu.",
        ),
        A.RUN_SESSIONS: on(
            CongressRecord,
            in_body(B.PRESIDIUM),
            ONLY.format(who="Đoàn Chủ tịch", what="điều hành phiên họp và chương trình"),
            not_ended,
            _ended,
        ),
        A.GIVE_FLOOR: on(
            CongressRecord,
            in_body(B.PRESIDIUM),
            ONLY.format(who="Đoàn Chủ tịch", what="sắp xếp và mời đại biểu phát biểu"),
            not_ended,
            _ended,
        ),
        A.KEEP_SPEAKERS: on(
            CongressRecord,
            in_body(B.SECRETARIAT),
            ONLY.format(who="Đoàn Thư ký", what="quản lý danh sách phát biểu và tham luận"),
            not_ended,
            _ended,
        ),
        A.SHOW_CARD: on(
            CongressRecord,
            lambda actor, r: is_delegate(r),
            "Chỉ đại biểu mới có thẻ đại biểu.",
            credentials_stand,
            lambda r: Problem(
                409,
                "Tư cách đại biểu của đồng chí không được công nhận; thẻ không còn hiệu lực.",
                code="credentials_refused",
            ),
        ),
        A.VIEW_CONSOLE: on(
            CongressRecord,
            in_body(B.PRESIDIUM, B.SECRETARIAT, B.ORGANISING),
            "Chỉ Đoàn Chủ tịch, Đoàn Thư ký và Ban Tổ chức được mở bàn điều hành.",
        ),
        A.VIEW_PROJECTOR: on(
            CongressRecord,
            lambda actor, r: bool(r.bodies),
            "Chỉ thành viên các ban của đại hội được mở màn hình hội trường.",
        ),
        A.REQUEST_TO_SPEAK: on(
            ItemRecord,
            lambda actor, r: credentials_stand(r.congress),
            "Chỉ đại biểu đủ tư cách được đăng ký phát biểu.",
            _speaking_open,
            _speaking_closed,
        ),
        A.WITHDRAW_SPEECH: on(
            SpeakerRecord,
            lambda actor, r: r.congress.delegate_id == r.delegate_id,
            "Đồng chí chỉ rút được đăng ký phát biểu hoặc tham luận của chính mình.",
            lambda r: r.status in WITHDRAWABLE,
            _withdrawn_too_late,
        ),
        A.ATTACH_PAPER: on(
            SpeakerRecord,
            lambda actor, r: r.congress.delegate_id == r.delegate_id,
            "Đồng chí chỉ đính kèm được tệp cho tham luận của chính mình.",
            _paper_waiting,
            _paper_not_waiting,
        ),
    }
)


def global_actions(actor: Actor) -> list[CongressAction]:
    return POLICY.actions(actor, None)

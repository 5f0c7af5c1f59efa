"""Who may do what with documents: the one table the commands and the detail answer read.

Every command calls ``POLICY.require(action, actor, record)`` before it writes (a 403 with the
rule's Vietnamese refusal, or the 409 of the document's state); a detail answer lists
``POLICY.actions(actor, record)``, and the UI offers exactly those. Actions on no particular
document (register an incoming one, draft an outgoing one, keep the register) take ``None``
as the record and reach the UI through ``/api/me`` (:func:`global_actions`).

Rules see an already loaded :class:`DocumentRecord`: the document's direction, status and
organisation and the actor's own assignment on it, so the table is tested without a database
(``tests/unit/test_documents_policy.py``). Who may *read* a document is the one rule of
:mod:`backend.documents.visibility`; a document he may not read never reaches this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule
from backend.core.problems import Problem
from backend.documents.transitions import (
    AWAITING_ASSIGNMENT,
    FINISHED,
    PROCESSING,
    move_refused,
)
from shared.accounts import Role
from shared.documents import (
    STATUS_LABELS,
    AssignmentRole,
    Direction,
    DocumentAction,
    DocumentStatus,
)

S = DocumentStatus
A = DocumentAction
HANDLER_ROLES = frozenset({AssignmentRole.XU_LY_CHINH, AssignmentRole.PHOI_HOP})


@dataclass(frozen=True)
class OwnAssignment:
    role: AssignmentRole
    done: bool


@dataclass(frozen=True)
class DocumentRecord:
    """What the rules need of one document, as seen by one actor."""

    direction: Direction
    status: DocumentStatus
    organisation_id: int
    own: OwnAssignment | None = None  # the actor's own assignment on the document

    @property
    def handled(self) -> bool:
        """The actor handles it (main handler or co-handler, not a reader)."""
        return self.own is not None and self.own.role in HANDLER_ROLES

    @property
    def handled_mainly(self) -> bool:
        return self.own is not None and self.own.role is AssignmentRole.XU_LY_CHINH


# ---- who the actor is to an organisation ---------------------------------------------------


def keeps_register(actor: Actor, organisation_id: int) -> bool:
    return actor.organisation_id == organisation_id and actor.has(Role.VAN_THU, Role.LANH_DAO)


def is_clerk(actor: Actor, organisation_id: int) -> bool:
    return actor.organisation_id == organisation_id and actor.has(Role.VAN_THU)


def is_leader(actor: Actor, organisation_id: int) -> bool:
    return actor.organisation_id == organisation_id and actor.has(Role.LANH_DAO)


# ---- the pieces of the rules ---------------------------------------------------------------

Record = DocumentRecord | None
Check = Callable[[DocumentRecord], bool]


def on_document(
    who: Callable[[Actor, DocumentRecord], bool],
    refusal: str,
    when: Check | None = None,
    not_now: Callable[[DocumentRecord], Problem] | None = None,
) -> Rule[Record]:
    """A rule about one document: never true of no document."""

    def when_now(d: Record) -> bool:
        return d is not None and (when is None or when(d))

    def problem(d: Record) -> Problem:
        assert d is not None and not_now is not None  # asked only after ``who`` passed
        return not_now(d)

    return Rule(
        lambda actor, d: d is not None and who(actor, d),
        refusal,
        when_now,
        problem if not_now is not None else None,
    )


def on_no_document(roles: tuple[Role, ...], refusal: str) -> Rule[Record]:
    """A rule about no particular document: the actor has one of ``roles``."""
    return Rule(lambda actor, d: d is None and actor.has(*roles), refusal)


def leader(actor: Actor, d: DocumentRecord) -> bool:
    return is_leader(actor, d.organisation_id)


def clerk(actor: Actor, d: DocumentRecord) -> bool:
    return is_clerk(actor, d.organisation_id)


def register_keeper(actor: Actor, d: DocumentRecord) -> bool:
    return keeps_register(actor, d.organisation_id)


def handler(actor: Actor, d: DocumentRecord) -> bool:
    return d.handled


def handler_or_leader(actor: Actor, d: DocumentRecord) -> bool:
    return d.handled or leader(actor, d)


def active_handler(actor: Actor, d: DocumentRecord) -> bool:
    return d.handled and not (d.own and d.own.done)


def drafter_or_clerk(actor: Actor, d: DocumentRecord) -> bool:
    return d.handled_mainly or clerk(actor, d)


def file_adder(actor: Actor, d: DocumentRecord) -> bool:
    # A draft's new version comes from its author or the văn thư; an incoming document's
    # attachments from the văn thư.
    return drafter_or_clerk(actor, d) if d.direction is Direction.DI else clerk(actor, d)


def receipts_reader(actor: Actor, d: DocumentRecord) -> bool:
    return register_keeper(actor, d) or d.handled_mainly


def in_status(*statuses: DocumentStatus) -> Check:
    return lambda d: d.status in statuses


def status_conflict(template: str) -> Callable[[DocumentRecord], Problem]:
    """A 409 naming the document's status (``template`` has ``{status}``)."""
    return lambda d: Problem(
        409, template.format(status=STATUS_LABELS[d.status]), code="invalid_transition"
    )


def move_refused_to(new: DocumentStatus) -> Callable[[DocumentRecord], Problem]:
    """The status machine's 409 for an action that moves the document to ``new``."""
    return lambda d: move_refused(d.status, new)


def assignable(d: DocumentRecord) -> bool:
    return d.direction is Direction.DEN and d.status in AWAITING_ASSIGNMENT | PROCESSING


def not_assignable(d: DocumentRecord) -> Problem:
    if d.direction is not Direction.DEN:
        return Problem(409, "Chỉ phân công xử lý văn bản đến.", code="invalid_transition")
    return status_conflict("Văn bản đang ở trạng thái “{status}”, không phân công được.")(d)


def sendable_to_leader(d: DocumentRecord) -> bool:
    return d.direction is Direction.DEN and d.status is S.MOI


def not_sendable_to_leader(d: DocumentRecord) -> Problem:
    if d.direction is not Direction.DEN:
        return Problem(409, "Chỉ trình lãnh đạo văn bản đến.", code="invalid_transition")
    return move_refused(d.status, S.CHO_PHAN_CONG)


def can_finish(d: DocumentRecord) -> bool:
    return not (d.own and d.own.done) and d.status in PROCESSING


def cannot_finish(d: DocumentRecord) -> Problem:
    if d.own and d.own.done:
        return Problem(409, "Bạn đã báo hoàn thành văn bản này.", code="already_done")
    return status_conflict("Văn bản ở trạng thái “{status}”, không báo hoàn thành được.")(d)


def takes_files(d: DocumentRecord) -> bool:
    if d.direction is Direction.DI:
        return d.status is S.DU_THAO
    return d.status not in FINISHED


NO_FILE_NOW = "Bạn không được thêm tệp vào văn bản ở trạng thái này."


def submittable(d: DocumentRecord) -> bool:
    return d.direction is Direction.DI and d.status is S.DU_THAO


def not_submittable(d: DocumentRecord) -> Problem:
    if d.direction is not Direction.DI:
        return Problem(409, "Chỉ văn bản đi mới trình ký.", code="invalid_transition")
    return move_refused(d.status, S.CHO_KY)


# ---- the table -----------------------------------------------------------------------------

POLICY: Policy[DocumentAction, Record] = Policy(
    {
        A.SEND_TO_LEADER: on_document(
            clerk,
            "Chỉ văn thư của đơn vị được trình văn bản đến cho lãnh đạo.",
            sendable_to_leader,
            not_sendable_to_leader,
        ),
        A.ASSIGN: on_document(
            leader,
            "Chỉ lãnh đạo của đơn vị được phân công xử lý.",
            assignable,
            not_assignable,
        ),
        A.OPINION: on_document(
            handler_or_leader,
            "Chỉ người xử lý hoặc lãnh đạo đơn vị được ghi ý kiến.",
            in_status(*PROCESSING, S.DU_THAO, S.CHO_KY),
            status_conflict("Văn bản ở trạng thái “{status}” không nhận thêm ý kiến."),
        ),
        A.FORWARD: on_document(
            active_handler,
            "Chỉ người đang xử lý văn bản được chuyển tiếp.",
            in_status(*PROCESSING),
            status_conflict("Văn bản ở trạng thái “{status}” không chuyển tiếp được."),
        ),
        A.DONE: on_document(
            handler,
            "Chỉ người xử lý được báo cáo hoàn thành.",
            can_finish,
            cannot_finish,
        ),
        # Reopening is the way back from "hoàn thành" only (the machine's other move to
        # "đang xử lý" is the main handler starting).
        A.REOPEN: on_document(
            leader,
            "Chỉ lãnh đạo của đơn vị được mở lại văn bản.",
            in_status(S.HOAN_THANH),
            move_refused_to(S.DANG_XU_LY),
        ),
        # One 403 whether the person or the document's state stops it.
        A.ADD_FILE: on_document(
            file_adder,
            NO_FILE_NOW,
            takes_files,
            lambda d: Problem(403, NO_FILE_NOW, code="forbidden"),
        ),
        A.SUBMIT: on_document(
            drafter_or_clerk,
            "Chỉ người soạn thảo hoặc văn thư được trình ký.",
            submittable,
            not_submittable,
        ),
        A.SIGN: on_document(
            leader,
            "Chỉ lãnh đạo của đơn vị được ký văn bản.",
            in_status(S.CHO_KY),
            status_conflict("Văn bản đang ở trạng thái “{status}”, không phải chờ ký."),
        ),
        A.RETURN: on_document(
            leader,
            "Chỉ lãnh đạo được trả lại dự thảo.",
            in_status(S.CHO_KY),
            move_refused_to(S.DU_THAO),
        ),
        A.RELEASE: on_document(
            clerk,
            "Chỉ văn thư được phát hành văn bản.",
            in_status(S.DA_KY),
            move_refused_to(S.DA_PHAT_HANH),
        ),
        A.SHARE: on_document(
            register_keeper, "Chỉ văn thư hoặc lãnh đạo đơn vị được chia sẻ văn bản."
        ),
        A.RECEIPTS: on_document(
            receipts_reader,
            "Chỉ văn thư, lãnh đạo đơn vị hoặc người xử lý chính xem được ai đã đọc.",
        ),
        A.REGISTER_INCOMING: on_no_document(
            (Role.VAN_THU,), "Chỉ văn thư được vào sổ văn bản đến."
        ),
        # A leader may draft too (he writes reports of his own).
        A.DRAFT_OUTGOING: on_no_document(
            (Role.CAN_BO, Role.VAN_THU, Role.LANH_DAO), "Chỉ cán bộ được soạn văn bản đi."
        ),
        A.VIEW_REGISTER: on_no_document(
            (Role.VAN_THU, Role.LANH_DAO), "Chỉ văn thư hoặc lãnh đạo đơn vị được xem sổ văn bản."
        ),
        A.VIEW_AWAITING_ASSIGNMENT: on_no_document(
            (Role.LANH_DAO,), "Chỉ lãnh đạo đơn vị xem được văn bản chờ phân công."
        ),
        # Whom to assign or forward to: only those who assign (lãnh đạo) or handle documents
        # see the people of their organisation.
        A.LIST_COLLEAGUES: on_no_document(
            (Role.LANH_DAO, Role.CAN_BO, Role.VAN_THU),
            "Chỉ cán bộ xử lý văn bản xem được danh sách người trong đơn vị.",
        ),
    }
)


def global_actions(actor: Actor) -> list[DocumentAction]:
    """What ``actor`` may do on no particular document (``/api/me``'s ``"documents"``)."""
    return POLICY.actions(actor, None)

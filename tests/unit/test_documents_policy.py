"""The documents permission table, without a database: every action × every role × every
state of a document, then the refusals (403 for who, 409 for when) with their Vietnamese
details, and the global actions ``/api/me`` lists."""

from __future__ import annotations

from itertools import product

import msgspec
import pytest

from backend.accounts.identity import Actor
from backend.core.problems import Problem
from backend.documents.policy import POLICY, DocumentRecord, OwnAssignment, global_actions
from shared.accounts import Role
from shared.documents import AssignmentRole, Direction, DocumentAction, DocumentStatus

A = DocumentAction
S = DocumentStatus
ORG, OTHER_ORG = 1, 2

# role name → (roles, organisation, own assignment on the document)
ROLES: dict[str, tuple[list[Role], int, OwnAssignment | None]] = {
    "clerk": ([Role.VAN_THU, Role.CAN_BO], ORG, None),
    "leader": ([Role.LANH_DAO, Role.CAN_BO], ORG, None),
    "main": ([Role.CAN_BO], ORG, OwnAssignment(AssignmentRole.XU_LY_CHINH, done=False)),
    "main_done": ([Role.CAN_BO], ORG, OwnAssignment(AssignmentRole.XU_LY_CHINH, done=True)),
    "co": ([Role.CAN_BO], ORG, OwnAssignment(AssignmentRole.PHOI_HOP, done=False)),
    "reader": ([Role.CAN_BO], ORG, OwnAssignment(AssignmentRole.DE_BIET, done=False)),
    "member": ([Role.CAN_BO], ORG, None),
    "sharee": ([Role.CAN_BO], OTHER_ORG, None),
    "other_keeper": ([Role.VAN_THU, Role.LANH_DAO, Role.CAN_BO], OTHER_ORG, None),
    "admin": ([Role.QUAN_TRI, Role.CAN_BO], ORG, None),
}
INCOMING = [S.MOI, S.CHO_PHAN_CONG, S.DA_PHAN_CONG, S.DANG_XU_LY, S.HOAN_THANH]
OUTGOING = [S.DU_THAO, S.CHO_KY, S.DA_KY, S.DA_PHAT_HANH]
STATES = [(Direction.DEN, s) for s in INCOMING] + [(Direction.DI, s) for s in OUTGOING]


def actor(name: str) -> Actor:
    roles, organisation, _ = ROLES[name]
    return Actor(
        id=list(ROLES).index(name) + 1,
        username=name,
        full_name=name,
        organisation_id=organisation,
        organisation_code="VPTU" if organisation == ORG else "BTCTU",
        organisation_name="",
        roles=roles,
        session_id=1,
    )


def record(name: str, direction: Direction, status: DocumentStatus) -> DocumentRecord:
    return DocumentRecord(direction, status, ORG, own=ROLES[name][2])


def states(direction: Direction, *statuses: DocumentStatus) -> set:
    return {(direction, s) for s in statuses}


PROCESSING = (S.DA_PHAN_CONG, S.DANG_XU_LY)
EVERY_STATE = set(STATES)
HANDLERS = {"main", "main_done", "co"}
DRAFTERS = {"main", "main_done"}  # an outgoing draft's author is its main handler

# action → the (role, state) pairs allowed; every other pair is refused.
ALLOWED: dict[DocumentAction, set] = {
    A.SEND_TO_LEADER: set(product({"clerk"}, states(Direction.DEN, S.MOI))),
    A.ASSIGN: set(product({"leader"}, states(Direction.DEN, S.MOI, S.CHO_PHAN_CONG, *PROCESSING))),
    A.OPINION: set(
        product(
            HANDLERS | {"leader"},
            states(Direction.DEN, *PROCESSING) | states(Direction.DI, S.DU_THAO, S.CHO_KY),
        )
    ),
    A.FORWARD: set(product({"main", "co"}, states(Direction.DEN, *PROCESSING))),
    A.DONE: set(product({"main", "co"}, states(Direction.DEN, *PROCESSING))),
    A.REOPEN: set(product({"leader"}, states(Direction.DEN, S.HOAN_THANH))),
    A.ADD_FILE: set(product({"clerk"}, states(Direction.DEN, S.MOI, S.CHO_PHAN_CONG, *PROCESSING)))
    | set(product(DRAFTERS | {"clerk"}, states(Direction.DI, S.DU_THAO))),
    A.SUBMIT: set(product(DRAFTERS | {"clerk"}, states(Direction.DI, S.DU_THAO))),
    A.SIGN: set(product({"leader"}, states(Direction.DI, S.CHO_KY))),
    A.RETURN: set(product({"leader"}, states(Direction.DI, S.CHO_KY))),
    A.RELEASE: set(product({"clerk"}, states(Direction.DI, S.DA_KY))),
    A.SHARE: set(product({"clerk", "leader"}, EVERY_STATE)),
    A.RECEIPTS: set(product({"clerk", "leader", "main", "main_done"}, EVERY_STATE)),
}
GLOBAL = {
    A.REGISTER_INCOMING,
    A.DRAFT_OUTGOING,
    A.VIEW_REGISTER,
    A.VIEW_AWAITING_ASSIGNMENT,
    A.LIST_COLLEAGUES,
}


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(DocumentAction)
    assert set(ALLOWED) | GLOBAL == set(DocumentAction)


@pytest.mark.parametrize("action", list(ALLOWED))
def test_every_role_in_every_state(action):
    wrong = []
    for name, (direction, status) in product(ROLES, STATES):
        allowed = POLICY.allows(action, actor(name), record(name, direction, status))
        if allowed != ((name, (direction, status)) in ALLOWED[action]):
            wrong.append(f"{name} on {direction.value}/{status.value}: allowed={allowed}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("name", "state"), list(product(ROLES, STATES)))
def test_the_detail_lists_exactly_the_allowed_actions_in_table_order(name, state):
    listed = POLICY.actions(actor(name), record(name, *state))
    expected = [a for a in DocumentAction if (name, state) in ALLOWED.get(a, set())]
    assert listed == expected


# (action, role, state, status, code, words of the detail)
REFUSALS = [
    (A.SEND_TO_LEADER, "leader", (Direction.DEN, S.MOI), 403, "forbidden", "Chỉ văn thư"),
    (A.SEND_TO_LEADER, "clerk", (Direction.DEN, S.CHO_PHAN_CONG), 409, "invalid_transition", "Chờ"),
    (
        A.SEND_TO_LEADER,
        "clerk",
        (Direction.DI, S.DU_THAO),
        409,
        "invalid_transition",
        "văn bản đến",
    ),
    (A.ASSIGN, "clerk", (Direction.DEN, S.MOI), 403, "forbidden", "Chỉ lãnh đạo"),
    (A.ASSIGN, "other_keeper", (Direction.DEN, S.MOI), 403, "forbidden", "Chỉ lãnh đạo"),
    (A.ASSIGN, "leader", (Direction.DI, S.DU_THAO), 409, "invalid_transition", "văn bản đến"),
    (A.ASSIGN, "leader", (Direction.DEN, S.HOAN_THANH), 409, "invalid_transition", "Hoàn thành"),
    (A.OPINION, "reader", (Direction.DEN, S.DANG_XU_LY), 403, "forbidden", "người xử lý"),
    (A.OPINION, "main", (Direction.DEN, S.HOAN_THANH), 409, "invalid_transition", "ý kiến"),
    (A.FORWARD, "main_done", (Direction.DEN, S.DANG_XU_LY), 403, "forbidden", "chuyển tiếp"),
    (A.FORWARD, "co", (Direction.DEN, S.HOAN_THANH), 409, "invalid_transition", "Hoàn thành"),
    (A.DONE, "reader", (Direction.DEN, S.DANG_XU_LY), 403, "forbidden", "hoàn thành"),
    (A.DONE, "main_done", (Direction.DEN, S.DANG_XU_LY), 409, "already_done", "đã báo"),
    (A.DONE, "main", (Direction.DEN, S.MOI), 409, "invalid_transition", "Mới đến"),
    (A.REOPEN, "main", (Direction.DEN, S.HOAN_THANH), 403, "forbidden", "mở lại"),
    (A.REOPEN, "leader", (Direction.DEN, S.DA_PHAN_CONG), 409, "invalid_transition", "Đã phân"),
    (A.ADD_FILE, "member", (Direction.DEN, S.MOI), 403, "forbidden", "thêm tệp"),
    (A.ADD_FILE, "clerk", (Direction.DEN, S.HOAN_THANH), 403, "forbidden", "thêm tệp"),
    (A.ADD_FILE, "main", (Direction.DI, S.CHO_KY), 403, "forbidden", "thêm tệp"),
    (A.SUBMIT, "leader", (Direction.DI, S.DU_THAO), 403, "forbidden", "trình ký"),
    (A.SUBMIT, "clerk", (Direction.DEN, S.MOI), 409, "invalid_transition", "văn bản đi"),
    (A.SUBMIT, "main", (Direction.DI, S.DA_KY), 409, "invalid_transition", "Đã ký"),
    (A.SIGN, "clerk", (Direction.DI, S.CHO_KY), 403, "forbidden", "ký văn bản"),
    (A.SIGN, "leader", (Direction.DI, S.DU_THAO), 409, "invalid_transition", "chờ ký"),
    (A.RETURN, "main", (Direction.DI, S.CHO_KY), 403, "forbidden", "trả lại"),
    (A.RETURN, "leader", (Direction.DI, S.DU_THAO), 409, "invalid_transition", "Dự thảo"),
    (A.RELEASE, "leader", (Direction.DI, S.DA_KY), 403, "forbidden", "phát hành"),
    (A.RELEASE, "clerk", (Direction.DI, S.CHO_KY), 409, "invalid_transition", "Chờ ký"),
    (A.SHARE, "main", (Direction.DEN, S.MOI), 403, "forbidden", "chia sẻ"),
    (A.SHARE, "other_keeper", (Direction.DEN, S.MOI), 403, "forbidden", "chia sẻ"),
    (A.RECEIPTS, "co", (Direction.DEN, S.DANG_XU_LY), 403, "forbidden", "ai đã đọc"),
]


@pytest.mark.parametrize(("action", "name", "state", "status", "code", "words"), REFUSALS)
def test_refusals_say_who_or_when_in_vietnamese(action, name, state, status, code, words):
    with pytest.raises(Problem) as refused:
        POLICY.require(action, actor(name), record(name, *state))
    assert refused.value.status_code == status
    assert refused.value.code == code
    assert words in refused.value.detail


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clerk", [A.REGISTER_INCOMING, A.DRAFT_OUTGOING, A.VIEW_REGISTER, A.LIST_COLLEAGUES]),
        (
            "leader",
            [A.DRAFT_OUTGOING, A.VIEW_REGISTER, A.VIEW_AWAITING_ASSIGNMENT, A.LIST_COLLEAGUES],
        ),
        ("member", [A.DRAFT_OUTGOING, A.LIST_COLLEAGUES]),
        (
            "other_keeper",
            [
                A.REGISTER_INCOMING,
                A.DRAFT_OUTGOING,
                A.VIEW_REGISTER,
                A.VIEW_AWAITING_ASSIGNMENT,
                A.LIST_COLLEAGUES,
            ],
        ),
        ("admin", [A.DRAFT_OUTGOING, A.LIST_COLLEAGUES]),
    ],
)
def test_global_actions_are_rules_on_no_document(name, expected):
    assert global_actions(actor(name)) == expected
    assert POLICY.actions(actor(name), None) == expected


def test_a_party_member_without_office_roles_has_no_document_action():
    bare = msgspec.structs.replace(actor("member"), roles=[Role.DANG_VIEN])
    assert global_actions(bare) == []
    with pytest.raises(Problem) as refused:
        POLICY.require(A.DRAFT_OUTGOING, bare, None)
    assert refused.value.status_code == 403 and "soạn văn bản đi" in refused.value.detail
    with pytest.raises(Problem) as refused:
        POLICY.require(A.REGISTER_INCOMING, bare, None)
    assert refused.value.detail == "Chỉ văn thư được vào sổ văn bản đến."


@pytest.mark.parametrize("roles", [[Role.CONG_DAN], [Role.DANG_VIEN], [Role.QUAN_TRI]])
def test_only_those_who_assign_or_forward_list_colleagues(roles):
    outsider = msgspec.structs.replace(actor("member"), roles=roles)
    with pytest.raises(Problem) as refused:
        POLICY.require(A.LIST_COLLEAGUES, outsider, None)
    assert refused.value.status_code == 403
    for name in ("leader", "clerk", "member"):
        POLICY.require(A.LIST_COLLEAGUES, actor(name), None)

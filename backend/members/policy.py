"""Who may do what with member records: the one table the commands and the answers read.

A member reads his own record and asks for corrections of it. The chi bộ's bí thư and phó bí
thư keep its roll: they read it, import it and resolve corrections. The cấp ủy of an
organisation above the chi bộ (whose organisation department keeps the rolls of the chi bộ
below it) may read and import the roll too, but corrections are the chi bộ's to resolve.

Rules see records already loaded with the actor's positions (:class:`Standing`) and the chi
bộ's place in the tree (:class:`Place`); ``tests/unit/test_members_policy.py`` tests the table
without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, on
from backend.core.problems import Problem
from backend.orgs.positions import Place, Standing, committee_above, led_by
from shared.members import CorrectionState, MemberAction

A = MemberAction


@dataclass(frozen=True)
class MemberRecord:
    """One member's record, as seen by one actor."""

    place: Place  # the member's chi bộ
    standing: Standing  # the actor's positions
    own: bool  # the record is the actor's own


@dataclass(frozen=True)
class RollRecord:
    """A chi bộ's roll, as seen by one actor."""

    place: Place
    standing: Standing
    is_chi_bo: bool


@dataclass(frozen=True)
class CorrectionRecord:
    place: Place  # the member's chi bộ
    standing: Standing
    state: CorrectionState


def keeps_roll(standing: Standing, place: Place) -> bool:
    return led_by(standing, place) or committee_above(standing, place)


def may_read(actor: Actor, record: MemberRecord) -> bool:
    """The one rule of who may read a record (a record he may not read is a 404)."""
    return record.own or keeps_roll(record.standing, record.place)


def _roll_keeper(actor: Actor, r: RollRecord) -> bool:
    return keeps_roll(r.standing, r.place)


def _not_a_chi_bo(r: RollRecord) -> Problem:
    return Problem(
        422,
        "Danh sách đảng viên được giữ theo từng chi bộ; hãy chọn một chi bộ.",
        code="not_chi_bo",
    )


POLICY: Policy[MemberAction, object] = Policy(
    {
        A.REQUEST_CORRECTION: on(
            MemberRecord,
            lambda actor, r: r.own,
            "Chỉ đảng viên được đề nghị sửa hồ sơ của chính mình.",
        ),
        A.VIEW_ROLL: on(
            RollRecord,
            _roll_keeper,
            "Chỉ bí thư, phó bí thư chi bộ hoặc cấp ủy cấp trên được xem danh sách đảng viên.",
            lambda r: r.is_chi_bo,
            _not_a_chi_bo,
        ),
        A.IMPORT: on(
            RollRecord,
            _roll_keeper,
            "Chỉ bí thư, phó bí thư chi bộ hoặc cấp ủy cấp trên được nhập danh sách đảng viên.",
            lambda r: r.is_chi_bo,
            _not_a_chi_bo,
        ),
        A.RESOLVE_CORRECTION: on(
            CorrectionRecord,
            lambda actor, r: led_by(r.standing, r.place),
            "Chỉ bí thư hoặc phó bí thư chi bộ được xử lý đề nghị sửa hồ sơ.",
            lambda r: r.state is CorrectionState.PENDING,
            lambda r: Problem(409, "Đề nghị này đã được xử lý.", code="already_resolved"),
        ),
    }
)

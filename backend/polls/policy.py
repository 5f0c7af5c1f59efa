"""Who may do what with a congress's polls: the one table the commands and the answers read.

- the presidium (or the organising committee) prepares polls while they are in preparation;
- the presidium opens and closes them;
- the counting board hands out paper ballots and enters the paper totals while the poll is
  open, and signs off the minutes after close, each member once — but not in a poll where he
  is a candidate (counting-board members cannot count a poll they stand in);
- a delegate whose credentials stand and who is checked in to the open session votes once,
  electronically, unless he was handed a paper ballot (and the database's UNIQUE(poll,
  delegate) holds that even when two requests race);
- everyone of the congress sees the poll and its live turnout; the result and the minutes
  only after close.

Rules see records already loaded (``records.py``; ``tests/unit/test_polls_policy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.congress.policy import CongressRecord, credentials_stand, may_read, not_ended
from backend.core.policy import Policy, on
from backend.core.problems import Problem
from shared.congress import CONGRESS_STATUS_LABELS, CongressBody
from shared.polls import Channel, PollAction, PollMode, PollStatus

A = PollAction
B = CongressBody
S = PollStatus


@dataclass(frozen=True)
class PollRecord:
    congress: CongressRecord
    status: PollStatus
    mode: PollMode
    checked_in: bool = False  # the actor's delegate is checked in to the open session
    participation: Channel | None = None  # the actor's delegate took part this way
    candidate: bool = False  # the actor is one of the poll's candidates
    paper_entered: bool = False  # the paper totals are in
    signed: bool = False  # the actor signed off the minutes already
    minutes_ready: bool = False  # the minutes were generated


def _bodies(record: PollRecord, *bodies: CongressBody) -> bool:
    return bool(record.congress.bodies.intersection(bodies))


def _counter(actor: Actor, record: PollRecord) -> bool:
    """A counting-board member who is not a candidate in this poll."""
    return _bodies(record, B.COUNTING) and not record.candidate


def _status_is(*statuses: PollStatus):
    def check(record: PollRecord) -> bool:
        return record.status in statuses and not_ended(record.congress)

    return check


def _state(record: PollRecord, what: str) -> Problem:
    if not not_ended(record.congress):
        return Problem(
            409,
            f"Đại hội đang ở trạng thái “{CONGRESS_STATUS_LABELS[record.congress.status]}”, "
            "không thay đổi được nữa.",
            code="congress_ended",
        )
    if record.status is S.PREPARING:
        return Problem(409, f"Cuộc bỏ phiếu chưa mở, chưa {what} được.", code="poll_not_open")
    if record.status is S.OPEN:
        return Problem(409, f"Cuộc bỏ phiếu đang mở, chưa {what} được.", code="poll_open")
    return Problem(409, f"Cuộc bỏ phiếu đã kết thúc, không {what} được nữa.", code="poll_closed")


def _not_now(what: str):
    return lambda record: _state(record, what)


def _may_vote(record: PollRecord) -> bool:
    return (
        record.status is S.OPEN
        and not_ended(record.congress)
        and record.mode is PollMode.OPEN
        and record.checked_in
        and record.participation is None
    )


def _cannot_vote(record: PollRecord) -> Problem:
    if record.status is not S.OPEN or not not_ended(record.congress):
        if record.status is S.PREPARING:
            return Problem(409, "Cuộc bỏ phiếu chưa mở.", code="poll_not_open")
        return Problem(409, "Cuộc bỏ phiếu đã kết thúc, không nhận phiếu nữa.", code="poll_closed")
    if record.participation is Channel.ELECTRONIC:
        return Problem(409, "Đồng chí đã biểu quyết trong cuộc bỏ phiếu này.", code="already_voted")
    if record.participation is Channel.PAPER:
        return Problem(
            409,
            "Đồng chí đã nhận phiếu giấy cho cuộc bỏ phiếu này, không bỏ phiếu điện tử được.",
            code="paper_ballot_issued",
        )
    if record.mode is not PollMode.OPEN:
        return Problem(409, "Cuộc bỏ phiếu này chỉ dùng phiếu giấy.", code="electronic_not_offered")
    return Problem(
        403,
        "Đồng chí chưa điểm danh vào phiên họp đang diễn ra nên chưa biểu quyết được.",
        code="not_checked_in",
    )


def _paper_open(record: PollRecord) -> bool:
    return record.status is S.OPEN and not_ended(record.congress) and not record.paper_entered


def _paper_closed(record: PollRecord) -> Problem:
    if record.status is S.OPEN and record.paper_entered:
        return Problem(
            409,
            "Ban Kiểm phiếu đã nhập kết quả phiếu giấy; không phát thêm phiếu được nữa.",
            code="paper_entered",
        )
    return _state(record, "phát phiếu giấy")


def _may_sign(record: PollRecord) -> bool:
    return record.status is S.CLOSED and record.minutes_ready and not record.signed


def _cannot_sign(record: PollRecord) -> Problem:
    if record.signed:
        return Problem(409, "Đồng chí đã ký biên bản kiểm phiếu này.", code="already_signed")
    if record.status is S.CLOSED:
        return Problem(409, "Biên bản kiểm phiếu chưa được lập.", code="minutes_not_ready")
    return _state(record, "ký biên bản")


def _closed(record: PollRecord) -> bool:
    return record.status is S.CLOSED


def _before_close(record: PollRecord) -> Problem:
    return Problem(
        409, "Kết quả chỉ được công bố sau khi kết thúc bỏ phiếu.", code="poll_not_closed"
    )


def _prepares(actor: Actor, record: CongressRecord | PollRecord) -> bool:
    congress = record.congress if isinstance(record, PollRecord) else record
    return bool(congress.bodies.intersection((B.PRESIDIUM, B.ORGANISING)))


PREPARE_REFUSAL = "Chỉ Đoàn Chủ tịch hoặc Ban Tổ chức đại hội được chuẩn bị cuộc bỏ phiếu."

POLICY: Policy[PollAction, object] = Policy(
    {
        A.READ: on(
            PollRecord,
            lambda actor, r: may_read(r.congress),
            "Đồng chí không phải đại biểu hoặc thành viên các ban của đại hội này.",
        ),
        A.PREPARE: on(
            PollRecord,
            _prepares,
            PREPARE_REFUSAL,
            _status_is(S.PREPARING),
            _not_now("sửa"),
        ),
        A.OPEN: on(
            PollRecord,
            lambda actor, r: _bodies(r, B.PRESIDIUM),
            "Chỉ Đoàn Chủ tịch được mở cuộc bỏ phiếu.",
            _status_is(S.PREPARING),
            lambda r: _state(r, "mở lại") if r.status is not S.PREPARING else _state(r, "mở"),
        ),
        A.CLOSE: on(
            PollRecord,
            lambda actor, r: _bodies(r, B.PRESIDIUM),
            "Chỉ Đoàn Chủ tịch được kết thúc cuộc bỏ phiếu.",
            _status_is(S.OPEN),
            _not_now("kết thúc"),
        ),
        A.VOTE: on(
            PollRecord,
            lambda actor, r: credentials_stand(r.congress),
            "Chỉ đại biểu đủ tư cách được biểu quyết.",
            _may_vote,
            _cannot_vote,
        ),
        A.ISSUE_PAPER: on(
            PollRecord,
            _counter,
            "Chỉ thành viên Ban Kiểm phiếu không phải người ứng cử được phát phiếu giấy.",
            _paper_open,
            _paper_closed,
        ),
        A.ENTER_PAPER: on(
            PollRecord,
            _counter,
            "Chỉ thành viên Ban Kiểm phiếu không phải người ứng cử được nhập kết quả phiếu giấy.",
            _status_is(S.OPEN),
            _not_now("nhập kết quả phiếu giấy"),
        ),
        A.VIEW_RESULT: on(
            PollRecord,
            lambda actor, r: may_read(r.congress),
            "Đồng chí không phải đại biểu hoặc thành viên các ban của đại hội này.",
            _closed,
            _before_close,
        ),
        A.VIEW_MINUTES: on(
            PollRecord,
            lambda actor, r: may_read(r.congress),
            "Đồng chí không phải đại biểu hoặc thành viên các ban của đại hội này.",
            lambda r: r.status is S.CLOSED and r.minutes_ready,
            lambda r: (
                _before_close(r)
                if r.status is not S.CLOSED
                else Problem(409, "Biên bản kiểm phiếu chưa được lập.", code="minutes_not_ready")
            ),
        ),
        A.SIGN_MINUTES: on(
            PollRecord,
            _counter,
            "Chỉ thành viên Ban Kiểm phiếu không phải người ứng cử được ký biên bản kiểm phiếu.",
            _may_sign,
            _cannot_sign,
        ),
    }
)


def congress_actions(actor: Actor, record: CongressRecord) -> list[PollAction]:
    """The actions on a congress's polls as a whole (the list's ``actions``): preparing one."""
    return [A.PREPARE] if _prepares(actor, record) and not_ended(record) else []


def require_prepare(actor: Actor, record: CongressRecord) -> None:
    if not _prepares(actor, record):
        raise Problem(403, PREPARE_REFUSAL, code="forbidden")
    if not not_ended(record):
        raise Problem(
            409,
            f"Đại hội đang ở trạng thái “{CONGRESS_STATUS_LABELS[record.status]}”, "
            "không thay đổi được nữa.",
            code="congress_ended",
        )

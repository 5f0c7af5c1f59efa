"""Who may do what in a secret poll's key ceremony: the one table the commands and the answers
read.

- the presidium or the secretariat starts the ceremony of a secret poll in preparation (again,
  as long as its key is not ready) and follows its progress;
- only the members of the congress's counting board whom the ceremony counts take part, each
  step in its phase: commit, send the sealed shares, read his own, complain or answer a
  complaint, confirm;
- nobody else sees anything of it; the resulting election key (K, k of n, the members' public
  parts, the fingerprint) is public to everyone of the congress;
- casting and the tally: a present delegate casts once; while the poll is open only the key
  holders read the encrypted ballots (``follow_ballots``, for their browsers' checks); after
  close the frozen board is public to everyone of the congress (``read_board``: it names the
  voters, so not to the internet at large) and each key holder decrypts the sums once.

Rules see records already loaded (``records.py``; ``tests/unit/test_ballots_policy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.congress.policy import CongressRecord, credentials_stand, may_read, not_ended
from backend.core.policy import Policy, on
from backend.core.problems import Problem
from backend.polls.policy import PollRecord
from shared.ballots import BallotAction, CeremonyStatus
from shared.congress import CONGRESS_STATUS_LABELS, CongressBody
from shared.polls import Channel, PollMode, PollStatus

A = BallotAction
B = CongressBody
C = CeremonyStatus


@dataclass(frozen=True)
class CeremonyRecord:
    congress: CongressRecord
    poll_status: PollStatus
    poll_mode: PollMode
    ceremony: CeremonyStatus | None = None  # the poll's current ceremony, if any
    key_ready: bool = False
    member: int | None = None  # the actor's index x in the current ceremony
    committed: bool = False
    shares_sent: bool = False
    confirmed: bool = False  # under the current fingerprint
    complaint_pending: bool = False  # some complaint of the ceremony awaits its reveal
    accused_pending: bool = False  # one of them accuses the actor


def _bodies(record: CeremonyRecord, *bodies: CongressBody) -> bool:
    return bool(record.congress.bodies.intersection(bodies))


def _organises(actor: Actor, record: CeremonyRecord) -> bool:
    return _bodies(record, B.PRESIDIUM, B.SECRETARIAT)


def _follows(actor: Actor, record: CeremonyRecord) -> bool:
    return _bodies(record, B.PRESIDIUM, B.SECRETARIAT, B.COUNTING)


def _takes_part(actor: Actor, record: CeremonyRecord) -> bool:
    return _bodies(record, B.COUNTING) and record.member is not None


def _ended(record: CeremonyRecord) -> Problem:
    return Problem(
        409,
        f"Đại hội đang ở trạng thái “{CONGRESS_STATUS_LABELS[record.congress.status]}”, "
        "không thay đổi được nữa.",
        code="congress_ended",
    )


def _may_start(record: CeremonyRecord) -> bool:
    return (
        not_ended(record.congress)
        and record.poll_mode is PollMode.SECRET
        and record.poll_status is PollStatus.PREPARING
        and not record.key_ready
    )


def _cannot_start(record: CeremonyRecord) -> Problem:
    if not not_ended(record.congress):
        return _ended(record)
    if record.poll_mode is not PollMode.SECRET:
        return Problem(
            409,
            "Chỉ cuộc bỏ phiếu kín điện tử mới cần lễ tạo khóa của Ban Kiểm phiếu.",
            code="not_secret",
        )
    if record.key_ready:
        return Problem(409, "Khóa của cuộc bỏ phiếu này đã được tạo xong.", code="key_ready")
    return Problem(
        409,
        "Cuộc bỏ phiếu đã mở hoặc đã kết thúc, không tạo khóa lại được.",
        code="poll_not_preparing",
    )


def _phase(*phases: CeremonyStatus, extra=lambda r: True):
    def check(record: CeremonyRecord) -> bool:
        return not_ended(record.congress) and record.ceremony in phases and extra(record)

    return check


def _wrong_phase(step: str):
    def problem(record: CeremonyRecord) -> Problem:
        if not not_ended(record.congress):
            return _ended(record)
        if record.ceremony is None:
            return Problem(409, "Lễ tạo khóa chưa bắt đầu.", code="no_ceremony")
        return Problem(
            409,
            f"Lễ tạo khóa đang ở bước khác, chưa hoặc không còn {step} được.",
            code="wrong_phase",
        )

    return problem


def _cannot_commit(record: CeremonyRecord) -> Problem:
    if record.ceremony is C.COMMITTING and record.committed:
        return Problem(409, "Đồng chí đã công bố cam kết của mình.", code="already_committed")
    return _wrong_phase("công bố cam kết")(record)


def _cannot_send(record: CeremonyRecord) -> Problem:
    if record.ceremony is C.SHARING and record.shares_sent:
        return Problem(409, "Đồng chí đã gửi các phần khóa của mình.", code="already_sent")
    return _wrong_phase("gửi phần khóa")(record)


def _cannot_complain(record: CeremonyRecord) -> Problem:
    if record.ceremony is C.CHECKING and record.confirmed:
        return Problem(
            409, "Đồng chí đã xác nhận phần khóa, không khiếu nại được nữa.", code="confirmed"
        )
    return _wrong_phase("khiếu nại")(record)


def _cannot_reveal(record: CeremonyRecord) -> Problem:
    if record.ceremony is C.CHECKING:
        return Problem(409, "Không có khiếu nại nào về đồng chí.", code="no_complaint")
    return _wrong_phase("trả lời khiếu nại")(record)


def _cannot_confirm(record: CeremonyRecord) -> Problem:
    if record.ceremony is C.CHECKING and record.confirmed:
        return Problem(409, "Đồng chí đã xác nhận.", code="already_confirmed")
    if record.ceremony is C.CHECKING and record.complaint_pending:
        return Problem(
            409,
            "Đang có khiếu nại chờ trả lời; xác nhận sau khi khiếu nại được giải quyết.",
            code="complaint_pending",
        )
    return _wrong_phase("xác nhận")(record)


# --- casting and the tally (casting.py, tally.py, board.py) ---


@dataclass(frozen=True)
class TallyRecord:
    """A closed secret poll's board and tally as the actor stands to them."""

    congress: CongressRecord
    poll_status: PollStatus
    frozen: bool = False  # the board was frozen at close
    member: int | None = None  # the actor's index x among the key's trustees
    decrypted: bool = False  # he posted his partial decryption
    combined: bool = False  # k partial decryptions were combined: the tally is done


def _may_cast(record: PollRecord) -> bool:
    return (
        record.status is PollStatus.OPEN
        and not_ended(record.congress)
        and record.mode is PollMode.SECRET
        and record.checked_in
        and record.participation is None
    )


def _cannot_cast(record: PollRecord) -> Problem:
    if record.mode is not PollMode.SECRET:
        return Problem(409, "Cuộc bỏ phiếu này không bỏ phiếu kín điện tử.", code="not_secret")
    if record.status is PollStatus.PREPARING:
        return Problem(409, "Cuộc bỏ phiếu chưa mở.", code="poll_not_open")
    if record.status is not PollStatus.OPEN or not not_ended(record.congress):
        return Problem(409, "Cuộc bỏ phiếu đã kết thúc, không nhận phiếu nữa.", code="poll_closed")
    if record.participation is Channel.PAPER:
        return Problem(
            409,
            "Đồng chí đã nhận phiếu giấy cho cuộc bỏ phiếu này, không bỏ phiếu điện tử được.",
            code="paper_ballot_issued",
        )
    if record.participation is not None:
        return Problem(
            409,
            "Đồng chí đã bỏ phiếu trong cuộc bỏ phiếu này; mỗi đại biểu chỉ có một phiếu.",
            code="already_voted",
        )
    return Problem(
        403,
        "Đồng chí chưa điểm danh vào phiên họp đang diễn ra nên chưa bỏ phiếu được.",
        code="not_checked_in",
    )


def _cannot_decrypt(record: TallyRecord) -> Problem:
    if not record.frozen:
        return Problem(
            409, "Cuộc bỏ phiếu chưa kết thúc nên chưa có tổng để giải mã.", code="not_frozen"
        )
    if record.decrypted:
        return Problem(
            409,
            "Đồng chí đã gửi phần giải mã của mình cho cuộc bỏ phiếu này.",
            code="already_decrypted",
        )
    return Problem(409, "Kết quả đã được giải mã đủ, không cần thêm phần giải mã.", code="combined")


def _not_frozen(record: TallyRecord) -> Problem:
    return Problem(
        409, "Bảng phiếu chỉ được công bố sau khi cuộc bỏ phiếu kết thúc.", code="not_frozen"
    )


def _may_follow(record: TallyRecord) -> bool:
    return record.poll_status is not PollStatus.PREPARING


def _not_open_yet(record: TallyRecord) -> Problem:
    return Problem(409, "Cuộc bỏ phiếu chưa mở nên chưa có phiếu nào.", code="poll_not_open")


def _holds_share(actor: Actor, record: TallyRecord) -> bool:
    return CongressBody.COUNTING in record.congress.bodies and record.member is not None


HOLDS_SHARE = "Chỉ thành viên Ban Kiểm phiếu giữ phần khóa của cuộc bỏ phiếu này được giải mã."

TAKE_PART = "Chỉ thành viên Ban Kiểm phiếu có tên trong lễ tạo khóa này được tham gia."

POLICY: Policy[BallotAction, object] = Policy(
    {
        A.VIEW: on(
            CeremonyRecord,
            _follows,
            "Chỉ Đoàn Chủ tịch, Đoàn Thư ký và Ban Kiểm phiếu được theo dõi lễ tạo khóa.",
        ),
        A.START: on(
            CeremonyRecord,
            _organises,
            "Chỉ Đoàn Chủ tịch hoặc Đoàn Thư ký được bắt đầu lễ tạo khóa.",
            _may_start,
            _cannot_start,
        ),
        A.COMMIT: on(
            CeremonyRecord,
            _takes_part,
            TAKE_PART,
            _phase(C.COMMITTING, extra=lambda r: not r.committed),
            _cannot_commit,
        ),
        A.SEND_SHARES: on(
            CeremonyRecord,
            _takes_part,
            TAKE_PART,
            _phase(C.SHARING, extra=lambda r: not r.shares_sent),
            _cannot_send,
        ),
        A.READ_SHARES: on(
            CeremonyRecord,
            _takes_part,
            TAKE_PART,
            _phase(C.SHARING, C.CHECKING),
            _wrong_phase("nhận phần khóa"),
        ),
        A.COMPLAIN: on(
            CeremonyRecord,
            _takes_part,
            TAKE_PART,
            _phase(C.CHECKING, extra=lambda r: not r.confirmed),
            _cannot_complain,
        ),
        A.REVEAL: on(
            CeremonyRecord,
            _takes_part,
            TAKE_PART,
            _phase(C.CHECKING, extra=lambda r: r.accused_pending),
            _cannot_reveal,
        ),
        A.CONFIRM: on(
            CeremonyRecord,
            _takes_part,
            TAKE_PART,
            _phase(C.CHECKING, extra=lambda r: not r.confirmed and not r.complaint_pending),
            _cannot_confirm,
        ),
        A.READ_KEY: on(
            CeremonyRecord,
            lambda actor, r: may_read(r.congress),
            "Đồng chí không phải đại biểu hoặc thành viên các ban của đại hội này.",
        ),
        A.CAST: on(
            PollRecord,
            lambda actor, r: credentials_stand(r.congress),
            "Chỉ đại biểu đủ tư cách được bỏ phiếu.",
            _may_cast,
            _cannot_cast,
        ),
        A.DECRYPT: on(
            TallyRecord,
            _holds_share,
            HOLDS_SHARE,
            lambda r: r.frozen and not r.decrypted and not r.combined,
            _cannot_decrypt,
        ),
        # The ballots while the poll is open: to the key holders only, so their browsers check
        # them as they arrive (docs/ballots.md "Checking as the ballots arrive").
        A.FOLLOW: on(
            TallyRecord,
            _holds_share,
            "Chỉ thành viên Ban Kiểm phiếu giữ phần khóa được theo dõi phiếu kín "
            "khi đang bỏ phiếu.",
            _may_follow,
            _not_open_yet,
        ),
        A.READ_BOARD: on(
            TallyRecord,
            lambda actor, r: may_read(r.congress),
            "Đồng chí không phải đại biểu hoặc thành viên các ban của đại hội này.",
            lambda r: r.frozen,
            _not_frozen,
        ),
    }
)

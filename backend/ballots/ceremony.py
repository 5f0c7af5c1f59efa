"""The key ceremony's first steps: starting it (the presidium or the secretariat), each
member's commitments with their Schnorr proof and transport key, and the sealed shares.

Every step runs in one transaction holding the poll's row, checks before it writes, and moves
the ceremony to its next phase when the last member has done the step (docs/ballots.md, "Key
ceremony")."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.ballots.crypto.errors import BallotCryptoError
from backend.ballots.crypto.group import decode_point, hex_bytes
from backend.ballots.crypto.proofs import ScalarProof, check_key
from backend.ballots.policy import POLICY
from backend.ballots.progress import ceremony_step
from backend.ballots.records import Loaded, json_value, readable
from backend.ballots.tables import (
    BallotCeremony,
    BallotCeremonyMember,
    BallotKey,
    BallotSealedShare,
)
from backend.ballots.transcript import fingerprint
from backend.congress.tables import BodyMember
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from shared.ballots import (
    BOARD_MAX,
    BOARD_MIN,
    BallotAction,
    CeremonyCommit,
    CeremonyShares,
    CeremonyStart,
    CeremonyStatus,
)
from shared.congress import CongressBody

A = BallotAction
S = CeremonyStatus
LIVE = (S.COMMITTING, S.SHARING, S.CHECKING)


def crypto_problem(error: BallotCryptoError) -> Problem:
    """A refused point, scalar or proof: 422 with the core's Vietnamese message."""
    return Problem(422, error.message, code=error.code)


async def board_users(congress_id: int, excluded: list[int]) -> list[int]:
    """The counting board's members in their order, without the excluded ones."""
    rows = await (
        BodyMember.select(BodyMember.user)
        .where(
            (BodyMember.congress == congress_id) & (BodyMember.body == CongressBody.COUNTING.value)
        )
        .order_by(BodyMember.position)
        .order_by(BodyMember.id)
    )
    seen: list[int] = []
    for r in rows:
        if r["user"] not in excluded and r["user"] not in seen:
            seen.append(r["user"])
    return seen


async def begin(
    actor: Actor, loaded: Loaded, excluded: list[int], threshold: int | None
) -> int | None:
    """A new run with the board as it is (the current one, if live, is superseded). Returns
    its id, or None when the board has not 3 to 5 members left (nothing is written then)."""
    users = await board_users(loaded.congress_id, excluded)
    if not BOARD_MIN <= len(users) <= BOARD_MAX:
        return None
    size = len(users)
    k = min(threshold or size // 2 + 1, size)
    stamp = now()
    if loaded.ceremony is not None and loaded.status in LIVE:
        await BallotCeremony.update(
            {BallotCeremony.status: S.SUPERSEDED.value, BallotCeremony.ended_at: stamp}
        ).where(BallotCeremony.id == loaded.ceremony["id"])
    [row] = await BallotCeremony.insert(
        BallotCeremony(
            poll=loaded.poll["id"],
            status=S.COMMITTING.value,
            threshold=k,
            size=size,
            excluded=excluded,
            started_by=actor.id,
            started_at=stamp,
        )
    ).returning(BallotCeremony.id)
    await BallotCeremonyMember.insert(
        *(
            BallotCeremonyMember(ceremony=row["id"], user=user, x=x)
            for x, user in enumerate(users, start=1)
        )
    )
    values = {
        BallotKey.ceremony: row["id"],
        BallotKey.public_key: None,
        BallotKey.threshold: k,
        BallotKey.size: size,
        BallotKey.trustees: [],
        BallotKey.fingerprint: None,
        BallotKey.ready: False,
        BallotKey.ready_at: None,
    }
    if loaded.key is None:
        await BallotKey.insert(
            BallotKey(poll=loaded.poll["id"], **{c._meta.name: v for c, v in values.items()})
        )
    else:
        await BallotKey.update(values).where(BallotKey.id == loaded.key["id"])
    await TIMELINE.record(
        loaded.congress_id,
        actor,
        "ballot_key.started",
        {"poll": loaded.poll["id"], "ceremony": row["id"], "threshold": k, "size": size},
    )
    return row["id"]


def size_problem() -> Problem:
    return Problem(
        409,
        f"Ban Kiểm phiếu cần từ {BOARD_MIN} đến {BOARD_MAX} thành viên để tạo khóa; hãy bổ "
        "sung hoặc điều chỉnh Ban Kiểm phiếu trước.",
        code="board_size",
    )


class Ceremony:
    def __init__(self, events: EventLog) -> None:
        self.events = events

    async def start(
        self, actor: Actor, congress_id: int, poll_id: int, data: CeremonyStart
    ) -> None:
        async with ceremony_step(self.events, congress_id, poll_id):
            loaded, record = await readable(actor, congress_id, poll_id, lock=True)
            POLICY.require(A.START, actor, record)
            excluded = list(json_value(loaded.ceremony["excluded"])) if loaded.ceremony else []
            users = await board_users(congress_id, excluded)
            if data.threshold is not None and data.threshold > len(users):
                raise Problem(
                    422,
                    f"Ngưỡng giải mã ({data.threshold}) không được lớn hơn số thành viên Ban "
                    f"Kiểm phiếu ({len(users)}).",
                    code="bad_threshold",
                )
            if await begin(actor, loaded, excluded, data.threshold) is None:
                raise size_problem()

    async def commit(
        self, actor: Actor, congress_id: int, poll_id: int, data: CeremonyCommit
    ) -> None:
        async with ceremony_step(self.events, congress_id, poll_id):
            loaded, record = await readable(actor, congress_id, poll_id, lock=True)
            POLICY.require(A.COMMIT, actor, record)
            threshold = loaded.ceremony["threshold"]
            if len(data.commitments) != threshold:
                raise Problem(
                    422,
                    f"Cần đúng {threshold} cam kết (một cho mỗi hệ số của đa thức bậc "
                    f"{threshold - 1}).",
                    code="wrong_commitments",
                )
            try:
                points = [decode_point(c) for c in data.commitments]
                check_key(
                    loaded.text_id,
                    record.member,
                    0,
                    points[0],
                    ScalarProof(
                        int.from_bytes(hex_bytes(data.proof.c), "little"),
                        int.from_bytes(hex_bytes(data.proof.z), "little"),
                    ),
                )
            except BallotCryptoError as error:
                raise crypto_problem(error) from None
            if data.transport_key == "0" * 64 or any(
                m["transport_key"] == data.transport_key for m in loaded.members
            ):
                raise Problem(
                    422,
                    "Khóa truyền của đồng chí không hợp lệ hoặc trùng với khóa của thành viên "
                    "khác; hãy tạo khóa mới trên thiết bị.",
                    code="bad_transport_key",
                )
            stamp = now()
            await BallotCeremonyMember.update(
                {
                    BallotCeremonyMember.commitments: list(data.commitments),
                    BallotCeremonyMember.proof: {"c": data.proof.c, "z": data.proof.z},
                    BallotCeremonyMember.transport_key: data.transport_key,
                    BallotCeremonyMember.committed_at: stamp,
                }
            ).where(BallotCeremonyMember.id == loaded.member_of(actor.id)["id"])
            waiting = [m for m in loaded.members if m["committed_at"] is None]
            if len(waiting) == 1:  # this member was the last
                await BallotCeremony.update({BallotCeremony.status: S.SHARING.value}).where(
                    BallotCeremony.id == loaded.ceremony["id"]
                )

    async def send_shares(
        self, actor: Actor, congress_id: int, poll_id: int, data: CeremonyShares
    ) -> None:
        async with ceremony_step(self.events, congress_id, poll_id):
            loaded, record = await readable(actor, congress_id, poll_id, lock=True)
            POLICY.require(A.SEND_SHARES, actor, record)
            me = record.member
            expected = sorted(m["x"] for m in loaded.members if m["x"] != me)
            if sorted(s.recipient for s in data.shares) != expected:
                raise Problem(
                    422,
                    "Cần đúng một phần khóa niêm phong cho mỗi thành viên khác của Ban Kiểm "
                    f"phiếu (thành viên số {', '.join(map(str, expected))}).",
                    code="wrong_recipients",
                )
            stamp = now()
            await BallotSealedShare.insert(
                *(
                    BallotSealedShare(
                        ceremony=loaded.ceremony["id"],
                        sender=me,
                        recipient=s.recipient,
                        sealed=s.sealed,
                        posted_at=stamp,
                    )
                    for s in data.shares
                )
            )
            await BallotCeremonyMember.update({BallotCeremonyMember.shares_sent_at: stamp}).where(
                BallotCeremonyMember.id == loaded.member_of(actor.id)["id"]
            )
            waiting = [m for m in loaded.members if m["shares_sent_at"] is None]
            if len(waiting) == 1:  # every share is in: the transcript is whole
                sealed = [
                    *loaded.sealed_triples(),
                    *((me, s.recipient, bytes.fromhex(s.sealed)) for s in data.shares),
                ]
                print_ = fingerprint(
                    loaded.text_id, loaded.ceremony["threshold"], loaded.entries(), sealed, []
                )
                await BallotCeremony.update(
                    {
                        BallotCeremony.status: S.CHECKING.value,
                        BallotCeremony.fingerprint: print_.hex(),
                    }
                ).where(BallotCeremony.id == loaded.ceremony["id"])

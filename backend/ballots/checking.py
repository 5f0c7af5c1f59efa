"""The key ceremony's last steps: complaints and their answers, each member's confirmation
(backup saved, a proven test decryption), and the key made ready when every member confirmed.

A complaint's answer is the share revealed in the clear, public by design: if it matches the
accused's commitments the complaint is dismissed and the share joins the transcript (its
fingerprint changes, so every member confirms again); if not, the accused is excluded and the
ceremony starts again without him (docs/ballots.md, "Key ceremony")."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.ballots.ceremony import begin, crypto_problem
from backend.ballots.crypto.errors import BallotCryptoError
from backend.ballots.crypto.group import check_point, decode_scalar, hex_bytes
from backend.ballots.crypto.proofs import ScalarProof
from backend.ballots.crypto.tally import PartialDecryption, Totals, combine
from backend.ballots.policy import POLICY
from backend.ballots.progress import ceremony_step
from backend.ballots.records import Loaded, json_value, load, readable
from backend.ballots.tables import BallotCeremony, BallotCeremonyMember, BallotComplaint, BallotKey
from backend.ballots.transcript import (
    election_key,
    fingerprint,
    share_matches,
    share_public,
    trial_ciphertext,
    trial_context,
    trial_holds,
)
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from shared.ballots import (
    BallotAction,
    CeremonyComplaint,
    CeremonyConfirm,
    CeremonyReveal,
    CeremonyStatus,
    ComplaintVerdict,
)

A = BallotAction
S = CeremonyStatus
V = ComplaintVerdict


def _proof(c: str, z: str) -> ScalarProof:
    return ScalarProof(decode_scalar(c), decode_scalar(z))


async def _refresh_fingerprint(loaded: Loaded) -> None:
    """The transcript changed (a share revealed): its new fingerprint voids every confirmation
    made under the old one."""
    fresh = await _reload(loaded)
    print_ = fingerprint(
        fresh.text_id,
        fresh.ceremony["threshold"],
        fresh.entries(),
        fresh.sealed_triples(),
        fresh.reveals(),
    )
    await BallotCeremony.update({BallotCeremony.fingerprint: print_.hex()}).where(
        BallotCeremony.id == fresh.ceremony["id"]
    )


async def _reload(loaded: Loaded) -> Loaded:
    return await load(loaded.congress_id, loaded.poll)


class Checking:
    def __init__(self, events: EventLog) -> None:
        self.events = events

    async def complain(
        self, actor: Actor, congress_id: int, poll_id: int, data: CeremonyComplaint
    ) -> None:
        async with ceremony_step(self.events, congress_id, poll_id):
            loaded, record = await readable(actor, congress_id, poll_id, lock=True)
            POLICY.require(A.COMPLAIN, actor, record)
            if data.accused == record.member or loaded.member_at(data.accused) is None:
                raise Problem(
                    422,
                    "Chỉ khiếu nại được về phần khóa của một thành viên khác trong lễ tạo khóa.",
                    code="bad_accused",
                )
            if any(
                c["accuser"] == record.member and c["accused"] == data.accused
                for c in loaded.complaints
            ):
                raise Problem(
                    409, "Đồng chí đã khiếu nại về thành viên này.", code="already_complained"
                )
            await BallotComplaint.insert(
                BallotComplaint(
                    ceremony=loaded.ceremony["id"],
                    accuser=record.member,
                    accused=data.accused,
                    verdict=V.PENDING.value,
                    made_at=now(),
                )
            )

    async def reveal(
        self, actor: Actor, congress_id: int, poll_id: int, data: CeremonyReveal
    ) -> None:
        async with ceremony_step(self.events, congress_id, poll_id):
            loaded, record = await readable(actor, congress_id, poll_id, lock=True)
            POLICY.require(A.REVEAL, actor, record)
            complaint = next(
                (
                    c
                    for c in loaded.pending()
                    if c["accused"] == record.member and c["accuser"] == data.accuser
                ),
                None,
            )
            if complaint is None:
                raise Problem(
                    409,
                    f"Thành viên số {data.accuser} không có khiếu nại nào đang chờ về đồng chí.",
                    code="no_complaint",
                )
            try:
                share = decode_scalar(data.share)
            except BallotCryptoError as error:
                raise crypto_problem(error) from None
            me = loaded.member_of(actor.id)
            commitments = [hex_bytes(c) for c in json_value(me["commitments"])]
            holds = share_matches(commitments, data.accuser, share)
            stamp = now()
            await BallotComplaint.update(
                {
                    BallotComplaint.verdict: (V.DISMISSED if holds else V.UPHELD).value,
                    BallotComplaint.share: data.share,
                    BallotComplaint.settled_at: stamp,
                }
            ).where(BallotComplaint.id == complaint["id"])
            if holds:
                await _refresh_fingerprint(loaded)
                return
            await self._exclude(actor, loaded, me)

    async def _exclude(self, actor: Actor, loaded: Loaded, accused: dict) -> None:
        """The revealed share does not match: the accused leaves this poll's ceremonies, and a
        new run starts with the rest of the board (or none, if fewer than three remain)."""
        excluded = [*json_value(loaded.ceremony["excluded"]), accused["user"]]
        await TIMELINE.record(
            loaded.congress_id,
            actor,
            "ballot_key.member_excluded",
            {"poll": loaded.poll["id"], "ceremony": loaded.ceremony["id"], "x": accused["x"]},
        )
        started = await begin(actor, loaded, excluded, loaded.ceremony["threshold"])
        if started is None:
            await BallotCeremony.update(
                {
                    BallotCeremony.status: S.STOPPED.value,
                    BallotCeremony.ended_at: now(),
                    BallotCeremony.excluded: excluded,
                }
            ).where(BallotCeremony.id == loaded.ceremony["id"])

    async def confirm(
        self, actor: Actor, congress_id: int, poll_id: int, data: CeremonyConfirm
    ) -> None:
        async with ceremony_step(self.events, congress_id, poll_id):
            loaded, record = await readable(actor, congress_id, poll_id, lock=True)
            POLICY.require(A.CONFIRM, actor, record)
            if not data.backup_saved:
                raise Problem(
                    422,
                    "Hãy lưu bản sao dự phòng phần khóa (tệp mã hóa bằng mật khẩu) trước khi "
                    "xác nhận.",
                    code="backup_not_saved",
                )
            print_hex = loaded.ceremony["fingerprint"]
            if data.fingerprint != print_hex:
                raise Problem(
                    409,
                    "Dấu vân tay trên thiết bị của đồng chí khác với dấu vân tay của lễ tạo khóa; "
                    "hãy tải lại và đối chiếu với các thành viên khác.",
                    code="fingerprint_mismatch",
                )
            entries = loaded.entries()
            key = election_key(entries)
            print_ = bytes.fromhex(print_hex)
            trial = trial_ciphertext(loaded.text_id, print_, key)
            public = share_public(entries, record.member)
            try:
                d = check_point(hex_bytes(data.test.d))
                proof = _proof(data.test.proof.c, data.test.proof.z)
            except BallotCryptoError as error:
                raise crypto_problem(error) from None
            if not trial_holds(loaded.text_id, print_, record.member, public, trial, d, proof):
                error = BallotCryptoError("bad_decryption_proof", f"member {record.member}")
                raise crypto_problem(error)
            stamp = now()
            await BallotCeremonyMember.update(
                {
                    BallotCeremonyMember.test_decryption: {
                        "d": data.test.d,
                        "proof": {"c": data.test.proof.c, "z": data.test.proof.z},
                    },
                    BallotCeremonyMember.confirmed_fingerprint: print_hex,
                    BallotCeremonyMember.confirmed_at: stamp,
                }
            ).where(BallotCeremonyMember.id == loaded.member_of(actor.id)["id"])
            others = [m for m in loaded.members if m["user"] != actor.id]
            if all(loaded.confirmed(m) for m in others):
                await self._finish(actor, await _reload(loaded))

    async def _finish(self, actor: Actor, loaded: Loaded) -> None:
        """Every member confirmed: k of the test decryptions must give 1 (a check of the whole
        key, not only of each share), then the key is ready."""
        entries = loaded.entries()
        key = election_key(entries)
        print_ = bytes.fromhex(loaded.ceremony["fingerprint"])
        k = loaded.ceremony["threshold"]
        publics = {m.x: share_public(entries, m.x) for m in entries}
        partials = []
        for m in loaded.members:
            test = json_value(m["test_decryption"])
            partials.append(
                PartialDecryption(m["x"], (hex_bytes(test["d"]),), (_proof(**test["proof"]),))
            )
        trial = trial_ciphertext(loaded.text_id, print_, key)
        counts = combine(
            trial_context(loaded.text_id), print_, Totals((trial,), 1), k, publics, partials
        )
        if counts != [1]:  # cannot happen when every proof holds; never mark such a key ready
            raise Problem(
                409, "Giải mã thử không ra kết quả đúng; hãy tạo khóa lại.", code="bad_trial"
            )
        stamp = now()
        await BallotCeremony.update(
            {BallotCeremony.status: S.DONE.value, BallotCeremony.ended_at: stamp}
        ).where(BallotCeremony.id == loaded.ceremony["id"])
        await BallotKey.update(
            {
                BallotKey.ceremony: loaded.ceremony["id"],
                BallotKey.public_key: key.hex(),
                BallotKey.threshold: k,
                BallotKey.size: len(entries),
                BallotKey.trustees: [
                    {"x": m.x, "user_id": m.user_id, "public": publics[m.x].hex()} for m in entries
                ],
                BallotKey.fingerprint: loaded.ceremony["fingerprint"],
                BallotKey.ready: True,
                BallotKey.ready_at: stamp,
            }
        ).where(BallotKey.poll == loaded.poll["id"])
        await TIMELINE.record(
            loaded.congress_id,
            actor,
            "ballot_key.ready",
            {
                "poll": loaded.poll["id"],
                "ceremony": loaded.ceremony["id"],
                "public_key": key.hex(),
                "threshold": k,
                "fingerprint": loaded.ceremony["fingerprint"],
            },
        )

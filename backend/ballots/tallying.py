"""The tally of a secret poll after close (docs/ballots.md "The tally").

A key holder posts his partial decryption of the frozen sums, each share with its
Chaum–Pedersen proof bound to the board's hash; a bad proof is refused (422) and a second one
from the same member too (409, UNIQUE(poll, x)). Once k valid partials are in, the server
combines them, reads the counts from the discrete-log table (up to the number of ballots),
stores them as the polls' source `bi_mat`, and the polls' result and minutes show the sum
with the paper figures. Nothing here, nor anywhere on the server, decrypts a single ballot:
only the sums are ever decrypted."""

from __future__ import annotations

import msgspec

from backend import db
from backend.accounts.identity import Actor
from backend.ballots.board import readable_board
from backend.ballots.board_tables import SecretBoard, SecretPartial
from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.errors import MESSAGES, BallotCryptoError
from backend.ballots.crypto.group import hex_bytes
from backend.ballots.crypto.tally import PartialDecryption, Totals, check_partial, combine
from backend.ballots.figures import electronic_totals
from backend.ballots.keys import ReadyKey
from backend.ballots.policy import POLICY
from backend.ballots.poll_context import the_key, trustee_parts
from backend.ballots.records import json_value
from backend.core.clock import now
from backend.core.problems import Problem
from backend.polls.detail import candidates_of, source_counts_json
from backend.polls.minutes import Minutes
from backend.polls.tables import PollSourceCount
from shared.ballots import BallotAction, PartialDecryptionIn, TallyState
from shared.polls import PollKind, PollSource


def _frozen(board: dict) -> tuple[dict, bytes, Totals]:
    document = msgspec.json.decode(board["document"])
    totals = Totals(
        tuple(Ciphertext(hex_bytes(s["a"]), hex_bytes(s["b"])) for s in document["sums"]),
        len(document["ballots"]),
    )
    return document, bytes.fromhex(board["board_hash"]), totals


async def _partials(poll_id: int) -> list[dict]:
    rows = (
        await SecretPartial.select(SecretPartial.partial)
        .where(SecretPartial.poll == poll_id)
        .order_by(SecretPartial.id)
    )
    return [json_value(r["partial"]) for r in rows]


class Tallying:
    def __init__(self, minutes: Minutes | None = None) -> None:
        self.minutes = minutes

    async def state(self, actor: Actor, congress_id: int, poll_id: int) -> TallyState:
        _, board, record = await readable_board(
            actor, congress_id, poll_id, BallotAction.READ_BOARD
        )
        key = await the_key(poll_id)
        return TallyState(
            poll_id=poll_id,
            board_hash=board["board_hash"],
            threshold=key.threshold,
            decrypted_by=sorted(p["x"] for p in await _partials(poll_id)),
            counts=json_value(board["counts"]) if board["counts"] is not None else None,
            member=record.member,
            actions=POLICY.actions(actor, record),
        )

    async def post(
        self, actor: Actor, congress_id: int, poll_id: int, data: PartialDecryptionIn
    ) -> TallyState:
        poll, board, record = await readable_board(
            actor, congress_id, poll_id, BallotAction.DECRYPT
        )
        if data.x != record.member:
            raise Problem(
                422,
                f"Đồng chí giữ phần khóa số {record.member}, không phải số {data.x}.",
                code="wrong_member",
            )
        key = await the_key(poll_id)
        publics = trustee_parts(key)
        document, hash_bytes, totals = _frozen(board)
        q = bytes.fromhex(document["context_hash"])
        partial_json = msgspec.to_builtins(data)
        try:
            partial = PartialDecryption.from_json(partial_json)
            check_partial(q, hash_bytes, publics[data.x], totals, partial)
        except BallotCryptoError as error:
            raise Problem(
                422, f"Phần giải mã bị từ chối: {MESSAGES[error.code]}", code=error.code
            ) from None
        posted = (
            await SecretPartial.insert(
                SecretPartial(
                    poll=poll_id, x=data.x, user=actor.id, partial=partial_json, posted_at=now()
                )
            )
            .on_conflict(target=(SecretPartial.poll, SecretPartial.x), action="DO NOTHING")
            .returning(SecretPartial.id)
        )
        if not posted:
            raise Problem(
                409,
                "Đồng chí đã gửi phần giải mã của mình cho cuộc bỏ phiếu này.",
                code="already_decrypted",
            )
        stored = await _partials(poll_id)
        if len(stored) >= key.threshold:
            await self._combine(poll, key, publics, q, hash_bytes, totals, stored)
        return await self.state(actor, congress_id, poll_id)

    async def _combine(
        self,
        poll: dict,
        key: ReadyKey,
        publics: dict[int, bytes],
        q: bytes,
        hash_bytes: bytes,
        totals: Totals,
        stored: list[dict],
    ) -> None:
        """k checked partials: the counts, the electronic source, the minutes again. Two
        members posting at once both get here; the board's row lets one of them write."""
        partials = [PartialDecryption.from_json(p) for p in stored]
        counts = combine(q, hash_bytes, totals, key.threshold, publics, partials)
        kind = PollKind(poll["kind"])
        candidates = [c.id for c in await candidates_of(poll["id"])]
        electronic = electronic_totals(kind, counts, totals.ballot_count, candidates)
        stamp = now()
        async with db.transaction():
            won = (
                await SecretBoard.update(
                    {
                        SecretBoard.counts: msgspec.json.encode(counts).decode(),
                        SecretBoard.combined_at: stamp,
                    }
                )
                .where((SecretBoard.poll == poll["id"]) & SecretBoard.combined_at.is_null())
                .returning(SecretBoard.id)
            )
            if not won:
                return
            await PollSourceCount.insert(
                PollSourceCount(
                    poll=poll["id"],
                    source=PollSource.SECRET.value,
                    issued=electronic.issued,
                    received=electronic.received,
                    valid=electronic.valid,
                    invalid=electronic.invalid,
                    counts=source_counts_json(electronic),
                    entered_by=None,
                    entered_at=stamp,
                )
            )
        if self.minutes is not None:
            await self.minutes.generate_after_close(poll["congress"], poll["id"])

"""Steps shared by the secret-ballot API tests: a secret poll whose election key is the test
dealer's (tests/vectors/ballot_fixtures.py: k = 2 of 3), not a ceremony's; the poll's context
as a phone computes it from the API's answers; a ballot built and cast; a member's partial
decryption of the frozen board's sums."""

from __future__ import annotations

from backend.ballots.crypto.ballot import build_ballot
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.group import base, hex_bytes
from backend.ballots.crypto.tally import Totals, partial_decrypt
from tests.congress_support import Built, Hall
from tests.polls_support import make_poll, open_poll, polls_url
from tests.vectors.ballot_fixtures import KEY, MEMBERS, SHARE_AT, THRESHOLD

NAMES = ("Ứng Viên Một", "Ứng Viên Hai", "Ứng Viên Ba")


async def give_key(poll_id: int, counters: list[int]) -> None:
    """The dealer's key as the ceremony would leave it: K, k, the members' public parts."""
    from backend.ballots.tables import BallotKey
    from backend.core.clock import now

    trustees = [
        {"x": x, "user_id": user, "public": base(SHARE_AT(x)).hex()}
        for x, user in zip(MEMBERS, counters, strict=True)
    ]
    await BallotKey.insert(
        BallotKey(
            poll=poll_id,
            public_key=KEY.hex(),
            threshold=THRESHOLD,
            size=len(MEMBERS),
            trustees=trustees,
            fingerprint="ab" * 64,
            ready=True,
            ready_at=now(),
        )
    )


async def secret_poll(people: Hall, built: Built, counters: list[int], **body) -> dict:
    """An open secret poll (strike-out, 3 candidates, 2 seats unless ``body`` says)."""
    fields = {
        "kind": "bau_cu_so_du",
        "mode": "bi_mat",
        "title": "Bầu Ban Chấp hành (phiếu kín)",
        "seats": 2,
        "candidates": [{"name": n} for n in NAMES],
    } | body
    poll = await make_poll(people, built, **fields)
    await give_key(poll["id"], counters)
    return await open_poll(people, built, poll["id"])


def context_of(built: Built, poll: dict) -> PollContext:
    """What the phone hashes, from the poll's detail (docs/ballots.md §5)."""
    if poll["kind"] == "bieu_quyet":
        choices = ("tan_thanh", "khong_tan_thanh", "khong_bieu_quyet")
    else:
        choices = tuple(f"{c['id']} {c['name']}" for c in poll["candidates"])
    return PollContext(
        str(built.id), str(poll["id"]), poll["kind"], poll["title"], poll["seats"], choices, KEY
    )


async def cast(person, built: Built, poll_id: int, ballot: dict):
    return await person.client.post(
        f"{polls_url(built, poll_id)}/secret-ballots", json={"ballot": ballot}
    )


def ballot_of(context: PollContext, bits, randomness=None) -> tuple[dict, list[int]]:
    made, rs = build_ballot(context, bits, randomness=randomness)
    return made.to_json(), rs


def partial_of(document: dict, x: int) -> dict:
    """Member x's partial decryption of the board's sums, as his browser makes it."""
    board = document["board"]
    totals = Totals(
        tuple(Ciphertext(hex_bytes(s["a"]), hex_bytes(s["b"])) for s in board["sums"]),
        len(board["ballots"]),
    )
    made = partial_decrypt(
        bytes.fromhex(board["context_hash"]),
        bytes.fromhex(document["board_hash"]),
        x,
        SHARE_AT(x),
        totals,
    )
    return made.to_json()

"""The browser tests' congress in session (``polls_stage``) with an open secret strike-out
poll (4 candidates, 2 seats) whose election key is already ready: the test dealer's key
(tests/secret_ballot_support.py), as a finished key ceremony leaves it, since the ceremony is
not what the casting test is about. Run with the server's environment (``python -m
tests.e2e.secret_poll_stage``); prints the ids as JSON."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.tables import User
from backend.ballots.crypto.group import base
from backend.ballots.tables import BallotKey
from backend.congress.credentials import majority_base
from backend.core.clock import now
from backend.polls.tables import Poll, PollCandidateRow
from backend.settings import get_settings
from tests.e2e.polls_stage import stage_in_session
from tests.vectors.ballot_fixtures import KEY, MEMBERS, SHARE_AT, THRESHOLD

CANDIDATES = ("Nguyễn Thị Hoa", "Trần Văn Bình", "Phạm Quốc Việt", "Lê Thu Trang")


async def stage_secret_poll() -> dict:
    staged = await stage_in_session()
    congress_id = staged["congress"]
    [chair] = await User.select(User.id).where(User.username == "lanhdao")
    [poll] = await Poll.insert(
        Poll(
            congress=congress_id,
            item=staged["item"],
            kind="bau_cu_so_du",
            mode="bi_mat",
            title="Bầu Ban Thường vụ (phiếu kín)",
            seats=2,
            rules={},
            base=await majority_base(congress_id),
            status="dang_mo",
            created_by=chair["id"],
            created_at=now(),
            opened_at=now(),
            opened_by=chair["id"],
        )
    ).returning(Poll.id)
    await PollCandidateRow.insert(
        *[
            PollCandidateRow(poll=poll["id"], name=name, position=i)
            for i, name in enumerate(CANDIDATES)
        ]
    )
    # The key's trustees are only named on it; casting never asks who they are.
    trustees = await User.select(User.id).where(
        User.username.is_in(["lanhdao", "vanthu", "canbo2"])
    )
    await give_key(poll["id"], sorted(t["id"] for t in trustees))
    staged["poll"] = poll["id"]
    return staged


async def give_key(poll_id: int, trustees: list[int]) -> None:
    """The test dealer's key as a finished ceremony leaves it: K, k, the members' public parts
    (as tests/secret_ballot_support.py, which cannot be imported here: it brings the API
    tests' settings with it)."""
    await BallotKey.insert(
        BallotKey(
            poll=poll_id,
            public_key=KEY.hex(),
            threshold=THRESHOLD,
            size=len(MEMBERS),
            trustees=[
                {"x": x, "user_id": user, "public": base(SHARE_AT(x)).hex()}
                for x, user in zip(MEMBERS, trustees, strict=True)
            ],
            fingerprint="ab" * 64,
            ready=True,
            ready_at=now(),
        )
    )


def main() -> None:
    settings = get_settings()
    print(json.dumps(db.run(stage_secret_poll, settings.database_url)))


if __name__ == "__main__":
    main()

"""The browser tests' congress in session (``polls_stage``: canbo and dangvien checked in,
lanhdao chairing) for the secret poll's journey: a counting board of three — vanthu, lanhdao,
canbo, in that order — for the key ceremony, and a third delegate (T003) checked in who votes
on paper. Run with the server's environment (``python -m tests.e2e.secret_journey_stage``);
prints the ids as JSON."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.tables import User
from backend.congress.tables import Checkin, Delegate
from backend.core.clock import now
from backend.settings import get_settings
from tests.e2e.congress_stage import add_body
from tests.e2e.polls_stage import stage_in_session


async def stage_board() -> dict:
    staged = await stage_in_session()  # vanthu is on the board already
    for username in ("lanhdao", "canbo"):
        [user] = await User.select(User.id).where(User.username == username)
        await add_body(staged["congress"], "kiem_phieu", user["id"])
    [paper_voter] = await Delegate.select(Delegate.id).where(
        (Delegate.congress == staged["congress"]) & (Delegate.code == "T003")
    )
    await Checkin.insert(
        Checkin(
            congress=staged["congress"],
            session=staged["sessions"][0],
            delegate=paper_voter["id"],
            method="thu_cong",
            at=now(),
        )
    )
    staged["paper_voter"] = paper_voter["id"]
    return staged


def main() -> None:
    print(json.dumps(db.run(stage_board, get_settings().database_url)))


if __name__ == "__main__":
    main()

"""The browser tests' congress in session (``polls_stage``) with a counting board of three —
vanthu, lanhdao (who also chairs), canbo, in that order — for the key ceremony. Run with the
server's environment (``python -m tests.e2e.ceremony_stage``); prints the ids as JSON."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.tables import User
from backend.settings import get_settings
from tests.e2e.congress_stage import add_body
from tests.e2e.polls_stage import stage_in_session


async def stage_board() -> dict:
    staged = await stage_in_session()  # vanthu is on the board already
    for username in ("lanhdao", "canbo"):
        [user] = await User.select(User.id).where(User.username == username)
        await add_body(staged["congress"], "kiem_phieu", user["id"])
    return staged


def main() -> None:
    print(json.dumps(db.run(stage_board, get_settings().database_url)))


if __name__ == "__main__":
    main()

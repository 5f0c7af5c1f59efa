"""The browser tests' congress (``congress_stage``) in session for the polls: under way, its
first session open on its first item, the two delegates with accounts checked in, vanthu on
the counting board. Run with the server's environment (``python -m tests.e2e.polls_stage``);
prints the ids as JSON."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.tables import User
from backend.congress.tables import Checkin, Congress, CongressSessionRow
from backend.core.clock import now
from backend.settings import get_settings
from tests.e2e.congress_stage import add_body, stage


async def stage_in_session() -> dict:
    staged = await stage()
    congress_id = staged["congress"]
    session = staged["sessions"][0]
    [staff] = await User.select(User.id).where(User.username == "vanthu")
    await add_body(congress_id, "kiem_phieu", staff["id"])
    await CongressSessionRow.update(
        {CongressSessionRow.status: "dang_hop", CongressSessionRow.opened_at: now()}
    ).where(CongressSessionRow.id == session)
    await Congress.update(
        {
            Congress.status: "dang_dien_ra",
            Congress.current_session_id: session,
            Congress.current_item_id: staged["items"][session][0],
        }
    ).where(Congress.id == congress_id)
    for card in staged["delegates"].values():
        await Checkin.insert(
            Checkin(
                congress=congress_id,
                session=session,
                delegate=card["id"],
                method="thu_cong",
                at=now(),
            )
        )
    staged["item"] = staged["items"][session][0]
    return staged


def main() -> None:
    settings = get_settings()
    print(json.dumps(db.run(stage_in_session, settings.database_url)))


if __name__ == "__main__":
    main()

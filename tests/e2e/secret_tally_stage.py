"""A secret poll for the browser test of the tally (``python -m tests.e2e.secret_tally_stage``
with the server's environment): the congress in session (``polls_stage``), a strike-out
``bi_mat`` poll in preparation whose election key comes from a key ceremony run in Python by
three counting-board members (``tests/ceremony_support.Member``: each deals his polynomial,
each member's share is the sum of what he receives); vanthu (member 1, also in the presidium,
so he opens and closes the poll), canbo2 (2) and lanhdao (3); a third delegate checked in who
votes on paper. Prints the ids and each member's share as JSON: the test puts a share into
its member's browser, as the ceremony's screen would have."""

from __future__ import annotations

import hashlib
import json

from backend import db
from backend.accounts.tables import User
from backend.ballots.crypto.group import ORDER, add, base, encode_scalar, random_scalar
from backend.ballots.tables import BallotKey
from backend.congress.tables import Checkin, Delegate
from backend.core.clock import now
from backend.polls.tables import Poll, PollCandidateRow
from backend.settings import get_settings
from tests.ceremony_support import Member
from tests.e2e.congress_stage import add_body
from tests.e2e.polls_stage import stage_in_session

MEMBERS = ("vanthu", "canbo2", "lanhdao")
THRESHOLD = 2
NAMES = ("Nguyễn Thị Hoa", "Trần Văn Bình", "Phạm Quốc Cường")


def ceremony(threshold: int, size: int) -> tuple[bytes, dict[int, int]]:
    """The joint key: K = Σ C_{i,0}; member x's share s_x = Σ_i f_i(x) (docs/ballots.md §13)."""
    members = [Member(client=None, x=x) for x in range(1, size + 1)]
    key = None
    for member in members:
        member.coefficients = [random_scalar() for _ in range(threshold)]
        constant = base(member.coefficients[0])
        key = constant if key is None else add(key, constant)
    shares = {m.x: sum(other.f(m.x) for other in members) % ORDER for m in members}
    return key, shares


async def stage_secret_poll() -> dict:
    staged = await stage_in_session()
    congress_id = staged["congress"]
    users = {
        u["username"]: u["id"]
        for u in await User.select(User.id, User.username).where(User.username.is_in(MEMBERS))
    }
    for username in MEMBERS[1:]:
        await add_body(congress_id, "kiem_phieu", users[username])
    await add_body(congress_id, "chu_tich", users["vanthu"])
    [paper_voter] = await Delegate.select(Delegate.id).where(
        (Delegate.congress == congress_id) & (Delegate.code == "T003")
    )
    await Checkin.insert(
        Checkin(
            congress=congress_id,
            session=staged["sessions"][0],
            delegate=paper_voter["id"],
            method="thu_cong",
            at=now(),
        )
    )
    [poll] = await Poll.insert(
        Poll(
            congress=congress_id,
            item=staged["item"],
            kind="bau_cu_so_du",
            mode="bi_mat",
            title="Bầu Ban Kiểm tra (phiếu kín điện tử)",
            seats=2,
            status="chuan_bi",
            created_by=users["vanthu"],
            created_at=now(),
        )
    ).returning(Poll.id)
    for position, name in enumerate(NAMES):
        await PollCandidateRow.insert(
            PollCandidateRow(poll=poll["id"], name=name, position=position)
        )
    key, shares = ceremony(THRESHOLD, len(MEMBERS))
    trustees = [
        {"x": x, "user_id": users[username], "public": base(shares[x]).hex()}
        for x, username in enumerate(MEMBERS, start=1)
    ]
    fingerprint = hashlib.sha512(b"e2e ceremony" + key).hexdigest()
    await BallotKey.insert(
        BallotKey(
            poll=poll["id"],
            public_key=key.hex(),
            threshold=THRESHOLD,
            size=len(MEMBERS),
            trustees=trustees,
            fingerprint=fingerprint,
            ready=True,
            ready_at=now(),
        )
    )
    staged["poll"] = poll["id"]
    staged["paper_voter"] = paper_voter["id"]
    staged["election_key"] = key.hex()
    staged["fingerprint"] = fingerprint
    staged["shares"] = {
        username: {
            "user_id": users[username],
            "x": x,
            "share": encode_scalar(shares[x]),
            "public_part": base(shares[x]).hex(),
        }
        for x, username in enumerate(MEMBERS, start=1)
    }
    return staged


def main() -> None:
    print(json.dumps(db.run(stage_secret_poll, get_settings().database_url)))


if __name__ == "__main__":
    main()

"""A secret strike-out poll through two real API worker processes on PostgreSQL and Redis
(``tests/secret_burst_support.py``): the process group killed with SIGKILL mid-burst and
started again; then what is left behind, read as an operator holding the database would.

1. Every ballot whose cast was acknowledged (201 and its tracker) is on the board and in the
   tally after close, none twice; a phone whose answer was lost sends the same ballot again and
   is either accepted or told its delegate has voted, and then his ballot is on the board.
2. Privacy: a data-only ``pg_dump`` of the database, every table read through SQL and the
   servers' logs hold no plaintext choice (no ballot row names a delegate, no row naming one of
   the voters carries a choice, no per-ballot choice vector anywhere), no decryption of any single
   ballot (no member's ``A^{s_x}`` of any ballot's ciphertext), no key share or polynomial
   coefficient of the members' Python ceremony, and none of the ballots' encryption randomness,
   in hex (either byte order), decimal or base64. The same search finds what must be there
   (the election key, a tracker, a member's public part), so it can fail.

PostgreSQL pass only (``DANGBO_TEST_BACKEND=postgres``); ``pg_dump`` must be installed
(``make pg-tools``): its absence fails the test, it does not skip it."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from backend.ballots.crypto.group import ORDER, base, hex_bytes, mul
from backend.ballots.crypto.tally import lagrange_at_zero
from backend.ballots.verify_tally import verify
from tests.conftest import BACKEND
from tests.congress_support import hall
from tests.documents_support import person
from tests.secret_burst_support import CANDIDATES, VOTERS, Run, secret_poll_through_a_kill

pytestmark = [
    pytest.mark.skipif(BACKEND != "postgres", reason="runs in the PostgreSQL pass"),
    pytest.mark.timeout(300),
]
HEX_64 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture(scope="module")
async def run(app, tmp_path_factory) -> Run:
    async with contextlib.AsyncExitStack() as stack:
        people = await hall(app, stack)
        counters = [
            people.staff,
            *[
                await person(app, stack, f"Kiểm Phiếu Viên Ngắt {i}", ["dang_vien"], "DBTP.CB01")
                for i in (1, 2)
            ],
        ]
        yield await secret_poll_through_a_kill(people, counters, tmp_path_factory.mktemp("kill"))


async def test_every_acknowledged_ballot_survives_the_kill(run: Run):
    from backend.polls.tables import PollParticipation

    assert run.acknowledged, "no ballot was acknowledged before the kill"
    assert len(run.acknowledged) < VOTERS, "the kill came after the burst, not during it"
    # What the server answered is the tracker the phone computed.
    assert all(run.answered[i] == run.trackers[i] for i in run.answered)
    # After the restart: accepted, or told he has voted (his first ballot was stored).
    assert set(run.retried.values()) <= {201, 409}, run.retried

    board = run.board["board"]
    on_board = Counter(b["tracker"] for b in board["ballots"])
    assert max(on_board.values()) == 1, "a ballot is on the board twice"
    assert {run.trackers[i] for i in run.acknowledged} <= set(on_board)
    assert set(on_board) == set(run.trackers.values())
    assert len(board["ballots"]) == VOTERS == len(board["voters"])
    participation = await PollParticipation.count().where(PollParticipation.poll == run.poll_id)
    assert participation == VOTERS

    # In the tally: the counts are the sums of exactly these ballots, and both verifiers'
    # Python side agrees with the published board.
    expected = [sum(run.bits[i][c] for i in range(VOTERS)) for c in range(len(CANDIDATES))]
    assert run.board["counts"] == expected
    secret = next(s for s in run.result["sources"] if s["source"] == "bi_mat")
    assert secret["valid"] == VOTERS
    votes = {c["candidate_id"]: c["votes"] for c in run.result["total"]["candidates"]}
    assert [votes[c] for c in run.candidate_ids] == expected
    assert verify(run.board) == []


# ---- privacy ----------------------------------------------------------------------------------


def _scalar_forms(label: str, value: int) -> dict[str, str]:
    little, big = value.to_bytes(32, "little"), value.to_bytes(32, "big")
    forms = {
        f"{label} (hex)": little.hex(),
        f"{label} (hex, big-endian)": big.hex(),
        f"{label} (decimal)": str(value),
    }
    for name, raw in (("", little), (", big-endian", big)):
        forms[f"{label} (base64{name})"] = base64.b64encode(raw).decode().rstrip("=")
        forms[f"{label} (base64url{name})"] = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return forms


def _forbidden(run: Run) -> dict[str, str]:
    """Every secret of the run, as it could be written down → what it is."""
    needles: dict[str, str] = {}
    shares = {m.x: m.share for m in run.members}
    whole = sum(m.coefficients[0] for m in run.members) % ORDER
    assert base(whole) == hex_bytes(run.board["board"]["key"]["public_key"])  # the key it is
    weights = lagrange_at_zero(sorted(shares)[:2])
    assert sum(weights[x] * shares[x] for x in weights) % ORDER == whole
    for forms in (
        *(_scalar_forms(f"key share s_{x}", s) for x, s in shares.items()),
        _scalar_forms("election secret key s", whole),
        *(
            _scalar_forms(f"member {m.x}'s coefficient a_{j}", a)
            for m in run.members
            for j, a in enumerate(m.coefficients)
        ),
        *(
            _scalar_forms(f"share f_{sender}({m.x}) sent to member {m.x}", v)
            for m in run.members
            for sender, v in m.received.items()
        ),
        *(
            _scalar_forms(f"voter {i}'s randomness r_{c}", r)
            for i, rs in run.randomness.items()
            for c, r in enumerate(rs)
        ),
    ):
        needles |= {value: label for label, value in forms.items()}
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    for m in run.members:
        raw = m.transport.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        needles[raw.hex()] = f"member {m.x}'s X25519 transport private key"
    # A decryption of one ballot needs some member's A^{s_x}, or its Lagrange-weighted part.
    # (A^s itself is not looked for: it equals B when the bit is 0, and B is on the board.)
    for n, entry in enumerate(run.board["board"]["ballots"]):
        for c, ct in enumerate(entry["ballot"]["ciphertexts"]):
            a = hex_bytes(ct["a"])
            for x, s in shares.items():
                needles[mul(s, a).hex()] = f"ballot {n}, ciphertext {c}: member {x}'s A^s_x"
                if x in weights:
                    weighted = mul(weights[x] * s % ORDER, a).hex()
                    needles[weighted] = f"ballot {n}, ciphertext {c}: member {x}'s λ·A^s_x"
    # A ballot's plaintext written as its choice vector.
    for i, bits in run.bits.items():
        needles[json.dumps(bits)] = f"voter {i}'s choices"
        needles[json.dumps(bits, separators=(",", ":"))] = f"voter {i}'s choices"
    return needles


def _found(needles: dict[str, str], files: list[Path], tmp: Path) -> dict[str, str]:
    """grep -F (Aho–Corasick) over everything at once: needle → where it was seen."""
    listing = tmp / "needles.txt"
    listing.write_text("\n".join(needles), encoding="utf-8")
    seen: dict[str, str] = {}
    for path in files:
        out = subprocess.run(
            ["grep", "-F", "-i", "-o", "-f", str(listing), str(path)],
            capture_output=True,
            text=True,
            errors="replace",
        )
        assert out.returncode in (0, 1), out.stderr
        lowered = {k.lower(): k for k in needles}
        for match in set(out.stdout.split("\n")) - {""}:
            seen.setdefault(lowered.get(match.lower(), match), path.name)
    return seen


async def _tables(database_url: str, out: Path) -> tuple[Path, dict[str, list[dict]]]:
    """Every table of the schema, every row as JSON, into one file; and the rows of this
    poll's tables (those with a ``poll`` column) that mention a person."""
    import asyncpg

    conn = await asyncpg.connect(database_url, timeout=10)
    mentions: dict[str, list[dict]] = {}
    try:
        tables = [
            r["table_name"]
            for r in await conn.fetch(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        assert {"secret_ballot", "poll_participation", "ballot_key"} <= set(tables)
        with out.open("w", encoding="utf-8") as sink:
            for table in tables:
                for row in await conn.fetch(f'SELECT row_to_json(t)::text AS j FROM "{table}" t'):
                    sink.write(f"{table}\t{row['j']}\n")
        polled = await conn.fetch(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'poll'"
        )
        for r in polled:
            rows = await conn.fetch(f'SELECT row_to_json(t)::text AS j FROM "{r[0]}" t')
            mentions[r[0]] = [json.loads(row["j"]) for row in rows]
    finally:
        await conn.close()
    return out, mentions


async def test_nothing_left_behind_reads_a_vote(run: Run, tmp_path: Path):
    database_url = os.environ["DANGBO_DATABASE_URL"]
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is missing: `make pg-tools` installs postgresql-client"
    dump = tmp_path / "dump.sql"
    done = await asyncio.to_thread(
        subprocess.run,
        [pg_dump, "--data-only", "--format=plain", "--no-owner", "-f", str(dump), database_url],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rows_file, by_table = await _tables(database_url, tmp_path / "tables.jsonl")
    logs = run.machine.log_path
    assert logs.stat().st_size > 0 and "secret-ballots" in logs.read_text(errors="replace")
    files = [dump, rows_file, logs]

    # The search can fail: what must be published is found in each source.
    key = run.board["board"]["key"]["public_key"]
    some_tracker = run.trackers[min(run.acknowledged)]
    present = _found({key: "K", some_tracker: "tracker"}, [dump], tmp_path)
    assert set(present) == {key, some_tracker}, present
    assert _found({key: "K"}, [rows_file], tmp_path) == {key: rows_file.name}
    assert "/secret-ballots" in logs.read_text(errors="replace")

    leaked = _found(_forbidden(run), files, tmp_path)
    forbidden = _forbidden(run)
    assert not leaked, {forbidden[n]: where for n, where in leaked.items()}

    # The encrypted ballots: no one named, nothing but points and scalars.
    ballots = [r for r in by_table["secret_ballot"] if r["poll"] == run.poll_id]
    assert len(ballots) == VOTERS
    assert {k for r in ballots for k in r} == {"id", "poll", "tracker", "ballot"}

    def leaves(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from leaves(v)
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v)
        else:
            yield value

    for r in ballots:
        assert all(isinstance(v, str) and HEX_64.match(v) for v in leaves(r["ballot"])), r
    # The open ballots' table (delegate + choice) holds nothing for a secret poll, and the
    # only row of this poll naming a voter is his participation mark: poll, delegate, channel,
    # who recorded it and when, no choice.
    assert not [r for r in by_table.get("poll_ballot", []) if r["poll"] == run.poll_id]
    delegates, users = set(run.voter_delegates.values()), set(run.voter_users.values())
    naming = {
        table
        for table, rows in by_table.items()
        for r in rows
        if r["poll"] == run.poll_id
        and (
            r.get("delegate") in delegates
            or any(r.get(c) in users for c in ("user", "recorded_by", "user_id"))
        )
    }
    assert naming == {"poll_participation"}, naming
    marks = [r for r in by_table["poll_participation"] if r["poll"] == run.poll_id]
    columns = {"id", "poll", "delegate", "channel", "recorded_by", "at"}
    assert {k for r in marks for k in r} == columns
    assert {r["channel"] for r in marks} == {"dien_tu"}

"""A secret strike-out poll run to its result through two real API worker processes on
PostgreSQL and Redis, the process group killed with SIGKILL mid-burst and started again
(``tests/api/test_ballots_killed.py``). The counting board's key comes from a Python ceremony
(``tests/ceremony_support.py``) run over the API; every secret the test made — the members'
polynomials and shares, their transport keys, each ballot's randomness — is kept, so that the
privacy test can look for it in the database, its dump and the servers' logs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from backend.ballots.crypto.ballot import build_ballot, tracker
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.group import hex_bytes
from backend.ballots.crypto.tally import Totals, partial_decrypt
from backend.settings import PROJECT_ROOT
from tests.api.test_two_machines import Browser, Machine
from tests.ceremony_support import Member, ceremony_url, run_ceremony
from tests.congress_support import Hall, add_body, add_delegate
from tests.polls_support import in_session, make_poll, polls_url

CANDIDATES = ("Ứng Viên Một", "Ứng Viên Hai", "Ứng Viên Ba", "Ứng Viên Bốn", "Ứng Viên Năm")
SEATS = 3
VOTERS = 24


class WorkersMachine(Machine):
    """``dangbo serve --api-only --workers 2``; its log kept across restarts (appended)."""

    def _launch(self) -> subprocess.Popen:
        log = open(self.var_dir / "serve.log", "ab")  # noqa: SIM115 - kept for the process
        return subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve", "--api-only", "--workers", "2",
             "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    @property
    def log_path(self) -> Path:
        return self.var_dir / "serve.log"


def on_machine(person, machine: Machine) -> httpx.AsyncClient:
    """An in-process test person's session, used against the real server (the sessions live
    in PostgreSQL and Redis, which both share)."""
    cookies = {k: person.client.cookies[k] for k in ("dangbo_session", "csrftoken")}
    return httpx.AsyncClient(
        base_url=machine.url,
        cookies=cookies,
        headers={"x-csrftoken": cookies["csrftoken"]},
        timeout=60,
    )


def kept_bits(n: int) -> list[int]:
    """Voter n's ballot: keeps between 1 and SEATS names, spread over the candidates."""
    keep = n % SEATS + 1
    return [1 if (i - n) % len(CANDIDATES) < keep else 0 for i in range(len(CANDIDATES))]


@dataclass
class Run:
    """What happened, and every secret the test's devices held."""

    machine: WorkersMachine
    congress_id: int
    poll_id: int
    trackers: dict[int, str] = field(default_factory=dict)  # voter → his ballot's tracker
    answered: dict[int, str] = field(default_factory=dict)  # voter → tracker the server sent
    bits: dict[int, list[int]] = field(default_factory=dict)
    randomness: dict[int, list[int]] = field(default_factory=dict)
    acknowledged: set[int] = field(default_factory=set)  # 201 + tracker before the kill
    retried: dict[int, int] = field(default_factory=dict)  # voter → status after the restart
    members: list[Member] = field(default_factory=list)
    voter_delegates: dict[int, int] = field(default_factory=dict)
    voter_users: dict[int, int] = field(default_factory=dict)
    candidate_ids: list[int] = field(default_factory=list)
    board: dict = field(default_factory=dict)  # the published board, after the tally
    result: dict = field(default_factory=dict)


async def _ceremony(people: Hall, built, poll_id: int, counters, machine) -> list[Member]:
    url = ceremony_url(built.id, poll_id)
    secretary = on_machine(people.secretary, machine)
    started = await secretary.post(url, json={"threshold": 2})
    assert started.status_code == 201, started.text
    await secretary.aclose()
    members = [Member(client=on_machine(p, machine)) for p in counters]
    await run_ceremony(url, members)
    return members


async def _voters(machine, congress_id: int, session_id: int, run: Run) -> list[Browser]:
    from backend.congress.tables import Checkin
    from backend.core.clock import now

    voters = [Browser() for _ in range(VOTERS)]
    await asyncio.gather(
        *(
            v.enroll(machine, f"Đại Biểu Phiếu Kín {i}", ["dang_vien"], "DBTP.CB01")
            for i, v in enumerate(voters)
        )
    )
    for i, voter in enumerate(voters):
        me = (await voter.client.get(f"{machine.url}/api/me")).json()
        run.voter_users[i] = me["id"]
        run.voter_delegates[i] = await add_delegate(
            congress_id, me["full_name"], user_id=me["id"], code=f"K{i:03d}"
        )
        await Checkin.insert(
            Checkin(
                congress=congress_id,
                session=session_id,
                delegate=run.voter_delegates[i],
                method="thu_cong",
                at=now(),
            )
        )
    return voters


async def secret_poll_through_a_kill(people: Hall, counters, tmp_path: Path) -> Run:
    """The whole run; the machine is left stopped."""
    machine = WorkersMachine("kin", tmp_path / "kin")
    await machine.start()
    browsers: list[Browser] = []
    clients: list[httpx.AsyncClient] = []
    try:
        built = await in_session(people)
        for counter in counters[1:]:
            await add_body(built.id, "kiem_phieu", counter.id)
        poll = await make_poll(
            people,
            built,
            kind="bau_cu_so_du",
            mode="bi_mat",
            title="Bầu Ban Chấp hành (phiếu kín, thử ngắt máy)",
            seats=SEATS,
            candidates=[{"name": n} for n in CANDIDATES],
        )
        run = Run(machine, built.id, poll["id"])
        run.candidate_ids = [c["id"] for c in poll["candidates"]]
        run.members = await _ceremony(people, built, poll["id"], counters, machine)
        clients += [m.client for m in run.members]
        browsers = await _voters(machine, built.id, built.sessions[0], run)
        chair = on_machine(people.chair, machine)
        clients.append(chair)
        url = polls_url(built, poll["id"])
        opened = await chair.post(f"{url}/open")
        assert opened.status_code == 200, opened.text
        detail = opened.json()

        from backend.ballots.keys import ready_key

        key = await ready_key(poll["id"])
        assert key is not None
        context = PollContext(
            str(built.id),
            str(poll["id"]),
            detail["kind"],
            detail["title"],
            detail["seats"],
            tuple(f"{c['id']} {c['name']}" for c in detail["candidates"]),
            key.public_key,
        )
        # Every ballot made before the burst, as the phones would have.
        ballots = {}
        for i in range(VOTERS):
            run.bits[i] = kept_bits(i)
            made, run.randomness[i] = build_ballot(context, run.bits[i])
            ballots[i] = made.to_json()
            run.trackers[i] = tracker(context, made)

        cast_url = f"{machine.url}{url}/secret-ballots"
        first_acks = asyncio.Event()

        async def cast(i: int) -> None:
            try:
                answer = await browsers[i].client.post(cast_url, json={"ballot": ballots[i]})
            except httpx.TransportError:
                return
            if answer.status_code == 201:
                run.answered[i] = answer.json()["tracker"]
                run.acknowledged.add(i)
                if len(run.acknowledged) >= 4:
                    first_acks.set()

        burst = [asyncio.create_task(cast(i)) for i in range(VOTERS)]
        await asyncio.wait_for(first_acks.wait(), 60)
        machine.kill()
        await asyncio.gather(*burst)
        await machine.start()
        # The phones whose answer never came send the same ballot again.
        for i in range(VOTERS):
            if i in run.acknowledged:
                continue
            again = await browsers[i].client.post(cast_url, json={"ballot": ballots[i]})
            run.retried[i] = again.status_code
            if again.status_code == 201:
                run.answered[i] = again.json()["tracker"]

        closed = await chair.post(f"{url}/close")
        assert closed.status_code == 200, closed.text
        board = (await chair.get(f"{url}/secret-board")).json()
        sums = board["board"]["sums"]
        totals = Totals(
            tuple(Ciphertext(hex_bytes(s["a"]), hex_bytes(s["b"])) for s in sums),
            len(board["board"]["ballots"]),
        )
        for member in run.members[:2]:
            partial = partial_decrypt(
                bytes.fromhex(board["board"]["context_hash"]),
                bytes.fromhex(board["board_hash"]),
                member.x,
                member.share,
                totals,
            )
            posted = await member.client.post(f"{url}/tally/partials", json=partial.to_json())
            assert posted.status_code == 201, posted.text
        run.board = (await chair.get(f"{url}/secret-board")).json()
        run.result = (await chair.get(f"{url}/result")).json()
        return run
    finally:
        machine.stop()
        for client in clients:
            with contextlib.suppress(Exception):
                await client.aclose()
        for browser in browsers:
            await browser.client.aclose()

"""Checking a cast ballot's proofs off the event loop: about 17 ms of CPU per 18-candidate
ballot, so a burst of casts would stall every other request. A process pool per API worker,
sized by ``ballot_check_workers``, started and stopped with the app; 0 checks inline."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager

from litestar import Litestar

from backend.ballots.crypto.ballot import tracker, verify_ballot_json
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.errors import BallotCryptoError


def check_cast(context_json: dict, ballot_json: object) -> tuple[bool, str, list[str]]:
    """(True, tracker, first components) or (False, error code, [detail]). The answer is
    plain data: the exception does not cross the process boundary."""
    try:
        context = PollContext.from_json(context_json)
        ballot = verify_ballot_json(context, ballot_json)
    except BallotCryptoError as error:
        return False, error.code, [error.detail]
    return True, tracker(context, ballot), [ct.a.hex() for ct in ballot.ciphertexts]


class BallotChecker:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        if self.workers > 0:
            # "spawn": a fresh interpreter, not a fork of one with an event loop and sockets.
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn")
            )
        try:
            yield
        finally:
            pool, self._pool = self._pool, None
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    async def check(self, context_json: dict, ballot_json: object) -> tuple[bool, str, list[str]]:
        if self._pool is None:
            return check_cast(context_json, ballot_json)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, check_cast, context_json, ballot_json)


@asynccontextmanager
async def ballot_checks(app: Litestar) -> AsyncIterator[None]:
    async with app.state.services.get(BallotChecker).running():
        yield

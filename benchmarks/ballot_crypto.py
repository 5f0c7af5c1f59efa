"""CPU per secret ballot: verifying (the server's job at cast) and building (the phone's, in
Python here; the browser's own figure is measured with the JavaScript code).

    .venv/bin/python -m benchmarks.ballot_crypto [--ballots 30] [--repeats 5]

A strike-out ballot of 18 candidates for 15 seats (18 0/1 proofs and one 15-way range proof),
and the bare group operations it is made of. ``time.process_time``, best of ``--repeats``
rounds, in milliseconds (microseconds for the operations).
"""

from __future__ import annotations

import argparse
import time

from backend.ballots.crypto.ballot import build_ballot, verify_ballot
from backend.ballots.crypto.group import base, is_identity, mul, random_scalar
from tests.vectors.ballot_fixtures import CONTEXTS, STRIKE_15


def best(repeats: int, rounds: int, work) -> float:
    """The least CPU seconds per call over ``repeats`` rounds of ``rounds`` calls."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(rounds):
            work()
        times.append((time.process_time() - start) / rounds)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ctx = CONTEXTS["strike_out"]
    point, k = base(random_scalar()), random_scalar()
    assert not is_identity(point)
    variable = best(args.repeats, 500, lambda: mul(k, point))
    fixed = best(args.repeats, 500, lambda: base(k))
    print(f"variable-base multiplication: {variable * 1e6:.0f} µs")
    print(f"fixed-base multiplication:    {fixed * 1e6:.0f} µs")
    ballot, _ = build_ballot(ctx, STRIKE_15)
    verify = best(args.repeats, args.ballots, lambda: verify_ballot(ctx, ballot))
    build = best(args.repeats, args.ballots, lambda: build_ballot(ctx, STRIKE_15))
    print(f"verify one 18-candidate strike-out ballot: {verify * 1e3:.1f} ms CPU")
    print(f"build one (encrypt and prove):             {build * 1e3:.1f} ms CPU")


if __name__ == "__main__":
    main()

"""The secret ballots' cryptography in Chromium, with the CPU slowed 4× (CDP
``Emulation.setCPUThrottlingRate``) to stand for a cheap phone.

    .venv/bin/python -m benchmarks.ballot_browser [--ballots 1000] [--rounds 5] [--rate 4]

Debian's Chromium (``/usr/bin/chromium``, headless, through Playwright) opens a static page
served from a root laid out as the PWA build lays it out (``copy_es_modules`` for ``/noble/``,
``pwa/public/phieu-kin/`` beside it, as ``tests/unit/test_ballot_crypto_js.py`` does) and imports
the served ``/phieu-kin/`` modules. Measured, with the CPU slowed ``--rate`` times unless said:

1. a delegate's phone: encrypt and prove one 18-candidate strike-out ballot for 15 seats
   (``buildBallot``), median of ``--rounds`` after a warm-up (the target: under 3 s);
2. a board member's browser at close, the ballots already checked during the poll: the sums
   of ``--ballots`` ballots (``sumBallots``) and his partial decryption of them with its proofs
   (``partialDecrypt``), the wall time from close to the partial ready;
3. checking the ballots as they arrive: ``--ballots`` ballots made in Python beforehand (a
   process pool) verified one by one (``verifyBallotJSON``) in a module Web Worker, as a board
   member's browser does during the poll: per ballot, and the whole; and a sample of
   ``--rounds`` verified on the page's main thread with the CPU slowed (Chromium's throttling
   is certain to apply there; whether it reaches a worker is not documented).

The key is a test dealer's (k = 2 of 3), made here; the ballots keep 1 to 15 names.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.secret_ballot_burst import build_all

CHROMIUM = os.environ.get("DANGBO_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WORKER = """\
import { PollContext } from "/phieu-kin/context.js";
import { verifyBallotJSON } from "/phieu-kin/ballot.js";

onmessage = ({ data }) => {
  const context = PollContext.fromJSON(data.context);
  const each = [];
  const started = performance.now();
  for (const ballot of data.ballots) {
    const t0 = performance.now();
    verifyBallotJSON(context, ballot);
    each.push(performance.now() - t0);
  }
  postMessage({ total: performance.now() - started, each });
};
"""

BUILD = """async ({ context, bits, rounds }) => {
  const { PollContext } = await import("/phieu-kin/context.js");
  const { buildBallot } = await import("/phieu-kin/ballot.js");
  const ctx = PollContext.fromJSON(context);
  buildBallot(ctx, bits); // warm-up: noble's base-point table, the JIT
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    buildBallot(ctx, bits)[0].toJSON();
    times.push(performance.now() - t0);
  }
  return times;
}"""

VERIFY_SAMPLE = """async ({ context, ballots }) => {
  const { PollContext } = await import("/phieu-kin/context.js");
  const { verifyBallotJSON } = await import("/phieu-kin/ballot.js");
  const ctx = PollContext.fromJSON(context);
  verifyBallotJSON(ctx, ballots[0]); // warm-up
  return ballots.map((b) => {
    const t0 = performance.now();
    verifyBallotJSON(ctx, b);
    return performance.now() - t0;
  });
}"""

# The ballots are parsed when they arrive (as the worker checked them); what close costs is
# the sums and the partial decryption.
PARTIAL = """async ({ context, ballots, share, x, boardHash }) => {
  const { PollContext } = await import("/phieu-kin/context.js");
  const { Ballot } = await import("/phieu-kin/ballot.js");
  const { sumBallots, partialDecrypt, partialToJSON } = await import("/phieu-kin/tally.js");
  const ctx = PollContext.fromJSON(context);
  const parsed = ballots.map((b) => Ballot.fromJSON(ctx, b));
  const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
  const t0 = performance.now();
  const totals = sumBallots(parsed[0].ciphertexts.length, parsed);
  const summed = performance.now();
  const partial = partialToJSON(
    partialDecrypt(ctx.hash, hex(boardHash), x, BigInt(share), totals),
  );
  const done = performance.now();
  return { sum_ms: summed - t0, partial_ms: done - summed, d: partial.d.length };
}"""

VERIFY_IN_WORKER = """async ({ context, ballots }) => {
  const worker = new Worker("/verify-worker.js", { type: "module" });
  const answer = await new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ context, ballots });
  });
  worker.terminate();
  return answer;
}"""


def served_root() -> Path:
    from frontend.pwa_plugin import PUBLIC_DIR, copy_es_modules, ensure_build_tools

    ensure_build_tools()
    root = Path(tempfile.mkdtemp(prefix="dangbo-ballot-browser-"))
    copy_es_modules(root)
    shutil.copytree(PUBLIC_DIR / "phieu-kin", root / "phieu-kin")
    (root / "verify-worker.js").write_text(WORKER, encoding="utf-8")
    (root / "index.html").write_text(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>đo</title></html>',
        encoding="utf-8",
    )
    return root


@contextlib.contextmanager
def static_server(root: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def dealer() -> tuple[object, dict[int, int]]:
    """A context for an 18-candidate strike-out poll and a k = 2 of 3 sharing of its key."""
    from backend.ballots.crypto.context import PollContext
    from backend.ballots.crypto.group import ORDER, base, random_scalar

    secret, slope = random_scalar(), random_scalar()
    shares = {x: (secret + slope * x) % ORDER for x in (1, 2, 3)}
    context = PollContext(
        "1",
        "1",
        "bau_cu_so_du",
        "Bầu Ban Chấp hành (đo trên trình duyệt)",
        15,
        tuple(f"{i + 1} Ứng viên số {i + 1}" for i in range(18)),
        base(secret),
    )
    return context, shares


def _line(label: str, ms: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(ms):.0f} ms (min {min(ms):.0f}, max {max(ms):.0f}, "
        f"{len(ms)} rounds)"
    )


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m benchmarks.ballot_browser")
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rate", type=float, default=4)
    parser.add_argument("--build-processes", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    print(
        f"Secret ballots in Chromium, CPU ×{args.rate:g}; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    context, shares = dealer()
    context_json = context.to_json()
    t0 = time.perf_counter()
    ballots = build_all(context_json, args.ballots, args.build_processes)
    print(f"  {len(ballots)} ballots made in Python in {time.perf_counter() - t0:.1f} s")
    root = served_root()
    try:
        with static_server(root) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.goto(f"{url}/index.html")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.rate})
            bits = [1] * 15 + [0] * 3
            build = page.evaluate(
                BUILD, {"context": context_json, "bits": bits, "rounds": args.rounds}
            )
            sample = page.evaluate(
                VERIFY_SAMPLE, {"context": context_json, "ballots": ballots[: args.rounds + 1]}
            )
            t0 = time.perf_counter()
            partial = page.evaluate(
                PARTIAL,
                {
                    "context": context_json,
                    "ballots": ballots,
                    "share": str(shares[1]),
                    "x": 1,
                    "boardHash": "ab" * 64,
                },
            )
            worker = page.evaluate(VERIFY_IN_WORKER, {"context": context_json, "ballots": ballots})
            throttled_wall = time.perf_counter() - t0
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            unthrottled = page.evaluate(
                BUILD, {"context": context_json, "bits": bits, "rounds": args.rounds}
            )
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert partial["d"] == 18
    print()
    print(_line(f"encrypt + prove one 18-candidate ballot, CPU ×{args.rate:g}", build))
    print(_line("  the same, CPU ×1", unthrottled))
    print(_line(f"verify one ballot on the page, CPU ×{args.rate:g}", sample))
    n = len(ballots)
    print(
        f"board member at close, CPU ×{args.rate:g}, {n} ballots already checked: sums "
        f"{partial['sum_ms']:.0f} ms + partial decryption {partial['partial_ms']:.0f} ms = "
        f"{partial['sum_ms'] + partial['partial_ms']:.0f} ms"
    )
    each = worker["each"]
    print(
        f"verify {n} ballots in a Web Worker (throttling set on the page): "
        f"{worker['total'] / 1000:.1f} s, per ballot median {statistics.median(each):.0f} ms "
        f"(p95 {sorted(each)[int(len(each) * 0.95)]:.0f} ms)"
    )
    print(f"(wall time of the close and worker steps: {throttled_wall:.1f} s)")
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

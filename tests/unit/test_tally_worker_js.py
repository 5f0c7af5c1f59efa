"""The board member's worker (``pwa/public/kiem-phieu-kin-worker.js``) in Node, on a board made
as the server makes it (``test_verify_tally``): the ballots checked while the poll is open are
not checked again at close; a sound board passes and the member's partial decryption is
accepted by the server's check; a tampered ballot, an added one, or a share of another key is
named in Vietnamese and nothing is decrypted."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest

from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.group import base, encode_scalar, hex_bytes
from backend.ballots.crypto.tally import PartialDecryption, Totals, check_partial
from tests.unit.test_verify_tally import _added, _proof, document  # noqa: F401 — the fixture
from tests.unit.test_vi_fold_json import _node
from tests.vectors.ballot_fixtures import KEY, SHARE_AT

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "pwa" / "public" / "kiem-phieu-kin-worker.js"
HARNESS = ROOT / "tests" / "js" / "tally_worker.mjs"

pytestmark = pytest.mark.skipif(not _node(), reason="Node is not installed")


def _run(root: Path, messages: list[dict]) -> list[dict]:
    done = subprocess.run(
        [_node(), str(HARNESS), str(root), str(WORKER)],
        input=json.dumps(messages),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _opening(doc: dict, count: int) -> list[dict]:
    board = doc["board"]
    fed = [{"seq": i + 1, **b} for i, b in enumerate(board["ballots"][:count])]
    return [
        {
            "id": 1,
            "type": "context",
            "context": board["context"],
            "contextHash": board["context_hash"],
        },
        {"id": 2, "type": "ballots", "ballots": fed},
    ]


def _decrypt(x: int, share: int) -> dict:
    return {
        "id": 9,
        "type": "decrypt",
        "share": encode_scalar(share),
        "x": x,
        "electionKey": KEY.hex(),
    }


def test_a_sound_board_passes_and_the_partial_decryption_holds(document, served_root):  # noqa: F811
    answers = _run(
        served_root,
        [
            *_opening(document, 2),
            {"id": 3, "type": "board", "document": document},
            _decrypt(2, SHARE_AT(2)),
        ],
    )
    context, fed, board, made = answers
    assert context == {"id": 1, "ok": True}
    assert fed == {"id": 2, "checked": 2, "failures": []}
    assert board["failures"] == [] and board["fresh"] == 1  # two of three checked already
    assert board["boardHash"] == document["board_hash"]
    sums = document["board"]["sums"]
    totals = Totals(
        tuple(Ciphertext(hex_bytes(s["a"]), hex_bytes(s["b"])) for s in sums),
        len(document["board"]["ballots"]),
    )
    check_partial(
        bytes.fromhex(document["board"]["context_hash"]),
        bytes.fromhex(document["board_hash"]),
        base(SHARE_AT(2)),
        totals,
        PartialDecryption.from_json(made["partial"]),
    )


def test_each_failure_is_named_and_nothing_is_decrypted(document, served_root):  # noqa: F811
    for change, words in (
        (_proof, "Phiếu thứ 2 trên bảng: bằng chứng không hợp lệ"),
        (_added, "Số phiếu trên bảng (4) khác số đại biểu đã bỏ phiếu điện tử (3)"),
    ):
        tampered = copy.deepcopy(document)
        change(tampered)
        answers = _run(
            served_root,
            [
                *_opening(document, 3),
                {"id": 3, "type": "board", "document": tampered},
                _decrypt(2, SHARE_AT(2)),
            ],
        )
        failures = answers[2]["failures"]
        assert any(words in f for f in failures), failures
        assert any("Mã băm của bảng phiếu" in f for f in failures), failures
        assert "chưa qua kiểm tra" in answers[3]["failure"]
    wrong_share = _run(
        served_root,
        [{"id": 3, "type": "board", "document": document}, _decrypt(2, SHARE_AT(1))],
    )
    assert "không khớp" in wrong_share[1]["failure"]

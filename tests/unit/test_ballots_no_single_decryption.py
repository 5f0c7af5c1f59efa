"""The ballots domain's server code (outside the core) holds no way to decrypt one ballot:
no function of its own decrypts, nothing calls the member's side of a decryption (which needs
a key share the server never has), nothing imports ``random``; ``combine`` is called only on
the frozen board's sums; and the encrypted ballot's tables carry no delegate or user."""

from __future__ import annotations

import ast
from pathlib import Path

import backend.ballots
from backend.ballots.board_tables import SecretBallot, SecretCiphertext

DOMAIN = Path(backend.ballots.__file__).resolve().parent
# Named for the refusal to post a partial decryption, not for decrypting anything.
REFUSALS = {"_cannot_decrypt"}
MEMBER_SIDE = {"partial_decrypt", "prove_decryption", "decrypt", "prove_key"}


def _modules():
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) > 10  # the scan sees the domain
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in files]


def _called(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def test_no_server_function_decrypts_a_ballot():
    combined_in = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name not in REFUSALS
            ):
                assert "decrypt" not in node.name.lower(), (path.name, node.name)
            if isinstance(node, ast.ImportFrom):
                names = {a.name for a in node.names}
                assert not names & MEMBER_SIDE, (path.name, names & MEMBER_SIDE)
                assert node.module != "random", path.name
            if isinstance(node, ast.Import):
                assert "random" not in {a.name for a in node.names}, path.name
            if isinstance(node, ast.Call):
                assert _called(node) not in MEMBER_SIDE, (path.name, _called(node))
                if _called(node) == "combine":
                    combined_in.append(path.name)
    # The server combines the members' shares of the board's sums in one place (verify-tally
    # redoes it); the ceremony combines the test decryptions of its own trial ciphertext.
    assert sorted(set(combined_in)) == ["checking.py", "tallying.py", "verify_tally.py"]


def test_the_encrypted_ballot_names_no_one():
    for table in (SecretBallot, SecretCiphertext):
        names = {c._meta.name for c in table._meta.columns}
        assert not names & {"delegate", "user", "at", "cast_at", "created_at"}, names

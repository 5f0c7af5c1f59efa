"""The ballots domain's server code (outside the core) holds no way to decrypt one ballot:
no function of its own decrypts, nothing calls the member's side of a decryption (which needs
a key share the server never has), nothing imports ``random``; ``combine`` is called only on
the frozen board's sums; and the encrypted ballot's tables carry no delegate or user.

The same over every module of the server (``backend/``, every domain, the CLI): none reaches
the member's side of the core, none combines partial decryptions but the three ballots
modules; and the core itself has no decrypting function beyond a member's partial decryption
of the sums (with its proof) and ``combine``."""

from __future__ import annotations

import ast
from pathlib import Path

import backend.ballots
from backend.ballots.board_tables import SecretBallot, SecretCiphertext

DOMAIN = Path(backend.ballots.__file__).resolve().parent
SERVER = DOMAIN.parent
CORE = DOMAIN / "crypto"
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


def _server_modules():
    """Every module of ``backend/`` but the core, which defines the member's side."""
    files = [p for p in sorted(SERVER.rglob("*.py")) if CORE not in p.parents]
    assert len(files) > 100 and any(p.parent == DOMAIN for p in files)
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in files]


def _imported_names(node: ast.Import | ast.ImportFrom) -> set[str]:
    return {a.name.rsplit(".", 1)[-1] for a in node.names}


def test_no_server_module_reaches_the_member_side():
    combined_in = []
    for path, tree in _server_modules():
        where = str(path.relative_to(SERVER))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "backend.ballots"
            ):
                assert not _imported_names(node) & MEMBER_SIDE, where
            # ``decrypt`` alone is AES-GCM's elsewhere (citizens' envelopes, sealed values).
            if isinstance(node, ast.Attribute) and node.attr in MEMBER_SIDE - {"decrypt"}:
                raise AssertionError((where, node.attr))
            if isinstance(node, ast.ImportFrom) and node.module == "backend.ballots.crypto.tally":
                assert "discrete_log_table" not in _imported_names(node), where
                if "combine" in _imported_names(node):
                    combined_in.append(where)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("backend.ballots.crypto") for a in node.names)
    assert sorted(set(combined_in)) == [
        "ballots/checking.py",
        "ballots/tallying.py",
        "ballots/verify_tally.py",
    ]


def test_the_core_decrypts_nothing_but_the_sums():
    decrypting = set()
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = _imported_names(node) | {getattr(node, "module", None) or ""}
                assert "random" not in names, path.name
            if isinstance(node, ast.FunctionDef) and (
                "decrypt" in node.name.lower() or "log" in node.name.lower()
            ):
                decrypting.add(f"{path.name}:{node.name}")
    # partial_decrypt (a member's device, on the sums, with his share), its proof, the check of
    # a posted one, and the discrete-log table combine() reads the counts from.
    assert decrypting == {
        "proofs.py:_decryption_items",
        "proofs.py:prove_decryption",
        "proofs.py:verify_decryption",
        "tally.py:discrete_log_table",
        "tally.py:partial_decrypt",
    }

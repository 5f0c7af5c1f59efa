"""The frozen board as a document (docs/ballots.md "The board"): its canonical bytes, its
hash, and the sums of its ballots. No database here: the server that freezes the board and
``dangbo congress verify-tally`` that checks one read the same functions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache

from backend.ballots.crypto.ballot import layout
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.elgamal import Ciphertext, add_ciphertexts
from backend.ballots.crypto.hashing import digest
from backend.settings import PROJECT_ROOT

SCHEMA = "dangbo/ballots/board/v1"
TAG_BOARD = "dangbo/ballots/v1/board"
SCRIPT_DIR = PROJECT_ROOT / "pwa" / "public" / "phieu-kin"


def canonical(document: dict) -> bytes:
    """UTF-8 JSON, keys sorted, no spaces, non-ASCII kept as is (JSON.stringify of a
    key-sorted copy gives the same bytes)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def board_hash(document: dict) -> bytes:
    """H([TAG_BOARD, canonical(board)]): 64 bytes, what every partial decryption binds."""
    return digest([TAG_BOARD, canonical(document)])


@cache
def script_hash() -> str:
    """SHA-256 over the served ballot scripts: for each file of ``/phieu-kin/`` by name, its
    name, a NUL, its SHA-256 in hex, a newline. A delegate compares it with his saved copy."""
    lines = []
    for path in sorted(SCRIPT_DIR.glob("*.js")):
        lines.append(f"{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def sums_of(context: PollContext, ballots: Sequence[dict]) -> list[dict]:
    """The homomorphic sum per ballot position of the ballots' ciphertexts ({a, b} hex)."""
    size = layout(context).size
    parsed = [[Ciphertext.from_json(ct) for ct in b["ciphertexts"]] for b in ballots]
    return [add_ciphertexts(cts[i] for cts in parsed).to_json() for i in range(size)]

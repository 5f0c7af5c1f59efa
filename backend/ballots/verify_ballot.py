"""Checking a revealed (Benaloh-checked) ballot, the file the phone exports after "Kiểm tra
phiếu này" (docs/ballots.md §10 "Benaloh check", "The checked ballot's file"):

    {"schema": "dangbo/ballots/reveal/v1", "context": PollContext JSON,
     "reveal": {"ballot", "tracker", "choices", "randomness"}}

or the same text as the phone's QR codes carry it, one scanned code per line
(``dangbo-phieu:{i}/{n}:{part}``). The reveal must verify against the context (every proof,
the tracker, each ciphertext re-encrypted from its choice and randomness), and the choices it
proves are described in words, so the delegate can compare them with what his screen showed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from backend.ballots.crypto.ballot import verify_reveal
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.errors import BallotCryptoError

SCHEMA = "dangbo/ballots/reveal/v1"
QR_PREFIX = "dangbo-phieu"
_QR_LINE = re.compile(rf"^{QR_PREFIX}:(\d+)/(\d+):(.*)$")
RESOLUTION = {
    "tan_thanh": "Tán thành",
    "khong_tan_thanh": "Không tán thành",
    "khong_bieu_quyet": "Không biểu quyết",
}


@dataclass
class Verdict:
    failures: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the choices the ballot held, in words
    tracker: str = ""
    context: PollContext | None = None


def document_of(text: str) -> dict:
    """The reveal file's JSON, from the file itself or from its QR codes' texts (any order)."""
    text = text.strip()
    if text.startswith(QR_PREFIX + ":"):
        parts: dict[int, str] = {}
        counts = set()
        for line in text.splitlines():
            found = _QR_LINE.match(line.strip())
            if not found:
                raise ValueError("một dòng không phải nội dung mã QR của phiếu kiểm tra")
            parts[int(found[1])] = found[3]
            counts.add(int(found[2]))
        if len(counts) != 1 or sorted(parts) != list(range(1, counts.pop() + 1)):
            raise ValueError("thiếu hoặc thừa mã QR: cần đủ mọi mã 1…n của cùng một phiếu")
        text = "".join(parts[i] for i in sorted(parts))
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError("tệp không phải một đối tượng JSON")
    return document


def _name(choice: str) -> str:
    """A candidate's text on the context is ``"{id} {full name}"``."""
    return choice.split(" ", 1)[1] if " " in choice else choice


def describe(context: PollContext, bits: list[int]) -> list[str]:
    if context.kind == "bieu_quyet":
        chosen = [RESOLUTION.get(c, c) for c, bit in zip(context.choices, bits, strict=True) if bit]
        return [f"Lựa chọn: {', '.join(chosen) or 'không có'}"]
    if context.kind == "bau_cu_so_du":
        return [
            f"{_name(c)}: {'giữ lại' if bit else 'gạch tên'}"
            for c, bit in zip(context.choices, bits, strict=True)
        ]
    lines = []
    for i, c in enumerate(context.choices):
        agree, disagree = bits[2 * i], bits[2 * i + 1]
        mark = "Đồng ý" if agree else "Không đồng ý" if disagree else "không chọn"
        lines.append(f"{_name(c)}: {mark}")
    return lines


def describe_context(context: PollContext) -> list[str]:
    """What to compare with the published board: the poll, its key and its context hash."""
    return [
        f"Cuộc bỏ phiếu: {context.question} (đại hội {context.election_id}, số {context.poll_id})",
        f"Khóa của Ban Kiểm phiếu: {context.public_key.hex()}",
        f"Mã bối cảnh (so với context_hash trên bảng phiếu): {context.hash.hex()}",
    ]


def verify(document: dict, tracker: str | None = None) -> Verdict:
    """Check a checked ballot's file; ``tracker`` (optional) is the one the phone showed."""
    verdict = Verdict()
    if document.get("schema") != SCHEMA or set(document) != {"schema", "context", "reveal"}:
        verdict.failures.append(f"Tệp không theo mẫu {SCHEMA} (schema, context, reveal).")
        return verdict
    try:
        context = PollContext.from_json(document["context"])
        if not isinstance(context.seats, int) or not all(
            isinstance(x, str) for x in (context.election_id, context.poll_id, context.question)
        ):
            raise TypeError("context")
    except (BallotCryptoError, KeyError, TypeError, ValueError, AttributeError):
        verdict.failures.append("Thông tin cuộc bỏ phiếu (context) trong tệp không hợp lệ.")
        return verdict
    verdict.context = context
    reveal = document["reveal"]
    try:
        bits = verify_reveal(context, reveal)
    except BallotCryptoError as error:
        verdict.failures.append(f"Phiếu kiểm tra không đạt ({error.code}): {error.message}")
        return verdict
    verdict.tracker = reveal["tracker"]
    if tracker is not None and tracker.replace(" ", "").lower() != verdict.tracker:
        verdict.failures.append("Mã theo dõi trong tệp khác mã theo dõi đã cho.")
    verdict.lines = describe(context, bits)
    return verdict

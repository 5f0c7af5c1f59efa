"""Checking a published board from scratch (``dangbo congress verify-tally BOARD.json``;
docs/ballots.md "Checking a board"). Needs nothing but the document: every ballot's proofs and
tracker, no ciphertext's first component twice, as many ballots as delegates who voted, the
sums, the board's hash, each partial decryption's proof against it, their combination, and
the result recomputed by the polls' counting rules with the paper figures. Each failure is
named in Vietnamese; none of them is fatal to the others, so one run names them all."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from backend.ballots.board_document import SCHEMA, board_hash, sums_of
from backend.ballots.crypto.ballot import tracker, verify_ballot_json
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.errors import BallotCryptoError
from backend.ballots.crypto.group import hex_bytes
from backend.ballots.crypto.tally import PartialDecryption, Totals, check_partial, combine
from backend.ballots.figures import electronic_totals, judged
from shared.polls import PollKind, PollTotals


def _ballots(context: PollContext, board: dict, failures: list[str]) -> None:
    seen_a: set[str] = set()
    for number, entry in enumerate(board["ballots"], start=1):
        label = f"Phiếu thứ {number} (mã theo dõi {str(entry.get('tracker'))[:16]}…)"
        try:
            ballot = verify_ballot_json(context, entry["ballot"])
        except BallotCryptoError as error:
            failures.append(f"{label}: {error.message}")
            continue
        if tracker(context, ballot) != entry["tracker"]:
            failures.append(f"{label}: mã theo dõi không khớp với phiếu.")
        for ct in ballot.ciphertexts:
            if ct.a.hex() in seen_a:
                failures.append(f"{label}: dùng lại một bản mã đã có trên bảng phiếu.")
            seen_a.add(ct.a.hex())


def _partials(
    document: dict, context: PollContext, totals: Totals, failures: list[str]
) -> list[PartialDecryption]:
    board = document["board"]
    publics = {t["x"]: hex_bytes(t["public"]) for t in board["key"]["trustees"]}
    hash_bytes = bytes.fromhex(document["board_hash"])
    good = []
    for entry in document["partial_decryptions"]:
        label = f"Phần giải mã của thành viên số {entry.get('x')}"
        try:
            partial = PartialDecryption.from_json(entry)
            if partial.x not in publics:
                failures.append(f"{label}: không phải thành viên giữ phần khóa.")
                continue
            check_partial(context.hash, hash_bytes, publics[partial.x], totals, partial)
        except BallotCryptoError as error:
            failures.append(f"{label}: {error.message}")
            continue
        good.append(partial)
    return good


def _result(document: dict, counts: Sequence[int], ballots: int, failures: list[str]) -> None:
    poll = document["poll"]
    kind = PollKind(poll["kind"])
    candidates = [(c["id"], c["name"]) for c in poll["candidates"]]
    electronic = electronic_totals(kind, counts, ballots, [c for c, _ in candidates])
    paper = msgspec.convert(document["paper"], PollTotals) if document["paper"] else None
    again = judged(kind, electronic, paper, poll["base"], poll["seats"], candidates, poll["rules"])
    if again != document["result"]:
        failures.append("Kết quả công bố khác kết quả tính lại từ các tổng và phiếu giấy.")


def verify(document: dict) -> list[str]:
    """The failures found, in Vietnamese; an empty list when the board holds."""
    failures: list[str] = []
    try:
        board = document["board"]
        if board.get("schema") != SCHEMA:
            return [f"Không phải bảng phiếu theo lược đồ {SCHEMA}."]
        context = PollContext.from_json(board["context"])
    except (KeyError, TypeError, ValueError) as error:
        return [f"Bảng phiếu không đúng cấu trúc ({error})."]
    if board_hash(board).hex() != document["board_hash"]:
        failures.append("Mã băm của bảng phiếu không khớp với nội dung bảng phiếu.")
    if context.hash.hex() != board["context_hash"]:
        failures.append("Mã băm ngữ cảnh của cuộc bỏ phiếu không khớp.")
    if board["key"]["public_key"] != board["context"]["public_key"]:
        failures.append("Khóa công khai của cuộc bỏ phiếu không khớp với khóa của Ban Kiểm phiếu.")
    _ballots(context, board, failures)
    ballots, voters = len(board["ballots"]), len(board["voters"])
    if ballots != voters:
        failures.append(
            f"Số phiếu trên bảng ({ballots}) khác số đại biểu đã bỏ phiếu điện tử ({voters})."
        )
    try:
        sums = sums_of(context, [b["ballot"] for b in board["ballots"]])
    except BallotCryptoError as error:
        failures.append(f"Không tính lại được các tổng: {error.message}")
        return failures
    if sums != board["sums"]:
        failures.append("Các tổng công bố khác tổng tính lại từ các phiếu.")
    totals = Totals(tuple(Ciphertext(hex_bytes(s["a"]), hex_bytes(s["b"])) for s in sums), ballots)
    partials = _partials(document, context, totals, failures)
    threshold = board["key"]["threshold"]
    if document["counts"] is None:
        failures.append("Chưa có kết quả giải mã các tổng.")
        return failures
    if len(partials) < threshold:
        failures.append(
            f"Chỉ có {len(partials)} phần giải mã hợp lệ, cần {threshold} để giải mã các tổng."
        )
        return failures
    try:
        counts = combine(
            context.hash,
            bytes.fromhex(document["board_hash"]),
            totals,
            threshold,
            {t["x"]: hex_bytes(t["public"]) for t in board["key"]["trustees"]},
            partials,
        )
    except BallotCryptoError as error:
        failures.append(f"Không ghép được các phần giải mã: {error.message}")
        return failures
    if counts != document["counts"]:
        failures.append("Số phiếu công bố cho từng lựa chọn khác kết quả giải mã các tổng.")
    _result(document, counts, ballots, failures)
    return failures

"""``dangbo congress verify-tally BOARD.json``: check a secret poll's published board;
``dangbo congress verify-ballot FILE``: check a ballot a delegate's phone revealed (Benaloh)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def cmd_verify_tally(args: argparse.Namespace) -> int:
    from backend.ballots.verify_tally import verify

    try:
        document = json.loads(Path(args.board).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"KHÔNG ĐẠT: không đọc được tệp bảng phiếu ({error}).")
        return 1
    failures = verify(document)
    if failures:
        print("KHÔNG ĐẠT: bảng phiếu có sai sót:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    ballots, partials = len(document["board"]["ballots"]), len(document["partial_decryptions"])
    print(
        f"ĐẠT: {ballots} phiếu đều có chứng minh hợp lệ, bằng số đại biểu đã bỏ phiếu; các "
        f"tổng, {partials} phần giải mã và kết quả đều được tính lại và khớp."
    )
    return 0


def cmd_verify_ballot(args: argparse.Namespace) -> int:
    from backend.ballots.verify_ballot import describe_context, document_of, verify

    try:
        document = document_of(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"KHÔNG ĐẠT: không đọc được tệp phiếu kiểm tra ({error}).")
        return 1
    verdict = verify(document, args.tracker)
    if verdict.context is not None:
        for line in describe_context(verdict.context):
            print(line)
    if verdict.failures:
        print("KHÔNG ĐẠT: phiếu kiểm tra có sai sót:")
        for failure in verdict.failures:
            print(f"  - {failure}")
        return 1
    print(f"Mã theo dõi: {verdict.tracker}")
    print("Phiếu này chứa đúng các lựa chọn:")
    for line in verdict.lines:
        print(f"  - {line}")
    print(
        "ĐẠT: mọi chứng minh và mã theo dõi đều đúng, và mỗi bản mã được mã hóa lại từ lựa chọn "
        "và số ngẫu nhiên đã công bố. Hãy đối chiếu các lựa chọn trên với màn hình điện thoại."
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    congress = sub.add_parser("congress", help="đại hội: kiểm tra phiếu kín điện tử")
    congress_sub = congress.add_subparsers(dest="congress_command", required=True)
    verify = congress_sub.add_parser(
        "verify-tally", help="kiểm tra độc lập bảng phiếu kín và kết quả kiểm phiếu"
    )
    verify.add_argument("board", help="tệp JSON của bảng phiếu (tải từ trang bảng phiếu)")
    verify.set_defaults(func=cmd_verify_tally)
    check = congress_sub.add_parser(
        "verify-ballot",
        help="kiểm tra một phiếu đã được điện thoại mở ra để kiểm tra (Benaloh)",
    )
    check.add_argument(
        "file", help="tệp JSON phiếu kiểm tra, hoặc tệp văn bản các mã QR đã quét, mỗi mã một dòng"
    )
    check.add_argument(
        "--tracker", default=None, help="mã theo dõi điện thoại đã hiện, để so với tệp (tùy chọn)"
    )
    check.set_defaults(func=cmd_verify_ballot)

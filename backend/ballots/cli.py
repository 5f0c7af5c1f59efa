"""``dangbo congress verify-tally BOARD.json``: check a secret poll's published board."""

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


def register(sub: argparse._SubParsersAction) -> None:
    congress = sub.add_parser("congress", help="đại hội: kiểm tra phiếu kín điện tử")
    congress_sub = congress.add_subparsers(dest="congress_command", required=True)
    verify = congress_sub.add_parser(
        "verify-tally", help="kiểm tra độc lập bảng phiếu kín và kết quả kiểm phiếu"
    )
    verify.add_argument("board", help="tệp JSON của bảng phiếu (tải từ trang bảng phiếu)")
    verify.set_defaults(func=cmd_verify_tally)

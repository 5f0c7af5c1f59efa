"""Cell parsers for column layouts: text, dd/mm/yyyy dates, choices, phone numbers, codes.

Each returns a parser: a function of the raw cell (text from a CSV; text, a number, a date or
None from an XLSX) that gives the value or raises :class:`CellError` with a Vietnamese reason
saying how to fix it. A blank cell is ``None`` for every parser; whether a blank is allowed is
the column's ``required``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from backend.core.clock import today
from backend.core.text import fold
from backend.imports.layout import CellError, Parser

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _as_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # Excel stores 12345 as 12345.0
    return unicodedata.normalize("NFC", str(raw)).strip()


def text(max_length: int, min_length: int = 1) -> Parser:
    def parse(raw: Any) -> str | None:
        if blank(raw):
            return None
        value = " ".join(_as_text(raw).split())
        if _CONTROL.search(value):
            raise CellError("có ký tự điều khiển không in được; hãy gõ lại ô này")
        if len(value) > max_length:
            raise CellError(f"dài {len(value)} ký tự, quá giới hạn {max_length} ký tự")
        if len(value) < min_length:
            raise CellError(f"cần ít nhất {min_length} ký tự")
        return value

    return parse


def date_dmy(*, not_future: bool = True, earliest: date = date(1900, 1, 1)) -> Parser:
    """A date written dd/mm/yyyy (also d/m/yyyy, with "-" or "."), or a date cell of Excel."""

    def parse(raw: Any) -> date | None:
        if blank(raw):
            return None
        if isinstance(raw, datetime):
            value = raw.date()
        elif isinstance(raw, date):
            value = raw
        else:
            shown = _as_text(raw)
            match = _DMY.match(shown)
            if not match:
                raise CellError(f"“{shown}” không phải ngày dạng dd/mm/yyyy (ví dụ 03/02/1990)")
            day, month, year = (int(g) for g in match.groups())
            try:
                value = date(year, month, day)
            except ValueError:
                raise CellError(f"ngày {shown} không có thật") from None
        if not_future and value > today():
            raise CellError(f"ngày {value:%d/%m/%Y} ở tương lai")
        if value < earliest:
            raise CellError(f"ngày {value:%d/%m/%Y} quá xa (trước {earliest:%d/%m/%Y})")
        return value

    return parse


def choice(options: Mapping[str, Any], shown: str) -> Parser:
    """One of ``options`` (keys compared folded: "Nữ", "nu", "NỮ" alike); ``shown`` lists them
    in the error."""
    folded = {" ".join(fold(k).split()): v for k, v in options.items()}

    def parse(raw: Any) -> Any:
        if blank(raw):
            return None
        value = _as_text(raw)
        key = " ".join(fold(value).split())
        if key not in folded:
            raise CellError(f"“{value}” không phải một trong: {shown}")
        return folded[key]

    return parse


_YES = {"x", "co", "1", "true", "yes", "y", "mien"}
_NO = {"", "khong", "0", "false", "no", "n"}


def yes_no(raw: Any) -> bool | None:
    """ "x", "có", "1" → True; "không", "0" → False; blank → None."""
    if blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    key = fold(_as_text(raw))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(
        f"“{_as_text(raw)}” không rõ là có hay không (ghi “x” hoặc “có”, để trống là không)"
    )


def phone(raw: Any) -> str | None:
    """A Vietnamese phone number, kept as 0xxxxxxxxx (a +84 prefix is turned into 0; a number
    cell of Excel that lost its leading 0 gets it back)."""
    if blank(raw):
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        digits = str(int(raw))
        digits = "0" + digits if len(digits) in (9, 10) and not digits.startswith("0") else digits
    else:
        shown = _as_text(raw)
        digits = re.sub(r"[\s.()-]", "", shown)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        elif digits.startswith("84") and len(digits) == 11:
            digits = "0" + digits[2:]
        if not digits.isdigit():
            raise CellError(f"số điện thoại “{shown}” có ký tự không phải chữ số")
    if not (digits.startswith("0") and len(digits) in (10, 11)):
        raise CellError(f"số điện thoại “{digits}” phải có 10 chữ số và bắt đầu bằng 0")
    return digits


def digits(length: int, what: str) -> Parser:
    """A number of exactly ``length`` digits kept as text (a số định danh: 12 digits)."""

    def parse(raw: Any) -> str | None:
        if blank(raw):
            return None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            value = str(int(raw))
            if len(value) < length:
                raise CellError(
                    f"{what} phải có {length} chữ số; ô đang là số nên Excel đã bỏ các số 0 ở "
                    "đầu: hãy định dạng cột là Văn bản (Text) rồi nhập lại"
                )
        else:
            value = re.sub(r"[\s.]", "", _as_text(raw))
        if not value.isdigit() or len(value) != length:
            raise CellError(f"{what} phải gồm đúng {length} chữ số")
        return value

    return parse


def code(max_length: int, what: str) -> Parser:
    """An identifier such as a số thẻ đảng viên: letters, digits, ".", "-", "/"; upper case."""
    pattern = re.compile(r"^[A-Z0-9][A-Z0-9./-]*$")

    def parse(raw: Any) -> str | None:
        if blank(raw):
            return None
        value = re.sub(r"\s+", "", _as_text(raw)).upper()
        if len(value) > max_length or not pattern.match(value):
            raise CellError(
                f"{what} “{_as_text(raw)}” không hợp lệ (chỉ chữ, số và dấu . - /, "
                f"tối đa {max_length} ký tự)"
            )
        return value

    return parse


def check(parser: Parser, rule: Callable[[Any], str | None]) -> Parser:
    """``parser`` followed by a check of the value (``rule`` returns a reason, or None)."""

    def parse(raw: Any) -> Any:
        value = parser(raw)
        if value is not None:
            reason = rule(value)
            if reason:
                raise CellError(reason)
        return value

    return parse

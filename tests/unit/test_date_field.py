"""The dd/mm/yyyy date field's mask and parser (frontend/components/date_field.py)."""

from __future__ import annotations

from datetime import date

import pytest

from frontend.components.date_field import DateInputError, mask_dmy, parse_dmy


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("", ""),
        ("0", "0"),
        ("05", "05"),
        ("051", "05/1"),
        ("05/", "05/"),
        ("05122026", "05/12/2026"),
        ("0512202699", "05/12/2026"),  # four digits of year at most
        ("5/12/2026", "5/12/2026"),
        ("5-12-2026", "5/12/2026"),
        ("5.12.2026", "5/12/2026"),
        ("05/122", "05/12/2"),
        ("ab05c12d2026", "05/12/2026"),
        ("//05", "05"),
    ],
)
def test_mask_puts_the_slashes_in_as_digits_are_typed(typed, shown):
    assert mask_dmy(typed) == shown


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/12/2026", date(2026, 12, 5)),
        ("5/1/2027", date(2027, 1, 5)),
        ("05122026", date(2026, 12, 5)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_reads_day_month_year(typed, day):
    assert parse_dmy(typed) == day


def test_parse_never_reads_month_first():
    # 12/05/2026 is the 12th of May here, whatever an English browser would make of it.
    assert parse_dmy("12/05/2026") == date(2026, 5, 12)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2027", "Hạn xử lý: ngày 31/02/2027 không có trên lịch."),
        ("13/13/2026", "Hạn xử lý: ngày 13/13/2026 không có trên lịch."),
        ("2026-12-05", "Hạn xử lý: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."),
        ("5/12", "Hạn xử lý: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."),
    ],
)
def test_parse_refuses_in_vietnamese_naming_the_field(typed, message):
    with pytest.raises(DateInputError) as refused:
        parse_dmy(typed, "Hạn xử lý")
    assert str(refused.value) == message

"""The small pure pieces of the Sổ tay screens: dates and times typed in Vietnamese order, an
article's heading, and the addresses of the handbook's pages."""

from __future__ import annotations

from datetime import date, time

import pytest

from frontend import routes
from frontend.so_tay.common import heading, parse_dmy, parse_hm


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15/01/2027", date(2027, 1, 15)),
        (" 5/1/2027 ", date(2027, 1, 5)),
        ("05-01-2027", date(2027, 1, 5)),
        ("05.01.2027", date(2027, 1, 5)),
        ("31/02/2027", None),  # no such day
        ("01/13/2027", None),  # the month is second
        ("2027-01-15", None),  # the ISO order is not what a member types
        ("", None),
    ],
)
def test_dates_are_read_day_first(typed, expected):
    assert parse_dmy(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:00", time(14, 0)), ("7h30", time(7, 30)), ("24:00", None), ("14:60", None), ("", None)],
)
def test_times_are_read_on_a_24_hour_clock(typed, expected):
    assert parse_hm(typed) == expected


def test_an_article_heading_takes_one_dot_after_its_label():
    assert heading("Điều 4.", "Sinh hoạt thường kỳ") == "Điều 4. Sinh hoạt thường kỳ"
    assert heading("Điều 4", "Sinh hoạt thường kỳ") == "Điều 4. Sinh hoạt thường kỳ"
    assert heading("II", "Nhiệm vụ") == "II. Nhiệm vụ"
    assert heading("3.1.", "Chuyển đổi số") == "3.1. Chuyển đổi số"
    assert heading("", "Mở đầu") == "Mở đầu"
    assert heading("Điều 9", "") == "Điều 9"


def test_a_handbook_address_is_filled_with_its_id():
    assert routes.filled(routes.HANDBOOK_MEETING, 12) == "/so-tay/hop/12"
    assert routes.filled(routes.HANDBOOK_ARTICLE, 7) == "/so-tay/thu-vien/doc/7"

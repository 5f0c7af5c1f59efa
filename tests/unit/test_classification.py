"""The classification gate's one rule, as a table: every stamp form testers stored, and the
look-alikes that must still be stored (running text, other words, MẶT for MẬT)."""

from __future__ import annotations

import unicodedata

import pytest

from backend.documents.classification import find_marking

NFD = unicodedata.normalize("NFD", "Tối mật")
CYRILLIC_MAT = "\u041c\u1ead\u0422"  # М (Cyrillic) + ậ + Т (Cyrillic)
GREEK_TUYET_MAT = "TUYỆT \u039c\u1eac\u03a4"  # Μ and Τ (Greek)
FULL_WIDTH = "ＴＵＹỆＴ ＭẬＴ"

# (text, the marking found)
STAMPS = [
    # a line of its own, any case, with or without diacritics
    ("MẬT", "MẬT"),
    ("TỐI MẬT", "TỐI MẬT"),
    ("TUYỆT MẬT", "TUYỆT MẬT"),
    ("Mật", "MẬT"),
    ("mật", "MẬT"),
    ("Tuyệt mật", "TUYỆT MẬT"),
    ("tối mật", "TỐI MẬT"),
    (NFD, "TỐI MẬT"),
    ("TOI MAT", "TỐI MẬT"),
    ("Tuyet mat", "TUYỆT MẬT"),
    ("  ** TỐI MẬT **  ", "TỐI MẬT"),
    ("Số 15-BC/TU\nTUYỆT MẬT\nBáo cáo", "TUYỆT MẬT"),
    # written as one piece, hyphenated, letter-spaced, with invisible characters inside
    ("TUYỆT-MẬT", "TUYỆT MẬT"),
    ("TUYỆTMẬT", "TUYỆT MẬT"),
    ("T U Y Ệ T   M Ậ T", "TUYỆT MẬT"),
    ("T U Y Ệ T M Ậ T", "TUYỆT MẬT"),
    ("M Ậ T", "MẬT"),
    ("TUY\u00adỆT MẬT", "TUYỆT MẬT"),
    ("TỐI\u200bMẬT", "TỐI MẬT"),
    ("M\u00adẬT", "MẬT"),
    # look-alike letters: Cyrillic, Greek, full-width
    (CYRILLIC_MAT, "MẬT"),
    (GREEK_TUYET_MAT, "TUYỆT MẬT"),
    (FULL_WIDTH, "TUYỆT MẬT"),
    ("Kế hoạch - \u0422ối \u043c\u1ead\u0442", "TỐI MẬT"),
    # in brackets or quotes, any case
    ("(Mật) Báo cáo tình hình", "MẬT"),
    ("Báo cáo [tối mật] về nhân sự", "TỐI MẬT"),
    ("Tài liệu «tuyệt mật»", "TUYỆT MẬT"),
    ("Công văn (TOI MAT)", "TỐI MẬT"),
    # a label
    ("Độ mật: Tối mật", "TỐI MẬT"),
    ("do mat: tuyet mat", "TUYỆT MẬT"),
    ("ĐỘ MẬT: MẬT", "MẬT"),
    # at an edge, set apart
    ("Kế hoạch nhân sự - Tối mật", "TỐI MẬT"),
    ("Báo cáo tình hình an ninh. Mật", "MẬT"),
    ("Danh sách cán bộ: tuyệt mật", "TUYỆT MẬT"),
    ("Mật - Báo cáo kết quả", "MẬT"),
    ("Kế hoạch nhân sự - Toi mat", "TỐI MẬT"),
    ("Báo cáo | MẬT", "MẬT"),
    # in capitals beside other capitals (a header, the pdfgen stamp position)
    ("TỈNH ỦY BẮC NINH MẬT", "MẬT"),
    ("ĐẢNG CỘNG SẢN VIỆT NAM TUYỆT MẬT", "TUYỆT MẬT"),
    ("MẬT HỎA TỐC", "MẬT"),
    ("HỎA TỐC TỐI MẬT", "TỐI MẬT"),
    ("KẾ HOẠCH NHÂN SỰ TỐI MẬT", "TỐI MẬT"),
    ("Số 15-BC/TU TỐI MẬT", "TỐI MẬT"),
    ("Báo cáo MẬT về nhân sự", "MẬT"),
    ("KE HOACH NHAN SU TOI MAT", "TỐI MẬT"),
    # a two-word marking closing the line with a capital
    ("Báo cáo nhân sự Tối mật", "TỐI MẬT"),
    ("Kế hoạch nhân sự Toi mat", "TỐI MẬT"),
    # a stamp among lines of running text
    ("Nội dung văn bản.\nmật\nTiếp theo.", "MẬT"),
]

# Text that must be stored: these are not stamps.
LOOKALIKES = [
    "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ NƯỚC",
    "Quy chế bảo vệ bí mật nhà nước",
    "ỦY BAN MẶT TRẬN TỔ QUỐC",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh",
    "ỦY BAN MẶ\u0422 TRẬN TỔ QUỐC",  # MẶT with a Cyrillic Т: still MẶT
    "MẶT",
    "MẤT",
    "MẬT KHẨU",
    "Đổi mật khẩu định kỳ",
    "MẬT MÃ",
    "Sản phẩm mật mã",
    "MẬT ĐỘ DÂN SỐ",
    "QUAN HỆ MẬT THIẾT",
    "BẢO MẬT THÔNG TIN",
    "100% VĂN BẢN KHÔNG MẬT ĐƯỢC KÝ SỐ",
    "ĐỘ MẬT: KHÔNG",
    "Độ mật: Không",
    "100% hồ sơ, tài liệu không mật, hướng tới tất cả các tài liệu mật, tối mật của Đảng.",
    "các tài liệu mật, tối mật",  # a paragraph wrapped after the words
    "tối mật của Đảng được số hóa",
    "MAT",  # a bare MAT is never a stamp
    "Mat",
    "TOI MAT CHIA KHOA",  # "tôi mất chìa khóa" without diacritics
    "Tôi mất chìa khóa",
    "TÔI MẤT",
    "Nguyễn Văn Mật",
    "Báo cáo tình hình mật",
    "Báo cáo \u043c\u1ead\u0442",  # Cyrillic look-alikes, lower case at the end: a word
    "ONG MẬT",
    "Giải mật tài liệu lưu trữ",
    "",
    "CÔNG VĂN\nVề việc tổ chức hội nghị\nĐẢNG CỘNG SẢN VIỆT NAM",
]


@pytest.mark.parametrize(("text", "expected"), STAMPS)
def test_stamps_are_found(text, expected):
    assert find_marking(text) == expected


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_not_stamps(text):
    assert find_marking(text) is None


def test_the_table_is_large_enough():
    assert len(STAMPS) + len(LOOKALIKES) >= 60
    assert len(LOOKALIKES) >= 20

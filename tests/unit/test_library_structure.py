"""The structure parser of Party texts (``backend/library/structure.py``), on the real plan in
``shared/samples`` and on a charter-style text with chapters, Điều, clauses and points."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backend.library.structure import paragraphs, parse
from shared.library import BlockKind, NodeKind

SAMPLE_NAME = "ke-hoach-chuyen-doi-so-co-quan-dang.txt"


def sample_text() -> str:
    """The real plan. CI sets DANGBO_SAMPLES_DIR; in development ../shared/samples is beside
    the clone. Missing, the test fails: it is never skipped."""
    candidates = []
    if os.environ.get("DANGBO_SAMPLES_DIR"):
        candidates.append(Path(os.environ["DANGBO_SAMPLES_DIR"]))
    repo = Path(__file__).resolve().parents[2]
    candidates += [repo.parent / "shared" / "samples", Path("/work/shared/samples")]
    for candidate in candidates:
        if (candidate / SAMPLE_NAME).is_file():
            return (candidate / SAMPLE_NAME).read_text(encoding="utf-8")
    pytest.fail(
        f"Không tìm thấy {SAMPLE_NAME}: đặt DANGBO_SAMPLES_DIR hoặc để ../shared/samples cạnh "
        f"kho mã (đã tìm: {', '.join(map(str, candidates))})."
    )


def test_the_plans_parts_i_to_iv_and_their_numbered_points():
    nodes = parse(sample_text())
    by_anchor = {n.anchor: n for n in nodes}
    parts = [n for n in nodes if n.kind is NodeKind.PHAN]
    assert [(p.label, p.title) for p in parts] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("II.", "NỘI DUNG"),
        ("III.", "NHIỆM VỤ VÀ GIẢI PHÁP"),
        ("IV.", "TỔ CHỨC THỰC HIỆN"),
    ]
    children = {p.anchor: [n.label for n in nodes if n.parent == p.anchor] for p in parts}
    assert children == {
        "I": ["1.", "2."],
        "II": ["1.", "2.", "3.", "4.", "5.", "6."],
        "III": ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9."],
        "IV": ["1.", "2.", "3.", "4.", "5.", "6."],
    }
    assert by_anchor["I/1"].title == "Mục đích"
    assert [n.anchor for n in nodes if n.parent == "III/3"] == ["III/3/3.1", "III/3/3.2"]
    assert by_anchor["III/3/3.1"].level == 3
    assert by_anchor["IV/1"].title == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    # The opening and the closing are units of their own.
    assert nodes[0].kind is NodeKind.MO_DAU
    assert nodes[0].blocks[0].text.startswith("KẾ HOẠCH CỦA BAN THƯỜNG VỤ TỈNH ỦY")
    assert nodes[-1].kind is NodeKind.KET
    assert nodes[-1].blocks[-1].text == "Huỳnh Thị Hằng"
    # A heading cut by a page break is joined again; so is a sentence.
    assert by_anchor["III/5"].title.endswith("các tổ chức chính trị - xã hội tỉnh")
    first = by_anchor["II/1"].blocks[0]
    assert first.kind is BlockKind.BULLET
    assert first.text.endswith("đáp ứng tiêu chuẩn trong nước và quốc tế.")
    # A numbered point that is a whole sentence keeps its text and gets a short title.
    point = by_anchor["II/4"]
    assert point.title.endswith("…") and point.blocks[0].text.endswith("trên môi trường số.")
    # Bold and italic marks are gone.
    assert "*" not in "".join(b.text for n in nodes for b in n.blocks)
    assert len({n.anchor for n in nodes}) == len(nodes)


CHARTER = """ĐIỀU LỆ MẪU
(văn bản soạn cho trình diễn)

Chương I
ĐẢNG VIÊN

Điều 1. Nhiệm vụ của đảng viên
1. Tuyệt đối trung thành với mục đích lý tưởng của Đảng.
2. Chấp hành nghiêm chỉnh các nghị quyết:
a) tham gia sinh hoạt chi bộ đều đặn;
b) đóng đảng phí đúng quy định.

Điều 2. Quyền của đảng viên
Được thông tin và thảo luận các vấn đề về Cương lĩnh chính trị.

Chương II
Nguyên tắc tổ chức

Mục 1. Chi bộ

Điều 3
Chi bộ là tổ chức cơ sở của Đảng.
"""


def test_a_charter_with_chapters_articles_clauses_and_points():
    nodes = parse(CHARTER)
    assert [(n.kind, n.label, n.title, n.level) for n in nodes] == [
        (NodeKind.MO_DAU, "", "Mở đầu", 1),
        (NodeKind.CHUONG, "Chương I", "ĐẢNG VIÊN", 1),
        (NodeKind.DIEU, "Điều 1.", "Nhiệm vụ của đảng viên", 2),
        (NodeKind.DIEU, "Điều 2.", "Quyền của đảng viên", 2),
        (NodeKind.CHUONG, "Chương II", "Nguyên tắc tổ chức", 1),
        (NodeKind.MUC, "Mục 1", "Chi bộ", 2),
        (NodeKind.DIEU, "Điều 3.", "", 3),
    ]
    article = nodes[2]
    assert [(b.kind, b.label) for b in article.blocks] == [
        (BlockKind.NUMBERED, "1."),
        (BlockKind.NUMBERED, "2."),
        (BlockKind.LETTERED, "a)"),
        (BlockKind.LETTERED, "b)"),
    ]
    # An Điều's anchor is its number alone: moving it to another chapter keeps its identity.
    assert [n.anchor for n in nodes if n.kind is NodeKind.DIEU] == ["dieu-1", "dieu-2", "dieu-3"]
    assert nodes[-1].parent == "chuong-II/muc-1"


def test_paragraphs_are_mended_and_headings_are_not_invented():
    text = (
        "Đoạn một được ngắt\ndòng giữa câu.\n\nvẫn là đoạn mới vì đoạn trước đã hết câu.\n\n"
        "Câu này bị ngắt trang ở\n\ngiữa chừng.\n\n"
        "100% văn bản được ký số.\n\n2025, hoàn thành.\n\nV. I. Lênin đã viết nhiều tác phẩm "
        "về xây dựng Đảng, trong đó có những luận điểm được trích dẫn rộng rãi cho đến nay."
    )
    assert paragraphs(text)[:3] == [
        "Đoạn một được ngắt dòng giữa câu.",
        "vẫn là đoạn mới vì đoạn trước đã hết câu.",
        "Câu này bị ngắt trang ở giữa chừng.",
    ]
    nodes = parse(text)
    assert [n.kind for n in nodes] == [NodeKind.MO_DAU]
    assert len(nodes[0].blocks) == 6


def test_repeated_labels_get_distinct_anchors_and_empty_text_has_no_units():
    nodes = parse("I. MỘT\n\n1. Điểm\n\n1. Điểm lặp\n\nI. MỘT LẦN NỮA")
    assert [n.anchor for n in nodes] == ["I", "I/1", "I/1~2", "I~2"]
    assert parse("") == [] and parse("\n\n  \n") == []

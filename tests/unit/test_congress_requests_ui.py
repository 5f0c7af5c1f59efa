"""The delegate's own requests without a browser: what each line says by kind and status, and
that withdrawing is offered only where the API lists it on the entry."""

from __future__ import annotations

import msgspec

from frontend.dai_hoi.my_requests_state import MyRequestsState
from shared.congress_hall import MyRequests


def _requests(*entries: dict) -> MyRequests:
    base = {
        "item_id": 3,
        "delegate_id": 9,
        "full_name": "Lê Minh Đức",
        "delegation": "Đoàn Văn phòng Tỉnh ủy",
        "position": 0,
        "created_at": "2026-12-07T08:15:00+07:00",
        "item_title": "Thảo luận báo cáo chính trị",
        "session_title": "Phiên thảo luận",
    }
    return msgspec.convert({"requests": [{**base, **e} for e in entries]}, MyRequests)


def test_each_request_says_what_it_is_its_status_and_whether_it_may_be_withdrawn():
    state = MyRequestsState(_reflex_internal_init=True)
    state._show(
        _requests(
            {
                "id": 1,
                "kind": "phat_bieu",
                "status": "trong_danh_sach",
                "actions": ["withdraw_speech"],
            },
            {
                "id": 2,
                "kind": "tham_luan",
                "status": "khong_duyet",
                "title": "Công tác dân vận",
                "review_note": "Trùng nội dung",
            },
            {"id": 3, "kind": "phat_bieu", "status": "da_phat_bieu", "elapsed_minutes": 4.5},
        )
    )
    speech, paper, spoken = state.lines
    assert (speech.what, speech.status_label, speech.can_withdraw) == (
        "Phát biểu tại hội trường",
        "Trong danh sách phát biểu",
        True,
    )
    assert speech.item == "Thảo luận báo cáo chính trị"
    assert speech.note == "Đăng ký lúc 07/12/2026 08:15"
    assert paper.what == "Tham luận: Công tác dân vận" and not paper.can_withdraw
    assert paper.status_label == "Không được duyệt" and paper.colour == "red"
    assert "Ý kiến Đoàn Thư ký: Trùng nội dung" in paper.note
    assert spoken.status_label == "Đã phát biểu" and "Đã nói 4.5 phút" in spoken.note

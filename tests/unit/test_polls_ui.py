"""The poll screen's state without a browser: what the ballot says and refuses by kind, the
ballot it sends, the result lines and the minutes it shows after close; the console's prepare
form: what it says is missing, and the poll it sends."""

from __future__ import annotations

import json

import msgspec
import pytest

from frontend.dai_hoi.poll_prepare_state import PollPrepareState
from frontend.dai_hoi.poll_state import PollState
from shared.polls import PollCreate, PollDetail, PollKind, PollMode, PollVote


def _poll(kind: str, seats: int, names: list[str], **extra) -> PollDetail:
    data = {
        "id": 7,
        "congress_id": 1,
        "item_id": 2,
        "item_title": "Bầu cử",
        "kind": kind,
        "mode": "cong_khai",
        "title": "Bầu Ban Chấp hành",
        "seats": seats,
        "status": "dang_mo",
        "candidates": [
            {"id": 100 + n, "name": name, "position": n} for n, name in enumerate(names)
        ],
        "rules": [],
        "turnout": {"poll_id": 7, "eligible": 10, "voted": 3, "electronic": 3, "paper": 0},
        "actions": ["read", "vote"],
        **extra,
    }
    return msgspec.convert(data, PollDetail)


def _state(poll: PollDetail) -> PollState:
    state = PollState(_reflex_internal_init=True)
    state._show(poll)
    return state


def _get(state: PollState, name: str):
    return PollState.computed_vars[name].fget(state)


def test_a_strike_out_ballot_keeps_no_more_than_the_seats_and_not_nobody():
    state = _state(_poll("bau_cu_so_du", 2, ["An", "Bình", "Chi"]))
    assert _get(state, "ballot_line") == "Giữ lại 3/2 người"
    assert "gạch thêm 1 người" in _get(state, "ballot_problem")
    state.struck = ["100"]
    assert _get(state, "ballot_line") == "Giữ lại 2/2 người"
    assert _get(state, "ballot_problem") == ""
    assert state._ballot() == PollVote(kept=[101, 102])
    state.struck = ["100", "101", "102"]
    assert _get(state, "ballot_problem") == "Không được gạch tên tất cả các ứng cử viên."


def test_the_tap_that_would_strike_every_name_is_refused():
    state = _state(_poll("bau_cu_so_du", 1, ["An", "Bình"]))
    state.toggle_strike("100")
    assert state.struck == ["100"]
    state.toggle_strike("101")
    assert state.struck == ["100"]
    assert state.message == "Không được gạch tên tất cả các ứng cử viên."
    state.toggle_strike("100")
    assert state.struck == []


def test_the_secret_ballot_script_reads_the_choices_by_candidate_id():
    state = _state(_poll("bau_cu_so_du", 2, ["An", "Bình", "Chi"]))
    state.struck = ["101"]
    expected = {"choice": "", "struck": ["101"], "marks": {}}
    assert json.loads(_get(state, "secret_choice")) == expected


@pytest.mark.parametrize("choice", ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"])
def test_a_resolution_ballot_needs_one_choice(choice):
    state = _state(_poll("bieu_quyet", 1, []))
    assert _get(state, "ballot_problem") == "Hãy chọn một phương án."
    state.choice = choice
    assert _get(state, "ballot_problem") == ""
    assert state._ballot().choice.value == choice


def test_a_confirm_ballot_sends_the_names_marked():
    state = _state(_poll("bau_cu_khong_so_du", 2, ["An", "Bình"]))
    assert _get(state, "ballot_problem") != ""
    state.marks = {"101": "khong_dong_y"}
    ballot = state._ballot()
    assert [(m.candidate_id, m.mark.value) for m in ballot.marks] == [(101, "khong_dong_y")]


def test_the_delegate_who_took_part_is_told_so():
    state = _state(_poll("bieu_quyet", 1, [], my_participation="giay"))
    assert state.participation == "Phiếu giấy"
    assert state.eligible == 10 and state.voted == 3


def test_the_result_after_close_lists_the_candidates_and_the_elected():
    total = {"issued": 10, "received": 10, "valid": 9, "invalid": 1}
    result = {
        "base": 10,
        "majority": 6,
        "sources": [],
        "total": total,
        "candidates": [
            {
                "candidate_id": 100,
                "name": "An",
                "votes": 8,
                "percent_of_base": 80.0,
                "percent_of_valid": 88.9,
                "above_majority": True,
                "elected": True,
                "tied": False,
            },
            {
                "candidate_id": 101,
                "name": "Bình",
                "votes": 4,
                "percent_of_base": 40.0,
                "percent_of_valid": 44.4,
                "above_majority": False,
                "elected": False,
                "tied": False,
            },
        ],
        "elected": [100],
        "seats_filled": 1,
    }
    state = _state(_poll("bau_cu_so_du", 1, ["An", "Bình"], status="da_dong", result=result))
    assert state.has_result
    assert [(line["name"], line["votes"], line["note"]) for line in state.result_lines] == [
        ("An", "8", "Trúng cử"),
        ("Bình", "4", ""),
    ]
    assert state.result_lines[0]["percent"] == "80,00%"
    assert state.verdict == "Trúng cử 1/1 người"
    assert "quá bán: từ 6 phiếu" in state.totals_line


def test_the_minutes_show_once_closed_with_who_signed_and_the_download():
    closed = _poll(
        "bau_cu_so_du",
        2,
        ["An", "Bình", "Chi"],
        status="da_dong",
        actions=["read", "view_result", "view_minutes", "sign_minutes"],
        minutes={
            "generated_at": "2026-12-07T02:00:00Z",
            "sha256": "ab" * 32,
            "signatures": [
                {"user_id": 5, "full_name": "Trần Thị Lan", "signed_at": "2026-12-07T02:05:00Z"}
            ],
            "signers_expected": 3,
        },
    )
    state = _state(closed)
    assert state.minutes_href == f"/api/files/{'ab' * 32}?download=true"
    assert state.signatures == [{"name": "Trần Thị Lan", "at": "07/12/2026 09:05"}]
    assert state.signers_line == "Đã ký xác nhận: 1/3 thành viên Ban Kiểm phiếu"
    still_open = _state(_poll("bau_cu_so_du", 2, ["An", "Bình", "Chi"]))
    assert still_open.minutes_href == "" and still_open.signatures == []


def _prepare(form: dict):
    return PollPrepareState(_reflex_internal_init=True)._poll(form)


def test_the_prepare_form_says_what_is_missing_before_sending():
    base = {"item_id": "4", "kind": "bieu_quyet", "mode": "cong_khai", "title": "  Thông qua  "}
    assert _prepare(base) == PollCreate(
        item_id=4, kind=PollKind.RESOLUTION, mode=PollMode.OPEN, title="Thông qua"
    )
    assert _prepare({**base, "item_id": ""}) == "Hãy chọn nội dung trong chương trình đại hội."
    assert _prepare({**base, "title": " "}) == "Hãy ghi tên cuộc bỏ phiếu."
    election = {**base, "kind": "bau_cu_so_du", "mode": "giay", "seats": "0"}
    assert "Số người cần bầu" in _prepare(election)
    election["seats"] = "2"
    assert _prepare(election) == "Hãy ghi danh sách ứng cử viên, mỗi người một dòng."
    election["candidates"] = "An\n\n  Bình \nChi\n"
    made = _prepare(election)
    assert isinstance(made, PollCreate)
    assert (made.kind, made.mode, made.seats) == (PollKind.STRIKE_OUT, PollMode.PAPER, 2)
    assert [c.name for c in made.candidates] == ["An", "Bình", "Chi"]

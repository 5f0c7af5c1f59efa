"""The counting rules, without a database: strike-out validity, both kinds of election, the
base and the more-than-half rule, ties at the cut-off, paper figures that must add up, and
paper and electronic sources summed into one result."""

from __future__ import annotations

import pytest

from backend.polls import counting
from shared.polls import (
    CandidateCount,
    CandidateMark,
    Mark,
    PaperTotals,
    PollKind,
    PollRules,
    PollTotals,
    PollVote,
    ResolutionChoice,
)

K = PollKind
IDS = [11, 12, 13, 14, 15]  # five candidates
NAMES = [(c, f"Ứng viên {c}") for c in IDS]


def strike(*kept: int) -> PollVote:
    return PollVote(kept=list(kept))


def problem(vote: PollVote, kind=K.STRIKE_OUT, seats=3, rules=counting.DEFAULTS):
    return counting.ballot_problem(kind, vote, IDS, seats, rules)


# --- strike-out validity ---


@pytest.mark.parametrize("kept", [(11,), (11, 12), (11, 12, 13)])
def test_a_strike_out_ballot_keeping_one_to_seats_names_is_valid(kept):
    assert problem(strike(*kept)) is None


def test_keeping_more_names_than_seats_is_invalid():
    found = problem(strike(11, 12, 13, 14))
    assert found is not None and "nhiều hơn số cần bầu (3)" in found


def test_striking_every_name_is_invalid():
    assert "gạch hết tên" in problem(strike())


def test_an_unknown_or_repeated_candidate_is_refused():
    assert "không có trong danh sách" in problem(strike(11, 99))
    assert "hai lần" in problem(strike(11, 11))


def test_the_ballot_must_match_the_kind():
    assert problem(PollVote(choice=ResolutionChoice.YES)) is not None
    assert problem(strike(11), kind=K.RESOLUTION, seats=1) is not None
    assert problem(strike(11), kind=K.CONFIRM, seats=5) is not None


def test_overridden_bounds_apply():
    rules = counting.rules_from(PollRules(min_kept=2, max_kept=2))
    assert "ít nhất 2" in problem(strike(11), rules=rules)
    assert problem(strike(11, 12), rules=rules) is None
    assert problem(strike(11, 12, 13), rules=rules) is not None
    assert rules.overridden == {"min_kept", "max_kept"}


# --- as many candidates as seats ---


def test_a_confirmation_ballot_is_always_valid():
    against = PollVote(marks=[CandidateMark(candidate_id=c, mark=Mark.DISAGREE) for c in IDS])
    assert problem(against, kind=K.CONFIRM, seats=5) is None
    assert problem(PollVote(marks=[]), kind=K.CONFIRM, seats=5) is None  # neither, for all
    unknown = PollVote(marks=[CandidateMark(candidate_id=99, mark=Mark.AGREE)])
    assert problem(unknown, kind=K.CONFIRM, seats=5) is not None


def test_a_confirmation_election_counts_agree_and_against():
    ballots = [
        {"marks": {"11": "dong_y"}},
        {"marks": {"11": "dong_y"}},
        {"marks": {"11": "khong_dong_y"}},
        {"marks": {}},
    ]
    totals = counting.count_ballots(K.CONFIRM, ballots, [11])
    assert totals.valid == 4 and totals.invalid == 0
    [c] = totals.candidates
    assert (c.votes, c.against) == (2, 1)
    judged = counting.judge(K.CONFIRM, totals, 5, 1, [(11, "A")], counting.DEFAULTS)
    assert judged.elected == []  # 2 of a base of 5 is not more than half
    judged = counting.judge(K.CONFIRM, totals, 3, 1, [(11, "A")], counting.DEFAULTS)
    assert judged.elected == [11]  # 2 of 3 is


# --- the base and more than half ---


@pytest.mark.parametrize(
    ("base", "threshold"), [(1, 1), (2, 2), (3, 2), (4, 3), (289, 145), (290, 146), (300, 151)]
)
def test_more_than_half_of_the_base(base, threshold):
    assert counting.majority_threshold(base) == threshold
    assert counting.is_majority(threshold, base)
    assert not counting.is_majority(threshold - 1, base)


def test_an_overridden_majority_and_base():
    rules = counting.rules_from({"majority_numerator": 2, "majority_denominator": 3, "base": 90})
    assert counting.effective_base(300, rules) == 90
    assert counting.majority_threshold(90, rules) == 61
    assert counting.is_majority(61, 90, rules) and not counting.is_majority(60, 90, rules)
    assert counting.effective_base(300, counting.DEFAULTS) == 300


def test_the_base_is_not_the_valid_ballots():
    """Three of four valid ballots say yes, but the base is ten: the motion fails."""
    totals = PollTotals(issued=4, received=4, valid=4, invalid=0, choices={"tan_thanh": 3})
    judged = counting.judge(K.RESOLUTION, totals, 10, 1, [], counting.DEFAULTS)
    assert judged.passed is False
    judged = counting.judge(K.RESOLUTION, totals, 5, 1, [], counting.DEFAULTS)
    assert judged.passed is True


# --- elections: the highest above the majority, up to the seats; ties ---


def _totals(votes: dict[int, int], valid: int = 100) -> PollTotals:
    return PollTotals(
        issued=valid,
        received=valid,
        valid=valid,
        invalid=0,
        candidates=[CandidateCount(candidate_id=c, votes=v) for c, v in votes.items()],
    )


def test_the_highest_above_the_majority_up_to_the_seats():
    votes = {11: 90, 12: 80, 13: 70, 14: 60, 15: 40}
    judged = counting.judge(K.STRIKE_OUT, _totals(votes), 100, 3, NAMES, counting.DEFAULTS)
    assert judged.elected == [11, 12, 13]  # 14 is above half too, but the seats are full
    assert judged.ties == [] and not judged.another_round
    assert [c.candidate_id for c in judged.candidates] == [11, 12, 13, 14, 15]
    assert judged.candidates[3].above_majority and not judged.candidates[3].elected


def test_fewer_above_the_majority_than_seats_leaves_seats_empty():
    votes = {11: 90, 12: 50, 13: 49, 14: 10, 15: 0}
    judged = counting.judge(K.STRIKE_OUT, _totals(votes), 100, 3, NAMES, counting.DEFAULTS)
    assert judged.elected == [11]  # 50 of 100 is not more than half


def test_a_tie_at_the_cut_off_goes_to_another_round():
    votes = {11: 90, 12: 70, 13: 70, 14: 60, 15: 40}
    judged = counting.judge(K.STRIKE_OUT, _totals(votes), 100, 2, NAMES, counting.DEFAULTS)
    assert judged.elected == [11]
    assert judged.ties == [12, 13] and judged.another_round
    tied = [c for c in judged.candidates if c.tied]
    assert {c.candidate_id for c in tied} == {12, 13} and not any(c.elected for c in tied)


def test_a_tie_inside_the_seats_elects_both():
    votes = {11: 90, 12: 70, 13: 70, 14: 60, 15: 40}
    judged = counting.judge(K.STRIKE_OUT, _totals(votes), 100, 3, NAMES, counting.DEFAULTS)
    assert judged.elected == [11, 12, 13] and judged.ties == []


def test_percentages_of_base_and_valid():
    judged = counting.judge(
        K.STRIKE_OUT, _totals({11: 60, 12: 0}, valid=80), 120, 1, NAMES[:2], counting.DEFAULTS
    )
    first = judged.candidates[0]
    assert (first.percent_of_base, first.percent_of_valid) == (50.0, 75.0)
    assert not first.above_majority  # 60 of 120 is exactly half


# --- paper figures ---


def paper(**fields) -> PaperTotals:
    values = {"issued": 10, "received": 9, "not_returned": 1, "valid": 8, "invalid": 1} | fields
    return PaperTotals(**values)


def paper_problem(totals: PaperTotals, kind=K.STRIKE_OUT, issued_recorded=10, seats=3):
    return counting.paper_problem(kind, totals, IDS, seats, counting.DEFAULTS, issued_recorded)


def test_paper_figures_that_add_up():
    good = paper(
        candidates=[
            CandidateCount(candidate_id=11, votes=8),
            CandidateCount(candidate_id=12, votes=5),
        ]
    )
    assert paper_problem(good) is None


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"not_returned": 0}, "phát ra (10) phải bằng số phiếu thu vào (9) cộng"),
        ({"invalid": 2}, "thu vào (9) phải bằng số phiếu hợp lệ (8) cộng"),
        ({"candidates": [CandidateCount(candidate_id=11, votes=9)]}, "vượt quá số phiếu hợp lệ"),
        ({"candidates": [CandidateCount(candidate_id=99, votes=1)]}, "không có trong danh sách"),
        (
            {"candidates": [CandidateCount(candidate_id=c, votes=7) for c in IDS]},
            "nhân số tên được giữ lại nhiều nhất",
        ),
        ({"candidates": [CandidateCount(candidate_id=11, votes=3)]}, "ít hơn số phiếu hợp lệ"),
        ({"choices": {"tan_thanh": 8}}, "không có số phiếu tán thành"),
    ],
)
def test_paper_figures_that_do_not_add_up_name_the_sum(fields, words):
    found = paper_problem(paper(**fields))
    assert found is not None and words in found, found


def test_paper_issued_must_match_the_ballots_handed_out():
    found = paper_problem(
        paper(candidates=[CandidateCount(candidate_id=11, votes=8)]), issued_recorded=12
    )
    assert "đã được ghi nhận nhận phiếu giấy (12)" in found


def test_resolution_paper_choices_sum_to_the_valid_ballots():
    ok = paper(choices={"tan_thanh": 6, "khong_tan_thanh": 1, "khong_bieu_quyet": 1})
    assert paper_problem(ok, kind=K.RESOLUTION, seats=1) is None
    short = paper(choices={"tan_thanh": 6})
    assert "(6) phải bằng số phiếu hợp lệ (8)" in paper_problem(short, kind=K.RESOLUTION, seats=1)
    odd = paper(choices={"co": 8})
    assert "không có trên phiếu" in paper_problem(odd, kind=K.RESOLUTION, seats=1)


def test_confirmation_paper_agree_and_against_within_the_valid():
    over = paper(candidates=[CandidateCount(candidate_id=11, votes=6, against=3)])
    assert "vượt quá" in paper_problem(over, kind=K.CONFIRM, seats=5)
    fine = paper(candidates=[CandidateCount(candidate_id=11, votes=6, against=2)])
    assert paper_problem(fine, kind=K.CONFIRM, seats=5) is None


# --- sources summed ---


def test_paper_and_electronic_end_in_one_result():
    electronic = counting.count_ballots(
        K.STRIKE_OUT, [{"kept": [11, 12]}, {"kept": [11]}, {"kept": [12, 13]}], IDS
    )
    assert (electronic.issued, electronic.valid, electronic.invalid) == (3, 3, 0)
    totals = paper(
        candidates=[
            CandidateCount(candidate_id=11, votes=5),
            CandidateCount(candidate_id=13, votes=4),
        ]
    )
    assert paper_problem(totals) is None
    paper_source = counting.paper_counts(K.STRIKE_OUT, totals, IDS)
    total = counting.add_sources(K.STRIKE_OUT, [electronic, paper_source], IDS)
    assert (total.issued, total.received, total.valid, total.invalid) == (13, 12, 11, 1)
    votes = {c.candidate_id: c.votes for c in total.candidates}
    assert votes == {11: 7, 12: 2, 13: 5, 14: 0, 15: 0}
    judged = counting.judge(K.STRIKE_OUT, total, 12, 3, NAMES, counting.DEFAULTS)
    assert judged.elected == [11]  # 7 of 12 is more than half; 5 is not


def test_resolution_sources_summed():
    electronic = counting.count_ballots(K.RESOLUTION, [{"choice": "tan_thanh"}] * 3, [])
    paper_source = counting.paper_counts(
        K.RESOLUTION, paper(choices={"tan_thanh": 5, "khong_tan_thanh": 3}), []
    )
    total = counting.add_sources(K.RESOLUTION, [electronic, paper_source], [])
    assert total.choices == {"tan_thanh": 8, "khong_tan_thanh": 3, "khong_bieu_quyet": 0}
    assert counting.judge(K.RESOLUTION, total, 15, 1, [], counting.DEFAULTS).passed is True
    assert counting.judge(K.RESOLUTION, total, 16, 1, [], counting.DEFAULTS).passed is False


# --- rules: shape, entries, sources ---


def test_poll_shapes():
    assert counting.rules_problem(K.STRIKE_OUT, 3, 3, counting.DEFAULTS) is not None
    assert counting.rules_problem(K.STRIKE_OUT, 3, 4, counting.DEFAULTS) is None
    assert counting.rules_problem(K.CONFIRM, 1, 2, counting.DEFAULTS) is not None
    assert counting.rules_problem(K.CONFIRM, 2, 2, counting.DEFAULTS) is None
    assert counting.rules_problem(K.RESOLUTION, 1, 1, counting.DEFAULTS) is not None
    too_many = counting.rules_from(PollRules(max_kept=4))
    assert counting.rules_problem(K.STRIKE_OUT, 3, 5, too_many) is not None
    whole = counting.rules_from(PollRules(majority_numerator=2, majority_denominator=2))
    assert counting.rules_problem(K.RESOLUTION, 1, 0, whole) is not None


def test_every_rule_names_its_source_and_marks_overrides():
    entries = counting.rule_entries(K.STRIKE_OUT, 15, counting.rules_from(PollRules(max_kept=14)))
    assert [e.key for e in entries] == ["base", "majority", "min_kept", "max_kept"]
    assert all("190-QĐ/TW" in e.source for e in entries)
    assert [e.key for e in entries if e.overridden] == ["max_kept"]
    assert entries[3].value == "14"
    assert [e.key for e in counting.rule_entries(K.RESOLUTION, 1, counting.DEFAULTS)] == [
        "base",
        "majority",
    ]

"""The meetings' permission table, without a database: every action for every standing and
state, the read rule, and the refusals."""

from __future__ import annotations

from itertools import product

import pytest

from backend.meetings.policy import POLICY, ChiBoRecord, MeetingRecord, may_read
from shared.meetings import MeetingAction, MeetingStatus
from tests.policy_support import PLACE, STANDINGS, actor

A = MeetingAction
S = MeetingStatus
RUNS = {"bi_thu", "pho_bi_thu"}


def meeting(name: str, status: MeetingStatus, **flags) -> MeetingRecord:
    values = {
        "member_of": False,
        "invited": False,
        "day_reached": True,
        "minutes_recorded": False,
        "minutes_published": False,
    } | flags
    return MeetingRecord(PLACE, STANDINGS[name], status, **values)


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(MeetingAction)


@pytest.mark.parametrize("name", list(STANDINGS))
def test_a_chi_bo_offers_scheduling_to_its_secretaries_and_figures_to_its_cap_uy(name):
    record = ChiBoRecord(PLACE, STANDINGS[name], is_chi_bo=True)
    expected = []
    if name in RUNS:
        expected.append(A.SCHEDULE)
    if name in {"bi_thu", "pho_bi_thu", "chi_uy_vien", "cap_uy_above", "bi_thu_above"}:
        expected.append(A.VIEW_STATISTICS)
    assert POLICY.actions(actor(), record) == expected


@pytest.mark.parametrize(("name", "status"), list(product(STANDINGS, MeetingStatus)))
def test_who_runs_a_meeting_in_each_status(name, status):
    found = set(POLICY.actions(actor(), meeting(name, status)))
    expected = set()
    if name in RUNS:
        expected = {
            S.PREPARING: {A.EDIT, A.ATTACH_FILE, A.INVITE, A.CANCEL},
            S.INVITED: {A.EDIT, A.ATTACH_FILE, A.INVITE, A.CANCEL, A.TAKE_ATTENDANCE},
            S.HELD: {A.ATTACH_FILE, A.TAKE_ATTENDANCE, A.RECORD_MINUTES},
            S.CANCELLED: set(),
        }[status]
    assert found == expected


def test_replies_are_for_the_invited_until_the_meeting_is_held():
    invited = meeting("member", S.INVITED, invited=True, member_of=True)
    assert POLICY.actions(actor(), invited) == [A.REPLY]
    held = meeting("member", S.HELD, invited=True)
    assert POLICY.rules[A.REPLY].refuse(actor(), held).status_code == 409
    stranger = meeting("member", S.INVITED)
    assert POLICY.rules[A.REPLY].refuse(actor(), stranger).status_code == 403


def test_attendance_waits_for_the_day_and_minutes_for_attendance():
    early = meeting("bi_thu", S.INVITED, day_reached=False)
    problem = POLICY.rules[A.TAKE_ATTENDANCE].refuse(actor(), early)
    assert problem.status_code == 409 and "Chưa đến ngày họp" in problem.detail
    assert POLICY.rules[A.RECORD_MINUTES].refuse(actor(), early).status_code == 409
    recorded = meeting("bi_thu", S.HELD, minutes_recorded=True)
    assert A.PUBLISH_MINUTES in POLICY.actions(actor(), recorded)
    published = meeting("bi_thu", S.HELD, minutes_recorded=True, minutes_published=True)
    assert POLICY.actions(actor(), published) == []


@pytest.mark.parametrize("name", list(STANDINGS))
def test_who_reads_a_meeting(name):
    oversees = name in {"bi_thu", "pho_bi_thu", "chi_uy_vien", "cap_uy_above", "bi_thu_above"}
    assert may_read(actor(), meeting(name, S.INVITED)) is oversees
    assert may_read(actor(), meeting(name, S.INVITED, member_of=True))
    assert may_read(actor(), meeting(name, S.INVITED, invited=True))

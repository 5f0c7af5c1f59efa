"""The credentials committee's review (accept, reject with a reason, replace an official by an
alternate, absent for the whole congress) and its report: the counts, the breakdowns of the
delegates attending, the majority base; refused to anyone outside the committee."""

from __future__ import annotations

import contextlib

import pytest

from tests.congress_setup_support import (
    add_to_body,
    all_delegates,
    code,
    delegate_row,
    delegates_csv,
    hall,
    import_delegates,
    refusal,
)

# (name, kind, born, sex, ethnicity, education, theory, joined)
PEOPLE = [
    ("Chính Thức Một", "Chính thức", "1995", "Nữ", "Kinh", "Đại học", "Trung cấp", "2018"),
    ("Chính Thức Hai", "Chính thức", "1980", "Nam", "Tày", "Thạc sĩ", "Cao cấp", "2005"),
    ("Chính Thức Ba", "Chính thức", "1970", "Nam", "Kinh", "Tiến sĩ", "Cao cấp", "1995"),
    ("Chính Thức Bốn", "Chính thức", "1962", "Nữ", "Mường", "Thạc sĩ", "Cao cấp", "1985"),
    ("Chính Thức Năm", "Chính thức", "1975", "Nam", "Kinh", "Đại học", "Cao cấp", "2001"),
    ("Đương Nhiên Sáu", "Đương nhiên", "1968", "Nam", "kinh", "Tiến sĩ", "Cao cấp", "1990"),
    ("Dự Khuyết Bảy", "Dự khuyết", "1990", "Nữ", "Kinh", "Thạc sĩ", "Trung cấp", "2012"),
    ("Dự Khuyết Tám", "Dự khuyết", "1991", "Nam", "Nùng", "Đại học", "Trung cấp", "2015"),
]


@pytest.fixture
async def committee(app):
    async with contextlib.AsyncExitStack() as stack:
        congress = await hall(app, stack)
        await add_to_body(congress, "tham_tra", congress.people[0], "Trưởng ban")
        rows = [
            delegate_row(f"{i}{code()}", name, kind, born=born, sex=sex, ethnicity=eth,
                         education=edu, theory=theory, joined=joined)
            for i, (name, kind, born, sex, eth, edu, theory, joined) in enumerate(PEOPLE)
        ]  # fmt: skip
        job = await import_delegates(congress.organiser.client, congress.id, delegates_csv(rows))
        assert job["status"] == "xong", job
        congress.delegates = {
            d["full_name"]: d["id"]
            for d in await all_delegates(congress.organiser.client, congress.id)
        }
        yield congress


def _url(congress, name: str, what: str) -> str:
    return f"/api/congresses/{congress.id}/delegates/{congress.delegates[name]}/{what}"


async def _quorum_base(congress_id: int) -> int:
    """The base the check-in's attendance counts its quorum over."""
    from backend.congress.attendance import session_attendance

    counts, _ = await session_attendance(congress_id, 0)
    return counts.base


def _line(lines: list[dict], key: str) -> tuple[int, float]:
    line = next(x for x in lines if x["key"] == key)
    return line["count"], line["percent"]


async def test_the_review_and_the_report(committee):
    reviewer = committee.people[0].client
    for name in ("Chính Thức Một", "Chính Thức Hai", "Chính Thức Ba", "Đương Nhiên Sáu",
                 "Dự Khuyết Tám"):  # fmt: skip
        response = await reviewer.post(_url(committee, name, "credentials/accept"))
        assert response.status_code == 200, response.text
        assert response.json()["credential_status"] == "hop_le"
        assert response.json()["reviewed_by"] == committee.people[0].me["full_name"]

    blank = await reviewer.post(_url(committee, "Chính Thức Năm", "credentials/reject"),
                                json={"reason": "   "})  # fmt: skip
    assert "lý do" in refusal(blank, 422)
    rejected = await reviewer.post(
        _url(committee, "Chính Thức Năm", "credentials/reject"),
        json={"reason": "Đang bị xem xét kỷ luật"},
    )
    assert rejected.json()["credential_status"] == "khong_hop_le"
    assert rejected.json()["credential_reason"] == "Đang bị xem xét kỷ luật"

    # Chính Thức Bốn is ill: absent throughout, replaced by the alternate Dự Khuyết Bảy.
    absent = await reviewer.post(_url(committee, "Chính Thức Bốn", "absence"),
                                 json={"reason": "Ốm, điều trị tại bệnh viện"})  # fmt: skip
    assert absent.json()["absent_whole"] is True
    base = (await reviewer.get(f"/api/congresses/{committee.id}/credentials/report")).json()
    # 6 officials (5 elected + 1 ex officio), 1 refused, 1 absent with nobody in his place.
    assert base["majority_base"] == {
        "officials_summoned": 6, "refused": 1, "absent_unreplaced": 1, "base": 4}  # fmt: skip
    assert await _quorum_base(committee.id) == 4
    alternate = committee.delegates["Dự Khuyết Bảy"]
    replaced = await reviewer.post(
        _url(committee, "Chính Thức Bốn", "credentials/replace"),
        json={"alternate_id": alternate, "reason": "Đồng chí ốm, không dự được đại hội"},
    )
    assert replaced.status_code == 200, replaced.text
    official = replaced.json()
    assert official["credential_status"] == "da_thay_the"
    assert official["replaced_by"]["id"] == alternate
    alt = (await reviewer.get(f"/api/congresses/{committee.id}/delegates/{alternate}")).json()
    assert alt["credential_status"] == "hop_le"
    assert alt["replaces"]["id"] == committee.delegates["Chính Thức Bốn"]

    # An alternate replaces one official only; an ex officio delegate is not replaced.
    taken = await reviewer.post(
        _url(committee, "Chính Thức Năm", "credentials/replace"),
        json={"alternate_id": alternate, "reason": "Thay"},
    )
    assert "đã thay một đại biểu khác" in refusal(taken, 409)
    ex_officio = await reviewer.post(
        _url(committee, "Đương Nhiên Sáu", "credentials/replace"),
        json={"alternate_id": committee.delegates["Dự Khuyết Tám"], "reason": "Thay"},
    )
    assert refusal(ex_officio, 422)
    again = await reviewer.post(_url(committee, "Chính Thức Bốn", "credentials/accept"))
    assert refusal(again, 409)

    report = (await reviewer.get(f"/api/congresses/{committee.id}/credentials/report")).json()
    assert report["summoned"] == 8
    assert [(x["key"], x["count"]) for x in report["summoned_by_kind"]] == [
        ("chinh_thuc", 5), ("du_khuyet", 2), ("duong_nhien", 1)]  # fmt: skip
    assert (report["accepted"], report["rejected"], report["replaced"], report["pending"]) == (
        6, 1, 1, 0)  # fmt: skip
    # Attending: accepted and not absent throughout — Một, Hai, Ba, Sáu, Bảy, Tám.
    assert report["attending"] == 6
    assert [(d["full_name"], d["reason"]) for d in report["rejected_delegates"]] == [
        ("Chính Thức Năm", "Đang bị xem xét kỷ luật")]  # fmt: skip
    [away] = report["absent_whole"]
    assert (away["full_name"], away["reason"], away["replaced_by"]["full_name"]) == (
        "Chính Thức Bốn", "Ốm, điều trị tại bệnh viện", "Dự Khuyết Bảy")  # fmt: skip
    # The base: the absent official is replaced now.
    assert report["majority_base"]["base"] == 5
    # The check-in's quorum counts over the same base.
    assert await _quorum_base(committee.id) == 5
    assert report["majority_base"]["absent_unreplaced"] == 0

    # Breakdowns of the six attending, at the congress's first day (2026).
    assert _line(report["by_kind"], "chinh_thuc") == (3, 50.0)
    assert _line(report["by_kind"], "du_khuyet") == (2, 33.3)
    assert _line(report["by_sex"], "nu") == (2, 33.3)  # Một, Bảy
    # Ages 31, 46, 56, 58, 36, 35.
    ages = {x["key"]: x["count"] for x in report["by_age"]}
    assert ages == {"den_35": 2, "36_50": 2, "51_60": 2, "tren_60": 0}
    assert (report["youngest"], report["oldest"]) == (31, 58)
    groups = {x["key"]: x["count"] for x in report["by_ethnic_group"]}
    assert groups == {"kinh": 4, "thieu_so": 2}  # "kinh" written in lower case counts too
    assert [(x["label"], x["count"]) for x in report["by_ethnicity"]] == [
        ("Kinh", 4), ("Nùng", 1), ("Tày", 1)]  # fmt: skip
    assert _line(report["by_education"], "thac si") == (2, 33.3)
    assert _line(report["by_political_theory"], "cao cap") == (3, 50.0)
    # Party years 8, 21, 31, 36, 14, 11.
    seniority = {x["key"]: x["count"] for x in report["by_party_seniority"]}
    assert seniority == {"duoi_10": 1, "10_19": 2, "20_29": 1, "30_39": 2, "tu_40": 0}


async def test_the_base_is_one_function(committee):
    from backend.congress.credentials import majority_base

    assert await majority_base(committee.id) == 6
    await committee.people[0].client.post(
        _url(committee, "Chính Thức Hai", "absence"), json={"reason": "Đi công tác nước ngoài"}
    )
    assert await majority_base(committee.id) == 5
    withdrawn = await committee.people[0].client.post(
        _url(committee, "Chính Thức Hai", "absence"), json={"absent": False}
    )
    assert withdrawn.json()["absent_whole"] is False
    assert await majority_base(committee.id) == 6


async def test_only_the_credentials_committee_reviews(committee):
    chair = committee.people[1]
    await add_to_body(committee, "chu_tich", chair)
    for client, status in ((committee.organiser.client, 403), (chair.client, 403),
                           (committee.outsider.client, 404)):  # fmt: skip
        response = await client.post(_url(committee, "Chính Thức Một", "credentials/accept"))
        detail = refusal(response, status)
        if status == 403:
            assert "Ban Thẩm tra tư cách" in detail
    # The report: the committee, the organisers and the presidium, not the secretariat.
    report = f"/api/congresses/{committee.id}/credentials/report"
    assert (await chair.client.get(report)).status_code == 200
    assert (await committee.organiser.client.get(report)).status_code == 200
    secretary = committee.people[2]
    await add_to_body(committee, "thu_ky", secretary)
    assert "báo cáo thẩm tra" in refusal(await secretary.client.get(report), 403)
    unknown = await committee.people[0].client.post(
        f"/api/congresses/{committee.id}/delegates/2147483647/credentials/accept"
    )
    assert refusal(unknown, 404)


async def test_each_change_is_an_event_on_the_congress_stream_with_the_counts(app, committee):
    from backend.events.log import EventLog

    log = app.state.services.get(EventLog)
    stream = f"congress:{committee.id}"
    before = await log.last_id(stream)
    reviewer = committee.people[0].client
    await reviewer.post(_url(committee, "Chính Thức Một", "credentials/accept"))
    await reviewer.post(
        _url(committee, "Chính Thức Hai", "credentials/reject"), json={"reason": "Sai hồ sơ"}
    )
    await reviewer.post(_url(committee, "Chính Thức Ba", "absence"), json={"reason": "Ốm"})
    refused = await reviewer.post(
        _url(committee, "Chính Thức Bốn", "credentials/reject"), json={"reason": ""}
    )
    assert refused.status_code == 422  # a refusal writes no event
    events = await log.read(stream, before)
    assert [e.kind for e in events] == ["credentials.changed"] * 3
    last = events[-1].data
    assert (last["summoned"], last["hop_le"], last["khong_hop_le"], last["cho_tham_tra"]) == (
        8, 1, 1, 6)  # fmt: skip
    # 6 officials, one refused, one absent throughout.
    assert (last["absent_whole"], last["majority_base"]) == (1, 4)


async def test_a_reimport_does_not_change_the_kind_of_delegates_in_a_replacement(committee):
    reviewer = committee.people[0].client
    alternate = committee.delegates["Dự Khuyết Tám"]
    response = await reviewer.post(
        _url(committee, "Chính Thức Ba", "credentials/replace"),
        json={"alternate_id": alternate, "reason": "Chuyển công tác"},
    )
    assert response.status_code == 200, response.text
    codes = {
        d["full_name"]: d["code"]
        for d in await all_delegates(committee.organiser.client, committee.id)
    }
    rows = [
        delegate_row(codes["Chính Thức Ba"], "Chính Thức Ba", "Dự khuyết"),  # line 2
        delegate_row(codes["Dự Khuyết Tám"], "Dự Khuyết Tám", "Chính thức"),  # line 3
        delegate_row(codes["Chính Thức Một"], "Chính Thức Một", "Đương nhiên"),  # free to change
    ]
    job = await import_delegates(committee.organiser.client, committee.id, delegates_csv(rows))
    assert job["status"] == "co_loi", job
    assert [(e["line"], e["column"]) for e in job["errors"]] == [
        (2, "Loại đại biểu"),
        (3, "Loại đại biểu"),
    ]
    assert "thay thế" in job["errors"][0]["reason"]


async def test_replacing_again_frees_the_first_alternate(committee):
    reviewer = committee.people[0].client
    seventh, eighth = committee.delegates["Dự Khuyết Bảy"], committee.delegates["Dự Khuyết Tám"]
    replace = _url(committee, "Chính Thức Hai", "credentials/replace")
    first = await reviewer.post(replace, json={"alternate_id": seventh, "reason": "Ốm"})
    assert first.json()["replaced_by"]["id"] == seventh
    # The alternate in a seat is neither refused nor absent while he holds it.
    blocked = await reviewer.post(
        f"/api/congresses/{committee.id}/delegates/{seventh}/absence", json={"reason": "Bận"}
    )
    assert "chọn người thay khác" in refusal(blocked, 409)
    same = await reviewer.post(replace, json={"alternate_id": seventh, "reason": "Ốm"})
    assert refusal(same, 409)
    again = await reviewer.post(replace, json={"alternate_id": eighth, "reason": "Ốm nặng"})
    assert again.status_code == 200, again.text
    assert again.json()["replaced_by"]["id"] == eighth
    freed = (await reviewer.get(f"/api/congresses/{committee.id}/delegates/{seventh}")).json()
    assert freed["replaces"] is None
    taken = (await reviewer.get(f"/api/congresses/{committee.id}/delegates/{eighth}")).json()
    assert taken["replaces"]["id"] == committee.delegates["Chính Thức Hai"]
    # One seat, one alternate in it: the base is unchanged, and the check-in agrees.
    assert await _quorum_base(committee.id) == 6
    now_absent = await reviewer.post(
        f"/api/congresses/{committee.id}/delegates/{seventh}/absence", json={"reason": "Bận"}
    )
    assert now_absent.status_code == 200, now_absent.text

"""``CitizenKeys``, what the consultations domain codes against: a token per citizen and scope,
stable and unlinkable; coarse facts; the consent check; refusals for others and after erasure."""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from backend.citizens.identity import VneidIdentity
from backend.citizens.keys import CitizenKeys
from backend.citizens.registry import CitizenRegistry
from backend.citizens.tables import Citizen
from backend.core.problems import Problem
from shared.citizens import AgeBand


def _pid() -> str:
    return "0" + "".join(secrets.choice("0123456789") for _ in range(11))


async def _citizen(app, **facts) -> int:
    registry = app.state.services.get(CitizenRegistry)
    identity = VneidIdentity(
        pid=facts.pop("pid", _pid()),
        full_name=facts.pop("full_name", "Trần Văn Bình"),
        birth_date=facts.pop("birth_date", date(1990, 5, 17)),
        account_level=facts.pop("account_level", 2),
        **facts,
    )
    user_id, _ = await registry.enroll_now(identity)
    return user_id


async def test_a_token_is_stable_per_scope_and_unlinkable_across_scopes_and_people(app):
    keys = app.state.services.get(CitizenKeys)
    first, second = await _citizen(app), await _citizen(app)
    token = await keys.author_token(first, "consultation:1")
    assert len(token) == 64 and int(token, 16) >= 0
    assert await keys.author_token(first, "consultation:1") == token
    assert await keys.author_token(first, "consultation:2") != token
    assert await keys.author_token(second, "consultation:1") != token
    assert keys.pseudonym(token) == keys.pseudonym(await keys.author_token(first, "consultation:1"))


async def test_the_same_number_signs_in_to_the_same_account(app):
    registry = app.state.services.get(CitizenRegistry)
    pid = _pid()
    one = VneidIdentity(pid=pid, full_name="Lê Thị Mai", account_level=2, province="Bắc Ninh")
    user_id, created = await registry.enroll_now(one)
    again, created_again = await registry.enroll_now(
        VneidIdentity(pid=pid, full_name="Lê Thị Mai", account_level=2, commune="Phường Kinh Bắc")
    )
    assert created and not created_again and again == user_id
    facts = await app.state.services.get(CitizenKeys).profile(user_id)
    assert facts.commune == "Phường Kinh Bắc" and facts.province == ""


async def test_profile_carries_only_coarse_facts(app):
    keys = app.state.services.get(CitizenKeys)
    user_id = await _citizen(
        app, birth_date=date(1950, 1, 2), province="Bắc Ninh", commune="Xã Tiên Du"
    )
    facts = await keys.profile(user_id)
    assert facts.age_band is AgeBand.FROM_60
    assert (facts.province, facts.commune) == ("Bắc Ninh", "Xã Tiên Du")


async def test_consent_is_required_until_the_current_notice_is_accepted(app):
    from backend.citizens import consent

    keys = app.state.services.get(CitizenKeys)
    user_id = await _citizen(app)
    with pytest.raises(Problem) as refused:
        await keys.require_consent(user_id)
    assert refused.value.status_code == 428
    assert refused.value.extra["consent_version"] == consent.VERSION
    assert "đồng ý" in refused.value.detail
    await Citizen.update({Citizen.consent_version: "cu-hon"}).where(Citizen.user == user_id)
    with pytest.raises(Problem):
        await keys.require_consent(user_id)
    await Citizen.update({Citizen.consent_version: consent.VERSION}).where(Citizen.user == user_id)
    await keys.require_consent(user_id)


async def test_a_user_who_is_not_a_citizen_is_refused_and_an_erased_one_is_gone(app):
    from backend.accounts.tables import User

    keys = app.state.services.get(CitizenKeys)
    officer = await User.select(User.id).where(User.username.not_like("cd-%")).first()
    for call in (
        keys.author_token(officer["id"], "consultation:1"),
        keys.profile(officer["id"]),
        keys.require_consent(officer["id"]),
    ):
        with pytest.raises(Problem) as refused:
            await call
        assert refused.value.status_code == 403
    user_id = await _citizen(app)
    await Citizen.update({Citizen.person_key_sealed: None, Citizen.name_sealed: None}).where(
        Citizen.user == user_id
    )
    with pytest.raises(Problem) as gone:
        await keys.author_token(user_id, "consultation:1")
    assert gone.value.status_code == 410
    assert gone.value.detail == "Dữ liệu của công dân này đã được xóa."

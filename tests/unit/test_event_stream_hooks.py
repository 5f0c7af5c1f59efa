"""``DomainHooks`` gathers each domain's live streams: who may read ``prefix:number``."""

from __future__ import annotations

import pytest

from backend.accounts.identity import Actor
from backend.core.domain import Domain, DomainHooks
from shared.accounts import Role


def _actor(org: int) -> Actor:
    return Actor(
        id=7,
        username="daibieu",
        full_name="Đại Biểu",
        organisation_id=org,
        organisation_code="X",
        organisation_name="Chi bộ X",
        roles=[Role.DANG_VIEN],
        session_id=1,
    )


async def _same_org(actor: Actor, number: int) -> bool:
    return actor.organisation_id == number


async def test_a_stream_is_read_by_the_rule_of_its_prefix():
    hooks = DomainHooks([Domain(name="a", event_streams={"hall": _same_org}), Domain(name="b")])
    assert await hooks.may_read_stream(_actor(12), "hall:12") is True
    assert await hooks.may_read_stream(_actor(13), "hall:12") is False


@pytest.mark.parametrize(
    "name",
    ["other:12", "hall", "hall:", "hall:012", "hall:-1", "hall:1x", "hall:١٢", "hall:2147483648"],
)
async def test_names_no_domain_owns_are_none(name):
    hooks = DomainHooks([Domain(name="a", event_streams={"hall": _same_org})])
    assert await hooks.may_read_stream(_actor(12), name) is None


def test_two_domains_cannot_own_one_prefix():
    with pytest.raises(RuntimeError):
        DomainHooks(
            [
                Domain(name="a", event_streams={"hall": _same_org}),
                Domain(name="b", event_streams={"hall": _same_org}),
            ]
        )

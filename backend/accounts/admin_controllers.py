"""HTTP: the administrator's invitations and list of users (``/api/admin``)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import HeaderParameter, Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.accounts.invitations import InvitationService
from backend.accounts.policy import POLICY
from backend.accounts.users import UserDirectory
from backend.core.idempotency import IdempotentReplies, fingerprint_of
from backend.core.inject import inject
from backend.core.paging import Limit
from backend.core.problems import Problem
from shared.accounts import AccountAction, InvitationCreate, InvitationCreated, UserPage

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="the same key again gives the first answer again, and no second account",
    ),
]


class AdminController(Controller):
    path = "/api/admin"
    tags = ["Quản trị"]
    dependencies = {
        "actor": Provide(provide_actor),
        "invitations": inject(InvitationService),
        "replies": inject(IdempotentReplies),
        "directory": inject(UserDirectory),
    }

    @post("/invitations", opt={"problems": (404,)})
    async def invite(
        self,
        data: InvitationCreate,
        actor: Actor,
        invitations: InvitationService,
        replies: IdempotentReplies,
        idempotency_key: IdempotencyKey = None,
    ) -> InvitationCreated:
        """A new user's enrollment link, or a new link for an existing user (an account
        recovery when he has or had a passkey)."""
        POLICY.require(AccountAction.INVITE, actor, None)
        if data.username is None and (not data.full_name or not data.roles):
            raise Problem(
                400, "Cần họ tên và ít nhất một vai trò cho người dùng mới.", code="validation"
            )

        async def invite() -> InvitationCreated:
            return await invitations.invite(
                full_name=data.full_name or "",
                roles=data.roles,
                organisation_code=data.organisation_code,
                username=data.username,
                revoke_existing=data.revoke_existing,
                actor=actor,
                allow_recent_twin=data.confirm_duplicate,
            )

        if idempotency_key is None:
            return await invite()
        return await replies.once(
            f"invitation:{actor.id}",
            idempotency_key,
            fingerprint_of(data),
            InvitationCreated,
            invite,
        )

    @get("/users")
    async def users(
        self,
        actor: Actor,
        directory: UserDirectory,
        q: Annotated[str | None, Parameter(max_length=80)] = None,
        cursor: Annotated[str | None, Parameter(max_length=400)] = None,
        limit: Limit = 20,
    ) -> UserPage:
        """Users by user name, found by name or user name, with their passkeys, sessions and
        the state of their latest account recovery."""
        POLICY.require(AccountAction.LIST_USERS, actor, None)
        return await directory.page(q, cursor, limit)

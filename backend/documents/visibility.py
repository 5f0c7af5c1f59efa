"""Who may read a document — the one rule every list, detail, file, search and timeline uses.

A user reads a document when
- he keeps or leads its register: văn thư or lãnh đạo of the document's organisation; or
- it is assigned to him (any role, including a draft he wrote); or
- it was shared with him.
Nothing else: not a parent organisation, not an administrator. What he may *do* with a
document he reads is the table of :mod:`backend.documents.policy`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.documents.policy import keeps_register
from backend.documents.tables import Assignment, DocumentShare
from shared.accounts import Role


@dataclass(frozen=True)
class Visibility:
    user_id: int
    organisation_id: int
    register_reader: bool

    @classmethod
    def of(cls, actor: Actor) -> Visibility:
        return cls(
            user_id=actor.id,
            organisation_id=actor.organisation_id,
            register_reader=actor.has(Role.VAN_THU, Role.LANH_DAO),
        )


def visibility_sql(
    visibility: Visibility,
    alias: str = "d",
    id_column: str = "id",
    organisation_column: str = "organisation",
) -> tuple[str, list]:
    """A WHERE fragment (Piccolo ``{}`` placeholders) selecting the readable documents of the
    row ``alias``, which has the document's organisation in ``organisation_column`` and the
    document id in ``id_column``."""
    own_register = (
        f'{alias}."{organisation_column}" = {{}} OR ' if visibility.register_reader else ""
    )
    sql = (
        f"({own_register}"
        f'EXISTS (SELECT 1 FROM assignment a WHERE a."document" = {alias}."{id_column}" '
        'AND a."user" = {}) '
        f'OR EXISTS (SELECT 1 FROM document_share s_ WHERE s_."document" = {alias}."{id_column}" '
        'AND s_."user" = {}))'
    )
    args: list = [visibility.organisation_id] if visibility.register_reader else []
    return sql, [*args, visibility.user_id, visibility.user_id]


async def can_read(actor: Actor, document_id: int, organisation_id: int) -> bool:
    if keeps_register(actor, organisation_id):
        return True
    if await Assignment.exists().where(
        (Assignment.document == document_id) & (Assignment.user == actor.id)
    ):
        return True
    return await DocumentShare.exists().where(
        (DocumentShare.document == document_id) & (DocumentShare.user == actor.id)
    )

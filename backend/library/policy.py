"""Who may do what in the library: the one table the commands and the answers read.

Party members read it (and Tuyên giáo, who publish it). Tuyên giáo alone create collections
and documents, edit a document's next version, publish and withdraw: not quản trị, and not
biên tập, who belong to the comments area. Every reader keeps his own bookmarks and highlights
on live articles. ``tests/unit/test_library_policy.py`` tests the table without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule, on
from backend.core.problems import Problem
from shared.accounts import Role
from shared.library import DOCUMENT_STATE_LABELS, DocumentState, LibraryAction

A = LibraryAction
READERS = (Role.DANG_VIEN, Role.TUYEN_GIAO)


@dataclass(frozen=True)
class DocumentRecord:
    state: DocumentState
    draft_pending: bool  # a draft text differs from what is published


@dataclass(frozen=True)
class ArticleRecord:
    live: bool  # in the document's current published version


def reads(actor: Actor) -> bool:
    return actor.has(*READERS)


def publishes(actor: Actor) -> bool:
    return actor.has(Role.TUYEN_GIAO)


def may_see(actor: Actor, state: DocumentState) -> bool:
    """Readers see published documents; Tuyên giáo see drafts and withdrawn ones too."""
    return publishes(actor) or (reads(actor) and state is DocumentState.PUBLISHED)


TUYEN_GIAO_ONLY = "Chỉ cán bộ Tuyên giáo được {what}."

POLICY: Policy[LibraryAction, object] = Policy(
    {
        A.READ: Rule(
            lambda actor, r: r is None and reads(actor),
            "Thư viện văn kiện dành cho đảng viên.",
        ),
        A.SEARCH: Rule(
            lambda actor, r: r is None and reads(actor),
            "Thư viện văn kiện dành cho đảng viên.",
        ),
        A.MANAGE: Rule(
            lambda actor, r: r is None and publishes(actor),
            TUYEN_GIAO_ONLY.format(what="thêm bộ sưu tập và văn kiện vào thư viện"),
        ),
        A.EDIT: on(
            DocumentRecord,
            lambda actor, r: publishes(actor),
            TUYEN_GIAO_ONLY.format(what="soạn phiên bản mới của văn kiện"),
        ),
        A.PUBLISH: on(
            DocumentRecord,
            lambda actor, r: publishes(actor),
            TUYEN_GIAO_ONLY.format(what="xuất bản văn kiện"),
            lambda r: r.draft_pending or r.state is DocumentState.WITHDRAWN,
            lambda r: Problem(
                409, "Không có bản soạn mới nào chờ xuất bản.", code="nothing_to_publish"
            ),
        ),
        A.WITHDRAW: on(
            DocumentRecord,
            lambda actor, r: publishes(actor),
            TUYEN_GIAO_ONLY.format(what="thu hồi văn kiện"),
            lambda r: r.state is DocumentState.PUBLISHED,
            lambda r: Problem(
                409,
                f"Văn kiện đang ở trạng thái “{DOCUMENT_STATE_LABELS[r.state]}”, không thu hồi "
                "được.",
                code="invalid_transition",
            ),
        ),
        A.BOOKMARK: on(
            ArticleRecord,
            lambda actor, r: reads(actor),
            "Thư viện văn kiện dành cho đảng viên.",
            lambda r: r.live,
            lambda r: Problem(409, "Điều này không còn trong văn kiện.", code="not_live"),
        ),
        A.HIGHLIGHT: on(
            ArticleRecord,
            lambda actor, r: reads(actor),
            "Thư viện văn kiện dành cho đảng viên.",
            lambda r: r.live,
            lambda r: Problem(409, "Điều này không còn trong văn kiện.", code="not_live"),
        ),
    }
)


def global_actions(actor: Actor) -> list[LibraryAction]:
    return POLICY.actions(actor, None)


def require_reader(actor: Actor) -> None:
    POLICY.require(LibraryAction.READ, actor, None)

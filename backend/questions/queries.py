"""Lists of questions: the member's own, a cấp ủy's inbox, the published FAQ and its search."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.orgs.positions import standing_of
from backend.questions.asking import faq_of
from backend.questions.policy import POLICY
from backend.questions.tables import Question
from backend.search import services as search
from shared.questions import (
    QUESTION_STATUS_LABELS,
    FaqEntry,
    FaqSearchHit,
    FaqSearchPage,
    QuestionAction,
    QuestionStatus,
    QuestionSummary,
)

EXCERPT = 160
LIMIT = 200


def summary_of(row: dict) -> QuestionSummary:
    status = QuestionStatus(row["status"])
    text = " ".join(row["text"].split())
    return QuestionSummary(
        id=row["id"],
        organisation_name=row["organisation_name"],
        excerpt=text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…",
        status=status,
        status_label=QUESTION_STATUS_LABELS[status],
        asked_at=row["created_at"],
        answered_at=row["answered_at"],
        faq_published=row["faq_published_at"] is not None,
    )


def _listing():
    return Question.select(
        Question.all_columns(), Question.organisation.name.as_alias("organisation_name")
    )


async def mine(actor: Actor) -> list[QuestionSummary]:
    rows = (
        await _listing()
        .where(Question.asker == actor.id)
        .order_by(Question.id, ascending=False)
        .limit(LIMIT)
    )
    return [summary_of(r) for r in rows]


async def inbox(actor: Actor, status: QuestionStatus | None) -> list[QuestionSummary]:
    """Questions to every cấp ủy the actor sits on, the waiting ones oldest first."""
    organisations = (await standing_of(actor.id)).organisations
    if not organisations:
        return []
    query = _listing().where(Question.organisation.is_in(list(organisations)))
    if status is not None:
        query = query.where(Question.status == status.value)
    rows = await query.order_by(Question.id).limit(LIMIT)
    return sorted(
        (summary_of(r) for r in rows),
        key=lambda s: (s.status is not QuestionStatus.WAITING, s.asked_at),
    )


def _faq_listing():
    return Question.select(
        Question.id,
        Question.organisation,
        Question.organisation.name.as_alias("organisation_name"),
        Question.faq_question,
        Question.faq_answer,
        Question.faq_published_at,
    )


async def faq(actor: Actor, organisation_id: int | None) -> list[FaqEntry]:
    POLICY.require(QuestionAction.READ_FAQ, actor, None)
    query = _faq_listing().where(Question.faq_published_at.is_not_null())
    if organisation_id is not None:
        query = query.where(Question.organisation == organisation_id)
    rows = await query.order_by(Question.faq_published_at, ascending=False).limit(LIMIT)
    return [faq_of(r) for r in rows]


async def search_faq(
    actor: Actor,
    text: str,
    *,
    organisation_id: int | None = None,
    offset: int = 0,
    limit: int = 20,
) -> FaqSearchPage:
    """Published FAQ entries matching ``text`` (of one organisation, if asked), best first."""
    POLICY.require(QuestionAction.SEARCH_FAQ, actor, None)
    scope = search.Scope.within(organisation_id)
    found = await search.page(search.Kind.FAQ, text, scope, limit=limit, offset=offset)
    ids = [h.record for h in found.hits]
    rows = {}
    if ids:
        published = Question.id.is_in(ids) & Question.faq_published_at.is_not_null()
        rows = {r["id"]: r for r in await _faq_listing().where(published)}
    return FaqSearchPage(
        query=found.query,
        items=[
            FaqSearchHit(entry=faq_of(rows[h.record]), exact=h.exact, in_metadata=h.in_metadata)
            for h in found.hits
            if h.record in rows
        ],
        offset=offset,
        has_more=found.has_more,
    )

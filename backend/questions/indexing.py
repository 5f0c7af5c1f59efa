"""What of the FAQ the search box finds: each published entry's question (the metadata) and
answer (the body), in the wording the cấp ủy published, never the asker's own. Only
published entries are in the index; the entry's scope is the organisation whose cấp ủy
published it, so a search can stay inside one."""

from __future__ import annotations

from backend.questions.tables import Question
from backend.search import services as search


async def index_entry(question_id: int, organisation_id: int, question: str, answer: str) -> None:
    """Index a FAQ entry as published; inside the transaction that publishes it."""
    await search.index(search.Kind.FAQ, question_id, question, answer, scope=organisation_id)


async def remove_entry(question_id: int) -> None:
    await search.remove(search.Kind.FAQ, [question_id])


async def reindex_all() -> int:
    """Index every published FAQ entry (``dangbo search-reindex``, and the migration that
    brought the FAQ into the index)."""
    await search.clear(search.Kind.FAQ)
    rows = (
        await Question.select(
            Question.id, Question.organisation, Question.faq_question, Question.faq_answer
        )
        .where(Question.faq_published_at.is_not_null())
        .order_by(Question.id)
    )
    for row in rows:
        await index_entry(row["id"], row["organisation"], row["faq_question"], row["faq_answer"])
    return len(rows)

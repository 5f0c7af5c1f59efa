"""What of the comments the editors' search finds: each comment's text (the body) and the
passage it quotes (the metadata). The entry's scope is the consultation, so a search can stay
inside one. A withdrawn comment leaves the index; a hidden one stays (the editors hid it and
may look for it). Only the tổ biên tập searches comments (``ConsultationAction.SEARCH_COMMENTS``).
"""

from __future__ import annotations

from backend.consultations.tables import Comment
from backend.search import services as search
from shared.consultations import CommentStatus


async def index_comment(
    comment_id: int, consultation_id: int, text: str, quote: str | None
) -> None:
    """Inside the transaction that writes the comment."""
    await search.index(search.Kind.COMMENT, comment_id, quote or "", text, scope=consultation_id)


async def remove_comment(comment_id: int) -> None:
    await search.remove(search.Kind.COMMENT, [comment_id])


async def reindex_all() -> int:
    await search.clear(search.Kind.COMMENT)
    rows = (
        await Comment.select(Comment.id, Comment.consultation, Comment.text, Comment.quote)
        .where(Comment.status != CommentStatus.WITHDRAWN.value)
        .order_by(Comment.id)
    )
    for row in rows:
        await index_comment(row["id"], row["consultation"], row["text"], row["quote"])
    return len(rows)

"""A citizen's erasure, as the consultations see it (``Domain.forget_citizen``).

Called by the citizens domain inside the erasure's transaction, before it destroys his person
key, with ``token_of(scope)``: his token in each consultation, found one last time. In every
consultation his comments lose the sealed user id kept to tell him of an answer
(``notice_sealed``); where the consultation's rules keep comments after erasure
(``keep_after_erasure``) they stay as anonymous text, elsewhere they are deleted (and leave the
search index). His votes stay as anonymous counts. Once the key is gone no one can tell which
comments and votes were his.
"""

from __future__ import annotations

from collections.abc import Callable

from backend.consultations import indexing
from backend.consultations.commenting import scope_of
from backend.consultations.tables import Comment, Consultation


async def forget_citizen(user_id: int, token_of: Callable[[str], str]) -> int:
    changed = 0
    for consultation in await Consultation.select(Consultation.id, Consultation.keep_after_erasure):
        token = token_of(scope_of(consultation["id"]))
        his = (Comment.consultation == consultation["id"]) & (Comment.author_token == token)
        ids = [r["id"] for r in await Comment.select(Comment.id).where(his)]
        if not ids:
            continue
        changed += len(ids)
        if consultation["keep_after_erasure"]:
            await Comment.update({Comment.notice_sealed: None}).where(his)
        else:
            for comment_id in ids:
                await indexing.remove_comment(comment_id)
            await Comment.delete().where(his)
    return changed

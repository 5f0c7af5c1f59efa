"""Citizens' comments and votes: writing, withdrawing, and reading them.

A comment is about a unit, a passage of one unit (the quote and its offsets, checked against
the unit's text in the current version), or the whole draft. It is kept as plain text: control
characters and bidirectional overrides are removed, nothing is parsed as HTML, and the UI shows
it as text. It stores the author's token in this consultation (never his user id) and his
coarse facts (age band, province, commune) for the charts. Before the first comment the citizen
must have accepted the consent notice (``CitizenKeys.require_consent``).

Limits: ``COMMENT_MAX_CHARS``; so many a minute and a day per token
(:mod:`backend.consultations.limits`); an ``Idempotency-Key`` makes a submission sent twice one
comment (the unique index on consultation, token and key).

A vote is one row per token and unit: voting again changes it, voting the same again takes it
back. After each comment and vote, ``counts.changed`` goes out on the stream
``consultation:{id}`` (:mod:`backend.consultations.live`).
"""

from __future__ import annotations

import re
import unicodedata

from backend import db
from backend.accounts.identity import Actor
from backend.citizens.keys import CitizenKeys
from backend.consultations import indexing
from backend.consultations.consulting import readable, readable_with_unit
from backend.consultations.limits import CommentLimiter
from backend.consultations.live import Live
from backend.consultations.policy import POLICY, CommentRecord
from backend.consultations.tables import Comment, UnitVote
from backend.core.clock import now
from backend.core.paging import decode_cursor, encode_cursor, page_of
from backend.core.problems import Problem
from backend.core.sealed import Sealer
from shared.accounts import Role
from shared.consultations import (
    COMMENT_MAX_CHARS,
    CommentCreate,
    CommentPage,
    CommentStatus,
    CommentView,
    ConsultationAction,
    TargetKind,
    VoteChoice,
    VoteResult,
)

NOT_FOUND = "Không tìm thấy góp ý."
NOTICE_PURPOSE = "comment-notice"
_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def clean_text(text: str) -> str:
    """Plain text as it will be kept: NFC, line ends as ``\\n``, no control characters or
    direction overrides, no spaces at the ends of lines, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def scope_of(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


def comment_view(
    row: dict, keys: type[CitizenKeys] | CitizenKeys, mine: bool = False
) -> CommentView:
    return CommentView(
        id=row["id"],
        consultation_id=row["consultation"],
        author=keys.pseudonym(row["author_token"]),
        target=TargetKind(row["target"]),
        unit_key=row["unit_key"],
        version=row["version_seen"],
        quote=row["quote"],
        start=row["quote_start"],
        end=row["quote_end"],
        text=row["text"],
        created_at=row["created_at"],
        answer=row["answer"],
        answered_at=row["answered_at"],
        mine=mine,
    )


class Commenting:
    def __init__(
        self, keys: CitizenKeys, limiter: CommentLimiter, live: Live, sealer: Sealer
    ) -> None:
        self.keys = keys
        self.limiter = limiter
        self.live = live
        self.sealer = sealer

    @staticmethod
    def _target(
        data: CommentCreate, version: int, unit: dict | None
    ) -> tuple[int, str | None, str | None, int | None, int | None]:
        """The version, unit key, quote and offsets of a comment, checked against the current
        version and its unit ``data.unit_key`` (``unit``)."""
        if data.target is TargetKind.DRAFT:
            if data.unit_key or data.quote or data.start is not None or data.end is not None:
                raise Problem(
                    400,
                    "Góp ý cho toàn văn dự thảo không kèm điều, đoạn hay đoạn trích.",
                    code="bad_target",
                )
            return version, None, None, None, None
        if not data.unit_key:
            raise Problem(400, "Hãy chọn điều, đoạn được góp ý.", code="unit_missing")
        if unit is None:
            raise Problem(422, "Dự thảo hiện hành không có điều, đoạn này.", code="unit_not_found")
        if data.target is TargetKind.UNIT:
            if data.quote or data.start is not None or data.end is not None:
                raise Problem(400, "Góp ý cho cả đoạn không kèm đoạn trích.", code="bad_target")
            return version, data.unit_key, None, None, None
        # A passage: the quote must be the unit's text between the offsets.
        if data.quote is None or data.start is None or data.end is None or not data.quote.strip():
            raise Problem(
                400, "Hãy chọn đoạn trích (nội dung và vị trí) được góp ý.", code="quote_missing"
            )
        body = unit["text"] or unit["title"]
        if (
            not (0 <= data.start < data.end <= len(body))
            or body[data.start : data.end] != data.quote
        ):
            raise Problem(
                422,
                "Đoạn trích không khớp với nội dung của điều, đoạn đã chọn.",
                code="quote_mismatch",
            )
        return version, data.unit_key, data.quote, data.start, data.end

    async def create(
        self, actor: Actor, consultation_id: int, data: CommentCreate, idempotency_key: str | None
    ) -> CommentView:
        _, record, current_version, current = await readable_with_unit(
            actor, consultation_id, data.unit_key if data.target is not TargetKind.DRAFT else None
        )
        POLICY.require(ConsultationAction.COMMENT, actor, record)
        if idempotency_key is not None:
            idempotency_key = idempotency_key.strip()
            if not 1 <= len(idempotency_key) <= 100:
                raise Problem(
                    400,
                    "Mã chống gửi trùng phải có từ 1 đến 100 ký tự.",
                    code="bad_idempotency_key",
                )
        text = clean_text(data.text)
        if not text:
            raise Problem(400, "Nội dung góp ý không được để trống.", code="empty_comment")
        if len(text) > COMMENT_MAX_CHARS:
            raise Problem(
                400,
                f"Góp ý dài {_n(len(text))} ký tự, "
                f"vượt quá {_n(COMMENT_MAX_CHARS)} ký tự cho phép.",
                code="comment_too_long",
            )
        token, facts = await self.keys.consenting_author(actor.id, scope_of(consultation_id))
        if idempotency_key is not None:
            again = await self._same_submission(consultation_id, token, idempotency_key, text)
            if again is not None:
                return again
        version, unit_key, quote, start, end = self._target(data, current_version, current)
        await self.limiter.hit(token)
        stamp = now()
        try:
            async with db.transaction():
                # The row as written comes back (nothing read again after the commit); its
                # triggers add it to the live counts (backend/consultations/tally.py).
                [made] = await Comment.insert(
                    Comment(
                        consultation=consultation_id,
                        target=data.target.value,
                        unit_key=unit_key,
                        version_seen=version,
                        quote=quote,
                        quote_start=start,
                        quote_end=end,
                        author_token=token,
                        age_band=facts.age_band.value if facts.age_band else None,
                        province=facts.province or None,
                        commune=facts.commune or None,
                        text=text,
                        status=CommentStatus.VISIBLE.value,
                        notice_sealed=self.sealer.seal(str(actor.id), NOTICE_PURPOSE, token),
                        idempotency_key=idempotency_key,
                        created_at=stamp,
                    )
                ).returning(*Comment.all_columns())
                await indexing.index_comment(made["id"], consultation_id, text, quote)
        except Exception:
            if idempotency_key is not None:
                # Two copies of one submission at once: the other one won the unique index.
                again = await self._same_submission(consultation_id, token, idempotency_key, text)
                if again is not None:
                    return again
            raise
        self.live.changed(consultation_id, unit_key)
        return comment_view(made, self.keys, mine=True)

    async def _same_submission(
        self, consultation_id: int, token: str, key: str, text: str
    ) -> CommentView | None:
        found = (
            await Comment.select()
            .where(
                (Comment.consultation == consultation_id)
                & (Comment.author_token == token)
                & (Comment.idempotency_key == key)
            )
            .first()
        )
        if found is None:
            return None
        if found["text"] != text:
            raise Problem(
                422,
                "Mã chống gửi trùng (Idempotency-Key) này đã dùng cho một góp ý khác. "
                "Hãy dùng mã mới cho góp ý mới.",
                code="idempotency_key_reused",
            )
        return comment_view(found, self.keys, mine=True)

    async def withdraw(self, actor: Actor, comment_id: int) -> CommentView:
        found = await Comment.select().where(Comment.id == comment_id).first()
        if found is None:
            raise Problem(404, NOT_FOUND, code="comment_not_found")
        _, consultation = await readable(actor, found["consultation"])
        own = False
        if actor.has(Role.CONG_DAN):
            token = await self.keys.author_token(actor.id, scope_of(found["consultation"]))
            own = token == found["author_token"]
        record = CommentRecord(
            consultation_status=consultation.status,
            status=CommentStatus(found["status"]),
            own=own,
            answered=found["answered_at"] is not None,
        )
        if not own and found["status"] != CommentStatus.VISIBLE.value:
            raise Problem(404, NOT_FOUND, code="comment_not_found")
        POLICY.require(ConsultationAction.WITHDRAW, actor, record)
        async with db.transaction():
            await Comment.update(
                {
                    Comment.status: CommentStatus.WITHDRAWN.value,
                    Comment.withdrawn_at: now(),
                    Comment.notice_sealed: None,
                }
            ).where(Comment.id == comment_id)
            await indexing.remove_comment(comment_id)
        self.live.changed(found["consultation"], found["unit_key"])
        saved = await Comment.select().where(Comment.id == comment_id).first()
        assert saved is not None
        return comment_view(saved, self.keys, mine=True)

    # ---- votes ------------------------------------------------------------------------------

    async def vote(
        self, actor: Actor, consultation_id: int, unit_key: str, choice: VoteChoice | None
    ) -> VoteResult:
        """Agree or disagree with a unit (None takes the vote back); voting again changes it."""
        _, record, _, unit = await readable_with_unit(actor, consultation_id, unit_key)
        POLICY.require(ConsultationAction.VOTE, actor, record)
        token, facts = await self.keys.consenting_author(actor.id, scope_of(consultation_id))
        if unit is None:
            raise Problem(422, "Dự thảo hiện hành không có điều, đoạn này.", code="unit_not_found")
        stamp = now()
        where = (
            (UnitVote.consultation == consultation_id)
            & (UnitVote.unit_key == unit_key)
            & (UnitVote.author_token == token)
        )
        async with db.transaction():
            if choice is None:
                await UnitVote.delete().where(where)
            else:
                # One statement, so that two taps at once leave one row (the unique index).
                await UnitVote.raw(
                    'INSERT INTO "unit_vote" ("consultation", "unit_key", "author_token", '
                    '"choice", "age_band", "province", "commune", "created_at", "updated_at") '
                    "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}) "
                    'ON CONFLICT ("consultation", "unit_key", "author_token") '
                    'DO UPDATE SET "choice" = excluded."choice", '
                    '"updated_at" = excluded."updated_at"',
                    consultation_id,
                    unit_key,
                    token,
                    choice.value,
                    facts.age_band.value if facts.age_band else None,
                    facts.province or None,
                    facts.commune or None,
                    stamp,
                    stamp,
                )
        self.live.changed(consultation_id, unit_key)
        tally = await UnitVote.raw(
            'SELECT "choice", COUNT(*) AS "n" FROM "unit_vote" WHERE "consultation" = {} '
            'AND "unit_key" = {} GROUP BY "choice"',
            consultation_id,
            unit_key,
        )
        by_choice = {r["choice"]: r["n"] for r in tally}
        return VoteResult(
            unit_key=unit_key,
            choice=choice,
            agree=by_choice.get(VoteChoice.AGREE.value, 0),
            disagree=by_choice.get(VoteChoice.DISAGREE.value, 0),
        )

    # ---- reading ----------------------------------------------------------------------------

    async def page(
        self,
        actor: Actor,
        consultation_id: int,
        *,
        unit_key: str | None,
        whole_draft: bool,
        cursor: str | None,
        limit: int,
    ) -> CommentPage:
        """Visible comments on one unit (or on the whole draft, or all of them), newest first,
        by keyset: the index (consultation, unit_key, status, id) answers each page."""
        await readable(actor, consultation_id)
        condition = (Comment.consultation == consultation_id) & (
            Comment.status == CommentStatus.VISIBLE.value
        )
        if unit_key is not None:
            condition &= Comment.unit_key == unit_key
        elif whole_draft:
            condition &= Comment.unit_key.is_null()
        if cursor:
            [last] = decode_cursor(cursor, (int,))
            condition &= Comment.id < last
        rows = (
            await Comment.select()
            .where(condition)
            .order_by(Comment.id, ascending=False)
            .limit(limit + 1)
        )
        items, more = page_of(rows, limit)
        token = None
        if actor.has(Role.CONG_DAN):
            try:
                token = await self.keys.author_token(actor.id, scope_of(consultation_id))
            except Problem:
                token = None
        return CommentPage(
            items=[comment_view(r, self.keys, mine=r["author_token"] == token) for r in items],
            next_cursor=encode_cursor([items[-1]["id"]]) if more and items else None,
        )

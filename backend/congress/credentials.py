"""The credentials committee's review (thẩm tra tư cách đại biểu) and the majority base.

Each delegate starts ``cho_tham_tra``. The committee:

- accepts his credentials (``hop_le``);
- rejects them with a reason (``khong_hop_le``);
- replaces an official delegate by an alternate (the official becomes ``da_thay_the``, the
  alternate is accepted and counted in his place; each row names the other); replacing him
  again with another alternate frees the first, who is an alternate again;
- marks him absent for the whole congress with a reason (or withdraws that).

Each change goes through the policy (``review_credentials``), the congress's timeline and the
audit log, and the congress's event stream (``credentials.changed`` with the new counts),
written after the congress's other live writes (``live.lock_congress``) so that the counts it
carries are those of the commit.

:func:`majority_base` is the one computation of the base the check-in's quorum and the polls'
majorities use.
"""

from __future__ import annotations

from collections import Counter

from backend import db
from backend.accounts.identity import Actor
from backend.congress.delegates import delegate_row, detail
from backend.congress.live import lock_congress, stream_of
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.congress.tables import Delegate
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from shared.congress import (
    CongressAction,
    CredentialRejection,
    CredentialReplacement,
    CredentialStatus,
    DelegateDetail,
    DelegateKind,
    MajorityBase,
    WholeAbsence,
)

A = CongressAction
S = CredentialStatus
# Official delegates: elected (chính thức) and ex officio (đương nhiên); both vote.
OFFICIAL_KINDS = (DelegateKind.OFFICIAL.value, DelegateKind.EX_OFFICIO.value)
CREDENTIALS_CHANGED = "credentials.changed"


def _reason(text: str, what: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise Problem(422, f"Cần ghi lý do {what}.", code="reason_required")
    return value


def _replaced_already(row: dict) -> Problem:
    return Problem(
        409,
        f"Đại biểu {row['full_name']} đã được thay bằng đại biểu dự khuyết; không thẩm tra lại "
        "được.",
        code="already_replaced",
    )


# One row of sums, counted by the database (a check-in reads the base on every scan).
_BASE_FIGURES = """
SELECT count(*) AS officials,
       coalesce(sum(CASE WHEN "credential_status" = {} THEN 1 ELSE 0 END), 0) AS refused,
       coalesce(sum(CASE WHEN "absent_whole" AND "credential_status" <> {}
                          AND "replaced_by_id" IS NULL THEN 1 ELSE 0 END), 0) AS absent
FROM "congress_delegate"
WHERE "congress" = {} AND "kind" IN ({}, {})
"""


async def base_figures(congress_id: int) -> MajorityBase:
    """The official delegates summoned, less those whose credentials were refused and those
    absent for the whole congress whom no alternate replaces."""
    [row] = await Delegate.raw(
        _BASE_FIGURES, S.REJECTED.value, S.REJECTED.value, congress_id, *OFFICIAL_KINDS
    )
    officials, refused, absent = int(row["officials"]), int(row["refused"]), int(row["absent"])
    return MajorityBase(
        officials_summoned=officials,
        refused=refused,
        absent_unreplaced=absent,
        base=officials - refused - absent,
    )


async def majority_base(congress_id: int) -> int:
    """The base of the congress's majorities and quorum (``base_figures(...).base``)."""
    return (await base_figures(congress_id)).base


async def credential_counts(congress_id: int) -> dict[str, int]:
    """The counts the ``credentials.changed`` event carries."""
    rows = await Delegate.select(Delegate.credential_status, Delegate.absent_whole).where(
        Delegate.congress == congress_id
    )
    by_status = Counter(r["credential_status"] for r in rows)
    return {
        "summoned": len(rows),
        **{status.value: by_status.get(status.value, 0) for status in CredentialStatus},
        "absent_whole": sum(1 for r in rows if r["absent_whole"]),
        "majority_base": await majority_base(congress_id),
    }


class Credentials:
    def __init__(self, events: EventLog) -> None:
        self.events = events

    async def _changed(self, actor: Actor, congress_id: int, action: str, detail: dict) -> None:
        """Inside the transaction: the timeline and audit lines, and the event carrying the
        new counts."""
        await TIMELINE.record(congress_id, actor, action, detail)
        await self.events.append(
            stream_of(congress_id), CREDENTIALS_CHANGED, await credential_counts(congress_id)
        )

    async def _announce(self, congress_id: int) -> None:
        """After the commit: wake the stream's subscribers on every API worker."""
        await self.events.announce(stream_of(congress_id))

    async def _review(self, actor: Actor, congress_id: int, delegate_id: int) -> dict:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.REVIEW_CREDENTIALS, actor, record)
        return await delegate_row(congress_id, delegate_id)

    async def _set(self, delegate_id: int, **values) -> None:
        await Delegate.update(
            {**{getattr(Delegate, k): v for k, v in values.items()}, Delegate.updated_at: now()}
        ).where(Delegate.id == delegate_id)

    async def _after(self, actor: Actor, congress_id: int, delegate_id: int) -> DelegateDetail:
        await self._announce(congress_id)
        return await detail(congress_id, await delegate_row(congress_id, delegate_id))

    async def accept(self, actor: Actor, congress_id: int, delegate_id: int) -> DelegateDetail:
        row = await self._review(actor, congress_id, delegate_id)
        if row["credential_status"] == S.REPLACED.value:
            raise _replaced_already(row)
        async with db.transaction():
            await lock_congress(congress_id)
            await self._set(
                delegate_id,
                credential_status=S.ACCEPTED.value,
                credential_reason="",
                reviewed_by=actor.id,
                reviewed_at=now(),
            )
            await self._changed(actor, congress_id, "credentials_accepted", {"delegate": row["id"]})
        return await self._after(actor, congress_id, delegate_id)

    async def reject(
        self, actor: Actor, congress_id: int, delegate_id: int, data: CredentialRejection
    ) -> DelegateDetail:
        row = await self._review(actor, congress_id, delegate_id)
        reason = _reason(data.reason, "không công nhận tư cách đại biểu")
        if row["credential_status"] == S.REPLACED.value:
            raise _replaced_already(row)
        if row["replaces_id"] is not None:
            raise Problem(
                409,
                "Đại biểu dự khuyết này đang thay một đại biểu chính thức; hãy chọn người thay "
                "khác cho đại biểu đó trước.",
                code="replacing",
            )
        async with db.transaction():
            await lock_congress(congress_id)
            await self._set(
                delegate_id,
                credential_status=S.REJECTED.value,
                credential_reason=reason,
                reviewed_by=actor.id,
                reviewed_at=now(),
            )
            await self._changed(
                actor,
                congress_id,
                "credentials_rejected",
                {"delegate": row["id"], "reason": reason},
            )
        return await self._after(actor, congress_id, delegate_id)

    async def replace(
        self, actor: Actor, congress_id: int, delegate_id: int, data: CredentialReplacement
    ) -> DelegateDetail:
        """The official ``delegate_id`` is replaced by the alternate ``data.alternate_id``."""
        official = await self._review(actor, congress_id, delegate_id)
        reason = _reason(data.reason, "thay đại biểu")
        if official["kind"] != DelegateKind.OFFICIAL.value:
            raise Problem(
                422,
                "Chỉ đại biểu chính thức (được bầu) mới được thay bằng đại biểu dự khuyết.",
                code="not_official",
            )
        previous = official["replaced_by_id"]  # replacing again: another alternate instead
        if previous is not None and previous == data.alternate_id:
            raise Problem(
                409, "Đại biểu này đã được thay bằng chính đồng chí đó.", code="same_alternate"
            )
        try:
            alternate = await delegate_row(congress_id, data.alternate_id)
        except Problem:
            raise Problem(
                422, "Không tìm thấy đại biểu dự khuyết này của đại hội.", code="no_alternate"
            ) from None
        if alternate["kind"] != DelegateKind.ALTERNATE.value:
            raise Problem(
                422,
                f"Đồng chí {alternate['full_name']} không phải đại biểu dự khuyết.",
                code="not_alternate",
            )
        if alternate["replaces_id"] is not None:
            raise Problem(
                409,
                f"Đồng chí {alternate['full_name']} đã thay một đại biểu khác.",
                code="alternate_taken",
            )
        if alternate["credential_status"] == S.REJECTED.value or alternate["absent_whole"]:
            raise Problem(
                409,
                f"Đồng chí {alternate['full_name']} không đủ tư cách hoặc vắng mặt cả đại hội, "
                "không thay được.",
                code="alternate_unavailable",
            )
        stamp = now()
        async with db.transaction():
            await lock_congress(congress_id)
            if previous is not None:
                # The alternate who held the seat is an alternate again, out of the base.
                await self._set(previous, replaces_id=None)
            await self._set(
                official["id"],
                credential_status=S.REPLACED.value,
                credential_reason=reason,
                replaced_by_id=alternate["id"],
                reviewed_by=actor.id,
                reviewed_at=stamp,
            )
            await self._set(
                alternate["id"],
                credential_status=S.ACCEPTED.value,
                credential_reason="",
                replaces_id=official["id"],
                reviewed_by=actor.id,
                reviewed_at=stamp,
            )
            await self._changed(
                actor,
                congress_id,
                "delegate_replaced",
                {
                    "delegate": official["id"],
                    "alternate": alternate["id"],
                    "previous": previous,
                    "reason": reason,
                },
            )
        return await self._after(actor, congress_id, delegate_id)

    async def absence(
        self, actor: Actor, congress_id: int, delegate_id: int, data: WholeAbsence
    ) -> DelegateDetail:
        """Absent for the whole congress with a reason (``absent: false`` withdraws it)."""
        row = await self._review(actor, congress_id, delegate_id)
        reason = _reason(data.reason, "vắng mặt") if data.absent else ""
        if data.absent and row["replaces_id"] is not None:
            raise Problem(
                409,
                "Đại biểu dự khuyết này đang thay một đại biểu chính thức; hãy chọn người thay "
                "khác cho đại biểu đó trước.",
                code="replacing",
            )
        async with db.transaction():
            await lock_congress(congress_id)
            await self._set(delegate_id, absent_whole=data.absent, absence_reason=reason)
            await self._changed(
                actor,
                congress_id,
                "absence_recorded" if data.absent else "absence_withdrawn",
                {"delegate": row["id"], "reason": reason},
            )
        return await self._after(actor, congress_id, delegate_id)

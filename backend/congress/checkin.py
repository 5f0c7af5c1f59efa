"""Check-in at a session: a scan of the delegate's card or his số thẻ typed in, and excused
absences.

A delegate is checked in once per session: a second scan (the same card twice, two staff at
once) finds the first check-in and answers it with ``already``; the unique index on (session,
delegate) and ``INSERT … ON CONFLICT DO NOTHING`` keep it to one row on both engines, whatever
arrives at the same moment. Each new check-in appends ``checkin.counted`` with the session's
new counts to the congress's event stream.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.attendance import counts_of, session_attendance
from backend.congress.cards import CardTokens, forged, superseded
from backend.congress.live import event_data, lock_congress, stream_of
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.congress.tables import Checkin, CongressSessionRow, Delegate, SessionAbsence
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from shared.congress import (
    CheckinMethod,
    CongressAction,
    CredentialStatus,
    DelegateKind,
    SessionStatus,
)
from shared.congress_hall import AbsenceRequest, CheckinRequest, CheckinResult, SessionAttendance

SESSION_NOT_FOUND = "Không tìm thấy phiên họp này của đại hội."


async def session_row(congress_id: int, session_id: int) -> dict:
    row = (
        await CongressSessionRow.select()
        .where((CongressSessionRow.id == session_id) & (CongressSessionRow.congress == congress_id))
        .first()
    )
    if row is None:
        raise Problem(404, SESSION_NOT_FOUND, code="session_not_found")
    return row


def _closed(session: dict) -> Problem:
    return Problem(
        409,
        f"Phiên “{session['title']}” đã bế mạc, không điểm danh được nữa.",
        code="session_closed",
        extra={"status": session["status"]},
    )


def refused_delegate(delegate: dict) -> Problem | None:
    """Why a delegate may not be checked in, or None."""
    name = delegate["full_name"]
    if delegate["credential_status"] == CredentialStatus.REJECTED:
        reason = delegate["credential_reason"]
        return Problem(
            409,
            f"Đại biểu {name} không đủ tư cách đại biểu"
            + (f" ({reason})" if reason else "")
            + ", không được điểm danh.",
            code="credentials_refused",
        )
    if delegate["credential_status"] == CredentialStatus.REPLACED:
        return Problem(
            409,
            f"Đại biểu {name} đã được thay bằng đại biểu dự khuyết, không được điểm danh.",
            code="delegate_replaced",
        )
    return None


class Checkins:
    def __init__(self, tokens: CardTokens, events: EventLog) -> None:
        self.tokens = tokens
        self.events = events

    async def _delegate(self, congress_id: int, data: CheckinRequest) -> tuple[dict, CheckinMethod]:
        token = (data.token or "").strip()
        code = (data.code or "").strip()
        if bool(token) == bool(code):
            raise Problem(
                422,
                "Hãy quét mã QR trên thẻ đại biểu hoặc nhập số thẻ (một trong hai).",
                code="token_or_code",
            )
        if token:
            claim = self.tokens.open(token, congress_id)
            delegate = (
                await Delegate.select()
                .where((Delegate.id == claim.delegate_id) & (Delegate.congress == congress_id))
                .first()
            )
            if delegate is None:
                raise forged()
            if delegate["card_version"] != claim.card_version:
                raise superseded()
            return delegate, CheckinMethod.QR
        delegate = (
            await Delegate.select()
            .where((Delegate.code == code) & (Delegate.congress == congress_id))
            .first()
        )
        if delegate is None:
            raise Problem(
                404,
                f"Không có đại biểu mang số thẻ “{code}” trong đại hội này.",
                code="delegate_code_not_found",
            )
        return delegate, CheckinMethod.MANUAL

    async def check_in(
        self, actor: Actor, congress_id: int, session_id: int, data: CheckinRequest
    ) -> CheckinResult:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.CHECK_IN, actor, record)
        session = await session_row(congress_id, session_id)
        if session["status"] == SessionStatus.CLOSED:
            raise _closed(session)
        delegate, method = await self._delegate(congress_id, data)
        refusal = refused_delegate(delegate)
        if refusal is not None:
            raise refusal
        first = await _first_checkin(session_id, delegate["id"])
        if first is None:
            stamp = now()
            async with db.transaction():
                await lock_congress(congress_id)
                inserted = (
                    await Checkin.insert(
                        Checkin(
                            congress=congress_id,
                            session=session_id,
                            delegate=delegate["id"],
                            method=method.value,
                            checked_in_by=actor.id,
                            at=stamp,
                        )
                    )
                    .on_conflict(target=(Checkin.session, Checkin.delegate), action="DO NOTHING")
                    .returning(Checkin.id)
                )
                if inserted:
                    counts = await counts_of(congress_id, session_id)
                    await self.events.append(
                        stream_of(congress_id), "checkin.counted", event_data(counts)
                    )
            if inserted:
                await self.events.announce(stream_of(congress_id))
                return _result(delegate, method, stamp, False, counts)
            first = await _first_checkin(session_id, delegate["id"])
            assert first is not None  # the conflicting row committed before ours
        return _result(
            delegate,
            CheckinMethod(first["method"]),
            first["at"],
            True,
            await counts_of(congress_id, session_id),
        )

    async def excuse(
        self, actor: Actor, congress_id: int, session_id: int, data: AbsenceRequest
    ) -> SessionAttendance:
        """Record (or change the reason of) an excused absence from one session."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.CHECK_IN, actor, record)
        session = await session_row(congress_id, session_id)
        if session["status"] == SessionStatus.CLOSED:
            raise _closed(session)
        reason = " ".join(data.reason.split())
        if not reason:
            raise Problem(422, "Vắng có lý do cần ghi rõ lý do.", code="reason_required")
        delegate = (
            await Delegate.select()
            .where((Delegate.id == data.delegate_id) & (Delegate.congress == congress_id))
            .first()
        )
        if delegate is None:
            raise Problem(
                404, "Không tìm thấy đại biểu này trong đại hội.", code="delegate_not_found"
            )
        refusal = refused_delegate(delegate)
        if refusal is not None:
            raise refusal
        if await _first_checkin(session_id, delegate["id"]) is not None:
            raise Problem(
                409,
                f"Đại biểu {delegate['full_name']} đã điểm danh có mặt ở phiên này.",
                code="already_present",
            )
        async with db.transaction():
            await lock_congress(congress_id)
            await SessionAbsence.insert(
                SessionAbsence(
                    congress=congress_id,
                    session=session_id,
                    delegate=delegate["id"],
                    reason=reason,
                    recorded_by=actor.id,
                    at=now(),
                )
            ).on_conflict(
                target=(SessionAbsence.session, SessionAbsence.delegate),
                action="DO UPDATE",
                values=[SessionAbsence.reason, SessionAbsence.recorded_by, SessionAbsence.at],
            )
            await TIMELINE.record(
                congress_id,
                actor,
                "absence_excused",
                {"session_id": session_id, "delegate_id": delegate["id"]},
            )
            counts = await counts_of(congress_id, session_id)
            await self.events.append(stream_of(congress_id), "checkin.counted", event_data(counts))
        await self.events.announce(stream_of(congress_id))
        return await attendance_of(session, congress_id)

    async def attendance(
        self, actor: Actor, congress_id: int, session_id: int
    ) -> SessionAttendance:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.VIEW_ATTENDANCE, actor, record)
        return await attendance_of(await session_row(congress_id, session_id), congress_id)


async def attendance_of(session: dict, congress_id: int) -> SessionAttendance:
    counts, absent = await session_attendance(congress_id, session["id"])
    return SessionAttendance(
        session_id=session["id"],
        session_title=session["title"],
        session_status=SessionStatus(session["status"]),
        counts=counts,
        absent=absent,
    )


async def _first_checkin(session_id: int, delegate_id: int) -> dict | None:
    return (
        await Checkin.select(Checkin.method, Checkin.at)
        .where((Checkin.session == session_id) & (Checkin.delegate == delegate_id))
        .first()
    )


def _result(delegate: dict, method: CheckinMethod, at, already: bool, counts) -> CheckinResult:
    return CheckinResult(
        delegate_id=delegate["id"],
        full_name=delegate["full_name"],
        delegation=delegate["delegation"],
        kind=DelegateKind(delegate["kind"]),
        code=delegate["code"],
        credential_status=CredentialStatus(delegate["credential_status"]),
        method=method,
        at=at,
        already=already,
        attendance=counts,
    )

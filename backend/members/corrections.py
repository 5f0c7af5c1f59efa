"""Correction requests: a member asks for a field of his record to be corrected; the chi bộ's
bí thư or phó bí thư accepts it (with the value to write) or rejects it with a reason. Both
sides are told through the notification centre."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import dmy, now
from backend.core.problems import Problem
from backend.imports.layout import CellError, Row
from backend.members.import_layout import LAYOUT
from backend.members.policy import POLICY
from backend.members.records import correction_record, readable_member
from backend.members.tables import MemberCorrection, PartyMember
from backend.members.timeline import TIMELINE
from backend.notifications.notifier import Notifier
from backend.orgs.positions import LEADING, holders
from shared.members import (
    CORRECTION_FIELD_LABELS,
    CORRECTION_STATE_LABELS,
    GENDER_LABELS,
    Correction,
    CorrectionCreate,
    CorrectionField,
    CorrectionResolve,
    CorrectionState,
    Gender,
    MemberAction,
)
from shared.notifications import NotificationKind


def shown(field: CorrectionField, value: Any) -> str:
    """A record's value as the screen and the request show it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return dmy(value)
    if field is CorrectionField.GIOI_TINH:
        return GENDER_LABELS[Gender(value)]
    return str(value)


def parsed(field: CorrectionField, text: str) -> Any:
    """The value as an import cell of that column would read it, or a 422 saying why not."""
    column = LAYOUT.column(field.value)
    try:
        value = column.parse(text)
    except CellError as exc:
        raise Problem(
            422, f"{CORRECTION_FIELD_LABELS[field]}: {exc}.", code="invalid_value"
        ) from None
    if value is None and column.required:
        raise Problem(
            422, f"{CORRECTION_FIELD_LABELS[field]} không được để trống.", code="invalid_value"
        )
    return value


CORRECTION_COLUMNS = (
    MemberCorrection.all_columns(),
    MemberCorrection.member.ho_ten.as_alias("member_name"),
    MemberCorrection.requested_by.full_name.as_alias("requested_by_name"),
    MemberCorrection.resolved_by.full_name.as_alias("resolved_by_name"),
)


def correction_of(row: dict, actions: list[MemberAction]) -> Correction:
    field = CorrectionField(row["field"])
    state = CorrectionState(row["state"])
    return Correction(
        id=row["id"],
        member_id=row["member"],
        member_name=row["member_name"] or "",
        field=field,
        field_label=CORRECTION_FIELD_LABELS[field],
        current_value=row["current_value"],
        proposed_value=row["proposed_value"],
        reason=row["reason"],
        state=state,
        state_label=CORRECTION_STATE_LABELS[state],
        requested_by_name=row["requested_by_name"] or "",
        created_at=row["created_at"],
        resolved_by_name=row["resolved_by_name"] or "",
        resolved_value=row["resolved_value"],
        resolution_note=row["resolution_note"],
        resolved_at=row["resolved_at"],
        actions=actions,
    )


async def corrections_of_member(member_id: int) -> list[dict]:
    return (
        await MemberCorrection.select(*CORRECTION_COLUMNS)
        .where(MemberCorrection.member == member_id)
        .order_by(MemberCorrection.id, ascending=False)
    )


async def pending_in(organisation_id: int) -> list[dict]:
    return (
        await MemberCorrection.select(*CORRECTION_COLUMNS)
        .where(
            (MemberCorrection.member.organisation == organisation_id)
            & (MemberCorrection.state == CorrectionState.PENDING.value)
        )
        .order_by(MemberCorrection.id)
    )


class Corrections:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def request(self, actor: Actor, member_id: int, data: CorrectionCreate) -> int:
        """Record the request and tell the chi bộ's secretaries; returns the member id."""
        row, record = await readable_member(actor, member_id)
        POLICY.require(MemberAction.REQUEST_CORRECTION, actor, record)
        proposed = " ".join(data.proposed_value.split())
        parsed(data.field, proposed)  # a date the record could never hold is refused now
        async with db.transaction():
            if await MemberCorrection.exists().where(
                (MemberCorrection.member == member_id)
                & (MemberCorrection.field == data.field.value)
                & (MemberCorrection.state == CorrectionState.PENDING.value)
            ):
                raise Problem(
                    409,
                    f"Đã có đề nghị sửa “{CORRECTION_FIELD_LABELS[data.field]}” đang chờ xử lý.",
                    code="correction_pending",
                )
            await MemberCorrection.insert(
                MemberCorrection(
                    member=member_id,
                    requested_by=actor.id,
                    field=data.field.value,
                    current_value=shown(data.field, row[data.field.value]),
                    proposed_value=proposed,
                    reason=data.reason.strip(),
                    state=CorrectionState.PENDING.value,
                    created_at=now(),
                )
            )
            await TIMELINE.record(
                member_id, actor, "correction_requested", {"field": data.field.value}
            )
            await self.notifier.notify(
                await holders(row["organisation"], LEADING),
                kind=NotificationKind.HE_THONG,
                title="Đề nghị sửa hồ sơ đảng viên",
                body="Một đảng viên của chi bộ đề nghị sửa thông tin trong hồ sơ.",
                link=f"/so-tay/chi-bo/{row['organisation']}",
            )
        return member_id

    async def resolve(
        self, actor: Actor, correction_id: int, data: CorrectionResolve
    ) -> Correction:
        row, record = await correction_record(actor, correction_id)
        POLICY.require(MemberAction.RESOLVE_CORRECTION, actor, record)
        field = CorrectionField(row["field"])
        note = data.note.strip()
        changes: dict = {}
        if data.accept:
            value = parsed(field, (data.value or row["proposed_value"]).strip())
            member = await PartyMember.select().where(PartyMember.id == row["member"]).first()
            assert member is not None  # the correction's foreign key
            merged = Row(line=0, values={**member, field.value: value})
            for check in LAYOUT.row_checks:
                for header, reason in check(merged):
                    raise Problem(422, f"{header}: {reason}.", code="invalid_value")
            changes = {field.value: value.value if isinstance(value, Gender) else value}
        elif not note:
            raise Problem(422, "Hãy ghi lý do không chấp nhận đề nghị.", code="reason_required")
        state = CorrectionState.ACCEPTED if data.accept else CorrectionState.REJECTED
        async with db.transaction():
            updated = (
                await MemberCorrection.update(
                    {
                        MemberCorrection.state: state.value,
                        MemberCorrection.resolved_by: actor.id,
                        MemberCorrection.resolved_value: shown(field, changes.get(field.value)),
                        MemberCorrection.resolution_note: note,
                        MemberCorrection.resolved_at: now(),
                    }
                )
                .where(
                    (MemberCorrection.id == correction_id)
                    & (MemberCorrection.state == CorrectionState.PENDING.value)
                )
                .returning(MemberCorrection.id)
            )
            if not updated:
                raise Problem(409, "Đề nghị này đã được xử lý.", code="already_resolved")
            if changes:
                await PartyMember.update(
                    {
                        **{getattr(PartyMember, k): v for k, v in changes.items()},
                        PartyMember.updated_at: now(),
                    }
                ).where(PartyMember.id == row["member"])
            await TIMELINE.record(
                row["member"], actor, f"correction_{state.name.lower()}", {"field": field.value}
            )
            await self.notifier.notify(
                [row["requested_by"]],
                kind=NotificationKind.HE_THONG,
                title="Đề nghị sửa hồ sơ đã được xử lý",
                body=(
                    f"Chi bộ đã {'chấp nhận' if data.accept else 'không chấp nhận'} đề nghị sửa "
                    f"“{CORRECTION_FIELD_LABELS[field]}”."
                ),
                link="/so-tay/ho-so",
            )
        return await self.correction(actor, correction_id)

    async def correction(self, actor: Actor, correction_id: int) -> Correction:
        _, record = await correction_record(actor, correction_id)
        row = (
            await MemberCorrection.select(*CORRECTION_COLUMNS)
            .where(MemberCorrection.id == correction_id)
            .first()
        )
        assert row is not None  # correction_record found it
        return correction_of(row, POLICY.actions(actor, record))

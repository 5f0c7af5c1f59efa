"""The counting board's sign-off of the biên bản kiểm phiếu: each member once, with a passkey
step-up (:mod:`backend.accounts.step_up`) bound to the SHA-256 of the minutes as they stand.
The sign-off is recorded (UNIQUE(poll, user): a second one is a 409 even in a race), the
minutes are regenerated with it, so the next member signs a new hash; a member who began
before another finished is asked to confirm again."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.step_up import StepUpCeremony
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.polls.detail import detail_of, fresh_row
from backend.polls.minutes import Minutes
from backend.polls.policy import POLICY, PollAction
from backend.polls.records import readable_poll, record_of
from backend.polls.tables import PollMinutes, PollMinutesSignature
from shared.polls import MinutesChallenge, MinutesSignFinish, PollDetail


def _purpose(poll_id: int) -> str:
    return f"poll_minutes:{poll_id}"


def intent_of(row: dict) -> str:
    return f"Ký biên bản kiểm phiếu: {row['title']}"


async def _current_sha(poll_id: int) -> str:
    row = await PollMinutes.select(PollMinutes.sha256).where(PollMinutes.poll == poll_id).first()
    if row is None:
        raise Problem(409, "Biên bản kiểm phiếu chưa được lập.", code="minutes_not_ready")
    return row["sha256"]


def _already_signed() -> Problem:
    return Problem(409, "Đồng chí đã ký biên bản kiểm phiếu này.", code="already_signed")


class SignOff:
    def __init__(self, step_up: StepUpCeremony, minutes: Minutes) -> None:
        self.step_up = step_up
        self.minutes = minutes

    async def begin(self, actor: Actor, congress_id: int, poll_id: int) -> MinutesChallenge:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.SIGN_MINUTES, actor, record)
        sha = await _current_sha(poll_id)
        ceremony, options = await self.step_up.begin(
            actor, _purpose(poll_id), bytes.fromhex(sha), note=sha.encode()
        )
        return MinutesChallenge(
            ceremony=ceremony, options=options, minutes_sha256=sha, intent=intent_of(row)
        )

    async def finish(
        self, actor: Actor, congress_id: int, poll_id: int, data: MinutesSignFinish
    ) -> PollDetail:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.SIGN_MINUTES, actor, record)
        sha = await _current_sha(poll_id)
        shown = await self.step_up.take_note(data.ceremony)
        if shown is not None and shown.decode() != sha:
            raise Problem(
                409,
                "Biên bản vừa được cập nhật (một thành viên khác vừa ký). Hãy xem lại và xác "
                "nhận lần nữa.",
                code="minutes_changed",
            )
        credential = await self.step_up.finish(
            actor, data.ceremony, data.credential, _purpose(poll_id), bytes.fromhex(sha)
        )
        async with db.transaction():
            inserted = (
                await PollMinutesSignature.insert(
                    PollMinutesSignature(
                        poll=poll_id, user=actor.id, credential_id=str(credential), signed_at=now()
                    )
                )
                .on_conflict(
                    target=(PollMinutesSignature.poll, PollMinutesSignature.user),
                    action="DO NOTHING",
                )
                .returning(PollMinutesSignature.id)
            )
            if not inserted:
                raise _already_signed()
            await TIMELINE.record(
                congress_id,
                actor,
                "poll.minutes_signed",
                {"poll": poll_id, "sha256": sha, "credential": credential},
            )
        await self.minutes.generate(congress_id, poll_id)
        fresh = await fresh_row(poll_id)
        return await detail_of(actor, fresh, await record_of(actor, record.congress, fresh))

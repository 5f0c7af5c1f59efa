"""State of /dai-hoi/[congress_id]/thiet-lap, the organising committee's setup: sessions and
their agenda items, the bodies (members proposed by username, the congress's show of hands
recorded). Every write answers with the whole congress, which the screen shows. The delegate
import is ``DelegateImportState``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import reflex as rx

from frontend.api import ApiClient
from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices, parse_dmy, parse_hm
from shared.clock import LOCAL_TZ
from shared.congress import (
    AgendaItemCreate,
    ApprovalCount,
    BodyMemberAdd,
    CongressBody,
    CongressDetail,
    SessionCreate,
)


def _count(form: dict, name: str) -> int | None:
    raw = str(form.get(name, "") or "0").strip()
    return int(raw) if raw.isdigit() else None


class SetupState(Notices, rx.State):
    async def _write(self, work: Callable[[ApiClient, int], Awaitable[CongressDetail]], done: str):
        congress = await self.get_state(CongressState)
        self.busy = True
        found = await self._call(lambda api: work(api, congress.congress_id))
        self.busy = False
        if found is not None:
            congress.apply(found)
            self._say(done, True)

    @rx.event
    async def add_session(self, form: dict):
        title = str(form.get("title", "")).strip()
        day, at = parse_dmy(str(form.get("day", ""))), parse_hm(str(form.get("time", "")))
        if day is None or at is None:
            self._say("Hãy nhập ngày (dd/mm/yyyy) và giờ (hh:mm) bắt đầu phiên họp.", False)
            return
        data = SessionCreate(title=title, starts_at=datetime.combine(day, at, tzinfo=LOCAL_TZ))
        await self._write(lambda api, c: client.add_session(api, c, data), "Đã thêm phiên họp.")

    @rx.event
    async def add_item(self, form: dict):
        session = str(form.get("session_id", ""))
        minutes = _count(form, "minutes")
        if not session.isdigit():
            self._say("Hãy chọn phiên họp.", False)
            return
        data = AgendaItemCreate(
            title=str(form.get("title", "")).strip(),
            presenter=str(form.get("presenter", "")).strip(),
            planned_minutes=minutes or None,
        )
        await self._write(
            lambda api, c: client.add_item(api, c, int(session), data), "Đã thêm nội dung."
        )

    @rx.event
    async def add_member(self, form: dict):
        body = CongressBody(str(form.get("body", "")))
        data = BodyMemberAdd(
            username=str(form.get("username", "")).strip(),
            title=str(form.get("title", "")).strip() or "Thành viên",
        )
        await self._write(
            lambda api, c: client.add_body_member(api, c, body, data), "Đã thêm thành viên."
        )

    @rx.event
    async def record_approval(self, form: dict):
        body = CongressBody(str(form.get("body", "")))
        counts = [_count(form, n) for n in ("for", "against", "abstain")]
        if None in counts:
            self._say("Số phiếu phải là số nguyên không âm.", False)
            return
        data = ApprovalCount(votes_for=counts[0], votes_against=counts[1], abstentions=counts[2])
        await self._write(
            lambda api, c: client.record_approval(api, c, body, data),
            "Đã ghi kết quả biểu quyết.",
        )

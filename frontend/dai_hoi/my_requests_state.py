"""The delegate's own requests to speak and written contributions on /dai-hoi/[congress_id]:
their items and statuses (chờ duyệt, trong danh sách, đang phát biểu, đã phát biểu, không được
duyệt with the secretariat's note, đã rút), and withdrawing one that still waits, after a
confirmation. Withdrawing is offered only where the API lists ``withdraw_speech`` on the
entry."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices
from shared.clock import dmy_hm
from shared.congress import SPEAKER_STATUS_LABELS, CongressAction, SpeakerKind, SpeakerStatus
from shared.congress_hall import MyRequests, OwnRequest

# The badge's colour by status: waiting, on the list or speaking, done, refused or withdrawn.
_COLOUR = {
    SpeakerStatus.REQUESTED: "amber",
    SpeakerStatus.QUEUED: "blue",
    SpeakerStatus.SPEAKING: "green",
    SpeakerStatus.DONE: "gray",
    SpeakerStatus.DECLINED: "red",
    SpeakerStatus.WITHDRAWN: "gray",
}


@dataclass
class RequestLine:
    id: str
    what: str  # "Phát biểu" / "Tham luận: <title>"
    item: str  # the agenda item it is about
    status_label: str
    colour: str
    note: str  # when, the secretariat's note, the minutes spoken
    can_withdraw: bool


def _line(r: OwnRequest) -> RequestLine:
    what = f"Tham luận: {r.title}" if r.kind is SpeakerKind.WRITTEN else "Phát biểu tại hội trường"
    notes = [f"Đăng ký lúc {dmy_hm(r.created_at)}"]
    if r.review_note:
        notes.append(f"Ý kiến Đoàn Thư ký: {r.review_note}")
    if r.status is SpeakerStatus.DONE and r.elapsed_minutes is not None:
        notes.append(f"Đã nói {r.elapsed_minutes:g} phút")
    return RequestLine(
        id=str(r.id),
        what=what,
        item=r.item_title,
        status_label=SPEAKER_STATUS_LABELS[r.status],
        colour=_COLOUR[r.status],
        note=" · ".join(notes),
        can_withdraw=CongressAction.WITHDRAW_SPEECH in r.actions,
    )


class MyRequestsState(Notices, rx.State):
    lines: list[RequestLine] = []
    # The request waiting for the confirmation of its withdrawal.
    withdrawing_id: str = ""
    withdrawing_what: str = ""

    def _show(self, found: MyRequests) -> None:
        self.lines = [_line(r) for r in found.requests]

    @rx.event
    async def load(self):
        self.lines, self.withdrawing_id = [], ""
        congress = await self.get_state(CongressState)
        if not congress.loaded or not congress.is_delegate:
            return
        found = await self._call(lambda api: client.my_requests(api, congress.congress_id))
        if found is not None:
            self._show(found)

    @rx.event
    def ask_withdraw(self, request_id: str, what: str):
        self.withdrawing_id, self.withdrawing_what = request_id, what

    @rx.event
    def keep(self, open_: bool = False):
        if not open_:
            self.withdrawing_id, self.withdrawing_what = "", ""

    @rx.event
    async def withdraw(self):
        request_id = self.withdrawing_id
        self.withdrawing_id, self.withdrawing_what = "", ""
        if not request_id.isdigit():
            return
        congress = await self.get_state(CongressState)
        self.busy = True
        done = await self._call(
            lambda api: client.withdraw(api, congress.congress_id, int(request_id))
        )
        if done is not None:
            found = await self._call(lambda api: client.my_requests(api, congress.congress_id))
            if found is not None:
                self._show(found)
            self._say("Đã rút đăng ký.", True)
        self.busy = False

"""State of /dai-hoi/[congress_id]/dieu-hanh, the console of the presidium and the secretariat:
the open session and the item under way, the agenda control (open a session, previous / next
item, close it), and the item's speakers list (order, give the floor, end a speech; approve the
written contributions). The live parts (counts, quorum, the speaker's running time) are drawn by
the page's script; the speakers list is read again when the stream says it changed (the page's
hidden ``Làm mới`` button, clicked by the script)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import reflex as rx

from frontend.api import ApiClient
from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices
from shared.congress import (
    SPEAKER_KIND_LABELS,
    SPEAKER_STATUS_LABELS,
    CongressAction,
    SessionStatus,
    SpeakerStatus,
)
from shared.congress_hall import ItemSpeakers, LiveState, SpeakerEntry


@dataclass
class SpeakerLine:
    id: int
    name: str
    delegation: str
    kind: str
    status: str
    status_label: str
    note: str  # a contribution's title, the time spoken


def _line(s: SpeakerEntry) -> SpeakerLine:
    spoken = ""
    if s.elapsed_minutes is not None:
        planned = f" / {s.planned_minutes} phút" if s.planned_minutes else " phút"
        spoken = f"Đã nói {s.elapsed_minutes:.1f}{planned}"
    return SpeakerLine(
        id=s.id,
        name=s.full_name,
        delegation=s.delegation,
        kind=SPEAKER_KIND_LABELS[s.kind],
        status=s.status.value,
        status_label=SPEAKER_STATUS_LABELS[s.status],
        note=" · ".join(p for p in (s.title, spoken) if p),
    )


class ConsoleState(Notices, rx.State):
    session_id: int = 0
    session_title: str = ""
    session_open: bool = False
    item_id: int = 0
    item_title: str = ""
    speakers: list[SpeakerLine] = []
    speaker_actions: list[str] = []

    @rx.var
    def queued(self) -> list[int]:
        return [s.id for s in self.speakers if s.status == SpeakerStatus.QUEUED.value]

    @rx.var
    def may(self) -> dict[str, bool]:
        return {a.value: a.value in self.speaker_actions for a in CongressAction}

    def _position(self, state: LiveState) -> None:
        self.session_id = state.session.id if state.session else 0
        self.session_title = state.session.title if state.session else ""
        self.session_open = bool(state.session and state.session.status is SessionStatus.OPEN)
        self.item_id = state.item.id if state.item else 0
        self.item_title = f"{state.item.ordinal}. {state.item.title}" if state.item else ""

    def _list(self, found: ItemSpeakers) -> None:
        self.speakers = [_line(s) for s in found.speakers]
        self.speaker_actions = [a.value for a in found.actions]

    async def _congress_id(self) -> int:
        return (await self.get_state(CongressState)).congress_id

    async def _read_speakers(self, congress_id: int) -> None:
        if not self.item_id:
            self.speakers, self.speaker_actions = [], []
            return
        found = await self._call(lambda api: client.speakers(api, congress_id, self.item_id))
        if found is not None:
            self._list(found)

    @rx.event
    async def load(self):
        self.message = ""
        await self._read()

    @rx.event
    async def refresh(self):
        """Read again because the stream said so: the notice of the last action stays."""
        await self._read()

    async def _read(self) -> None:
        congress = await self.get_state(CongressState)
        if not congress.loaded:
            return
        state = await self._call(lambda api: client.live(api, congress.congress_id))
        if state is None:
            return
        self._position(state)
        await self._read_speakers(congress.congress_id)

    async def _move(self, work: Callable[[ApiClient, int], Awaitable[LiveState]], done: str):
        congress = await self.get_state(CongressState)
        self.busy = True
        state = await self._call(lambda api: work(api, congress.congress_id))
        if state is not None:
            self._position(state)
            await self._read_speakers(congress.congress_id)
            detail = await self._call(lambda api: client.detail(api, congress.congress_id))
            if detail is not None:
                congress.apply(detail)
            self._say(done, True)
        self.busy = False

    @rx.event
    async def open_session(self, session_id: str):
        await self._move(
            lambda api, c: client.open_session(api, c, int(session_id)), "Đã khai mạc phiên họp."
        )

    @rx.event
    async def close_session(self):
        session_id = self.session_id
        await self._move(
            lambda api, c: client.close_session(api, c, session_id), "Đã bế mạc phiên họp."
        )

    @rx.event
    async def next_item(self):
        await self._move(
            lambda api, c: client.move(api, c, "next"), "Đã chuyển nội dung tiếp theo."
        )

    @rx.event
    async def previous_item(self):
        await self._move(
            lambda api, c: client.move(api, c, "previous"), "Đã quay lại nội dung trước."
        )

    async def _speakers(self, work: Callable[[ApiClient, int], Awaitable[ItemSpeakers]], done: str):
        congress_id = await self._congress_id()
        self.busy = True
        found = await self._call(lambda api: work(api, congress_id))
        if found is not None:
            self._list(found)
            self._say(done, True)
        self.busy = False

    @rx.event
    async def give_floor(self, speaker_id: int):
        await self._speakers(lambda api, c: client.floor(api, c, speaker_id), "Đã mời phát biểu.")

    @rx.event
    async def finish(self, speaker_id: int):
        await self._speakers(
            lambda api, c: client.finish(api, c, speaker_id), "Đã kết thúc phần phát biểu."
        )

    @rx.event
    async def approve(self, speaker_id: int):
        await self._speakers(
            lambda api, c: client.review(api, c, speaker_id, True), "Đã duyệt tham luận."
        )

    @rx.event
    async def decline(self, speaker_id: int):
        await self._speakers(
            lambda api, c: client.review(api, c, speaker_id, False, "Không đưa vào chương trình"),
            "Đã không duyệt tham luận.",
        )

    async def _reorder(self, speaker_id: int, step: int):
        ids = list(self.queued)
        if speaker_id not in ids:
            return
        i = ids.index(speaker_id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        item_id = self.item_id
        await self._speakers(
            lambda api, c: client.order(api, c, item_id, ids), "Đã đổi thứ tự phát biểu."
        )

    @rx.event
    async def up(self, speaker_id: int):
        await self._reorder(speaker_id, -1)

    @rx.event
    async def down(self, speaker_id: int):
        await self._reorder(speaker_id, 1)

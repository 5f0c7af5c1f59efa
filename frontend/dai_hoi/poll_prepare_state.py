"""State of the console's "Chuẩn bị cuộc bỏ phiếu" form (the presidium or the organising
committee, when the congress's polls list ``prepare`` in its ``actions``): the agenda item,
the kind, the mode, the title, and for an election the seats and the candidates, one name a
line. The shape of a poll (candidates against seats …) is the API's to judge: its sentence is
shown by the form."""

from __future__ import annotations

import reflex as rx

from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.poll_state import PollListState
from frontend.so_tay.common import Notices
from shared.polls import (
    CANDIDATES_MAX,
    POLL_KIND_LABELS,
    POLL_MODE_LABELS,
    SEATS_MAX,
    TITLE_MAX,
    CandidateInput,
    PollCreate,
    PollKind,
    PollMode,
)

KINDS = [{"value": k.value, "label": label} for k, label in POLL_KIND_LABELS.items()]
# The secret electronic mode is not offered: the API refuses it until it is built.
MODES = [{"value": m.value, "label": POLL_MODE_LABELS[m]} for m in PollMode]


class PollPrepareState(Notices, rx.State):
    kind: str = PollKind.RESOLUTION.value

    @rx.var
    def election(self) -> bool:
        return self.kind != PollKind.RESOLUTION.value

    @rx.event
    def choose_kind(self, value: str):
        self.kind = value if value in {k["value"] for k in KINDS} else PollKind.RESOLUTION.value

    def _poll(self, form: dict) -> PollCreate | str:
        """The poll the form describes, or what is missing (in Vietnamese)."""
        item = str(form.get("item_id", "")).strip()
        if not item.isdigit():
            return "Hãy chọn nội dung trong chương trình đại hội."
        title = " ".join(str(form.get("title", "")).split())
        if not title:
            return "Hãy ghi tên cuộc bỏ phiếu."
        if len(title) > TITLE_MAX:
            return f"Tên cuộc bỏ phiếu dài quá {TITLE_MAX} ký tự."
        try:
            kind = PollKind(str(form.get("kind", "")))
            mode = PollMode(str(form.get("mode", "")))
        except ValueError:
            return "Hãy chọn loại và hình thức bỏ phiếu."
        if kind is PollKind.RESOLUTION:
            return PollCreate(item_id=int(item), kind=kind, mode=mode, title=title)
        seats = str(form.get("seats", "")).strip()
        if not seats.isdigit() or not 1 <= int(seats) <= SEATS_MAX:
            return f"Số người cần bầu phải là số nguyên từ 1 đến {SEATS_MAX}."
        names = [" ".join(n.split()) for n in str(form.get("candidates", "")).splitlines()]
        names = [n for n in names if n]
        if not names:
            return "Hãy ghi danh sách ứng cử viên, mỗi người một dòng."
        if len(names) > CANDIDATES_MAX:
            return f"Danh sách ứng cử viên có nhiều nhất {CANDIDATES_MAX} người."
        return PollCreate(
            item_id=int(item),
            kind=kind,
            mode=mode,
            title=title,
            seats=int(seats),
            candidates=[CandidateInput(name=n) for n in names],
        )

    @rx.event
    async def create(self, form: dict):
        poll = self._poll(form)
        if isinstance(poll, str):
            self._say(poll, False)
            return None
        congress = await self.get_state(CongressState)
        self.busy = True
        created = await self._call(lambda api: client.create_poll(api, congress.congress_id, poll))
        self.busy = False
        if created is None:
            return None
        self._say(f"Đã tạo cuộc bỏ phiếu “{created.title}” (đang chuẩn bị).", True)
        return PollListState.load

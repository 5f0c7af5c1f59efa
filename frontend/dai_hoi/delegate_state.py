"""State of the delegate's part of /dai-hoi/[congress_id]: his card (the QR the check-in staff
scan), and speaking on the item under way: a request to speak in the hall or a written
contribution for the secretariat. The item is the one under way when he taps (read from the
API then), not one the page held: the agenda moves while the phone is in a pocket."""

from __future__ import annotations

import base64

import reflex as rx

from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.my_requests_state import MyRequestsState
from frontend.so_tay.common import Notices
from shared.clock import dmy_hm
from shared.congress import DELEGATE_KIND_LABELS, CongressAction
from shared.congress_hall import DelegateCard, LiveState


def _svg_data_uri(svg: str) -> str:
    # An <img> of a data: address: the SVG is drawn as a picture, never run as markup. As a
    # document of its own it needs its namespace (an SVG written for inline HTML omits it).
    if "xmlns=" not in svg.split(">", 1)[0]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


class DelegateState(Notices, rx.State):
    has_card: bool = False
    card_name: str = ""
    card_delegation: str = ""
    card_kind: str = ""
    card_code: str = ""
    card_qr: str = ""
    card_valid: str = ""
    card_pdf: str = ""  # the address of the card as a PDF to print
    writing: bool = False

    def _card(self, card: DelegateCard) -> None:
        self.has_card = True
        self.card_name = card.full_name
        self.card_delegation = card.delegation
        self.card_kind = DELEGATE_KIND_LABELS[card.kind]
        self.card_code = card.code
        self.card_qr = _svg_data_uri(card.qr_svg)
        self.card_valid = dmy_hm(card.valid_until)
        self.card_pdf = client.MY_CARD_PDF.url(congress_id=card.congress_id)

    @rx.event
    async def load(self):
        self.message, self.has_card, self.writing = "", False, False
        congress = await self.get_state(CongressState)
        if not congress.loaded or CongressAction.SHOW_CARD.value not in congress.actions:
            return
        card = await self._call(lambda api: client.my_card(api, congress.congress_id))
        if card is not None:
            self._card(card)

    async def _item_now(self, congress_id: int) -> tuple[int, str] | None:
        state: LiveState | None = await self._call(lambda api: client.live(api, congress_id))
        if state is None:
            return None
        if state.item is None:
            self._say("Chưa có nội dung nào đang diễn ra để đăng ký phát biểu.", False)
            return None
        return state.item.id, state.item.title

    @rx.event
    async def speak(self):
        congress = await self.get_state(CongressState)
        self.busy = True
        item = await self._item_now(congress.congress_id)
        if item is not None:
            item_id, title = item
            done = await self._call(lambda api: client.speak(api, congress.congress_id, item_id))
            if done is not None:
                self._say(f"Đã đăng ký phát biểu về “{title}”.", True)
        self.busy = False
        return MyRequestsState.load

    @rx.event
    def start_writing(self):
        self.writing = True

    @rx.event
    def stop_writing(self):
        self.writing = False

    @rx.event
    async def contribute(self, form: dict):
        title = str(form.get("title", "")).strip()
        summary = str(form.get("summary", "")).strip()
        if not title:
            self._say("Hãy nhập tên bài tham luận.", False)
            return
        congress = await self.get_state(CongressState)
        self.busy = True
        item = await self._item_now(congress.congress_id)
        if item is not None:
            item_id, item_title = item
            done = await self._call(
                lambda api: client.contribute(api, congress.congress_id, item_id, title, summary)
            )
            if done is not None:
                self.writing = False
                self._say(f"Đã gửi tham luận về “{item_title}”; Đoàn Thư ký sẽ xem xét.", True)
        self.busy = False
        return MyRequestsState.load

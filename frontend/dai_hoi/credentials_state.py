"""State of /dai-hoi/[congress_id]/tham-tra: the credentials committee's review list (filtered
by status, "Xem thêm" by the API's cursor) with accept / refuse with a reason / absent for the
whole congress with a reason, and the committee's report (counts and breakdowns, the base of
the majorities)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices
from shared.congress import CredentialsReport, CredentialStatus, DelegateEntry, ReportLine


@dataclass
class DelegateLine:
    id: int
    title: str  # "T001 · Lê Minh Đức"
    note: str
    status: str
    status_label: str


@dataclass
class Breakdown:
    title: str
    lines: list[str]


def _delegate(d: DelegateEntry) -> DelegateLine:
    note = " · ".join(p for p in (d.delegation, d.kind_label, d.position) if p)
    return DelegateLine(
        id=d.id,
        title=f"{d.code} · {d.full_name}",
        note=note + (" · Vắng cả đại hội" if d.absent_whole else ""),
        status=d.credential_status.value,
        status_label=d.credential_label,
    )


def _lines(lines: list[ReportLine]) -> list[str]:
    return [f"{x.label}: {x.count} ({x.percent:.1f}%)" for x in lines]


def _report(r: CredentialsReport) -> tuple[list[str], list[Breakdown]]:
    base = r.majority_base
    summary = [
        f"Số đại biểu được triệu tập: {r.summoned}",
        *[f"— {line}" for line in _lines(r.summoned_by_kind)],
        f"Đủ tư cách: {r.accepted} · Không đủ tư cách: {r.rejected} · Đã thay thế: "
        f"{r.replaced} · Chờ thẩm tra: {r.pending}",
        f"Đại biểu dự đại hội (đủ tư cách, không vắng cả đại hội): {r.attending}",
        f"Vắng mặt cả đại hội: {len(r.absent_whole)}",
        f"Cơ sở tính tỷ lệ biểu quyết: {base.base} (chính thức triệu tập "
        f"{base.officials_summoned}, không đủ tư cách {base.refused}, vắng không có người "
        f"thay {base.absent_unreplaced})",
    ]
    breakdowns = [
        Breakdown("Theo loại đại biểu", _lines(r.by_kind)),
        Breakdown("Theo giới tính", _lines(r.by_sex)),
        Breakdown("Theo độ tuổi", _lines(r.by_age)),
        Breakdown("Theo dân tộc", _lines(r.by_ethnic_group) + _lines(r.by_ethnicity)),
        Breakdown("Theo trình độ chuyên môn", _lines(r.by_education)),
        Breakdown("Theo trình độ lý luận chính trị", _lines(r.by_political_theory)),
        Breakdown("Theo tuổi Đảng", _lines(r.by_party_seniority)),
    ]
    return summary, [b for b in breakdowns if b.lines]


class CredentialsState(Notices, rx.State):
    status: str = CredentialStatus.PENDING.value
    delegates: list[DelegateLine] = []
    total: int = 0
    next_cursor: str = ""
    loaded: bool = False
    summary: list[str] = []
    breakdowns: list[Breakdown] = []
    # The delegate whose refusal or absence is being written, and which.
    editing: int = 0
    editing_kind: str = ""
    # The organising committee's cards: the delegation to print (empty: all), the delegate
    # whose reissue awaits confirmation, and the one just reissued (his new card to print).
    congress_id: int = 0
    print_delegation: str = ""
    confirming_reissue: int = 0
    reissued: int = 0

    @rx.var
    def cards_pdf(self) -> str:
        query = {"delegation": self.print_delegation.strip()}
        return client.CARDS_PDF.url(query, congress_id=self.congress_id)

    @rx.var
    def reissued_pdf(self) -> str:
        return client.DELEGATE_CARD_PDF.url(congress_id=self.congress_id, delegate_id=self.reissued)

    async def _fetch(self, cursor: str = "") -> None:
        congress_id = (await self.get_state(CongressState)).congress_id
        status = "" if self.status == "all" else self.status
        page = await self._call(lambda api: client.delegates(api, congress_id, status, cursor))
        if page is None:
            return
        lines = [_delegate(d) for d in page.items]
        self.delegates = [*self.delegates, *lines] if cursor else lines
        self.total = page.total
        self.next_cursor = page.next_cursor or ""
        self.loaded = True

    async def _read_report(self) -> None:
        congress = await self.get_state(CongressState)
        if not congress.can.get("view_credentials_report"):
            self.summary, self.breakdowns = [], []
            return
        found = await self._call(lambda api: client.report(api, congress.congress_id))
        if found is not None:
            self.summary, self.breakdowns = _report(found)

    @rx.event
    async def load(self):
        self.message, self.loaded, self.editing = "", False, 0
        self.confirming_reissue, self.reissued = 0, 0
        congress = await self.get_state(CongressState)
        if not congress.loaded:
            return
        self.congress_id = congress.congress_id
        await self._fetch()
        await self._read_report()

    @rx.event
    async def show(self, status: str | list[str]):
        self.status = status if isinstance(status, str) else status[0]
        self.loaded = False
        await self._fetch()

    @rx.event
    async def more(self):
        await self._fetch(self.next_cursor)

    @rx.event
    def start(self, delegate_id: int, kind: str):
        self.editing, self.editing_kind = delegate_id, kind

    @rx.event
    def cancel(self):
        self.editing = 0

    async def _done(self, text: str) -> None:
        self._say(text, True)
        self.editing = 0
        await self._fetch()
        await self._read_report()

    @rx.event
    async def accept(self, delegate_id: int):
        congress_id = (await self.get_state(CongressState)).congress_id
        done = await self._call(lambda api: client.accept(api, congress_id, delegate_id))
        if done is not None:
            await self._done(f"{done.full_name}: đủ tư cách đại biểu.")

    @rx.event
    async def submit_reason(self, form: dict):
        reason = str(form.get("reason", "")).strip()
        if not reason:
            self._say("Hãy ghi lý do.", False)
            return
        congress_id = (await self.get_state(CongressState)).congress_id
        delegate_id, kind = self.editing, self.editing_kind
        if kind == "reject":
            done = await self._call(
                lambda api: client.reject(api, congress_id, delegate_id, reason)
            )
            text = "không đủ tư cách đại biểu"
        else:
            done = await self._call(
                lambda api: client.absence(api, congress_id, delegate_id, reason)
            )
            text = "vắng mặt cả đại hội"
        if done is not None:
            await self._done(f"{done.full_name}: {text}.")

    @rx.event
    def set_print_delegation(self, value: str):
        self.print_delegation = value

    @rx.event
    def ask_reissue(self, delegate_id: int):
        self.confirming_reissue, self.reissued = delegate_id, 0

    @rx.event
    def keep_card(self):
        self.confirming_reissue = 0

    @rx.event
    async def reissue(self):
        delegate_id = self.confirming_reissue
        congress_id = (await self.get_state(CongressState)).congress_id
        self.busy = True
        card = await self._call(lambda api: client.reissue_card(api, congress_id, delegate_id))
        self.busy = False
        self.confirming_reissue = 0
        if card is not None:
            self.reissued = delegate_id
            self._say(
                f"Đã cấp lại thẻ cho {card.full_name} (thẻ số {card.code}, lần "
                f"{card.card_version}); mã QR của thẻ cũ không còn dùng được.",
                True,
            )

"""State of /gop-y/[consultation_id]/tong-hop: the tổ biên tập's synthesis of a consultation
(per unit: counts, agree and disagree, duplicate groups and campaigns, themes with their
representative comments), the giải trình of each unit and its publication, the charts, and
the report's downloads (DOCX, XLSX)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.gop_y import client
from frontend.so_tay.common import Notices
from shared.clock import dmy_hm
from shared.consultations import (
    DECISION_LABELS,
    ConsultationAction,
    ConsultationCharts,
    ConsultationSynthesis,
    Decision,
    ExplanationSet,
    UnitSynthesis,
)

HEAT_DAYS = 14  # the heatmap's columns: the last days with comments
HEAT_ROWS = 12  # its rows: the units with the most comments in those days, in reading order
# Its shades, lightest first (the heatmap's legend names the counts of each).
HEAT_SHADES = ("#f6c9c4", "#e8867c", "#c8372d", "#7d1713")


@dataclass
class GroupLine:
    text: str
    note: str
    campaign: bool


@dataclass
class ThemeLine:
    label: str
    note: str
    samples: list[str]


@dataclass
class UnitCard:
    key: str  # "" for the whole draft
    label: str
    counts: str
    groups: list[GroupLine]
    themes: list[ThemeLine]
    decision: str  # a Decision value or ""
    decision_label: str
    reason: str
    explained: str  # when, published or not
    published: bool  # a published line is final


@dataclass
class HeatRow:
    number: str  # the row's number on the heatmap's axis ("1" at the top)
    label: str
    cells: list[int]  # comments per day, one per day of ``HeatMap.days``
    total: int


@dataclass
class HeatMap:
    """The unit × day heatmap as recharts draws it: a scatter chart of square cells on two
    category axes (days, row numbers), one series per shade; the rows, for the legend under
    it and the screen readers' table."""

    days: list[str]
    rows: list[HeatRow]
    grid: list[dict]  # every cell, day by day, the rows in order: the axes' order, grey
    shades: list[list[dict]]  # the cells with comments, by shade (HEAT_SHADES, lightest first)
    shade_labels: list[str]  # "1–3 góp ý" per shade; "" for a shade no count falls in


def _card(u: UnitSynthesis) -> UnitCard:
    e = u.explanation
    return UnitCard(
        key=u.key or "",
        label=u.label,
        counts=(
            f"{u.comments} góp ý ({u.distinct} ý kiến khác nhau) · {u.agree} tán thành · "
            f"{u.disagree} không tán thành"
        ),
        groups=[
            GroupLine(
                g.text,
                f"{g.comments} góp ý giống nhau từ {g.authors} người",
                g.campaign,
            )
            for g in u.groups
        ],
        themes=[
            ThemeLine(
                t.label,
                f"{t.comments} góp ý, {t.distinct} ý kiến khác nhau",
                [
                    f"{c.author}: {c.text}" + (f" (×{c.group_size})" if c.group_size > 1 else "")
                    for c in t.representatives
                ],
            )
            for t in u.themes
        ],
        decision=e.decision.value if e else "",
        decision_label=DECISION_LABELS[e.decision] if e else "",
        reason=e.reason if e else "",
        explained=(
            f"{dmy_hm(e.decided_at)} · {'đã công bố' if e.published else 'chưa công bố'}"
            if e
            else ""
        ),
        published=bool(e and e.published),
    )


def _heat(charts: ConsultationCharts) -> HeatMap:
    days = sorted({c.day for c in charts.per_unit})[-HEAT_DAYS:]
    index = {d: i for i, d in enumerate(days)}
    rows: dict[str, list[int]] = {}  # in reading order (the API sends the cells so)
    for cell in charts.per_unit:
        if cell.day in index:
            rows.setdefault(cell.label, [0] * len(days))[index[cell.day]] += cell.comments
    busiest = set(sorted(rows, key=lambda label: -sum(rows[label]))[:HEAT_ROWS])
    kept = [label for label in rows if label in busiest]
    labels = [d[8:10] + "/" + d[5:7] for d in days]
    lines = [
        HeatRow(str(i + 1), label, rows[label], sum(rows[label])) for i, label in enumerate(kept)
    ]
    top = max((n for r in lines for n in r.cells), default=0)
    grid: list[dict] = []
    shades: list[list[dict]] = [[] for _ in HEAT_SHADES]
    for column, day in enumerate(labels):
        for r in lines:
            n = r.cells[column]
            point = {"ngay": day, "hang": r.number, "gop_y": n}
            grid.append(point)
            if n:
                shades[min(len(HEAT_SHADES), -(-n * len(HEAT_SHADES) // top)) - 1].append(point)
    return HeatMap(labels, lines, grid, shades, _shade_labels(top))


def _shade_labels(top: int) -> list[str]:
    """The counts each shade stands for: shade ``b`` (from 1) holds the n with
    ceil(n · shades / top) = b."""
    found = []
    count = len(HEAT_SHADES)
    for b in range(1, count + 1):
        low, high = (b - 1) * top // count + 1, b * top // count
        found.append("" if low > high else f"{low} góp ý" if low == high else f"{low}–{high} góp ý")
    return found


class SynthesisState(Notices, rx.State):
    consultation_id: int = 0
    loaded: bool = False
    title: str = ""
    totals: str = ""
    generated: str = ""
    units: list[UnitCard] = []
    actions: list[str] = []
    over_time: list[dict] = []
    by_age: list[dict] = []
    by_commune: list[dict] = []
    heat: HeatMap = HeatMap([], [], [], [[] for _ in HEAT_SHADES], ["" for _ in HEAT_SHADES])
    editing: str = ""  # the unit whose giải trình form is open ("-" for none)

    @rx.var
    def can(self) -> dict[str, bool]:
        return {a.value: a.value in self.actions for a in ConsultationAction}

    @rx.var
    def heat_height(self) -> int:
        """The heatmap's height in pixels: 26 a row, and the day axis."""
        return 26 * len(self.heat.rows) + 48

    @rx.var
    def docx_url(self) -> str:
        return client.REPORT_DOCX.url(consultation_id=self.consultation_id or 1)

    @rx.var
    def xlsx_url(self) -> str:
        return client.REPORT_XLSX.url(consultation_id=self.consultation_id or 1)

    def _apply(self, s: ConsultationSynthesis) -> None:
        self.title = s.title
        self.totals = (
            f"{s.comments} góp ý của {s.authors} người ({s.distinct} ý kiến khác nhau) · "
            f"{s.votes} lượt biểu thị · {s.hidden} đã ẩn · {s.withdrawn} đã rút · "
            f"{s.campaigns} nhóm góp ý hàng loạt"
        )
        self.generated = f"Tổng hợp lúc {dmy_hm(s.generated_at)}, trên bản dự thảo số {s.version}"
        self.units = [_card(u) for u in s.units]
        self.actions = [a.value for a in s.actions]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded, self.editing = "", "", False, ""
        consultation_id = self._param("consultation_id")
        if consultation_id is None:
            return
        self.consultation_id = consultation_id
        found = await self._read(lambda api: client.synthesis(api, consultation_id))
        if found is None:
            return
        self._apply(found)
        charts = await self._call(lambda api: client.charts(api, consultation_id))
        if charts is not None:
            self.over_time = [
                {"ngay": d.day[8:10] + "/" + d.day[5:7], "gop_y": d.comments}
                for d in charts.over_time
            ]
            self.by_age = [{"nhom": c.label, "gop_y": c.comments} for c in charts.by_age]
            self.by_commune = [{"xa": c.label, "gop_y": c.comments} for c in charts.by_commune]
            self.heat = _heat(charts)
        self.loaded = True

    @rx.event
    def edit(self, key: str):
        self.editing = "" if self.editing == key else key

    @rx.event
    async def explain(self, form: dict):
        key, reason = self.editing, (form.get("reason") or "").strip()
        try:
            decision = Decision(form.get("decision") or "")
        except ValueError:
            return self._say("Hãy chọn hướng tiếp thu.", False)
        if not key or not reason:
            return self._say("Hãy ghi lý do của quyết định.", False)
        consultation_id = self.consultation_id
        done = await self._call(
            lambda api: client.explain(api, consultation_id, key, ExplanationSet(decision, reason))
        )
        if done is None:
            return None
        fresh = await self._call(lambda api: client.synthesis(api, consultation_id))
        if fresh is not None:
            self._apply(fresh)
        self.editing = ""
        self._say("Đã ghi giải trình.", True)
        return None

    @rx.event
    async def close(self):
        """End the consultation now (before its closing date): no more comments; the giải
        trình may then be published."""
        consultation_id = self.consultation_id
        done = await self._call(lambda api: client.close(api, consultation_id))
        if done is None:
            return
        fresh = await self._call(lambda api: client.synthesis(api, consultation_id))
        if fresh is not None:
            self._apply(fresh)
        self._say("Đã kết thúc đợt lấy ý kiến.", True)

    @rx.event
    async def publish(self):
        consultation_id = self.consultation_id
        table = await self._call(lambda api: client.publish_explanations(api, consultation_id))
        if table is None:
            return
        fresh = await self._call(lambda api: client.synthesis(api, consultation_id))
        if fresh is not None:
            self._apply(fresh)
        self._say("Đã công bố bảng giải trình; người góp ý được thông báo.", True)

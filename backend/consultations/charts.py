"""The data of the editors' charts (drawn with recharts): visible comments over time (days in
Asia/Ho_Chi_Minh), per unit and day (the heatmap), by age band and by commune."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from backend.accounts.identity import Actor
from backend.consultations.gathering import (
    consultation_for,
    label_of,
    unit_labels,
    visible_comments,
)
from backend.consultations.tables import Comment
from shared.citizens import AGE_BAND_LABELS, AgeBand
from shared.clock import LOCAL_TZ
from shared.consultations import (
    CHART_COMMUNES,
    ConsultationAction,
    ConsultationCharts,
    DayCount,
    HeatCell,
    LabelCount,
)

UNKNOWN = AGE_BAND_LABELS[AgeBand.UNKNOWN]  # "Không rõ": a fact the citizen did not give
OTHER = "Khác"


def _age_label(value: str | None) -> str:
    try:
        return AGE_BAND_LABELS[AgeBand(value)] if value else UNKNOWN
    except ValueError:
        return UNKNOWN


def _age_order(label: str) -> int:
    order = [AGE_BAND_LABELS[b] for b in AgeBand]
    return order.index(label) if label in order else len(order)


class Charts:
    async def data(self, actor: Actor, consultation_id: int) -> ConsultationCharts:
        row, _ = await consultation_for(actor, consultation_id, ConsultationAction.SYNTHESIZE)
        _, _, labels = await unit_labels(row["draft"])
        rows = await visible_comments(
            consultation_id,
            Comment.unit_key,
            Comment.created_at,
            Comment.age_band,
            Comment.commune,
        )
        days: Counter[date] = Counter()
        cells: Counter[tuple[str | None, date]] = Counter()
        ages: Counter[str] = Counter()
        communes: Counter[str] = Counter()
        for r in rows:
            day = r["created_at"].astimezone(LOCAL_TZ).date()
            days[day] += 1
            cells[(r["unit_key"], day)] += 1
            ages[_age_label(r["age_band"])] += 1
            communes[r["commune"] or UNKNOWN] += 1
        over_time = []
        if days:
            day, last = min(days), max(days)
            while day <= last:
                over_time.append(DayCount(day=day.isoformat(), comments=days[day]))
                day += timedelta(days=1)
        per_unit = [
            HeatCell(key=key, label=label_of(labels, key)[0], day=day.isoformat(), comments=n)
            for (key, day), n in sorted(
                cells.items(), key=lambda kv: (label_of(labels, kv[0][0])[1], kv[0][1])
            )
        ]
        top = communes.most_common()
        by_commune = [LabelCount(label=c, comments=n) for c, n in top[:CHART_COMMUNES]]
        rest = sum(n for _, n in top[CHART_COMMUNES:])
        if rest:
            by_commune.append(LabelCount(label=OTHER, comments=rest))
        return ConsultationCharts(
            consultation_id=consultation_id,
            over_time=over_time,
            per_unit=per_unit,
            by_age=[
                LabelCount(label=a, comments=n)
                for a, n in sorted(ages.items(), key=lambda kv: _age_order(kv[0]))
            ],
            by_commune=by_commune,
        )

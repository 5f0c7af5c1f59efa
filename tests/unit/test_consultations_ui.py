"""The Góp ý screens' data without a browser: the heatmap as the recharts scatter chart draws
it (its cells, shades and legend), and the bottom navigation a citizen gets."""

from __future__ import annotations

from frontend import routes
from frontend.components.layout import CITIZEN_TABS, TABS
from frontend.gop_y.synthesis_state import HEAT_DAYS, HEAT_ROWS, HEAT_SHADES, _heat, _shade_labels
from shared.consultations import ConsultationCharts, HeatCell


def _charts(*cells: tuple[str, str, int]) -> ConsultationCharts:
    return ConsultationCharts(
        consultation_id=1,
        over_time=[],
        per_unit=[HeatCell(key=None, label=u, day=d, comments=n) for u, d, n in cells],
        by_age=[],
        by_commune=[],
    )


def test_the_grid_lists_every_cell_day_by_day_so_the_axes_come_in_order():
    heat = _heat(
        _charts(
            ("I. Mở đầu", "2026-12-02", 3),
            ("II. 1. Kinh tế", "2026-12-01", 10),
            ("I. Mở đầu", "2026-12-03", 1),
        )
    )
    assert heat.days == ["01/12", "02/12", "03/12"]
    assert [(r.number, r.label, r.cells, r.total) for r in heat.rows] == [
        ("1", "I. Mở đầu", [0, 3, 1], 4),
        ("2", "II. 1. Kinh tế", [10, 0, 0], 10),
    ]
    assert [(p["ngay"], p["hang"], p["gop_y"]) for p in heat.grid] == [
        ("01/12", "1", 0),
        ("01/12", "2", 10),
        ("02/12", "1", 3),
        ("02/12", "2", 0),
        ("03/12", "1", 1),
        ("03/12", "2", 0),
    ]
    # Four shades of the largest cell (10): 1–2, 3–5, 6–7, 8–10.
    assert [[p["gop_y"] for p in shade] for shade in heat.shades] == [[1], [3], [], [10]]
    assert heat.shade_labels == ["1–2 góp ý", "3–5 góp ý", "6–7 góp ý", "8–10 góp ý"]
    assert len(heat.shades) == len(HEAT_SHADES)


def test_a_shade_no_count_falls_in_has_no_legend():
    assert _shade_labels(1) == ["", "", "", "1 góp ý"]
    assert _shade_labels(2) == ["", "1 góp ý", "", "2 góp ý"]
    assert _shade_labels(0) == ["", "", "", ""]


def test_the_heatmap_keeps_the_last_days_and_the_busiest_units_in_reading_order():
    cells = [
        (f"Phần {u:02d}", f"2026-11-{d:02d}", u + 1)
        for u in range(HEAT_ROWS + 3)
        for d in range(1, HEAT_DAYS + 5)
    ]
    heat = _heat(_charts(*cells))
    assert len(heat.days) == HEAT_DAYS and heat.days[-1] == f"{HEAT_DAYS + 4:02d}/11"
    kept = [r.label for r in heat.rows]
    assert kept == [f"Phần {u:02d}" for u in range(3, HEAT_ROWS + 3)]
    assert len(heat.grid) == HEAT_DAYS * HEAT_ROWS
    assert sum(len(s) for s in heat.shades) == HEAT_DAYS * HEAT_ROWS


def test_no_comment_no_heatmap():
    heat = _heat(_charts())
    assert (heat.days, heat.rows, heat.grid) == ([], [], [])
    assert heat.shades == [[] for _ in HEAT_SHADES]


def test_a_citizen_gets_his_areas_and_none_of_the_partys():
    party = {t.href for t in TABS} - {routes.FEEDBACK, routes.NOTIFICATIONS}
    assert party == {routes.DOCUMENTS, routes.HANDBOOK, routes.CONGRESS}
    assert not party & {t.href for t in CITIZEN_TABS}
    assert {t.href for t in CITIZEN_TABS} == {
        routes.FEEDBACK,
        routes.FEEDBACK_MINE,
        routes.NOTIFICATIONS,
        routes.CITIZEN,
    }

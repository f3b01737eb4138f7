"""Console page for the admin role: how well the delivery windows learned from the transit history hold.

The page shows `GET /v1/analytics/windows` (`logistics.analytics.window_calibration`, read as the signed-in
admin): the totals, then one card per lane with its numbers and a chart of the holdout's deliveries per
transit day, bars coloured early, inside or late, the window fitted on the older deliveries shaded and the
holdout's own p5 and p95 marked.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui
from sqlmodel import Session

from console import frame
from console.widgets import testid
from core.auth import Principal
from core.errors import AppError
from core.models import Role
from logistics import analytics
from logistics.schemas import LaneCalibration, WindowCalibration

COLOURS = {"early": "#f59e0b", "inside": "#0f766e", "late": "#dc2626"}
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def lane_name(lane: LaneCalibration) -> str:
    return f"{lane.service} {lane.origin_country}→{lane.destination_country}"


def lane_marker(lane: LaneCalibration) -> str:
    return f"lane-{lane.carrier}-{lane.service}-{lane.origin_country}-{lane.destination_country}".lower()


def chart_options(lane: LaneCalibration) -> dict[str, Any]:
    """ECharts options: the holdout per transit day, coloured against the window, the window shaded."""
    counts = {d.days: d.deliveries for d in lane.holdout_days}
    low = min([*counts, lane.earliest_days or 0])
    high = max([*counts, lane.latest_days or 0])
    days = list(range(low, high + 1))

    def colour(day: int) -> str:
        if lane.earliest_days is None or lane.latest_days is None:
            return COLOURS["inside"]
        if day < lane.earliest_days:
            return COLOURS["early"]
        return COLOURS["late"] if day > lane.latest_days else COLOURS["inside"]

    series: dict[str, Any] = {
        "name": "Deliveries",
        "type": "bar",
        "data": [{"value": counts.get(d, 0), "itemStyle": {"color": colour(d)}} for d in days],
    }
    if lane.earliest_days is not None and lane.latest_days is not None:
        series["markArea"] = {
            "itemStyle": {"color": "rgba(15, 118, 110, 0.12)"},
            "data": [
                [{"name": "window", "xAxis": str(lane.earliest_days)}, {"xAxis": str(lane.latest_days)}]
            ],
        }
        series["markLine"] = {
            "symbol": "none",
            "lineStyle": {"type": "dashed", "color": "#475569"},
            "data": [
                {"name": "p5", "xAxis": str(lane.empirical_p5_days)},
                {"name": "p95", "xAxis": str(lane.empirical_p95_days)},
            ],
        }
    return {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "name": "days", "data": [str(d) for d in days]},
        "yAxis": {"type": "value", "name": "deliveries"},
        "series": [series],
    }


def _lane_card(lane: LaneCalibration) -> None:
    marker = lane_marker(lane)
    with ui.card().classes("w-full"):
        with ui.row().classes("items-baseline gap-4"):
            ui.label(lane_name(lane)).classes("text-lg font-semibold")
            ui.label(lane.carrier).classes("text-sm text-gray-500")
            if lane.meets_goal is not None:
                verdict = "meets the goal" if lane.meets_goal else "misses the goal"
                style = "text-teal-700" if lane.meets_goal else "text-red-700"
                testid(ui.label(verdict).classes(f"text-sm font-medium {style}"), f"{marker}-verdict")
        if lane.scored == 0:
            testid(
                ui.label(
                    f"{lane.deliveries} deliveries: too few to fit a window on "
                    f"(it needs {analytics.MIN_FIT} in the older part)."
                ),
                f"{marker}-unscored",
            )
            return
        testid(
            ui.label(
                f"{lane.deliveries} deliveries; window fitted on the older {lane.fitted_on}: "
                f"{lane.earliest_days} to {lane.latest_days} days (likely {lane.likely_days}). "
                f"On the newest {lane.scored}: {_percent(lane.inside)} inside, {_percent(lane.early)} early, "
                f"{_percent(lane.late)} late; window {lane.window_width_days} days wide against "
                f"{lane.empirical_width_days} between their p5 and p95."
            ).classes("text-sm"),
            f"{marker}-summary",
        )
        testid(
            ui.label(
                f"Against the window a quote gives from the same deliveries (their learned transit profile, "
                f"p10 to p90): {_percent(lane.quoted_inside)} inside, {_percent(lane.quoted_early)} early, "
                f"{_percent(lane.quoted_late)} late."
            ).classes("text-sm text-gray-600"),
            f"{marker}-quoted",
        )
        testid(ui.echart(chart_options(lane)).classes("w-full h-64"), f"{marker}-chart")


def _totals(report: WindowCalibration) -> None:
    testid(
        ui.label(
            f"{report.lanes} lanes, {report.lanes_meeting_goal} meeting the goal "
            f"(at least {report.goal_inside:.0%} inside, no wider than the holdout's p5-p95 plus "
            f"{report.goal_extra_width_days} day); {report.scored} deliveries scored, "
            f"{_percent(report.inside)} inside. Each window is fitted on a lane's older "
            f"{1 - report.holdout_share:.0%} of deliveries and scored on its newest "
            f"{report.holdout_share:.0%}."
        ),
        "windows-totals",
    )


def _filters() -> tuple[Any, Any, Any]:
    with ui.row().classes("items-end gap-4"):
        carrier = testid(ui.input("Carrier").props("clearable"), "filter-carrier")
        service = testid(ui.input("Service").props("clearable"), "filter-service")
        destination = testid(ui.input("Destination country").props("clearable"), "filter-destination")
    return carrier, service, destination


def _text_of(element: Any) -> str | None:
    return (element.value or "").strip() or None


def windows_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Delivery windows"):
        carrier, service, destination = _filters()

        def show() -> None:
            wanted = _text_of(destination)
            if wanted is not None and not _COUNTRY.match(wanted.upper()):
                destination.error = "an ISO 3166-1 alpha-2 code, such as ID"
                return
            destination.error = None
            report.refresh()

        testid(ui.button("Show", on_click=show), "filter-show")

        def load(session: Session, principal: Principal) -> WindowCalibration:
            principal.require(Role.admin)
            wanted = _text_of(destination)
            return analytics.window_calibration(
                session,
                carrier=_text_of(carrier),
                service=_text_of(service),
                destination=wanted.upper() if wanted and _COUNTRY.match(wanted.upper()) else None,
            )

        @ui.refreshable
        def report() -> None:
            try:
                found = frame.read(viewer, load)
            except frame.SignedOut:
                ui.navigate.to("/login")
                return
            except AppError as exc:
                frame.show_error(exc)
                return
            _totals(found)
            frame.empty_note(found.data, "No delivered history on these lanes: import some first.")
            for lane in found.data:
                _lane_card(lane)

        report()
    return None


PAGES: list[frame.PageSpec] = [("/admin/windows", windows_page, "Delivery windows")]

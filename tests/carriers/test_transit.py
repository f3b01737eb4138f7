"""Transit profiles: the sheet's percentiles first, moved towards delivered shipments, replaced at 20
samples."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from carriers import network, service
from carriers.demo import seed_demo
from carriers.transit import LEARNED_AFTER, LegSample, blend, estimate, learned_profile, percentiles
from carriers.types import DayPercentiles, Destination, TransitProfile
from core.db import unit_of_work
from core.errors import InvalidInput

SHEET = TransitProfile(DayPercentiles(3, 4, 6), DayPercentiles(1, 1, 2), DayPercentiles(1, 2, 3))
JAKARTA = Destination("ID", "10110")


def test_nearest_rank_percentiles() -> None:
    assert percentiles([5]) == DayPercentiles(5, 5, 5)
    assert percentiles(list(range(1, 21))) == DayPercentiles(2, 10, 18)
    assert percentiles([9, 1, 5, 3, 7]) == DayPercentiles(1, 5, 9)


def test_no_samples_keeps_the_sheet_and_few_samples_blend() -> None:
    assert estimate(SHEET, []) is SHEET
    slow = [LegSample(8, 3, 5)] * 5
    blended = estimate(SHEET, slow)
    assert blended is not None
    # a quarter of the way from the sheet (3/4/6) to the samples (8/8/8): 4.25, 5, 6.5 -> half-up
    assert blended.line_haul == DayPercentiles(4, 5, 7)
    assert (blended.source, blended.samples) == ("sheet", 5)
    assert blended.extra == {"learned_weight": "0.25"}
    assert blend(SHEET, learned_profile(slow), 0) == TransitProfile(
        SHEET.line_haul, SHEET.clearance, SHEET.last_mile, "sheet", 0, {"learned_weight": "0"}
    )


def test_twenty_samples_replace_the_sheet() -> None:
    samples = [LegSample(5 + i % 3, 2, 1 + i % 2) for i in range(LEARNED_AFTER)]
    learned = estimate(SHEET, samples)
    assert learned is not None
    assert (learned.source, learned.samples) == ("learned", 20)
    assert learned.line_haul == DayPercentiles(5, 6, 7)
    assert learned.clearance == DayPercentiles(2, 2, 2)


def test_without_a_sheet_profile_five_samples_are_needed() -> None:
    assert estimate(None, [LegSample(3, 1, 1)] * 4) is None
    alone = estimate(None, [LegSample(3, 1, 1)] * 5)
    assert alone is not None
    assert alone.source == "learned"


def test_only_the_most_recent_window_counts() -> None:
    old = [LegSample(20, 5, 9)] * 600
    new = [LegSample(4, 1, 2)] * 500
    profile = estimate(SHEET, old + new)
    assert profile is not None
    assert profile.line_haul == DayPercentiles(4, 4, 4)
    assert profile.samples == 500


def _record(session: Session, n: int, *, line_haul: int = 7, zone: str = "ID") -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    for i in range(n):
        service.record_transit(
            session,
            service_code="yun-sea-line",
            origin_country="CN",
            destination_country="ID",
            zone=zone,
            line_haul_days=line_haul + i % 2,
            clearance_days=2,
            last_mile_days=3,
            delivered_at=start + timedelta(hours=i),
        )


def test_recorded_deliveries_move_the_networks_profile(db_url: str) -> None:
    with unit_of_work() as s:
        seed_demo(s)
    before = network.current().transit("yun-sea-line", origin_country="CN", destination=JAKARTA)
    assert before == TransitProfile(
        DayPercentiles(3, 4, 6), DayPercentiles(1, 1, 2), DayPercentiles(1, 2, 2), "sheet", 0
    )
    with unit_of_work() as s:
        _record(s, 10)
    halfway = network.current().transit("yun-sea-line", origin_country="CN", destination=JAKARTA)
    assert halfway is not None
    assert (halfway.source, halfway.samples) == ("sheet", 10)
    assert halfway.line_haul == DayPercentiles(5, 6, 7)  # halfway from 3/4/6 to 7/7/8
    with unit_of_work() as s:
        _record(s, 10)
    learned = network.current().transit("yun-sea-line", origin_country="CN", destination=JAKARTA)
    assert learned is not None
    assert (learned.source, learned.samples) == ("learned", 20)
    assert learned.line_haul == DayPercentiles(7, 7, 8)
    assert learned.clearance == DayPercentiles(2, 2, 2)
    # another lane is untouched
    other = network.current().transit("yun-sea-line", origin_country="CN", destination=Destination("TH"))
    assert other is not None
    assert other.source == "sheet"
    assert other.samples == 0


def test_record_transit_checks_its_input(session: Session) -> None:
    with unit_of_work() as s:
        seed_demo(s)
    base = {
        "service_code": "yun-sea-line",
        "origin_country": "CN",
        "destination_country": "ID",
        "zone": "ID",
        "line_haul_days": 3,
        "clearance_days": 1,
        "last_mile_days": 2,
        "delivered_at": datetime(2026, 10, 1, tzinfo=UTC),
    }
    for field, value in [
        ("line_haul_days", -1),
        ("destination_country", "XX"),
        ("delivered_at", datetime(2026, 10, 1)),  # noqa: DTZ001 - naive on purpose
    ]:
        with pytest.raises(InvalidInput) as exc:
            service.record_transit(session, **{**base, field: value})  # type: ignore[arg-type]
        assert exc.value.errors[0].field == field

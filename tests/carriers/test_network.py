"""The network snapshot (rebuilt when carrier data changes) and the demo network it serves."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import holidays
import pytest
from sqlalchemy import func, text
from sqlmodel import select

from carriers import network, service
from carriers.demo import EU, SEA, seed_demo
from carriers.models import CarrierService, RateSheet
from carriers.schemas import ServiceUpdate
from carriers.types import Destination, Parcel, RateQuote, RateRefusal, TransitProfile
from core import snapshots
from core.db import unit_of_work

ON = date(2026, 11, 25)
DESTINATIONS = [*SEA, "US", "CA", "MX", "BR", "GB", "AU", "JP", *EU]


@pytest.fixture
def demo(db_url: str) -> network.CarrierNetwork:
    with unit_of_work() as s:
        seed_demo(s)
    return network.current()


def test_seeding_twice_changes_nothing(demo: network.CarrierNetwork) -> None:
    with unit_of_work() as s:
        counts = (
            s.exec(select(func.count()).select_from(CarrierService)).one(),
            s.exec(select(func.count()).select_from(RateSheet)).one(),
        )
        seed_demo(s)
    with unit_of_work() as s:
        again = (
            s.exec(select(func.count()).select_from(CarrierService)).one(),
            s.exec(select(func.count()).select_from(RateSheet)).one(),
        )
        currencies = set(s.exec(select(RateSheet.currency)).all())
    assert counts == again
    assert counts[0] >= 12
    assert {"CNY", "USD", "EUR", "SGD", "GBP", "IDR"} <= currencies
    assert len({s.carrier_code for s in demo.services()}) >= 5


def test_cn_to_indonesia_dedicated_line_is_cheapest_at_500_grams(demo: network.CarrierNetwork) -> None:
    for destination in (Destination("ID", "40115"), Destination("ID", "10110", (-6.2, 106.85))):
        quotes = [
            q
            for s in demo.services_from("CN")
            if isinstance(
                q := demo.rate(
                    s.code, origin_country="CN", destination=destination, parcel=Parcel(500), on=ON
                ),
                RateQuote,
            )
        ]
        assert {q.price.currency for q in quotes} == {"CNY"}
        cheapest = min(quotes, key=lambda q: q.price.amount)
        assert cheapest.service_code == "yun-sea-line"
        assert demo.service("yun-sea-line").mode == "dedicated_line"  # type: ignore[union-attr]
        assert Decimal(15) <= cheapest.price.amount <= Decimal(20)


def _business_days(start: date, n: int, country: str) -> date:
    off = holidays.country_holidays(country, years=[start.year, start.year + 1])
    day = start
    while n > 0 or day.weekday() >= 5 or day in off:
        if not (day.weekday() >= 5 or day in off):
            n -= 1
        day += timedelta(days=1)
    return day


def _door_to_door(dispatch: date, profile: TransitProfile, pct: str, origin: str, country: str) -> int:
    ship = _business_days(dispatch, 1, origin)  # one business day of handling
    landed = ship + timedelta(days=getattr(profile.line_haul, pct))
    cleared = (
        _business_days(landed, getattr(profile.clearance, pct), country)
        if getattr(profile.clearance, pct)
        else landed
    )
    delivered = _business_days(cleared, getattr(profile.last_mile, pct), country)
    return (delivered - dispatch).days


def test_cn_to_indonesia_dedicated_line_arrives_in_5_to_15_days(demo: network.CarrierNetwork) -> None:
    profile = demo.transit("yun-sea-line", origin_country="CN", destination=Destination("ID", "40115"))
    assert profile is not None
    assert (profile.line_haul.p10, profile.line_haul.p50, profile.line_haul.p90) == (3, 4, 6)
    for offset in range(10):  # ordinary weeks of November 2026
        dispatch = date(2026, 11, 2) + timedelta(days=offset)
        if dispatch.weekday() >= 5:
            continue
        assert _door_to_door(dispatch, profile, "p10", "CN", "ID") >= 5
        assert _door_to_door(dispatch, profile, "p90", "CN", "ID") <= 15


@pytest.mark.parametrize(
    ("mode", "low", "high"), [("express", 3, 7), ("dedicated_line", 7, 15), ("postal", 15, 30)]
)
def test_cross_border_lanes_follow_the_logistics_norms(
    demo: network.CarrierNetwork, mode: str, low: int, high: int
) -> None:
    checked = 0
    for info in demo.services():
        if info.mode != mode:
            continue
        for origin in info.origins:
            for country in SEA:
                if country == origin:
                    continue
                p = demo.transit(info.code, origin_country=origin, destination=Destination(country), on=ON)
                if p is None:
                    continue
                likely = 1 + p.line_haul.p50 + p.clearance.p50 + p.last_mile.p50
                assert low - 2 <= likely <= high, (info.code, origin, country, likely)
                assert 1 <= p.clearance.p90 <= 3, (info.code, origin, country)
                checked += 1
    assert checked


def test_every_origin_serves_its_markets(demo: network.CarrierNetwork) -> None:
    def served(origin: str, country: str) -> bool:
        return any(
            isinstance(
                demo.rate(
                    s.code, origin_country=origin, destination=Destination(country), parcel=Parcel(400), on=ON
                ),
                RateQuote,
            )
            for s in demo.services_from(origin)
        )

    assert all(served("CN", c) for c in DESTINATIONS)
    for origin in ("US", "DE", "GB", "SG"):
        assert all(served(origin, c) for c in DESTINATIONS if c != origin), origin
    for origin in SEA:
        assert all(served(origin, c) for c in SEA), origin


@pytest.mark.parametrize(
    ("origin", "country"), [("ID", "ID"), ("SG", "MY"), ("US", "US"), ("DE", "FR"), ("GB", "GB")]
)
def test_domestic_and_regional_lanes_are_short(
    demo: network.CarrierNetwork, origin: str, country: str
) -> None:
    best = min(
        (
            1 + p.line_haul.p50 + p.clearance.p50 + p.last_mile.p50
            for s in demo.services_from(origin)
            if isinstance(
                demo.rate(
                    s.code, origin_country=origin, destination=Destination(country), parcel=Parcel(400), on=ON
                ),
                RateQuote,
            )
            and (p := demo.transit(s.code, origin_country=origin, destination=Destination(country), on=ON))
        ),
        default=None,
    )
    assert best is not None
    assert best <= 5


def test_goods_rules_of_the_demo(demo: network.CarrierNetwork) -> None:
    battery = Parcel(300, goods=frozenset({"battery"}))
    liquid = Parcel(300, goods=frozenset({"liquid"}))
    for info in demo.services():
        if info.mode == "postal":
            assert not {"battery", "liquid"} & info.accepts, info.code
    dhl = demo.service("dhl-express-worldwide")
    assert dhl is not None
    assert "battery" in dhl.accepts
    assert dict(dhl.goods_limits)["battery"]
    refused = demo.rate(
        "china-post-epacket", origin_country="CN", destination=Destination("ID"), parcel=battery, on=ON
    )
    assert isinstance(refused, RateRefusal)
    assert refused.reason == "goods_not_accepted"
    assert isinstance(
        demo.rate(
            "dhl-express-worldwide", origin_country="CN", destination=Destination("ID"), parcel=liquid, on=ON
        ),
        RateQuote,
    )


def test_remote_islands_and_the_jakarta_polygon(demo: network.CarrierNetwork) -> None:
    papua = demo.rate(
        "yun-sea-line", origin_country="CN", destination=Destination("ID", "99111"), parcel=Parcel(500), on=ON
    )
    assert isinstance(papua, RateQuote)
    assert str(papua.remote_area) == "15.00 CNY"
    jakarta = demo.rate(
        "yun-sea-line",
        origin_country="CN",
        destination=Destination("ID", None, (-6.2, 106.85)),
        parcel=Parcel(500),
        on=ON,
    )
    assert isinstance(jakarta, RateQuote)
    assert jakarta.zone == "ID-JABODETABEK"
    announced = demo.rate(
        "yun-sea-line",
        origin_country="CN",
        destination=Destination("ID"),
        parcel=Parcel(500),
        on=date(2027, 2, 1),
    )
    assert isinstance(announced, RateQuote)
    assert announced.sheet_id == "rsh_demo_yun_sea_cn_2027"


def test_the_writer_sees_its_change_after_commit(demo: network.CarrierNetwork) -> None:
    assert demo.service("ups-ground") is not None
    with unit_of_work() as s:
        service.update_service(s, code="ups-ground", data=ServiceUpdate(active=False))
        assert network.current() is demo  # not committed yet: still the old snapshot
    after = network.current()
    assert after is not demo
    assert after.service("ups-ground") is None
    assert after.generation > demo.generation
    # sheets are immutable: the rebuild reuses the compiled ones
    assert after.sheets["rsh_demo_yun_sea_cn_2026"] is demo.sheets["rsh_demo_yun_sea_cn_2026"]


def test_other_processes_see_the_generation_move_within_a_second(
    demo: network.CarrierNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    with unit_of_work() as s:  # another process's write: no invalidation here
        s.connection().execute(text("UPDATE carrier_services SET active = false WHERE code = 'ups-ground'"))
        snapshots.bump(s, network.GENERATION)
    assert network.current() is demo  # checked less than a second ago
    monkeypatch.setattr(snapshots, "RECHECK_SECONDS", 0.0)
    fresh = network.current()
    assert fresh is not demo
    assert fresh.service("ups-ground") is None
    assert network.current() is fresh  # the generation did not move again


def test_an_api_process_refreshes_in_the_background(demo: network.CarrierNetwork) -> None:
    """With the refresher running, requests never look at the generation: the thread swaps the snapshot."""
    snapshots.start_refresher()
    try:
        with unit_of_work() as s:  # another process's write
            s.connection().execute(
                text("UPDATE carrier_services SET active = false WHERE code = 'ups-ground'")
            )
            snapshots.bump(s, network.GENERATION)
        deadline = time.monotonic() + 2
        while network.current() is demo and time.monotonic() < deadline:
            time.sleep(0.02)
        assert network.current().service("ups-ground") is None
    finally:
        snapshots.stop_refresher()

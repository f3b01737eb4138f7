"""Orders, tracking and returns below the API: windows, booking retries, transit learning, demo history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlmodel import func, select

from carriers.models import TransitSample
from carriers.types import DayPercentiles, TransitProfile
from core.auth import Principal
from core.db import unit_of_work
from core.models import Role
from logistics.analytics import return_analytics
from logistics.orders.models import Order, Return, Shipment
from logistics.orders.returns import create_return, nearest_centre, region_of, window_days
from logistics.orders.schemas import ReturnCreate, ReturnItemIn
from logistics.orders.shipments import book_shipment, next_window
from tests.logistics.test_orders_api import DemoKeys, deliver, demo, order, quote  # noqa: F401

PROFILE = TransitProfile(DayPercentiles(2, 4, 6), DayPercentiles(1, 2, 3), DayPercentiles(1, 2, 4))
WINDOW = {"earliest": "2026-12-07", "likely": "2026-12-09", "latest": "2026-12-11"}
ADMIN = Principal(actor_id="key_test", role=Role.admin)


def test_window_moves_with_the_events() -> None:
    monday = date(2026, 12, 7)

    def after(status: str, reason: str | None = None, on: date = monday) -> dict[str, str]:
        return next_window(
            current=WINDOW,
            status=status,
            reason=reason,
            on=on,
            country="DE",
            profile=PROFILE,
            cross_border=True,
        )

    assert after("delivered") == {"earliest": "2026-12-07", "likely": "2026-12-07", "latest": "2026-12-07"}
    assert after("out_for_delivery") == {
        "earliest": "2026-12-07",
        "likely": "2026-12-07",
        "latest": "2026-12-08",
    }
    cleared = after("customs_cleared")
    hold = after("customs_hold", "customs_documents")
    worse = after("customs_hold", "duties_unpaid")
    assert cleared["latest"] < hold["latest"] < worse["latest"]
    # an early in-transit scan never pulls the promise forward; a late one pushes it back
    assert after("in_transit", on=date(2026, 11, 20)) == WINDOW
    assert after("in_transit", on=date(2026, 12, 10))["latest"] > WINDOW["latest"]
    assert after("lost") == WINDOW


def test_regions_windows_and_centres(db_url: str, demo: DemoKeys) -> None:  # noqa: F811
    assert region_of("DE") == region_of("GB") == "europe"
    assert window_days("DE") == 30
    assert window_days("DE", default=7) == 14
    assert window_days("US", default=7) == 7
    with unit_of_work(write=False) as s:
        berlin = nearest_centre(s, country="DE", point=(52.52, 13.40))
        london = nearest_centre(s, country="GB", point=(51.5, -0.12))
        la = nearest_centre(s, country="US", point=(34.05, -118.24))
        ny = nearest_centre(s, country="US", point=(40.71, -74.0))
        assert (berlin and berlin.code, london and london.code) == ("LEJ1", "LON1")
        assert (la and la.code, ny and ny.code) == ("LAX1", "EWR1")
        assert nearest_centre(s, country="BR", point=None) is None


def test_booking_twice_is_a_no_op_and_delivery_feeds_the_lane(client: TestClient, demo: DemoKeys) -> None:  # noqa: F811
    o = order(client, demo, quote(client, demo)).json()
    sid = o["shipments"][0]["id"]
    with unit_of_work() as s:
        first = book_shipment(s, shipment_id=sid).tracking_number
        assert first
    with unit_of_work() as s:
        assert book_shipment(s, shipment_id=sid).tracking_number == first
        samples = s.exec(select(func.count()).select_from(TransitSample)).one()
    deliver(client, demo, sid, datetime.now(UTC))
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(TransitSample)).one() == samples + 1
        shipment = s.get(Shipment, sid)
        assert shipment is not None
        assert shipment.status == "delivered"


def test_returnless_share_is_configurable(client: TestClient, demo: DemoKeys) -> None:  # noqa: F811
    o = order(client, demo, quote(client, demo)).json()
    deliver(client, demo, o["shipments"][0]["id"], datetime.now(UTC))
    item = [ReturnItemIn(sku="TEE-BASIC-M", quantity=1, reason="changed_mind")]
    with unit_of_work() as s:
        strict = create_return(
            s,
            principal=ADMIN,
            data=ReturnCreate(order_id=o["id"], items=item),
            returnless_share=Decimal("0.01"),
        )
        assert strict.resolution == "returnless_refund"
        assert strict.status == "refunded"
        generous = create_return(
            s, principal=ADMIN, data=ReturnCreate(order_id=o["id"], items=item), returnless_share=Decimal(1)
        )
        assert generous.resolution == "refund"
        assert generous.warehouse == "LEJ1"


def test_demo_history_flags_one_category(db_url: str) -> None:
    from core.demo import seed_merchants
    from main import demo_seeders

    for _ in range(2):  # idempotent
        with unit_of_work() as s:
            seed_merchants(s)
            for seed in demo_seeders():
                seed(s)
    with unit_of_work(write=False) as s:
        orders = s.exec(select(func.count()).select_from(Order)).one()
        returns = s.exec(select(func.count()).select_from(Return)).one()
        report = return_analytics(s, principal=ADMIN, group_by="category")
    assert orders == 24
    assert returns == 3
    assert [r.key for r in report.data if r.flagged] == ["footwear"]
    assert {r.key for r in report.data} >= {"apparel", "footwear", "electronics", "beauty"}

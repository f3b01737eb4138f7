"""Adapters: the rate-sheet adapter (no network) and the karrio DHL Express adapter, tested as karrio tests
its connectors: golden carrier request and response files, and karrio's HTTP function patched (no network)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

import pytest
from pydantic import SecretStr

from carriers import bookings
from carriers.adapters import (
    Address,
    BookingRequest,
    CarrierAdapter,
    RateRequest,
    RateSheetAdapter,
    adapter_for,
)
from carriers.adapters.karrio_adapter import (
    DHL_EXPRESS_SERVICES,
    KarrioAdapter,
    dhl_express_adapter,
    dhl_express_credentials,
    dhl_express_gateway,
    karrio_rate_request,
    karrio_shipment_request,
)
from carriers.adapters.tracking import status_from
from carriers.demo import seed_demo
from carriers.types import Parcel
from core.clock import frozen
from core.db import unit_of_work
from core.money import Money

FIXTURES = Path(__file__).parent / "fixtures" / "dhl_express"
HTTP = "karrio.mappers.dhl_express.proxy.lib.request"
SHENZHEN = Address(
    "CN", "518000", "Shenzhen", street="1 Keji Road", name="Tradelane Shenzhen", phone="+8675500000000"
)
JAKARTA = Address("ID", "10110", "Jakarta", street="Jl. Sudirman 1", name="Siti Rahayu", phone="+62215550000")
PARCEL = Parcel(1500, (Decimal(30), Decimal(20), Decimal(10)))


# --- the rate-sheet adapter ---------------------------------------------------------------------------


@pytest.fixture
def yun(db_url: str) -> Iterator[tuple[Any, RateSheetAdapter]]:
    with unit_of_work() as s:
        seed_demo(s)
    with unit_of_work() as s:
        yield s, RateSheetAdapter(s, carrier_code="yunexpress")


def booking_request(shipment_id: str = "shp_1", **kw: Any) -> BookingRequest:
    fields: dict[str, Any] = {
        "shipment_id": shipment_id,
        "service_code": "yun-sea-line",
        "origin": SHENZHEN,
        "destination": JAKARTA,
        "parcel": Parcel(500),
    }
    fields.update(kw)
    return BookingRequest(**fields)


def test_rate_sheet_adapter_rates_the_carriers_services(yun: tuple[Any, RateSheetAdapter]) -> None:
    _, adapter = yun
    assert isinstance(adapter, CarrierAdapter)
    result = adapter.rate(RateRequest(SHENZHEN, JAKARTA, Parcel(500), on=date(2026, 11, 25)))
    assert [(r.service_code, str(r.price)) for r in result.rates] == [("yun-sea-line", "18.00 CNY")]
    assert result.rates[0].transit_days == 4 + 1 + 2  # the legs' p50 (line haul, clearance, last mile)
    assert [(m.carrier, m.code) for m in result.messages] == [("yunexpress", "no_lane")]  # the global line
    unknown = adapter.rate(RateRequest(SHENZHEN, JAKARTA, Parcel(500), service_codes=("ups-ground",)))
    assert unknown.rates == ()
    assert unknown.messages[0].code == "unknown_service"


def test_booking_is_deterministic_and_idempotent(yun: tuple[Any, RateSheetAdapter]) -> None:
    _, adapter = yun
    first = adapter.book(booking_request())
    assert first.messages == ()
    assert first.booking is not None
    number = first.booking.tracking_number
    assert number == bookings.tracking_number_for("shp_1", "yun-sea-line")
    assert re.fullmatch(r"TL[0-9A-HJKMNP-TV-Z]{16}", number)
    assert base64.b64decode(first.booking.label.data).decode().startswith("^XA")
    assert first.booking.label.format == "ZPL"
    assert first.booking.price == Money.of("18.00", "CNY")
    again = adapter.book(booking_request())
    assert again.booking is not None
    assert again.booking.tracking_number == number
    other = adapter.book(booking_request("shp_2"))
    assert other.booking is not None
    assert other.booking.tracking_number != number


def test_booking_refuses_what_the_service_cannot_carry(yun: tuple[Any, RateSheetAdapter]) -> None:
    _, adapter = yun
    result = adapter.book(booking_request(parcel=Parcel(500, goods=frozenset({"liquid"}))))
    assert result.booking is None
    assert [m.code for m in result.messages] == ["goods_not_accepted"]


def test_tracking_returns_what_was_recorded_and_cancel_marks_cancelled(
    yun: tuple[Any, RateSheetAdapter],
) -> None:
    session, adapter = yun
    booked = adapter.book(booking_request()).booking
    assert booked is not None
    number = booked.tracking_number
    assert adapter.track(number).status == "pending"
    cancel = adapter.cancel(number)
    assert cancel.cancelled
    assert cancel.messages == ()
    tracked = adapter.track(number)
    assert tracked.cancelled
    refused = adapter.book(booking_request())
    assert refused.booking is None
    assert refused.messages[0].code == "cancelled"

    with frozen(datetime(2026, 11, 20, 10, tzinfo=UTC)):
        second = adapter.book(booking_request("shp_9")).booking
    assert second is not None
    for status, at in [("picked_up", 21), ("customs_hold", 24), ("customs_cleared", 25), ("delivered", 27)]:
        bookings.record_tracking_event(
            session,
            tracking_number=second.tracking_number,
            status=status,
            occurred_at=datetime(2026, 11, at, 9, tzinfo=UTC),
            location="Jakarta",
        )
    tracked = adapter.track(second.tracking_number)
    assert [e.status for e in tracked.events] == [
        "pending",
        "picked_up",
        "customs_hold",
        "customs_cleared",
        "delivered",
    ]
    assert tracked.status == "delivered"
    assert not tracked.cancelled
    late = adapter.cancel(second.tracking_number)
    assert not late.cancelled
    assert late.messages[0].code == "not_cancellable"
    missing = adapter.track("TL0000000000000000")
    assert missing.status is None
    assert missing.messages[0].code == "not_found"
    assert adapter.cancel("TL0000000000000000").messages[0].code == "not_found"


# --- the karrio adapter -------------------------------------------------------------------------------

_VOLATILE = re.compile(r"^\s*<(MessageTime|Date|ReadyTime|InvoiceDate|ShipmentDate)>[^<]*</\1>\n", re.M)


def normalized(xml: str) -> str:
    """The serialized request without the clock's fields."""
    return _VOLATILE.sub("", xml)


@pytest.fixture
def dhl() -> KarrioAdapter:
    credentials = dhl_express_credentials(
        SimpleNamespace(
            karrio_dhl_express_site_id="site_id",
            karrio_dhl_express_password=SecretStr("password"),
            karrio_dhl_express_account_number="123456789",
        )
    )
    assert credentials is not None
    return KarrioAdapter(
        dhl_express_gateway(credentials, carrier_code="dhl-express"),
        carrier_code="dhl-express",
        services=DHL_EXPRESS_SERVICES,
    )


def test_rate_request_matches_the_golden_file(dhl: KarrioAdapter) -> None:
    request = dhl.gateway.mapper.create_rate_request(
        karrio_rate_request(RateRequest(SHENZHEN, JAKARTA, PARCEL), dhl.services)
    )
    assert normalized(request.serialize()) == (FIXTURES / "rate_request.xml").read_text()


def test_rate_response_maps_to_carrier_rates(dhl: KarrioAdapter) -> None:
    with patch(HTTP, return_value=(FIXTURES / "rate_response.xml").read_text()) as http:
        result = dhl.rate(RateRequest(SHENZHEN, JAKARTA, PARCEL))
    assert http.call_args.kwargs["url"].endswith("/XMLShippingServlet")
    assert result.messages == ()
    worldwide, economy = result.rates
    assert (worldwide.service_code, worldwide.carrier_service) == (
        "dhl-express-worldwide",
        "dhl_express_worldwide_nondoc",
    )
    assert worldwide.price == Money.of("548.13", "CNY")
    assert worldwide.base == Money.of("286.50", "CNY")
    assert worldwide.surcharges == (
        ("FUEL SURCHARGE", Money.of("71.63", "CNY")),
        ("REMOTE AREA DELIVERY", Money.of("190.00", "CNY")),
    )
    assert worldwide.transit_days == 3
    assert isinstance(worldwide.price.amount, Decimal)
    assert (economy.service_code, str(economy.price), economy.transit_days) == (
        "dhl-express-economy",
        "247.50 CNY",
        6,
    )


def test_carrier_errors_come_back_as_messages(dhl: KarrioAdapter) -> None:
    with patch(HTTP, return_value=(FIXTURES / "rate_error.xml").read_text()):
        result = dhl.rate(RateRequest(SHENZHEN, JAKARTA, PARCEL))
    assert result.rates == ()
    assert [(m.carrier, m.code, m.message) for m in result.messages] == [
        ("dhl-express", "420505", "The destination location is invalid.")
    ]
    with patch(HTTP, side_effect=OSError("network unreachable")):
        failed = dhl.rate(RateRequest(SHENZHEN, JAKARTA, PARCEL))
    assert failed.rates == ()
    assert "network unreachable" in failed.messages[0].message


def test_shipment_request_matches_the_golden_file(dhl: KarrioAdapter) -> None:
    request = dhl.gateway.mapper.create_shipment_request(
        karrio_shipment_request(
            BookingRequest(
                "shp_1", "dhl-express-worldwide", SHENZHEN, JAKARTA, PARCEL, Money.of("45.00", "USD")
            ),
            dhl.services,
        )
    )
    assert normalized(request.serialize()) == (FIXTURES / "shipment_request.xml").read_text()


def test_shipment_response_maps_to_a_booking(dhl: KarrioAdapter) -> None:
    request = BookingRequest(
        "shp_1", "dhl-express-worldwide", SHENZHEN, JAKARTA, PARCEL, Money.of("45.00", "USD")
    )
    with patch(HTTP, return_value=(FIXTURES / "shipment_response.xml").read_text()):
        result = dhl.book(request)
    assert result.messages == ()
    booking = result.booking
    assert booking is not None
    assert (booking.tracking_number, booking.service_code) == ("5402198760", "dhl-express-worldwide")
    assert booking.price == Money.of("548.13", "CNY")
    assert booking.label.format == "PDF"
    assert base64.b64decode(booking.label.data).startswith(b"%PDF")
    assert booking.tracking_url is not None
    assert "5402198760" in booking.tracking_url


def test_tracking_response_maps_to_normalized_events(dhl: KarrioAdapter) -> None:
    with patch(HTTP, return_value=(FIXTURES / "tracking_response.xml").read_text()):
        result = dhl.track("5402198760")
    assert result.messages == ()
    assert result.status == "delivered"
    assert [(e.code, e.status) for e in result.events] == [
        ("PU", "picked_up"),
        ("DF", "in_transit"),
        ("CD", "customs_hold"),
        ("CR", "customs_cleared"),
        ("WC", "out_for_delivery"),
        ("OK", "delivered"),
    ]
    assert result.events[0].occurred_at == datetime(2026, 11, 20, 16, 10, tzinfo=UTC)
    assert result.events[0].location == "SHENZHEN - CHINA MAINLAND"


def test_tracking_not_found_and_unsupported_cancel_are_messages(dhl: KarrioAdapter) -> None:
    with patch(HTTP, return_value=(FIXTURES / "tracking_not_found.xml").read_text()):
        result = dhl.track("9999999999")
    assert result.status is None
    assert result.events == ()
    assert [(m.code, m.message) for m in result.messages] == [
        ("103", "No Shipments Found for AWBNumber 9999999999")
    ]
    with patch(HTTP) as http:
        cancelled = dhl.cancel("5402198760")
    http.assert_not_called()
    assert not cancelled.cancelled
    assert cancelled.messages[0].code == "SHIPPING_SDK_NON_SUPPORTED_ERROR"


@pytest.mark.parametrize(
    ("status", "code", "reason", "ours"),
    [
        ("on_hold", None, None, "customs_hold"),
        ("in_transit", "CR", None, "customs_cleared"),
        ("delivery_delayed", None, "carrier_parcel_lost", "lost"),
        ("delivery_failed", None, None, "delivery_failed"),
        ("return_to_sender", None, None, "returned_to_sender"),
        ("something_new", None, None, "in_transit"),
    ],
)
def test_status_mapping(status: str, code: str | None, reason: str | None, ours: str) -> None:
    assert status_from(status, code=code, reason=reason) == ours


def test_the_karrio_adapter_needs_credentials(db_url: str) -> None:
    assert dhl_express_adapter(SimpleNamespace()) is None
    assert (
        dhl_express_adapter(
            SimpleNamespace(karrio_dhl_express_site_id="x", karrio_dhl_express_password=SecretStr(""))
        )
        is None
    )
    with unit_of_work() as s:
        seed_demo(s)
    with unit_of_work() as s:
        assert isinstance(
            adapter_for(s, carrier_code="dhl-express", settings=SimpleNamespace()), RateSheetAdapter
        )
        configured = SimpleNamespace(
            karrio_dhl_express_site_id="site", karrio_dhl_express_password=SecretStr("pw")
        )
        assert isinstance(adapter_for(s, carrier_code="dhl-express", settings=configured), KarrioAdapter)
        assert isinstance(adapter_for(s, carrier_code="yunexpress", settings=configured), RateSheetAdapter)

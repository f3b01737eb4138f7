"""The FedEx and Easyship connectors through karrio, tested as the DHL Express one is: golden carrier request
files, and the carriers' golden responses answered at the HTTP transport under karrio (no network)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from pydantic import SecretStr

from carriers.adapters import Address, RateRequest, configured, live_adapter
from carriers.adapters.karrio_adapter import KarrioAdapter, karrio_rate_request
from carriers.types import Parcel
from core.money import Money
from tests.carriers.transport import URLOPEN, carrier_http

FIXTURES = Path(__file__).parent / "fixtures"
FEDEX_TOKEN = {"/oauth/token": "fedex/token_response.json"}
SHENZHEN = Address(
    "CN", "518000", "Shenzhen", street="1 Keji Road", name="Tradelane Shenzhen", phone="+8675500000000"
)
SINGAPORE = Address(
    "SG", "068914", "Singapore", street="1 Raffles Place", name="Tradelane Singapore", phone="+6560000000"
)
JAKARTA = Address("ID", "10110", "Jakarta", street="Jl. Sudirman 1", name="Siti Rahayu", phone="+62215550000")
PARCEL = Parcel(1500, (Decimal(30), Decimal(20), Decimal(10)))
ON = date(2026, 11, 20)
SETTINGS = SimpleNamespace(
    karrio_fedex_api_key=SecretStr("key"),
    karrio_fedex_secret_key=SecretStr("secret"),
    karrio_fedex_account_number="740561073",
    karrio_fedex_track_api_key=SecretStr("track-key"),
    karrio_fedex_track_secret_key=SecretStr("track-secret"),
    karrio_easyship_access_token=SecretStr("token"),
)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


@pytest.fixture
def fedex() -> KarrioAdapter:
    adapter = live_adapter("karrio_fedex", SETTINGS, carrier_code="fedex")
    assert adapter is not None
    return adapter


@pytest.fixture
def easyship() -> KarrioAdapter:
    adapter = live_adapter("karrio_easyship", SETTINGS, carrier_code="easyship")
    assert adapter is not None
    return adapter


def test_connectors_need_their_credentials() -> None:
    assert configured("karrio_fedex", SETTINGS)
    assert configured("karrio_easyship", SETTINGS)
    assert not configured("rate_sheet", SETTINGS)
    assert not configured("karrio_dhl_express", SETTINGS)
    missing = SimpleNamespace(karrio_fedex_api_key=SecretStr("key"), karrio_fedex_secret_key=SecretStr("s"))
    assert not configured("karrio_fedex", missing)  # no account number
    assert live_adapter("karrio_fedex", missing, carrier_code="fedex") is None
    assert live_adapter("karrio_easyship", SimpleNamespace(), carrier_code="easyship") is None
    empty = SimpleNamespace(karrio_easyship_access_token=SecretStr(""))
    assert not configured("karrio_easyship", empty)


# --- FedEx ------------------------------------------------------------------------------------------


def test_fedex_rate_request_matches_the_golden_file(fedex: KarrioAdapter) -> None:
    request = fedex.gateway.mapper.create_rate_request(
        karrio_rate_request(
            RateRequest(SHENZHEN, JAKARTA, PARCEL, on=ON, declared_value=Money.of("45.00", "USD")),
            fedex.services,
        )
    )
    assert request.serialize() == json.loads(fixture("fedex/rate_request.json"))


def test_fedex_rate_response_maps_to_carrier_rates(fedex: KarrioAdapter) -> None:
    request = RateRequest(SHENZHEN, JAKARTA, PARCEL, on=ON, declared_value=Money.of("45.00", "USD"))
    with carrier_http({**FEDEX_TOKEN, "/rate/v1/rates/quotes": "fedex/rate_response.json"}) as http:
        result = fedex.rate(request)
    (asked,) = http.asked("/rate/v1/rates/quotes")
    assert asked.get_method() == "POST"
    assert asked.get_header("Authorization") == "Bearer eyJhbGciOiJSUzI1NiJ9.fixture"
    assert json.loads(asked.data or b"") == json.loads(fixture("fedex/rate_request.json"))  # as sent
    assert result.messages == ()
    priority, economy = result.rates
    assert (priority.service_code, priority.carrier_service) == (
        "fedex-international-priority",
        "fedex_international_priority",
    )
    assert priority.price == Money.of("62.85", "USD")  # the preferred-currency rate, not the list rate
    assert priority.base == Money.of("48.85", "USD")
    assert priority.surcharges == (
        ("Discounts", Money.of("0.00", "USD")),
        ("Fuel Surcharge", Money.of("14.00", "USD")),
    )
    assert priority.transit_days == 2  # Friday 20 November to Tuesday 24 November, business days
    assert (economy.service_code, str(economy.price), economy.transit_days) == (
        "fedex-international-economy",
        "45.13 USD",
        5,
    )


def test_fedex_errors_come_back_as_messages(fedex: KarrioAdapter) -> None:
    with carrier_http({**FEDEX_TOKEN, "/rate/v1/rates/quotes": "fedex/rate_error.json"}):
        result = fedex.rate(RateRequest(SHENZHEN, JAKARTA, PARCEL, on=ON))
    assert result.rates == ()
    assert [(m.carrier, m.code, m.message) for m in result.messages] == [
        ("fedex", "RATE.LOCATION.NOSERVICE", "FedEx does not serve the destination postal code.")
    ]


def test_fedex_tracking_maps_to_normalized_events(fedex: KarrioAdapter) -> None:
    with carrier_http({**FEDEX_TOKEN, "/track/v1/trackingnumbers": "fedex/tracking_response.json"}) as http:
        result = fedex.track("794612345678")
    (asked,) = http.asked("/track/v1/trackingnumbers")
    assert json.loads(asked.data or b"")["trackingInfo"][0]["trackingNumberInfo"] == {
        "trackingNumber": "794612345678"
    }
    assert result.status == "delivered"
    assert [(e.code, e.status) for e in result.events] == [  # oldest first, whatever order FedEx lists
        ("PU", "picked_up"),
        ("DP", "in_transit"),
        ("CD", "customs_hold"),
        ("OD", "out_for_delivery"),
        ("DL", "delivered"),
    ]
    # karrio hands over FedEx's local time (16:30 in Shenzhen) without its offset: read as UTC
    assert result.events[0].occurred_at == datetime(2026, 11, 21, 16, 30, tzinfo=UTC)
    assert result.events[-1].location == "JAKARTA, ID"


# --- Easyship ---------------------------------------------------------------------------------------


def test_easyship_rate_request_matches_the_golden_file(easyship: KarrioAdapter) -> None:
    request = easyship.gateway.mapper.create_rate_request(
        karrio_rate_request(
            RateRequest(SINGAPORE, JAKARTA, PARCEL, on=ON, declared_value=Money.of("45.00", "USD")),
            easyship.services,
        )
    )
    assert request.serialize() == json.loads(fixture("easyship/rate_request.json"))


def test_easyship_rate_response_maps_to_carrier_rates(easyship: KarrioAdapter) -> None:
    with carrier_http({"/2023-01/rates": "easyship/rate_response.json"}) as http:
        result = easyship.rate(RateRequest(SINGAPORE, JAKARTA, PARCEL, on=ON))
    (asked,) = http.asked("/2023-01/rates")
    assert asked.get_header("Authorization") == "Bearer token"
    assert result.messages == ()
    epack, priority = result.rates
    assert (epack.service_code, epack.carrier_service) == (
        "easyship-singpost-epack",
        "easyship_singpost_e_pack",
    )
    assert epack.price == Money.of("11.25", "USD")
    assert epack.surcharges == (
        ("Shipment Charge", Money.of("9.90", "USD")),
        ("Remote Area Surcharge", Money.of("1.35", "USD")),
    )
    assert epack.transit_days == 9  # the carrier's latest day
    assert (priority.service_code, str(priority.price), priority.transit_days) == (
        "easyship-fedex-international-priority",
        "39.87 USD",
        3,
    )


def test_easyship_errors_come_back_as_messages(easyship: KarrioAdapter) -> None:
    with carrier_http({"/2023-01/rates": "easyship/rate_error.json"}):
        result = easyship.rate(RateRequest(SINGAPORE, JAKARTA, PARCEL, on=ON))
    assert result.rates == ()
    assert [(m.carrier, m.code, m.message) for m in result.messages] == [
        ("easyship", "invalid_content", "The destination postal code is not valid for the country.")
    ]


def test_easyship_tracks_by_its_shipment_id(easyship: KarrioAdapter) -> None:
    with carrier_http({"/2023-01/shipments/ESSG10006002": "easyship/tracking_response.json"}) as http:
        result = easyship.track("RB123456789SG", carrier_reference="ESSG10006002")
    assert [r.get_method() for r in http.asked("/2023-01/shipments/ESSG10006002")] == ["GET"]
    assert result.status == "out_for_delivery"
    assert [(e.status, e.occurred_at) for e in result.events] == [
        ("out_for_delivery", datetime(2026, 11, 24, 9, 30, tzinfo=UTC))
    ]
    with patch(URLOPEN) as http:  # without the booking's reference Easyship cannot find it: nothing is asked
        unknown = easyship.track("RB123456789SG")
    http.assert_not_called()
    assert unknown.status is None

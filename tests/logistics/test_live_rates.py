"""Quotes priced live through karrio for carriers with credentials (DHL Express on the demo network), with the
carrier's golden response answered at karrio's HTTP transport: the live price replaces the sheet's, and a
carrier that is slow, unreachable or not configured leaves the sheet's price (`source: sheet`)."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from typing import Any
from unittest.mock import patch

import pytest
from fastapi.testclient import TestClient

from carriers import live
from carriers import network as carrier_network
from core.config import get_settings
from core.db import unit_of_work
from core.demo import seed_merchants
from core.money import Money
from logistics.quotes import at_locked_rate, forget_answers
from tests.carriers.transport import URLOPEN, carrier_http
from tests.conftest import Keys
from tests.logistics.test_quotes_api import cart, quote

DHL = {"/XMLShippingServlet": "dhl_express/rate_response.xml"}
BODY = cart(("TEE-BASIC-M", 2), objective="fastest")


@pytest.fixture
def demo_network(db_url: str) -> None:
    from carriers.demo import seed_demo as carriers_demo
    from compliance.defaults import load_defaults
    from logistics.demo import seed_demo as logistics_demo
    from payments.demo import seed_demo as fx_demo

    with unit_of_work() as s:
        seed_merchants(s)
        for seed in (load_defaults, fx_demo, carriers_demo, logistics_demo):
            seed(s)


@pytest.fixture
def dhl_credentials(demo_network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_KARRIO_DHL_EXPRESS_SITE_ID", "site_id")
    monkeypatch.setenv("APP_KARRIO_DHL_EXPRESS_PASSWORD", "password")
    monkeypatch.setenv("APP_KARRIO_DHL_EXPRESS_ACCOUNT_NUMBER", "123456789")
    get_settings.cache_clear()
    carrier_network.invalidate()
    forget_answers()


def dhl_shipments(q: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for o in q["options"] for s in o["shipments"] if s["carrier"] == "dhl-express"]


def locked(q: dict[str, Any], currency: str) -> Decimal:
    return next(Decimal(f["rate"]) for f in q["fx"] if f["pair"] == f"{currency}/{q['currency']}")


def test_without_credentials_nothing_is_asked(client: TestClient, keys: Keys, demo_network: None) -> None:
    with patch(URLOPEN) as http:
        q = quote(client, keys, BODY)
    http.assert_not_called()
    assert not carrier_network.current().live
    assert dhl_shipments(q)
    assert {o["source"] for o in q["options"]} == {"sheet"}
    assert {s["source"] for o in q["options"] for s in o["shipments"]} == {"sheet"}


def test_a_configured_carrier_is_priced_live(client: TestClient, keys: Keys, dhl_credentials: None) -> None:
    assert carrier_network.current().live == {"dhl-express": "karrio_dhl_express"}
    with carrier_http(DHL) as http:
        q = quote(client, keys, BODY)
    (asked,) = http.asked("/XMLShippingServlet")  # one parcel from one origin: one question
    assert b"<CountryCode>CN</CountryCode>" in (asked.data or b"")
    assert b"<CountryCode>ID</CountryCode>" in (asked.data or b"")
    live = dhl_shipments(q)
    assert live
    assert {s["source"] for s in live} == {"live"}
    by_service = {s["service"]: s for s in live}
    # the carrier's CNY price (golden response), converted at the quote's locked rate
    worldwide = by_service["dhl-express-worldwide"]
    expected = at_locked_rate(Money.of("548.13", "CNY"), "IDR", locked(q, "CNY"))
    assert Money.of(worldwide["shipping"]["amount"], "IDR") == expected
    options = [o for o in q["options"] if any(s["carrier"] == "dhl-express" for s in o["shipments"])]
    assert {o["source"] for o in options} == {"live"}
    others = [s for o in q["options"] for s in o["shipments"] if s["carrier"] != "dhl-express"]
    assert others
    assert {s["source"] for s in others} == {"sheet"}

    with patch(URLOPEN) as http:  # the sheet's price, when nobody answers
        http.side_effect = OSError("network unreachable")
        forget_answers()
        fallback = quote(client, keys, BODY)
    sheet = {s["service"]: s for s in dhl_shipments(fallback)}
    assert {s["source"] for s in sheet.values()} == {"sheet"}
    assert sheet["dhl-express-worldwide"]["shipping"] != worldwide["shipping"]


def test_a_carrier_late_for_the_deadline_leaves_the_sheets_price(
    client: TestClient, keys: Keys, dhl_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with patch(URLOPEN, side_effect=OSError("unreachable")):
        sheet = quote(client, keys, BODY)
    monkeypatch.setenv("APP_LIVE_RATE_DEADLINE_SECONDS", "0.2")
    get_settings.cache_clear()
    forget_answers()
    with carrier_http(DHL, delay=3.0) as http:
        started = time.monotonic()
        late = quote(client, keys, BODY)
        took = time.monotonic() - started
        assert http.answered.wait(10)  # the carrier's late answer, ignored
    assert http.asked("/XMLShippingServlet")  # asked, and not waited for
    assert took < 2.5
    assert {s["source"] for s in dhl_shipments(late)} == {"sheet"}
    assert [s["shipping"] for s in dhl_shipments(late)] == [s["shipping"] for s in dhl_shipments(sheet)]


def test_too_many_questions_out_leaves_the_sheets_price(
    client: TestClient, keys: Keys, dhl_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "_in_flight", threading.BoundedSemaphore(1))
    live._in_flight.acquire()  # the one slot taken by a carrier that has not answered
    with carrier_http(DHL) as http:
        q = quote(client, keys, BODY)
    assert http.requests == []  # not asked at all
    assert {s["source"] for s in dhl_shipments(q)} == {"sheet"}

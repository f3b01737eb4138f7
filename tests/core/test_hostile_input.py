"""Hostile input is a 4xx problem naming the field, never a 5xx, and changes nothing.

Amounts beyond 18 digits, zero and negative prices, JSON nested thousands deep, dates outside 2000..2100 and
events from the future, NUL characters in paths, queries and bodies, integers beyond 64 bits, and a secret
that must not rest in the idempotency records. The same cases run on PostgreSQL (`test_hostile_input_pg`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import inspect, text
from sqlmodel import func, select

from core.auth import create_api_key
from core.clock import utc_now
from core.db import get_engine, unit_of_work
from core.demo import seed_merchants
from core.errors import PROBLEM_JSON
from core.limits import MAX_JSON_DEPTH, too_deep
from core.models import Merchant, Role
from core.money import MoneyIn, MoneyModel

LUMEN = "mer_demo_lumen"
HUGE = "9" * 30 + ".00"


class Demo:
    """The demo data (network, rules, FX, merchants) and a key per role."""

    def __init__(self) -> None:
        from main import demo_seeders

        with unit_of_work() as s:
            seed_merchants(s)
            for seed in demo_seeders():
                if seed.__module__ != "logistics.orders.demo":
                    seed(s)
            self.admin = create_api_key(s, role=Role.admin).secret
            self.shop = create_api_key(s, role=Role.shop).secret
            self.officer = create_api_key(s, role=Role.compliance_officer).secret
            self.merchant = create_api_key(s, role=Role.merchant, merchant_id=LUMEN).secret

    @staticmethod
    def h(key: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}", **extra}


@pytest.fixture
def demo(db_url: str) -> Demo:
    return Demo()


def problem(r: Any, status: int, field: str) -> dict[str, Any]:
    """`r` is a problem of `status` whose errors name `field`."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = r.json()
    assert field in [e["field"] for e in body["errors"]], body
    return body


def quote_body(price: str = "20.00", quantity: int = 1) -> dict[str, Any]:
    return {
        "merchant_id": LUMEN,
        "destination": {"country": "ID"},
        "items": [
            {"sku": "TEE-BASIC-M", "quantity": quantity, "unit_price": {"amount": price, "currency": "USD"}}
        ],
        "currency": "USD",
        "incoterm": "DDP",
    }


def sale_body(**over: Any) -> dict[str, Any]:
    return {
        "order_id": "ord_hostile_1",
        "merchant_id": LUMEN,
        "amount": {"amount": "50.00", "currency": "USD"},
        "category": "apparel",
        **over,
    }


def nested(depth: int) -> bytes:
    return ('{"a":' * depth + "{}" + "}" * depth).encode()


def merchant_count() -> int:
    with unit_of_work(write=False) as s:
        return int(s.exec(select(func.count()).select_from(Merchant)).one())


# --- amounts -----------------------------------------------------------------------------------------


def amount_cases(demo: Demo) -> list[tuple[str, str, str, dict[str, Any], str]]:
    money = {"amount": HUGE, "currency": "USD"}
    landed = {
        "destination": {"country": "DE"},
        "origin_country": "CN",
        "incoterm": "DDP",
        "currency": "USD",
        "items": [{"hs_code": "610910", "quantity": 1, "unit_price": money}],
        "shipping": {"amount": "0.00", "currency": "USD"},
    }
    settings = {"minimum": money, "account_holder": "Lumen", "account_number": "12345678", "currency": "USD"}
    return [
        ("POST", "/v1/fx/convert", demo.admin, {"amount": money, "to": "EUR"}, "amount.amount"),
        ("POST", "/v1/landed-cost", demo.shop, landed, "items.0.unit_price.amount"),
        ("POST", "/v1/quotes", demo.shop, quote_body(HUGE), "items.0.unit_price.amount"),
        ("PUT", f"/v1/payout-settings?merchant_id={LUMEN}", demo.admin, settings, "minimum.amount"),
        ("POST", "/v1/settlement/sales", demo.admin, sale_body(amount=money), "amount.amount"),
    ]


def test_amounts_beyond_18_digits_are_422_naming_the_field(client: TestClient, demo: Demo) -> None:
    for method, path, key, body, field in amount_cases(demo):
        r = client.request(method, path, json=body, headers=demo.h(key, **{"Idempotency-Key": path}))
        assert "18 digits" in problem(r, 422, field)["detail"], path


@pytest.mark.parametrize(
    ("currency", "taken", "refused"),
    [
        ("USD", "9999999999999999.99", "10000000000000000.00"),
        ("JPY", "999999999999999999", "1000000000000000000"),
        ("KWD", "-999999999999999.999", "-1000000000000000.000"),
    ],
)
def test_the_money_type_takes_18_digits_in_minor_units(currency: str, taken: str, refused: str) -> None:
    assert MoneyIn(amount=taken, currency=currency).to_money().to_minor() == int(taken.replace(".", ""))
    with pytest.raises(ValidationError, match="more than 18 digits"):
        MoneyIn(amount=refused, currency=currency)
    with pytest.raises(ValidationError, match="more than 18 digits"):
        MoneyIn(amount="1" + "0" * 40, currency=currency)
    # an amount computed from bounded ones may be longer, up to what Decimal holds: never an exception
    assert MoneyModel(amount=refused, currency=currency).amount == refused
    with pytest.raises(ValidationError, match="more than 28 digits"):
        MoneyModel(amount="1" + "0" * 40, currency=currency)


@pytest.mark.parametrize("price", ["-500.00", "0.00", "0"])
def test_zero_and_negative_unit_prices_make_no_quote(client: TestClient, demo: Demo, price: str) -> None:
    r = client.post("/v1/quotes", json=quote_body(price), headers=demo.h(demo.shop))
    assert "more than zero" in problem(r, 422, "items.0.unit_price.amount")["detail"]
    assert client.post("/v1/quotes", json=quote_body("20.00"), headers=demo.h(demo.shop)).status_code == 201


def test_amounts_that_must_be_positive_are_422(client: TestClient, demo: Demo) -> None:
    minus = {"amount": "-1.00", "currency": "USD"}
    cases = [
        ("/v1/settlement/sales", sale_body(amount=minus), "amount.amount"),
        ("/v1/settlement/sales", sale_body(shipping_fee=minus), "shipping_fee.amount"),
        ("/v1/settlement/refunds", {"refund_id": "r1", "order_id": "o1", "amount": minus}, "amount.amount"),
        ("/v1/slot-fees", {"creator_id": "cre_x", "campaign": "c", "amount": minus}, "amount.amount"),
    ]
    for path, body, field in cases:
        problem(client.post(path, json=body, headers=demo.h(demo.admin)), 422, field)


@pytest.mark.parametrize("rate", ["9" * 39, "1e30", "1000000000", "1.0000000000000000001", "-1", "0"])
def test_rates_out_of_bounds_are_422(client: TestClient, demo: Demo, rate: str) -> None:
    sale = sale_body(amount={"amount": "50.00", "currency": "EUR"}, fx_rate=rate)
    problem(client.post("/v1/settlement/sales", json=sale, headers=demo.h(demo.admin)), 422, "fx_rate")
    r = client.put(
        "/v1/fx/supplementary-rates/ARS",
        json={"rate": rate, "as_of": "2026-01-01"},
        headers=demo.h(demo.admin),
    )
    problem(r, 422, "rate")


# --- JSON depth --------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 3000, 100_000])
def test_deep_json_is_400_before_anything_recurses(client: TestClient, demo: Demo, depth: int) -> None:
    before = merchant_count()
    for headers in ({"Idempotency-Key": f"deep-{depth}"}, {}):
        r = client.post(
            "/v1/merchants",
            content=nested(depth),
            headers=demo.h(demo.admin, **headers, **{"Content-Type": "application/json"}),
        )
        assert "nested deeper" in problem(r, 400, "body")["detail"]
    assert merchant_count() == before


def test_json_within_the_depth_reaches_validation(client: TestClient, demo: Demo) -> None:
    r = client.post(
        "/v1/merchants",
        content=nested(MAX_JSON_DEPTH - 1),
        headers=demo.h(demo.admin, **{"Idempotency-Key": "shallow", "Content-Type": "application/json"}),
    )
    assert r.status_code == 422  # the model's own answer: no name, country, currency
    assert {e["field"] for e in r.json()["errors"]} >= {"name", "country"}


def test_depth_ignores_brackets_inside_strings() -> None:
    assert not too_deep(b'{"a": "' + b"[{" * 100 + b'"}')
    assert not too_deep(b'{"a\\"[[[[": "\\\\"}' + b"[" * 0)
    assert too_deep(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))
    assert not too_deep(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    # many siblings are not depth
    assert not too_deep(b"[" + b"{}," * 5000 + b"{}]")


# --- dates -------------------------------------------------------------------------------------------


DATE_QUERIES = [
    ("/v1/payouts?created_from=0001-01-01", "admin", "created_from"),
    ("/v1/payouts?created_to=9999-12-31", "admin", "created_to"),
    ("/v1/audit?since=0001-01-01T00:00:00", "officer", "since"),
    ("/v1/audit?until=9999-12-31T23:59:59", "officer", "until"),
    ("/v1/audit?since=0001-01-01T00:00:00%2B05:00", "officer", "since"),
    ("/v1/analytics/returns?from=0001-01-01T00:00:00&to=9999-12-31T23:59:59", "admin", "from"),
    ("/v1/analytics/returns?to=9999-12-31T23:59:59", "admin", "to"),
    ("/v1/statements/9999-12", "admin", "month"),
    ("/v1/statements/0001-01", "admin", "month"),
    ("/v1/statements/1999-12", "admin", "month"),
    ("/v1/fx/rates?date=1999-12-31", "admin", "date"),
]


def test_dates_outside_2000_to_2100_are_422(client: TestClient, demo: Demo) -> None:
    for path, role, field in DATE_QUERIES:
        url = path if "statements" not in path else f"{path}?merchant_id={LUMEN}"
        r = client.get(url, headers=demo.h(getattr(demo, role)))
        assert "2000-01-01" in problem(r, 422, field)["detail"], path


def test_dates_inside_the_window_are_taken(client: TestClient, demo: Demo) -> None:
    for path in (
        "/v1/payouts?created_from=2000-01-01&created_to=2100-12-31",
        "/v1/analytics/returns?from=2000-01-01T00:00:00Z&to=2100-12-31T23:59:59Z",
    ):
        assert client.get(path, headers=demo.h(demo.admin)).status_code == 200, path
    assert client.get("/v1/audit?since=2000-01-01T00:00:00Z", headers=demo.h(demo.officer)).status_code == 200


def test_events_and_payments_from_the_future_are_422(client: TestClient, demo: Demo) -> None:
    ahead = (utc_now() + timedelta(hours=2)).isoformat()
    for when, message in (
        ("0001-01-01T00:00:00+00:00", "2000-01-01"),
        ("9999-12-31T23:59:59+00:00", "2000-01-01"),
        ("9999-12-31T23:59:59-05:00", "2000-01-01"),
        (ahead, "ahead of the clock"),
    ):
        r = client.post("/v1/settlement/sales", json=sale_body(paid_at=when), headers=demo.h(demo.admin))
        assert message in problem(r, 422, "paid_at")["detail"], when
        r = client.post(
            "/v1/settlement/deliveries",
            json={"order_id": "ord_x", "delivered_at": when},
            headers=demo.h(demo.admin),
        )
        problem(r, 422, "delivered_at")
        r = client.post(
            "/v1/shipments/shp_nothing/events",
            json={"event_id": "e1", "status": "in_transit", "occurred_at": when},
            headers=demo.h(demo.admin),
        )
        problem(r, 422, "occurred_at")
    # within the skew, a sale is taken
    soon = (utc_now() + timedelta(minutes=30)).isoformat()
    r = client.post("/v1/settlement/sales", json=sale_body(paid_at=soon), headers=demo.h(demo.admin))
    assert r.status_code == 201, r.text


# --- NUL characters ----------------------------------------------------------------------------------


def test_nul_in_query_path_and_body_is_422(client: TestClient, demo: Demo) -> None:
    before = merchant_count()
    admin = demo.h(demo.admin)
    problem(client.get("/v1/payouts?status=paid%00", headers=admin), 422, "status")
    problem(client.get("/v1/merchants/mer%00x", headers=admin), 422, "path")
    r = client.post(
        "/v1/merchants",
        json={"name": "Nul\u0000Imports", "country": "TH", "settlement_currency": "THB"},
        headers=demo.h(demo.admin, **{"Idempotency-Key": "nul"}),
    )
    problem(r, 422, "name")
    r = client.post("/v1/quotes", json=quote_body() | {"merchant_id": LUMEN + "\u0000"}, headers=admin)
    problem(r, 422, "merchant_id")
    r = client.post("/v1/quotes", json={**quote_body(), "items": [{"sku\u0000": 1}]}, headers=admin)
    problem(r, 422, "items.0.sku\x00")
    r = client.post("/v1/bank-statements", content=b"reference,amount\npo_\x00,1.00\n", headers=admin)
    problem(r, 422, "body")
    assert merchant_count() == before


def test_an_escaped_backslash_before_u0000_is_no_nul(client: TestClient, demo: Demo) -> None:
    r = client.post(
        "/v1/merchants",
        content=b'{"name": "Back\\\\u0000slash", "country": "TH", "settlement_currency": "THB"}',
        headers=demo.h(demo.admin, **{"Content-Type": "application/json"}),
    )
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "Back\\u0000slash"


# --- integers ----------------------------------------------------------------------------------------


def test_integers_beyond_their_columns_are_422(client: TestClient, demo: Demo) -> None:
    officer = demo.h(demo.officer)
    r = client.post("/v1/rules/vn-taxes/versions/85898384240968676147200/approve", json={}, headers=officer)
    problem(r, 422, "number")
    problem(client.get("/v1/rules/vn-taxes/versions/2147483648", headers=officer), 422, "number")
    r = client.post("/v1/quotes", json=quote_body(quantity=2**80), headers=demo.h(demo.shop))
    problem(r, 422, "items.0.quantity")
    r = client.post("/v1/rules/vn-taxes/rollback", json={"to_version": 2**40, "reason": "x"}, headers=officer)
    problem(r, 422, "to_version")


# --- the last resort ---------------------------------------------------------------------------------


@pytest.fixture
def failing_app(app: FastAPI) -> FastAPI:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("unexpected")

    return app


def test_an_unexpected_error_is_a_problem_that_closes_the_connection(failing_app: FastAPI) -> None:
    with TestClient(failing_app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.headers["content-type"] == PROBLEM_JSON
    assert r.headers["connection"] == "close"
    assert r.json()["type"] == "/problems/internal"
    assert "unexpected" not in r.text


# --- no secret at rest -------------------------------------------------------------------------------


def stored_text() -> Iterator[str]:
    """Every text and binary value in every table."""
    engine = get_engine()
    tables = inspect(engine).get_table_names()
    with engine.connect() as conn:
        for table in tables:
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, str):
                        yield value
                    elif isinstance(value, bytes | memoryview):
                        yield bytes(value).decode("utf-8", "ignore")


def test_a_new_keys_secret_is_not_kept_for_replays(client: TestClient, demo: Demo) -> None:
    headers = demo.h(demo.admin, **{"Idempotency-Key": "new-key"})
    first = client.post("/v1/api-keys", json={"role": "shop", "label": "one"}, headers=headers)
    assert first.status_code == 201, first.text
    secret = first.json()["key"]
    assert secret.startswith("tlk_")
    assert not [v for v in stored_text() if secret in v]
    replay = client.post("/v1/api-keys", json={"role": "shop", "label": "one"}, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    body = replay.json()
    assert body["id"] == first.json()["id"]
    assert body["key"] is None
    assert "shown once" in body["note"]
    # the key shown once works
    assert client.get("/v1/me", headers=demo.h(secret)).json()["key_id"] == body["id"]

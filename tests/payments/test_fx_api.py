"""The FX endpoints through the API: rates and conversion, FX quote locks (expiry, single use, markup),
supplementary rates, markups, who may call what, and bad input as 422 problems naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import func, select

from core.clock import frozen
from core.db import unit_of_work
from payments.demo import DEMO_MARKUPS, seed_demo
from payments.fx import RATE_CONTEXT, ecb_rates
from payments.fx_quotes import customer_rate
from payments.models import FxMarkup, SupplementaryRate
from tests.conftest import Keys

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PROBLEM = "application/problem+json"


@pytest.fixture
def at_now() -> Iterator[None]:
    with frozen(NOW):
        yield


def problem(r: Response, status: int, *fields: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert set(fields) <= {e["field"] for e in body["errors"]}, body
    return body


def m(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def quote_body(**over: Any) -> dict[str, Any]:
    return {
        "sell_currency": "USD",
        "buy_currency": "EUR",
        "sell_amount": m("1000.00", "USD"),
        "lock_seconds": 600,
        **over,
    }


# --- rates and conversion ---------------------------------------------------------------------------------


def test_convert_100_usd_to_eur_on_2024_01_02(client: TestClient, keys: Keys) -> None:
    body = {"amount": m("100.00", "USD"), "to": "EUR", "date": "2024-01-02"}
    r = client.post("/v1/fx/convert", json=body, headers=keys.h(keys.merchant))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "amount": m("100.00", "USD"),
        "result": m("91.27", "EUR"),
        "rate": "0.912741876597298",
        "rate_date": "2024-01-02",
        "source": "ecb",
        "age_days": 0,
    }


def test_convert_rounds_to_each_currency_minor_unit(client: TestClient, keys: Keys, at_now: None) -> None:
    with unit_of_work() as s:
        seed_demo(s)

    def convert(to: str, on: str | None = "2024-01-02") -> dict[str, Any]:
        body: dict[str, Any] = {"amount": m("100.00", "USD"), "to": to}
        if on:
            body["date"] = on
        r = client.post("/v1/fx/convert", json=body, headers=keys.h(keys.shop))
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    assert convert("JPY")["result"] == m("14210", "JPY")
    kwd = convert("KWD", None)
    assert kwd["result"] == m("30.710", "KWD")  # three decimals
    assert kwd["rate_date"] == "2026-10-30"
    assert kwd["age_days"] == 26  # today's answer comes from rates 26 days old: the bundle's last day
    aed = convert("AED")
    assert aed["result"] == m("367.25", "AED")
    assert aed["source"].startswith("ecb + supplementary: Central Bank of the UAE")
    assert convert("VND", None)["result"] == m("2625000", "VND")


def test_rates_from_a_base(client: TestClient, keys: Keys) -> None:
    r = client.get("/v1/fx/rates?base=USD&symbols=EUR,IDR&date=2024-01-06", headers=keys.h(keys.officer))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["base"], body["date"], set(body["rates"])) == ("USD", "2024-01-06", {"EUR", "IDR"})
    eur = body["rates"]["EUR"]
    assert eur == {"rate": eur["rate"], "rate_date": "2024-01-05", "source": "ecb", "age_days": 1}
    assert isinstance(eur["rate"], str)
    assert Decimal(eur["rate"]) == RATE_CONTEXT.divide(1, ecb_rates().eur_rates(date(2024, 1, 5))["USD"].rate)
    every = client.get("/v1/fx/rates?date=2024-01-02", headers=keys.h(keys.shop)).json()
    assert every["base"] == "EUR"
    assert every["rates"]["USD"]["rate"] == "1.0956"
    assert {"JPY", "IDR", "MYR", "PHP", "SGD", "THB"} <= set(every["rates"])
    assert all(isinstance(v["rate"], str) for v in every["rates"].values())


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("base=USX", "base"),
        ("base=usd", "base"),
        ("symbols=EUR,USX", "symbols"),
        ("symbols=EUR,,IDR", "symbols"),
        ("symbols=VND", "symbols"),  # no rate
        ("date=2024-13-01", "date"),
        ("date=yesterday", "date"),
        ("date=1999-01-03", "date"),
        ("date=2026-11-26", "date"),  # the future
    ],
)
def test_bad_rate_queries_are_422_naming_the_field(
    client: TestClient, keys: Keys, at_now: None, query: str, field: str
) -> None:
    problem(client.get(f"/v1/fx/rates?{query}", headers=keys.h(keys.shop)), 422, field)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": m("100.00", "USX"), "to": "EUR"}, "amount.currency"),
        ({"amount": m("100.00", "USD"), "to": "EURO"}, "to"),
        ({"amount": m("100.00", "USD"), "to": "VND"}, "to"),  # no rate: add a supplementary rate
        ({"amount": {"amount": 100, "currency": "USD"}, "to": "EUR"}, "amount.amount"),
        ({"amount": m("1.001", "USD"), "to": "EUR"}, "amount"),
        ({"amount": m("100000000000000.01", "USD"), "to": "EUR"}, "amount"),
        ({"amount": m("1.00", "USD"), "to": "EUR", "date": "1998-12-31"}, "date"),
        ({"amount": m("1.00", "USD"), "to": "EUR", "date": "2027-01-01"}, "date"),
        ({"amount": m("1.00", "USD"), "to": "EUR", "date": "02/01/2024"}, "date"),
        ({"amount": m("1.00", "USD")}, "to"),
        ({"amount": m("1.00", "USD"), "to": "EUR", "rate": "2"}, "rate"),
    ],
)
def test_bad_conversions_are_422_naming_the_field(
    client: TestClient, keys: Keys, at_now: None, body: dict[str, Any], field: str
) -> None:
    r = problem(client.post("/v1/fx/convert", json=body, headers=keys.h(keys.shop)), 422, field)
    if body.get("to") == "VND":
        assert "no rate for VND" in r["detail"]
        assert "add a supplementary rate" in r["detail"]


# --- FX quotes ----------------------------------------------------------------------------------------------


def test_a_quote_locks_a_marked_up_rate(client: TestClient, keys: Keys, at_now: None) -> None:
    r = client.post("/v1/fx/quotes", json=quote_body(), headers=keys.h(keys.shop))
    assert r.status_code == 201, r.text
    q = r.json()
    assert q["id"].startswith("fxq_")
    assert (q["status"], q["markup_bps"], q["fixed_side"], q["source"]) == ("open", 50, "sell", "ecb")
    assert isinstance(q["rate"], str)
    assert isinstance(q["reference_rate"], str)
    ref, rate = Decimal(q["reference_rate"]), Decimal(q["rate"])
    assert rate < ref
    assert rate == customer_rate(ref, 50)
    assert q["rate"] == format(rate.normalize(), "f")  # no trailing zeros
    assert q["sell_amount"] == m("1000.00", "USD")
    assert Decimal(q["buy_amount"]["amount"]) == (Decimal(1000) * rate).quantize(Decimal("0.01"))
    assert datetime.fromisoformat(q["expires_at"]) == NOW + timedelta(seconds=600)
    assert q["consumed_at"] is None
    assert client.get(f"/v1/fx/quotes/{q['id']}", headers=keys.h(keys.admin)).json() == q


def test_a_quote_with_an_idempotency_key_is_made_once(client: TestClient, keys: Keys, at_now: None) -> None:
    headers = keys.h(keys.shop, **{"Idempotency-Key": "checkout-7"})
    first = client.post("/v1/fx/quotes", json=quote_body(), headers=headers)
    again = client.post("/v1/fx/quotes", json=quote_body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    problem(client.post("/v1/fx/quotes", json=quote_body(lock_seconds=60), headers=headers), 409)


def test_a_quote_lock_expires(client: TestClient, keys: Keys) -> None:
    with frozen(NOW):
        q = client.post("/v1/fx/quotes", json=quote_body(lock_seconds=60), headers=keys.h(keys.shop)).json()
        other = client.post(
            "/v1/fx/quotes", json=quote_body(lock_seconds=60), headers=keys.h(keys.shop)
        ).json()
    with frozen(NOW + timedelta(seconds=59)):
        r = client.post(
            f"/v1/fx/quotes/{q['id']}/consume", json={"consumer": "ord_1"}, headers=keys.h(keys.shop)
        )
        assert (r.status_code, r.json()["status"]) == (200, "consumed")
    with frozen(NOW + timedelta(seconds=61)):
        assert (
            client.get(f"/v1/fx/quotes/{other['id']}", headers=keys.h(keys.shop)).json()["status"]
            == "expired"
        )
        late = client.post(
            f"/v1/fx/quotes/{other['id']}/consume", json={"consumer": "ord_2"}, headers=keys.h(keys.shop)
        )
        assert problem(late, 410)["type"] == "/problems/fx-quote-expired"
        # the used one stays used, not expired
        assert (
            client.get(f"/v1/fx/quotes/{q['id']}", headers=keys.h(keys.shop)).json()["status"] == "consumed"
        )


def test_a_quote_is_used_once(client: TestClient, keys: Keys, at_now: None) -> None:
    q = client.post("/v1/fx/quotes", json=quote_body(), headers=keys.h(keys.shop)).json()
    url = f"/v1/fx/quotes/{q['id']}/consume"
    used = client.post(url, json={"consumer": "ord_1"}, headers=keys.h(keys.shop))
    assert used.status_code == 200, used.text
    assert used.json()["consumed_by"] == "ord_1"
    assert datetime.fromisoformat(used.json()["consumed_at"]) == NOW
    again = client.post(url, json={"consumer": "ord_2"}, headers=keys.h(keys.admin))
    assert problem(again, 409)["type"] == "/problems/fx-quote-consumed"
    assert (
        client.post(url, json={"consumer": "ord_1"}, headers=keys.h(keys.shop)).status_code == 200
    )  # a retry
    problem(client.post(url, json={"consumer": ""}, headers=keys.h(keys.shop)), 422, "consumer")
    problem(
        client.post("/v1/fx/quotes/fxq_nope/consume", json={"consumer": "x"}, headers=keys.h(keys.shop)), 404
    )
    problem(client.get("/v1/fx/quotes/fxq_nope", headers=keys.h(keys.shop)), 404)


def test_the_markup_is_set_per_pair(client: TestClient, keys: Keys, at_now: None) -> None:
    r = client.put("/v1/fx/markups/USD/EUR", json={"markup_bps": 125}, headers=keys.h(keys.admin))
    assert r.status_code == 200, r.text
    assert r.json()["markup_bps"] == 125
    listed = client.get("/v1/fx/markups", headers=keys.h(keys.admin)).json()
    assert listed["default_markup_bps"] == 50
    assert [(x["base"], x["quote"], x["markup_bps"]) for x in listed["data"]] == [("USD", "EUR", 125)]
    q = client.post("/v1/fx/quotes", json=quote_body(), headers=keys.h(keys.shop)).json()
    assert q["markup_bps"] == 125
    assert Decimal(q["rate"]) == customer_rate(Decimal(q["reference_rate"]), 125)
    reverse = quote_body(sell_currency="EUR", buy_currency="USD", sell_amount=m("10.00", "EUR"))
    assert client.post("/v1/fx/quotes", json=reverse, headers=keys.h(keys.shop)).json()["markup_bps"] == 50
    client.put("/v1/fx/markups/USD/EUR", json={"markup_bps": 0}, headers=keys.h(keys.admin))
    flat = client.post("/v1/fx/quotes", json=quote_body(), headers=keys.h(keys.shop)).json()
    assert flat["rate"] == flat["reference_rate"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("USX/EUR", {"markup_bps": 10}, "base"),
        ("USD/eur", {"markup_bps": 10}, "quote"),
        ("USD/USD", {"markup_bps": 10}, "quote"),
        ("USD/EUR", {"markup_bps": -1}, "markup_bps"),
        ("USD/EUR", {"markup_bps": 2001}, "markup_bps"),
        ("USD/EUR", {}, "markup_bps"),
    ],
)
def test_bad_markups_are_422(
    client: TestClient, keys: Keys, path: str, body: dict[str, Any], field: str
) -> None:
    problem(client.put(f"/v1/fx/markups/{path}", json=body, headers=keys.h(keys.admin)), 422, field)


@pytest.mark.parametrize(
    ("over", "fields"),
    [
        ({"lock_seconds": 59}, {"lock_seconds"}),
        ({"lock_seconds": 86_401}, {"lock_seconds"}),
        ({"lock_seconds": "soon"}, {"lock_seconds"}),
        ({"buy_amount": m("5.00", "EUR")}, {"sell_amount", "buy_amount"}),
        ({"sell_amount": None}, {"sell_amount", "buy_amount"}),
        ({"sell_amount": m("10.00", "EUR")}, {"sell_amount.currency"}),
        ({"sell_amount": m("-10.00", "USD")}, {"sell_amount.amount"}),
        ({"sell_amount": m("10.005", "USD")}, {"sell_amount"}),
        ({"sell_currency": "USX"}, {"sell_currency"}),
        ({"buy_currency": "USD"}, {"buy_currency"}),
        ({"buy_currency": "VND"}, {"buy_currency"}),
        ({"extra": 1}, {"extra"}),
    ],
)
def test_bad_quotes_are_422_naming_the_field(
    client: TestClient, keys: Keys, at_now: None, over: dict[str, Any], fields: set[str]
) -> None:
    body = problem(client.post("/v1/fx/quotes", json=quote_body(**over), headers=keys.h(keys.shop)), 422)
    assert fields <= {e["field"] for e in body["errors"]}, body


# --- supplementary rates ----------------------------------------------------------------------------------


def test_a_supplementary_rate_makes_a_currency_convertible(
    client: TestClient, keys: Keys, at_now: None
) -> None:
    convert = {"amount": m("10.00", "USD"), "to": "VND"}
    problem(client.post("/v1/fx/convert", json=convert, headers=keys.h(keys.shop)), 422, "to")
    put = {"rate": "26250", "base": "USD", "as_of": "2026-11-20", "source": "SBV central rate"}
    r = client.put("/v1/fx/supplementary-rates/VND", json=put, headers=keys.h(keys.admin))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "currency": "VND",
        "base": "USD",
        "rate": "26250",
        "as_of": "2026-11-20",
        "source": "SBV central rate",
        "created_at": r.json()["created_at"],
    }
    assert datetime.fromisoformat(r.json()["created_at"]) == NOW
    done = client.post("/v1/fx/convert", json=convert, headers=keys.h(keys.shop)).json()
    assert done["result"] == m("262500", "VND")
    assert done["source"] == "ecb + supplementary: SBV central rate (per USD)"
    assert (done["rate_date"], done["age_days"]) == ("2026-10-30", 26)  # the older leg: the ECB's last day
    listed = client.get("/v1/fx/supplementary-rates", headers=keys.h(keys.merchant)).json()
    assert [(x["currency"], x["rate"]) for x in listed["data"]] == [("VND", "26250")]
    assert listed["has_more"] is False
    quote = quote_body(buy_currency="VND", sell_amount=m("10.00", "USD"))
    assert client.post("/v1/fx/quotes", json=quote, headers=keys.h(keys.shop)).json()["buy_amount"] == m(
        "261188", "VND"
    )


@pytest.mark.parametrize(
    ("currency", "over", "field"),
    [
        ("USD", {"base": "EUR"}, "currency"),  # the ECB publishes it
        ("USX", {}, "currency"),
        ("VND", {"rate": 26250}, "rate"),  # a JSON number
        ("VND", {"rate": "-1"}, "rate"),
        ("VND", {"rate": "NaN"}, "rate"),
        ("VND", {"rate": "abc"}, "rate"),
        ("VND", {"base": "AED"}, "base"),
        ("VND", {"as_of": "2026-12-01"}, "as_of"),
        ("VND", {"source": ""}, "source"),
        ("VND", {"source": "   "}, "source"),
    ],
)
def test_bad_supplementary_rates_are_422(
    client: TestClient, keys: Keys, at_now: None, currency: str, over: dict[str, Any], field: str
) -> None:
    put = {"rate": "26250", "base": "USD", "as_of": "2026-11-20", "source": "SBV", **over}
    r = client.put(f"/v1/fx/supplementary-rates/{currency}", json=put, headers=keys.h(keys.admin))
    problem(r, 422, field)


def test_demo_seed_is_idempotent(db_url: str, at_now: None) -> None:
    for _ in range(2):
        with unit_of_work() as s:
            seed_demo(s)
    with unit_of_work(write=False) as s:
        rows = s.exec(select(SupplementaryRate)).all()
        currencies = {r.currency for r in rows}
        assert {
            "VND",
            "AED",
            "SAR",
            "KWD",
            "TWD",
            "QAR",
            "BHD",
            "OMR",
            "BND",
            "KHR",
            "LAK",
            "MMK",
        } == currencies
        assert not currencies & {"IDR", "MYR", "PHP", "SGD", "THB"}  # the ECB has those
        assert all(r.source and r.as_of <= NOW.date() for r in rows)
        assert s.exec(select(func.count()).select_from(FxMarkup)).one() == len(DEMO_MARKUPS)
        count = len(rows)
    with unit_of_work() as s:
        seed_demo(s)
    with unit_of_work(write=False) as s:
        assert len(s.exec(select(SupplementaryRate)).all()) == count


# --- who may call what -------------------------------------------------------------------------------------

ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/v1/fx/rates?base=USD", None),
    ("POST", "/v1/fx/convert", {"amount": m("1.00", "USD"), "to": "EUR"}),
    ("GET", "/v1/fx/supplementary-rates", None),
    ("POST", "/v1/fx/quotes", quote_body()),
    ("GET", "/v1/fx/quotes/{quote}", None),
    ("POST", "/v1/fx/quotes/{quote}/consume", {"consumer": "ord_9"}),
    (
        "PUT",
        "/v1/fx/supplementary-rates/VND",
        {"rate": "26250", "base": "USD", "as_of": "2026-11-20", "source": "x"},
    ),
    ("GET", "/v1/fx/markups", None),
    ("PUT", "/v1/fx/markups/USD/IDR", {"markup_bps": 70}),
]
ALLOWED = {
    "GET /v1/fx/rates?base=USD": {"admin", "shop", "merchant", "officer"},
    "POST /v1/fx/convert": {"admin", "shop", "merchant", "officer"},
    "GET /v1/fx/supplementary-rates": {"admin", "shop", "merchant", "officer"},
    "POST /v1/fx/quotes": {"admin", "shop"},
    "GET /v1/fx/quotes/{quote}": {"admin", "shop"},
    "POST /v1/fx/quotes/{quote}/consume": {"admin", "shop"},
    "PUT /v1/fx/supplementary-rates/VND": {"admin"},
    "GET /v1/fx/markups": {"admin"},
    "PUT /v1/fx/markups/USD/IDR": {"admin"},
}


def test_every_route_checks_the_role(client: TestClient, keys: Keys, at_now: None) -> None:
    assert set(ALLOWED) == {f"{method} {path}" for method, path, _ in ROUTES}
    roles = {"admin": keys.admin, "shop": keys.shop, "merchant": keys.merchant, "officer": keys.officer}
    for method, path, body in ROUTES:
        for role, key in [*roles.items(), ("nobody", None)]:
            quote = client.post("/v1/fx/quotes", json=quote_body(), headers=keys.h(keys.shop)).json()["id"]
            headers = keys.h(key) if key else {}
            r = client.request(method, path.format(quote=quote), json=body, headers=headers)
            expected = {200, 201} if role in ALLOWED[f"{method} {path}"] else {401 if key is None else 403}
            assert r.status_code in expected, (method, path, role, r.text)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b"null",
        b'{"amount": "100", "to": "EUR"}',
        b'{"amount": {"amount": "1e5", "currency": "USD"}, "to": "EUR"}',
        b'{"amount": {"amount": "Infinity", "currency": "USD"}, "to": "EUR"}',
        b'{"amount": {"amount": "1.00", "currency": "USD"}, "to": 7}',
        b'{"amount": {"amount": "1.00", "currency": "USD"}, "to": "EUR", "date": 20240102}',
    ],
)
def test_garbage_never_makes_a_500(client: TestClient, keys: Keys, body: bytes) -> None:
    for path in ("/v1/fx/convert", "/v1/fx/quotes"):
        r = client.post(path, content=body, headers=keys.h(keys.shop, **{"Content-Type": "application/json"}))
        assert 400 <= r.status_code < 500, (path, body, r.text)
        assert r.headers["content-type"] == PROBLEM

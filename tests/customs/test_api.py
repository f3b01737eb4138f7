"""The customs API through the app, with the default rule data loaded and the bundled ECB rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from compliance.models import RuleDecision, RuleSet
from core.clock import utc_now
from core.db import unit_of_work
from payments.fx import set_supplementary_rate
from tests.conftest import Keys

pytestmark = pytest.mark.usefixtures("defaults")


def body(
    country: str = "DE",
    amount: str = "100.00",
    currency: str = "EUR",
    on: str | None = "2026-07-01",
    hs_code: str = "610910",
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "destination": {"country": country},
        "origin_country": "CN",
        "items": [
            {"hs_code": hs_code, "quantity": 1, "unit_price": {"amount": amount, "currency": currency}}
        ],
        "shipping": {"amount": "0.00", "currency": currency},
        "incoterm": "DDP",
        "currency": currency,
        **extra,
    }
    if on is not None:
        data["date"] = on
    return data


def post(client: TestClient, keys: Keys, data: dict[str, Any]) -> Any:
    return client.post("/v1/landed-cost", json=data, headers=keys.h(keys.shop))


def m(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


# --- the reference's examples ----------------------------------------------------------------------------


def test_eu_flat_duty_starts_on_2026_07_01(client: TestClient, keys: Keys) -> None:
    before = post(client, keys, body(on="2026-06-30"))
    after = post(client, keys, body(on="2026-07-01"))
    assert before.status_code == after.status_code == 200, after.text
    assert before.json()["duties"] == m("0.00", "EUR")
    assert before.json()["de_minimis"] == {
        "duty_threshold": m("150.00", "EUR"),
        "tax_threshold": None,
        "duty_applied": False,
        "tax_applied": True,
    }
    a = after.json()
    assert a["duties"] == m("3.00", "EUR")
    assert a["taxes"] == m("19.57", "EUR")
    assert a["total"] == m("122.57", "EUR")
    assert a["collection"] == "checkout"
    assert a["scheme"] == "IOSS"
    assert a["lines"][0]["duty"] == m("3.00", "EUR")
    assert {(r["key"], r["version"]) for r in a["rules_applied"]} >= {
        ("eu-duties", 2),
        ("eu-import-thresholds", 3),
    }


def test_uk_gbp_100_no_duty_vat_20_at_checkout(client: TestClient, keys: Keys) -> None:
    r = post(client, keys, body("GB", currency="GBP", on="2026-06-01")).json()
    assert (r["duties"], r["taxes"], r["collection"]) == (m("0.00", "GBP"), m("20.00", "GBP"), "checkout")


@pytest.mark.parametrize(("on", "duty"), [("2025-04-01", "0.00"), ("2026-11-01", "6.60")])
def test_us_usd_40_from_china(client: TestClient, keys: Keys, on: str, duty: str) -> None:
    r = post(client, keys, body("US", "40.00", "USD", on=on)).json()
    assert r["duties"] == m(duty, "USD")


def test_dap_shows_what_is_due_at_the_door(client: TestClient, keys: Keys) -> None:
    r = post(client, keys, body("US", "40.00", "USD", on="2026-11-01", incoterm="DAP")).json()
    assert r["incoterm"] == "DAP"
    assert r["due_at_checkout"] == m("40.00", "USD")
    assert r["due_on_delivery"] == m("6.60", "USD")


def test_shopper_currency_with_the_days_ecb_rate(client: TestClient, keys: Keys) -> None:
    r = post(
        client,
        keys,
        body("DE", "100.00", "EUR", on="2026-06-30") | {"currency": "USD"},
    )
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["total"]["currency"] == "USD"
    assert data["de_minimis"]["duty_threshold"] == m("150.00", "EUR")
    total = sum(Decimal(data[k]["amount"]) for k in ("goods", "shipping", "duties", "taxes", "fees"))
    assert Decimal(data["total"]["amount"]) == total
    pairs = {(fx["base"], fx["quote"]): fx["source"] for fx in data["fx"]}
    # EUR->USD prices the answer; USD->EUR places the parcel in the CN22/CN23 bands (USD 400)
    assert pairs == {("EUR", "USD"): "ecb", ("USD", "EUR"): "ecb"}
    assert [d["document"] for d in data["documents"]] == ["IOSS", "CN22"]


def test_brazil_region_and_thresholds_in_reais(client: TestClient, keys: Keys) -> None:
    data = body("BR", "40.00", "USD", on="2026-06-01")
    data["destination"]["region"] = "BR-MG"
    r = post(client, keys, data).json()
    assert r["destination_currency"] == "BRL"
    assert r["duties"]["amount"] == "8.00"
    assert r["taxes"]["amount"] == "12.00"
    assert any(rule["unconfirmed"] for rule in r["rules_applied"])


MARKETS = ["US", "DE", "PL", "GB", "AU", "CA", "ID", "MX", "BR", "JP", "SG", "TH", "PH", "MY", "VN"]


@pytest.mark.parametrize("country", MARKETS)
def test_every_market_answers(client: TestClient, keys: Keys, country: str) -> None:
    with unit_of_work() as s:
        set_supplementary_rate(
            s, currency="VND", rate=Decimal("27500"), as_of=date(2026, 1, 2), source="test"
        )
    r = post(client, keys, body(country, "60.00", "USD", on="2026-10-15"))
    assert r.status_code == 200, r.text
    data = r.json()
    total = sum(Decimal(data[k]["amount"]) for k in ("goods", "shipping", "duties", "taxes", "fees"))
    assert Decimal(data["total"]["amount"]) == total
    assert data["rules_applied"]


def test_a_decision_is_logged_per_calculation(client: TestClient, keys: Keys) -> None:
    post(client, keys, body())
    post(client, keys, body("GB", currency="GBP"))
    with unit_of_work(write=False) as s:
        decisions = [
            (d.topic, d.country, d.input["date"], d.rules)
            for d in s.exec(select(RuleDecision).where(RuleDecision.context == "landed_cost"))
        ]
    topics = ["import_thresholds", "duties", "taxes", "documents"]
    assert [(t, c) for t, c, _, _ in decisions] == [(t, "DE") for t in topics] + [(t, "GB") for t in topics]
    by_topic = {t: (on, rules) for t, c, on, rules in decisions if c == "DE"}
    assert by_topic["duties"] == ("2026-07-01", ["eu-duties@2"])
    assert by_topic["import_thresholds"][1] == ["eu-import-thresholds@3"]
    assert "upu-cn22-cn23@1" in by_topic["documents"][1]


def test_date_defaults_to_today(client: TestClient, keys: Keys) -> None:
    r = post(client, keys, body(on=None))
    assert r.status_code == 200, r.text
    assert r.json()["date"] == utc_now().date().isoformat()


# --- bad input: 422 naming the field, never a 500 --------------------------------------------------------


def field_of(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in response.json()["errors"]]


def test_invalid_hs_code(client: TestClient, keys: Keys) -> None:
    assert field_of(post(client, keys, body(hs_code="851712"))) == ["items.0.hs_code"]
    assert field_of(post(client, keys, body(hs_code="12"))) == ["items.0.hs_code"]


def test_unknown_country(client: TestClient, keys: Keys) -> None:
    assert field_of(post(client, keys, body("XX"))) == ["destination.country"]
    assert field_of(post(client, keys, body() | {"origin_country": "ZZ"})) == ["origin_country"]


def test_country_without_rules(client: TestClient, keys: Keys) -> None:
    r = post(client, keys, body("NZ"))
    assert field_of(r) == ["destination.country"]
    assert r.json()["type"] == "/problems/no-customs-rules"


def test_mixed_currencies_in_items(client: TestClient, keys: Keys) -> None:
    data = body()
    data["items"].append({"hs_code": "640411", "quantity": 1, "unit_price": m("10.00", "USD")})
    assert field_of(post(client, keys, data)) == ["items.1.unit_price.currency"]


def test_quantity_below_one(client: TestClient, keys: Keys) -> None:
    data = body()
    data["items"][0]["quantity"] = 0
    assert field_of(post(client, keys, data)) == ["items.0.quantity"]


@pytest.mark.parametrize("on", ["1998-12-31", "2999-01-01", "2026-02-30"])
def test_date_out_of_range(client: TestClient, keys: Keys, on: str) -> None:
    assert field_of(post(client, keys, body(on=on))) == ["date"]


def test_date_before_the_modelled_history(client: TestClient, keys: Keys) -> None:
    r = post(client, keys, body(on="2005-06-01"))
    assert r.json()["type"] == "/problems/no-customs-rules"


def test_currency_without_a_rate(client: TestClient, keys: Keys) -> None:
    r = post(client, keys, body("VN", "60.00", "USD", on="2026-06-01"))
    assert field_of(r) == ["destination.country"]
    assert "VND" in r.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"incoterm": "EXW"}, "incoterm"),
        ({"shipping": {"amount": 5, "currency": "EUR"}}, "shipping.amount"),
        ({"shipping": {"amount": "-1.00", "currency": "EUR"}}, "shipping"),
        ({"destination": {"country": "BR", "region": "Minas"}}, "destination.region"),
        ({"destination": {"country": "BR", "region": "CA-ON"}}, "destination.region"),
        ({"items": []}, "items"),
        ({"unexpected": 1}, "unexpected"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_fields(client: TestClient, keys: Keys, change: dict[str, Any], field: str) -> None:
    assert field in field_of(post(client, keys, body() | change))


@pytest.mark.parametrize(
    "price",
    [
        {"amount": "1e3", "currency": "EUR"},
        {"amount": "10.001", "currency": "EUR"},
        {"amount": "99999999999", "currency": "EUR"},
    ],
)
def test_bad_prices(client: TestClient, keys: Keys, price: dict[str, Any]) -> None:
    data = body()
    data["items"][0]["unit_price"] = price
    assert field_of(post(client, keys, data))[0].startswith("items.0.unit_price")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"[]",
        b"null",
        b'{"destination": "DE"}',
        b'{"destination": {"country": 1}, "items": [{}]}',
        b'{"items": [{"hs_code": null, "quantity": "a lot"}]}',
    ],
)
def test_garbage_never_500(client: TestClient, keys: Keys, raw: bytes) -> None:
    r = client.post(
        "/v1/landed-cost", content=raw, headers=keys.h(keys.shop, **{"Content-Type": "application/json"})
    )
    assert 400 <= r.status_code < 500


def test_largest_amounts_do_not_overflow(client: TestClient, keys: Keys) -> None:
    data = body("ID", "1000000000.00", "USD", on="2026-06-01")
    data["items"] = [data["items"][0] | {"quantity": 100_000}] * 100
    data["shipping"] = m("1000000000.00", "USD")
    r = post(client, keys, data)
    assert r.status_code == 200, r.text


# --- roles -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("shop", 200), ("admin", 200), ("merchant", 403), ("officer", 403), (None, 401)]
)
def test_roles(client: TestClient, keys: Keys, who: str | None, status: int) -> None:
    headers = keys.h(getattr(keys, who)) if who else {}
    assert client.post("/v1/landed-cost", json=body(), headers=headers).status_code == status
    assert client.get("/v1/hs-codes/610910", headers=headers).status_code == status


# --- HS codes ---------------------------------------------------------------------------------------


def test_hs_code_lookup(client: TestClient, keys: Keys) -> None:
    r = client.get("/v1/hs-codes/6109.10.00", headers=keys.h(keys.shop))
    assert r.status_code == 200
    assert r.json() | {"description": ""} == {
        "code": "61091000",
        "level": "national",
        "description": "",
        "edition": "HS 2022",
        "heading": "6109",
        "heading_description": "T-shirts, singlets and other vests; knitted or crocheted",
        "chapter": "61",
        "chapter_description": "Apparel and clothing accessories; knitted or crocheted",
        "section": "XI",
        "section_name": "Textiles and textile articles",
        "national_suffix": "00",
    }
    heading = client.get("/v1/hs-codes/9503", headers=keys.h(keys.shop)).json()
    assert (heading["level"], heading["chapter"]) == ("heading", "95")
    assert client.get("/v1/hs-codes/61", headers=keys.h(keys.shop)).json()["level"] == "chapter"


def test_hs_code_not_found_or_malformed(client: TestClient, keys: Keys) -> None:
    missing = client.get("/v1/hs-codes/851712", headers=keys.h(keys.shop))
    assert missing.status_code == 404
    assert missing.json()["type"] == "/problems/hs-code-not-found"
    assert field_of(client.get("/v1/hs-codes/abc", headers=keys.h(keys.shop))) == ["code"]


def test_simulations_replay_landed_cost_decisions(client: TestClient, keys: Keys) -> None:
    from compliance.evaluation import REPLAYERS, candidate_in_force
    from compliance.topics.customs.models import DutyRow

    post(client, keys, body())
    with unit_of_work(write=False) as s:
        logged = s.exec(select(RuleDecision).where(RuleDecision.context == "landed_cost")).all()
        s.expunge_all()
    by_topic = {d.topic: d for d in logged}
    assert sorted(by_topic) == ["documents", "duties", "import_thresholds", "taxes"]
    assert len(logged) == 4
    assert len({d.input_hash for d in logged}) == 1
    replay = REPLAYERS["landed_cost"]
    for topic, d in by_topic.items():
        assert replay(d.input, topic) == d.outcome
        with unit_of_work(write=False) as s:
            sets = s.exec(
                select(RuleSet.topic).where(col(RuleSet.key).in_([r.split("@")[0] for r in d.rules]))
            )
            assert d.rules
            assert set(sets.all()) == {topic}
    duties = by_topic["duties"]
    with candidate_in_force("eu-duties", 99, [DutyRow(rate=Decimal(50))]):
        changed = replay(duties.input, "duties")
    assert changed["duties"] == "50.00 EUR"
    assert replay({"not": "a request"}, "duties").keys() == {"error"}


def _simulate(client: TestClient, keys: Keys, key: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    r = client.post(
        f"/v1/rules/{key}/versions",
        json={"rows": rows, "effective_from": "2026-12-31T00:00:00Z", "reason": "what if"},
        headers=keys.h(keys.officer),
    )
    assert r.status_code == 201, r.text
    sim = client.post(
        f"/v1/rules/{key}/versions/{r.json()['number']}/simulate",
        json={"days": 7},
        headers=keys.h(keys.officer),
    )
    assert sim.status_code == 200, sim.text
    return dict(sim.json())


def test_simulations_count_threshold_and_tax_changes(client: TestClient, keys: Keys) -> None:
    """A landed cost logs a decision per topic it consulted, so a draft of thresholds, taxes or documents
    is replayed against what its own topic decided (they used to count 0 changed: only duties were logged)."""
    for data in (body("GB", "60.00", "GBP"), body("DE", "60.00", "EUR")):
        assert post(client, keys, data).status_code == 200
    no_relief = [{"currency": "GBP", "duty_threshold": "0", "note": "relief abolished"}]
    sim = _simulate(client, keys, "gb-import-thresholds", no_relief)
    assert (sim["replayed"], sim["changed"]) == (2, 1)
    assert sim["by_country"] == {"DE": {"replayed": 1, "changed": 0}, "GB": {"replayed": 1, "changed": 1}}
    (sample,) = sim["samples"]
    assert sample["before"]["duty_applied"] is False
    assert sample["after"]["duty_applied"] is True
    assert sample["before"]["collection"] == "checkout"
    assert sample["after"]["collection"] == "border"

    vat_25 = [{"kind": "vat", "label": "VAT", "rate": "25"}]
    sim = _simulate(client, keys, "gb-taxes", vat_25)
    assert (sim["replayed"], sim["changed"]) == (2, 1)
    (sample,) = sim["samples"]
    assert (sample["before"]["taxes"], sample["after"]["taxes"]) == ("12.00 GBP", "15.00 GBP")

    sim = _simulate(client, keys, "gb-documents", [{"document": "EORI", "kind": "identifier"}])
    assert sim["changed"] == 1
    assert [d["document"] for d in sim["samples"][0]["after"]["documents"]] == ["EORI", "CN22"]

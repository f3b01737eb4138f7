"""One payment, one order: a (provider, payment reference) pair backs one order, under concurrency too, and
the databases that already hold duplicates keep them readable; unit prices of zero or less and implausible
`paid_at` dates are 422 problems naming the field, and nothing is written."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import col, func, select

from core.clock import utc_now
from core.db import engine_for, unit_of_work
from core.money import currency_exponent
from logistics.models import Quote
from logistics.orders.models import Order, OrderPayment
from main import ROOT, run_migrations
from settlement.models import LedgerTransaction
from tests.conftest import Keys
from tests.logistics.test_orders_api import LUMEN, DemoKeys, demo, quote, stock_of  # noqa: F401

PROBLEM = "application/problem+json"
USD_12_50 = {"amount": "12.50", "currency": "USD"}


def place(
    client: TestClient, dk: DemoKeys, q: dict[str, Any], *, provider: str = "stripe", reference: str
) -> Any:
    option = q["options"][0]
    return client.post(
        "/v1/orders",
        headers=dk.h(dk.shop, **{"Idempotency-Key": f"order-{q['id']}"}),
        json={
            "quote_id": q["id"],
            "option_id": option["id"],
            "payment": {"amount": option["total"], "provider": provider, "reference": reference},
        },
    )


def problem(r: Any, status: int, slug: str, field: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    assert body["type"] == f"/problems/{slug}", body
    assert field in {e["field"] for e in body["errors"]}, body
    return body


def orders_of(quote_ids: list[str]) -> int:
    with unit_of_work(write=False) as s:
        return int(s.exec(select(func.count()).where(col(Order.quote_id).in_(quote_ids))).one())


def test_a_second_order_with_the_same_payment_is_409_naming_the_first(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
) -> None:
    first_quote, second_quote = quote(client, demo), quote(client, demo)
    first = place(client, demo, first_quote, reference="pi_3OnceOnly")
    assert first.status_code == 201, first.text
    wh = second_quote["options"][0]["shipments"][0]["warehouse"]
    before = stock_of("TEE-BASIC-M", wh)

    # the provider is compared case-insensitively, surrounding spaces dropped
    again = place(client, demo, second_quote, provider=" Stripe", reference="pi_3OnceOnly")
    body = problem(again, 409, "payment-already-used", "payment.reference")
    assert first.json()["id"] in body["detail"]
    assert orders_of([second_quote["id"]]) == 0  # nothing written: no order, no reservation
    assert stock_of("TEE-BASIC-M", wh) == before

    # the first request replayed with its Idempotency-Key is still the first answer
    replay = place(client, demo, first_quote, reference="pi_3OnceOnly")
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json()["id"] == first.json()["id"]

    # another reference works, and so does one differing only in case (Stripe's ids are case-sensitive)
    other = place(client, demo, second_quote, reference="pi_3onceonly")
    assert other.status_code == 201, other.text
    assert (
        place(client, demo, quote(client, demo), provider="adyen", reference="pi_3OnceOnly").status_code
        == 201
    )
    with unit_of_work(write=False) as s:
        assert s.get(OrderPayment, ("stripe", "pi_3OnceOnly")).order_id == first.json()["id"]  # type: ignore[union-attr]


def test_an_order_refused_for_another_reason_leaves_the_payment_free(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
) -> None:
    q = quote(client, demo)
    option = q["options"][0]
    wrong = {"amount": "1.00", "currency": option["total"]["currency"]}
    r = client.post(
        "/v1/orders",
        headers=demo.h(demo.shop),
        json={
            "quote_id": q["id"],
            "option_id": option["id"],
            "payment": {"amount": wrong, "provider": "stripe", "reference": "pi_free"},
        },
    )
    assert r.status_code == 422
    assert place(client, demo, q, reference="pi_free").status_code == 201


def test_20_concurrent_orders_with_one_payment_make_one_order(app, demo: DemoKeys) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with TestClient(app) as c:
        quotes = [quote(c, demo, qty=1) for _ in range(20)]
    barrier = threading.Barrier(len(quotes))
    answers: list[tuple[int, dict[str, Any]]] = []

    def worker(q: dict[str, Any]) -> None:
        with TestClient(app, raise_server_exceptions=False) as c:
            barrier.wait()
            r = place(c, demo, q, reference="pi_race")
            answers.append((r.status_code, r.json()))

    threads = [threading.Thread(target=worker, args=(q,)) for q in quotes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * 19, answers
    winner = next(body for status, body in answers if status == 201)
    for status, body in answers:
        if status == 409:
            assert body["type"] == "/problems/payment-already-used", body
            assert winner["id"] in body["detail"]
    assert orders_of([q["id"] for q in quotes]) == 1
    with unit_of_work(write=False) as s:
        assert s.get(OrderPayment, ("stripe", "pi_race")).order_id == winner["id"]  # type: ignore[union-attr]


def _alembic(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def test_the_migration_keeps_existing_duplicates_and_refuses_new_ones(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
    db_url: str,
    owner_db_url: str,
) -> None:
    made = [place(client, demo, quote(client, demo), reference=f"pi_old_{n}") for n in range(2)]
    assert [r.status_code for r in made] == [201, 201]
    older, newer = (r.json()["id"] for r in made)
    cfg = _alembic(owner_db_url)
    command.downgrade(cfg, "0011")
    with engine_for(owner_db_url).begin() as conn:  # what an installation before 0012 could hold
        conn.execute(
            text("UPDATE orders SET payment_provider = 'Stripe', payment_reference = 'pi_dup' WHERE id = :i"),
            {"i": older},
        )
        conn.execute(
            text("UPDATE orders SET payment_reference = 'pi_dup', created_at = :at WHERE id = :i"),
            {"i": newer, "at": datetime(2026, 1, 1, tzinfo=UTC)},  # the earliest by created_at
        )
    run_migrations(url=owner_db_url, app_url=db_url)
    engine_for(db_url).dispose()

    with unit_of_work(write=False) as s:
        claims = [(c.provider, c.reference, c.order_id) for c in s.exec(select(OrderPayment))]
    assert claims == [("stripe", "pi_dup", newer)]
    for order_id in (older, newer):  # both still readable
        r = client.get(f"/v1/orders/{order_id}", headers=demo.h(demo.lumen))
        assert r.status_code == 200, r.text
    body = problem(
        place(client, demo, quote(client, demo), reference="pi_dup"),
        409,
        "payment-already-used",
        "payment.reference",
    )
    assert newer in body["detail"]
    assert place(client, demo, quote(client, demo), reference="pi_new").status_code == 201


def test_unit_prices_of_zero_or_less_are_422_naming_the_item(client: TestClient, demo: DemoKeys) -> None:  # noqa: F811
    with unit_of_work(write=False) as s:
        quotes_before = int(s.exec(select(func.count()).select_from(Quote)).one())
    item = {"sku": "TEE-BASIC-M", "quantity": 1, "unit_price": {"amount": "20.00", "currency": "EUR"}}
    for bad in ("0.00", "-5.00", "-0"):
        r = client.post(
            "/v1/quotes",
            headers=demo.h(demo.shop),
            json={
                "merchant_id": LUMEN,
                "destination": {"country": "DE", "city": "Berlin"},
                "items": [item, item | {"unit_price": {"amount": bad, "currency": "EUR"}}],
                "currency": "EUR",
            },
        )
        body = problem(r, 422, "invalid-input", "items.1.unit_price.amount")
        assert [e["field"] for e in body["errors"]] == ["items.1.unit_price.amount"]
    with unit_of_work(write=False) as s:
        assert int(s.exec(select(func.count()).select_from(Quote)).one()) == quotes_before

    # a quote stored before the rule (a negative unit price made a negative quote) cannot be ordered
    q = quote(client, demo)
    with unit_of_work() as s:
        row = s.get(Quote, q["id"])
        assert row is not None
        items = [dict(i) for i in row.request["items"]]
        items[0]["unit_price"] = {"amount": "-20.00", "currency": "EUR"}
        row.request = {**row.request, "items": items}
        s.add(row)
    r = place(client, demo, q, reference="pi_negative")
    body = problem(r, 422, "unit-price-not-positive", "items.0.unit_price.amount")
    assert q["id"] in body["detail"]
    assert orders_of([q["id"]]) == 0
    with unit_of_work(write=False) as s:
        assert s.get(OrderPayment, ("stripe", "pi_negative")) is None


def test_implausible_paid_at_is_422_naming_it(client: TestClient, keys: Keys) -> None:
    admin = keys.h(keys.admin)
    sale = {
        "order_id": "o-paid-at",
        "merchant_id": keys.merchant_a,
        "amount": {"amount": "10.00", "currency": "USD"},
        "category": "home",
    }

    def transactions() -> int:
        with unit_of_work(write=False) as s:
            return int(s.exec(select(func.count()).select_from(LedgerTransaction)).one())

    before = transactions()
    now = utc_now()
    for bad in (
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC).isoformat(),
        "0001-01-01T00:00:00Z",
        (now + timedelta(hours=1, minutes=5)).isoformat(),
        "2026-01-01T00:00:00",  # no time zone
    ):
        r = client.post("/v1/settlement/sales", json=sale | {"paid_at": bad}, headers=admin)
        body = problem(r, 422, "invalid-input", "paid_at")
        assert [e["field"] for e in body["errors"]] == ["paid_at"], bad
    assert transactions() == before
    for n, good in enumerate((datetime(2000, 1, 1, tzinfo=UTC), now + timedelta(minutes=50))):
        r = client.post(
            "/v1/settlement/sales",
            json=sale | {"order_id": f"o-ok-{n}", "paid_at": good.isoformat()},
            headers=admin,
        )
        assert r.status_code == 201, r.text


def test_an_order_reads_prices_of_another_currency_at_the_quote_locks(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
) -> None:
    """A cart priced in USD and quoted in IDR: the order charges the goods the option charged (at the
    quote's USD/IDR lock), its lines carry their unit prices at that lock, and the merchant is credited."""
    r = client.post(
        "/v1/quotes",
        headers=demo.h(demo.shop),
        json={
            "merchant_id": LUMEN,
            "destination": {"country": "ID", "city": "Jakarta", "postal_code": "10110"},
            "items": [
                {"sku": "TEE-BASIC-M", "quantity": 2, "unit_price": {"amount": "12.50", "currency": "USD"}}
            ],
            "currency": "IDR",
            "incoterm": "DDP",
        },
    )
    assert r.status_code == 201, r.text
    q = r.json()
    option = q["options"][0]
    rate = Decimal(next(lock["rate"] for lock in q["fx"] if lock["pair"] == "USD/IDR"))
    placed = place(client, demo, q, reference="pi_usd_cart_idr_quote")
    assert placed.status_code == 201, placed.text
    order = placed.json()
    unit = (Decimal("12.50") / rate).quantize(Decimal(1).scaleb(-currency_exponent("IDR")))
    assert [(line["quantity"], Decimal(line["unit_price"]["amount"])) for line in order["lines"]] == [
        (2, unit)
    ]
    assert order["lines"][0]["unit_price"]["currency"] == "IDR"
    split = order["settlement"]
    goods = option["breakdown"]["goods"]
    assert split["goods"] == goods
    assert Decimal(goods["amount"]) == (Decimal("25.00") / rate).quantize(unit)
    assert Decimal(split["merchant_net"]["amount"]) > 0

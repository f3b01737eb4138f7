"""Payout lines and statements that explain every cent: `GET /v1/balance-transactions` pages like every list
(limit, starting_after, has_more; a bad cursor is a 422 naming it), each line's parts add up to its net, and a
month's statement holds the entries that occurred in it (the date it prints), with the same parts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from core.auth import create_api_key
from core.clock import frozen
from core.db import unit_of_work
from core.models import Role
from core.money import Money
from settlement import ledger, payouts, reports, service
from settlement.models import AccountKind
from settlement.payouts import Line
from tests.conftest import Keys
from tests.settlement.conftest import days_ago, make_merchant
from tests.settlement.test_api import problem, settings_body

PARTS = reports.PARTS


def parts_add_up(gross: int, *, parts: dict[str, int], net: int) -> bool:
    """gross - commission - affiliate - fulfilment - processing - reserve_held + reserve_released
    - refunded_before_release == net."""
    return (
        gross
        - parts["commission"]
        - parts["affiliate_commission"]
        - parts["fulfilment_fees"]
        - parts["processing_fees"]
        - parts["reserve_held"]
        + parts["reserve_released"]
        - parts["refunded_before_release"]
        == net
    )


def line_adds_up(line: Line) -> bool:
    parts = {name: getattr(line, name) for name in PARTS}
    fees = line.commission + line.affiliate_commission + line.fulfilment_fees + line.processing_fees
    return parts_add_up(line.gross, parts=parts, net=line.net) and fees == line.fees


def minor(m: dict[str, str]) -> int:
    return Money.of(m["amount"], m["currency"]).to_minor()


def read_adds_up(row: dict[str, Any]) -> bool:
    parts = {name: minor(row[name]) for name in PARTS}
    fees = sum(parts[n] for n in ("commission", "affiliate_commission", "fulfilment_fees", "processing_fees"))
    return parts_add_up(minor(row["gross"]), parts=parts, net=minor(row["net"])) and fees == minor(
        row["fees"]
    )


def walk(client: TestClient, h: dict[str, str], query: str, limit: int) -> list[dict[str, Any]]:
    """Every page of `limit` lines, checking `has_more` on each."""
    out: list[dict[str, Any]] = []
    after: str | None = None
    for _ in range(100):
        params = f"{query}&limit={limit}" + (f"&starting_after={after}" if after else "")
        r = client.get(f"/v1/balance-transactions?{params}", headers=h)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["data"]) <= limit
        out += body["data"]
        if not body["has_more"]:
            return out
        assert len(body["data"]) == limit
        after = body["data"][-1]["id"]
    raise AssertionError("pagination does not end")


def test_balance_transactions_page_like_every_list(client: TestClient, keys: Keys) -> None:
    h, admin = keys.h(keys.merchant), keys.h(keys.admin)
    assert client.put("/v1/payout-settings", json=settings_body(), headers=h).status_code == 200
    with unit_of_work() as s:
        for i, amount in enumerate(["30.00", "45.50", "12.00", "80.00"]):
            service.record_sale(
                s,
                order_id=f"pg{i}",
                merchant_id=keys.merchant_a,
                amount=Money.of(amount, "USD"),
                category="home",
                affiliate_id="aff_1" if i == 3 else None,
                fulfillment="fully_managed" if i == 3 else "merchant",
                paid_at=days_ago(12),
            )
        # refunded while pending: a part never reaches the available balance
        service.record_refund(s, refund_id="re0", order_id="pg0", amount=Money.of("10.00", "USD"))
        for i in range(4):
            service.record_delivery(s, order_id=f"pg{i}", delivered_at=days_ago(10))
        # refunded once available: the reserve pays first
        service.record_refund(s, refund_id="re3", order_id="pg3", amount=Money.of("30.00", "USD"))
    r = client.post("/v1/settlement-runs", json={}, headers=keys.h(keys.admin, **{"Idempotency-Key": "r1"}))
    assert r.status_code == 202, r.text
    (payout,) = client.get("/v1/payouts", headers=h).json()["data"]
    q = f"payout={payout['id']}"

    full = client.get(f"/v1/balance-transactions?{q}&limit=100", headers=h).json()
    assert full["has_more"] is False
    lines = full["data"]
    assert [(x["type"], x["refund"] or x["order"]) for x in lines] == [
        ("sale", "pg0"),
        ("sale", "pg1"),
        ("sale", "pg2"),
        ("sale", "pg3"),
        ("refund", "re3"),
        ("payout", None),
    ]
    assert [x["transaction"] for x in lines] == sorted(x["transaction"] for x in lines)
    assert len({x["id"] for x in lines}) == len(lines)
    assert all(read_adds_up(x) for x in lines if x["type"] != "payout")
    assert sum(minor(x["net"]) for x in lines[:-1]) == minor(payout["debited"])
    for limit in (1, 2, 4):
        assert walk(client, h, q, limit) == lines
    # the default page is 20 lines, as everywhere
    assert client.get(f"/v1/balance-transactions?{q}", headers=h).json()["data"] == lines
    page = client.get(
        f"/v1/balance-transactions?{q}&limit=2&starting_after={lines[3]['id']}", headers=h
    ).json()
    assert (page["data"], page["has_more"]) == (lines[4:], False)
    page = client.get(
        f"/v1/balance-transactions?{q}&limit=2&starting_after={lines[0]['id']}", headers=h
    ).json()
    assert (page["data"], page["has_more"]) == (lines[1:3], True)

    # a bad cursor is a 422 naming it: not a line id, or no line of this list
    for bad in ("abc", "0", f"{lines[0]['transaction']}", f"{lines[0]['transaction']}:nope", "99999999"):
        problem(
            client.get(f"/v1/balance-transactions?{q}&starting_after={bad}", headers=h), 422, "starting_after"
        )
    problem(client.get(f"/v1/balance-transactions?{q}&limit=0", headers=h), 422, "limit")

    # the next payout's lines page the same way
    with unit_of_work() as s:
        for i in range(3):
            service.record_sale(
                s,
                order_id=f"up{i}",
                merchant_id=keys.merchant_a,
                amount=Money.of("20.00", "USD"),
                category="home",
                paid_at=days_ago(12),
            )
        service.record_deliveries(s, deliveries=[(f"up{i}", days_ago(10)) for i in range(3)])
    upcoming = client.get("/v1/balance-transactions?limit=100", headers=h).json()
    assert [x["order"] for x in upcoming["data"]] == ["up0", "up1", "up2"]
    assert all(read_adds_up(x) for x in upcoming["data"])
    assert walk(client, h, "x=1", 1) == upcoming["data"]
    problem(
        client.get(f"/v1/balance-transactions?starting_after={lines[1]['id']}", headers=h),
        422,
        "starting_after",
    )
    assert walk(client, admin, f"merchant_id={keys.merchant_a}", 2) == upcoming["data"], (
        "an admin names the merchant"
    )


def _month(session: Session, mid: str, month: str) -> list[dict[str, str]]:
    return list(
        csv.DictReader(io.StringIO(reports.statement_csv(session, merchant_id=mid, month=month).content))
    )


def test_statements_are_bucketed_by_the_date_they_print(db_url: str) -> None:
    nov_end = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    with unit_of_work() as s:
        mid = make_merchant(s)
    with frozen(datetime(2026, 11, 10, 12, tzinfo=UTC)), unit_of_work() as s:
        service.record_sale(
            s, order_id="early", merchant_id=mid, amount=Money.of("50.00", "USD"), category="home"
        )
    # paid in the last half hour of November, recorded on 1 December
    with frozen(datetime(2026, 12, 1, 0, 10, tzinfo=UTC)), unit_of_work() as s:
        service.record_sale(
            s,
            order_id="late",
            merchant_id=mid,
            amount=Money.of("40.00", "USD"),
            category="home",
            paid_at=nov_end,
        )
    with frozen(datetime(2026, 12, 2, 9, tzinfo=UTC)), unit_of_work() as s:
        service.record_sale(
            s, order_id="dec", merchant_id=mid, amount=Money.of("30.00", "USD"), category="home"
        )

    with unit_of_work(write=False) as s:
        nov, dec = _month(s, mid, "2026-11"), _month(s, mid, "2026-12")
        pending = ledger.merchant_balances(s, mid)["pending"][0]
    assert [r["reference"] for r in nov] == ["early", "late"]
    assert [r["reference"] for r in dec] == ["dec"]
    assert nov[1]["date"] == nov_end.isoformat()
    assert all(datetime.fromisoformat(r["date"]).strftime("%Y-%m") == "2026-11" for r in nov)
    # running balances: November closes where December opens, December closes at the balance
    closing = Money.of(nov[-1]["balance"], "USD")
    assert closing == Money.of(nov[0]["amount"], "USD") + Money.of(nov[1]["amount"], "USD")
    assert Money.of(dec[0]["balance"], "USD") == closing + Money.of(dec[0]["amount"], "USD")
    assert Money.of(dec[-1]["balance"], "USD") == pending
    # the boundaries are [month start, next month start) in UTC
    with frozen(datetime(2026, 12, 3, tzinfo=UTC)), unit_of_work() as s:
        service.record_sale(
            s,
            order_id="midnight",
            merchant_id=mid,
            amount=Money.of("10.00", "USD"),
            category="home",
            paid_at=datetime(2026, 12, 1, tzinfo=UTC),
        )
    with unit_of_work(write=False) as s:
        assert [r["reference"] for r in _month(s, mid, "2026-11")] == ["early", "late"]
        assert [r["reference"] for r in _month(s, mid, "2026-12")] == ["midnight", "dec"]


def test_parts_add_up_for_an_affiliate_fully_managed_sale_and_a_partial_refund(db_url: str) -> None:
    paid = datetime(2026, 11, 2, 10, tzinfo=UTC)
    with unit_of_work() as s:
        mid = make_merchant(s)
    with frozen(paid), unit_of_work() as s:
        service.record_sale(
            s,
            order_id="fm",
            merchant_id=mid,
            amount=Money.of("120.00", "USD"),
            category="apparel",
            affiliate_id="aff_7",
            affiliate_bps=500,
            fulfillment="fully_managed",
            items=2,
            shipping_fee=Money.of("6.50", "USD"),
        )
        service.record_sale(
            s, order_id="pre", merchant_id=mid, amount=Money.of("60.00", "USD"), category="home"
        )
    with frozen(paid + timedelta(days=1)), unit_of_work() as s:
        # refunded while pending
        service.record_refund(s, refund_id="rpre", order_id="pre", amount=Money.of("25.00", "USD"))
        service.record_deliveries(s, deliveries=[("fm", None), ("pre", None)])
    with frozen(paid + timedelta(days=5)), unit_of_work() as s:
        service.release_due(s)
        order = service.get_order(s, order_id="fm")
        assert order.affiliate_minor > 0
        assert order.fulfillment_minor > 0
        assert order.reserve_minor > 0
    with frozen(paid + timedelta(days=6)), unit_of_work() as s:
        service.record_refund(s, refund_id="rfm", order_id="fm", amount=Money.of("45.00", "USD"))
    with frozen(paid + timedelta(days=80)), unit_of_work() as s:
        service.release_due(s)

    with unit_of_work(write=False) as s:
        lines = payouts.upcoming_lines(s, merchant_id=mid)
        available = ledger.merchant_balances(s, mid)["available"][0]
        rows = _month(s, mid, "2026-11") + _month(s, mid, "2027-01")
        o = service.get_order(s, order_id="fm")
        fees = (o.commission_minor, o.affiliate_minor, o.fulfillment_minor, o.processing_minor)
    by = {(x.type, x.refund or x.order): x for x in lines}
    sale, refund, pre = by[("sale", "fm")], by[("refund", "rfm")], by[("sale", "pre")]
    assert (sale.commission, sale.affiliate_commission, sale.fulfilment_fees, sale.processing_fees) == fees
    assert sale.reserve_held > 0
    assert refund.commission < 0
    assert refund.affiliate_commission < 0
    assert refund.reserve_released > 0
    assert pre.refunded_before_release > 0
    assert ("reserve_release", "fm") in by
    assert all(line_adds_up(x) for x in lines)
    assert sum(x.net for x in lines) == available.to_minor()

    with_parts = [r for r in rows if r["gross"] != ""]
    assert {r["type"] for r in with_parts} == {"sale", "release", "refund", "reserve_release"}
    for r in rows:
        assert r["net"] == r["amount"]
        if r["gross"] != "":
            parts = {name: Money.of(r[name], "USD").to_minor() for name in PARTS}
            assert parts_add_up(Money.of(r["gross"], "USD").to_minor(), parts=parts, net=minor_of(r["net"]))
    sale_row = next(r for r in rows if r["type"] == "sale" and r["reference"] == "fm")
    assert sale_row["account"] == AccountKind.pending.value
    assert minor_of(sale_row["affiliate_commission"]) == fees[1]
    assert minor_of(sale_row["fulfilment_fees"]) == fees[2]


def minor_of(amount: str) -> int:
    return Money.of(amount, "USD").to_minor()


def test_a_merchant_key_reads_its_statement_with_the_parts(client: TestClient, keys: Keys) -> None:
    with unit_of_work() as s:
        key = create_api_key(s, role=Role.merchant, merchant_id=keys.merchant_a).secret
        service.record_sale(
            s,
            order_id="st1",
            merchant_id=keys.merchant_a,
            amount=Money.of("25.00", "USD"),
            category="home",
            paid_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC),
        )
    r = client.get("/v1/statements/2026-11", headers=keys.h(key))
    assert r.status_code == 200, r.text
    header = r.text.splitlines()[0].split(",")
    assert header == reports.STATEMENT_COLUMNS
    assert header[:8] == [
        "date",
        "transaction",
        "type",
        "reference",
        "account",
        "currency",
        "amount",
        "balance",
    ]
    assert "st1" in r.text
    assert "st1" not in client.get("/v1/statements/2026-12", headers=keys.h(key)).text

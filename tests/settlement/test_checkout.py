"""The split of a checkout: goods to the merchant, shipping to the platform, duties and import taxes to the
authority; refunds give each part back; tax liabilities, the VAT return and remittances."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.db import unit_of_work
from core.money import Money
from settlement import ledger, service
from settlement.checkout import Checkout, TaxPart, authority_account
from settlement.models import AccountKind, LedgerTransaction, SettlementOrder
from settlement.policy import DEFAULT_BODY, set_policy
from tests.conftest import Keys
from tests.settlement.conftest import assert_ledger_sound, make_merchant


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def berlin(*, ddp: bool = True) -> Checkout:
    """Four T-shirts at EUR 25 to Berlin: goods 100.00, shipping 20.99, duty 3.00, import VAT 23.56 (19%)."""
    if not ddp:
        return Checkout(goods=eur("100.00"), shipping=eur("20.99"), duties=eur("0"), taxes=eur("0"))
    return Checkout(
        goods=eur("100.00"),
        shipping=eur("20.99"),
        duties=eur("3.00"),
        taxes=eur("23.56"),
        jurisdiction="DE",
        scheme="IOSS",
        parts=(
            TaxPart("duty", eur("3.00"), eur("100.00"), Decimal(0)),
            TaxPart("vat", eur("23.56"), eur("124.00"), Decimal(19)),
        ),
    )


def paid(c: Checkout) -> Money:
    return c.goods + c.shipping + c.duties + c.taxes


def balance(session: Session, key: ledger.AccountKey) -> int:
    return ledger.balance_from_entries(session, ledger.account_ids(session, [key])[key])


def sell(session: Session, mid: str, order_id: str, c: Checkout, **kw: object) -> SettlementOrder:
    service.record_sale(
        session, order_id=order_id, merchant_id=mid, amount=paid(c), category="apparel", checkout=c, **kw
    )  # type: ignore[arg-type]
    o = session.get(SettlementOrder, order_id)
    assert o is not None
    return o


def test_the_berlin_order_pays_each_part_to_its_owner(session: Session) -> None:
    mid = make_merchant(session, currency="EUR", country="DE")
    o = sell(session, mid, "berlin", berlin(), affiliate_id="cr_1", affiliate_bps=1000)
    # commission 8% of the goods (8.00), affiliate 10% of the goods (10.00), processing 2% + 0.10 (2.10)
    assert (o.commission_minor, o.affiliate_minor, o.processing_minor) == (800, 1000, 210)
    assert o.net_minor == 10000 - 800 - 1000 - 210
    assert balance(session, ledger.merchant_account(mid, AccountKind.pending, "EUR")) == o.net_minor
    assert balance(session, ledger.platform_account(AccountKind.shipping, "EUR")) == 2099
    assert balance(session, authority_account("DE", AccountKind.duties_payable, "EUR")) == 300
    assert balance(session, authority_account("DE", AccountKind.taxes_payable, "EUR")) == 2356
    assert balance(session, ledger.platform_account(AccountKind.cash, "EUR")) == -14755
    assert_ledger_sound(session)


def test_commission_does_not_depend_on_duties_and_taxes(session: Session) -> None:
    mid = make_merchant(session, currency="EUR", country="DE")
    ddp, dap = sell(session, mid, "ddp", berlin()), sell(session, mid, "dap", berlin(ddp=False))
    assert ddp.commission_minor == dap.commission_minor == 800
    assert ddp.net_minor == dap.net_minor


def test_the_commission_base_may_include_shipping(session: Session) -> None:
    mid = make_merchant(session, currency="EUR", country="DE")
    body = DEFAULT_BODY.model_copy(update={"commission_base": "goods_and_shipping"})
    set_policy(session, body=body, effective_from=utc_now())
    o = sell(session, mid, "base", berlin())
    assert o.commission_minor == 968  # 8% of 120.99, rounded half-even
    assert o.net_minor == 10000 - 968 - 210 - 42  # processing: 2% of 120.99 + 0.10
    assert balance(session, authority_account("DE", AccountKind.taxes_payable, "EUR")) == 2356


def test_a_sale_in_another_currency_owes_the_taxes_in_the_currency_collected(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    o = sell(session, mid, "fx", berlin(), fx_rate=Decimal("1.10"))
    assert o.gross_settle_minor == 11000  # the goods, settled
    assert o.shipping_settle_minor == round(2099 * 1.1)  # 23.09
    assert balance(session, authority_account("DE", AccountKind.taxes_payable, "EUR")) == 2356
    assert balance(session, authority_account("DE", AccountKind.taxes_payable, "USD")) == 0
    assert_ledger_sound(session)


def test_refunds_give_back_every_part_in_proportion_and_a_full_refund_undoes_it(session: Session) -> None:
    mid = make_merchant(session, currency="EUR", country="DE")
    o = sell(session, mid, "r", berlin())
    service.record_refund(session, refund_id="r-half", order_id="r", amount=eur("73.78"))
    half = Decimal(7378) / Decimal(14755)
    assert (
        abs(balance(session, authority_account("DE", AccountKind.taxes_payable, "EUR")) - 2356 * (1 - half))
        < 1
    )
    assert (
        abs(balance(session, authority_account("DE", AccountKind.duties_payable, "EUR")) - 300 * (1 - half))
        < 1
    )
    service.record_refund(session, refund_id="r-rest", order_id="r", amount=eur("73.77"))
    for kind in (AccountKind.duties_payable, AccountKind.taxes_payable):
        assert balance(session, authority_account("DE", kind, "EUR")) == 0
    assert balance(session, ledger.platform_account(AccountKind.shipping, "EUR")) == 0
    assert balance(session, ledger.platform_account(AccountKind.commission, "EUR")) == 0
    assert balance(session, ledger.platform_account(AccountKind.cash, "EUR")) == 0
    # the merchant keeps paying processing (2.10): it was charged for a payment that happened; the refund
    # took what was pending and the rest from available
    kinds = (AccountKind.pending, AccountKind.available, AccountKind.reserved)
    merchant = sum(balance(session, ledger.merchant_account(mid, k, "EUR")) for k in kinds)
    assert merchant == -o.processing_minor
    assert_ledger_sound(session)


def _sale_lines(session: Session, order_id: str) -> list[tuple[ledger.AccountKey, int]]:
    o = session.get(SettlementOrder, order_id)
    assert o is not None
    return ledger.transaction_entries(session, o.sale_txn_id)


def test_a_batch_pools_the_platforms_legs_and_each_order_keeps_whose_money_it_is(session: Session) -> None:
    """Sales and refunds in a batch: each order's transaction keeps the shopper's payment, the payees' and
    the authority's lines, and clears the platform's revenue and FX legs to one pool transaction per batch;
    the platform's accounts end where per-order legs would have put them."""
    eur_mid = make_merchant(session, currency="EUR", country="DE")
    usd_mid = make_merchant(session, currency="USD")
    at = utc_now()  # one time: the batch's pool
    sales = [
        service.SaleInput(
            order_id=f"p{i}", merchant_id=mid, amount=paid(berlin()), category="apparel", checkout=berlin(),
            fx_rate=Decimal("1.10") if mid == usd_mid else None, affiliate_id="cr_1" if i % 2 else None,
            paid_at=at,
        )
        for i, mid in enumerate([eur_mid, usd_mid, eur_mid, usd_mid])
    ]  # fmt: skip
    service.record_sales(session, sales=sales)
    pools = session.exec(select(LedgerTransaction).where(col(LedgerTransaction.kind) == "sale_revenue")).all()
    assert [p.details for p in pools] == [{"postings": 4}]
    orders = [session.get(SettlementOrder, f"p{i}") for i in range(4)]
    for o in orders:
        assert o is not None
        lines = _sale_lines(session, o.order_id)
        kinds = {(k[0], k[2]) for k, _ in lines}
        assert not {k for owner, k in kinds if owner == "platform"} & ledger.POOLED_KINDS
        assert ("platform", "cash") in kinds
        assert ("platform", "clearing") in kinds
        assert ("authority", "taxes_payable") in kinds
        pending = dict(lines)[
            ledger.merchant_account(o.merchant_id, AccountKind.pending, o.settlement_currency)
        ]
        assert pending == o.net_minor
    for cur in ("EUR", "USD"):
        mine = [o for o in orders if o is not None and o.settlement_currency == cur]
        assert balance(session, ledger.platform_account(AccountKind.clearing, cur)) == 0
        assert balance(session, ledger.platform_account(AccountKind.commission, cur)) == sum(
            o.commission_minor for o in mine
        )
        assert balance(session, ledger.platform_account(AccountKind.shipping, cur)) == sum(
            o.shipping_settle_minor for o in mine
        )
    assert balance(session, ledger.platform_account(AccountKind.cash, "EUR")) == -4 * 14755
    service.record_refunds(
        session,
        refunds=[
            service.RefundInput(refund_id=f"rp{i}", order_id=f"p{i}", amount=paid(berlin()), refunded_at=at)
            for i in range(4)
        ],
    )
    for cur in ("EUR", "USD"):
        for kind in (AccountKind.clearing, AccountKind.commission, AccountKind.shipping):
            assert balance(session, ledger.platform_account(kind, cur)) == 0
    assert balance(session, ledger.platform_account(AccountKind.cash, "EUR")) == 0
    assert balance(session, authority_account("DE", AccountKind.taxes_payable, "EUR")) == 0
    assert_ledger_sound(session)


def test_tax_liabilities_the_vat_return_and_remittances(client: TestClient, keys: Keys) -> None:
    with unit_of_work() as s:
        mid = make_merchant(s, currency="EUR", country="DE")
        sell(s, mid, "lia", berlin())
        service.record_refund(s, refund_id="lia-r", order_id="lia", amount=eur("14.76"))  # a tenth back
    period = utc_now().strftime("%Y-%m")
    admin, officer = keys.h(keys.admin), keys.h(keys.officer)
    r = client.get(f"/v1/tax-liabilities?period={period}&jurisdiction=DE", headers=officer)
    assert r.status_code == 200, r.text
    rows = {row["kind"]: row for row in r.json()["data"]}
    assert rows["duty"]["collected"] == {"amount": "3.00", "currency": "EUR"}
    assert rows["vat"]["collected"] == {"amount": "23.56", "currency": "EUR"}
    assert rows["vat"]["refunded"] == {"amount": "2.36", "currency": "EUR"}
    assert rows["vat"]["due"] == {"amount": "21.20", "currency": "EUR"}
    assert rows["vat"]["scheme"] == "IOSS"
    assert rows["vat"]["orders"] == 1
    assert (
        client.get(f"/v1/tax-liabilities?period={period}", headers=keys.h(keys.merchant)).status_code == 403
    )
    bad = client.get("/v1/tax-liabilities?period=2026-13", headers=admin)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "period"

    csv = client.get(f"/v1/tax-liabilities/{period}.csv", headers=admin)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0] == "period,member_state_of_consumption,scheme,vat_rate,currency,taxable_amount,vat"
    assert lines[1] == f"{period},DE,IOSS,19,EUR,111.60,21.20"

    body = {
        "jurisdiction": "DE",
        "kind": "vat",
        "period": period,
        "amount": {"amount": "21.20", "currency": "EUR"},
    }
    paid_once = client.post("/v1/tax-remittances", json={**body, "reference": "bzst-1"}, headers=admin)
    assert paid_once.status_code == 201, paid_once.text
    replay = client.post("/v1/tax-remittances", json={**body, "reference": "bzst-1"}, headers=admin)
    assert replay.json()["id"] == paid_once.json()["id"]
    more = client.post("/v1/tax-remittances", json={**body, "reference": "bzst-2"}, headers=admin)
    assert more.status_code == 409
    assert more.json()["type"].endswith("tax-remittance-exceeds-due")
    assert (
        client.post("/v1/tax-remittances", json={**body, "reference": "x"}, headers=officer).status_code
        == 403
    )
    rows = {
        row["kind"]: row
        for row in client.get(f"/v1/tax-liabilities?period={period}", headers=admin).json()["data"]
    }
    assert rows["vat"]["remitted"] == {"amount": "21.20", "currency": "EUR"}
    assert rows["vat"]["due"] == {"amount": "0.00", "currency": "EUR"}
    with unit_of_work(write=False) as s:
        assert balance(s, authority_account("DE", AccountKind.taxes_payable, "EUR")) == 0
        assert_ledger_sound(s)


def test_parts_that_do_not_add_up_are_refused(session: Session) -> None:
    mid = make_merchant(session, currency="EUR", country="DE")
    c = berlin()
    with pytest.raises(Exception, match="add up"):
        service.record_sale(
            session, order_id="bad", merchant_id=mid, amount=eur("150.00"), category="apparel", checkout=c
        )
    untaxed = Checkout(goods=eur("100.00"), shipping=eur("0"), duties=eur("0"), taxes=eur("5.00"))
    with pytest.raises(Exception, match="jurisdiction"):
        service.record_sale(
            session,
            order_id="bad2",
            merchant_id=mid,
            amount=eur("105.00"),
            category="apparel",
            checkout=untaxed,
        )


cents = st.integers(min_value=0, max_value=50_000)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    goods=st.integers(min_value=100, max_value=500_000),
    shipping=cents,
    duties=cents,
    taxes=cents,
    cuts=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=4),
)
def test_every_part_is_given_back_by_refunds_that_sum_to_the_payment(
    db_url: str, goods: int, shipping: int, duties: int, taxes: int, cuts: list[int]
) -> None:
    """Random checkouts refunded in random pieces: while refunds go on no account goes past zero, and once
    the whole payment is back every part's account is back to where it started."""
    # examples share the database (and two can have the same parts): each sells its own order
    order_id = f"p{goods}-{shipping}-{duties}-{taxes}-{uuid.uuid4().hex[:12]}"
    c = Checkout(
        goods=Money.from_minor(goods, "EUR"),
        shipping=Money.from_minor(shipping, "EUR"),
        duties=Money.from_minor(duties, "EUR"),
        taxes=Money.from_minor(taxes, "EUR"),
        jurisdiction="FR",
    )
    total = goods + shipping + duties + taxes
    pieces, left = [], total
    for cut in cuts:
        piece = min(left, max(1, total * cut // 40_000))
        if piece:
            pieces.append(piece)
            left -= piece
    if left:
        pieces.append(left)
    with unit_of_work() as s:
        mid = make_merchant(s, currency="EUR", country="FR")
        accounts = {
            "duties": authority_account("FR", AccountKind.duties_payable, "EUR"),
            "taxes": authority_account("FR", AccountKind.taxes_payable, "EUR"),
            "shipping": ledger.platform_account(AccountKind.shipping, "EUR"),
            "cash": ledger.platform_account(AccountKind.cash, "EUR"),
        }
        before = {k: balance(s, a) for k, a in accounts.items()}
        sell(s, mid, order_id, c)
        for n, piece in enumerate(pieces):
            service.record_refund(
                s, refund_id=f"{order_id}-{n}", order_id=order_id, amount=Money.from_minor(piece, "EUR")
            )
            assert balance(s, accounts["duties"]) - before["duties"] >= 0
            assert balance(s, accounts["taxes"]) - before["taxes"] >= 0
        assert {k: balance(s, a) for k, a in accounts.items()} == before
        assert_ledger_sound(s)


def test_refund_tax_lines_declare_what_the_ledger_gives_back(session: Session) -> None:
    """Two VAT lines of 0.05 and a refund of half the payment: the ledger gives back 0.05 of the 0.10
    (half-even of the total); the lines, each rounded on its own, gave back 0.02 + 0.02, so the liabilities
    said 0.06 was due while the authority's account held 0.05, and remitting what was due overdrew it. Each
    line now gives back its cumulative share, so the lines add up to the ledger's."""
    from settlement import taxes

    mid = make_merchant(session, currency="EUR", country="DE")
    vat = (
        TaxPart("vat", eur("0.05"), eur("0.26"), Decimal(19)),
        TaxPart("vat", eur("0.05"), eur("0.71"), Decimal(7)),
    )
    c = Checkout(
        goods=eur("80.00"),
        shipping=eur("0"),
        duties=eur("0"),
        taxes=eur("0.10"),
        jurisdiction="DE",
        parts=vat,
    )
    sell(session, mid, "two-lines", c)
    service.record_refund(session, refund_id="two-lines-half", order_id="two-lines", amount=eur("40.05"))
    period = utc_now().strftime("%Y-%m")
    payable = authority_account("DE", AccountKind.taxes_payable, "EUR")

    def due() -> int:
        lines = taxes.liabilities(session, period=period, jurisdiction="DE")
        return sum(line.due.to_minor() for line in lines if line.kind == "vat")

    assert balance(session, payable) == due() == 5
    taxes.remit(
        session, key="two-lines", jurisdiction="DE", kind="vat", period=period, amount=eur("0.05"),
        reference="r", actor="test",
    )  # fmt: skip
    assert balance(session, payable) == due() == 0
    service.record_refund(session, refund_id="two-lines-rest", order_id="two-lines", amount=eur("40.05"))
    assert balance(session, payable) == due() == -5  # given back after the remittance: a credit
    assert_ledger_sound(session)

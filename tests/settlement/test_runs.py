"""Settlement runs and payouts: who is paid, once; tracing to orders; providers; confirmations;
reconciliation;
a run killed midway and run again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import col, select

from core.config import get_settings
from core.db import unit_of_work
from core.models import TraderVerification
from core.money import Money
from settlement import ledger, payouts, service
from settlement.errors import PayoutStateConflict
from settlement.models import Payout, PayoutInterval, PayoutMethod, PayoutStatus
from tests.settlement.conftest import FakeStripe, assert_ledger_sound, days_ago, make_merchant, run_now


def _sell(mid: str, prefix: str, amounts: list[str], currency: str = "USD", *, delivered: float = 10) -> None:
    with unit_of_work() as s:
        for i, a in enumerate(amounts):
            oid = f"{prefix}{i}"
            service.record_sale(
                s,
                order_id=oid,
                merchant_id=mid,
                amount=Money.of(a, currency),
                category="books",
                paid_at=days_ago(delivered + 2),
            )
            service.record_delivery(s, order_id=oid, delivered_at=days_ago(delivered))


def _payouts(mid: str) -> list[Payout]:
    with unit_of_work() as s:
        return list(s.exec(select(Payout).where(col(Payout.merchant_id) == mid).order_by(col(Payout.id))))


def test_a_run_pays_available_balances_once_and_traces_every_order(db_url: str) -> None:
    with unit_of_work() as s:
        a = make_merchant(s, currency="USD", minimum="5.00")
        small = make_merchant(s, currency="USD", minimum="500.00")
        manual = make_merchant(s, currency="USD", interval=PayoutInterval.manual)
        eur = make_merchant(s, currency="EUR", country="DE")
    _sell(a, "a", ["40.00", "25.00", "10.00"])
    _sell(small, "s", ["40.00"])
    _sell(manual, "m", ["40.00"])
    _sell(eur, "e", ["40.00"], "EUR")
    with unit_of_work() as s:
        service.record_refund(s, refund_id="ra", order_id="a1", amount=Money.of("25.00", "USD"))
    run_id = run_now()
    (pa,) = _payouts(a)
    assert _payouts(small) == []
    assert _payouts(manual) == []
    assert pa.status == PayoutStatus.in_transit.value
    assert pa.provider_reference
    with unit_of_work(write=False) as s:
        lines = payouts.payout_lines(s, payout=pa)
        bal = ledger.merchant_balances(s, a)
    orders = [line.order for line in lines if line.type == "sale"]
    assert orders == ["a0", "a1", "a2"]
    assert sum(line.net for line in lines if line.type != "payout") == pa.amount_minor
    assert [line.type for line in lines][-1] == "payout"
    assert str(bal["available"][0]) == "0.00 USD"
    assert bal["in_transit"][0].to_minor() == pa.amount_minor
    # the same window again: nothing new
    assert run_now() == run_id
    assert len(_payouts(a)) == 1
    # bank files: a SEPA pain.001.001.03 for EUR, an ISO 20022 pain.001.001.09 for USD
    files = sorted(p.name for p in (get_settings().data_dir / "payouts").iterdir())
    assert any(f.endswith("-sepa-EUR.xml") for f in files)
    assert any(f.endswith("-USD.xml") for f in files)
    assert "pain.001.001.09" in next((get_settings().data_dir / "payouts").glob("*-USD.xml")).read_text()
    xml = next((get_settings().data_dir / "payouts").glob("*-sepa-EUR.xml")).read_text()
    assert "pain.001.001.03" in xml
    assert "DE02120300000000202051" in xml
    # on demand for the manual merchant
    run_now(merchant_id=manual)
    assert len(_payouts(manual)) == 1
    with unit_of_work() as s:
        assert_ledger_sound(s)


def test_paid_settles_failed_returns_to_available_and_reconciles(db_url: str) -> None:
    with unit_of_work() as s:
        a = make_merchant(s, currency="USD")
        b = make_merchant(s, currency="USD")
    _sell(a, "a", ["40.00"])
    _sell(b, "b", ["60.00"])
    run_id = run_now()
    (pa,), (pb,) = _payouts(a), _payouts(b)
    with unit_of_work() as s:
        payouts.confirm_payout(s, payout_id=pa.id, source="admin")
        payouts.confirm_payout(s, payout_id=pa.id, source="admin")  # again: nothing changes
        payouts.fail_payout(s, payout_id=pb.id, failure_code="account_closed", source="admin")
    with unit_of_work() as s:
        with pytest.raises(PayoutStateConflict):
            payouts.confirm_payout(s, payout_id=pb.id, source="admin")
        ba, bb = ledger.merchant_balances(s, a), ledger.merchant_balances(s, b)
        assert ba["in_transit"][0].is_zero()
        assert ba["available"][0].is_zero()
        assert bb["available"][0].to_minor() == pb.amount_minor
        assert bb["in_transit"][0].is_zero()
        rec = payouts.reconcile(s, run_id=run_id)
        assert rec["balanced"], rec
        usd = rec["totals"][0]
        assert (
            usd["ledger"]
            == usd["submitted"]
            == Money.from_minor(pa.amount_minor + pb.amount_minor, "USD").format_amount()
        )
        assert usd["confirmed"] == Money.from_minor(pa.amount_minor, "USD").format_amount()
        assert_ledger_sound(s)
    (pb,) = _payouts(b)
    assert pb.failure_code == "account_closed"


def test_bank_statement_import_confirms_and_fails_once(db_url: str) -> None:
    with unit_of_work() as s:
        a = make_merchant(s)
        b = make_merchant(s)
    _sell(a, "a", ["40.00"])
    _sell(b, "b", ["60.00"])
    run_now()
    (pa,), (pb,) = _payouts(a), _payouts(b)
    csv_text = (
        "reference,amount,currency,status,failure_code\n"
        f"{pa.id},{Money.from_minor(pa.amount_minor, 'USD').format_amount()},USD,paid,\n"
        f"{pb.id},{Money.from_minor(pb.amount_minor, 'USD').format_amount()},USD,returned,AC04\n"
        "po_unknown,1.00,USD,paid,\n"
    )
    with unit_of_work() as s:
        r = payouts.import_statement(s, content=csv_text)
    assert (r.paid, r.failed, len(r.unmatched)) == (1, 1, 1)
    with unit_of_work() as s:
        r2 = payouts.import_statement(s, content=csv_text)
    assert (r2.paid, r2.failed, r2.duplicates) == (0, 0, 3)
    assert _payouts(a)[0].status == "paid"
    assert _payouts(b)[0].failure_code == "AC04"


def test_holds_minimum_and_fx_payout_currency(db_url: str) -> None:
    from compliance.defaults import load_defaults
    from compliance.evaluation import invalidate

    with unit_of_work() as s:
        load_defaults(s)
    invalidate()
    with unit_of_work() as s:
        held = make_merchant(s, verification=TraderVerification.unverified)
        fx = make_merchant(s, currency="USD", payout_currency="EUR", minimum="1.00")
    _sell(held, "h", ["40.00"])
    _sell(fx, "f", ["100.00"])
    run_id = run_now()
    assert _payouts(held) == []
    (p,) = _payouts(fx)
    assert p.payout_currency == "EUR"
    assert p.currency == "USD"
    assert p.fx_rate is not None
    assert p.fx_reference_rate
    assert p.fx_rate < p.fx_reference_rate  # the markup
    with unit_of_work(write=False) as s:
        run = payouts.get_run(s, run_id=run_id)
        assert run.merchants_held == 1
        assert run.holds
        assert "verified" in run.holds[0]["reasons"][0]
        assert ledger.merchant_balances(s, fx)["in_transit"][0].currency == "EUR"
        assert_ledger_sound(s)


def test_a_run_killed_midway_and_run_again_loses_and_duplicates_nothing(db_url: str) -> None:
    with unit_of_work() as s:
        ids = [make_merchant(s) for _ in range(4)]
    for i, mid in enumerate(ids):
        _sell(mid, f"k{i}-", ["20.00", "30.00"])
    with unit_of_work() as s:
        run_id = payouts.request_run(s).id
    payouts.execute_run(run_id, stop_after="claim")  # payouts planned and claimed, never handed over
    assert {p.status for mid in ids for p in _payouts(mid)} == {"submitting"}
    payouts.execute_run(run_id)  # the killed execution's lease has expired: its batch is retaken whole
    all_payouts = [p for mid in ids for p in _payouts(mid)]
    assert len(all_payouts) == 4
    assert {p.status for p in all_payouts} == {"in_transit"}
    files = list((get_settings().data_dir / "payouts").iterdir())
    assert len(files) == 1  # one batch, written once
    sent = re.findall(r"<EndToEndId>([^<]+)</EndToEndId>", Path(files[0]).read_text())
    assert sorted(sent) == sorted(p.id for p in all_payouts)
    with unit_of_work(write=False) as s:
        assert payouts.reconcile(s, run_id=run_id)["balanced"]


def test_stripe_connect_transfer_then_payout_and_webhooks(
    db_url: str, fake_stripe: FakeStripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.settlement.conftest import signed

    monkeypatch.setenv("APP_STRIPE_WEBHOOK_SECRET", "whsec_test")
    get_settings.cache_clear()
    with unit_of_work() as s:
        a = make_merchant(s, method=PayoutMethod.stripe)
        b = make_merchant(s, method=PayoutMethod.stripe)
    _sell(a, "a", ["40.00"])
    _sell(b, "b", ["50.00"])
    run_now()
    (pa,), (pb,) = _payouts(a), _payouts(b)
    assert pa.provider_reference
    assert pa.provider_reference.startswith("po_stripe_")
    assert pa.provider_transfer
    transfer_posts = [r for r in fake_stripe.requests if r[0] == "post" and r[1] == "/v1/transfers"]
    assert {r[2]["transfer_group"][0] for r in transfer_posts} == {pa.id, pb.id}
    assert all(r[3]["Idempotency-Key"].endswith(":transfer") for r in transfer_posts)
    payout_posts = [r for r in fake_stripe.requests if r[1] == "/v1/payouts"]
    assert all(r[3]["Stripe-Account"] == "acct_1PgafTB7WZ01zgkW" for r in payout_posts)
    # Stripe says: a paid, b failed
    with unit_of_work() as s:
        body, sig = signed(
            {
                "id": "evt_1",
                "object": "event",
                "type": "payout.paid",
                "data": {"object": fake_stripe.payouts[0] | {"status": "paid"}},
            },
            "whsec_test",
        )
        assert payouts.handle_stripe_webhook(s, payload=body, signature=sig)["result"] == "paid"
        body2, sig2 = signed(
            {
                "id": "evt_2",
                "object": "event",
                "type": "payout.failed",
                "data": {
                    "object": fake_stripe.payouts[1] | {"status": "failed", "failure_code": "account_closed"}
                },
            },
            "whsec_test",
        )
        payouts.handle_stripe_webhook(s, payload=body2, signature=sig2)
    with unit_of_work() as s:
        assert payouts.handle_stripe_webhook(s, payload=body, signature=sig)["result"] == "duplicate"
    statuses = {p.merchant_id: (p.status, p.failure_code) for p in _payouts(a) + _payouts(b)}
    paid_mid = fake_stripe.payouts[0]["metadata"]["tradelane_payout"]
    assert sorted(statuses.values()) == [("failed", "account_closed"), ("paid", None)]
    assert paid_mid in (pa.id, pb.id)
    get_settings.cache_clear()

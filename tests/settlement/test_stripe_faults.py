"""The local Stripe holds the rail to Stripe's rules (units per currency, idempotency keys), and the rail
survives Stripe's bad moments: a 5xx, a timeout before or after Stripe acted, a refusal. It retries with the
same keys, leaves a payout it could not finish retriable, and never pays twice."""

from __future__ import annotations

from typing import Any

import pytest
import stripe
from sqlmodel import col, select

from core.config import get_settings
from core.db import unit_of_work
from core.money import Money
from settlement import payouts, service
from settlement.models import Payout, PayoutMethod, PayoutStatus
from settlement.providers import PayoutInstruction, StripeProvider
from tests.settlement.conftest import assert_ledger_sound, days_ago, make_merchant, signed
from tests.settlement.stripe_fake import FakeStripe, Fault


@pytest.fixture
def fake() -> FakeStripe:
    return FakeStripe()


@pytest.fixture
def client(fake: FakeStripe) -> stripe.StripeClient:
    return stripe.StripeClient("sk_test_local", http_client=fake, max_network_retries=2)


def _transfer(client: stripe.StripeClient, amount: Any, currency: str, key: str | None = None) -> Any:
    options: Any = {"idempotency_key": key} if key else {}
    return client.v1.transfers.create(
        params={
            "amount": amount,
            "currency": currency,
            "destination": "acct_1",
            "transfer_group": "po_1",
            "metadata": {"tradelane_payout": "po_1"},
        },
        options=options,
    )


def _payout(client: stripe.StripeClient, amount: int, currency: str) -> Any:
    return client.v1.payouts.create(
        params={"amount": amount, "currency": currency, "metadata": {"tradelane_payout": "po_1"}},
        options={"stripe_account": "acct_1"},
    )


# --- the local Stripe is strict --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        (12.5, "usd"),  # not an integer
        (0, "usd"),
        (-100, "usd"),
        (5124, "kwd"),  # three decimals, the last one must be 0
        (12345, "isk"),  # two decimals, always 00
        (1000, "USD"),  # Stripe's currencies are lower case
        (1000, "xyz"),
    ],
)
def test_stripe_refuses_amounts_outside_its_units(
    client: stripe.StripeClient, amount: Any, currency: str
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as refused:
        _transfer(client, amount, currency)
    assert refused.value.http_status == 400
    assert refused.value.param in ("amount", "currency")


@pytest.mark.parametrize(("amount", "currency"), [(104_550, "huf"), (80_045, "twd"), (15_000_050, "idr")])
def test_stripe_pays_out_huf_twd_idr_in_whole_units_only(
    client: stripe.StripeClient, amount: int, currency: str
) -> None:
    assert _transfer(client, amount, currency).amount == amount  # a transfer takes the decimals
    with pytest.raises(stripe.InvalidRequestError, match="divisible by 100"):
        _payout(client, amount, currency)
    assert _payout(client, amount - amount % 100, currency).amount == amount - amount % 100


@pytest.mark.parametrize(("amount", "currency"), [(1, "jpy"), (5120, "kwd"), (12300, "isk"), (1, "usd")])
def test_stripe_takes_amounts_in_its_units(client: stripe.StripeClient, amount: int, currency: str) -> None:
    assert _transfer(client, amount, currency).amount == amount
    assert _payout(client, amount, currency).amount == amount


def test_a_key_reused_with_other_parameters_is_stripes_idempotency_error(
    client: stripe.StripeClient, fake: FakeStripe
) -> None:
    first = _transfer(client, 1000, "usd", key="po_1:transfer")
    again = _transfer(client, 1000, "usd", key="po_1:transfer")
    assert again.id == first.id
    with pytest.raises(stripe.IdempotencyError) as refused:
        _transfer(client, 1001, "usd", key="po_1:transfer")
    assert refused.value.http_status == 400
    assert len(fake.transfers) == 1


# --- the rail under faults ---------------------------------------------------------------------------------


def _instruction(payout_id: str = "po_1", minor: int = 7217, currency: str = "USD") -> PayoutInstruction:
    return PayoutInstruction(
        payout_id=payout_id,
        payee_id="mer_1",
        amount_minor=minor,
        currency=currency,
        account_holder="Holder",
        stripe_account="acct_1",
    )


@pytest.mark.parametrize(
    ("path", "fault"),
    [
        ("/v1/transfers", Fault("5xx", status=500)),
        ("/v1/transfers", Fault("5xx", status=503)),
        ("/v1/transfers", Fault("timeout")),
        ("/v1/transfers", Fault("timeout_after")),
        ("/v1/payouts", Fault("5xx", status=502)),
        ("/v1/payouts", Fault("timeout")),
        ("/v1/payouts", Fault("timeout_after")),
    ],
)
def test_a_passing_fault_is_retried_with_the_same_key_and_pays_once(
    client: stripe.StripeClient, fake: FakeStripe, path: str, fault: Fault
) -> None:
    fake.fail("post", path, fault, times=2)  # the SDK tries three times
    (result,) = StripeProvider(client).submit("bat_1", [_instruction()])
    assert result.ok, result
    assert fake.sent_for("po_1") == (1, 1)
    posts = [r for r in fake.requests if r[0] == "post" and r[1] == path]
    assert len(posts) == 3
    assert len({r[3]["Idempotency-Key"] for r in posts}) == 1


@pytest.mark.parametrize("path", ["/v1/transfers", "/v1/payouts"])
@pytest.mark.parametrize("fault", [Fault("5xx"), Fault("timeout"), Fault("timeout_after")])
def test_a_lasting_fault_leaves_the_payout_to_a_later_attempt_that_pays_once(
    client: stripe.StripeClient, fake: FakeStripe, path: str, fault: Fault
) -> None:
    fake.fail("post", path, fault, times=3)
    with pytest.raises((stripe.APIError, stripe.APIConnectionError)):
        StripeProvider(client).submit("bat_1", [_instruction()])
    (result,) = StripeProvider(client).submit("bat_1", [_instruction()])
    assert result.ok, result
    assert fake.sent_for("po_1") == (1, 1)


def test_a_refused_payout_takes_its_transfer_back(client: stripe.StripeClient, fake: FakeStripe) -> None:
    fake.fail("post", "/v1/payouts", Fault("refuse", code="balance_insufficient"))
    (result,) = StripeProvider(client).submit("bat_1", [_instruction()])
    assert not result.ok
    assert result.failure_code == "balance_insufficient"
    assert len(fake.transfers) == 1
    assert fake.transfers[0]["reversed"] is True
    assert fake.sent_for("po_1") == (0, 0)
    # a reversal that failed is finished by the next attempt, never doubled
    fake.fail("post", "/v1/payouts", Fault("refuse", code="balance_insufficient"))
    (again,) = StripeProvider(client).submit("bat_1", [_instruction()])
    assert not again.ok
    assert len(fake.reversals) == 1


def test_a_refused_reversal_leaves_the_payout_to_a_later_attempt(
    client: stripe.StripeClient, fake: FakeStripe
) -> None:
    fake.fail("post", "/v1/payouts", Fault("refuse", code="balance_insufficient"))
    fake.fail("post", "/v1/transfers/", Fault("5xx"), times=3)
    with pytest.raises(stripe.APIError):
        StripeProvider(client).submit("bat_1", [_instruction()])
    assert fake.sent_for("po_1") == (1, 0)  # the money is in the connected account, the payout not failed
    fake.fail("post", "/v1/payouts", Fault("refuse", code="balance_insufficient"))
    (result,) = StripeProvider(client).submit("bat_1", [_instruction()])
    assert not result.ok
    assert fake.sent_for("po_1") == (0, 0)
    assert len(fake.reversals) == 1


# --- a run meeting a lasting fault -------------------------------------------------------------------------


def _stripe_payouts(mid: str) -> list[Payout]:
    with unit_of_work() as s:
        return list(s.exec(select(Payout).where(col(Payout.merchant_id) == mid)))


def test_a_run_meeting_a_lasting_stripe_fault_leaves_the_payout_retriable_and_pays_it_once(
    db_url: str, fake_stripe: FakeStripe
) -> None:
    with unit_of_work() as s:
        mid = make_merchant(s, method=PayoutMethod.stripe)
        service.record_sale(
            s,
            order_id="f1",
            merchant_id=mid,
            amount=Money.of("40.00", "USD"),
            category="books",
            paid_at=days_ago(12),
        )
        service.record_delivery(s, order_id="f1", delivered_at=days_ago(10))
    fake_stripe.fail("post", "/v1/payouts", Fault("5xx", status=503), times=3)
    with unit_of_work() as s:
        run_id = payouts.request_run(s).id
    with pytest.raises(stripe.APIError):
        payouts.execute_run(run_id)
    (payout,) = _stripe_payouts(mid)
    assert payout.status == PayoutStatus.submitting.value  # neither failed (its money elsewhere) nor paid
    assert fake_stripe.sent_for(payout.id) == (1, 0)
    payouts.execute_run(run_id)  # the scheduler's retry
    (payout,) = _stripe_payouts(mid)
    assert payout.status == PayoutStatus.in_transit.value
    assert fake_stripe.sent_for(payout.id) == (1, 1)
    with unit_of_work(write=False) as s:
        assert_ledger_sound(s)
        assert payouts.reconcile(s, run_id=run_id)["balanced"] is True


def test_a_stripe_report_is_compared_in_stripes_units(
    db_url: str, fake_stripe: FakeStripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IDR: the project keeps whole rupiah, Stripe counts hundredths. A report of IDR 1,455,000 reads
    145500000 from Stripe; 1455000 (the project's own units) is a hundredth of it and confirms nothing."""
    monkeypatch.setenv("APP_STRIPE_WEBHOOK_SECRET", "whsec_units")
    get_settings.cache_clear()
    mids = []
    with unit_of_work() as s:
        for n in range(2):
            mid = make_merchant(s, currency="IDR", country="ID", minimum="1000", method=PayoutMethod.stripe)
            service.record_sale(
                s,
                order_id=f"idr{n}",
                merchant_id=mid,
                amount=Money.of("1500000", "IDR"),
                category="books",
                paid_at=days_ago(12),
            )
            service.record_delivery(s, order_id=f"idr{n}", delivered_at=days_ago(10))
            mids.append(mid)
    with unit_of_work() as s:
        run_id = payouts.request_run(s).id
    payouts.execute_run(run_id)
    (right,), (wrong,) = (_stripe_payouts(m) for m in mids)
    sent = {p["metadata"]["tradelane_payout"]: p for p in fake_stripe.payouts}
    assert sent[right.id]["amount"] == right.payout_amount_minor * 100
    with unit_of_work() as s:
        for n, (payout, amount) in enumerate(
            [(right, sent[right.id]["amount"]), (wrong, wrong.payout_amount_minor)]
        ):
            event = {
                "id": f"evt_idr_{n}",
                "object": "event",
                "type": "payout.paid",
                "data": {"object": sent[payout.id] | {"status": "paid", "amount": amount}},
            }
            body, sig = signed(event, "whsec_units")
            outcome = payouts.handle_stripe_webhook(s, payload=body, signature=sig)["result"]
            assert outcome == ("paid" if payout is right else "mismatch")
    (right,), (wrong,) = (_stripe_payouts(m) for m in mids)
    assert right.status == PayoutStatus.paid.value
    assert wrong.status == PayoutStatus.in_transit.value
    with unit_of_work(write=False) as s:
        rec = payouts.reconcile(s, run_id=run_id)
    assert [(m["payout"], m["issue"]) for m in rec["mismatches"]] == [(wrong.id, "reported_amount_differs")]
    get_settings.cache_clear()

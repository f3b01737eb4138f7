"""FX quotes through the service functions orders and payouts call: the markup, the amounts, single use
(also under concurrency) and expiry."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session

from core.clock import frozen
from core.db import unit_of_work
from core.errors import AppError, InvalidInput
from core.money import Money
from payments import fx
from payments.errors import FxQuoteConsumed, FxQuoteExpired, FxQuoteNotFound, NoRate
from payments.fx_quotes import (
    FxQuoteStatus,
    buy_money,
    consume_fx_quote,
    create_fx_quote,
    customer_rate,
    get_fx_quote,
    list_markups,
    markup_bps_for,
    quote_status,
    sell_money,
    set_markup,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def at_now() -> Iterator[None]:
    with frozen(NOW):
        yield


def money(amount: str, currency: str) -> Money:
    return Money(Decimal(amount), currency)


def reference(session: Session, sell: str, buy: str) -> Decimal:
    return fx.rate_book(session).cross(sell, buy).rate


def test_a_sell_amount_quote(session: Session, at_now: None) -> None:
    q = create_fx_quote(
        session,
        sell_currency="USD",
        buy_currency="EUR",
        sell_amount=money("1000.00", "USD"),
        lock_seconds=600,
    )
    ref = reference(session, "USD", "EUR")
    assert q.id.startswith("fxq_")
    assert (q.reference_rate, q.markup_bps, q.fixed_side) == (ref, 50, "sell")
    assert q.rate == fx.RATE_CONTEXT.divide(ref * 9950, Decimal(10_000))
    assert q.rate < q.reference_rate
    assert sell_money(q) == money("1000.00", "USD")
    assert buy_money(q) == fx.round_to_minor(q.rate * 1000, "EUR")
    assert (q.rate_date, q.source) == (fx.ecb_rates().last_date, "ecb")
    assert q.expires_at == NOW + timedelta(seconds=600)
    assert quote_status(q) is FxQuoteStatus.open


def test_a_buy_amount_quote_computes_what_to_sell(session: Session, at_now: None) -> None:
    q = create_fx_quote(
        session, sell_currency="EUR", buy_currency="JPY", buy_amount=money("100000", "JPY"), lock_seconds=60
    )
    assert q.fixed_side == "buy"
    assert buy_money(q) == money("100000", "JPY")
    assert sell_money(q) == fx.round_to_minor(Decimal(100000) / q.rate, "EUR")


def test_markup_per_pair_and_the_default(session: Session, at_now: None) -> None:
    assert markup_bps_for(session, sell_currency="USD", buy_currency="IDR") == 50
    set_markup(session, base="USD", quote="IDR", markup_bps=80)
    set_markup(session, base="USD", quote="IDR", markup_bps=120)  # a second set updates the pair
    set_markup(session, base="EUR", quote="USD", markup_bps=0)
    assert [(m.base, m.quote, m.markup_bps) for m in list_markups(session)] == [
        ("EUR", "USD", 0),
        ("USD", "IDR", 120),
    ]
    q = create_fx_quote(
        session, sell_currency="USD", buy_currency="IDR", sell_amount=money("250.00", "USD"), lock_seconds=600
    )
    assert q.markup_bps == 120
    assert q.rate == customer_rate(q.reference_rate, 120)
    reverse = create_fx_quote(
        session, sell_currency="IDR", buy_currency="USD", buy_amount=money("250.00", "USD"), lock_seconds=600
    )
    assert reverse.markup_bps == 50  # a markup is for one direction
    free = create_fx_quote(
        session, sell_currency="EUR", buy_currency="USD", sell_amount=money("10.00", "EUR"), lock_seconds=600
    )
    assert free.rate == free.reference_rate


def test_customer_rate_is_rounded_half_even_to_15_digits() -> None:
    assert customer_rate(Decimal("1.0956"), 50) == Decimal("1.090122")
    assert customer_rate(Decimal("0.912741876597298"), 50) == Decimal(
        "0.908178167214312"
    )  # 0.9081781672143115
    assert customer_rate(Decimal("2"), 0) == Decimal("2")


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"sell_amount": None}, {"sell_amount", "buy_amount"}),
        ({"buy_amount": Money(Decimal("1.00"), "EUR")}, {"sell_amount", "buy_amount"}),
        ({"sell_amount": Money(Decimal("1.00"), "EUR")}, {"sell_amount.currency"}),
        ({"sell_amount": Money(Decimal("0.00"), "USD")}, {"sell_amount.amount"}),
        ({"sell_amount": Money(Decimal("1.001"), "USD")}, {"sell_amount.amount"}),
        ({"sell_amount": Money(Decimal("1e15"), "USD")}, {"sell_amount.amount"}),
        ({"lock_seconds": 59}, {"lock_seconds"}),
        ({"lock_seconds": 86_401}, {"lock_seconds"}),
        ({"buy_currency": "USD"}, {"buy_currency"}),
        ({"buy_currency": "USX"}, {"buy_currency"}),
        ({"sell_currency": "XAU"}, {"sell_currency"}),
        ({"buy_currency": "VND"}, {"buy_currency"}),  # no rate
    ],
)
def test_bad_quotes_name_the_field(
    session: Session, at_now: None, kwargs: dict[str, Any], fields: set[str]
) -> None:
    args: dict[str, Any] = {
        "sell_currency": "USD",
        "buy_currency": "EUR",
        "sell_amount": Money(Decimal("10.00"), "USD"),
        "lock_seconds": 600,
    }
    with pytest.raises(InvalidInput) as exc:
        create_fx_quote(session, **{**args, **kwargs})
    assert exc.value.status == 422
    assert {e.field for e in exc.value.errors} == fields


def test_an_amount_that_buys_nothing_is_refused(session: Session, at_now: None) -> None:
    with pytest.raises(InvalidInput, match=r"round to 0\.00 USD") as exc:
        create_fx_quote(
            session, sell_currency="IDR", buy_currency="USD", sell_amount=money("10", "IDR"), lock_seconds=60
        )
    assert [e.field for e in exc.value.errors] == ["sell_amount.amount"]


def test_quotes_in_a_supplementary_currency(session: Session, at_now: None) -> None:
    with pytest.raises(NoRate, match="add a supplementary rate"):
        create_fx_quote(
            session,
            sell_currency="USD",
            buy_currency="VND",
            sell_amount=money("10.00", "USD"),
            lock_seconds=60,
        )
    fx.set_supplementary_rate(
        session, currency="VND", rate=Decimal("26250"), base="USD", as_of=date(2026, 10, 30), source="SBV"
    )
    q = create_fx_quote(
        session, sell_currency="USD", buy_currency="VND", sell_amount=money("10.00", "USD"), lock_seconds=60
    )
    assert q.reference_rate == Decimal("26250")
    assert buy_money(q) == money("261188", "VND")  # 262500 less 50 bps = 261187.5: half to even
    assert q.rate_date == date(2026, 10, 30)
    assert "supplementary: SBV" in q.source


def test_a_quote_between_two_supplementary_currencies_keeps_both_sources(
    session: Session, at_now: None
) -> None:
    for currency, rate, letter in (("VND", "26250", "v"), ("AED", "3.6725", "a")):
        fx.set_supplementary_rate(
            session,
            currency=currency,
            rate=Decimal(rate),
            base="USD",
            as_of=date(2026, 10, 30),
            source=letter * 200,
        )
    q = create_fx_quote(
        session, sell_currency="VND", buy_currency="AED", sell_amount=money("1000000", "VND"), lock_seconds=60
    )
    assert q.source == f"supplementary: {'v' * 200} (per USD) + ecb + supplementary: {'a' * 200} (per USD)"
    session.expire_all()
    assert get_fx_quote(session, quote_id=q.id).source == q.source
    assert q.reference_rate == fx.RATE_CONTEXT.divide(Decimal("3.6725"), Decimal(26250))


def test_consumed_once_then_409_and_the_same_consumer_gets_it_back(session: Session, at_now: None) -> None:
    q = create_fx_quote(
        session, sell_currency="USD", buy_currency="EUR", sell_amount=money("5.00", "USD"), lock_seconds=60
    )
    used = consume_fx_quote(session, quote_id=q.id, consumer="ord_1")
    assert (used.consumed_at, used.consumed_by) == (NOW, "ord_1")
    assert quote_status(used) is FxQuoteStatus.consumed
    assert consume_fx_quote(session, quote_id=q.id, consumer="ord_1").consumed_at == NOW  # a retry
    with pytest.raises(FxQuoteConsumed) as exc:
        consume_fx_quote(session, quote_id=q.id, consumer="ord_2")
    assert exc.value.status == 409
    with pytest.raises(FxQuoteNotFound):
        consume_fx_quote(session, quote_id="fxq_nope", consumer="ord_1")
    with pytest.raises(FxQuoteNotFound):
        get_fx_quote(session, quote_id="fxq_nope")


def test_an_expired_quote_is_410(session: Session) -> None:
    with frozen(NOW):
        q = create_fx_quote(
            session,
            sell_currency="USD",
            buy_currency="EUR",
            sell_amount=money("5.00", "USD"),
            lock_seconds=60,
        )
    with frozen(NOW + timedelta(seconds=59)):
        assert quote_status(q) is FxQuoteStatus.open
    with frozen(NOW + timedelta(seconds=60)):  # the lock holds strictly before expires_at
        assert quote_status(get_fx_quote(session, quote_id=q.id)) is FxQuoteStatus.expired
        with pytest.raises(FxQuoteExpired) as exc:
            consume_fx_quote(session, quote_id=q.id, consumer="ord_1")
    assert exc.value.status == 410
    assert get_fx_quote(session, quote_id=q.id).consumed_at is None


def test_two_concurrent_consumers_cannot_both_succeed(db_url: str) -> None:
    with frozen(NOW), unit_of_work() as s:
        quote_id = create_fx_quote(
            s, sell_currency="USD", buy_currency="EUR", sell_amount=money("5.00", "USD"), lock_seconds=600
        ).id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def consume(consumer: str) -> None:
        barrier.wait()
        try:
            with unit_of_work() as s:
                consume_fx_quote(s, quote_id=quote_id, consumer=consumer)
            outcomes.append("ok")
        except AppError as exc:
            outcomes.append(type(exc).__name__)

    with frozen(NOW + timedelta(seconds=1)):
        threads = [threading.Thread(target=consume, args=(f"ord_{i}",)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert sorted(outcomes) == ["FxQuoteConsumed"] * 3 + ["ok"]
    with unit_of_work(write=False) as s:
        assert get_fx_quote(s, quote_id=quote_id).consumed_by in {f"ord_{i}" for i in range(4)}

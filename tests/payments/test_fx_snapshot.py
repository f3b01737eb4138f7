"""The process's FX snapshot (`payments.fx_quotes.current`): what shipping quotes lock their rates from.

It must follow every change of markups, stored and supplementary rates: at once in the process that wrote
(after the commit, not before, and not on a rollback), and in other processes once they see the FX
generation move.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlmodel import Session

from core import snapshots
from core.clock import frozen
from core.config import get_settings
from core.db import new_session, unit_of_work
from core.money import Money
from core.snapshots import bump, generation
from payments import fx, fx_quotes
from payments.fx import FX_GENERATION, EurRate
from payments.models import FxMarkup

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


@pytest.fixture
def at_now(db_url: str) -> Iterator[None]:
    fx_quotes.invalidate()
    with frozen(NOW):
        yield


def test_a_markup_set_here_is_in_the_snapshot_once_committed(at_now: None) -> None:
    assert fx_quotes.current().markups_selling("IDR")["USD"] == get_settings().fx_default_markup_bps
    with unit_of_work() as s:
        before = generation(s, FX_GENERATION)
        fx_quotes.set_markup(s, base="IDR", quote="USD", markup_bps=77)
        assert fx_quotes.current().markups.get(("IDR", "USD")) is None  # not before the commit
    snap = fx_quotes.current()
    assert snap.markups_selling("IDR")["USD"] == 77
    assert snap.generation == before + 1


def test_a_rolled_back_markup_changes_nothing(at_now: None) -> None:
    first = fx_quotes.current()
    s = new_session()
    try:
        fx_quotes.set_markup(s, base="IDR", quote="USD", markup_bps=55)
        s.rollback()
    finally:
        s.close()
    assert fx_quotes.current() is first


def test_another_process_change_is_seen_when_its_generation_is(
    at_now: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fx_quotes.current()
    with unit_of_work() as s:  # as another process would: a row and a bump, but no invalidation here
        s.add(FxMarkup(base="IDR", quote="SGD", markup_bps=99))
        bump(s, FX_GENERATION)
    assert fx_quotes.current() is first  # within the recheck interval, the copy held is answered
    monkeypatch.setattr(snapshots, "RECHECK_SECONDS", 0.0)
    later = fx_quotes.current()
    assert later is not first
    assert later.markups_selling("IDR")["SGD"] == 99


def test_stored_and_supplementary_rates_reach_the_snapshot_after_commit(at_now: None) -> None:
    assert fx_quotes.current().book.cross("USD", "EUR").source == "ecb"
    with unit_of_work() as s:
        fx.store_rates(s, {"USD": EurRate("USD", Decimal("1.25"), TODAY, (fx.LIVE_SOURCE,))})
    cross = fx_quotes.current().book.cross("USD", "EUR")
    assert (cross.rate, cross.source, cross.rate_date) == (Decimal("0.8"), fx.LIVE_SOURCE, TODAY)
    with unit_of_work() as s:
        fx.set_supplementary_rate(
            s, currency="VND", rate=Decimal(25_000), base="USD", as_of=TODAY, source="SBV"
        )
    assert fx_quotes.current().book.cross("USD", "VND").rate == Decimal(25_000)


def test_an_fx_lock_priced_from_the_snapshot_is_the_one_create_fx_quote_makes(
    at_now: None, session: Session
) -> None:
    fx_quotes.set_markup(session, base="IDR", quote="CNY", markup_bps=40)
    session.commit()
    made = fx_quotes.create_fx_quote(
        session,
        sell_currency="IDR",
        buy_currency="CNY",
        buy_amount=Money.of("100", "CNY"),
        lock_seconds=600,
    )
    snap = fx_quotes.current()
    row = fx_quotes.price_fx_quote(
        snap.book,
        sell_currency="IDR",
        buy_currency="CNY",
        buy_amount=Money.of("100", "CNY"),
        lock_seconds=600,
        created_by=None,
        markup_bps=snap.markups_selling("IDR")["CNY"],
    )
    for field in ("rate", "reference_rate", "markup_bps", "sell_amount_minor", "buy_amount_minor", "source"):
        assert row[field] == getattr(made, field), field

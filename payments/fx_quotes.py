"""FX quotes: a rate locked for a while, with a markup, used once.

The customer rate is the reference (ECB cross) rate less the markup of the currency pair:
`rate = reference_rate * (10000 - markup_bps) / 10000`, rounded half-even to `RATE_DIGITS` significant digits;
the client gives one amount and the other is computed at `rate` and rounded half-even to its minor unit.

Orders and payouts call `consume_fx_quote` when they execute at the locked rate. Consumption is one
conditional UPDATE (`WHERE consumed_at IS NULL AND expires_at > now`), so of two concurrent consumers exactly
one gets the row; the other is told it was used (409) or has expired (410). The same consumer asking again
(a retried task) gets the quote back: that is a replay, not a second use.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.bulk import Batch
from core.clock import utc_now
from core.config import get_settings
from core.errors import FieldError, InvalidInput
from core.ids import new_id
from core.jobs import send
from core.models import canonical_decimal
from core.money import Money
from core.snapshots import Snapshot, bump
from payments.errors import FxQuoteConsumed, FxQuoteExpired, FxQuoteNotFound, RatesTooOld
from payments.freshness import NO_LIMIT, AgeLimit, Freshness, LastRefresh, age_limit, freshness, last_refresh
from payments.fx import (
    EXACT_CONTEXT,
    FX_GENERATION,
    MAX_AMOUNT,
    RATE_CONTEXT,
    RateBook,
    check_currency,
    layered_book,
    on_rates_changed,
    rate_book,
    reference_rates_date,
    round_to_minor,
    today,
)
from payments.models import FxMarkup, FxQuote

log = logging.getLogger("tradelane.fx")

MIN_LOCK_SECONDS = 60
MAX_LOCK_SECONDS = 86_400
MAX_MARKUP_BPS = 2_000
_BPS = Decimal(10_000)
_MAX_MINOR = 2**63 - 1


class FxQuoteStatus(StrEnum):
    open = "open"
    expired = "expired"
    consumed = "consumed"


def quote_status(quote: FxQuote, *, now: datetime | None = None) -> FxQuoteStatus:
    if quote.consumed_at is not None:
        return FxQuoteStatus.consumed
    return FxQuoteStatus.open if (now or utc_now()) < quote.expires_at else FxQuoteStatus.expired


def sell_money(quote: FxQuote) -> Money:
    return Money.from_minor(quote.sell_amount_minor, quote.sell_currency)


def buy_money(quote: FxQuote) -> Money:
    return Money.from_minor(quote.buy_amount_minor, quote.buy_currency)


@lru_cache(maxsize=4096)
def customer_rate(reference_rate: Decimal, markup_bps: int) -> Decimal:
    """The reference rate less `markup_bps` basis points, to RATE_DIGITS significant digits (half-even)."""
    return canonical_decimal(
        RATE_CONTEXT.divide(EXACT_CONTEXT.multiply(reference_rate, _BPS - markup_bps), _BPS)
    )


# --- markups --------------------------------------------------------------------------------------------


def markup_bps_for(session: Session, *, sell_currency: str, buy_currency: str) -> int:
    """The pair's markup, or the default (settings.fx_default_markup_bps)."""
    row = session.get(FxMarkup, (sell_currency, buy_currency))
    return row.markup_bps if row is not None else get_settings().fx_default_markup_bps


def markups_selling(session: Session, *, sell_currency: str) -> dict[str, int]:
    """`markup_bps_for` every pair selling `sell_currency`, by the currency bought, in one query: for a unit
    that locks several pairs (a shipping quote). Pairs without a row get the default."""
    default = get_settings().fx_default_markup_bps
    rows = session.exec(select(FxMarkup).where(col(FxMarkup.base) == sell_currency))
    return defaultdict(lambda: default, {row.quote: row.markup_bps for row in rows})


def set_markup(
    session: Session, *, base: str, quote: str, markup_bps: int, updated_by: str | None = None
) -> FxMarkup:
    """The markup of quotes selling `base` for `quote`."""
    check_currency(base, field="base")
    check_currency(quote, field="quote")
    if base == quote:
        raise InvalidInput.for_field("quote", "a pair needs two different currencies")
    if not 0 <= markup_bps <= MAX_MARKUP_BPS:
        raise InvalidInput.for_field("markup_bps", f"must be from 0 to {MAX_MARKUP_BPS}")
    row = session.get(FxMarkup, (base, quote))
    if row is None:
        row = FxMarkup(base=base, quote=quote, markup_bps=markup_bps, updated_by=updated_by)
    else:
        row.markup_bps, row.updated_at, row.updated_by = markup_bps, utc_now(), updated_by
    session.add(row)
    session.flush()
    bump(session, FX_GENERATION, then=invalidate)
    return row


def list_markups(session: Session) -> Sequence[FxMarkup]:
    return session.exec(select(FxMarkup).order_by(col(FxMarkup.base), col(FxMarkup.quote))).all()


# --- the process's snapshot of rates and markups ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FxSnapshot:
    """The rates and markups every request of the process reads (a shipping quote locks several pairs): no
    query on the request path (today's stored and supplementary rows are read as it is built, another day's
    once, on the background engine). A `core.snapshots.Snapshot` of the FX generation, which every write of
    rates or markups bumps: the writing process drops its copy after the commit, the others rebuild theirs
    when their refresher (or, without one, their next look, at most once a second) sees the counter move."""

    generation: int
    book: RateBook
    markups: Mapping[tuple[str, str], int]
    """markup_bps by (sell currency, buy currency); pairs without a row take the default."""
    reference_date: date | None = None
    """The publication day of the freshest reference rates when the snapshot was built."""
    age_limit: AgeLimit = NO_LIMIT
    last_refresh: LastRefresh | None = None

    def freshness(self) -> Freshness:
        """The reference rates' age today against the limit in force."""
        return freshness(self.reference_date, self.age_limit)

    def markups_selling(self, sell_currency: str) -> dict[str, int]:
        """`markups_selling` from the snapshot."""
        default = get_settings().fx_default_markup_bps
        selling = {buy: bps for (sell, buy), bps in self.markups.items() if sell == sell_currency}
        return defaultdict(lambda: default, selling)


def _load(session: Session, generation: int, _previous: FxSnapshot | None) -> FxSnapshot:
    rows = session.exec(select(col(FxMarkup.base), col(FxMarkup.quote), col(FxMarkup.markup_bps))).all()
    book = layered_book(None)
    day = today()
    book.preload(day)
    return FxSnapshot(
        generation,
        book,
        {(base, quote): bps for base, quote, bps in rows},
        reference_rates_date(None, day),
        age_limit(session),
        last_refresh(session),
    )


_fx: Snapshot[FxSnapshot] = Snapshot(FX_GENERATION, load=_load)


def current() -> FxSnapshot:
    """The process's rates and markups (see `FxSnapshot`)."""
    return _fx.current()


def invalidate() -> None:
    """Drop this process's copy (after a commit that changed rates or markups)."""
    _fx.invalidate()


on_rates_changed(invalidate)


_KICK_SECONDS = 60.0
_last_kick = [0.0]


def check_fresh(snapshot: FxSnapshot | None = None) -> FxSnapshot:
    """The snapshot to price with, if its reference rates are within the age limit; else `RatesTooOld`
    (503). With a live provider, stale rates send the refresh task at once (at most once a minute per
    process) rather than waiting for its hourly run; when it has stored fresher rates already (tasks run
    in-process), the fresh snapshot is used."""
    snap = snapshot if snapshot is not None else current()
    state = snap.freshness()
    if not state.stale:
        return snap
    if get_settings().fx_provider == "live" and time.monotonic() - _last_kick[0] >= _KICK_SECONDS:
        _last_kick[0] = time.monotonic()
        send("payments.refresh_fx_rates")
        snap = current()
        state = snap.freshness()
        if not state.stale:
            return snap
    log.warning("reference rates too old to price with", extra=state.as_dict())
    raise RatesTooOld(state)


# --- quotes ---------------------------------------------------------------------------------------------


def _check_amount(money: Money | None, currency: str, side: str) -> None:
    if money is None:
        return
    field = f"{side}_amount"
    if money.currency != currency:
        raise InvalidInput.for_field(f"{field}.currency", f"must be {currency}, the {side}_currency")
    if money.amount <= 0:
        raise InvalidInput.for_field(f"{field}.amount", "must be more than zero")
    if money.amount > MAX_AMOUNT:
        raise InvalidInput.for_field(f"{field}.amount", f"must be at most {MAX_AMOUNT:,f}")
    if not money.is_exact():
        raise InvalidInput.for_field(f"{field}.amount", f"has more decimals than {currency} allows")


def create_fx_quote(
    session: Session,
    *,
    sell_currency: str,
    buy_currency: str,
    sell_amount: Money | None = None,
    buy_amount: Money | None = None,
    lock_seconds: int,
    created_by: str | None = None,
    check_age: bool = False,
) -> FxQuote:
    """Lock today's reference rate less the pair's markup for `lock_seconds`. Give exactly one amount.
    `check_age`: refused (`RatesTooOld`, 503) while the reference rates are older than the age limit, as a
    lock sold to a client is."""
    if check_age:
        check_fresh()
    quote = build_fx_quote(
        session,
        sell_currency=sell_currency,
        buy_currency=buy_currency,
        sell_amount=sell_amount,
        buy_amount=buy_amount,
        lock_seconds=lock_seconds,
        created_by=created_by,
    )
    session.add(quote)
    session.flush()
    return quote


def build_fx_quote(
    session: Session,
    *,
    sell_currency: str,
    buy_currency: str,
    sell_amount: Money | None = None,
    buy_amount: Money | None = None,
    lock_seconds: int,
    created_by: str | None = None,
    markup_bps: int | None = None,
) -> FxQuote:
    """The FX quote `create_fx_quote` stores, checked and priced but not yet added to the session.
    `markup_bps`, when the caller looked it up already, saves a query."""
    markup = (
        markup_bps
        if markup_bps is not None
        else markup_bps_for(session, sell_currency=sell_currency, buy_currency=buy_currency)
    )
    row = price_fx_quote(
        rate_book(session),
        sell_currency=sell_currency,
        buy_currency=buy_currency,
        sell_amount=sell_amount,
        buy_amount=buy_amount,
        lock_seconds=lock_seconds,
        created_by=created_by,
        markup_bps=markup,
    )
    return FxQuote(**row)


def price_fx_quote(
    book: RateBook,
    *,
    sell_currency: str,
    buy_currency: str,
    sell_amount: Money | None = None,
    buy_amount: Money | None = None,
    lock_seconds: int,
    created_by: str | None,
    markup_bps: int,
) -> dict[str, Any]:
    """An FX quote as an `fx_quotes` row, checked and priced at `book`'s rates: for a unit that computes
    first and writes its rows at its end with one insert (a shipping quote locks several pairs)."""
    check_currency(sell_currency, field="sell_currency")
    check_currency(buy_currency, field="buy_currency")
    if sell_currency == buy_currency:
        raise InvalidInput.for_field("buy_currency", "must differ from sell_currency")
    if (sell_amount is None) == (buy_amount is None):
        message = "give exactly one of sell_amount and buy_amount"
        raise InvalidInput(
            message, errors=[FieldError("sell_amount", message), FieldError("buy_amount", message)]
        )
    _check_amount(sell_amount, sell_currency, "sell")
    _check_amount(buy_amount, buy_currency, "buy")
    if not MIN_LOCK_SECONDS <= lock_seconds <= MAX_LOCK_SECONDS:
        raise InvalidInput.for_field(
            "lock_seconds", f"must be from {MIN_LOCK_SECONDS} to {MAX_LOCK_SECONDS} seconds"
        )

    cross = book.cross(sell_currency, buy_currency, fields=("sell_currency", "buy_currency"))
    rate = customer_rate(cross.rate, markup_bps)
    if sell_amount is not None:
        fixed_side, given_field, other_field = "sell", "sell_amount", "buy_amount"
        sell = sell_amount
        buy = round_to_minor(EXACT_CONTEXT.multiply(sell.amount, rate), buy_currency)
    else:
        assert buy_amount is not None
        fixed_side, given_field, other_field = "buy", "buy_amount", "sell_amount"
        buy = buy_amount
        sell = round_to_minor(EXACT_CONTEXT.divide(buy.amount, rate), sell_currency)
    counter = buy if fixed_side == "sell" else sell
    if counter.is_zero():
        raise InvalidInput.for_field(
            f"{given_field}.amount", f"too small: the {other_field} would round to {counter}"
        )
    if abs(counter.to_minor()) > _MAX_MINOR:
        raise InvalidInput.for_field(
            f"{given_field}.amount", f"too large: the {other_field} would be {counter}"
        )

    now = utc_now()
    return {
        "id": new_id("fxq"),
        "sell_currency": sell_currency,
        "buy_currency": buy_currency,
        "sell_amount_minor": sell.to_minor(),
        "buy_amount_minor": buy.to_minor(),
        "fixed_side": fixed_side,
        "reference_rate": cross.rate,
        "markup_bps": markup_bps,
        "rate": rate,
        "rate_date": cross.rate_date,
        "source": cross.source,
        "created_at": now,
        "expires_at": now + timedelta(seconds=lock_seconds),
        "created_by": created_by,
        "consumed_at": None,
        "consumed_by": None,
    }


def fx_quote_batch(rows: Sequence[dict[str, Any]]) -> Batch:
    """Rows from `price_fx_quote`, to be written with the unit's other new rows (`core.bulk.insert_rows`)."""
    return FxQuote.__table__, rows  # type: ignore[attr-defined]


def get_fx_quote(session: Session, *, quote_id: str) -> FxQuote:
    quote = session.get(FxQuote, quote_id)
    if quote is None:
        raise FxQuoteNotFound(f"no FX quote {quote_id}")
    return quote


def consume_fx_quote(session: Session, *, quote_id: str, consumer: str) -> FxQuote:
    """Use the quote's locked rate, once. `consumer` names the user (an order id, a payout id).

    Raises FxQuoteNotFound, FxQuoteConsumed (409: another consumer used it) or FxQuoteExpired (410).
    """
    if not 1 <= len(consumer) <= 100:
        raise InvalidInput.for_field("consumer", "must be 1 to 100 characters")
    now = utc_now()
    claimed = session.exec(
        update(FxQuote)
        .where(
            col(FxQuote.id) == quote_id,
            col(FxQuote.consumed_at).is_(None),
            col(FxQuote.expires_at) > now,
        )
        .values(consumed_at=now, consumed_by=consumer)
        .execution_options(synchronize_session=False)
    ).rowcount
    quote = session.get(FxQuote, quote_id, populate_existing=True)
    if quote is None:
        raise FxQuoteNotFound(f"no FX quote {quote_id}")
    if claimed == 1 or quote.consumed_by == consumer:
        return quote
    if quote.consumed_at is not None:
        raise FxQuoteConsumed(f"FX quote {quote_id} was already used")
    raise FxQuoteExpired(f"FX quote {quote_id} expired at {quote.expires_at.isoformat()}")

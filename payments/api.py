"""The FX endpoints: rates, conversion, FX quotes (locks), supplementary rates and markups.

Reading rates and converting is open to every role; FX quotes to shops and admins; supplementary rates and
markups are set by admins.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from core.config import get_settings
from core.errors import InvalidInput
from core.http import AdminPrincipal, PrincipalDep, SessionDep, ShopPrincipal, api_router
from core.limits import WindowDate
from core.openapi import problems
from payments import fx, fx_quotes
from payments.schemas import (
    ConversionRead,
    ConvertRequest,
    FxMarkupList,
    FxMarkupRead,
    FxMarkupUpdate,
    FxQuoteConsume,
    FxQuoteCreate,
    FxQuoteRead,
    RateRead,
    RatesRead,
    SupplementaryRateList,
    SupplementaryRateRead,
    SupplementaryRateUpdate,
)

router = api_router(prefix="/v1", tags=["fx"])

MAX_SYMBOLS = 100


def _symbols(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    codes = [code.strip() for code in raw.split(",")]
    if not all(codes) or len(codes) > MAX_SYMBOLS:
        raise InvalidInput.for_field(
            "symbols", f"a comma-separated list of 1 to {MAX_SYMBOLS} currency codes"
        )
    return list(dict.fromkeys(codes))


@router.get("/fx/rates", summary="Reference rates from a base currency on a day")
def get_rates(
    session: SessionDep,
    _: PrincipalDep,
    base: Annotated[str, Query(max_length=3, description="ISO 4217 code")] = "EUR",
    symbols: Annotated[
        str | None, Query(max_length=500, description="Comma-separated codes; all by default")
    ] = None,
    date: Annotated[WindowDate | None, Query(description="YYYY-MM-DD; today (UTC) by default")] = None,
) -> RatesRead:
    on = date or fx.today()
    crosses = fx.rate_book(session).rates(base, symbols=_symbols(symbols), on=on)
    return RatesRead(base=base, date=on, rates={c.quote: RateRead.of(c) for c in crosses})


@router.post(
    "/fx/convert", summary="Convert an amount at the reference rate of a day", operation_id="convertAmount"
)
def post_convert(session: SessionDep, _: PrincipalDep, data: ConvertRequest) -> ConversionRead:
    conversion = fx.convert(session, data.amount.to_money(), data.to, on=data.date)
    return ConversionRead.of(data.amount, conversion)


@router.post("/fx/quotes", status_code=201, summary="Lock a marked-up rate for a while (an FX quote)")
def post_fx_quote(session: SessionDep, principal: ShopPrincipal, data: FxQuoteCreate) -> FxQuoteRead:
    quote = fx_quotes.create_fx_quote(
        session,
        sell_currency=data.sell_currency,
        buy_currency=data.buy_currency,
        sell_amount=data.sell_amount.to_money() if data.sell_amount else None,
        buy_amount=data.buy_amount.to_money() if data.buy_amount else None,
        lock_seconds=data.lock_seconds,
        created_by=principal.actor_id,
        check_age=True,
    )
    return FxQuoteRead.of(quote)


@router.get("/fx/quotes/{quote_id}", summary="An FX quote and whether it is open, expired or used")
def get_fx_quote(session: SessionDep, _: ShopPrincipal, quote_id: str) -> FxQuoteRead:
    return FxQuoteRead.of(fx_quotes.get_fx_quote(session, quote_id=quote_id))


@router.post(
    "/fx/quotes/{quote_id}/consume",
    summary="Use an FX quote's rate, once (409 used, 410 expired)",
    responses=problems(410),
)
def post_consume_fx_quote(
    session: SessionDep, _: ShopPrincipal, quote_id: str, data: FxQuoteConsume
) -> FxQuoteRead:
    return FxQuoteRead.of(fx_quotes.consume_fx_quote(session, quote_id=quote_id, consumer=data.consumer))


@router.get("/fx/supplementary-rates", summary="Supplementary rates in force, by currency and day")
def get_supplementary_rates(
    session: SessionDep,
    _: PrincipalDep,
    currency: Annotated[str | None, Query(max_length=3)] = None,
) -> SupplementaryRateList:
    rows = fx.list_supplementary_rates(session, currency=currency)
    return SupplementaryRateList(data=[SupplementaryRateRead.of(r) for r in rows])


@router.put(
    "/fx/supplementary-rates/{currency}", summary="Set a rate for a currency the ECB does not publish (admin)"
)
def put_supplementary_rate(
    session: SessionDep, principal: AdminPrincipal, currency: str, data: SupplementaryRateUpdate
) -> SupplementaryRateRead:
    row = fx.set_supplementary_rate(
        session,
        currency=currency,
        rate=data.rate,
        base=data.base,
        as_of=data.as_of,
        source=data.source,
        created_by=principal.actor_id,
    )
    return SupplementaryRateRead.of(row)


@router.get("/fx/markups", summary="FX quote markups per currency pair, and the default (admin)")
def get_markups(session: SessionDep, _: AdminPrincipal) -> FxMarkupList:
    rows = fx_quotes.list_markups(session)
    return FxMarkupList(
        data=[FxMarkupRead.of(r) for r in rows], default_markup_bps=get_settings().fx_default_markup_bps
    )


@router.put("/fx/markups/{base}/{quote}", summary="Set the markup of quotes selling base for quote (admin)")
def put_markup(
    session: SessionDep, principal: AdminPrincipal, base: str, quote: str, data: FxMarkupUpdate
) -> FxMarkupRead:
    row = fx_quotes.set_markup(
        session, base=base, quote=quote, markup_bps=data.markup_bps, updated_by=principal.actor_id
    )
    return FxMarkupRead.of(row)

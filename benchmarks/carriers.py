"""Carrier network: `rate` calls per second on one core, on a generated network of 40 services.

The network is written through the service functions into a fresh SQLite database (as the API would), then
loaded with `carriers.network.current()`. Each service has one to three origins; each sheet has about 45
country zones, postal-prefix and postal-range zones for some countries, a polygon zone, remote areas, ten
weight breaks and a per-kilogram price above them. Prints calls per second, latency percentiles and the
ratio to the target of 200,000 calls per second.

- "repeat": the planner's usual traffic (the same few parcels to many places): mostly memo hits;
- "distinct": every call a new billable weight, memo off: the full computation;
- "postal + point": destinations with postal codes and coordinates (prefix, range and polygon look-ups);
- "quote": what one quote asks per warehouse: services_from + rate + transit for each service.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import pct, rate, temp_service

temp_service()

import carriers.rating  # noqa: E402
from carriers import service  # noqa: E402
from carriers.network import current  # noqa: E402
from carriers.schemas import CarrierCreate, ServiceCreate  # noqa: E402
from carriers.sheets import RateSheetSpec  # noqa: E402
from carriers.types import Destination, Parcel, RateQuote  # noqa: E402
from core.db import unit_of_work  # noqa: E402

TARGET = 200_000
SERVICES = 40
ON = date(2026, 11, 25)
ORIGINS = ["CN", "ID", "TH", "PH", "MY", "VN", "SG", "US", "DE", "GB"]
DESTINATIONS = [
    *("ID", "TH", "PH", "MY", "VN", "SG", "US", "CA", "MX", "BR", "GB", "AU", "JP", "KR", "TW", "HK", "IN"),
    *("AE", "SA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
]
CURRENCIES = {"CN": "CNY", "ID": "IDR", "TH": "THB", "PH": "PHP", "MY": "MYR", "VN": "VND", "SG": "SGD",
              "US": "USD", "DE": "EUR", "GB": "GBP"}  # fmt: skip
JAKARTA = {
    "type": "Polygon",
    "coordinates": [[[106.45, -6.0], [107.2, -5.95], [107.25, -6.7], [106.4, -6.75], [106.45, -6.0]]],
}
rng = random.Random(2026)


def sheet(origin: str) -> dict[str, Any]:
    currency = CURRENCIES[origin]
    whole = currency in ("IDR", "VND")
    unit = Decimal(1000) if whole else Decimal("0.01")

    def price(x: float) -> str:
        return str((Decimal(round(x * 100)) * unit).quantize(Decimal(1) if whole else unit))

    zones: list[dict[str, Any]] = []
    for country in DESTINATIONS:
        if country == origin:
            continue
        first = rng.uniform(5, 40)
        per_kg = rng.uniform(8, 60)
        breaks = [
            {"max_weight_g": w, "price": price(first + per_kg * w / 1000)}
            for w in (100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000)
        ]
        transit = {"line_haul": [3, 5, 8], "clearance": [1, 1, 2], "last_mile": [1, 2, 3]}
        zones.append(
            {
                "code": country,
                "countries": [country],
                "breaks": breaks,
                "per_extra_kg": price(per_kg),
                "transit": transit,
            }
        )
    if origin != "ID":
        zones.append({**zones[0], "code": "ID-JKT", "polygon": JAKARTA})
        zones.append({**zones[0], "code": "ID-JAVA", "postal_prefixes": ["1", "4", "5", "6"]})
        zones.append({**zones[0], "code": "ID-BDG", "postal_ranges": ["40111..40999"]})
    return {
        "origin_country": origin,
        "currency": currency,
        "effective_from": "2026-01-01",
        "dim_divisor": 6000,
        "fuel_surcharge_pct": "12.5",
        "min_charge": price(0.05),
        "zones": zones,
        "remote_areas": [{"country": "ID", "postal_prefixes": ["9"], "surcharge": price(0.1)}],
    }


def build() -> None:
    with unit_of_work() as s:
        for c in range(8):
            service.create_carrier(s, data=CarrierCreate(code=f"carrier-{c}", name=f"Carrier {c}"))
        for i in range(SERVICES):
            code = f"svc-{i:02d}"
            service.create_service(
                s,
                data=ServiceCreate(
                    code=code,
                    carrier_code=f"carrier-{i % 8}",
                    name=f"Service {i}",
                    mode=("express", "dedicated_line", "postal")[i % 3],
                    max_weight_g=30_000,
                    max_dims_cm=(Decimal(120), Decimal(80), Decimal(80)),
                    accepts=["general", "cosmetics", "battery"] if i % 2 else ["general"],
                ),
            )
            for origin in rng.sample(ORIGINS, rng.randint(1, 3)):
                service.create_rate_sheet(
                    s, service_code=code, spec=RateSheetSpec.model_validate(sheet(origin))
                )


def throughput(
    calls: list[tuple[str, str, Destination, Parcel]], fn: Callable[..., object], seconds: float
) -> float:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for code, origin, destination, parcel in calls:
            fn(code, origin_country=origin, destination=destination, parcel=parcel, on=ON)
        n += len(calls)
    return n / (time.perf_counter() - start)


t0 = time.perf_counter()
build()
t1 = time.perf_counter()
network = current()
t2 = time.perf_counter()
lanes = [(s.code, o) for s in network.services() for o in sorted(s.origins)]
print(f"network: {len(network.services())} services, {len(network.sheets)} sheets, {len(lanes)} lanes; "
      f"written in {t1 - t0:.2f} s, snapshot built in {(t2 - t1) * 1000:.0f} ms")  # fmt: skip

parcels = [Parcel(250), Parcel(600, (Decimal(30), Decimal(20), Decimal(10))), Parcel(1800), Parcel(4200)]
plain = [Destination(c) for c in DESTINATIONS]
repeat = [(code, o, rng.choice(plain), rng.choice(parcels)) for code, o in lanes for _ in range(40)]
detailed = [
    Destination("ID", "10110", (-6.2, 106.85)),
    Destination("ID", "40123"),
    Destination("ID", "99111"),
    Destination("ID", "60111", (-7.25, 112.75)),
    Destination("MY", "88000"),
    Destination("DE", "10115"),
]
postal = [(code, o, rng.choice(detailed), rng.choice(parcels)) for code, o in lanes for _ in range(40)]
distinct = [
    (code, o, rng.choice(plain), Parcel(rng.randint(1, 29_000))) for code, o in lanes for _ in range(200)
]
quoted = sum(isinstance(network.rate(c, origin_country=o, destination=d, parcel=p, on=ON), RateQuote)
             for c, o, d, p in repeat)  # fmt: skip
print(f"calls answered with a quote: {quoted / len(repeat):.0%} (the rest are refusals: goods, lanes)")

results: dict[str, float] = {}
for name, calls in (("repeat", repeat), ("postal + point", postal)):
    results[name] = throughput(calls, network.rate, 2.0)
size = carriers.rating.QUOTE_CACHE_SIZE
carriers.rating.QUOTE_CACHE_SIZE = 0  # memo off: every call computes
results["distinct"] = throughput(distinct, network.rate, 2.0)
carriers.rating.QUOTE_CACHE_SIZE = size


def one_quote(origin: str = "CN", destination: Destination = Destination("ID", "10110")) -> int:
    parcel = Parcel(800)
    n = 0
    for info in network.services_from(origin):
        r = network.rate(info.code, origin_country=origin, destination=destination, parcel=parcel, on=ON)
        if isinstance(r, RateQuote):
            network.transit(info.code, origin_country=origin, destination=destination)
        n += 1
    return n


per_quote, quote_latencies = rate(one_quote, seconds=1.0)
sample = repeat[0]
_, rate_latencies = rate(
    lambda: network.rate(sample[0], origin_country=sample[1], destination=sample[2], parcel=sample[3], on=ON),
    seconds=1.0,
)

print(f"\n{'rate() calls on one core':<34} {'calls/s':>12}   {'x target':>8}")
for name, per_second in results.items():
    print(f"{name:<34} {per_second:>12,.0f}   {per_second / TARGET:>7.2f}x")
print(f"{'distinct / repeat':<34} {results['distinct'] / results['repeat']:>12.2f}")
print(f"{'postal + point / repeat':<34} {results['postal + point'] / results['repeat']:>12.2f}")
print(f"rate() latency (one call, timed alone): p50 {pct(rate_latencies, 50) * 1000:.2f} us, "
      f"p99 {pct(rate_latencies, 99) * 1000:.2f} us")  # fmt: skip
services_cn = one_quote()
print(f"one quote's carrier questions from CN ({services_cn} services: services_from + rate + transit): "
      f"{per_quote:,.0f}/s, p50 {pct(quote_latencies, 50) * 1000:.1f} us")  # fmt: skip

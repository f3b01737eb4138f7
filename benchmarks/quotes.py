"""Shipping quotes: planner quotes per second in-process, and `POST /v1/quotes` over HTTP.

The network: the demo's 12 warehouses and 16 services plus 8 generated warehouses and 24 generated services
with sheets from every origin to every destination: 20 warehouses and 40 services. The cart has 3 lines whose
SKUs are stocked in 6 warehouses each, 3 of which hold the whole cart (so a quote weighs 3 single-shipment
sets against all services from their countries). Prints quotes per second and latency percentiles, and the
ratio to the targets: 5,000 planner quotes/s on one core; a whole `create_quote` (customs, FX locks, the
writes and the commit) in about 1 ms in-process; 1,000 API quotes/s with p99 under 25 ms on 2 cores.

SQLite by default; `BENCH_DB=postgres` runs on a fresh database created on `BENCH_DATABASE_URL`'s server
(default postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and dropped at the end.
"""

from __future__ import annotations

import atexit
import cProfile
import json
import os
import pstats
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import pct, rate, report, temp_service
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def postgres_database() -> str:
    """A fresh database on the server, dropped when the benchmark ends."""
    server = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"tradelane_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    atexit.register(drop)
    return make_url(server).set(database=name).render_as_string(hide_password=False)


DB = os.environ.get("BENCH_DB", "sqlite")
DATA = temp_service(**({"APP_DATABASE_URL": postgres_database()} if DB == "postgres" else {}))

from carriers import service as carriers_service  # noqa: E402
from carriers.network import current as carrier_network  # noqa: E402
from carriers.schemas import ServiceCreate  # noqa: E402
from carriers.sheets import RateSheetSpec  # noqa: E402
from carriers.types import Destination  # noqa: E402
from core.auth import authenticate, create_api_key  # noqa: E402
from core.clock import utc_now  # noqa: E402
from core.db import new_session, unit_of_work, write_last  # noqa: E402
from core.demo import DEMO_MERCHANT_ID, seed_merchants  # noqa: E402
from core.models import Role  # noqa: E402
from core.money import Money  # noqa: E402
from logistics.cart import CartLine  # noqa: E402
from logistics.catalog import create_product, create_warehouse, products_by_sku, set_stock, stock_for  # noqa: E402  # noqa: E402
from logistics.network import current as warehouse_network  # noqa: E402
from logistics.planner import plan  # noqa: E402
from logistics.quotes import create_quote  # noqa: E402
from logistics.schemas import ProductCreate, QuoteCreate, StockSet, WarehouseCreate  # noqa: E402
from main import demo_seeders  # noqa: E402

rng = random.Random(7)
ORIGINS = {"CN": "CNY", "ID": "IDR", "TH": "THB", "PH": "PHP", "MY": "MYR", "VN": "VND", "SG": "SGD",
           "US": "USD", "DE": "EUR", "GB": "GBP"}  # fmt: skip
DESTS = ["ID", "TH", "PH", "MY", "VN", "SG", "US", "GB", "DE", "FR", "JP", "AU"]
EXTRA_WAREHOUSES = [
    ("SZX2", "CN", 22.7, 113.9, "Asia/Shanghai"),
    ("NGB1", "CN", 29.9, 121.6, "Asia/Shanghai"),
    ("SUB1", "ID", -7.25, 112.75, "Asia/Jakarta"),
    ("CNX1", "TH", 18.8, 98.98, "Asia/Bangkok"),
    ("CEB1", "PH", 10.3, 123.9, "Asia/Manila"),
    ("PEN1", "MY", 5.41, 100.33, "Asia/Kuala_Lumpur"),
    ("HAN1", "VN", 21.03, 105.85, "Asia/Ho_Chi_Minh"),
    ("DFW1", "US", 32.9, -97.0, "America/Chicago"),
]


def sheet(origin: str) -> dict[str, Any]:
    currency = ORIGINS[origin]
    whole = currency in ("IDR", "VND")
    unit = Decimal(1000) if whole else Decimal("0.01")

    def price(x: float) -> str:
        return str((Decimal(round(x * 100)) * unit).quantize(Decimal(1) if whole else unit))

    zones = []
    for country in DESTS:
        first, per_kg = rng.uniform(5, 40), rng.uniform(8, 60)
        zones.append(
            {
                "code": country,
                "countries": [country],
                "per_extra_kg": price(per_kg),
                "breaks": [
                    {"max_weight_g": w, "price": price(first + per_kg * w / 1000)}
                    for w in (250, 500, 1000, 2000, 5000)
                ],
                "transit": {"line_haul": [2, 3, 5], "clearance": [1, 1, 2], "last_mile": [1, 2, 2]},
            }
        )
    return {
        "origin_country": origin,
        "currency": currency,
        "effective_from": "2026-01-01",
        "dim_divisor": 6000,
        "fuel_surcharge_pct": "10",
        "min_charge": price(0.05),
        "zones": zones,
    }


def build() -> str:
    with unit_of_work() as s:
        seed_merchants(s)
        for seed in demo_seeders()[:4]:  # rules, FX, carriers, warehouses and catalogue
            seed(s)
        for code, country, lat, lon, tz in EXTRA_WAREHOUSES:
            create_warehouse(
                s,
                data=WarehouseCreate(
                    code=code,
                    name=code,
                    country=country,
                    latitude=lat,
                    longitude=lon,
                    timezone=tz,
                    capabilities=["general"],
                ),
            )
        for i in range(24):
            code = f"gen-{i:02d}"
            carriers_service.create_service(
                s,
                data=ServiceCreate(
                    code=code,
                    carrier_code="yunexpress",
                    name=f"Generated {i}",
                    mode=("express", "dedicated_line", "postal")[i % 3],
                    max_weight_g=30_000,
                    accepts=["general"],
                ),
            )
            for origin in ORIGINS:
                carriers_service.create_rate_sheet(
                    s, service_code=code, spec=RateSheetSpec.model_validate(sheet(origin))
                )
        for n in range(3):
            sku = f"BENCH-{n}"
            create_product(
                s,
                data=ProductCreate(
                    merchant_id=DEMO_MERCHANT_ID,
                    sku=sku,
                    name=sku,
                    weight_g=200 + 100 * n,
                    hs_code="610910",
                    origin_country="CN",
                    category="apparel",
                ),
            )
            holders = [
                "SZX1",
                "YIW1",
                "SZX2",
                *rng.sample(["CGK1", "BKK1", "SIN1", "KUL1", "NGB1", "LAX1"], 3),
            ]
            for wh in holders:
                set_stock(
                    s, data=StockSet(warehouse=wh, merchant_id=DEMO_MERCHANT_ID, sku=sku, on_hand=10_000)
                )
        return create_api_key(s, role=Role.shop).secret


key = build()
carriers_net, warehouses = carrier_network(), warehouse_network()
print(f"network: {len(warehouses.by_id)} warehouses, {len(carriers_net.services())} services; database: {DB}")

# --- the planner alone --------------------------------------------------------------------------------
stock_rows: dict[str, dict[int, int]] = {}
with unit_of_work(write=False) as s:
    products = products_by_sku(s, merchant_id=DEMO_MERCHANT_ID, skus=["BENCH-0", "BENCH-1", "BENCH-2"])
    index = {products[f"BENCH-{n}"].id: n for n in range(3)}
    for row, _ in stock_for(s, product_ids=list(index)):
        stock_rows.setdefault(row.warehouse_id, {})[index[row.product_id]] = row.on_hand
lines = [
    CartLine(
        n,
        f"BENCH-{n}",
        1,
        Money.of("12.50", "USD"),
        200 + 100 * n,
        None,
        "610910",
        "CN",
        "apparel",
        frozenset({"general"}),
        None,
    )
    for n in range(3)
]
rates = {c: Decimal("0.07") for c in ORIGINS.values()}


class Rates:
    """The day's rates into the shopper's currency, as the service's FX locks convert (`rate_key` lets the
    planner keep converted prices across quotes)."""

    def __call__(self, m: Money, to: str) -> Money:
        return m if m.currency == to else Money.of(m.amount * self.rate_key(m, to), to)

    def rate_key(self, m: Money, _to: str) -> Decimal:
        return rates.get(m.currency, Decimal(1))


convert = Rates()


now: datetime = utc_now()
destination = Destination("ID", "10110", (-6.2, 106.8))


def planner_quote() -> int:
    result = plan(
        lines=lines,
        destination=destination,
        stock=stock_rows,
        warehouses=warehouses.by_id,
        carriers=carriers_net,
        convert=convert,
        currency="USD",
        incoterm="DDP",
        objective="best_value",
        max_days=30,
        now=now,
        landed_cost=None,
    )
    return result.candidates


candidates = planner_quote()
PROFILE = os.environ.get("BENCH_PROFILE", "")


def profile(fn: Any, times: int) -> None:
    """Print where `fn`'s time goes (CPU time, so other processes' load counts less) and stop."""
    with cProfile.Profile(time.process_time) as profiler:
        for _ in range(times):
            fn()
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(30)
    sys.exit(0)


if PROFILE and PROFILE != "create_quote":  # BENCH_PROFILE=1: where the planner's time goes
    profile(planner_quote, 200)
per_second, latencies = rate(planner_quote, seconds=3.0)
report(f"planner quote ({candidates} candidates, no customs)", per_second, latencies, target=5_000)

# --- create_quote in-process: customs, FX locks, the inserts and the commit -----------------------------
cart = {
    "merchant_id": DEMO_MERCHANT_ID,
    "destination": {"country": "ID", "city": "Jakarta"},
    "items": [
        {"sku": f"BENCH-{n}", "quantity": 1, "unit_price": {"amount": "12.50", "currency": "USD"}}
        for n in range(3)
    ],
    "currency": "IDR",
    "incoterm": "DDP",
}
with unit_of_work(write=False) as s:
    shop = authenticate(s, f"Bearer {key}")


def service_quote() -> None:
    session = write_last(new_session())
    try:
        create_quote(session, principal=shop, data=QuoteCreate.model_validate(cart))
        session.commit()
    finally:
        session.close()


if PROFILE == "create_quote":  # BENCH_PROFILE=create_quote: where a whole quote's time goes
    service_quote()
    profile(service_quote, 200)
per_second, latencies = rate(service_quote, seconds=3.0)
report("create_quote in-process (customs, FX, DB)", per_second, latencies, target=1_000)

# --- POST /v1/quotes over HTTP: uvicorn with 2 workers, concurrent clients ---------------------------
port_sock = socket.socket()
port_sock.bind(("127.0.0.1", 0))
port = port_sock.getsockname()[1]
port_sock.close()
env = {**os.environ, "APP_LOG_LEVEL": "WARNING"}
server = subprocess.Popen(
    [
        sys.executable,
        "-m",
        "uvicorn",
        "main:create_app",
        "--factory",
        "--port",
        str(port),
        "--workers",
        "2",
        "--log-level",
        "warning",
    ],
    cwd=Path(__file__).resolve().parent.parent,
    env=env,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
body = json.dumps(cart).encode()


def post() -> int:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/quotes",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return int(r.status)


try:
    for _ in range(100):
        try:
            post()
            break
        except OSError:
            time.sleep(0.2)
    for _ in range(20):
        post()  # warm both workers
    clients, seconds = 8, 10.0
    lat: list[float] = []
    statuses: list[int] = []
    stop = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < stop:
            t = time.perf_counter()
            statuses.append(post())
            lat.append((time.perf_counter() - t) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    throughput = len(lat) / elapsed
    print(
        f"POST /v1/quotes, {clients} clients, 2 workers: {throughput:,.0f}/s ({throughput / 1000:.2f}x the "
        f"1,000/s target), p50 {pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms (target < 25 ms), "
        f"statuses {sorted(set(statuses))}"
    )
finally:
    server.terminate()
    server.wait(10)

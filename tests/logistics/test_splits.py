"""Splits: a SKU's quantity over several warehouses, and a heavy shipment over several parcels.

Through the API on the demo network, and as properties of the planner's pure parts (which warehouses ship
what, how units are packed into parcels).
"""

from __future__ import annotations

from collections import Counter
from datetime import time as dtime
from decimal import Decimal
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from carriers.demo import seed_demo as carriers_demo
from compliance.defaults import load_defaults
from core.db import unit_of_work
from core.demo import DEMO_MERCHANT_ID, seed_merchants
from core.money import Money
from logistics.cart import CartLine
from logistics.covers import MAX_SHIPMENTS, covers, stock_refusals
from logistics.demo import seed_demo as logistics_demo
from logistics.network import WarehouseInfo
from logistics.parcels import MAX_PARCELS, pack
from payments.demo import seed_demo as fx_demo
from tests.conftest import Keys


@pytest.fixture
def network(db_url: str) -> None:
    with unit_of_work() as s:
        seed_merchants(s)
        for seed in (load_defaults, fx_demo, carriers_demo, logistics_demo):
            seed(s)


def set_stock(client: TestClient, keys: Keys, sku: str, **units: int) -> None:
    for warehouse, on_hand in units.items():
        body = {"warehouse": warehouse, "merchant_id": DEMO_MERCHANT_ID, "sku": sku, "on_hand": on_hand}
        r = client.put("/v1/stock", json=body, headers=keys.h(keys.admin))
        assert r.status_code in (200, 201), r.text


def quote(client: TestClient, keys: Keys, *items: tuple[str, int], **destination: str) -> dict[str, Any]:
    body = {
        "merchant_id": DEMO_MERCHANT_ID,
        "destination": destination or {"country": "ID", "city": "Jakarta", "postal_code": "10110"},
        "items": [
            {"sku": sku, "quantity": q, "unit_price": {"amount": "12.50", "currency": "USD"}}
            for sku, q in items
        ],
        "currency": "USD",
        "incoterm": "DDP",
        "objective": "cheapest",
    }
    r = client.post("/v1/quotes", json=body, headers=keys.h(keys.shop))
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def units_by_warehouse(option: dict[str, Any], sku: str) -> dict[str, int]:
    found: Counter[str] = Counter()
    for shipment in option["shipments"]:
        for item in shipment["items"]:
            if item["sku"] == sku:
                found[shipment["warehouse"]] += item["quantity"]
    return dict(found)


def test_three_and_three_units_ship_five_in_two_shipments(
    client: TestClient, keys: Keys, network: None
) -> None:
    set_stock(client, keys, "TEE-BASIC-M", SZX1=3, YIW1=3)
    q = quote(client, keys, ("TEE-BASIC-M", 5))
    assert q["options"], q["rejected"]
    for option in q["options"]:
        split = units_by_warehouse(option, "TEE-BASIC-M")
        assert sum(split.values()) == 5
        assert set(split) == {"SZX1", "YIW1"}
        assert all(n <= 3 for n in split.values())
        assert "split_quantity" in option["reasons"]
        assert (
            "no one warehouse holds the whole cart (TEE-BASIC-M split across warehouses)"
            in option["explanation"]
        )
    short = quote(client, keys, ("TEE-BASIC-M", 7))
    assert short["options"] == []
    assert short["rejected"] == [
        {
            "warehouse": None,
            "service": None,
            "reason": "out_of_stock",
            "message": "the warehouses hold too few of TEE-BASIC-M (6 of 7)",
        }
    ]


def test_41_sneakers_ship_from_domestic_stock_over_one_heavy_parcel_from_china(
    client: TestClient, keys: Keys, network: None
) -> None:
    set_stock(client, keys, "SNEAKER-RUN-42", LAX1=40, EWR1=2)  # and 150 in Yiwu, as the demo holds
    q = quote(client, keys, ("SNEAKER-RUN-42", 41), country="US", city="New York", postal_code="10001")
    best = q["options"][0]
    assert units_by_warehouse(best, "SNEAKER-RUN-42") == {"EWR1": 2, "LAX1": 39}
    assert {s["warehouse_country"] for s in best["shipments"]} == {"US"}
    assert "split_quantity" in best["reasons"]
    assert "cheapest" in best["tags"]
    assert "to ship from stock nearer the shopper than one shipment could" in best["explanation"]
    from_china = [o for o in q["options"] if units_by_warehouse(o, "SNEAKER-RUN-42") == {"YIW1": 41}]
    assert from_china, "the one-shipment option from Yiwu is still weighed"
    assert all(Decimal(o["total"]["amount"]) > Decimal(best["total"]["amount"]) for o in from_china)
    assert not [r for r in q["rejected"] if r["reason"] == "insufficient_stock"]  # all three weighed
    # without Los Angeles, Newark alone is too little and no nearer set covers it: both are named
    set_stock(client, keys, "SNEAKER-RUN-42", LAX1=0)
    q = quote(client, keys, ("SNEAKER-RUN-42", 41), country="US", city="New York", postal_code="10001")
    short = {r["warehouse"]: r["message"] for r in q["rejected"] if r["reason"] == "insufficient_stock"}
    assert short == {
        "EWR1": "EWR1 holds only 2 of 41 SNEAKER-RUN-42",
        "LAX1": "LAX1 holds only 0 of 41 SNEAKER-RUN-42",
    }
    assert {s["warehouse"] for o in q["options"] for s in o["shipments"]} == {"YIW1"}


def test_a_60_kg_cart_goes_in_parcels_within_the_services_limit(
    client: TestClient, keys: Keys, network: None
) -> None:
    book = {
        "merchant_id": DEMO_MERCHANT_ID,
        "sku": "ART-BOOK-1KG",
        "name": "Art book, hardcover",
        "weight_g": 1000,
        "dimensions_cm": ["20", "15", "5"],
        "hs_code": "490199",
        "origin_country": "CN",
        "category": "books",
    }
    r = client.post("/v1/products", json=book, headers=keys.h(keys.admin))
    assert r.status_code == 201, r.text
    set_stock(client, keys, "ART-BOOK-1KG", SZX1=100)
    q = quote(client, keys, ("ART-BOOK-1KG", 60))  # 60 kg from Shenzhen to Jakarta
    sea = [s for o in q["options"] for s in o["shipments"] if s["service"] == "yun-sea-line"]  # 30 kg limit
    assert sea, q["rejected"]
    for s in sea:
        assert [p["weight_g"] for p in s["parcels"]] == [30_000, 30_000]
        assert s["weight_g"] == 60_000
        assert s["billable_weight_g"] == sum(p["billable_weight_g"] for p in s["parcels"])
    option = next(o for o in q["options"] if o["shipments"][0]["service"] == "yun-sea-line")
    assert "split_parcels" in option["reasons"]
    assert "in 2 parcels within its 30 kg limit (30.00 kg, 30.00 kg)" in option["explanation"]
    express = [s for o in q["options"] for s in o["shipments"] if s["service"] == "dhl-express-worldwide"]
    assert all(len(s["parcels"]) == 1 for s in express)  # a 70 kg limit carries it whole
    assert not [r for r in q["rejected"] if r["service"] == "yun-sea-line" and r["reason"] == "too_heavy"]
    # the bulky fleece: a parcel's size limit splits it before its weight does (100 x 600 g, 35 x 30 x 6 cm)
    q = quote(client, keys, ("HOODIE-FLEECE-L", 100))
    bulky = [s for o in q["options"] for s in o["shipments"] if s["service"] == "yun-sea-line"]
    assert bulky, q["rejected"]
    for s in bulky:
        assert len(s["parcels"]) == 6  # 19 hoodies fill the 50 cm cube the line takes
        assert sum(p["weight_g"] for p in s["parcels"]) == 60_000


# --- properties of the pure parts -----------------------------------------------------------------------


def line(index: int, quantity: int, weight_g: int = 500) -> CartLine:
    return CartLine(
        index,
        f"SKU-{index}",
        quantity,
        Money.of("10.00", "USD"),
        weight_g,
        None,
        "610910",
        "CN",
        "apparel",
        frozenset({"general"}),
        None,
    )


def warehouse(n: int) -> WarehouseInfo:
    lat, lon = (-6.2, 106.8) if n % 2 else (22.5 + n, 114.0 - n)  # Jakarta, or along south China
    return WarehouseInfo(
        id=f"wh_{n}",
        code=f"WH{n}",
        name=f"Warehouse {n}",
        country="ID" if n % 2 else "CN",
        city="",
        point=(lat, lon),
        zone=ZoneInfo("UTC"),
        cutoff=dtime(14),
        handling_days=1,
        holiday_country="ID" if n % 2 else "CN",
        holiday_subdivision=None,
        capabilities=frozenset({"general"}),
        returns_centre=False,
        cost_per_order=Money.of("1.00", "USD"),
    )


@settings(max_examples=300, deadline=None)
@given(
    quantities=st.lists(st.integers(1, 12), min_size=1, max_size=3),
    held=st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=1, max_size=6),
    point=st.sampled_from([None, (-6.2, 106.8), (40.7, -74.0)]),
)
def test_every_cover_ships_the_cart_exactly_from_stock_it_holds(
    quantities: list[int], held: list[list[int]], point: tuple[float, float] | None
) -> None:
    warehouses = {w.id: w for w in map(warehouse, range(len(held)))}
    lines = [line(i, q) for i, q in enumerate(quantities)]
    stock = {f"wh_{n}": {i: held[n][i] for i in range(len(lines))} for n in range(len(held))}
    found = covers(lines, stock, warehouses, point)
    assert bool(found) == any(_coverable(lines, stock, k) for k in range(1, MAX_SHIPMENTS + 1))
    for cover in found:
        shipped: Counter[int] = Counter()
        for wh, ls in cover:
            assert ls, "every member ships something"
            for ln in ls:
                assert 0 < ln.quantity <= stock[wh.id][ln.index]
                shipped[ln.index] += ln.quantity
        assert shipped == Counter({ln.index: ln.quantity for ln in lines})
    if found:
        assert len(found[0]) == min(k for k in range(1, 4) if _coverable(lines, stock, k)), "fewest first"
    used = {wh.id for cover in found for wh, _ in cover}
    for refusal in stock_refusals(lines, stock, warehouses, used):
        w = f"wh_{refusal.warehouse[2:]}" if refusal.warehouse else ""
        assert w not in used
        assert any(stock[w][ln.index] < ln.quantity for ln in lines)


def _coverable(lines: list[CartLine], stock: dict[str, dict[int, int]], size: int) -> bool:
    return any(
        all(sum(stock[w][ln.index] for w in members) >= ln.quantity for ln in lines)
        for members in combinations(stock, size)
    )


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.tuples(st.integers(1, 40), st.integers(0, 9_000)), min_size=1, max_size=4),
    limit=st.integers(1_000, 31_750),
)
def test_packing_keeps_every_unit_and_every_parcel_within_the_limit(
    lines: list[tuple[int, int]], limit: int
) -> None:
    cart = [line(i, q, w) for i, (q, w) in enumerate(lines)]
    packed = pack(cart, limit)
    if any(w > limit for _, w in lines):
        assert packed is None
        return
    if packed is None:
        assert sum(q * w for q, w in lines) > limit * MAX_PARCELS // 2  # only a very large cart overflows
        return
    assert len(packed) <= MAX_PARCELS
    for contents in packed:
        assert contents
        assert sum(ln.weight_g * ln.quantity for ln in contents) <= limit
    units: Counter[int] = Counter()
    for contents in packed:
        for ln in contents:
            units[ln.index] += ln.quantity
    assert units == Counter({i: q for i, (q, _) in enumerate(lines)})

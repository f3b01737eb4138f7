"""Which warehouses ship what: the sets of warehouses that can ship a cart, a SKU's quantity split across
them when no one holds it all or when nearer stock is split, and the warehouses left out for stock."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from logistics.cart import CartLine, Refusal
from logistics.network import WarehouseInfo

MAX_SHIPMENTS = 3
MAX_COVERS = 4
MAX_SPLIT_COVERS = 2
"""Warehouse sets weighed of each size beyond the fewest shipments (see `covers`)."""


@lru_cache(maxsize=16_384)
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres; geography, not money."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


_Cover = list[tuple[WarehouseInfo, tuple[CartLine, ...]]]
"""A warehouse set and what each member ships: the cart's lines, a line's quantity split across members when
no one member holds it all."""


def covers(
    lines: Sequence[CartLine],
    stock: dict[str, dict[int, int]],
    warehouses: dict[str, WarehouseInfo],
    point: tuple[float, float] | None,
) -> list[_Cover]:
    """Warehouse sets that can ship the whole cart, fewest shipments first, nearest first within a size.

    A set covers the cart when its members together hold every line's quantity; each line ships from the
    nearest member holding all of it, else split over the members nearest first. Beyond the fewest
    shipments, larger sets are weighed only when every member is nearer than the nearest smaller set's
    farthest warehouse (stock closer to the shopper: often cheaper and faster, which pricing then decides),
    at most `MAX_SPLIT_COVERS` of each size.

    `stock[warehouse_id][line_index]` is the available quantity of that line's product.
    """
    useful = sorted(
        w for w, avail in stock.items() if w in warehouses and any(avail.get(ln.index, 0) > 0 for ln in lines)
    )
    distance = {w: _km(warehouses[w].point, point) if point else 0.0 for w in useful}
    found: list[_Cover] = []
    reach = math.inf  # a larger set is weighed only when all its members are nearer than this
    for size in range(1, MAX_SHIPMENTS + 1):
        pool = [w for w in useful if distance[w] < reach]
        sets = [s for s in itertools.combinations(pool, size) if _holds(s, lines, stock)]
        sets.sort(key=lambda s: sum(distance[w] for w in s))
        cap = MAX_COVERS if not found else MAX_SPLIT_COVERS
        of_size: list[_Cover] = []
        for s in sets:
            plan = _allocate(sorted(s, key=distance.__getitem__), lines, stock)
            if len(plan) == size:  # every member ships something, else a smaller set already covers it
                of_size.append([(warehouses[w], tuple(ls)) for w, ls in plan.items()])
                reach = min(reach, max(distance[w] for w in s))
            if len(of_size) >= cap:
                break
        found.extend(of_size)
    return found


def _holds(members: tuple[str, ...], lines: Sequence[CartLine], stock: dict[str, dict[int, int]]) -> bool:
    return all(sum(stock[w].get(ln.index, 0) for w in members) >= ln.quantity for ln in lines)


def _allocate(
    members: list[str], lines: Sequence[CartLine], stock: dict[str, dict[int, int]]
) -> dict[str, list[CartLine]]:
    """What each member (nearest first) ships: a line from the nearest member holding all of it, else its
    units taken nearest first."""
    plan: dict[str, list[CartLine]] = {}
    for line in lines:
        whole = next((w for w in members if stock[w].get(line.index, 0) >= line.quantity), None)
        if whole is not None:
            plan.setdefault(whole, []).append(line)
            continue
        left = line.quantity
        for w in members:
            take = min(stock[w].get(line.index, 0), left)
            if take > 0:
                plan.setdefault(w, []).append(replace(line, quantity=take))
                left -= take
            if not left:
                break
    return plan


def stock_refusals(
    lines: Sequence[CartLine],
    stock: dict[str, dict[int, int]],
    warehouses: dict[str, WarehouseInfo],
    used: set[str],
) -> list[Refusal]:
    """Every warehouse holding some of the cart that is in no warehouse set weighed because it lacks stock,
    with what it lacks."""
    refusals = []
    for w in sorted(stock, key=lambda w: warehouses[w].code if w in warehouses else w):
        if w in used or w not in warehouses:
            continue
        avail = stock[w]
        short = [ln for ln in lines if avail.get(ln.index, 0) < ln.quantity]
        if not short:
            continue  # it holds the whole cart: left out for its distance, not for stock
        code = warehouses[w].code
        lacks = ", ".join(f"{avail.get(ln.index, 0)} of {ln.quantity} {ln.sku}" for ln in short)
        refusals.append(Refusal(code, None, "insufficient_stock", f"{code} holds only {lacks}"))
    return refusals

"""The warehouses as an in-memory snapshot (plain data), rebuilt when they change.

Stock is not in the snapshot: it moves with every order, so a quote reads it in one query for its SKUs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import time as dtime
from zoneinfo import ZoneInfo

from sqlmodel import select

from core.config import get_settings
from core.db import unit_of_work
from core.money import Money
from logistics.models import LogisticsGeneration, Warehouse

RECHECK_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class WarehouseInfo:
    id: str
    code: str
    name: str
    country: str
    city: str
    point: tuple[float, float]
    zone: ZoneInfo
    cutoff: dtime
    handling_days: int
    holiday_country: str
    holiday_subdivision: str | None
    capabilities: frozenset[str]
    returns_centre: bool
    cost_per_order: Money


@dataclass(slots=True)
class WarehouseNetwork:
    url: str
    generation: int
    by_id: dict[str, WarehouseInfo]
    by_code: dict[str, WarehouseInfo]
    checked: float


_lock = threading.Lock()
_snapshot: WarehouseNetwork | None = None


def _info(w: Warehouse) -> WarehouseInfo:
    hh, mm = (int(x) for x in w.cutoff_local.split(":"))
    return WarehouseInfo(
        w.id,
        w.code,
        w.name,
        w.country,
        w.city,
        (w.latitude, w.longitude),
        ZoneInfo(w.timezone),
        dtime(hh, mm),
        w.handling_days,
        w.holiday_country,
        w.holiday_subdivision,
        frozenset(w.capabilities),
        w.returns_centre,
        Money.from_minor(w.cost_per_order_minor, w.cost_currency),
    )


def current() -> WarehouseNetwork:
    global _snapshot
    url = get_settings().db_url
    snap = _snapshot
    if snap is not None and snap.url == url and time.monotonic() - snap.checked < RECHECK_SECONDS:
        return snap
    with _lock, unit_of_work(write=False) as session:
        row = session.get(LogisticsGeneration, 1)
        generation = row.generation if row else 0
        snap = _snapshot
        if snap is not None and snap.url == url and snap.generation == generation:
            snap.checked = time.monotonic()
            return snap
        infos = [_info(w) for w in session.exec(select(Warehouse).where(Warehouse.active == True))]  # noqa: E712
        _snapshot = WarehouseNetwork(
            url, generation, {w.id: w for w in infos}, {w.code: w for w in infos}, time.monotonic()
        )
        return _snapshot


def invalidate() -> None:
    global _snapshot
    _snapshot = None

"""The warehouses as an in-memory snapshot (plain data), rebuilt when they change.

Stock is not in the snapshot: it moves with every order, so a quote reads it in one query for its SKUs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time as dtime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from core.money import Money
from core.snapshots import Snapshot
from logistics.models import Warehouse


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


@dataclass(frozen=True, slots=True)
class WarehouseNetwork:
    generation: int
    by_id: dict[str, WarehouseInfo]
    by_code: dict[str, WarehouseInfo]


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


def _load(session: Session, generation: int, _previous: WarehouseNetwork | None) -> WarehouseNetwork:
    infos = [_info(w) for w in session.exec(select(Warehouse).where(Warehouse.active == True))]  # noqa: E712
    return WarehouseNetwork(generation, {w.id: w for w in infos}, {w.code: w for w in infos})


GENERATION = "warehouses"
_snapshot: Snapshot[WarehouseNetwork] = Snapshot(GENERATION, load=_load)


def current() -> WarehouseNetwork:
    """The process's snapshot (see `core.snapshots`: refreshed in the background, swapped whole)."""
    return _snapshot.current()


def invalidate() -> None:
    _snapshot.invalidate()

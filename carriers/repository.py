"""Reading stored carrier data as plain rows, for the service and the network snapshot alike.

It sits below both: `carriers.network` builds its snapshot from these rows and `carriers.service` bumps the
network's generation, so neither may import the other for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session

from carriers.models import RateSheet, RateSheetBreak, RateSheetRemoteArea, RateSheetZone
from carriers.rating import SheetRows, ZoneRow


def rows_of_sheets(session: Session, sheets: Sequence[RateSheet]) -> dict[str, SheetRows]:
    """Stored sheets with their zones, breaks and remote areas, by sheet id: three queries per 500 sheets,
    read as plain rows (the network loads every sheet at start, so no ORM or pydantic objects are made)."""
    if not sheets:
        return {}
    ids = [s.id for s in sheets]
    zt = RateSheetZone.__table__  # type: ignore[attr-defined]
    bt = RateSheetBreak.__table__  # type: ignore[attr-defined]
    at = RateSheetRemoteArea.__table__  # type: ignore[attr-defined]
    zones: dict[str, list[Any]] = {}
    breaks: dict[tuple[str, str], list[tuple[int, int]]] = {}
    areas: dict[str, list[tuple[str, list[str], int]]] = {}
    conn = session.connection()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for z in conn.execute(
            sa_select(
                zt.c.sheet_id,
                zt.c.code,
                zt.c.countries,
                zt.c.postal_prefixes,
                zt.c.postal_ranges,
                zt.c.polygon,
                zt.c.per_extra_kg_minor,
                zt.c.remote_surcharge_minor,
                zt.c.transit,
            )
            .where(zt.c.sheet_id.in_(chunk))
            .order_by(zt.c.sheet_id, zt.c.position)
        ):
            zones.setdefault(z.sheet_id, []).append(z)
        for sheet_id, zone_code, weight, price in conn.execute(
            sa_select(bt.c.sheet_id, bt.c.zone_code, bt.c.max_weight_g, bt.c.price_minor)
            .where(bt.c.sheet_id.in_(chunk))
            .order_by(bt.c.sheet_id, bt.c.zone_code, bt.c.max_weight_g)
        ):
            breaks.setdefault((sheet_id, zone_code), []).append((weight, price))
        for sheet_id, country, prefixes, surcharge in conn.execute(
            sa_select(at.c.sheet_id, at.c.country, at.c.postal_prefixes, at.c.surcharge_minor)
            .where(at.c.sheet_id.in_(chunk))
            .order_by(at.c.sheet_id, at.c.position)
        ):
            areas.setdefault(sheet_id, []).append((country, list(prefixes), surcharge))
    return {
        sheet.id: SheetRows(
            origin_country=sheet.origin_country,
            currency=sheet.currency,
            effective_from=sheet.effective_from,
            effective_to=sheet.effective_to,
            dim_divisor=sheet.dim_divisor,
            min_charge_minor=sheet.min_charge_minor,
            fuel_surcharge_pct=sheet.fuel_surcharge_pct,
            rounding=sheet.rounding,
            zones=[
                ZoneRow(
                    code=z.code,
                    countries=list(z.countries),
                    postal_prefixes=list(z.postal_prefixes),
                    postal_ranges=list(z.postal_ranges),
                    polygon=z.polygon,
                    per_extra_kg_minor=z.per_extra_kg_minor,
                    remote_surcharge_minor=z.remote_surcharge_minor,
                    transit=z.transit,
                    breaks=breaks.get((sheet.id, z.code), []),
                )
                for z in zones.get(sheet.id, [])
            ],
            remote_areas=areas.get(sheet.id, []),
        )
        for sheet in sheets
    }

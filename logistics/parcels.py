"""Parcels: a shipment's contents as one parcel, or packed into several within a service's weight and size
limits and priced parcel by parcel on its sheet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Protocol

from carriers.types import Destination, Parcel, RateQuote, RateRefusal, ServiceInfo
from logistics.cart import CartLine

Parcels = tuple[tuple[int, int], ...]
"""A shipment's parcels: (weight, billable weight) in grams each."""


class Rater(Protocol):
    def rate(
        self, service_code: str, *, origin_country: str, destination: Destination, parcel: Parcel, on: date
    ) -> RateQuote | RateRefusal:
        """The service's price for one parcel (or why not)."""
        ...


def parcel_of(lines: Sequence[CartLine]) -> Parcel:
    weight = sum(line.weight_g * line.quantity for line in lines)
    volume = Decimal(0)
    known = True
    for line in lines:
        if line.dims_cm is None:
            known = False
            break
        length, width, height = line.dims_cm
        volume += length * width * height * line.quantity
    dims = None
    if known and volume > 0:
        side = (volume ** (Decimal(1) / Decimal(3))).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
        dims = (side, side, side)
    goods = frozenset().union(*(line.goods for line in lines)) or frozenset({"general"})
    return Parcel(weight_g=weight, dims_cm=dims, goods=goods)


MAX_PARCELS = 20


def in_parcels(
    carriers: Rater,
    svc: ServiceInfo,
    origin_country: str,
    destination: Destination,
    lines: Sequence[CartLine],
    today: date,
    refusal: RateRefusal,
) -> tuple[RateQuote | RateRefusal, Parcels]:
    """A shipment over the service's weight or size limit as several parcels within them, priced parcel by
    parcel on the service's sheet; the refusal stands when a unit alone is over a limit, a parcel is
    refused, or it would take more than `MAX_PARCELS`."""
    packed = pack(lines, svc.max_weight_g, svc.max_dims_cm)
    if packed is None or len(packed) < 2:
        return refusal, ()
    rates = []
    for contents in packed:
        rate = carriers.rate(
            svc.code,
            origin_country=origin_country,
            destination=destination,
            parcel=parcel_of(contents),
            on=today,
        )
        if isinstance(rate, RateRefusal):
            return rate, ()
        rates.append(rate)
    weights = [sum(ln.weight_g * ln.quantity for ln in contents) for contents in packed]
    first = rates[0]
    price, base, fuel, remote = first.price, first.base, first.fuel, first.remote_area
    for r in rates[1:]:
        price, base, fuel, remote = price + r.price, base + r.base, fuel + r.fuel, remote + r.remote_area
    total = RateQuote(
        first.service_code,
        price,
        sum(r.billable_weight_g for r in rates),
        base,
        fuel,
        remote,
        first.zone,
        first.sheet_id,
        any(r.minimum_charge_applied for r in rates),
    )
    return total, tuple((w, r.billable_weight_g) for w, r in zip(weights, rates, strict=True))


def pack(
    lines: Sequence[CartLine], limit_g: int, max_dims: tuple[Decimal, Decimal, Decimal] | None = None
) -> list[list[CartLine]] | None:
    """The units in parcels within `limit_g` and, when the service has a size limit, within the volume of
    the largest cube it takes (a parcel's size is its contents' volume as a cube, as `parcel_of` says):
    heaviest units first, each into the first parcel with room (first-fit decreasing). None when a unit
    alone is over a limit or it takes over `MAX_PARCELS` parcels."""
    limit_cm3 = min(max_dims) ** 3 if max_dims else None
    if limit_g <= 0 or any(not _fits_alone(ln, limit_g, max_dims) for ln in lines):
        return None
    parcels: list[tuple[list[Decimal], list[CartLine]]] = []  # ([grams, cm3 loaded], contents)
    for line in sorted(lines, key=lambda ln: -ln.weight_g):
        volume = _volume(line) if limit_cm3 is not None else Decimal(0)
        left = line.quantity
        for load, contents in parcels:
            fits = min(left, _room(load, line.weight_g, volume, limit_g, limit_cm3))
            if fits > 0:
                load[0], load[1] = load[0] + fits * line.weight_g, load[1] + fits * volume
                contents.append(replace(line, quantity=fits))
                left -= fits
            if not left:
                break
        while left:
            fits = min(left, _room([Decimal(0), Decimal(0)], line.weight_g, volume, limit_g, limit_cm3))
            parcels.append(([Decimal(fits * line.weight_g), fits * volume], [replace(line, quantity=fits)]))
            left -= fits
            if len(parcels) > MAX_PARCELS:
                return None
    return [contents for _, contents in parcels]


def _volume(line: CartLine) -> Decimal:
    if line.dims_cm is None:
        return Decimal(0)
    length, width, height = line.dims_cm
    return length * width * height


def _fits_alone(line: CartLine, limit_g: int, max_dims: tuple[Decimal, Decimal, Decimal] | None) -> bool:
    if line.weight_g > limit_g:
        return False
    if max_dims is None or line.dims_cm is None:
        return True
    return _volume(line) <= min(max_dims) ** 3


def _room(load: list[Decimal], grams: int, volume: Decimal, limit_g: int, limit_cm3: Decimal | None) -> int:
    """How many more units of `grams` and `volume` a parcel loaded with `load` takes."""
    room = int((limit_g - load[0]) // grams) if grams else 1 << 30
    if limit_cm3 is not None and volume:
        room = min(room, int((limit_cm3 - load[1]) // volume))
    return room

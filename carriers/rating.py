"""Pricing a parcel on a rate sheet: pure, and fast enough to ask hundreds of thousands of times a second.

A `CompiledSheet` is built once from a checked `RateSheetSpec` (see `carriers.sheets` for the terms): zones
indexed by country (country-level zone, postal prefixes by length, postal ranges, and an STRtree over polygon
zones), weight breaks as parallel lists for bisection, and every amount as integer minor units. Money objects
and whole quotes are memoized per sheet, so a repeated question costs a few dictionary look-ups.

The price of a parcel:
1. billable weight = max(actual grams, ceil(L x W x H cm / divisor kg in grams));
2. base = the first break at or above it, or the last break plus `per_extra_kg` per started kilogram above it;
3. fuel = base x fuel % (rounded to the minor unit with the sheet's rounding mode, half-up by default);
4. remote area = the larger of the zone's surcharge and a matching remote-area prefix's;
5. price = base + fuel + remote area, raised to the minimum charge when below it.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any, NamedTuple

import shapely
from shapely.geometry import shape
from shapely.strtree import STRtree

from carriers.sheets import ROUNDING_MODES, RateSheetSpec, normalize_postal
from carriers.types import DayPercentiles, Destination, Parcel, RateQuote, RateRefusal, TransitProfile
from core.money import Money, currency_exponent

QUOTE_CACHE_SIZE = 20_000
_THOUSAND = Decimal(1000)


def transit_profile(transit: dict[str, list[int]] | None) -> TransitProfile | None:
    if not transit:
        return None
    return TransitProfile(
        line_haul=DayPercentiles(*transit["line_haul"]),
        clearance=DayPercentiles(*transit["clearance"]),
        last_mile=DayPercentiles(*transit["last_mile"]),
        source="sheet",
        samples=0,
    )


class ZoneRow(NamedTuple):
    """A zone as stored: amounts in minor units."""

    code: str
    countries: list[str]
    postal_prefixes: list[str]
    postal_ranges: list[str]
    polygon: dict[str, Any] | None
    per_extra_kg_minor: int | None
    remote_surcharge_minor: int | None
    transit: dict[str, list[int]] | None
    breaks: list[tuple[int, int]]
    """(max weight in grams, price in minor units), lightest first."""


class SheetRows(NamedTuple):
    """A sheet as stored: the network compiles these without building pydantic models."""

    origin_country: str
    currency: str
    effective_from: date
    effective_to: date | None
    dim_divisor: int
    min_charge_minor: int
    fuel_surcharge_pct: Decimal
    rounding: str
    zones: list[ZoneRow]
    remote_areas: list[tuple[str, list[str], int]]
    """(country, postal prefixes, surcharge in minor units)"""


def rows_of(spec: RateSheetSpec) -> SheetRows:
    """A checked sheet document in stored form (amounts rounded to minor units with the sheet's mode)."""
    exponent = currency_exponent(spec.currency)
    mode = ROUNDING_MODES[spec.rounding]

    def minor(amount: Decimal) -> int:
        return int(amount.scaleb(exponent).to_integral_value(rounding=mode))

    return SheetRows(
        origin_country=spec.origin_country,
        currency=spec.currency,
        effective_from=spec.effective_from,
        effective_to=spec.effective_to,
        dim_divisor=spec.dim_divisor,
        min_charge_minor=minor(spec.min_charge),
        fuel_surcharge_pct=spec.fuel_surcharge_pct,
        rounding=spec.rounding,
        zones=[
            ZoneRow(
                code=z.code,
                countries=list(z.countries),
                postal_prefixes=list(z.postal_prefixes),
                postal_ranges=list(z.postal_ranges),
                polygon=z.polygon,
                per_extra_kg_minor=None if z.per_extra_kg is None else minor(z.per_extra_kg),
                remote_surcharge_minor=None if z.remote_surcharge is None else minor(z.remote_surcharge),
                transit=z.transit.model_dump() if z.transit is not None else None,
                breaks=[(b.max_weight_g, minor(b.price)) for b in z.breaks],
            )
            for z in spec.zones
        ],
        remote_areas=[(a.country, list(a.postal_prefixes), minor(a.surcharge)) for a in spec.remote_areas],
    )


def _tier(zone: ZoneRow) -> str:
    if zone.polygon is not None:
        return "polygon"
    return "postal" if zone.postal_prefixes or zone.postal_ranges else "country"


@dataclass(slots=True, eq=False)
class Zone:
    code: str
    position: int
    tier: str
    weights: list[int]
    prices_minor: list[int]
    per_kg_minor: int | None
    remote_minor: int
    transit: TransitProfile | None
    countries: frozenset[str]


@dataclass(slots=True, eq=False)
class _CountryIndex:
    country_zone: Zone | None = None
    prefixes: dict[str, Zone] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    ranges: list[tuple[str, str, Zone]] = field(default_factory=list)
    has_polygons: bool = False
    remote: dict[str, int] = field(default_factory=dict)
    remote_lengths: tuple[int, ...] = ()


class CompiledSheet:
    """One sheet, ready to price parcels. Immutable once built, apart from its memo tables."""

    __slots__ = (
        "_by_country",
        "_fuel_cache",
        "_money",
        "_quotes",
        "_tree",
        "_tree_zones",
        "currency",
        "dim_divisor",
        "effective_from",
        "effective_to",
        "fuel_pct",
        "id",
        "min_charge_minor",
        "origin_country",
        "rounding",
        "zones",
    )

    def __init__(self, sheet_id: str, rows: SheetRows) -> None:
        self.id = sheet_id
        self.origin_country = rows.origin_country
        self.currency = rows.currency
        self.effective_from: date = rows.effective_from
        self.effective_to: date | None = rows.effective_to
        self.dim_divisor = rows.dim_divisor
        self.fuel_pct = rows.fuel_surcharge_pct
        self.rounding = ROUNDING_MODES[rows.rounding]
        self.min_charge_minor = rows.min_charge_minor
        self._money: dict[int, Money] = {}
        self._fuel_cache: dict[int, int] = {}
        self._quotes: dict[tuple[str, int, int, str], RateQuote] = {}
        self.zones: list[Zone] = []
        self._by_country: dict[str, _CountryIndex] = {}
        polygons = []
        self._tree_zones: list[Zone] = []
        for position, z in enumerate(rows.zones):
            zone = Zone(
                code=z.code,
                position=position,
                tier=_tier(z),
                weights=[w for w, _ in z.breaks],
                prices_minor=[p for _, p in z.breaks],
                per_kg_minor=z.per_extra_kg_minor,
                remote_minor=z.remote_surcharge_minor or 0,
                transit=transit_profile(z.transit),
                countries=frozenset(z.countries),
            )
            self.zones.append(zone)
            for country in z.countries:
                index = self._by_country.setdefault(country, _CountryIndex())
                if zone.tier == "country" and index.country_zone is None:
                    index.country_zone = zone
                elif zone.tier == "postal":
                    for prefix in z.postal_prefixes:
                        index.prefixes.setdefault(prefix, zone)
                    index.ranges.extend(
                        (lo, hi, zone) for lo, _, hi in (r.partition("..") for r in z.postal_ranges)
                    )
                elif zone.tier == "polygon":
                    index.has_polygons = True
            if z.polygon is not None:
                polygons.append(shape(z.polygon))
                self._tree_zones.append(zone)
        for country, prefixes, surcharge in rows.remote_areas:
            index = self._by_country.setdefault(country, _CountryIndex())
            for prefix in prefixes:
                index.remote[prefix] = max(index.remote.get(prefix, 0), surcharge)
        for index in self._by_country.values():
            index.prefix_lengths = tuple(sorted({len(p) for p in index.prefixes}, reverse=True))
            index.remote_lengths = tuple(sorted({len(p) for p in index.remote}, reverse=True))
        self._tree = STRtree(polygons) if polygons else None

    @classmethod
    def from_spec(cls, sheet_id: str, spec: RateSheetSpec) -> CompiledSheet:
        return cls(sheet_id, rows_of(spec))

    # --- questions ---------------------------------------------------------------------------------

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def zone_for(self, destination: Destination) -> Zone | None:
        """The most specific zone: polygon > postal (longest prefix; a range counts as the whole code) >
        country."""
        index = self._by_country.get(destination.country)
        if index is None:
            return None
        if index.has_polygons and destination.point is not None and self._tree is not None:
            lat, lon = destination.point
            hits = self._tree.query(shapely.Point(lon, lat), predicate="within")
            nearest: Zone | None = None
            for i in hits:
                zone = self._tree_zones[int(i)]
                if destination.country in zone.countries and (
                    nearest is None or zone.position < nearest.position
                ):
                    nearest = zone
            if nearest is not None:
                return nearest
        postal = destination.postal_code
        if postal and (index.prefix_lengths or index.ranges):
            code = normalize_postal(postal)
            best: Zone | None = None
            best_key = (-1, 0)
            for lo, hi, zone in index.ranges:
                if len(code) == len(lo) and lo <= code <= hi and (len(code), -zone.position) > best_key:
                    best, best_key = zone, (len(code), -zone.position)
            for length in index.prefix_lengths:
                hit = index.prefixes.get(code[:length]) if len(code) >= length else None
                if hit is not None:
                    if (length, -hit.position) > best_key:
                        best = hit
                    break
            if best is not None:
                return best
        return index.country_zone

    def remote_minor(self, zone: Zone, destination: Destination) -> int:
        surcharge = zone.remote_minor
        index = self._by_country.get(destination.country)
        if index is not None and index.remote_lengths and destination.postal_code:
            code = normalize_postal(destination.postal_code)
            for length in index.remote_lengths:
                hit = index.remote.get(code[:length]) if len(code) >= length else None
                if hit is not None:
                    return max(surcharge, hit)
        return surcharge

    def remote_for(self, zone: Zone, destination: Destination) -> int:
        """The remote-area surcharge `quote` adds for `destination` in `zone`, in minor units."""
        return self.remote_minor(zone, destination) if zone.remote_minor or destination.postal_code else 0

    def billable_weight_g(self, parcel: Parcel) -> int:
        if parcel.dims_cm is None:
            return parcel.weight_g
        length, width, height = parcel.dims_cm
        dim = length * width * height * _THOUSAND / self.dim_divisor
        dim_g = int(dim.to_integral_value(rounding=ROUND_CEILING))
        return max(parcel.weight_g, dim_g)

    def money(self, minor: int) -> Money:
        cached = self._money.get(minor)
        if cached is None:
            cached = self._money[minor] = Money.from_minor(minor, self.currency)
        return cached

    def fuel_minor(self, base_minor: int) -> int:
        fuel = self._fuel_cache.get(base_minor)
        if fuel is None:
            exact = Decimal(base_minor) * self.fuel_pct / 100
            fuel = int(exact.to_integral_value(rounding=self.rounding))
            if len(self._fuel_cache) < QUOTE_CACHE_SIZE:
                self._fuel_cache[base_minor] = fuel
        return fuel

    def base_minor(self, zone: Zone, billable_g: int) -> int | None:
        """The weight price in minor units, or None when heavier than the zone's last break allows."""
        i = bisect_left(zone.weights, billable_g)
        if i < len(zone.weights):
            return zone.prices_minor[i]
        if zone.per_kg_minor is None:
            return None
        extra_kg = math.ceil((billable_g - zone.weights[-1]) / 1000)
        return zone.prices_minor[-1] + extra_kg * zone.per_kg_minor

    def quote(
        self,
        service_code: str,
        destination: Destination,
        parcel: Parcel,
        zone: Zone | None = None,
        remote: int | None = None,
    ) -> RateQuote | RateRefusal:
        """`zone` and `remote` (the destination's zone and remote-area surcharge), when the caller already
        knows them, save looking them up again."""
        zone = zone or self.zone_for(destination)
        if zone is None:
            return RateRefusal(service_code, "no_lane", f"the sheet has no zone for {destination.country}")
        billable = self.billable_weight_g(parcel)
        if remote is None:
            remote = self.remote_for(zone, destination)
        key = (zone.code, billable, remote, service_code)
        cached = self._quotes.get(key)
        if cached is not None:
            return cached
        base = self.base_minor(zone, billable)
        if base is None:
            return RateRefusal(
                service_code,
                "too_heavy",
                f"{billable} g billable is over the {zone.weights[-1]} g the zone {zone.code} prices",
            )
        fuel = self.fuel_minor(base) if self.fuel_pct else 0
        total = max(base + fuel + remote, self.min_charge_minor)
        quote = RateQuote(
            service_code=service_code,
            price=self.money(total),
            billable_weight_g=billable,
            base=self.money(base),
            fuel=self.money(fuel),
            remote_area=self.money(remote),
            zone=zone.code,
            sheet_id=self.id,
            minimum_charge_applied=total > base + fuel + remote,
        )
        if len(self._quotes) >= QUOTE_CACHE_SIZE:
            self._quotes.clear()
        self._quotes[key] = quote
        return quote

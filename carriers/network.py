"""The carrier network: an in-memory snapshot of every active service, its rate sheets and its lanes' transit
profiles, so the planner can ask thousands of questions per quote without a query.

`current()` returns the snapshot, a `core.snapshots.Snapshot`: every write bumps the generation row
(`carriers.service.bump_generation`); the writing process drops its snapshot once the transaction commits,
and other processes' refreshers see the generation move and rebuild in the background. Rate sheets are
immutable, so
a rebuild reuses the previous snapshot's compiled sheets and only compiles new ones.

The methods the planner calls (`services_from`, `rate`, `transit`, and `quotes_from`, which asks all three for
one parcel at once) are pure: plain data in, frozen dataclasses out (see `carriers.types`). Since a snapshot
never changes, `quotes_from` memoizes its answers: each lane's route (the sheet in force, the destination's
zone, its remote-area surcharge and transit profile) per origin, destination and day, and each parcel's
answer on top of that, both bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from carriers.connectors import configured
from carriers.models import Carrier, CarrierService, RateSheet, TransitSample
from carriers.rating import CompiledSheet, Zone
from carriers.repository import rows_of_sheets
from carriers.transit import WINDOW, LegSample, estimate
from carriers.types import Destination, Parcel, RateQuote, RateRefusal, ServiceInfo, TransitProfile
from core.clock import utc_now
from core.config import get_settings
from core.snapshots import Snapshot

RECHECK_SECONDS = 1.0
ROUTE_CACHE_SIZE = 4_096
ANSWER_CACHE_SIZE = 20_000
Lane = tuple[str, str, str]
"""(service code, origin country, zone code)"""
LaneAnswer = tuple[ServiceInfo, RateQuote | RateRefusal, TransitProfile | None]
"""A service, its price for the parcel or why it cannot carry it, and its lane's transit profile."""


@dataclass(slots=True, eq=False)
class _Service:
    info: ServiceInfo
    max_dims: tuple[Decimal, Decimal, Decimal] | None
    """Sorted, largest first."""
    sheets: dict[str, list[CompiledSheet]]
    """By origin country; latest start first."""


@dataclass(frozen=True, slots=True)
class _Route:
    """One service's lane from an origin to a destination on a day, whatever the parcel."""

    service: _Service
    sheet: CompiledSheet | None
    """In force on the day."""
    zone: Zone | None
    remote_minor: int
    profile: TransitProfile | None


class CarrierNetwork:
    """A snapshot of the carrier network. Build it with `CarrierNetwork.build` (tests, benchmarks) or get the
    process's current one with `current()`."""

    def __init__(
        self,
        services: Iterable[tuple[ServiceInfo, Iterable[CompiledSheet]]],
        samples: dict[Lane, tuple[LegSample, ...]] | None = None,
        *,
        generation: int = 0,
        live: dict[str, str] | None = None,
    ) -> None:
        self.generation = generation
        self.live: dict[str, str] = live or {}
        """Carriers priced live (`carriers.live`): carrier code -> its karrio connector, for the carriers set
        to one whose credentials are configured. Read from the settings when the snapshot is built, so a
        quote only looks at this (empty unless credentials are set)."""
        self._services: dict[str, _Service] = {}
        self._by_origin: dict[str, list[ServiceInfo]] = {}
        for info, sheets in services:
            by_origin: dict[str, list[CompiledSheet]] = {}
            for sheet in sheets:
                by_origin.setdefault(sheet.origin_country, []).append(sheet)
            for origin_sheets in by_origin.values():
                origin_sheets.sort(key=lambda s: s.effective_from, reverse=True)
            max_dims = None
            if info.max_dims_cm is not None:
                a, b, c = sorted(info.max_dims_cm, reverse=True)
                max_dims = (a, b, c)
            self._services[info.code] = _Service(info, max_dims, by_origin)
            for origin in sorted(by_origin):
                self._by_origin.setdefault(origin, []).append(info)
        self._samples = samples or {}
        self._profiles: dict[tuple[str, str, str, str], TransitProfile | None] = {}
        self._routes: dict[tuple[str, Destination, date], tuple[_Route, ...]] = {}
        self._answers: dict[tuple[str, Destination, Parcel, date], tuple[LaneAnswer, ...]] = {}

    @property
    def sheets(self) -> dict[str, CompiledSheet]:
        return {s.id: s for svc in self._services.values() for ss in svc.sheets.values() for s in ss}

    def service(self, code: str) -> ServiceInfo | None:
        svc = self._services.get(code)
        return svc.info if svc else None

    def services(self) -> list[ServiceInfo]:
        return [s.info for s in self._services.values()]

    def services_from(self, origin_country: str) -> list[ServiceInfo]:
        """Active services with a rate sheet (in force or not) from `origin_country`."""
        return list(self._by_origin.get(origin_country, ()))

    def sheet_in_force(self, service_code: str, *, origin_country: str, on: date) -> CompiledSheet | None:
        svc = self._services.get(service_code)
        if svc is None:
            return None
        for sheet in svc.sheets.get(origin_country, ()):
            if sheet.in_force(on):
                return sheet
        return None

    def rate(
        self, service_code: str, *, origin_country: str, destination: Destination, parcel: Parcel, on: date
    ) -> RateQuote | RateRefusal:
        """The price of `parcel` on the sheet in force on `on`, or why the service cannot carry it."""
        svc = self._services.get(service_code)
        if svc is None:
            return RateRefusal(service_code, "no_lane", f"no active service {service_code}")
        info = svc.info
        refusal = _refusal(svc, parcel)
        if refusal is not None:
            return refusal
        sheets = svc.sheets.get(origin_country)
        if not sheets:
            return RateRefusal(service_code, "no_lane", f"{info.name} does not ship from {origin_country}")
        for sheet in sheets:
            if sheet.effective_from <= on and (sheet.effective_to is None or on < sheet.effective_to):
                return sheet.quote(service_code, destination, parcel)
        return RateRefusal(
            service_code, "no_sheet_in_force", f"no sheet of {info.name} from {origin_country} on {on}"
        )

    def quotes_from(
        self, origin_country: str, *, destination: Destination, parcel: Parcel, on: date
    ) -> tuple[LaneAnswer, ...]:
        """For each of `services_from(origin_country)`, in order: what `rate` answers for `parcel` on `on`,
        and the lane's `transit` profile for `on`. Memoized: a quote asks the same of every warehouse of a
        country, and successive quotes ask the same lanes."""
        key = (origin_country, destination, parcel, on)
        answers = self._answers.get(key)
        if answers is None:
            answers = tuple(
                (
                    route.service.info,
                    self._rate_on(route, origin_country, destination, parcel, on),
                    route.profile,
                )
                for route in self._routes_from(origin_country, destination, on)
            )
            if len(self._answers) >= ANSWER_CACHE_SIZE:
                self._answers.clear()
            self._answers[key] = answers
        return answers

    def _routes_from(self, origin_country: str, destination: Destination, on: date) -> tuple[_Route, ...]:
        key = (origin_country, destination, on)
        routes = self._routes.get(key)
        if routes is None:
            found = []
            for info in self._by_origin.get(origin_country, ()):
                svc = self._services[info.code]
                sheet = self.sheet_in_force(info.code, origin_country=origin_country, on=on)
                zone = sheet.zone_for(destination) if sheet is not None else None
                remote = sheet.remote_for(zone, destination) if sheet is not None and zone is not None else 0
                profile = self.transit(
                    info.code, origin_country=origin_country, destination=destination, on=on
                )
                found.append(_Route(svc, sheet, zone, remote, profile))
            routes = tuple(found)
            if len(self._routes) >= ROUTE_CACHE_SIZE:
                self._routes.clear()
            self._routes[key] = routes
        return routes

    def _rate_on(
        self, route: _Route, origin_country: str, destination: Destination, parcel: Parcel, on: date
    ) -> RateQuote | RateRefusal:
        """`rate`, with the lane's sheet and zone already found."""
        svc = route.service
        info = svc.info
        refusal = _refusal(svc, parcel)
        if refusal is not None:
            return refusal
        if route.sheet is None:
            if not svc.sheets.get(origin_country):
                return RateRefusal(info.code, "no_lane", f"{info.name} does not ship from {origin_country}")
            return RateRefusal(
                info.code, "no_sheet_in_force", f"no sheet of {info.name} from {origin_country} on {on}"
            )
        if route.zone is None:
            return route.sheet.quote(info.code, destination, parcel)
        return route.sheet.quote(info.code, destination, parcel, zone=route.zone, remote=route.remote_minor)

    def transit(
        self, service_code: str, *, origin_country: str, destination: Destination, on: date | None = None
    ) -> TransitProfile | None:
        """The lane's days per leg: the zone's sheet percentiles, moved towards (and from 20 samples on
        replaced by) what delivered shipments took. See `carriers.transit`."""
        sheet = self.sheet_in_force(service_code, origin_country=origin_country, on=on or utc_now().date())
        if sheet is None:
            return None
        zone = sheet.zone_for(destination)
        if zone is None:
            return None
        key = (service_code, origin_country, zone.code, sheet.id)
        if key in self._profiles:
            return self._profiles[key]
        samples = self._samples.get((service_code, origin_country, zone.code), ())
        profile = estimate(zone.transit, samples)
        self._profiles[key] = profile
        return profile

    # --- building -------------------------------------------------------------------------------------

    @classmethod
    def load(
        cls, session: Session, *, generation: int, previous: CarrierNetwork | None = None
    ) -> CarrierNetwork:
        carriers = {c.id: c for c in session.exec(select(Carrier).where(col(Carrier.active).is_(True)))}
        services = [
            s
            for s in session.exec(
                select(CarrierService)
                .where(col(CarrierService.active).is_(True))
                .order_by(col(CarrierService.code))
            )
            if s.carrier_id in carriers
        ]
        service_ids = {s.id for s in services}
        sheet_rows = [
            r
            for r in session.exec(select(RateSheet).order_by(col(RateSheet.id)))
            if r.service_id in service_ids
        ]
        known = previous.sheets if previous is not None else {}
        fresh = [r for r in sheet_rows if r.id not in known]
        rows = rows_of_sheets(session, fresh)
        compiled: dict[str, list[CompiledSheet]] = {}
        origins: dict[str, set[str]] = {}
        for row in sheet_rows:
            sheet = known.get(row.id) or CompiledSheet(row.id, rows[row.id])
            compiled.setdefault(row.service_id, []).append(sheet)
            origins.setdefault(row.service_id, set()).add(row.origin_country)
        entries = []
        for s in services:
            carrier = carriers[s.carrier_id]
            dims = (
                (s.max_length_cm, s.max_width_cm, s.max_height_cm)
                if s.max_length_cm is not None and s.max_width_cm is not None and s.max_height_cm is not None
                else None
            )
            info = ServiceInfo(
                code=s.code,
                carrier_code=carrier.code,
                carrier_name=carrier.name,
                name=s.name,
                mode=s.mode,  # type: ignore[arg-type]
                tracked=s.tracked,
                ddp_capable=s.ddp_capable,
                max_weight_g=s.max_weight_g,
                max_dims_cm=dims,
                accepts=frozenset(s.accepts),
                origins=frozenset(origins.get(s.id, ())),
                goods_limits=tuple(sorted(s.goods_limits.items())),
            )
            entries.append((info, compiled.get(s.id, [])))
        settings = get_settings()
        live = {c.code: c.adapter for c in carriers.values() if configured(c.adapter, settings)}
        return cls(entries, _load_samples(session), generation=generation, live=live)


def _refusal(svc: _Service, parcel: Parcel) -> RateRefusal | None:
    """Why the service cannot carry the parcel (its goods, weight or size), if it cannot."""
    info = svc.info
    if not parcel.goods <= info.accepts:
        refused = ", ".join(sorted(parcel.goods - info.accepts))
        return RateRefusal(info.code, "goods_not_accepted", f"{info.name} does not carry {refused}")
    if parcel.weight_g > info.max_weight_g:
        return RateRefusal(
            info.code, "too_heavy", f"{parcel.weight_g} g is over the {info.max_weight_g} g limit"
        )
    if svc.max_dims is not None and parcel.dims_cm is not None:
        a, b, c = sorted(parcel.dims_cm, reverse=True)
        ma, mb, mc = svc.max_dims
        if a > ma or b > mb or c > mc:
            return RateRefusal(
                info.code, "too_large", f"{a} x {b} x {c} cm does not fit {ma} x {mb} x {mc} cm"
            )
    return None


def _load_samples(session: Session) -> dict[Lane, tuple[LegSample, ...]]:
    """The most recent WINDOW samples of every lane, oldest first."""
    rank = (
        func.row_number()
        .over(
            partition_by=(TransitSample.service_code, TransitSample.origin_country, TransitSample.zone),
            order_by=(col(TransitSample.delivered_at).desc(), col(TransitSample.id).desc()),
        )
        .label("rank")
    )
    ranked = sa_select(
        col(TransitSample.service_code),
        col(TransitSample.origin_country),
        col(TransitSample.zone),
        col(TransitSample.line_haul_days),
        col(TransitSample.clearance_days),
        col(TransitSample.last_mile_days),
        rank,
    ).subquery()
    rows = session.connection().execute(
        sa_select(
            ranked.c.service_code,
            ranked.c.origin_country,
            ranked.c.zone,
            ranked.c.line_haul_days,
            ranked.c.clearance_days,
            ranked.c.last_mile_days,
        )
        .where(ranked.c.rank <= WINDOW)
        .order_by(ranked.c.rank.desc())
    )
    lanes: dict[Lane, list[LegSample]] = {}
    for svc, origin, zone, line_haul, clearance, last_mile in rows:
        lanes.setdefault((svc, origin, zone), []).append(LegSample(line_haul, clearance, last_mile))
    return {lane: tuple(samples) for lane, samples in lanes.items()}


# --- the process's snapshot ---------------------------------------------------------------------------


GENERATION = "carriers"
_snapshot: Snapshot[CarrierNetwork] = Snapshot(
    GENERATION,
    load=lambda session, generation, previous: CarrierNetwork.load(
        session, generation=generation, previous=previous
    ),
)


def current() -> CarrierNetwork:
    """The process's snapshot (see `core.snapshots`: refreshed in the background, swapped whole)."""
    return _snapshot.current()


def invalidate() -> None:
    """Drop this process's snapshot (after a commit that changed carrier data); the rebuild reuses its
    compiled sheets."""
    _snapshot.invalidate()

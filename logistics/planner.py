"""The fulfillment planner: from a cart and a destination to ranked, explained shipping options.

Pure: it takes plain data (cart lines, stock per warehouse, the warehouse and carrier snapshots, a converter
to the shopper's currency and a landed-cost function) and touches no database, so it is fast and testable
on its own. `logistics.quotes` does the I/O around it.

1. Candidate warehouse sets: every warehouse holding the whole cart; when none does, the smallest sets that
   cover it (fewest shipments first), each line shipped from the nearest member holding it.
2. For each shipment, every service from the warehouse's country that serves the destination and accepts the
   goods; each refusal is kept with its reason.
3. Each option gets its shipping price (in the shopper's currency), its delivery window, and is dropped when
   its latest day passes `max_days`.
4. Ranked by the objective; the best few get their landed cost (duties and taxes when cross-border), and the
   cheapest, fastest and best-value options are tagged.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, Literal, NamedTuple, Protocol

from carriers.types import Destination, Parcel, RateQuote, RateRefusal, ServiceInfo, TransitProfile
from core.money import CurrencyMismatch, Money
from logistics.network import WarehouseInfo
from logistics.windows import Window, ship_date_for, window_of

Objective = Literal["cheapest", "fastest", "best_value"]
MAX_SHIPMENTS = 3
MAX_COVERS = 4
OPTIONS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class CartLine:
    index: int
    sku: str
    quantity: int
    unit_price: Money
    weight_g: int
    dims_cm: tuple[Decimal, Decimal, Decimal] | None
    hs_code: str | None
    origin_country: str | None
    category: str | None
    goods: frozenset[str]
    product_id: str | None

    @property
    def value(self) -> Money:
        return self.unit_price * self.quantity


class CarrierNetwork(Protocol):
    def quotes_from(
        self, origin_country: str, *, destination: Destination, parcel: Parcel, on: date
    ) -> Sequence[tuple[ServiceInfo, RateQuote | RateRefusal, TransitProfile | None]]:
        """Each service from the origin: its price for the parcel (or why not) and its transit profile."""
        ...


@dataclass(frozen=True, slots=True)
class LandedCost:
    duties: Money
    taxes: Money
    fees: Money
    collection: Literal["checkout", "border"]
    rules: tuple[str, ...]
    detail: dict[str, Any]


class LandedCostAnswer(Protocol):
    """What the planner reads of a landed cost (`LandedCost`, or customs' own answer with the same fields)."""

    @property
    def duties(self) -> Money: ...
    @property
    def taxes(self) -> Money: ...
    @property
    def fees(self) -> Money: ...
    @property
    def collection(self) -> Literal["checkout", "border"]: ...
    @property
    def rules(self) -> tuple[str, ...]: ...
    @property
    def detail(self) -> dict[str, Any]: ...


LandedCostFn = Callable[..., LandedCostAnswer]
"""(destination_country, origin_country, lines, shipping: Money, incoterm, currency, on) -> LandedCost"""
Converter = Callable[[Money, str], Money]
"""(money, to_currency) -> money in that currency, rounded to its minor unit.

A converter may also have `rate_key(money, to_currency) -> Hashable`: what its answers for that currency
pair depend on besides the amount (the rate it uses), so that a lane's prices converted once serve every quote
at the same rates (`_Lane.converted`). A converter without it is asked for every price of every quote."""


@dataclass(frozen=True, slots=True)
class PlannedShipment:
    warehouse: WarehouseInfo
    lines: tuple[CartLine, ...]
    service: ServiceInfo
    rate: RateQuote
    shipping: Money
    """In the shopper's currency."""
    window: Window
    weight_g: int


@dataclass(slots=True)
class Option:
    shipments: tuple[PlannedShipment, ...]
    shipping: Money
    window: Window
    goods: Money
    duties: Money
    taxes: Money
    fees: Money
    total: Money
    collected: Literal["checkout", "door", "none"] = "none"
    landed: list[dict[str, Any]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class Refusal:
    warehouse: str | None
    service: str | None
    reason: str
    message: str


@dataclass(slots=True)
class Plan:
    options: list[Option]
    rejected: list[Refusal]
    candidates: int
    rules: list[str]


# --- helpers --------------------------------------------------------------------------------------


@lru_cache(maxsize=16_384)
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres; geography, not money."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


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


def covers(
    lines: Sequence[CartLine],
    stock: dict[str, dict[int, int]],
    warehouses: dict[str, WarehouseInfo],
    point: tuple[float, float] | None,
) -> list[list[tuple[WarehouseInfo, tuple[CartLine, ...]]]]:
    """Warehouse sets that can ship the whole cart, fewest shipments first, nearest first within a size.

    `stock[warehouse_id][line_index]` is the available quantity of that line's product.
    """
    holders = {
        line.index: frozenset(w for w, avail in stock.items() if avail.get(line.index, 0) >= line.quantity)
        for line in lines
    }
    if any(not h for h in holders.values()):
        return []
    useful = sorted({w for hs in holders.values() for w in hs})
    distance = {w: _km(warehouses[w].point, point) if point else 0.0 for w in useful}
    need = list(holders.values())

    found: list[list[tuple[WarehouseInfo, tuple[CartLine, ...]]]] = []
    for size in range(1, MAX_SHIPMENTS + 1):
        sets = [s for s in itertools.combinations(useful, size) if all(not h.isdisjoint(s) for h in need)]
        sets.sort(key=lambda s: sum(distance[w] for w in s))
        for s in sets:
            plan: dict[str, list[CartLine]] = {}
            for line in lines:
                held = holders[line.index]
                best = min((w for w in s if w in held), key=distance.__getitem__)
                plan.setdefault(best, []).append(line)
            if len(plan) == size:  # every member ships something, else a smaller set already covers it
                found.append([(warehouses[w], tuple(ls)) for w, ls in plan.items()])
            if len(found) >= MAX_COVERS:
                return found
        if found:
            return found
    return found


def _score(option: Option, cheapest: Money, fastest: int) -> Decimal:
    price = option.total.amount / cheapest.amount if cheapest.amount > 0 else Decimal(1)
    speed = Decimal(max(option.window.days_likely, 1)) / Decimal(max(fastest, 1))
    return price + speed / 2


def _rank_key(objective: Objective) -> Callable[[Option], tuple[Any, ...]]:
    if objective == "fastest":
        return lambda o: (o.window.days_likely, o.window.days_max, o.total.amount, len(o.shipments))
    return lambda o: (o.total.amount, o.window.days_likely, len(o.shipments))


# --- the planner ----------------------------------------------------------------------------------

_Priced = tuple[Decimal, Window, ServiceInfo, RateQuote, Money]
"""A service priced in the shopper's currency: (amount, window, service, rate, price)."""
_Entry = tuple[tuple[Decimal, int, int], tuple[int, int, Decimal, int], _Priced]
"""A lane's service priced, with a one-shipment candidate's rank keys: (cheap key, fast key, priced)."""


_Shipment = tuple[WarehouseInfo, tuple[CartLine, ...], int]
"""A shipment of a warehouse set: (warehouse, the cart lines it ships, their weight in grams)."""


class _Candidate(NamedTuple):
    """An option before it is shown: its first shipment and the service priced for it (`head`, `priced`), any
    further ones (`rest`), and its rank keys (`_rank_key`'s on plain amounts in the shopper's currency, less
    the goods, which every candidate of a quote shares). `Option`, with its `Money`, is built for the few
    shown."""

    cheap: tuple[Decimal, int, int]
    fast: tuple[int, int, Decimal, int]
    head: _Shipment
    priced: _Priced
    rest: tuple[tuple[_Shipment, _Priced], ...]
    window: Window


_new = tuple.__new__
"""Builds a `_Candidate` from a tuple in C: a quote builds a hundred or so, and NamedTuple's own `__new__`
is a Python function."""
_BY_CHEAP, _BY_FAST = itemgetter(0), itemgetter(1)


def _combined(legs: Sequence[tuple[_Shipment, _Entry]]) -> _Candidate:
    """The candidate shipping every leg with its priced service: as late as its latest leg."""
    window = max((e[2][1] for _, e in legs), key=lambda w: (w.latest, w.likely))
    shipping, n = sum((e[2][0] for _, e in legs), Decimal(0)), len(legs)
    cheap, fast = (shipping, window.days_likely, n), (window.days_likely, window.days_max, shipping, n)
    (head, first), rest = legs[0], tuple((sh, e[2]) for sh, e in legs[1:])
    return _new(_Candidate, (cheap, fast, head, first[2], rest, window))


# --- lanes: what every service from a warehouse answers for a parcel, kept per carrier snapshot ---------


@dataclass(frozen=True, slots=True)
class _Lane:
    """The services from one warehouse for one parcel and destination, shipped on one day: the refusals (in
    service order) and the services that can carry it in time, with their price in the sheet's currency and
    their delivery window. Pure in its key, so kept per carrier network snapshot (which never changes)."""

    candidates: int
    refusals: tuple[Refusal, ...]
    choices: tuple[tuple[ServiceInfo, RateQuote, Window, tuple[Decimal, str]], ...]
    """Each service that can: its rate, window and price as (amount, currency)."""
    first_prices: tuple[Money, ...]
    """The first price in each currency of `choices`, in order: what a converter is asked its rate for."""
    converted: dict[tuple[str, tuple[Any, ...]], tuple[_Entry, ...]] = field(
        default_factory=dict, compare=False, hash=False
    )
    """The choices priced in a shopper's currency, by (currency, the converter's rate keys)."""


CONVERTED_PER_LANE = 16


LANE_CACHE_SIZE = 20_000
_LaneKey = tuple[WarehouseInfo, Destination, Parcel, date, tuple[date, date], int]
_lanes_by_network: weakref.WeakKeyDictionary[Any, dict[_LaneKey, _Lane]] = weakref.WeakKeyDictionary()


def forget_lanes() -> None:
    """Drop every lane kept and its converted prices (tests compare quotes made cold and warm)."""
    _lanes_by_network.clear()


def _lanes_of(carriers: CarrierNetwork) -> dict[_LaneKey, _Lane]:
    """The lanes kept for this carrier snapshot (a network that cannot be weakly referenced keeps none)."""
    try:
        lanes = _lanes_by_network.get(carriers)
        if lanes is None:
            lanes = _lanes_by_network[carriers] = {}
    except TypeError:
        return {}
    return lanes


def _lane(
    carriers: CarrierNetwork,
    wh: WarehouseInfo,
    destination: Destination,
    parcel: Parcel,
    today: date,
    days: tuple[date, date],
    max_days: int,
) -> _Lane:
    capable = parcel.goods <= wh.capabilities
    cross_border = wh.country != destination.country
    refusals: list[Refusal] = []
    choices: list[tuple[ServiceInfo, RateQuote, Window, tuple[Decimal, str]]] = []
    answers = carriers.quotes_from(wh.country, destination=destination, parcel=parcel, on=today)
    for svc, rate, profile in answers:
        if not capable:
            missing = ", ".join(sorted(parcel.goods - wh.capabilities))
            refusals.append(
                Refusal(wh.code, svc.code, "warehouse_cannot_handle", f"{wh.code} cannot handle {missing}")
            )
            continue
        if isinstance(rate, RateRefusal):
            if rate.reason != "no_lane":
                refusals.append(Refusal(wh.code, svc.code, rate.reason, rate.message))
            continue
        if profile is None:
            refusals.append(
                Refusal(wh.code, svc.code, "no_transit_profile", "no transit times for this lane")
            )
            continue
        window = window_of(*days, profile, destination_country=destination.country, cross_border=cross_border)
        if window.days_max > max_days:
            message = f"latest delivery in {window.days_max} days, over the {max_days}-day promise"
            refusals.append(Refusal(wh.code, svc.code, "too_slow", message))
            continue
        choices.append((svc, rate, window, (rate.price.amount, rate.price.currency)))
    firsts: dict[str, Money] = {}
    for _, rate, _, _ in choices:
        firsts.setdefault(rate.price.currency, rate.price)
    return _Lane(len(answers), tuple(refusals), tuple(choices), tuple(firsts.values()))


def plan(
    *,
    lines: Sequence[CartLine],
    destination: Destination,
    stock: dict[str, dict[int, int]],
    warehouses: dict[str, WarehouseInfo],
    carriers: CarrierNetwork,
    convert: Converter,
    currency: str,
    incoterm: Literal["DDP", "DAP"],
    objective: Objective,
    max_days: int,
    now: datetime,
    landed_cost: LandedCostFn | None,
) -> Plan:
    sets = covers(lines, stock, warehouses, destination.point)
    if not sets:
        missing = [
            line.sku
            for line in lines
            if not any(a.get(line.index, 0) >= line.quantity for a in stock.values())
        ]
        message = f"no warehouse holds enough of {', '.join(missing) or 'the cart'}"
        return Plan([], [Refusal(None, None, "out_of_stock", message)], 0, [])

    zero = Money.zero(currency)
    goods = zero
    for line in lines:
        goods = goods + convert(line.value, currency)
    asked = _Asked(carriers, destination, convert, currency, now, max_days)
    options: list[_Candidate] = []
    for shipment_set in sets:
        options.extend(asked.candidates(shipment_set))
    if not options:
        return Plan([], asked.rejected, asked.count, [])

    options.sort(key=_BY_FAST if objective == "fastest" else _BY_CHEAP)
    # already sorted by the cheapest key unless by the fastest: its first is then the first minimum
    cheapest_candidate = options[0] if objective != "fastest" else min(options, key=_BY_CHEAP)
    fastest_candidate = min(options, key=_BY_FAST)
    chosen = options[:OPTIONS_SHOWN]
    for extra in (cheapest_candidate, fastest_candidate):
        if not any(c is extra for c in chosen):
            chosen.append(extra)
    shown = [_option(c, goods, zero) for c in chosen]

    rules: set[str] = set()
    for option in shown:
        _apply_landed_cost(option, destination, currency, incoterm, asked.today, landed_cost)
        rules.update(option.rules)
    _rank(shown, objective, asked.count, len(sets[0]))
    return Plan(shown, asked.rejected, asked.count, sorted(rules))


class _Asked:
    """One quote's questions to the lanes, and what each shipment, warehouse and price answered (the same
    come back in several warehouse sets)."""

    def __init__(
        self,
        carriers: CarrierNetwork,
        destination: Destination,
        convert: Converter,
        currency: str,
        now: datetime,
        max_days: int,
    ) -> None:
        self.carriers, self.destination, self.convert, self.currency = (
            carriers,
            destination,
            convert,
            currency,
        )
        self.rate_key: Callable[[Money, str], Any] | None = getattr(convert, "rate_key", None)
        self.now, self.today, self.max_days = now, now.date(), max_days
        self.lanes = _lanes_of(carriers)
        self.rejected: list[Refusal] = []
        self.count = 0
        """Warehouse-service candidates weighed."""
        self.parcels: dict[tuple[int, ...], Parcel] = {}
        self.local_days: dict[str, tuple[date, date]] = {}  # per warehouse: ship date, today in its zone
        self.shipping_in: dict[tuple[Decimal, str], Money] = {}  # a price in the shopper's currency

    def candidates(self, shipment_set: list[tuple[WarehouseInfo, tuple[CartLine, ...]]]) -> list[_Candidate]:
        """The set's candidates: one per service when it is one shipment, else the cheapest and the fastest
        service for every shipment."""
        legs: list[tuple[_Shipment, tuple[_Entry, ...]]] = []
        for wh, ls in shipment_set:
            shipment, entries = self.entries(wh, ls)
            if not entries:
                return []
            legs.append((shipment, entries))
        if len(legs) == 1:  # most candidates are one shipment: a tuple each, keys kept on the lane
            shipment, entries = legs[0]
            return [_new(_Candidate, (ck, fk, shipment, pr, (), pr[1])) for ck, fk, pr in entries]
        cheap = [(sh, min(es, key=_CHEAP_LEG)) for sh, es in legs]
        fast = [(sh, min(es, key=_FAST_LEG)) for sh, es in legs]
        if all(c[1] is f[1] for c, f in zip(cheap, fast, strict=True)):
            return [_combined(cheap)]  # one option per objective, once when they are the same
        return [_combined(cheap), _combined(fast)]

    def entries(self, wh: WarehouseInfo, ls: tuple[CartLine, ...]) -> tuple[_Shipment, tuple[_Entry, ...]]:
        """The shipment and the services that can carry it in time, priced in the shopper's currency; the
        others' refusals are kept."""
        shape = tuple(line.index for line in ls)
        parcel = self.parcels.get(shape)
        if parcel is None:
            parcel = self.parcels[shape] = parcel_of(ls)
        days = self.local_days.get(wh.id)
        if days is None:
            days = self.local_days[wh.id] = (ship_date_for(self.now, wh), self.now.astimezone(wh.zone).date())
        key = (wh, self.destination, parcel, self.today, days, self.max_days)
        lane = self.lanes.get(key)
        if lane is None:
            lane = _lane(self.carriers, wh, self.destination, parcel, self.today, days, self.max_days)
            if len(self.lanes) >= LANE_CACHE_SIZE:
                self.lanes.clear()
            self.lanes[key] = lane
        self.count += lane.candidates
        self.rejected.extend(lane.refusals)
        return (wh, ls, parcel.weight_g), self.priced(lane)

    def priced(self, lane: _Lane) -> tuple[_Entry, ...]:
        """The lane's choices priced in the shopper's currency: converted once per lane and rates when the
        converter says what its rates are, else price by price (each price once per quote)."""
        currency, rate_key = self.currency, self.rate_key
        if rate_key is None:
            return tuple(self._entry(*choice) for choice in lane.choices)
        keys = tuple(rate_key(m, currency) if m.currency != currency else None for m in lane.first_prices)
        found = lane.converted.get((currency, keys))
        if found is None:
            found = tuple(self._entry(*choice) for choice in lane.choices)
            if len(lane.converted) >= CONVERTED_PER_LANE:
                lane.converted.clear()
            lane.converted[(currency, keys)] = found
        return found

    def _entry(self, svc: ServiceInfo, rate: RateQuote, window: Window, price: tuple[Decimal, str]) -> _Entry:
        shipping = self.shipping_in.get(price)
        if shipping is None:
            shipping = self.shipping_in[price] = self.convert(rate.price, self.currency)
        amount, likely = shipping.amount, window.days_likely
        return (
            (amount, likely, 1),
            (likely, window.days_max, amount, 1),
            (amount, window, svc, rate, shipping),
        )


def _cheap_leg(entry: _Entry) -> tuple[Decimal, int]:
    return entry[2][0], entry[2][1].days_likely


def _fast_leg(entry: _Entry) -> tuple[int, Decimal]:
    return entry[2][1].days_likely, entry[2][0]


_CHEAP_LEG, _FAST_LEG = _cheap_leg, _fast_leg


def _rank(shown: list[Option], objective: Objective, candidates: int, fewest: int) -> None:
    """Order the shown options by the objective, tag the cheapest, fastest and best value, explain each."""
    shown.sort(key=_rank_key(objective))
    cheapest = min(shown, key=_rank_key("cheapest"))
    fastest = min(shown, key=_rank_key("fastest"))
    best = min(shown, key=lambda o: (_score(o, cheapest.total, fastest.window.days_likely), o.total.amount))
    if objective == "best_value":
        shown.sort(key=lambda o: (_score(o, cheapest.total, fastest.window.days_likely), o.total.amount))
    for option in shown:
        option.tags = [
            t for t, o in (("cheapest", cheapest), ("fastest", fastest), ("best_value", best)) if o is option
        ]
        option.reasons, option.explanation = _explain(option, shown, objective, candidates, fewest)


def _option(candidate: _Candidate, goods: Money, zero: Money) -> Option:
    shipments = tuple(
        PlannedShipment(wh, ls, svc, rate, shipping, window, weight)
        for (wh, ls, weight), (_, window, svc, rate, shipping) in (
            (candidate.head, candidate.priced),
            *candidate.rest,
        )
    )
    shipping = zero
    for s in shipments:
        shipping = shipping + s.shipping
    return Option(shipments, shipping, candidate.window, goods, zero, zero, zero, goods + shipping)


def _apply_landed_cost(
    option: Option,
    destination: Destination,
    currency: str,
    incoterm: Literal["DDP", "DAP"],
    today: date,
    landed_cost: LandedCostFn | None,
) -> None:
    if landed_cost is None or all(s.warehouse.country == destination.country for s in option.shipments):
        return  # as `_option` made it: nothing to collect, the total is goods and shipping
    duties = taxes = fees = Decimal(0)  # in `currency`, as customs answers: summed as amounts, then Money
    for s in option.shipments:
        if s.warehouse.country == destination.country:
            continue
        lc = landed_cost(
            destination_country=destination.country,
            origin_country=s.warehouse.country,
            lines=s.lines,
            shipping=s.shipping,
            incoterm=incoterm,
            currency=currency,
            on=today,
        )
        if not lc.duties.currency == lc.taxes.currency == lc.fees.currency == currency:
            raise CurrencyMismatch(f"a landed cost in {lc.duties.currency} for a quote in {currency}")
        duties, taxes, fees = duties + lc.duties.amount, taxes + lc.taxes.amount, fees + lc.fees.amount
        option.rules.extend(lc.rules)
        option.landed.append({"warehouse": s.warehouse.code, **lc.detail})
    option.duties, option.taxes, option.fees = (
        Money(duties, currency),
        Money(taxes, currency),
        Money(fees, currency),
    )
    import_charges = duties + taxes + fees
    if import_charges == 0:
        option.collected = "none"
        option.total = option.goods + option.shipping
    elif incoterm == "DDP":
        option.collected = "checkout"
        option.total = option.goods + option.shipping + Money(import_charges, currency)
    else:  # DAP: the shopper pays these at the door; shown as an estimate, not charged
        option.collected = "door"
        option.total = option.goods + option.shipping


def _explain(
    option: Option, shown: Sequence[Option], objective: Objective, candidates: int, fewest: int
) -> tuple[list[str], str]:
    reasons = list(option.tags)
    n = len(option.shipments)
    reasons.append("single_shipment" if n == 1 else "split_shipment")
    if n > fewest:
        reasons.append("more_shipments_than_needed")
    modes = sorted({s.service.mode for s in option.shipments})
    reasons.extend(f"mode_{m}" for m in modes)
    if option.collected == "checkout":
        reasons.append("import_charges_prepaid")
    elif option.collected == "door":
        reasons.append("import_charges_due_at_door")
    parts = []
    for s in option.shipments:
        skus = ", ".join(f"{line.quantity}x {line.sku}" for line in s.lines)
        parts.append(
            f"{skus} from {s.warehouse.name} ({s.warehouse.code}) by {s.service.carrier_name} "
            f"{s.service.name} ({s.service.mode.replace('_', ' ')}), "
            f"{s.rate.billable_weight_g / 1000:.2f} kg billable, {s.shipping}"
        )
    w = option.window
    why = {
        "cheapest": "the lowest total",
        "fastest": "the earliest likely delivery",
        "best_value": "the best balance of price and speed",
    }
    lead = (
        f"Ranked by {why[objective]} among {len(shown)} options from {candidates} warehouse-service "
        f"candidates"
    )
    tag_text = (" It has " + " and ".join(why[t] for t in option.tags) + ".") if option.tags else ""
    charges = ""  # only the option's case is built: it sums Money
    if option.collected in ("checkout", "door"):
        due = option.duties + option.taxes + option.fees
        charges = (
            f" Duties and taxes of {due} are paid at checkout (DDP)."
            if option.collected == "checkout"
            else f" About {due} in duties and taxes is due at the door (DAP)."
        )
    text = (
        f"{lead}: ships {'; '.join(parts)}; arrives {w.earliest.isoformat()} to {w.latest.isoformat()} "
        f"(likely {w.likely.isoformat()}).{tag_text}{charges}"
    )
    return reasons, text

"""The fulfillment planner: from a cart and a destination to ranked, explained shipping options.

Pure: it takes plain data (cart lines, stock per warehouse, the warehouse and carrier snapshots, a converter
to the shopper's currency and a landed-cost function) and touches no database, so it is fast and testable
on its own. `logistics.quotes` does the I/O around it.

1. Candidate warehouse sets (`logistics.covers`): the smallest sets that hold the cart (fewest shipments
   first), a SKU's quantity split across members when no one holds it all, and a few larger sets of nearer
   stock; the warehouses left out for stock are named.
2. For each shipment, every service from the warehouse's country that serves the destination and accepts the
   goods, in several parcels when it is over the service's weight or size limit (`logistics.parcels`); each
   refusal is kept with its reason.
3. Each option gets its shipping price (in the shopper's currency), its delivery window, and is dropped when
   its latest day passes `max_days`.
4. Ranked by the objective; the best few get their landed cost (duties and taxes when cross-border), and the
   cheapest, fastest and best-value options are tagged.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, Literal, NamedTuple, Protocol

from carriers.types import Destination, Parcel, RateQuote, RateRefusal, ServiceInfo, TransitProfile
from core.money import CurrencyMismatch, Money
from logistics.cart import CartLine, Refusal
from logistics.covers import covers, stock_refusals
from logistics.network import WarehouseInfo
from logistics.parcels import Parcels, Rater, in_parcels, parcel_of
from logistics.windows import Window, ship_date_for, window_of

Objective = Literal["cheapest", "fastest", "best_value"]
OPTIONS_SHOWN = 5


class CarrierNetwork(Rater, Protocol):
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
    collected: Literal["checkout", "border"] | None = None
    """Where the charges are collected (the scheme's rule, then the incoterm); None: by the incoterm."""


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
    @property
    def collected(self) -> Literal["checkout", "border"] | None: ...


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
    parcels: tuple[tuple[int, int], ...] = ()
    """Each parcel's (weight, billable weight) in grams: more than one when the service's weight limit
    splits the shipment."""


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


@dataclass(slots=True)
class Plan:
    options: list[Option]
    rejected: list[Refusal]
    candidates: int
    rules: list[str]


# --- helpers --------------------------------------------------------------------------------------


BEST_VALUE_SPEED_WEIGHT = Decimal("0.5")
"""Best value: how much the likely delivery time against the fastest option's counts, the total against the
cheapest option's counting 1 (`logistics.ranking` tells the shopper)."""


def _score(option: Option, cheapest: Money, fastest: int) -> Decimal:
    price = option.total.amount / cheapest.amount if cheapest.amount > 0 else Decimal(1)
    speed = Decimal(max(option.window.days_likely, 1)) / Decimal(max(fastest, 1))
    return price + speed * BEST_VALUE_SPEED_WEIGHT


def _rank_key(objective: Objective) -> Callable[[Option], tuple[Any, ...]]:
    if objective == "fastest":
        return lambda o: (o.window.days_likely, o.window.days_max, o.total.amount, len(o.shipments))
    return lambda o: (o.total.amount, o.window.days_likely, len(o.shipments))


# --- the planner ----------------------------------------------------------------------------------

_Priced = tuple[Decimal, Window, ServiceInfo, RateQuote, Money, Parcels]
"""A service priced in the shopper's currency: (amount, window, service, rate, price, parcels)."""
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
    choices: tuple[tuple[ServiceInfo, RateQuote, Window, tuple[Decimal, str], Parcels], ...]
    """Each service that can: its rate, window, price as (amount, currency) and parcels."""
    first_prices: tuple[Money, ...]
    """The first price in each currency of `choices`, in order: what a converter is asked its rate for."""
    converted: dict[tuple[str, tuple[Any, ...]], tuple[_Entry, ...]] = field(
        default_factory=dict, compare=False, hash=False
    )
    """The choices priced in a shopper's currency, by (currency, the converter's rate keys)."""


CONVERTED_PER_LANE = 16


LANE_CACHE_SIZE = 20_000
_Units = tuple[tuple[int, tuple[Decimal, Decimal, Decimal] | None, frozenset[str], int], ...]
"""A shipment's units, as parcels are packed: (unit weight, unit dimensions, goods, quantity) each."""
_LaneKey = tuple[WarehouseInfo, Destination, _Units, date, tuple[date, date], int]
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
    lines: Sequence[CartLine],
    parcel: Parcel,
    today: date,
    days: tuple[date, date],
    max_days: int,
) -> _Lane:
    capable = parcel.goods <= wh.capabilities
    cross_border = wh.country != destination.country
    refusals: list[Refusal] = []
    choices: list[tuple[ServiceInfo, RateQuote, Window, tuple[Decimal, str], Parcels]] = []
    answers = carriers.quotes_from(wh.country, destination=destination, parcel=parcel, on=today)
    for svc, answer, profile in answers:
        rate: RateQuote | RateRefusal = answer
        parcels: Parcels = ((parcel.weight_g, 0),)
        if isinstance(answer, RateRefusal) and answer.reason in ("too_heavy", "too_large") and capable:
            rate, parcels = in_parcels(carriers, svc, wh.country, destination, lines, today, answer)
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
        if len(parcels) == 1:
            parcels = ((parcel.weight_g, rate.billable_weight_g),)
        choices.append((svc, rate, window, (rate.price.amount, rate.price.currency), parcels))
    firsts: dict[str, Money] = {}
    for _, rate, _, _, _ in choices:
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
        held = {ln.index: sum(a.get(ln.index, 0) for a in stock.values()) for ln in lines}
        missing = [
            f"{ln.sku} ({held[ln.index]} of {ln.quantity})" for ln in lines if held[ln.index] < ln.quantity
        ]
        message = f"the warehouses hold too few of {', '.join(missing) or 'the cart'}"
        return Plan([], [Refusal(None, None, "out_of_stock", message)], 0, [])
    short = stock_refusals(lines, stock, warehouses, {wh.id for s in sets for wh, _ in s})

    zero = Money.zero(currency)
    goods = zero
    for line in lines:
        goods = goods + convert(line.value, currency)
    asked = _Asked(carriers, destination, convert, currency, now, max_days)
    asked.rejected.extend(short)
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
        self.parcels: dict[tuple[tuple[int, int], ...], tuple[Parcel, _Units]] = {}
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
        shape = tuple((line.index, line.quantity) for line in ls)
        packed = self.parcels.get(shape)
        if packed is None:
            units = tuple((ln.weight_g, ln.dims_cm, ln.goods, ln.quantity) for ln in ls)
            packed = self.parcels[shape] = (parcel_of(ls), units)
        parcel, units = packed
        days = self.local_days.get(wh.id)
        if days is None:
            days = self.local_days[wh.id] = (ship_date_for(self.now, wh), self.now.astimezone(wh.zone).date())
        key = (wh, self.destination, units, self.today, days, self.max_days)
        lane = self.lanes.get(key)
        if lane is None:
            lane = _lane(self.carriers, wh, self.destination, ls, parcel, self.today, days, self.max_days)
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

    def _entry(
        self, svc: ServiceInfo, rate: RateQuote, window: Window, price: tuple[Decimal, str], parcels: Parcels
    ) -> _Entry:
        shipping = self.shipping_in.get(price)
        if shipping is None:
            shipping = self.shipping_in[price] = self.convert(rate.price, self.currency)
        amount, likely = shipping.amount, window.days_likely
        return (
            (amount, likely, 1),
            (likely, window.days_max, amount, 1),
            (amount, window, svc, rate, shipping, parcels),
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
        PlannedShipment(wh, ls, svc, rate, shipping, window, weight, parcels)
        for (wh, ls, weight), (_, window, svc, rate, shipping, parcels) in (
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
    """Each shipment's duties, taxes and fees, domestic ones included (customs says a shipment from inside
    the destination's tax territory owes its VAT/GST only). Where they are collected is customs' answer
    (a point-of-sale scheme collects at checkout whatever the incoterm); the total is what the shopper pays
    at checkout."""
    if landed_cost is None:
        return  # as `_option` made it: nothing to collect, the total is goods and shipping
    duties = taxes = fees = at_checkout = at_door = Decimal(0)  # in `currency`, summed, then Money
    for s in option.shipments:
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
        charges = lc.duties.amount + lc.taxes.amount + lc.fees.amount
        duties, taxes, fees = duties + lc.duties.amount, taxes + lc.taxes.amount, fees + lc.fees.amount
        if (lc.collected or ("checkout" if incoterm == "DDP" else "border")) == "checkout":
            at_checkout += charges
        else:
            at_door += charges
        option.rules.extend(lc.rules)
        option.landed.append({"warehouse": s.warehouse.code, **lc.detail})
    option.duties, option.taxes, option.fees = (
        Money(duties, currency),
        Money(taxes, currency),
        Money(fees, currency),
    )
    option.collected = "door" if at_door else ("checkout" if at_checkout else "none")
    option.total = option.goods + option.shipping + Money(at_checkout, currency)


def _why_split(shipments: int, fewest: int, split_skus: Sequence[str]) -> str:
    """Why an option ships in several shipments, in words: no warehouse holds it all, or nearer stock."""
    if shipments == 1:
        return ""
    held = f" ({', '.join(split_skus)} split across warehouses)" if split_skus else ""
    if shipments == fewest:
        return f", split because no one warehouse holds the whole cart{held}"
    fewer = "one shipment" if fewest == 1 else f"{fewest} shipments"
    return f", split{held} to ship from stock nearer the shopper than {fewer} could"


def _explain(
    option: Option, shown: Sequence[Option], objective: Objective, candidates: int, fewest: int
) -> tuple[list[str], str]:
    reasons = list(option.tags)
    n = len(option.shipments)
    reasons.append("single_shipment" if n == 1 else "split_shipment")
    if n > fewest:
        reasons.append("more_shipments_than_needed")
    shipped = [line.sku for s in option.shipments for line in s.lines]
    split_skus = sorted({sku for sku in shipped if shipped.count(sku) > 1})
    if split_skus:
        reasons.append("split_quantity")
    if any(len(s.parcels) > 1 for s in option.shipments):
        reasons.append("split_parcels")
    modes = sorted({s.service.mode for s in option.shipments})
    reasons.extend(f"mode_{m}" for m in modes)
    if option.collected == "checkout":
        reasons.append("import_charges_prepaid")
    elif option.collected == "door":
        reasons.append("import_charges_due_at_door")
    parts = []
    for s in option.shipments:
        skus = ", ".join(f"{line.quantity}x {line.sku}" for line in s.lines)
        in_parcels = (
            f" in {len(s.parcels)} parcels within its {s.service.max_weight_g / 1000:g} kg limit "
            f"({', '.join(f'{w / 1000:.2f} kg' for w, _ in s.parcels)})"
            if len(s.parcels) > 1
            else ""
        )
        parts.append(
            f"{skus} from {s.warehouse.name} ({s.warehouse.code}) by {s.service.carrier_name} "
            f"{s.service.name} ({s.service.mode.replace('_', ' ')}){in_parcels}, "
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
        f"{lead}: ships {'; '.join(parts)}{_why_split(n, fewest, split_skus)}; "
        f"arrives {w.earliest.isoformat()} to {w.latest.isoformat()} "
        f"(likely {w.likely.isoformat()}).{tag_text}{charges}"
    )
    return reasons, text

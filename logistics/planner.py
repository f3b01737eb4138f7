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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal, NamedTuple, Protocol

from carriers.types import Destination, Parcel, RateQuote, RateRefusal, ServiceInfo, TransitProfile
from core.money import Money
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
"""(money, to_currency) -> money in that currency, rounded to its minor unit."""


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
        line.index: [w for w, avail in stock.items() if avail.get(line.index, 0) >= line.quantity]
        for line in lines
    }
    if any(not h for h in holders.values()):
        return []
    useful = sorted({w for hs in holders.values() for w in hs})

    def distance(wid: str) -> float:
        return _km(warehouses[wid].point, point) if point else 0.0

    found: list[list[tuple[WarehouseInfo, tuple[CartLine, ...]]]] = []
    for size in range(1, MAX_SHIPMENTS + 1):
        sets = [
            s
            for s in itertools.combinations(useful, size)
            if all(any(w in s for w in holders[line.index]) for line in lines)
        ]
        sets.sort(key=lambda s: sum(distance(w) for w in s))
        for s in sets:
            plan: dict[str, list[CartLine]] = {}
            for line in lines:
                best = min((w for w in s if w in holders[line.index]), key=distance)
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


class _Choice(NamedTuple):
    """A service that can carry one shipment in time: `PlannedShipment` once its option is shown."""

    shipping_amount: Decimal
    window: Window
    service: ServiceInfo
    rate: RateQuote
    shipping: Money


class _Candidate:
    """An option before it is shown, ranked on plain amounts (all in the shopper's currency); `Option`, with
    its `Money`, is built for the few shown."""

    __slots__ = ("days_likely", "days_max", "parts", "shipments", "total", "window")

    def __init__(
        self,
        parts: tuple[tuple[WarehouseInfo, tuple[CartLine, ...], int, _Choice], ...],
        total: Decimal,
        window: Window,
    ) -> None:
        self.parts, self.total, self.window = parts, total, window
        self.days_likely, self.days_max, self.shipments = window.days_likely, window.days_max, len(parts)


def _candidate_key(objective: Objective) -> Callable[[_Candidate], tuple[Any, ...]]:
    """`_rank_key` on candidates."""
    if objective == "fastest":
        return lambda c: (c.days_likely, c.days_max, c.total, c.shipments)
    return lambda c: (c.total, c.days_likely, c.shipments)


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
    rejected: list[Refusal] = []
    sets = covers(lines, stock, warehouses, destination.point)
    if not sets:
        missing = [
            line.sku
            for line in lines
            if not any(a.get(line.index, 0) >= line.quantity for a in stock.values())
        ]
        rejected.append(
            Refusal(
                None, None, "out_of_stock", f"no warehouse holds enough of {', '.join(missing) or 'the cart'}"
            )
        )
        return Plan([], rejected, 0, [])

    today = now.date()
    candidates = 0
    zero = Money.zero(currency)
    goods_total = zero
    for line in lines:
        goods_total = goods_total + convert(line.value, currency)
    goods_amount = goods_total.amount

    # Asked once per quote: the same shipment, warehouse or price comes back in several warehouse sets.
    parcels: dict[tuple[int, ...], Parcel] = {}
    local_days: dict[str, tuple[date, date]] = {}  # per warehouse: ship date, today in its zone
    windows: dict[tuple[str, str, date, date], Window] = {}
    shipping_in: dict[tuple[Decimal, str], Money] = {}  # a price in the shopper's currency

    options: list[_Candidate] = []
    for shipment_set in sets:
        per_shipment: list[list[tuple[WarehouseInfo, tuple[CartLine, ...], int, _Choice]]] = []
        for wh, ls in shipment_set:
            shape = tuple(line.index for line in ls)
            parcel = parcels.get(shape)
            if parcel is None:
                parcel = parcels[shape] = parcel_of(ls)
            capable = parcel.goods <= wh.capabilities
            cross_border = wh.country != destination.country
            choices: list[tuple[WarehouseInfo, tuple[CartLine, ...], int, _Choice]] = []
            for svc, rate, profile in carriers.quotes_from(
                wh.country, destination=destination, parcel=parcel, on=today
            ):
                candidates += 1
                if not capable:
                    rejected.append(
                        Refusal(
                            wh.code,
                            svc.code,
                            "warehouse_cannot_handle",
                            f"{wh.code} cannot handle {', '.join(sorted(parcel.goods - wh.capabilities))}",
                        )
                    )
                    continue
                if isinstance(rate, RateRefusal):
                    if rate.reason != "no_lane":
                        rejected.append(Refusal(wh.code, svc.code, rate.reason, rate.message))
                    continue
                if profile is None:
                    rejected.append(
                        Refusal(wh.code, svc.code, "no_transit_profile", "no transit times for this lane")
                    )
                    continue
                days = local_days.get(wh.id)
                if days is None:
                    days = local_days[wh.id] = (ship_date_for(now, wh), now.astimezone(wh.zone).date())
                key = (wh.country, svc.code, *days)
                window = windows.get(key)
                if window is None:
                    window = windows[key] = window_of(
                        *days, profile, destination_country=destination.country, cross_border=cross_border
                    )
                if window.days_max > max_days:
                    rejected.append(
                        Refusal(
                            wh.code,
                            svc.code,
                            "too_slow",
                            f"latest delivery in {window.days_max} days, over the {max_days}-day promise",
                        )
                    )
                    continue
                price = rate.price
                shipping = shipping_in.get((price.amount, price.currency))
                if shipping is None:
                    shipping = shipping_in[price.amount, price.currency] = convert(price, currency)
                choices.append(
                    (wh, ls, parcel.weight_g, _Choice(shipping.amount, window, svc, rate, shipping))
                )
            if not choices:
                per_shipment = []
                break
            per_shipment.append(choices)
        if not per_shipment:
            continue
        if len(per_shipment) == 1:
            for part in per_shipment[0]:
                choice = part[3]
                options.append(_Candidate((part,), goods_amount + choice.shipping_amount, choice.window))
            continue
        # one option per objective: the cheapest and the fastest service for every shipment
        cheap = tuple(
            min(cs, key=lambda c: (c[3].shipping_amount, c[3].window.days_likely)) for cs in per_shipment
        )
        fast = tuple(
            min(cs, key=lambda c: (c[3].window.days_likely, c[3].shipping_amount)) for cs in per_shipment
        )
        for combo in dict.fromkeys([cheap, fast]):
            window = max((p[3].window for p in combo), key=lambda w: (w.latest, w.likely))
            total = goods_amount + sum((p[3].shipping_amount for p in combo), Decimal(0))
            options.append(_Candidate(combo, total, window))

    if not options:
        return Plan([], rejected, candidates, [])

    options.sort(key=_candidate_key(objective))
    # already sorted by the cheapest key unless by the fastest: its first is then the first minimum
    cheapest_candidate = (
        options[0] if objective != "fastest" else min(options, key=_candidate_key("cheapest"))
    )
    fastest_candidate = min(options, key=_candidate_key("fastest"))
    chosen = options[:OPTIONS_SHOWN]
    for extra in (cheapest_candidate, fastest_candidate):
        if not any(c is extra for c in chosen):
            chosen.append(extra)
    shown = [_option(c, goods_total, zero) for c in chosen]

    rules: set[str] = set()
    for option in shown:
        _apply_landed_cost(option, destination, currency, incoterm, today, landed_cost)
        rules.update(option.rules)

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
        option.reasons, option.explanation = _explain(option, shown, objective, candidates, len(sets[0]))
    return Plan(shown, rejected, candidates, sorted(rules))


def _option(candidate: _Candidate, goods: Money, zero: Money) -> Option:
    shipments = tuple(
        PlannedShipment(wh, ls, c.service, c.rate, c.shipping, c.window, weight_g)
        for wh, ls, weight_g, c in candidate.parts
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
    duties = taxes = fees = Money.zero(currency)
    border = False
    for s in option.shipments:
        if s.warehouse.country == destination.country or landed_cost is None:
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
        duties, taxes, fees = duties + lc.duties, taxes + lc.taxes, fees + lc.fees
        border = border or lc.collection == "border"
        option.rules.extend(lc.rules)
        option.landed.append({"warehouse": s.warehouse.code, **lc.detail})
    option.duties, option.taxes, option.fees = duties, taxes, fees
    import_charges = duties + taxes + fees
    if import_charges.is_zero():
        option.collected = "none"
        option.total = option.goods + option.shipping
    elif incoterm == "DDP":
        option.collected = "checkout"
        option.total = option.goods + option.shipping + import_charges
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

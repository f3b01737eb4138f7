"""Returns: eligibility, the refund-or-returnless decision, routing to a returns centre, the return label,
receiving with inspection, full or partial refunds.

- Eligible: the order was delivered, the return is asked within the window (`APP_RETURN_WINDOW_DAYS` after
  delivery, never under the EU's 14 days for EU destinations), and no more units than were ordered (less
  those already in other returns).
- Routing: the nearest active returns centre of the destination's region, by distance from the shopper.
- Cost of taking the goods back: the cheapest carrier service from the shopper's country to the centre, priced
  on its rate sheet for the returned units' weight, plus the centre's handling cost per order. With no such
  lane it is estimated from the outbound shipping's share for the returned units (x1.5 across a border).
  When it would be more than `APP_RETURNLESS_SHARE` of the items' value, or no centre serves the region, the
  shopper keeps the goods and is refunded at once (`returnless_refund`).
- Otherwise (`refund`) the return label is booked with that service's carrier adapter after the commit (a
  task, retried safely), and the refund follows the centre's inspection: restockable units go back on hand,
  refundable units are refunded (all by default; fewer for a partial refund), a rejected return refunds none.
Statuses: approved (an eligible return needs no review) -> in_transit -> received -> inspected ->
refunded | rejected; returnless refunds go straight to refunded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import update
from sqlmodel import Session, col, select

from carriers.adapters import Address, BookingRequest, adapter_for
from carriers.network import current as carrier_network
from carriers.types import Destination, Parcel, RateQuote
from core.auth import Principal
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.errors import AppError, FieldError
from core.events import declare, record_event
from core.ids import new_id
from core.jobs import enqueue
from core.metrics import carrier_call
from core.money import Money, MoneyModel
from logistics.geo import locate
from logistics.models import Product, Quote, Stock, Warehouse
from logistics.orders import errors
from logistics.orders.models import Order, OrderLine, Return, ReturnLine
from logistics.orders.schemas import (
    ReturnCreate,
    ReturnItemIn,
    ReturnLabelRead,
    ReturnLineRead,
    ReturnRead,
    ReturnReceive,
)
from logistics.orders.service import ORDER_READERS, load_order
from logistics.orders.shipments import record_booking
from payments.fx import convert
from settlement import service as settlement
from settlement.checkout import charge_return

RETURN_CREATED = declare("return.created", "A return was asked for and decided", readers=ORDER_READERS)
RETURN_SHIPPED = declare(
    "return.shipped", "A return parcel is on its way to the centre", readers=ORDER_READERS
)
RETURN_REFUNDED = declare("return.refunded", "A return was refunded", readers=ORDER_READERS)
RETURN_REJECTED = declare("return.rejected", "A received return was rejected", readers=ORDER_READERS)

EU_MIN_WINDOW_DAYS = 14
OTHER_COUNTRY_FACTOR = Decimal("1.5")

EU = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    | {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)
REGIONS: dict[str, frozenset[str]] = {
    "europe": EU | frozenset({"GB", "CH", "NO", "IS", "LI"}),
    "north_america": frozenset({"US", "CA", "MX"}),
    "southeast_asia": frozenset({"ID", "TH", "PH", "MY", "VN", "SG", "KH", "LA", "MM", "BN"}),
    "east_asia": frozenset({"CN", "HK", "TW", "JP", "KR", "MO"}),
    "oceania": frozenset({"AU", "NZ"}),
}


def region_of(country: str) -> str:
    return next((name for name, members in REGIONS.items() if country in members), country)


def window_days(country: str, *, default: int | None = None) -> int:
    days = default if default is not None else get_settings().return_window_days
    return max(days, EU_MIN_WINDOW_DAYS) if country in EU else days


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def nearest_centre(session: Session, *, country: str, point: tuple[float, float] | None) -> Warehouse | None:
    """The nearest active returns centre in the destination's region (same country first when no point)."""
    region = region_of(country)
    centres = [
        w
        for w in session.exec(select(Warehouse).where(col(Warehouse.returns_centre).is_(True)))
        if w.active and region_of(w.country) == region
    ]
    if not centres:
        return None
    if point is None:
        point, _ = locate(country)
    if point is None:
        return min(centres, key=lambda w: (w.country != country, w.code))
    here = point
    return min(centres, key=lambda w: (distance_km(here, (w.latitude, w.longitude)), w.code))


def _handling(session: Session, wh: Warehouse, currency: str) -> Money:
    cost = Money.from_minor(wh.cost_per_order_minor, wh.cost_currency)
    if cost.is_zero() or cost.currency == currency:
        return cost if cost.currency == currency else Money.zero(currency)
    try:
        return convert(session, cost, currency).result.quantize(rounding=ROUND_HALF_EVEN)
    except Exception:  # no rate: handling is left out rather than refusing the return
        return Money.zero(currency)


@dataclass(frozen=True, slots=True)
class ReturnLane:
    service_code: str
    carrier_code: str
    service_name: str
    price: Money
    """In the order's currency."""


def cheapest_lane(
    session: Session, *, order: Order, centre: Warehouse, weight_g: int, on: date
) -> ReturnLane | None:
    """The cheapest service that carries `weight_g` from the shopper's country to the centre, priced on its
    rate sheet in force `on` and converted to the order's currency; None when no service runs that lane."""
    network = carrier_network()
    destination = Destination(centre.country, None, (centre.latitude, centre.longitude))
    best: ReturnLane | None = None
    for info in network.services_from(order.destination_country):
        quote = network.rate(
            info.code,
            origin_country=order.destination_country,
            destination=destination,
            parcel=Parcel(weight_g=max(weight_g, 1)),
            on=on,
        )
        if not isinstance(quote, RateQuote):
            continue
        price = quote.price
        if price.currency != order.currency:
            try:
                price = convert(session, price, order.currency).result
            except AppError:  # no rate for the sheet's currency: the lane cannot be compared
                continue
        if best is None or price < best.price:
            best = ReturnLane(info.code, info.carrier_code, info.name, price)
    return best


def _returned_weight(session: Session, order: Order, items: Sequence[ReturnItemIn]) -> int:
    weights = {
        p.sku: p.weight_g
        for p in session.exec(
            select(Product).where(
                Product.merchant_id == order.merchant_id, col(Product.sku).in_([i.sku for i in items])
            )
        )
    }
    return sum(weights.get(i.sku, 0) * i.quantity for i in items)


def _outbound_shipping(session: Session, order: Order) -> Money:
    quote = session.get(Quote, order.quote_id)
    if quote is not None:
        for option in quote.response.get("options", []):
            if option["id"] == order.option_id:
                return MoneyModel.model_validate(option["breakdown"]["shipping"]).to_money()
    return Money.zero(order.currency)


def return_read(session: Session, ret: Return) -> ReturnRead:
    lines = session.exec(
        select(ReturnLine).where(ReturnLine.return_id == ret.id).order_by(col(ReturnLine.id))
    )
    wh = session.get(Warehouse, ret.warehouse_id) if ret.warehouse_id else None
    return ReturnRead(
        id=ret.id,
        order_id=ret.order_id,
        merchant_id=ret.merchant_id,
        status=ret.status,
        resolution=ret.resolution,
        warehouse=wh.code if wh else None,
        items_value=MoneyModel.of(Money.from_minor(ret.items_value_minor, ret.currency)),
        return_cost=MoneyModel.of(Money.from_minor(ret.return_cost_minor, ret.currency)),
        refund=MoneyModel.of(Money.from_minor(ret.refund_minor, ret.currency)),
        explanation=ret.explanation,
        items=[
            ReturnLineRead(
                sku=line.sku,
                category=line.category,
                quantity=line.quantity,
                reason=line.reason,
                restocked=line.restocked,
                refunded=line.refunded_quantity,
            )
            for line in lines
        ],
        return_label=ReturnLabelRead(
            carrier_code=ret.carrier_code,
            service_code=ret.service_code,
            tracking_number=ret.tracking_number,
            label=ret.label,
            booked_at=ret.booked_at,
            messages=ret.booking_messages,
        )
        if ret.service_code
        else None,
        created_at=ret.created_at,
        refunded_at=ret.refunded_at,
    )


def _refund(session: Session, ret: Return, lines: Sequence[ReturnLine], at: datetime) -> None:
    """Refund each line's `refunded_quantity` units into settlement (nothing when that is zero)."""
    amount = sum(line.unit_price_minor * line.refunded_quantity for line in lines)
    ret.status = "refunded"
    ret.refund_minor = amount
    ret.refunded_at = at
    session.add(ret)
    session.flush()
    if amount > 0:
        settlement.record_refund(
            session,
            refund_id=ret.id,
            order_id=ret.order_id,
            amount=Money.from_minor(amount, ret.currency),
            refunded_at=at,
        )


def _locked_lines(session: Session, order: Order, items: Sequence[ReturnItemIn]) -> dict[str, OrderLine]:
    """The order's lines, locked until the commit (`FOR UPDATE`, in id order) so that concurrent returns of
    one order take turns; refused when an item is not in the order or more units are asked than are left."""
    if not items:
        raise errors.ReturnNotEligible.for_field("items", "name at least one item to return")
    lines = {
        line.sku: line
        for line in session.exec(
            select(OrderLine)
            .where(OrderLine.order_id == order.id)
            .order_by(col(OrderLine.id))
            .with_for_update()
        )
    }
    problems: list[FieldError] = []
    asked: dict[str, int] = {}
    for n, item in enumerate(items):
        line = lines.get(item.sku)
        asked[item.sku] = asked.get(item.sku, 0) + item.quantity
        if line is None:
            problems.append(FieldError(f"items.{n}.sku", f"{item.sku} is not in order {order.id}"))
        elif asked[item.sku] > line.quantity - line.returned_quantity:
            left = line.quantity - line.returned_quantity
            problems.append(FieldError(f"items.{n}.quantity", f"only {left} of {item.sku} can be returned"))
    if problems:
        raise errors.ReturnNotEligible("the items cannot be returned", errors=problems)
    return lines


def _check_window(order: Order, now: datetime) -> None:
    if order.delivered_at is None:
        raise errors.ReturnNotEligible.for_field("order_id", f"order {order.id} has not been delivered")
    days = window_days(order.destination_country)
    if now > as_utc(order.delivered_at) + timedelta(days=days):
        raise errors.ReturnNotEligible.for_field(
            "order_id", f"the {days}-day return window after delivery has ended"
        )


@dataclass(frozen=True, slots=True)
class _Decision:
    resolution: str
    why: str
    cost: Money
    centre: Warehouse | None
    lane: ReturnLane | None


def _decide(
    session: Session,
    *,
    order: Order,
    lines: dict[str, OrderLine],
    items: Sequence[ReturnItemIn],
    value: Money,
    share: Decimal,
    now: datetime,
) -> _Decision:
    """Refund after the goods come back, or at once (returnless): by what taking them back would cost."""
    units = sum(item.quantity for item in items)
    total_units = sum(line.quantity for line in lines.values()) or 1
    point_raw = order.destination.get("point")
    point = (float(point_raw[0]), float(point_raw[1])) if point_raw else None
    centre = nearest_centre(session, country=order.destination_country, point=point)
    if centre is None:
        why = "no returns centre serves the destination's region"
        return _Decision("returnless_refund", why, Money.zero(order.currency), None, None)
    weight = _returned_weight(session, order, items)
    lane = cheapest_lane(session, order=order, centre=centre, weight_g=weight, on=now.date())
    if lane is not None:
        shipping, how = lane.price, f"{lane.service_name} {lane.price}"
    else:
        outbound = _outbound_shipping(session, order)
        shipping = Money(outbound.amount * units / total_units, outbound.currency)
        if centre.country != order.destination_country:
            shipping = shipping * OTHER_COUNTRY_FACTOR
        how = f"estimated from the outbound shipping, {shipping.quantize(rounding=ROUND_HALF_EVEN)}"
    cost = (shipping + _handling(session, centre, order.currency)).quantize(rounding=ROUND_HALF_EVEN)
    limit = (value * share).quantize(rounding=ROUND_HALF_EVEN)
    if cost > limit:
        why = f"taking the goods back would cost {cost} ({how}), more than {share:.0%} of {value}"
        return _Decision("returnless_refund", why, cost, None, None)
    why = f"return to {centre.code} ({centre.city}, {centre.country}) by {how}; return cost {cost}"
    return _Decision("refund", why, cost, centre, lane)


def create_return(
    session: Session,
    *,
    principal: Principal,
    data: ReturnCreate,
    now: datetime | None = None,
    returnless_share: Decimal | None = None,
) -> ReturnRead:
    order = load_order(session, principal=principal, order_id=data.order_id)
    now = now or utc_now()
    share = returnless_share if returnless_share is not None else get_settings().returnless_share
    _check_window(order, now)
    lines = _locked_lines(session, order, data.items)
    value = Money.zero(order.currency)
    for item in data.items:
        value = value + Money.from_minor(lines[item.sku].unit_price_minor, order.currency) * item.quantity
    decision = _decide(session, order=order, lines=lines, items=data.items, value=value, share=share, now=now)
    ret = Return(
        id=new_id("ret"),
        order_id=order.id,
        merchant_id=order.merchant_id,
        status="approved",
        resolution=decision.resolution,
        warehouse_id=decision.centre.id if decision.centre is not None else None,
        currency=order.currency,
        items_value_minor=value.to_minor(),
        return_cost_minor=decision.cost.to_minor(),
        explanation=decision.why[:500],
        created_at=now,
        carrier_code=decision.lane.carrier_code if decision.lane is not None else None,
        service_code=decision.lane.service_code if decision.lane is not None else None,
    )
    session.add(ret)
    session.flush()
    new_lines: list[ReturnLine] = []
    for item in data.items:
        line = lines[item.sku]
        line.returned_quantity += item.quantity
        session.add(line)
        new_lines.append(
            ReturnLine(
                return_id=ret.id,
                sku=item.sku,
                category=line.category,
                quantity=item.quantity,
                reason=item.reason,
                unit_price_minor=line.unit_price_minor,
            )
        )
    session.add_all(new_lines)
    session.flush()
    if decision.resolution == "returnless_refund":
        for new_line in new_lines:
            new_line.refunded_quantity = new_line.quantity
            session.add(new_line)
        _refund(session, ret, new_lines, now)
    elif ret.service_code is not None:
        enqueue(session, "logistics.book_return_label", return_id=ret.id)
    refunded = [RETURN_REFUNDED] if ret.status == "refunded" else []
    return announced(session, ret, RETURN_CREATED, *refunded)


def announced(session: Session, ret: Return, *types: str) -> ReturnRead:
    """The return as answered, recorded as each of `types` in the same transaction."""
    read = return_read(session, ret)
    data = {"object": read.model_dump(mode="json")}
    for type in types:
        record_event(session, type, subject_id=ret.id, merchant_id=ret.merchant_id, data=data)
    return read


def load_return(session: Session, *, principal: Principal, return_id: str) -> Return:
    ret = session.get(Return, return_id)
    if ret is None or not principal.can_see_merchant(ret.merchant_id):
        raise errors.ReturnNotFound(f"no return {return_id}")
    return ret


def get_return(session: Session, *, principal: Principal, return_id: str) -> ReturnRead:
    return return_read(session, load_return(session, principal=principal, return_id=return_id))


def _restock(session: Session, *, warehouse_id: str, merchant_id: str, sku: str, units: int) -> None:
    product = session.exec(
        select(Product).where(Product.merchant_id == merchant_id, Product.sku == sku)
    ).first()
    if product is None or units <= 0:
        return
    moved = session.exec(  # type: ignore[call-overload]
        update(Stock)
        .where(col(Stock.warehouse_id) == warehouse_id, col(Stock.product_id) == product.id)
        .values(on_hand=col(Stock.on_hand) + units, updated_at=utc_now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved == 0:
        session.add(
            Stock(warehouse_id=warehouse_id, product_id=product.id, merchant_id=merchant_id, on_hand=units)
        )


def ship_return(session: Session, *, return_id: str) -> ReturnRead:
    """The shopper handed the parcel to the carrier: approved -> in_transit (again: no change)."""
    ret = session.exec(select(Return).where(Return.id == return_id).with_for_update()).first()
    if ret is None:
        raise errors.ReturnNotFound(f"no return {return_id}")
    if ret.resolution != "refund" or ret.status not in ("approved", "in_transit"):
        raise errors.ReturnStateConflict(f"return {ret.id} is {ret.status} ({ret.resolution})")
    moved = ret.status != "in_transit"
    ret.status = "in_transit"
    session.add(ret)
    session.flush()
    return announced(session, ret, *([RETURN_SHIPPED] if moved else []))


def receive_return(session: Session, *, return_id: str, data: ReturnReceive) -> ReturnRead:
    """The centre received the parcel: restock what can be sold again, then refund (or reject)."""
    ret = session.exec(select(Return).where(Return.id == return_id).with_for_update()).first()
    if ret is None:
        raise errors.ReturnNotFound(f"no return {return_id}")
    if ret.resolution != "refund" or ret.status not in ("approved", "in_transit"):
        raise errors.ReturnStateConflict(f"return {ret.id} is {ret.status} ({ret.resolution})")
    lines = list(session.exec(select(ReturnLine).where(ReturnLine.return_id == ret.id)))
    by_sku = {line.sku: line for line in lines}
    problems = [
        FieldError(f"restockable_quantity.{sku}", f"{sku} is not in the return")
        for sku in data.restockable_quantity
        if sku not in by_sku
    ]
    problems += [
        FieldError(f"restockable_quantity.{sku}", f"at most {by_sku[sku].quantity}")
        for sku, q in data.restockable_quantity.items()
        if sku in by_sku and q > by_sku[sku].quantity
    ]
    for sku, q in (data.refundable_quantity or {}).items():
        if sku not in by_sku:
            problems.append(FieldError(f"refundable_quantity.{sku}", f"{sku} is not in the return"))
        elif q > by_sku[sku].quantity:
            problems.append(FieldError(f"refundable_quantity.{sku}", f"at most {by_sku[sku].quantity}"))
    if problems:
        raise errors.ReturnNotEligible("the quantities do not fit the return", errors=problems)
    now = utc_now()
    ret.received_at = now
    ret.status = "inspected"
    assert ret.warehouse_id is not None
    for line in lines:
        units = data.restockable_quantity.get(line.sku, 0)
        line.restocked = units
        if data.reject:
            line.refunded_quantity = 0
        elif data.refundable_quantity is None:
            line.refunded_quantity = line.quantity
        else:
            line.refunded_quantity = data.refundable_quantity.get(line.sku, 0)
        session.add(line)
        _restock(
            session, warehouse_id=ret.warehouse_id, merchant_id=ret.merchant_id, sku=line.sku, units=units
        )
    session.add(ret)
    session.flush()
    charge_return(session, order_id=ret.order_id, return_id=ret.id, at=now)
    if data.reject:
        ret.status = "rejected"
        for line in lines:
            order_line = session.exec(
                select(OrderLine)
                .where(OrderLine.order_id == ret.order_id, OrderLine.sku == line.sku)
                .with_for_update()
            ).first()
            if order_line is not None:
                order_line.returned_quantity = max(0, order_line.returned_quantity - line.quantity)
                session.add(order_line)
        session.add(ret)
        session.flush()
    else:
        _refund(session, ret, lines, now)
    return announced(session, ret, RETURN_REJECTED if data.reject else RETURN_REFUNDED)


def book_return_label(session: Session, *, return_id: str) -> Return:
    """Book the return parcel from the shopper to the centre with the chosen service's carrier adapter.
    Already booked: a no-op, so a retried task is harmless. A carrier refusal is kept as messages."""
    ret = session.get(Return, return_id)
    if ret is None:
        raise errors.ReturnNotFound(f"no return {return_id}")
    if ret.tracking_number is not None or ret.service_code is None or ret.carrier_code is None:
        return ret
    order = session.get(Order, ret.order_id)
    centre = session.get(Warehouse, ret.warehouse_id) if ret.warehouse_id else None
    assert order is not None
    if centre is None:
        return ret
    lines = list(session.exec(select(ReturnLine).where(ReturnLine.return_id == ret.id)))
    items = [ReturnItemIn(sku=line.sku, quantity=line.quantity) for line in lines]
    point = order.destination.get("point")
    adapter = adapter_for(session, carrier_code=ret.carrier_code, settings=get_settings())
    with carrier_call(ret.carrier_code, "book"):
        result = adapter.book(
            BookingRequest(
                shipment_id=ret.id,
                service_code=ret.service_code,
                origin=Address(
                    country=order.destination_country,
                    postal_code=order.destination.get("postal_code"),
                    city=order.destination.get("city"),
                    point=(float(point[0]), float(point[1])) if point else None,
                ),
                destination=Address(
                    country=centre.country,
                    city=centre.city,
                    company=centre.name,
                    point=(centre.latitude, centre.longitude),
                ),
                parcel=Parcel(weight_g=max(_returned_weight(session, order, items), 1)),
                declared_value=Money.from_minor(ret.items_value_minor, ret.currency),
                reference=ret.id,
                contents="Returned merchandise",
            )
        )
    record_booking(ret, result)
    session.add(ret)
    session.flush()
    return ret

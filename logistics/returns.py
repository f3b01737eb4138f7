"""Returns: eligibility, the refund-or-returnless decision, routing to a returns centre, receiving, refunds.

- Eligible: the order was delivered, the return is asked within the window (RETURN_WINDOW_DAYS after
  delivery, at least EU_MIN_WINDOW_DAYS for EU destinations), and no more units than were ordered (less
  those already in other returns).
- Cost of taking the goods back: the outbound shipping's share for the returned units (x1.5 when the centre
  is in another country than the shopper) plus the centre's handling cost per order. When it would be more
  than RETURNLESS_SHARE of the items' value, or no returns centre serves the region, the shopper keeps the
  goods and is refunded at once (`returnless_refund`).
- Otherwise the return goes to the nearest returns-capable warehouse of the destination's region (by distance
  from the shopper) and is refunded when received (`refund`): restockable units go back on hand.
Statuses: requested -> approved -> in_transit -> received -> inspected -> refunded | rejected.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.auth import Principal
from core.clock import as_utc, utc_now
from core.errors import FieldError
from core.ids import new_id
from core.money import Money, MoneyModel
from logistics import orders_errors as errors
from logistics.geo import locate
from logistics.models import Order, OrderLine, Product, Quote, Return, ReturnLine, Stock, Warehouse
from logistics.orders import load_order, order_lines
from logistics.orders_models import ReturnCreate, ReturnLineRead, ReturnRead, ReturnReceive
from settlement import service as settlement

RETURN_WINDOW_DAYS = 30
EU_MIN_WINDOW_DAYS = 14
RETURNLESS_SHARE = Decimal("0.5")
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


def window_days(country: str, *, default: int = RETURN_WINDOW_DAYS) -> int:
    return max(default, EU_MIN_WINDOW_DAYS) if country in EU else default


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
        from payments.fx import convert

        return convert(session, cost, currency).result.quantize(rounding=ROUND_HALF_EVEN)
    except Exception:  # no rate: handling is left out rather than refusing the return
        return Money.zero(currency)


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
            )
            for line in lines
        ],
        created_at=ret.created_at,
        refunded_at=ret.refunded_at,
    )


def _refund(session: Session, ret: Return, at: datetime) -> None:
    ret.status = "refunded"
    ret.refund_minor = ret.items_value_minor
    ret.refunded_at = at
    session.add(ret)
    session.flush()
    settlement.record_refund(
        session,
        refund_id=ret.id,
        order_id=ret.order_id,
        amount=Money.from_minor(ret.items_value_minor, ret.currency),
        refunded_at=at,
    )


def create_return(
    session: Session,
    *,
    principal: Principal,
    data: ReturnCreate,
    now: datetime | None = None,
    returnless_share: Decimal = RETURNLESS_SHARE,
) -> ReturnRead:
    order = load_order(session, principal=principal, order_id=data.order_id)
    now = now or utc_now()
    if order.delivered_at is None:
        raise errors.ReturnNotEligible.for_field("order_id", f"order {order.id} has not been delivered")
    days = window_days(order.destination_country)
    if now > as_utc(order.delivered_at) + timedelta(days=days):
        raise errors.ReturnNotEligible.for_field(
            "order_id", f"the {days}-day return window after delivery has ended"
        )
    if not data.items:
        raise errors.ReturnNotEligible.for_field("items", "name at least one item to return")
    lines = {line.sku: line for line in order_lines(session, order.id)}
    problems: list[FieldError] = []
    asked: dict[str, int] = {}
    for n, item in enumerate(data.items):
        line = lines.get(item.sku)
        asked[item.sku] = asked.get(item.sku, 0) + item.quantity
        if line is None:
            problems.append(FieldError(f"items.{n}.sku", f"{item.sku} is not in order {order.id}"))
        elif asked[item.sku] > line.quantity - line.returned_quantity:
            left = line.quantity - line.returned_quantity
            problems.append(FieldError(f"items.{n}.quantity", f"only {left} of {item.sku} can be returned"))
    if problems:
        raise errors.ReturnNotEligible("the items cannot be returned", errors=problems)

    value = Money.zero(order.currency)
    units = 0
    for item in data.items:
        value = value + Money.from_minor(lines[item.sku].unit_price_minor, order.currency) * item.quantity
        units += item.quantity
    total_units = sum(line.quantity for line in lines.values()) or 1
    point_raw = order.destination.get("point")
    point = (float(point_raw[0]), float(point_raw[1])) if point_raw else None
    centre = nearest_centre(session, country=order.destination_country, point=point)
    ret_id = new_id("ret")
    if centre is None:
        cost = Money.zero(order.currency)
        resolution, why = "returnless_refund", "no returns centre serves the destination's region"
    else:
        outbound = _outbound_shipping(session, order)
        shipping = Money(outbound.amount * units / total_units, outbound.currency)
        if centre.country != order.destination_country:
            shipping = shipping * OTHER_COUNTRY_FACTOR
        cost = (shipping + _handling(session, centre, order.currency)).quantize(rounding=ROUND_HALF_EVEN)
        limit = (value * returnless_share).quantize(rounding=ROUND_HALF_EVEN)
        if cost > limit:
            resolution = "returnless_refund"
            why = f"taking the goods back would cost {cost}, more than {returnless_share:%} of {value}"
        else:
            resolution = "refund"
            why = f"return to {centre.code} ({centre.city}, {centre.country}); return cost {cost}"
    ret = Return(
        id=ret_id,
        order_id=order.id,
        merchant_id=order.merchant_id,
        status="approved",
        resolution=resolution,
        warehouse_id=centre.id if centre is not None and resolution == "refund" else None,
        currency=order.currency,
        items_value_minor=value.to_minor(),
        return_cost_minor=cost.to_minor(),
        explanation=why[:500],
        created_at=now,
    )
    session.add(ret)
    session.flush()
    for item in data.items:
        line = lines[item.sku]
        line.returned_quantity += item.quantity
        session.add(line)
        session.add(
            ReturnLine(
                return_id=ret.id,
                sku=item.sku,
                category=line.category,
                quantity=item.quantity,
                reason=item.reason,
                unit_price_minor=line.unit_price_minor,
            )
        )
    session.flush()
    if resolution == "returnless_refund":
        _refund(session, ret, now)
    return return_read(session, ret)


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
    ret.status = "in_transit"
    session.add(ret)
    session.flush()
    return return_read(session, ret)


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
    if problems:
        raise errors.ReturnNotEligible("the restockable quantities do not fit the return", errors=problems)
    now = utc_now()
    ret.received_at = now
    ret.status = "inspected"
    assert ret.warehouse_id is not None
    for line in lines:
        units = data.restockable_quantity.get(line.sku, 0)
        line.restocked = units
        session.add(line)
        _restock(
            session, warehouse_id=ret.warehouse_id, merchant_id=ret.merchant_id, sku=line.sku, units=units
        )
    session.add(ret)
    session.flush()
    if data.reject:
        ret.status = "rejected"
        for line in lines:
            order_line = session.exec(
                select(OrderLine).where(OrderLine.order_id == ret.order_id, OrderLine.sku == line.sku)
            ).first()
            if order_line is not None:
                order_line.returned_quantity = max(0, order_line.returned_quantity - line.quantity)
                session.add(order_line)
        session.add(ret)
        session.flush()
    else:
        _refund(session, ret, now)
    return return_read(session, ret)

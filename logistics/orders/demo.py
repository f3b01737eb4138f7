"""Demo order history for `python main.py seed-demo`: delivered orders and returns of the first demo merchant.

Six weeks of US orders across its categories, all delivered, some returned (footwear well over the 15%
flag, the others under it). Orders are written from historical quotes directly (their FX locks and stock
are long gone), but their money goes through settlement's service (`record_sale`, `record_delivery`) and
the returns through `logistics.returns` (decision, routing, restock, `record_refund`). Running it twice
changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from core.auth import Principal
from core.clock import utc_now
from core.demo import DEMO_MERCHANT_ID
from core.models import Role
from core.money import Money, MoneyModel
from logistics.geo import locate
from logistics.models import Product, Quote, Warehouse
from logistics.orders.models import Order, OrderLine, OrderPayment, Shipment, ShipmentEvent
from logistics.orders.returns import create_return, receive_return
from logistics.orders.schemas import ReturnCreate, ReturnItemIn, ReturnReceive
from settlement import service as settlement

SYSTEM = Principal(actor_id="system_demo", role=Role.admin)
# sku, unit price (USD), units per order, warehouse, carrier, service
CART = [
    ("TEE-BASIC-M", "18.00", 2, "SZX1", "yunexpress", "yun-global-line"),
    ("PHONE-CASE-01", "15.00", 1, "SZX1", "yunexpress", "yun-global-line"),
    ("HOODIE-FLEECE-L", "48.00", 1, "EWR1", "usps", "usps-ground-advantage"),
    ("POWERBANK-10K", "35.00", 1, "LAX1", "usps", "usps-ground-advantage"),
    ("LIPSTICK-RED", "22.00", 2, "SZX1", "yunexpress", "yun-global-line"),
    ("SNEAKER-RUN-42", "89.00", 1, "LAX1", "usps", "usps-ground-advantage"),
    ("TOTE-CANVAS", "25.00", 1, "YIW1", "yunexpress", "yun-global-line"),
]
ORDERS = 24
# order number -> (reason, units): footwear comes back often, the rest seldom
RETURNS = {5: ("wrong_size", 1), 12: ("wrong_size", 1), 7: ("damaged", 1)}


def _first_id() -> str:
    return "ord_demo_hist_00"


def seed_demo(session: Session) -> None:
    if session.get(Order, _first_id()) is not None or session.get(Warehouse, "wh_demo_lax1") is None:
        return
    products = {
        p.sku: p for p in session.exec(select(Product).where(Product.merchant_id == DEMO_MERCHANT_ID))
    }
    point, _ = locate("US", city="New York")
    destination = {"country": "US", "city": "New York", "point": list(point) if point else None}
    now = utc_now()
    for n in range(ORDERS):
        sku, price, units, wh_code, carrier, service = CART[n % len(CART)]
        product = products.get(sku)
        if product is None:
            continue
        placed = now - timedelta(days=45 - n, hours=3)
        delivered = placed + timedelta(days=6)
        order_id = f"ord_demo_hist_{n:02d}"
        unit = Money.of(price, "USD")
        goods = unit * units
        shipping = Money.of("6.50", "USD")
        total = goods + shipping
        option_id = f"qopt_demo_hist_{n:02d}"
        quote_id = f"quo_demo_hist_{n:02d}"
        breakdown = {
            "goods": MoneyModel.of(goods).model_dump(),
            "shipping": MoneyModel.of(shipping).model_dump(),
        }
        session.add(
            Quote(
                id=quote_id,
                merchant_id=DEMO_MERCHANT_ID,
                destination_country="US",
                currency="USD",
                request={
                    "items": [{"sku": sku, "quantity": units, "unit_price": MoneyModel.of(unit).model_dump()}]
                },
                response={
                    "id": quote_id,
                    "destination": destination,
                    "options": [
                        {
                            "id": option_id,
                            "total": MoneyModel.of(total).model_dump(),
                            "breakdown": breakdown,
                        }
                    ],
                    "fx": [],
                },
                created_by=SYSTEM.actor_id,
                created_at=placed,
                expires_at=placed + timedelta(minutes=30),
            )
        )
        session.flush()
        session.add(
            Order(
                id=order_id,
                merchant_id=DEMO_MERCHANT_ID,
                quote_id=quote_id,
                option_id=option_id,
                status="delivered",
                currency="USD",
                total_minor=total.to_minor(),
                goods_minor=goods.to_minor(),
                destination_country="US",
                destination=destination,
                payment_provider="stripe",
                payment_reference=f"pi_demo_{n:02d}",
                created_by=SYSTEM.actor_id,
                created_at=placed,
                delivered_at=delivered,
            )
        )
        session.add(OrderPayment(provider="stripe", reference=f"pi_demo_{n:02d}", order_id=order_id))
        session.flush()
        session.add(
            OrderLine(
                order_id=order_id,
                sku=sku,
                product_id=product.id,
                category=product.category,
                quantity=units,
                unit_price_minor=unit.to_minor(),
                currency="USD",
            )
        )
        day = delivered.date().isoformat()
        shipment_id = f"shp_demo_hist_{n:02d}"
        session.add(
            Shipment(
                id=shipment_id,
                order_id=order_id,
                merchant_id=DEMO_MERCHANT_ID,
                warehouse_id=f"wh_demo_{wh_code.lower()}",
                origin_country="US" if wh_code in ("LAX1", "EWR1") else "CN",
                destination_country="US",
                carrier_code=carrier,
                service_code=service,
                items=[{"sku": sku, "quantity": units}],
                weight_g=product.weight_g * units,
                status="delivered",
                tracking_number=f"DEMO{n:08d}",
                quoted_window={"earliest": day, "likely": day, "latest": day},
                window={"earliest": day, "likely": day, "latest": day},
                status_at=delivered,
                booked_at=placed,
                delivered_at=delivered,
                created_at=placed,
            )
        )
        session.flush()
        for i, status in enumerate(("picked_up", "in_transit", "out_for_delivery", "delivered")):
            at = placed + timedelta(days=(1, 2, 5, 6)[i])
            session.add(
                ShipmentEvent(
                    shipment_id=shipment_id, event_id=f"demo-{n}-{i}", status=status, occurred_at=at
                )
            )
        settlement.record_sale(
            session,
            order_id=order_id,
            merchant_id=DEMO_MERCHANT_ID,
            amount=total,
            category=product.category,
            items=units,
            paid_at=placed,
        )
        settlement.record_delivery(session, order_id=order_id, delivered_at=delivered)
        _return(session, n, order_id, sku, delivered)
    session.flush()


def _return(session: Session, n: int, order_id: str, sku: str, delivered: datetime) -> None:
    if n not in RETURNS:
        return
    reason, units = RETURNS[n]
    ret = create_return(
        session,
        principal=SYSTEM,
        data=ReturnCreate(order_id=order_id, items=[ReturnItemIn(sku=sku, quantity=units, reason=reason)]),  # type: ignore[arg-type]
        now=delivered + timedelta(days=3),
    )
    if ret.resolution == "refund":
        receive_return(
            session,
            return_id=ret.id,
            data=ReturnReceive(restockable_quantity={sku: units if reason != "damaged" else 0}),
        )

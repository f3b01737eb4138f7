"""Orders: place a paid order from a quote option in one transaction, and read orders back.

`create_order` reserves stock with conditional updates, creates one shipment per quoted shipment, consumes the
quote's FX lock for the shopper -> merchant settlement pair and records the sale in settlement; carrier
booking is enqueued to run after the commit (`logistics.book_shipment`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from compliance.gate import SaleCheck, check_trader
from core.auth import Principal
from core.clock import as_utc, utc_now
from core.errors import FieldError, InvalidInput
from core.events import declare, record_event
from core.ids import new_id
from core.jobs import enqueue
from core.merchants import get_merchant, merchant_info
from core.models import Role
from core.money import Money, MoneyModel
from logistics import errors as quote_errors
from logistics.catalog import products_by_sku
from logistics.gates import channel_of, gate_order, goods_of, record_gate
from logistics.models import Product, Quote, Stock, Warehouse
from logistics.orders import errors
from logistics.orders.models import Order, OrderLine, OrderPayment, Shipment, ShipmentEvent
from logistics.orders.schemas import (
    AffiliateIn,
    AffiliateRead,
    OrderCreate,
    OrderLineRead,
    OrderRead,
    OrderSettlementRead,
    PaymentIn,
    ShipmentEventRead,
    ShipmentRead,
    Window,
)
from logistics.quotes import at_locked_rate, locked_rates
from logistics.schemas import DocumentRequired
from payments.fx_quotes import consume_fx_quote
from settlement import affiliates
from settlement import service as settlement
from settlement.checkout import Checkout, SettlementView, TaxPart, settlement_view

ORDER_READERS = (Role.shop, Role.merchant)
ORDER_PLACED = declare("order.placed", "An order was placed and paid", readers=ORDER_READERS)


def _window(data: dict[str, Any]) -> dict[str, Any]:
    return {k: str(data[k]) for k in ("earliest", "likely", "latest")}


def reserve(session: Session, *, warehouse_id: str, product_id: str, quantity: int) -> None:
    """Reserve `quantity` units if that many are free; StockGone (409) otherwise."""
    claimed = session.exec(  # type: ignore[call-overload]
        update(Stock)
        .where(
            col(Stock.warehouse_id) == warehouse_id,
            col(Stock.product_id) == product_id,
            col(Stock.on_hand) - col(Stock.reserved) >= quantity,
        )
        .values(reserved=col(Stock.reserved) + quantity, updated_at=utc_now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise errors.StockGone(
            "the stock the quote counted on has gone: ask for a new quote",
            errors=[FieldError("quote_id", "re-quote: not enough stock left")],
        )


def _settlement_lock(quote: Quote, settle_currency: str) -> str | None:
    pair = f"{settle_currency}/{quote.currency}"
    for lock in quote.response.get("fx", []):
        if lock.get("pair") == pair:
            return str(lock["id"])
    return None


def payment_key(payment: PaymentIn) -> tuple[str, str]:
    """The (provider, reference) pair a payment claims: the provider in lower case, the reference exact."""
    return payment.provider.strip().lower(), payment.reference.strip()


def claim_payment(session: Session, *, order_id: str, payment: PaymentIn, principal: Principal) -> None:
    """Claim the payment for `order_id`, or PaymentAlreadyUsed (409) naming the order that holds it.

    INSERT ... ON CONFLICT DO NOTHING on the pair's primary key: on PostgreSQL a concurrent claim of the same
    pair waits for the first one's transaction and, once it commits, inserts nothing (READ COMMITTED then sees
    the winner); on SQLite the write lock serialises the units. The foreign key to the order is deferred to
    the commit, so this can run before the order's row is written.
    """
    provider, reference = payment_key(payment)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(OrderPayment.__table__)  # type: ignore[attr-defined]
        .values(provider=provider, reference=reference, order_id=order_id)
        .on_conflict_do_nothing(index_elements=["provider", "reference"])
        .returning(col(OrderPayment.order_id))
    )
    if session.execute(stmt).first() is not None:
        return
    holder = session.get(OrderPayment, (provider, reference))
    earlier = session.get(Order, holder.order_id) if holder is not None else None
    if earlier is not None and principal.can_see_merchant(earlier.merchant_id):
        detail = f"payment {payment.provider} {payment.reference} already backs order {earlier.id}"
    else:  # another merchant's order (or one rolled back meanwhile): not named
        detail = f"payment {payment.provider} {payment.reference} already backs another order"
    raise errors.PaymentAlreadyUsed(detail, errors=[FieldError("payment.reference", detail)])


def _check_unit_prices(quote_id: str, items: Sequence[dict[str, Any]]) -> None:
    """A quote stored before unit prices had to be positive may hold a zero or negative one: refuse it."""
    refused = []
    for n, item in enumerate(items):
        price = MoneyModel.model_validate(item["unit_price"]).to_money()
        if price.amount <= 0:
            refused.append(
                FieldError(f"items.{n}.unit_price.amount", f"must be more than zero, got {price.amount}")
            )
    if refused:
        raise errors.UnitPriceNotPositive(
            f"quote {quote_id} has unit prices of zero or less: ask for a new quote", errors=refused
        )


def affiliate_of(
    session: Session, *, merchant_id: str, body: AffiliateIn, lines: Sequence[OrderLine], at: datetime
) -> AffiliateRead:
    """The order's creator and the rate it earns (`settlement.affiliates.resolve_rate`); a creator that does
    not exist is a 422 on `affiliate.creator_id`. A targeted `rate_bps` in the body (shops that state the
    rate) applies when the merchant has no targeted plan for the creator and must match it when it has."""
    goods = [
        affiliates.OrderLineGoods(ln.sku, ln.category, ln.unit_price_minor * ln.quantity) for ln in lines
    ]
    rate = affiliates.resolve_rate(
        session, merchant_id=merchant_id, creator_id=body.creator_id, lines=goods, at=at
    )
    if body.rate_bps is not None:
        if rate.plan == "targeted" and body.rate_bps != rate.rate_bps:
            raise InvalidInput.for_field(
                "affiliate.rate_bps",
                f"the merchant's targeted plan for {body.creator_id} pays {rate.rate_bps} bps: leave it out",
            )
        if rate.plan != "targeted":
            rate = affiliates.AffiliateRate(body.rate_bps, "order")
    return AffiliateRead(
        creator_id=body.creator_id,
        rate_bps=rate.rate_bps,
        plan=rate.plan,
        plan_id=rate.plan_id,
        scope=rate.scope,
    )


def _lines_of(
    items: Sequence[dict[str, Any]],
    *,
    order_id: str,
    option: dict[str, Any],
    rates: dict[str, Decimal],
    products: dict[str, Product],
) -> tuple[list[OrderLine], Money]:
    """The order's lines from the quote's items, their unit prices in the shopper's currency (at the quote's
    FX locks, as the planner priced them), and the goods value the option charged."""
    goods = MoneyModel.model_validate(option["breakdown"]["goods"]).to_money()
    currency = goods.currency
    lines: list[OrderLine] = []
    for item in items:
        price = MoneyModel.model_validate(item["unit_price"]).to_money()
        if price.currency != currency:
            if price.currency not in rates:
                raise errors.QuoteNotOrderable(f"the quote holds no FX lock for {price.currency}/{currency}")
            price = at_locked_rate(price, currency, rates[price.currency])
        product = products.get(item["sku"])
        category = item.get("category") or (product.category if product else "") or ""
        lines.append(
            OrderLine(
                order_id=order_id,
                sku=item["sku"],
                product_id=product.id if product else None,
                category=category,
                quantity=int(item["quantity"]),
                unit_price_minor=price.to_minor(),
                currency=currency,
            )
        )
    return lines, goods


def _reserve_and_ship(
    session: Session,
    *,
    option: dict[str, Any],
    quote: Quote,
    order_id: str,
    merchant_id: str,
    products: dict[str, Product],
    now: datetime,
) -> list[Shipment]:
    """Reserve the option's stock and make one shipment per quoted shipment. The stock rows are reserved in
    one order (warehouse, product), whatever the order of the items, so that orders placed at once wait for
    each other instead of deadlocking."""
    warehouses = {
        w.code: w
        for w in session.exec(
            select(Warehouse).where(col(Warehouse.code).in_([s["warehouse"] for s in option["shipments"]]))
        )
    }
    shipments: list[Shipment] = []
    wanted: dict[tuple[str, str], int] = defaultdict(int)
    for plan in option["shipments"]:
        wh = warehouses.get(plan["warehouse"])
        if wh is None:
            raise errors.StockGone(f"warehouse {plan['warehouse']} is gone: ask for a new quote")
        for it in plan["items"]:
            product = products.get(it["sku"])
            if product is not None:
                wanted[(wh.id, product.id)] += int(it["quantity"])
        window = _window(plan["delivery_window"])
        shipments.append(
            Shipment(
                id=new_id("shp"),
                order_id=order_id,
                merchant_id=merchant_id,
                warehouse_id=wh.id,
                origin_country=wh.country,
                destination_country=quote.destination_country,
                carrier_code=plan["carrier"],
                service_code=plan["service"],
                items=plan["items"],
                weight_g=int(plan["weight_g"]),
                quoted_window=window,
                window=dict(window),
                created_at=now,
            )
        )
    for (warehouse_id, product_id), quantity in sorted(wanted.items()):
        reserve(session, warehouse_id=warehouse_id, product_id=product_id, quantity=quantity)
    return shipments


def _orderable(
    session: Session, *, principal: Principal, data: OrderCreate, now: datetime
) -> tuple[Quote, dict[str, Any], Money]:
    """The quote and option ordered, and the option's total: the quote the principal's, not expired, not
    ordered yet, and the payment its total."""
    quote = session.get(Quote, data.quote_id)
    if quote is None or not principal.can_see_merchant(quote.merchant_id):
        raise quote_errors.QuoteNotFound(f"no quote {data.quote_id}")
    if now >= as_utc(quote.expires_at):
        raise quote_errors.QuoteExpired(f"quote {quote.id} expired at {as_utc(quote.expires_at).isoformat()}")
    option = next((o for o in quote.response.get("options", []) if o["id"] == data.option_id), None)
    if option is None:
        raise errors.OptionNotFound.for_field("option_id", f"quote {quote.id} has no option {data.option_id}")
    total = MoneyModel.model_validate(option["total"]).to_money()
    paid = data.payment.amount.to_money()
    if paid.currency != total.currency or paid.amount != total.amount:
        raise errors.PaymentMismatch.for_field(
            "payment.amount", f"the payment must be the option's total, {total}; got {paid}"
        )
    if session.exec(select(Order).where(Order.quote_id == quote.id)).first() is not None:
        raise errors.OrderExists(f"quote {quote.id} was already ordered")
    return quote, option, total


def _gate(
    session: Session,
    quote: Quote,
    option: dict[str, Any],
    channel: str,
    items: list[dict[str, Any]],
    products: dict[str, Product],
    now: datetime,
) -> tuple[SaleCheck, list[DocumentRequired]]:
    """The sale gate at order time (`logistics.gates.gate_order`), and the documents the order lists: the
    goods' as the rules say now, the customs documents of the option's shipments as quoted."""
    check, documents = gate_order(
        session,
        quote=quote,
        channel=channel,
        goods=goods_of(items, products),
        now=now,
        registrations={sku: p.registrations for sku, p in products.items()},
    )
    quoted = option.get("documents", [])
    return check, [*documents, *(DocumentRequired.model_validate(d) for d in quoted if d.get("warehouse"))]


def create_order(session: Session, *, principal: Principal, data: OrderCreate) -> OrderRead:
    now = utc_now()
    quote, option, total = _orderable(session, principal=principal, data=data, now=now)
    merchant = get_merchant(session, merchant_id=quote.merchant_id, principal=principal)
    check_trader(
        quote.destination_country,
        merchant_id=merchant.id,
        missing=merchant_info(merchant.id).trader_missing,
        what=f"an order on quote {quote.id}",
        field="quote_id",
    )
    items = quote.request.get("items", [])
    _check_unit_prices(quote.id, items)

    products = products_by_sku(session, merchant_id=merchant.id, skus=[i["sku"] for i in items])
    channel = data.channel or channel_of(quote)
    check, documents = _gate(session, quote, option, channel, items, products, now)
    order_id = new_id("ord")
    # The first write of the unit, so that a concurrent order for the same payment waits here holding nothing.
    claim_payment(session, order_id=order_id, payment=data.payment, principal=principal)
    record_gate(session, context="order", subject_id=order_id, check=check)
    lines, goods = _lines_of(
        items, order_id=order_id, option=option, rates=locked_rates(quote.response), products=products
    )
    shipments = _reserve_and_ship(
        session,
        option=option,
        quote=quote,
        order_id=order_id,
        merchant_id=merchant.id,
        products=products,
        now=now,
    )
    affiliate = None
    if data.affiliate is not None:
        affiliate = affiliate_of(session, merchant_id=merchant.id, body=data.affiliate, lines=lines, at=now)
    fx_quote_id: str | None = None
    if merchant.settlement_currency != total.currency:
        fx_quote_id = _settlement_lock(quote, merchant.settlement_currency)
        if fx_quote_id is not None:
            consume_fx_quote(session, quote_id=fx_quote_id, consumer=order_id)

    order = Order(
        id=order_id,
        merchant_id=merchant.id,
        quote_id=quote.id,
        option_id=data.option_id,
        currency=total.currency,
        total_minor=total.to_minor(),
        goods_minor=goods.to_minor(),
        destination_country=quote.destination_country,
        destination=quote.response.get("destination", {"country": quote.destination_country}),
        channel=channel,
        payment_provider=data.payment.provider,
        payment_reference=data.payment.reference,
        fx_quote_id=fx_quote_id,
        affiliate=affiliate.model_dump() if affiliate else None,
        documents=[d.model_dump(mode="json", exclude_none=True) for d in documents],
        created_by=principal.actor_id,
        created_at=now,
    )
    session.add(order)
    session.flush()
    session.add_all(lines)
    session.add_all(shipments)
    session.flush()
    top = max(lines, key=lambda line: line.unit_price_minor * line.quantity, default=None)
    settlement.record_sale(
        session,
        order_id=order_id,
        merchant_id=merchant.id,
        amount=total,
        category=top.category if top and top.category else "general",
        fx_quote_id=fx_quote_id,
        affiliate_id=affiliate.creator_id if affiliate else None,
        affiliate_bps=affiliate.rate_bps if affiliate else None,
        items=sum(line.quantity for line in lines) or 1,
        paid_at=now,
        checkout=checkout_of(option, goods=goods, paid=total, jurisdiction=quote.destination_country),
    )
    for s in shipments:
        enqueue(session, "logistics.book_shipment", shipment_id=s.id)
    return placed(session, order)


def placed(session: Session, order: Order) -> OrderRead:
    """The order as answered, recorded as `order.placed` in the same transaction."""
    read = order_read(session, order)
    data = {"object": read.model_dump(mode="json")}
    record_event(session, ORDER_PLACED, subject_id=order.id, merchant_id=order.merchant_id, data=data)
    return read


# --- reading ----------------------------------------------------------------------------------------


def shipment_read(shipment: Shipment, events: Sequence[ShipmentEvent] = ()) -> ShipmentRead:
    return ShipmentRead(
        id=shipment.id,
        order_id=shipment.order_id,
        merchant_id=shipment.merchant_id,
        warehouse_id=shipment.warehouse_id,
        carrier=shipment.carrier_code,
        service=shipment.service_code,
        origin_country=shipment.origin_country,
        destination_country=shipment.destination_country,
        items=shipment.items,
        status=shipment.status,
        reason=shipment.reason,
        tracking_number=shipment.tracking_number,
        label=shipment.label,
        declaration=shipment.declaration,
        booking_messages=shipment.booking_messages,
        quoted_window=Window.model_validate(shipment.quoted_window),
        window=Window.model_validate(shipment.window),
        delivered_at=shipment.delivered_at,
        events=[
            ShipmentEventRead(
                event_id=e.event_id,
                status=e.status,
                reason=e.reason,
                location=e.location,
                occurred_at=e.occurred_at,
                applied=e.applied,
            )
            for e in events
        ],
    )


def events_of(session: Session, shipment_id: str) -> list[ShipmentEvent]:
    return list(
        session.exec(
            select(ShipmentEvent)
            .where(ShipmentEvent.shipment_id == shipment_id)
            .order_by(col(ShipmentEvent.occurred_at), col(ShipmentEvent.id))
        )
    )


def order_lines(session: Session, order_id: str) -> list[OrderLine]:
    return list(
        session.exec(select(OrderLine).where(OrderLine.order_id == order_id).order_by(col(OrderLine.id)))
    )


def order_shipments(session: Session, order_id: str) -> list[Shipment]:
    return list(
        session.exec(select(Shipment).where(Shipment.order_id == order_id).order_by(col(Shipment.created_at)))
    )


def checkout_of(option: dict[str, Any], *, goods: Money, paid: Money, jurisdiction: str) -> Checkout:
    """The parts of a payment for a quote's option: its goods, shipping, and the duties (customs fees
    included) and taxes its landed costs say are collected at checkout (a point-of-sale scheme, a domestic
    sale, or DDP), with their lines as the tax parts. What is left to the border is not in the payment."""
    cur = paid.currency
    zero = Money.zero(cur)
    landed = _paid_at_checkout(option, (option.get("landed_cost") or {}).get("shipments", []))
    duties = taxes = zero
    for lc in landed:
        fees = MoneyModel.model_validate(lc["fees"]).to_money()
        duties = duties + MoneyModel.model_validate(lc["duties"]).to_money() + fees
        taxes = taxes + MoneyModel.model_validate(lc["taxes"]).to_money()
    goods = goods if goods.amount <= paid.amount - duties.amount - taxes.amount else zero
    shipping = paid - goods - duties - taxes
    scheme = next((str(lc["scheme"]) for lc in landed if lc.get("scheme")), "import")
    parts = _tax_parts(landed, cur)
    by_kind = {"duty": duties, "vat": taxes}
    if any(sum((p.amount for p in parts if p.kind == k), zero) != v for k, v in by_kind.items()):
        parts = []  # the lines do not add up to the totals (rounded apart): declare the totals
    collected = bool(duties.amount or taxes.amount)
    return Checkout(
        goods=goods,
        shipping=shipping,
        duties=duties,
        taxes=taxes,
        jurisdiction=jurisdiction if collected else None,
        scheme=scheme[:20],
        parts=tuple(parts) if collected else (),
    )


def _paid_at_checkout(option: dict[str, Any], landed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The shipments' landed costs whose duties, taxes and fees the payment holds."""
    if landed and all("collected" in lc for lc in landed):
        return [lc for lc in landed if lc["collected"] == "checkout" and _charges_of(lc)]
    # a quote made before each landed cost said where it is collected: the option's word for all of them
    return landed if option.get("duties_collected") == "checkout" else []


def _charges_of(lc: dict[str, Any]) -> bool:
    return any(Decimal(str(lc[k]["amount"])) for k in ("duties", "taxes", "fees"))


def _tax_parts(landed: list[dict[str, Any]], cur: str) -> list[TaxPart]:
    parts: list[TaxPart] = []
    for lc in landed:
        for line in lc.get("lines", []):
            value = MoneyModel.model_validate(line["value"]).to_money()
            duty = MoneyModel.model_validate(line["duty"]).to_money()
            tax = MoneyModel.model_validate(line["tax"]).to_money()
            if value.currency != cur:
                return []
            tax_rate = Decimal(str(line.get("tax_rate") or 0))
            taxable = Money.of(tax.amount * 100 / tax_rate, cur) if tax_rate else value
            parts.append(TaxPart("duty", duty, value, Decimal(str(line.get("duty_rate") or 0))))
            parts.append(TaxPart("vat", tax, taxable, tax_rate))
        for fee in lc.get("fee_lines", []):
            amount = MoneyModel.model_validate(fee["amount"]).to_money() if "amount" in fee else None
            if amount is None or amount.currency != cur:
                return []
            parts.append(TaxPart("duty", amount, Money.zero(cur)))
    return [p for p in parts if p.amount.amount]


def order_read(session: Session, order: Order) -> OrderRead:
    view = settlement_view(session, order_id=order.id, goods_minor=order.goods_minor)
    return OrderRead(
        id=order.id,
        merchant_id=order.merchant_id,
        quote_id=order.quote_id,
        option_id=order.option_id,
        status=order.status,
        total=MoneyModel.of(Money.from_minor(order.total_minor, order.currency)),
        destination=order.destination,
        channel=order.channel,
        fx_quote_id=order.fx_quote_id,
        lines=[
            OrderLineRead(
                sku=line.sku,
                category=line.category,
                quantity=line.quantity,
                unit_price=MoneyModel.of(Money.from_minor(line.unit_price_minor, line.currency)),
                returned_quantity=line.returned_quantity,
            )
            for line in order_lines(session, order.id)
        ],
        shipments=[shipment_read(s, events_of(session, s.id)) for s in order_shipments(session, order.id)],
        created_at=order.created_at,
        delivered_at=order.delivered_at,
        settlement=_settlement_read(view) if view is not None else None,
        affiliate=_affiliate_read(order.affiliate),
        documents=[DocumentRequired.model_validate(d) for d in order.documents or []],
    )


def _affiliate_read(stored: dict[str, Any] | None) -> AffiliateRead | None:
    if not stored:
        return None
    # orders placed before affiliate plans stored the request's body: {creator_id, rate_bps, plan}
    return AffiliateRead.model_validate({k: v for k, v in stored.items() if k in AffiliateRead.model_fields})


def _settlement_read(view: SettlementView) -> OrderSettlementRead:
    money = {
        name: MoneyModel.of(getattr(view, name))
        for name in OrderSettlementRead.model_fields
        if isinstance(getattr(view, name), Money)
    }
    return OrderSettlementRead(
        **money,
        collected_by=view.collected_by,
        tax_jurisdiction=view.tax_jurisdiction,
        tax_scheme=view.tax_scheme,
    )


def load_order(session: Session, *, principal: Principal, order_id: str) -> Order:
    order = session.get(Order, order_id)
    if order is None or not principal.can_see_merchant(order.merchant_id):
        raise errors.OrderNotFound(f"no order {order_id}")
    return order


def get_order(session: Session, *, principal: Principal, order_id: str) -> OrderRead:
    return order_read(session, load_order(session, principal=principal, order_id=order_id))


def unit_price(line: OrderLine) -> Money:
    return Money.from_minor(line.unit_price_minor, line.currency)


def goods_value(lines: Sequence[OrderLine]) -> Money:
    total = Decimal(0)
    for line in lines:
        total += unit_price(line).amount * line.quantity
    return Money(total, lines[0].currency) if lines else Money.zero("USD")

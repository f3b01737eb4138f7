"""Shipping quotes: gather the cart, stock, rules and rates, run the planner, lock FX, keep the quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session

from carriers.adapters import Address
from carriers.live import LiveNetwork, Recorder, fetch
from carriers.network import CarrierNetwork
from carriers.network import current as carrier_network
from carriers.types import Destination
from compliance.evaluation import decision_batch, decision_row, register_replayer
from compliance.gate import Goods, SaleCheck, check_sale, check_trader
from compliance.gate import replay as replay_sale
from core.auth import Principal
from core.bulk import Batch, insert_rows
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import released
from core.errors import FieldError
from core.ids import new_id
from core.merchants import merchant_info
from core.money import Money, MoneyModel, currency_exponent
from customs.service import PlannerLandedCosts, forget_planner_answers
from logistics import errors
from logistics.cart import CartLine, Refusal
from logistics.gates import customs_documents, goods_documents
from logistics.geo import locate
from logistics.models import Product, Quote, Stock
from logistics.network import WarehouseInfo
from logistics.network import current as warehouse_network
from logistics.planner import Option, Plan, forget_lanes, plan
from logistics.ranking import ranking_of
from logistics.schemas import (
    Breakdown,
    DeliveryWindow,
    DocumentRequired,
    ParcelPlan,
    QuoteCreate,
    QuoteOption,
    QuoteRead,
    Rejected,
    ShipmentPlan,
)
from logistics.windows import Window
from payments.fx_quotes import FxSnapshot, check_fresh, fx_quote_batch, price_fx_quote

QUOTE_TTL = timedelta(minutes=30)


def at_locked_rate(money: Money, to: str, rate: Decimal) -> Money:
    """`money` in `to` at a quote's FX lock selling `to` and buying `money`'s currency (`rate`: units of the
    bought currency per unit sold), rounded half-even to `to`'s minor unit: how a quote prices goods and
    shipping, and how its order reads the same prices back."""
    quantum = Decimal(1).scaleb(-currency_exponent(to))
    return Money((money.amount / rate).quantize(quantum, rounding=ROUND_HALF_EVEN), to)


def locked_rates(quote_response: dict[str, Any]) -> dict[str, Decimal]:
    """A stored quote's FX locks: the locked rate by the currency bought (`pair` is bought/sold)."""
    return {
        str(lock["pair"]).split("/")[0]: Decimal(str(lock["rate"])) for lock in quote_response.get("fx", [])
    }


class FxLocks:
    """Converts into the shopper's currency at rates locked for the quote's lifetime, one lock per pair.

    The shopper pays in `currency`: each lock sells `currency` and buys the cost's currency, so the pair's
    markup falls on the shopper's side, as a card network's would. The locks are priced from the process's
    FX snapshot as the planner asks, and kept in `rows` to be inserted with the quote once everything is
    computed.
    """

    def __init__(self, currency: str, *, lock_seconds: int, created_by: str, rates: FxSnapshot) -> None:
        self.currency, self.lock_seconds, self.created_by = currency, lock_seconds, created_by
        self._snapshot = rates
        self._rates: dict[str, Decimal] = {}
        """The locked rate by the currency bought."""
        self.locks: list[dict[str, Any]] = []
        self.rows: list[dict[str, Any]] = []
        self._markups: dict[str, int] | None = None

    def __call__(self, money: Money, to: str) -> Money:
        if money.currency == to:
            return money
        if to != self.currency:  # pragma: no cover - the planner only converts into the shopper's currency
            raise ValueError(f"locks convert into {self.currency}")
        rate = self._rates.get(money.currency)
        if rate is None:
            rate = self._rates[money.currency] = self._lock(money)
        return at_locked_rate(money, to, rate)

    def rate_key(self, money: Money, to: str) -> Decimal:
        """What converting `money` into `to` depends on besides the amounts: the locked rate, locked now if
        this is the currency's first price (see `logistics.planner.Converter`)."""
        if to != self.currency:  # pragma: no cover - the planner only converts into the shopper's currency
            raise ValueError(f"locks convert into {self.currency}")
        rate = self._rates.get(money.currency)
        if rate is None:
            rate = self._rates[money.currency] = self._lock(money)
        return rate

    def _lock(self, money: Money) -> Decimal:
        to = self.currency
        if self._markups is None:
            self._markups = self._snapshot.markups_selling(to)
        row = price_fx_quote(
            self._snapshot.book,
            sell_currency=to,
            buy_currency=money.currency,
            buy_amount=Money.of(max(money.amount, Decimal(100)), money.currency),
            lock_seconds=self.lock_seconds,
            created_by=self.created_by,
            markup_bps=self._markups[money.currency],
        )
        self.rows.append(row)
        self.locks.append(
            {
                "id": row["id"],
                "pair": f"{money.currency}/{to}",
                "rate": str(row["rate"]),
                "reference_rate": str(row["reference_rate"]),
                "markup_bps": row["markup_bps"],
                "expires_at": as_utc(row["expires_at"]).isoformat(),
            }
        )
        rate: Decimal = row["rate"]
        return rate


class _Product(NamedTuple):
    id: str
    sku: str
    weight_g: int
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    hs_code: str
    origin_country: str
    category: str
    goods: list[str]
    registrations: list[dict[str, Any]] | None


@lru_cache(maxsize=1)
def _cart_statement() -> Any:
    """The cart's products with their stock rows, in one query: built once (building a statement costs more
    than running it), and on the tables, not the ORM classes (a plain select skips the ORM's compile and
    result steps)."""
    p, s = Product.__table__.c, Stock.__table__.c  # type: ignore[attr-defined]
    return (
        sa_select(
            p.id,
            p.sku,
            p.weight_g,
            p.length_cm,
            p.width_cm,
            p.height_cm,
            p.hs_code,
            p.origin_country,
            p.category,
            p.goods,
            p.registrations,
            s.warehouse_id,
            (s.on_hand - s.reserved).label("available"),
        )
        .select_from(Product.__table__.outerjoin(Stock.__table__, s.product_id == p.id))  # type: ignore[attr-defined]
        .where(p.merchant_id == bindparam("merchant_id"), p.sku.in_(bindparam("skus", expanding=True)))
    )


class _Cart(NamedTuple):
    lines: list[CartLine]
    stock: dict[str, dict[int, int]]
    """The units available of each line's product per warehouse (active or not)."""
    registrations: dict[str, list[dict[str, Any]]]
    """The catalogue's registrations of each SKU's product (documents the rules may require)."""


def _cart(session: Session, data: QuoteCreate) -> _Cart:
    rows = session.execute(
        _cart_statement(), {"merchant_id": data.merchant_id, "skus": [i.sku for i in data.items]}
    ).all()
    products = {r[1]: _Product(*r[:11]) for r in rows}
    lines = _lines(data, products)
    index_of = {line.product_id: line.index for line in lines if line.product_id}
    stock: dict[str, dict[int, int]] = {}
    for r in rows:
        warehouse_id, available = r[11], r[12]
        if warehouse_id is not None and r[0] in index_of:
            stock.setdefault(warehouse_id, {})[index_of[r[0]]] = available
    return _Cart(lines, stock, {sku: p.registrations or [] for sku, p in products.items()})


def _dims(p: _Product) -> tuple[Decimal, Decimal, Decimal] | None:
    if p.length_cm and p.width_cm is not None and p.height_cm is not None:
        return Decimal(p.length_cm), Decimal(p.width_cm), Decimal(p.height_cm)
    return None


def _lines(data: QuoteCreate, products: dict[str, _Product]) -> list[CartLine]:
    problems: list[FieldError] = []
    currencies = {i.unit_price.currency for i in data.items}
    if len(currencies) > 1:
        problems.append(FieldError("items", f"unit prices must share one currency, got {sorted(currencies)}"))
    lines = []
    for n, item in enumerate(data.items):
        p = products.get(item.sku)
        if p is None and item.weight_g is None:
            problems.append(
                FieldError(
                    f"items.{n}.sku",
                    f"{item.sku} is not in the merchant's catalogue: give weight_g and hs_code",
                )
            )
            continue
        dims = item.dimensions_cm or (_dims(p) if p else None)
        lines.append(
            CartLine(
                index=n,
                sku=item.sku,
                quantity=item.quantity,
                unit_price=item.unit_price.to_money(),
                weight_g=item.weight_g or (p.weight_g if p else 0),
                dims_cm=dims,
                hs_code=item.hs_code or (p.hs_code if p else None),
                origin_country=item.origin_country or (p.origin_country if p else None),
                category=item.category or (p.category if p else None),
                goods=frozenset(p.goods) if p else frozenset({"general"}),
                product_id=p.id if p else None,
            )
        )
    if problems:
        raise errors.CartInvalid("the cart cannot be quoted", errors=problems)
    return lines


@lru_cache(maxsize=16_384)
def _money(m: Money) -> MoneyModel:
    # A Money's canonical string is exact and its currency checked: no need to run MoneyModel's validators
    # (a quote answers about 40 amounts). Frozen, so one model serves every answer with the amount.
    return MoneyModel.model_construct(amount=m.format_amount(), currency=m.currency)


# The answer is built from computed, already checked values: `model_construct` skips validating again what
# the planner made (a quote answers six options of some 40 amounts, dates and texts).


@lru_cache(maxsize=4096)
def _window_read(w: Window) -> DeliveryWindow:
    return DeliveryWindow.model_construct(
        earliest=w.earliest,
        likely=w.likely,
        latest=w.latest,
        days_min=w.days_min,
        days_likely=w.days_likely,
        days_max=w.days_max,
        confidence=w.confidence,
    )


def forget_answers() -> None:
    """Drop what quoting keeps in memory beside the snapshots: the planner's lanes, customs' landed-cost
    answers and the delivery windows answered (tests compare quotes made from cold and warm caches)."""
    forget_lanes()
    forget_planner_answers()
    _window_read.cache_clear()
    _money.cache_clear()


def _option_read(o: Option, documents: list[DocumentRequired]) -> QuoteOption:
    shipments = [
        ShipmentPlan.model_construct(
            warehouse=s.warehouse.code,
            warehouse_country=s.warehouse.country,
            carrier=s.service.carrier_code,
            service=s.service.code,
            mode=s.service.mode,
            items=[{"sku": line.sku, "quantity": line.quantity} for line in s.lines],
            weight_g=s.weight_g,
            billable_weight_g=s.rate.billable_weight_g,
            parcels=[ParcelPlan.model_construct(weight_g=w, billable_weight_g=b) for w, b in s.parcels],
            shipping=_money(s.shipping),
            delivery_window=_window_read(s.window),
            source=s.rate.source,
        )
        for s in o.shipments
    ]
    return QuoteOption.model_construct(
        id=new_id("qopt"),
        total=_money(o.total),
        breakdown=Breakdown.model_construct(
            goods=_money(o.goods),
            shipping=_money(o.shipping),
            duties=_money(o.duties),
            taxes=_money(o.taxes),
            fees=_money(o.fees),
        ),
        delivery_window=_window_read(o.window),
        shipments=shipments,
        tags=o.tags,
        explanation=o.explanation,
        reasons=o.reasons,
        duties_collected=o.collected,
        landed_cost={"shipments": o.landed} if o.landed else None,
        documents=[*documents, *customs_documents(o.landed)],
        source="live" if all(s.rate.source == "live" for s in o.shipments) else "sheet",
    )


@dataclass(frozen=True, slots=True)
class Quoted:
    read: QuoteRead
    body: str
    """The answer as JSON, written once: stored with the quote and sent to the caller."""


def create_quote(session: Session, *, principal: Principal, data: QuoteCreate) -> Quoted:
    """Plan, price and explain the cart's options, lock their FX rates and keep the quote.

    Everything is computed before anything is written, from the process's snapshots (carriers, warehouses,
    rules, FX rates and markups) and the cart's rows (merchant, products, stock); then the FX locks, the quote
    and its decision records are written with one insert per table. On SQLite the route opens the unit with
    `core.db.write_last`, so the write lock is held only for the inserts and the commit, not while planning.
    """
    merchant = merchant_info(data.merchant_id, principal=principal)
    check_trader(
        data.destination.country, merchant_id=merchant.id, missing=merchant.trader_missing, what="a quote"
    )
    cart = _cart(session, data)
    now = utc_now()
    point, _how = locate(
        data.destination.country,
        city=data.destination.city,
        latitude=data.destination.latitude,
        longitude=data.destination.longitude,
    )
    destination = Destination(data.destination.country, data.destination.postal_code, point)
    blocked, rules, check = _compliance(destination, cart.lines, now, data.channel)
    documents, missing = goods_documents(check, cart.registrations)
    locks = FxLocks(
        data.currency,
        lock_seconds=int(QUOTE_TTL.total_seconds()),
        created_by=principal.actor_id,
        rates=check_fresh(),  # refused (503) while the reference rates are older than the age limit
    )
    landed = PlannerLandedCosts(defer=True)
    # a document the goods need and their product lacks refuses every option: the sale cannot go ahead
    result = Plan([], [Refusal(None, None, "document_missing", str(m)) for m in missing], 0, [])
    if not blocked and not missing:
        result = _plan(session, data, cart, destination, locks, landed, now)
        rules.update(result.rules)
    if result.options and merchant.settlement_currency != data.currency:
        # the rate at which the sale will settle to the merchant, locked with the quote
        locks(Money.of(1, merchant.settlement_currency), data.currency)
    read = _read(data, merchant.id, destination, now, result, blocked, sorted(rules), locks.locks, documents)
    quote_decision = decision_row(
        context="quote",
        subject_id=read.id,
        topic="*",
        country=destination.country,
        input=check.decision_input(),
        outcome={"blocked": blocked, "documents": [d.as_dict() for d in check.documents]},
        rules=[],
    )
    body = read.model_dump_json()
    insert_rows(
        session,
        [
            fx_quote_batch(locks.rows),
            _quote_batch(data, read, body, created_by=principal.actor_id, country=destination.country),
            decision_batch([*landed.decisions, quote_decision]),
        ],
    )
    return Quoted(read, body)


def _plan(
    session: Session,
    data: QuoteCreate,
    cart: _Cart,
    destination: Destination,
    locks: FxLocks,
    landed: PlannerLandedCosts,
    now: datetime,
) -> Plan:
    warehouses = warehouse_network().by_id
    stock = {w: units for w, units in cart.stock.items() if w in warehouses}
    network = carrier_network()
    carriers: CarrierNetwork | LiveNetwork = network
    if network.live:  # carriers with credentials, known per snapshot (none by default): priced live
        carriers = _live_carriers(session, network, data, cart.lines, destination, stock, warehouses, now)
    return plan(
        lines=cart.lines,
        destination=destination,
        stock=stock,
        warehouses=warehouses,
        carriers=carriers,
        convert=locks,
        currency=data.currency,
        incoterm=data.incoterm,
        objective=data.objective,
        max_days=data.max_days,
        now=now,
        landed_cost=landed,
    )


def _live_carriers(
    session: Session,
    carriers: CarrierNetwork,
    data: QuoteCreate,
    lines: list[CartLine],
    destination: Destination,
    stock: dict[str, dict[int, int]],
    warehouses: dict[str, WarehouseInfo],
    now: datetime,
) -> CarrierNetwork | LiveNetwork:
    """The carrier snapshot with the live carriers' prices for what this cart asks them (`carriers.live`):
    the planner runs once to find the questions (no landed cost, FX priced but not kept), the carriers are
    asked all at once with one deadline while the unit holds no database connection, and their answers
    replace the sheets' prices where they came back in time."""
    settings = get_settings()
    recorder = Recorder(carriers)
    scratch = FxLocks(
        data.currency, lock_seconds=int(QUOTE_TTL.total_seconds()), created_by="-", rates=check_fresh()
    )
    plan(
        lines=lines,
        destination=destination,
        stock=stock,
        warehouses=warehouses,
        carriers=recorder,
        convert=scratch,
        currency=data.currency,
        incoterm=data.incoterm,
        objective=data.objective,
        max_days=data.max_days,
        now=now,
        landed_cost=None,
    )
    if not recorder.asked:
        return carriers
    origins = {w.country: Address(w.country, city=w.city, point=w.point) for w in warehouses.values()}
    with released(session):
        answers = fetch(
            carriers,
            list(recorder.asked),
            origins=origins,
            settings=settings,
            deadline=settings.live_rate_deadline_seconds,
        )
    return LiveNetwork(carriers, answers) if answers else carriers


def _quote_batch(data: QuoteCreate, read: QuoteRead, body: str, *, created_by: str, country: str) -> Batch:
    """The quote's row, with its request and its answer as JSON text (the answer serialised once, for storage
    and to send)."""
    row = {
        "id": read.id,
        "merchant_id": read.merchant_id,
        "destination_country": country,
        "currency": data.currency,
        "request": data.model_dump_json(),
        "response": body,
        "rule_versions": read.rules_applied,
        "fx_quote_ids": [lock["id"] for lock in read.fx],
        "created_by": created_by,
        "created_at": read.created_at,
        "expires_at": read.expires_at,
    }
    return Quote.__table__, [row]  # type: ignore[attr-defined]


def _read(
    data: QuoteCreate,
    merchant_id: str,
    destination: Destination,
    now: datetime,
    result: Plan,
    blocked: list[str],
    rules: list[str],
    fx: list[dict[str, Any]],
    documents: list[DocumentRequired],
) -> QuoteRead:
    """The answer, built once: stored as it is and returned. Each option lists the goods' `documents` and
    its shipments' customs documents."""
    point = destination.point
    return QuoteRead(
        id=new_id("quo"),
        merchant_id=merchant_id,
        created_at=now,
        expires_at=now + QUOTE_TTL,
        currency=data.currency,
        incoterm=data.incoterm,
        objective=data.objective,
        channel=data.channel,
        destination={
            **data.destination.model_dump(exclude_none=True),
            "point": list(point) if point else None,
        },
        options=[_option_read(o, documents) for o in result.options],
        rejected=[
            Rejected.model_construct(
                warehouse=r.warehouse, service=r.service, reason=r.reason, message=r.message
            )
            for r in _dedupe(result.rejected)
        ],
        blocked=blocked,
        rules_applied=rules,
        fx=fx,
        ranking=ranking_of(data.objective),
    )


def _compliance(
    destination: Destination, lines: Sequence[CartLine], now: datetime, channel: str
) -> tuple[list[str], set[str], SaleCheck]:
    """What the destination's rules block on this sales channel (the market, or goods in the cart), the rule
    versions asked, and the gate's whole answer (its documents are kept with the quote's decision)."""
    check = check_sale(
        destination.country,
        channel=channel,
        goods=[Goods(line.sku, line.hs_code or "", line.category) for line in lines],
        on=now,
        point=destination.point,
    )
    blocked: list[str] = []
    if not check.access.open:
        blocked.extend(f"market_closed: {r}" for r in check.access.reasons)
    for line, restriction in zip(lines, check.restrictions, strict=True):
        if restriction.action == "block":
            blocked.append(f"restricted_goods: {line.sku} ({line.hs_code}): {'; '.join(restriction.reasons)}")
    return blocked, {str(r) for r in check.rules}, check


def _dedupe(refusals: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(refusals))


register_replayer("quote", replay_sale)


def get_quote(session: Session, *, principal: Principal, quote_id: str) -> QuoteRead:
    quote = session.get(Quote, quote_id)
    if quote is None or not principal.can_see_merchant(quote.merchant_id):
        raise errors.QuoteNotFound(f"no quote {quote_id}")
    read = QuoteRead.model_validate(quote.response)
    if read.ranking is None:  # kept before quotes told their ranking
        read.ranking = ranking_of(read.objective)
    read.expired = utc_now() >= as_utc(quote.expires_at)
    return read

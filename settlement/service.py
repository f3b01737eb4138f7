"""The settlement lifecycle of an order: sale, delivery, availability, refund. The orders code calls these
inside the order's own transaction (they only flush; the caller commits).

    record_sale(session, *, order_id, merchant_id, amount, category,
                fx_rate=None, fx_quote_id=None, affiliate_id=None, affiliate_bps=None,
                fulfillment="merchant", items=1, shipping_fee=None, paid_at=None) -> LedgerTransaction

        The order was paid: `amount` (Money, > 0) in the shopper's currency. When that is not the merchant's
        settlement currency, give the FX quote the order consumed (`fx_quote_id`: its `rate` is read with
        `payments.fx_quotes.get_fx_quote`; it must sell `amount.currency` and buy the settlement currency)
        and/or the locked `fx_rate` (units of the settlement currency per unit of the shopper's). `category`
        picks the commission and the return reserve (an unknown category gets the policy's default).
        `affiliate_id` with `affiliate_bps` (a targeted plan) or without (the open plan rate).
        `fulfillment="fully_managed"` charges pick/pack per item and `shipping_fee` (in the shopper's or the
        settlement currency) to the merchant. One ledger transaction (key `sale:<order_id>`): cash (and FX)
        debited; merchant pending, commission, processing and fulfillment fees and the affiliate payable
        credited. A replay returns the original transaction and writes nothing; a replay with another
        merchant or amount is a 409.

    record_sales(session, *, sales: Sequence[SaleInput]) -> Recorded
        The same for many orders at once (imports, backfills): set-based, bulk inserts, the same rows.

    record_delivery(session, *, order_id, delivered_at=None) -> Delivery
        The order was delivered. Its net becomes available after the merchant's hold (payout settings'
        `hold_business_days`, else the policy's; default one business day, counted in the merchant's
        country with the `holidays` calendar) plus any extra days compliance's `payout_holds` imposes; the
        return reserve is held from then until the return window (policy `return_window_days` after
        delivery) ends. If that day has come, the funds are released at once. A replay returns the recorded
        delivery. `record_deliveries(session, *, deliveries=[(order_id, delivered_at), ...])` for many.

    record_refund(session, *, refund_id, order_id, amount, refunded_at=None) -> LedgerTransaction
        Refund `amount` (> 0, in the order's currency, at most what is left) to the shopper at the order's
        rate. Reversal entries (key `refund:<refund_id>`): the merchant is debited the refund less the
        commission refunded and the affiliate's clawback (proportional; the last refund takes the
        remainder, so a full refund undoes the split exactly); processing and fulfillment fees are not
        refunded. The debit comes from where the order's money is (pending, then its reserve) and the rest
        from available, which may go negative: a negative balance is netted from later payouts.

    record_refunds(session, *, refunds: Sequence[RefundInput]) -> Recorded

    release_due(session, *, as_of=None, order_ids=None) -> Released
        Moves due funds: delivered orders whose day has come (pending -> available, less the reserve ->
        reserved) and reserves whose return window has ended (reserved -> available); one transaction per
        merchant and currency per batch. Called by the settlement run and `settlement.release_reserves`.

Invalid input raises `core.errors.InvalidInput` (422) naming the field: `amount.amount` (zero or negative),
`amount.currency` (not the order's), `merchant_id` (unknown merchant), `fx_quote_id` / `fx_rate`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from compliance.evaluation import payout_holds, record_decision
from core.clock import utc_now
from core.errors import FieldError, InvalidInput
from core.ids import new_id
from core.models import Merchant
from core.money import Money
from payments.errors import FxQuoteNotFound
from payments.fx_quotes import get_fx_quote
from settlement import ledger
from settlement.checkout import (
    Checkout,
    authority_account,
    authority_lines,
    insert_tax_lines,
    tax_line_rows,
)
from settlement.errors import IdempotencyMismatch, OrderNotRecorded, RefundExceedsOrder
from settlement.ledger import Posting, affiliate_account, merchant_account, platform_account
from settlement.models import (
    AccountKind,
    LedgerTransaction,
    OrderStatus,
    PayoutSettings,
    SettlementOrder,
    TaxLine,
)
from settlement.policy import (
    FixedAmounts,
    PolicyVersion,
    add_business_days,
    convert_minor,
    policy_versions,
    ratio_of,
    split_sale,
)
from settlement.reserves import ReturnFlag, return_flags, sale_details

MAX_GROSS_MINOR = 10**15
FULFILLMENT_MODELS = ("merchant", "fully_managed")


@dataclass(frozen=True, slots=True)
class SaleInput:
    order_id: str
    merchant_id: str
    amount: Money
    category: str
    fx_rate: Decimal | None = None
    fx_quote_id: str | None = None
    affiliate_id: str | None = None
    affiliate_bps: int | None = None
    fulfillment: str = "merchant"
    items: int = 1
    shipping_fee: Money | None = None
    paid_at: datetime | None = None
    checkout: Checkout | None = None
    """The payment's parts (goods, shipping, duties, taxes); None: all of it is goods."""


@dataclass(frozen=True, slots=True)
class RefundInput:
    refund_id: str
    order_id: str
    amount: Money
    refunded_at: datetime | None = None


@dataclass(slots=True)
class Recorded:
    transactions: dict[str, int] = field(default_factory=dict)
    """Order (or refund) id -> ledger transaction id."""
    new: int = 0
    replayed: int = 0
    entries: int = 0


@dataclass(frozen=True, slots=True)
class Delivery:
    order_id: str
    delivered_at: datetime
    available_on: date
    reserve_release_on: date
    hold_reasons: tuple[str, ...]
    released: bool


@dataclass(slots=True)
class Released:
    orders: int = 0
    reserves: int = 0
    transactions: int = 0
    entries: int = 0


def _field(prefix: str, i: int | None, name: str) -> str:
    return f"{prefix}[{i}].{name}" if i is not None else name


def _check_id(value: str, name: str) -> None:
    if not isinstance(value, str) or not 1 <= len(value) <= 100 or not value.isprintable():
        raise InvalidInput.for_field(name, "must be 1 to 100 printable characters")


def _check_amount(money: Money, name: str) -> int:
    if not money.is_exact():
        raise InvalidInput.for_field(f"{name}.amount", f"has more decimals than {money.currency} allows")
    minor = money.to_minor()
    if minor <= 0:
        raise InvalidInput.for_field(f"{name}.amount", "must be more than zero")
    if minor > MAX_GROSS_MINOR:
        raise InvalidInput.for_field(f"{name}.amount", "is too large")
    return minor


# --- sales ------------------------------------------------------------------------------------------------


ORDER_COLUMNS = (
    "order_id",
    "merchant_id",
    "category",
    "status",
    "currency",
    "gross_minor",
    "settlement_currency",
    "fx_rate",
    "fx_quote_id",
    "gross_settle_minor",
    "commission_minor",
    "affiliate_id",
    "affiliate_minor",
    "processing_minor",
    "fulfillment_minor",
    "net_minor",
    "reserve_planned_minor",
    "policy_id",
    "paid_at",
    "sale_txn_id",
    "pending_minor",
    "released_minor",
    "reserve_minor",
    "reserve_released",
    "refunded_minor",
    "refunded_settle_minor",
    "commission_refunded_minor",
    "affiliate_clawed_minor",
    "shipping_settle_minor",
    "duties_minor",
    "taxes_minor",
    "tax_jurisdiction",
    "tax_scheme",
    "shipping_refunded_settle_minor",
    "duties_refunded_minor",
    "taxes_refunded_minor",
    "fulfillment_charged_minor",
)


class _Policies:
    def __init__(self, session: Session) -> None:
        self.versions = policy_versions(session)

    def on(self, at: datetime) -> PolicyVersion:
        current = self.versions[0]
        for v in self.versions:
            if v.effective_from <= at:
                current = v
        return current


def _rate_for(session: Session, s: SaleInput, settle: str, quotes: dict[str, Any]) -> Decimal:
    if s.amount.currency == settle:
        if s.fx_rate is not None and s.fx_rate != 1:
            raise InvalidInput.for_field(
                _field("sales", None, "fx_rate"), "must be 1 for a same-currency sale"
            )
        return Decimal(1)
    rate = s.fx_rate
    if s.fx_quote_id is not None:
        quote = quotes.get(s.fx_quote_id)
        if quote is None:
            try:
                quote = get_fx_quote(session, quote_id=s.fx_quote_id)
            except FxQuoteNotFound:
                raise InvalidInput.for_field("fx_quote_id", f"no FX quote {s.fx_quote_id}") from None
            quotes[s.fx_quote_id] = quote
        if quote.sell_currency != s.amount.currency:
            raise InvalidInput.for_field(
                "amount.currency", f"the FX quote sells {quote.sell_currency}, not {s.amount.currency}"
            )
        if quote.buy_currency != settle:
            raise InvalidInput.for_field(
                "fx_quote_id", f"the FX quote buys {quote.buy_currency}; the merchant settles in {settle}"
            )
        if quote.consumed_by is not None and quote.consumed_by != s.order_id:
            raise InvalidInput.for_field("fx_quote_id", f"the FX quote was used by {quote.consumed_by}")
        if rate is not None and rate != quote.rate:
            raise InvalidInput.for_field("fx_rate", f"differs from the FX quote's locked rate {quote.rate}")
        rate = quote.rate
    if rate is None:
        raise InvalidInput.for_field(
            "fx_quote_id",
            f"a {s.amount.currency} sale for a merchant settling in {settle} needs the locked rate",
        )
    if not rate.is_finite() or rate <= 0:
        raise InvalidInput.for_field("fx_rate", "must be a positive decimal")
    return rate


def record_sales(session: Session, *, sales: Sequence[SaleInput]) -> Recorded:
    """Record many paid orders (see the module docstring); replays are found and not written again."""
    out = Recorded()
    if not sales:
        return out
    many = len(sales) > 1
    seen: dict[str, SaleInput] = {}
    for i, s in enumerate(sales):
        _check_id(s.order_id, _field("sales", i if many else None, "order_id"))
        _check_amount(s.amount, "amount")
        if s.fulfillment not in FULFILLMENT_MODELS:
            raise InvalidInput.for_field("fulfillment", f"must be one of {', '.join(FULFILLMENT_MODELS)}")
        if not 1 <= s.items <= 10_000:
            raise InvalidInput.for_field("items", "must be from 1 to 10000")
        if s.affiliate_bps is not None and (s.affiliate_id is None or not 0 <= s.affiliate_bps <= 10_000):
            raise InvalidInput.for_field("affiliate_bps", "needs an affiliate_id and must be 0 to 10000")
        if s.affiliate_id is not None:
            _check_id(s.affiliate_id, "affiliate_id")
        if s.paid_at is not None and s.paid_at.tzinfo is None:
            raise InvalidInput.for_field("paid_at", "must be timezone-aware")
        if s.checkout is not None:
            s.checkout.check(s.amount)
        seen.setdefault(s.order_id, s)

    existing: dict[str, tuple[str, str, int, int]] = {
        oid: (mid, cur, int(gross), int(txn))
        for oid, mid, cur, gross, txn in ledger.keyed_rows(
            session,
            "settlement_orders",
            "order_id",
            ("order_id", "merchant_id", "currency", "gross_minor", "sale_txn_id"),
            list(seen),
        )
    }
    for oid, (mid, cur, gross, txn) in existing.items():
        s = seen.pop(oid)
        if (s.merchant_id, s.amount.currency, s.amount.to_minor()) != (mid, cur, gross):
            raise IdempotencyMismatch(f"order {oid} was recorded with another merchant or amount")
        out.transactions[oid] = txn
        out.replayed += 1
    if not seen:
        return out

    merchants: dict[str, str] = {}
    wanted = sorted({s.merchant_id for s in seen.values()})
    for chunk in ledger._chunks(wanted):
        for mid, cur in session.execute(
            select(col(Merchant.id), col(Merchant.settlement_currency)).where(col(Merchant.id).in_(chunk))
        ):
            merchants[mid] = cur
    unknown = [m for m in wanted if m not in merchants]
    if unknown:
        raise InvalidInput.for_field("merchant_id", f"no merchant {unknown[0]}")

    policies = _Policies(session)
    fixed = FixedAmounts(session)
    quotes: dict[str, Any] = {}
    now = utc_now()
    # the merchants' categories whose return rate is flagged now: one query for the batch
    flags = return_flags(session, merchants=merchants, body=policies.on(now).body, now=now)
    postings: list[Posting] = []
    rows: list[list[Any]] = []
    for s in seen.values():
        settle = merchants[s.merchant_id]
        paid_at = s.paid_at or now
        rate = _rate_for(session, s, settle, quotes)
        flagged = flags.get(s.merchant_id, {})
        posting, row = _sale(s, settle, paid_at, rate, policies.on(paid_at), fixed, flagged)
        postings.append(posting)
        rows.append(row)
    posted = ledger.post_many(session, postings)
    tax_rows: list[dict[str, Any]] = []
    for row in rows:
        row[19] = posted.ids[f"sale:{row[0]}"]
        out.transactions[row[0]] = row[19]
        checkout = seen[row[0]].checkout
        if checkout is not None:
            tax_rows += tax_line_rows(
                checkout, order_id=row[0], occurred_at=row[18], txn_id=row[19], refund=None
            )
    ledger.bulk_insert(session, "settlement_orders", ORDER_COLUMNS, [tuple(r) for r in rows])
    insert_tax_lines(session, tax_rows)
    out.new += len(rows)
    out.entries += posted.entries
    return out


def _sale(
    s: SaleInput,
    settle: str,
    paid_at: datetime,
    rate: Decimal,
    pv: PolicyVersion,
    fixed: FixedAmounts,
    flagged: Mapping[str, ReturnFlag] | None = None,
) -> tuple[Posting, list[Any]]:
    """One sale's ledger posting and settlement_orders row (see `settlement.checkout` for the split).
    `flagged`: the merchant's categories whose return rate raises the reserve (`settlement.reserves`)."""
    body, day, cur = pv.body, paid_at.date(), s.amount.currency
    checkout = s.checkout or Checkout.goods_only(s.amount)
    paid_c = s.amount.to_minor()
    authority_c = checkout.duties.to_minor() + checkout.taxes.to_minor()
    moved = convert_minor(paid_c - authority_c, rate, cur, settle)  # goods and shipping, settled
    goods = min(convert_minor(checkout.goods.to_minor(), rate, cur, settle), moved)
    shipping = moved - goods
    if goods <= 0:
        raise InvalidInput.for_field("amount.amount", f"its goods convert to nothing in {settle}")
    aff_bps = 0
    if s.affiliate_id is not None:
        aff_bps = s.affiliate_bps if s.affiliate_bps is not None else body.affiliate_open_plan_bps
        if aff_bps > body.affiliate_max_bps:
            raise InvalidInput.for_field("affiliate_bps", f"must be at most {body.affiliate_max_bps}")
    fulfillment = 0
    if s.checkout is None:
        fulfillment = _sale_time_fulfilment(s, settle, rate, body, fixed)
    elif s.shipping_fee is not None:
        raise InvalidInput.for_field("shipping_fee", "a checkout's shipping is in `checkout.shipping`")
    base = goods + (shipping if body.commission_base == "goods_and_shipping" else 0)
    category = s.category if s.category in body.categories else body.default_category
    flag = (flagged or {}).get(category)
    split = split_sale(
        body,
        gross=base,
        credited=goods,
        category=s.category,
        affiliate_bps=aff_bps,
        min_commission=fixed.minor(body.min_commission, settle, day),
        processing_fixed=fixed.minor(body.processing_fee_fixed, settle, day),
        fulfillment=fulfillment,
        return_rate_flagged=flag is not None,
    )
    lines: list[tuple[ledger.AccountKey, int]] = [(platform_account(AccountKind.cash, cur), -paid_c)]
    if cur != settle:
        lines += [
            (platform_account(AccountKind.fx, cur), paid_c - authority_c),
            (platform_account(AccountKind.fx, settle), -moved),
        ]
    lines += authority_lines(checkout)
    lines += [
        (merchant_account(s.merchant_id, AccountKind.pending, settle), split.net),
        (platform_account(AccountKind.commission, settle), split.commission),
        (platform_account(AccountKind.processing_fees, settle), split.processing),
        (platform_account(AccountKind.fulfillment_fees, settle), split.fulfillment),
    ]
    if shipping:
        lines.append((platform_account(AccountKind.shipping, settle), shipping))
    if s.affiliate_id is not None:
        lines.append((affiliate_account(s.affiliate_id, settle), split.affiliate))
    posting = Posting(
        key=f"sale:{s.order_id}",
        kind="sale",
        reference=s.order_id,
        occurred_at=paid_at,
        lines=lines,
        fx_rate=rate if cur != settle else None,
        fx_quote_id=s.fx_quote_id,
        details=sale_details(flag, split.reserve_bps),
    )
    # in ORDER_COLUMNS' order; the sale's transaction id (index 19) is set once posted
    row = [
        s.order_id, s.merchant_id, category, OrderStatus.paid.value, cur, paid_c, settle, rate, s.fx_quote_id,
        goods, split.commission, s.affiliate_id, split.affiliate, split.processing, split.fulfillment,
        split.net, split.reserve, pv.id, paid_at, 0, split.net, 0, 0, False, 0, 0, 0, 0,
        shipping, checkout.duties.to_minor(), checkout.taxes.to_minor(), checkout.jurisdiction,
        checkout.scheme if checkout.jurisdiction else None, 0, 0, 0, split.fulfillment,
    ]  # fmt: skip
    return posting, row


def _sale_time_fulfilment(s: SaleInput, settle: str, rate: Decimal, body: Any, fixed: FixedAmounts) -> int:
    """A sale recorded as goods only in the fully-managed model: pick and pack per item and the order's
    shipping fee charged to the merchant at the sale."""
    if s.fulfillment != "fully_managed":
        if s.shipping_fee is not None:
            raise InvalidInput.for_field("shipping_fee", "only charged in the fully_managed model")
        return 0
    day = (s.paid_at or utc_now()).date()
    fee = fixed.minor(body.pick_pack_per_item, settle, day) * s.items
    if s.shipping_fee is not None:
        ship = s.shipping_fee
        if ship.currency not in (s.amount.currency, settle) or not ship.is_exact() or ship.amount < 0:
            raise InvalidInput.for_field(
                "shipping_fee", f"must be a non-negative amount in {s.amount.currency} or {settle}"
            )
        fee += convert_minor(
            ship.to_minor(), rate if ship.currency != settle else Decimal(1), ship.currency, settle
        )
    return fee


def record_sale(
    session: Session,
    *,
    order_id: str,
    merchant_id: str,
    amount: Money,
    category: str,
    fx_rate: Decimal | None = None,
    fx_quote_id: str | None = None,
    affiliate_id: str | None = None,
    affiliate_bps: int | None = None,
    fulfillment: str = "merchant",
    items: int = 1,
    shipping_fee: Money | None = None,
    paid_at: datetime | None = None,
    checkout: Checkout | None = None,
) -> LedgerTransaction:
    """Record a paid order (see the module docstring). Returns its ledger transaction (the original on
    a replay)."""
    recorded = record_sales(
        session,
        sales=[
            SaleInput(
                order_id=order_id,
                merchant_id=merchant_id,
                amount=amount,
                category=category,
                fx_rate=fx_rate,
                fx_quote_id=fx_quote_id,
                affiliate_id=affiliate_id,
                affiliate_bps=affiliate_bps,
                fulfillment=fulfillment,
                items=items,
                shipping_fee=shipping_fee,
                paid_at=paid_at,
                checkout=checkout,
            )
        ],
    )
    txn = session.get(LedgerTransaction, recorded.transactions[order_id])
    assert txn is not None
    return txn


def get_order(session: Session, *, order_id: str, lock: bool = False) -> SettlementOrder:
    stmt = select(SettlementOrder).where(col(SettlementOrder.order_id) == order_id)
    if lock:
        stmt = stmt.with_for_update()
    order = session.exec(stmt.execution_options(populate_existing=True)).first()
    if order is None:
        raise OrderNotRecorded(f"settlement has no order {order_id}")
    return order


# --- delivery and availability ----------------------------------------------------------------------------


class _Holds:
    """Availability days per merchant: the hold in business days in the merchant's country, plus
    compliance."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._merchants: dict[str, tuple[str, str, int | None]] = {}
        self._memo: dict[tuple[str, str, int | None, date], tuple[date, tuple[str, ...], int]] = {}

    def load(self, merchant_ids: Sequence[str]) -> None:
        missing = sorted(set(merchant_ids) - set(self._merchants))
        for chunk in ledger._chunks(missing):
            stmt = (
                select(
                    col(Merchant.id),
                    col(Merchant.country),
                    col(Merchant.trader_verification),
                    col(PayoutSettings.hold_business_days),
                )
                .outerjoin(PayoutSettings, col(PayoutSettings.merchant_id) == col(Merchant.id))
                .where(col(Merchant.id).in_(chunk))
            )
            for mid, country, verification, hold in self._session.execute(stmt):
                self._merchants[mid] = (country, verification, hold)

    def available_on(
        self, merchant_id: str, delivered: date, default_hold: int
    ) -> tuple[date, tuple[str, ...], int]:
        country, verification, hold = self._merchants[merchant_id]
        key = (country, verification, hold, delivered)
        hit = self._memo.get(key)
        if hit is None:
            days = default_hold if hold is None else hold
            ph = payout_holds(merchant_country=country, trader_verification=verification, on=delivered)
            on = add_business_days(delivered, days, country) + timedelta(days=ph.extra_days)
            hit = (on, ph.reasons if ph.extra_days else (), ph.extra_days)
            self._memo[key] = hit
            if ph.extra_days:
                record_decision(
                    self._session,
                    context="settlement.availability",
                    subject_id=merchant_id,
                    topic="payout_holds",
                    country=country,
                    input={"merchant_country": country, "trader_verification": verification},
                    outcome={"extra_days": ph.extra_days, "held": ph.held, "reasons": list(ph.reasons)},
                    rules=ph.rules,
                )
        return hit


def record_deliveries(
    session: Session, *, deliveries: Sequence[tuple[str, datetime | None]], release: bool = True
) -> list[Delivery]:
    """Record many deliveries `(order_id, delivered_at)`; orders already delivered are returned unchanged."""
    now = utc_now()
    wanted = list(dict.fromkeys(oid for oid, _ in deliveries))
    when = {oid: (at or now) for oid, at in deliveries}
    for oid, at in when.items():
        if at.tzinfo is None:
            raise InvalidInput.for_field("delivered_at", "must be timezone-aware")
        _check_id(oid, "order_id")
    # plain columns, not ORM objects: imports deliver hundreds of thousands of orders at once
    orders: dict[str, tuple[Any, ...]] = {
        row[0]: tuple(row[1:])
        for row in ledger.keyed_rows(
            session,
            "settlement_orders",
            "order_id",
            (
                "order_id",
                "merchant_id",
                "status",
                "delivered_at",
                "available_on",
                "reserve_release_on",
                "settlement_currency",
                "pending_minor",
                "reserve_planned_minor",
            ),
            wanted,
            lock=True,
        )
    }
    missing = [oid for oid in wanted if oid not in orders]
    if missing:
        raise OrderNotRecorded(f"settlement has no order {missing[0]}")
    policies = _Policies(session)
    holds = _Holds(session)
    holds.load([o[0] for o in orders.values()])
    results: list[Delivery] = []
    updates: list[tuple[Any, ...]] = []
    due: list[tuple[Any, ...]] = []
    due_dates: list[tuple[Any, ...]] = []
    today = now.date()
    for oid in wanted:
        mid, status, delivered_at, available_on, release_on, cur, pending, planned = orders[oid]
        if status != OrderStatus.paid.value:
            results.append(
                Delivery(
                    oid, delivered_at, available_on, release_on, (), status == OrderStatus.available.value
                )
            )
            continue
        at = when[oid]
        body = policies.on(at).body
        available_on, reasons, _ = holds.available_on(mid, at.date(), body.hold_business_days)
        release_on = max(at.date() + timedelta(days=body.return_window_days), available_on)
        if release and available_on <= today:
            due.append((oid, mid, cur, pending, planned))
            due_dates.append((at, available_on, release_on))
        else:
            updates.append((oid, OrderStatus.delivered.value, at, available_on, release_on))
        results.append(
            Delivery(oid, at, available_on, release_on, reasons, available_on <= today and release)
        )
    ledger.update_rows(
        session,
        "settlement_orders",
        "order_id",
        ("status", "delivered_at", "available_on", "reserve_release_on"),
        updates,
    )
    if due:  # already payable: delivered and released in one step
        _post_releases(session, now, due, due_dates, Released())
        ended = [d[0] for d, dates in zip(due, due_dates, strict=True) if dates[2] <= today]
        for chunk in ledger._chunks(ended):  # delivered so long ago that the return window is over too
            _release_reserves(session, now, chunk, len(chunk), Released())
    return results


def record_delivery(session: Session, *, order_id: str, delivered_at: datetime | None = None) -> Delivery:
    """Record a delivery (see the module docstring)."""
    return record_deliveries(session, deliveries=[(order_id, delivered_at)])[0]


def release_due(
    session: Session,
    *,
    as_of: datetime | None = None,
    order_ids: Sequence[str] | None = None,
    batch: int = 250_000,
) -> Released:
    """Release what is due on `as_of` (now): delivered orders' funds, then ended reserves.

    Each pass of up to `batch` orders posts one transaction per merchant and currency, and every pass runs in
    the caller's transaction: larger passes mean fewer postings and account updates for the same money
    (250,000 orders hold about 60 MB in memory)."""
    at = as_of or utc_now()
    out = Released()
    if order_ids is not None:
        for chunk in ledger._chunks(list(order_ids)):
            _release_pending(session, at, chunk, len(chunk), out)
            _release_reserves(session, at, chunk, len(chunk), out)
        return out
    while _release_pending(session, at, None, batch, out) == batch:
        pass
    while _release_reserves(session, at, None, batch, out) == batch:
        pass
    return out


def _due_rows(
    session: Session, sql: str, params: dict[str, Any], order_ids: Sequence[str] | None, *, due: str
) -> list[Any]:
    """The due rows, locked (skipping rows another worker holds). A pass over every order takes them in the
    order of `due`, the column its partial index is on: reading a batch costs the batch, not a sort of every
    due order (which made a large release quadratic)."""
    pg = ledger.dialect(session) == "postgresql"
    if order_ids is not None:
        names = {f"o{i}": oid for i, oid in enumerate(order_ids)}
        sql = sql.replace("/*ids*/", f"AND order_id IN ({', '.join(':' + k for k in names)})")
        params = {**params, **names}
        sql += " ORDER BY order_id"
    else:
        sql = sql.replace("/*ids*/", "") + f" ORDER BY {due}"
    sql += " LIMIT :lim"
    if pg:
        sql += " FOR UPDATE SKIP LOCKED"
    return list(session.execute(text(sql), params))


def _release_pending(
    session: Session, at: datetime, order_ids: Sequence[str] | None, batch: int, out: Released
) -> int:
    rows = _due_rows(
        session,
        "SELECT order_id, merchant_id, settlement_currency, pending_minor, reserve_planned_minor"
        " FROM settlement_orders WHERE status = 'delivered' AND available_on <= :day /*ids*/",
        {"day": ledger.day_param(session, at.date()), "lim": batch},
        order_ids,
        due="available_on",
    )
    if not rows:
        return 0
    _post_releases(session, at, [tuple(r) for r in rows], (), out)
    return len(rows)


def _post_releases(
    session: Session,
    at: datetime,
    rows: Sequence[tuple[Any, ...]],
    delivered: Sequence[tuple[Any, ...]],
    out: Released,
) -> None:
    """Release orders `(order_id, merchant_id, currency, pending, reserve_planned)`: pending -> available less
    the reserve -> reserved, one transaction per merchant and currency. `delivered` gives, for orders being
    delivered in the same step, `(delivered_at, available_on, reserve_release_on)` in the same order."""
    token = new_id("rel")
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    per_order: list[tuple[str, str, str, int, int]] = []
    for oid, mid, cur, pending, planned in rows:
        reserve = 0 if pending <= 0 else min(planned, pending)
        released = pending - reserve
        g = groups[(mid, cur)]
        g[0] += pending
        g[1] += released
        g[2] += reserve
        g[3] += 1
        per_order.append((oid, mid, cur, released, reserve))
    postings = [
        Posting(
            key=f"release:{token}:{mid}:{cur}",
            kind="release",
            reference=token,
            occurred_at=at,
            lines=[
                (merchant_account(mid, AccountKind.pending, cur), -g[0]),
                (merchant_account(mid, AccountKind.available, cur), g[1]),
                (merchant_account(mid, AccountKind.reserved, cur), g[2]),
            ],
            details={"orders": g[3]},
        )
        for (mid, cur), g in groups.items()
        if g[0] or g[1] or g[2]
    ]
    posted = ledger.post_many(session, postings)
    columns: tuple[str, ...] = (
        "status",
        "pending_minor",
        "released_minor",
        "reserve_minor",
        "reserve_released",
        "release_txn_id",
    )
    updates = [
        (
            oid,
            OrderStatus.available.value,
            0,
            released,
            reserve,
            reserve == 0,
            posted.ids.get(f"release:{token}:{mid}:{cur}"),
        )
        for oid, mid, cur, released, reserve in per_order
    ]
    if delivered:
        columns = (*columns, "delivered_at", "available_on", "reserve_release_on")
        updates = [(*u, *d) for u, d in zip(updates, delivered, strict=True)]
    ledger.update_rows(session, "settlement_orders", "order_id", columns, updates)
    out.orders += len(rows)
    out.transactions += len(posted.new)
    out.entries += posted.entries


def _release_reserves(
    session: Session, at: datetime, order_ids: Sequence[str] | None, batch: int, out: Released
) -> int:
    rows = _due_rows(
        session,
        "SELECT order_id, merchant_id, settlement_currency, reserve_minor FROM settlement_orders"
        " WHERE status = 'available' AND reserve_released = :no AND reserve_release_on <= :day /*ids*/",
        {"day": ledger.day_param(session, at.date()), "lim": batch, "no": False},
        order_ids,
        due="reserve_release_on",
    )
    if not rows:
        return 0
    token = new_id("rsv")
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for _, mid, cur, reserve in rows:
        groups[(mid, cur)][0] += reserve
        groups[(mid, cur)][1] += 1
    postings = [
        Posting(
            key=f"reserve:{token}:{mid}:{cur}",
            kind="reserve_release",
            reference=token,
            occurred_at=at,
            lines=[
                (merchant_account(mid, AccountKind.reserved, cur), -g[0]),
                (merchant_account(mid, AccountKind.available, cur), g[0]),
            ],
            details={"orders": g[1]},
        )
        for (mid, cur), g in groups.items()
        if g[0]
    ]
    posted = ledger.post_many(session, postings)
    ledger.update_rows(
        session,
        "settlement_orders",
        "order_id",
        ("reserve_released", "reserve_txn_id"),
        [(oid, True, posted.ids.get(f"reserve:{token}:{mid}:{cur}")) for oid, mid, cur, _ in rows],
    )
    out.reserves += len(rows)
    out.transactions += len(posted.new)
    out.entries += posted.entries
    return len(rows)


# --- refunds ----------------------------------------------------------------------------------------------


REFUND_ORDER_COLUMNS = (
    "order_id",
    "merchant_id",
    "status",
    "currency",
    "gross_minor",
    "settlement_currency",
    "fx_rate",
    "gross_settle_minor",
    "commission_minor",
    "affiliate_id",
    "affiliate_minor",
    "pending_minor",
    "reserve_minor",
    "reserve_released",
    "refunded_minor",
    "refunded_settle_minor",
    "commission_refunded_minor",
    "affiliate_clawed_minor",
    "shipping_settle_minor",
    "duties_minor",
    "taxes_minor",
    "tax_jurisdiction",
    "tax_scheme",
    "shipping_refunded_settle_minor",
    "duties_refunded_minor",
    "taxes_refunded_minor",
)
REFUND_COLUMNS = (
    "refund_id",
    "order_id",
    "merchant_id",
    "currency",
    "amount_minor",
    "settlement_currency",
    "settle_minor",
    "commission_refund_minor",
    "affiliate_clawback_minor",
    "merchant_debit_minor",
    "from_pending_minor",
    "from_reserved_minor",
    "from_available_minor",
    "txn_id",
    "refunded_at",
)


def record_refunds(session: Session, *, refunds: Sequence[RefundInput]) -> Recorded:
    """Record many refunds (see the module docstring)."""
    out = Recorded()
    if not refunds:
        return out
    todo: dict[str, RefundInput] = {}
    for r in refunds:
        _check_id(r.refund_id, "refund_id")
        _check_id(r.order_id, "order_id")
        _check_amount(r.amount, "amount")
        if r.refunded_at is not None and r.refunded_at.tzinfo is None:
            raise InvalidInput.for_field("refunded_at", "must be timezone-aware")
        todo.setdefault(r.refund_id, r)
    for rid, oid, cur, amount, txn in ledger.keyed_rows(
        session,
        "settlement_refunds",
        "refund_id",
        ("refund_id", "order_id", "currency", "amount_minor", "txn_id"),
        list(todo),
    ):
        r = todo.pop(rid)
        if (r.order_id, r.amount.currency, r.amount.to_minor()) != (oid, cur, int(amount)):
            raise IdempotencyMismatch(f"refund {rid} was recorded for another order or amount")
        out.transactions[rid] = int(txn)
        out.replayed += 1
    if not todo:
        return out

    order_ids = sorted({r.order_id for r in todo.values()})
    # plain rows (attribute access by column name), locked in key order
    orders: dict[str, Any] = {
        o.order_id: o
        for o in ledger.keyed_rows(
            session, "settlement_orders", "order_id", REFUND_ORDER_COLUMNS, order_ids, lock=True
        )
    }
    missing = [oid for oid in order_ids if oid not in orders]
    if missing:
        raise OrderNotRecorded(f"settlement has no order {missing[0]}")

    now = utc_now()
    state: dict[str, dict[str, Any]] = {}
    postings: list[Posting] = []
    refund_rows: list[list[Any]] = []
    tax_refunds: list[tuple[str, Any, int, int, datetime]] = []
    for r in todo.values():
        o = orders[r.order_id]
        st = state.get(o.order_id)
        if st is None:
            st = state[o.order_id] = {
                "refunded": o.refunded_minor,
                "settle": o.refunded_settle_minor,
                "comm": o.commission_refunded_minor,
                "aff": o.affiliate_clawed_minor,
                "ship": o.shipping_refunded_settle_minor,
                "duties": o.duties_refunded_minor,
                "taxes": o.taxes_refunded_minor,
                "pending": o.pending_minor,
                "reserve": 0 if o.reserve_released else o.reserve_minor,
                "status": o.status,
            }
        if r.amount.currency != o.currency:
            raise InvalidInput.for_field("amount.currency", f"must be {o.currency}, the order's currency")
        amount = r.amount.to_minor()
        left = o.gross_minor - st["refunded"]
        if amount > left:
            raise RefundExceedsOrder(
                f"order {o.order_id} has {Money.from_minor(left, o.currency)} left to refund",
                errors=[
                    FieldError(
                        "amount.amount", f"at most {Money.from_minor(left, o.currency).format_amount()}"
                    )
                ],
            )
        cum = st["refunded"] + amount
        parts = _refund_parts(o, st, amount, cum)
        debit = parts["goods"] - parts["comm"] - parts["aff"]
        from_pending = from_reserved = 0
        if st["status"] != OrderStatus.available.value:
            from_pending = debit if debit < 0 else min(debit, max(st["pending"], 0))
        elif debit > 0:
            from_reserved = min(debit, max(st["reserve"], 0))
        from_available = debit - from_pending - from_reserved
        st.update(
            refunded=cum,
            settle=st["settle"] + parts["goods"],
            comm=st["comm"] + parts["comm"],
            aff=st["aff"] + parts["aff"],
            ship=st["ship"] + parts["ship"],
            duties=st["duties"] + parts["duties"],
            taxes=st["taxes"] + parts["taxes"],
            pending=st["pending"] - from_pending,
            reserve=st["reserve"] - from_reserved,
        )
        cur, scur, mid = o.currency, o.settlement_currency, o.merchant_id
        authority = parts["duties"] + parts["taxes"]
        lines: list[tuple[ledger.AccountKey, int]] = [(platform_account(AccountKind.cash, cur), amount)]
        if cur != scur:
            lines += [
                (platform_account(AccountKind.fx, cur), -(amount - authority)),
                (platform_account(AccountKind.fx, scur), parts["goods"] + parts["ship"]),
            ]
        if o.tax_jurisdiction:
            lines += [
                (authority_account(o.tax_jurisdiction, AccountKind.duties_payable, cur), -parts["duties"]),
                (authority_account(o.tax_jurisdiction, AccountKind.taxes_payable, cur), -parts["taxes"]),
            ]
        lines += [
            (merchant_account(mid, AccountKind.pending, scur), -from_pending),
            (merchant_account(mid, AccountKind.reserved, scur), -from_reserved),
            (merchant_account(mid, AccountKind.available, scur), -from_available),
            (platform_account(AccountKind.commission, scur), -parts["comm"]),
        ]
        if parts["ship"]:
            lines.append((platform_account(AccountKind.shipping, scur), -parts["ship"]))
        if o.affiliate_id is not None:
            lines.append((affiliate_account(o.affiliate_id, scur), -parts["aff"]))
        comm, aff, settle = parts["comm"], parts["aff"], parts["goods"]
        if o.tax_jurisdiction and authority:
            tax_refunds.append((r.refund_id, o, cum - amount, cum, r.refunded_at or now))
        at = r.refunded_at or now
        postings.append(
            Posting(
                key=f"refund:{r.refund_id}",
                kind="refund",
                reference=r.refund_id,
                occurred_at=at,
                lines=lines,
                fx_rate=Decimal(str(o.fx_rate)) if cur != scur else None,
                details={"order": o.order_id},
            )
        )
        refund_rows.append(
            [
                r.refund_id,
                o.order_id,
                mid,
                cur,
                amount,
                scur,
                settle,
                comm,
                aff,
                debit,
                from_pending,
                from_reserved,
                from_available,
                0,
                at,
            ]
        )
    posted = ledger.post_many(session, postings)
    for row in refund_rows:
        row[13] = posted.ids[f"refund:{row[0]}"]
        out.transactions[row[0]] = row[13]
    ledger.bulk_insert(session, "settlement_refunds", REFUND_COLUMNS, [tuple(r) for r in refund_rows])
    _refund_tax_lines(session, tax_refunds, posted)
    ledger.update_rows(
        session,
        "settlement_orders",
        "order_id",
        (
            "refunded_minor",
            "refunded_settle_minor",
            "commission_refunded_minor",
            "affiliate_clawed_minor",
            "shipping_refunded_settle_minor",
            "duties_refunded_minor",
            "taxes_refunded_minor",
            "pending_minor",
            "reserve_minor",
        ),
        [
            (
                oid,
                st["refunded"],
                st["settle"],
                st["comm"],
                st["aff"],
                st["ship"],
                st["duties"],
                st["taxes"],
                st["pending"],
                st["reserve"] if not orders[oid].reserve_released else orders[oid].reserve_minor,
            )
            for oid, st in state.items()
        ],
    )
    out.new += len(refund_rows)
    out.entries += posted.entries
    return out


def _refund_parts(o: Any, st: dict[str, Any], amount: int, cum: int) -> dict[str, int]:
    """What this refund gives back of each part of the order: each part's share of the refunded total so
    far less what earlier refunds gave back (so the last refund takes the remainder and a full refund undoes
    the sale exactly). Goods and shipping in the settlement currency; duties and taxes in the order's."""
    full = cum == o.gross_minor

    def upto(total: int) -> int:
        return total if full else ratio_of(total, cum, o.gross_minor)

    duties = upto(o.duties_minor) - st["duties"]
    taxes = upto(o.taxes_minor) - st["taxes"]
    goods = upto(o.gross_settle_minor) - st["settle"]
    if o.currency == o.settlement_currency:  # the cash side is exact: shipping takes the rounding
        ship = amount - duties - taxes - goods
    else:
        ship = upto(o.shipping_settle_minor) - st["ship"]
    return {
        "goods": goods,
        "ship": ship,
        "duties": duties,
        "taxes": taxes,
        "comm": upto(o.commission_minor) - st["comm"],
        "aff": upto(o.affiliate_minor) - st["aff"],
    }


def _refund_tax_lines(
    session: Session, refunds: list[tuple[str, Any, int, int, datetime]], posted: Any
) -> None:
    """Negative tax lines for the duties and taxes refunds gave back: each sale line's share of the refunded
    total after the refund less its share before it (so a full refund gives back each line exactly)."""

    def upto(value: int, refunded: int, gross: int) -> int:
        return value if refunded == gross else ratio_of(value, refunded, gross)

    rows: list[dict[str, Any]] = []
    for refund_id, o, before, after, at in refunds:
        sale_lines = session.exec(
            select(TaxLine).where(col(TaxLine.order_id) == o.order_id, col(TaxLine.refund_id).is_(None))
        ).all()
        for line in sale_lines:
            rows.append(
                {
                    "id": new_id("txl"),
                    "order_id": o.order_id,
                    "refund_id": refund_id,
                    "jurisdiction": line.jurisdiction,
                    "scheme": line.scheme,
                    "kind": line.kind,
                    "rate": line.rate,
                    "currency": line.currency,
                    "taxable_minor": upto(line.taxable_minor, before, o.gross_minor)
                    - upto(line.taxable_minor, after, o.gross_minor),
                    "amount_minor": upto(line.amount_minor, before, o.gross_minor)
                    - upto(line.amount_minor, after, o.gross_minor),
                    "occurred_at": at,
                    "txn_id": posted.ids[f"refund:{refund_id}"],
                }
            )
    insert_tax_lines(session, rows)


def record_refund(
    session: Session,
    *,
    refund_id: str,
    order_id: str,
    amount: Money,
    refunded_at: datetime | None = None,
) -> LedgerTransaction:
    """Record a refund (see the module docstring). Returns its ledger transaction (the original on a
    replay)."""
    recorded = record_refunds(
        session,
        refunds=[RefundInput(refund_id=refund_id, order_id=order_id, amount=amount, refunded_at=refunded_at)],
    )
    txn = session.get(LedgerTransaction, recorded.transactions[refund_id])
    assert txn is not None
    return txn

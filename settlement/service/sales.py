"""Sales: a paid order recorded in the ledger, one posting each, in bulk (`record_sales`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from core.bulk import collections_paused
from core.clock import utc_now
from core.errors import InvalidInput
from core.ids import new_id
from core.models import Merchant
from core.money import Money
from payments.errors import FxQuoteNotFound
from payments.fx_quotes import get_fx_quote
from settlement import ledger
from settlement.checkout import (
    Checkout,
    authority_account,
    insert_tax_lines,
    tax_line_rows,
)
from settlement.errors import IdempotencyMismatch
from settlement.ledger import Posting, affiliate_account, merchant_account, platform_account
from settlement.models import (
    AccountKind,
    LedgerTransaction,
    OrderStatus,
)
from settlement.policy import (
    CategoryPolicy,
    FixedAmounts,
    PolicyVersion,
    Split,
    category_policy,
    convert_minor,
    reserve_bps,
    split_by,
)
from settlement.reserves import ReturnFlag, return_flags, sale_details
from settlement.service.common import (
    FULFILLMENT_MODELS,
    Policies,
    Recorded,
    check_amount,
    check_id,
    field_name,
)


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


_ONE = Decimal(1)


def _rate_for(session: Session, s: SaleInput, settle: str, quotes: dict[str, Any]) -> Decimal:
    if s.amount.currency == settle:
        if s.fx_rate is not None and s.fx_rate != 1:
            raise InvalidInput.for_field(
                field_name("sales", None, "fx_rate"), "must be 1 for a same-currency sale"
            )
        return _ONE
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


_Minors = tuple[int, int, int, int, int]
"""A sale's payment and its parts in the payment currency's minor units (converted once): paid, goods,
shipping, duties, taxes."""


def _checked(sales: Sequence[SaleInput]) -> dict[str, tuple[SaleInput, _Minors]]:
    """The sales by order id (the first of a repeated id), checked, with their amounts in minor units."""
    many = len(sales) > 1
    seen: dict[str, tuple[SaleInput, _Minors]] = {}
    for i, s in enumerate(sales):
        oid = s.order_id
        if type(oid) is not str or not 1 <= len(oid) <= 100 or not oid.isprintable():
            check_id(oid, field_name("sales", i if many else None, "order_id"))  # names it: raises
        paid = check_amount(s.amount, "amount")
        if s.fulfillment not in FULFILLMENT_MODELS:
            raise InvalidInput.for_field("fulfillment", f"must be one of {', '.join(FULFILLMENT_MODELS)}")
        if not 1 <= s.items <= 10_000:
            raise InvalidInput.for_field("items", "must be from 1 to 10000")
        if s.affiliate_bps is not None and (s.affiliate_id is None or not 0 <= s.affiliate_bps <= 10_000):
            raise InvalidInput.for_field("affiliate_bps", "needs an affiliate_id and must be 0 to 10000")
        if s.affiliate_id is not None:
            check_id(s.affiliate_id, "affiliate_id")
        if s.paid_at is not None and s.paid_at.tzinfo is None:
            raise InvalidInput.for_field("paid_at", "must be timezone-aware")
        c = s.checkout
        minors = (paid, paid, 0, 0, 0) if c is None else (paid, *c.check(s.amount))
        if oid not in seen:
            seen[oid] = (s, minors)
    return seen


def _replays(session: Session, seen: dict[str, tuple[SaleInput, _Minors]], out: Recorded) -> None:
    """Take the orders already recorded out of `seen` (their original transactions into `out`); a replay
    with another merchant or amount is a 409."""
    for oid, mid, cur, gross, txn in ledger.keyed_rows(
        session,
        "settlement_orders",
        "order_id",
        ("order_id", "merchant_id", "currency", "gross_minor", "sale_txn_id"),
        list(seen),
    ):
        s, minors = seen.pop(oid)
        if (s.merchant_id, s.amount.currency, minors[0]) != (mid, cur, int(gross)):
            raise IdempotencyMismatch(f"order {oid} was recorded with another merchant or amount")
        out.transactions[oid] = int(txn)
        out.replayed += 1


def _settlement_currencies(session: Session, merchant_ids: set[str]) -> dict[str, str]:
    wanted = sorted(merchant_ids)
    rows = ledger.keyed_rows(session, Merchant.__tablename__, "id", ("id", "settlement_currency"), wanted)
    merchants: dict[str, str] = dict(rows)  # type: ignore[arg-type]
    unknown = [m for m in wanted if m not in merchants]
    if unknown:
        raise InvalidInput.for_field("merchant_id", f"no merchant {unknown[0]}")
    return merchants


@collections_paused
def record_sales(session: Session, *, sales: Sequence[SaleInput]) -> Recorded:
    """Record many paid orders (see the module docstring); replays are found and not written again."""
    out = Recorded()
    if not sales:
        return out
    seen = _checked(sales)
    _replays(session, seen, out)
    if not seen:
        return out
    merchants = _settlement_currencies(session, {s.merchant_id for s, _ in seen.values()})
    policies = Policies(session)
    fixed = FixedAmounts(session)
    quotes: dict[str, Any] = {}
    now = utc_now()
    # the merchants' categories whose return rate is flagged now: one query for the batch
    flags = return_flags(session, merchants=merchants, body=policies.on(now).body, now=now)
    postings: list[Posting] = []
    rows: list[list[Any]] = []
    # a batch pools the platform's revenue and FX legs (docs/adr/0013); one sale keeps them
    pool = ledger.RevenuePool("sale_revenue") if len(seen) > 1 else None
    terms: dict[tuple[str, str, str, date], _Terms] = {}
    no_flags: dict[str, ReturnFlag] = {}
    for s, minors in seen.values():
        settle = merchants[s.merchant_id]
        paid_at = s.paid_at or now
        rate = _rate_for(session, s, settle, quotes)
        pv = policies.on(paid_at)
        flagged = flags.get(s.merchant_id, no_flags)
        posting, row = _sale(s, minors, settle, paid_at, rate, pv, fixed, terms, flagged, pool)
        postings.append(posting)
        rows.append(row)
    # a sale's transaction is written with its settlement_orders row, and `_replays` found none of these
    posted = ledger.post_many(
        session, postings + (pool.postings(new_id("pool")) if pool else []), unseen=True
    )
    tax_rows: list[tuple[Any, ...]] = []
    for posting, row in zip(postings, rows, strict=True):
        row[19] = txn_id = posted.ids[posting.key]
        out.transactions[row[0]] = txn_id
        checkout = seen[row[0]][0].checkout
        if checkout is not None and checkout.jurisdiction:
            tax_rows += tax_line_rows(checkout, order_id=row[0], occurred_at=row[18], txn_id=txn_id)
    ledger.bulk_insert(session, "settlement_orders", ORDER_COLUMNS, rows)
    insert_tax_lines(session, tax_rows)
    out.new += len(rows)
    out.entries += posted.entries
    return out


@dataclass(frozen=True, slots=True)
class _Terms:
    """What a policy version says of a sale's category in a settlement currency on a day (a batch resolves
    it once per policy, category, currency and day)."""

    category: str
    """The category recorded: the sale's, or the policy's default for one the policy does not list."""
    policy: CategoryPolicy
    min_commission: int
    processing_fixed: int
    reserve_bps: tuple[int, int]
    """The reserve on a sale of the category, unflagged and flagged (`settlement.policy.reserve_bps`)."""


def _terms(
    memo: dict[tuple[str, str, str, date], _Terms],
    pv: PolicyVersion,
    category: str,
    settle: str,
    day: date,
    fixed: FixedAmounts,
) -> _Terms:
    body = pv.body
    policy = category_policy(body, category)
    t = _Terms(
        category if category in body.categories else body.default_category,
        policy,
        fixed.minor(body.min_commission, settle, day),
        fixed.minor(body.processing_fee_fixed, settle, day),
        (reserve_bps(body, policy), reserve_bps(body, policy, return_rate_flagged=True)),
    )
    memo[(pv.id, category, settle, day)] = t
    return t


_CASH, _PENDING = AccountKind.cash, AccountKind.pending
_FX, _COMMISSION, _PROCESSING = (
    AccountKind.fx.value,
    AccountKind.commission.value,
    AccountKind.processing_fees.value,
)
_FULFILLMENT, _SHIPPING = AccountKind.fulfillment_fees.value, AccountKind.shipping.value
_PAID = OrderStatus.paid.value


def _sale(
    s: SaleInput,
    m: _Minors,
    settle: str,
    paid_at: datetime,
    rate: Decimal,
    pv: PolicyVersion,
    fixed: FixedAmounts,
    memo: dict[tuple[str, str, str, date], _Terms],
    flagged: Mapping[str, ReturnFlag],
    pool: ledger.RevenuePool | None = None,
) -> tuple[Posting, list[Any]]:
    """One sale's ledger posting and settlement_orders row (see `settlement.checkout` for the split).
    `memo`: the batch's `_Terms` so far; `flagged`: the merchant's categories whose return rate raises the
    reserve (`settlement.reserves`); `pool`: where the platform's revenue and FX legs go in a batch (on the
    posting itself without one)."""
    body, cur = pv.body, s.amount.currency
    paid, goods_c, _, duties, taxes = m
    moved = convert_minor(paid - duties - taxes, rate, cur, settle)  # goods and shipping, settled
    goods = min(convert_minor(goods_c, rate, cur, settle), moved)
    shipping = moved - goods
    if goods <= 0:
        raise InvalidInput.for_field("amount.amount", f"its goods convert to nothing in {settle}")
    aff_bps = 0 if s.affiliate_id is None else _affiliate_bps(s, body)
    checkout = s.checkout
    fulfillment = 0
    if checkout is None and (s.fulfillment == "fully_managed" or s.shipping_fee is not None):
        fulfillment = _sale_time_fulfilment(s, settle, rate, body, fixed)
    elif s.shipping_fee is not None:
        raise InvalidInput.for_field("shipping_fee", "a checkout's shipping is in `checkout.shipping`")
    day = paid_at.date()
    terms = memo.get((pv.id, s.category, settle, day)) or _terms(memo, pv, s.category, settle, day, fixed)
    category = terms.category
    flag = flagged.get(category)
    split = split_by(
        gross=goods + shipping if body.commission_base == "goods_and_shipping" else goods,
        credited=goods,
        commission_bps=terms.policy.commission_bps,
        affiliate_bps=aff_bps,
        processing_bps=body.processing_fee_bps,
        min_commission=terms.min_commission,
        processing_fixed=terms.processing_fixed,
        fulfillment=fulfillment,
        reserve_bps=terms.reserve_bps[flag is not None],
    )
    jurisdiction = checkout.jurisdiction if checkout is not None else None
    lines = _sale_lines(s, m, settle, split, jurisdiction)
    revenue = [
        (_COMMISSION, settle, split.commission),
        (_PROCESSING, settle, split.processing),
        (_FULFILLMENT, settle, split.fulfillment),
        (_SHIPPING, settle, shipping),
    ]
    if cur != settle:
        revenue += [(_FX, cur, paid - duties - taxes), (_FX, settle, -moved)]
    lines += ledger.platform_lines(revenue) if pool is None else pool.clear(paid_at, revenue)
    posting = Posting(
        f"sale:{s.order_id}",
        "sale",
        s.order_id,
        paid_at,
        lines,
        rate if cur != settle else None,
        s.fx_quote_id,
        sale_details(flag, split.reserve_bps) if flag is not None else None,
    )
    # in ORDER_COLUMNS' order; the sale's transaction id (index 19) is set once posted
    row = [
        s.order_id, s.merchant_id, category, _PAID, cur, paid, settle, rate, s.fx_quote_id,
        goods, split.commission, s.affiliate_id, split.affiliate, split.processing, split.fulfillment,
        split.net, split.reserve, pv.id, paid_at, 0, split.net, 0, 0, 0, 0, 0, 0,
        shipping, duties, taxes, jurisdiction,
        checkout.scheme if checkout is not None and jurisdiction else None, 0, 0, 0, split.fulfillment,
    ]  # fmt: skip
    return posting, row


def _sale_lines(
    s: SaleInput, m: _Minors, settle: str, split: Split, jurisdiction: str | None
) -> list[tuple[ledger.AccountKey, int]]:
    """A sale's lines but the platform's revenue and FX legs: the shopper's payment, the authority's
    duties and taxes, the merchant's net and the affiliate's commission."""
    cur = s.amount.currency
    lines: list[tuple[ledger.AccountKey, int]] = [(platform_account(_CASH, cur), -m[0])]
    if jurisdiction:
        lines.append((authority_account(jurisdiction, AccountKind.duties_payable, cur), m[3]))
        lines.append((authority_account(jurisdiction, AccountKind.taxes_payable, cur), m[4]))
    lines.append((merchant_account(s.merchant_id, _PENDING, settle), split.net))
    if s.affiliate_id is not None:
        lines.append((affiliate_account(s.affiliate_id, settle), split.affiliate))
    return lines


def _affiliate_bps(s: SaleInput, body: Any) -> int:
    """The sale's affiliate rate: the creator's targeted rate if given, else the open plan's (0: none)."""
    if s.affiliate_id is None:
        return 0
    bps = s.affiliate_bps if s.affiliate_bps is not None else body.affiliate_open_plan_bps
    if bps > body.affiliate_max_bps:
        raise InvalidInput.for_field("affiliate_bps", f"must be at most {body.affiliate_max_bps}")
    return int(bps)


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

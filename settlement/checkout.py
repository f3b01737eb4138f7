"""The split of a checkout: what the shopper paid for goods, shipping, duties and import taxes, and whose each
part is.

A fully-managed order's payment is not all the merchant's:

- **goods** are the merchant's sale: commission, the affiliate's commission and processing fees come off it
  (computed on the goods, or on goods and shipping when the policy's `commission_base` says so), and the
  rest is credited to the merchant's pending balance;
- **shipping** is the platform's revenue (the platform ships; the carrier's invoice is its expense);
- **duties** (customs fees included) and **import taxes** (VAT, GST) collected at checkout are owed to the
  authority of the jurisdiction, in the currency they were collected in, until remitted
  (`settlement.taxes`). What a shopper pays at the door never reaches the ledger.

Fulfilment fees (pick and pack per unit by weight tier, a per-order fee, return processing) come from the
policy in force and are charged when the order ships and when a return is received (`charge_fulfilment`),
not at the sale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.errors import InvalidInput
from core.ids import new_id
from core.money import Money
from settlement import ledger
from settlement.ledger import AccountKey, Posting, merchant_account, platform_account
from settlement.models import AccountKind, OrderStatus, OwnerType, SettlementOrder, TaxLine
from settlement.policy import FixedAmounts, PolicyBody, fulfilment_fee, policy_on, ratio_of

TAX_KINDS = ("duty", "vat")


@dataclass(frozen=True, slots=True)
class TaxPart:
    """One duty or tax amount collected at checkout, with what a return declares of it."""

    kind: str
    """`duty` (customs fees included) or `vat` (VAT and GST)."""
    amount: Money
    taxable: Money
    rate: Decimal | None = None
    """In percent (19 for 19%), when one rate applies."""


@dataclass(frozen=True, slots=True)
class Checkout:
    """What a payment paid for, in the payment's currency: goods + shipping + duties + taxes = the amount."""

    goods: Money
    shipping: Money
    duties: Money
    taxes: Money
    jurisdiction: str | None = None
    """Where the duties and taxes are owed (the country of consumption), when any were collected."""
    scheme: str = "import"
    """How they are declared: IOSS, UK VAT, AU GST, import (paid at clearance) ..."""
    parts: tuple[TaxPart, ...] = field(default_factory=tuple)

    @classmethod
    def goods_only(cls, amount: Money) -> Checkout:
        zero = Money.zero(amount.currency)
        return cls(goods=amount, shipping=zero, duties=zero, taxes=zero)

    def check(self, amount: Money) -> tuple[int, int, int, int]:
        """The parts must be non-negative, in the payment's currency, and add up to it (`amount`, exact).
        Returns them in minor units: goods, shipping, duties, taxes."""
        currency, exponent = amount.currency, amount.exponent
        goods = _part_minor(self.goods, "goods", currency, exponent)
        shipping = _part_minor(self.shipping, "shipping", currency, exponent)
        duties = _part_minor(self.duties, "duties", currency, exponent)
        taxes = _part_minor(self.taxes, "taxes", currency, exponent)
        total = goods + shipping + duties + taxes
        if total != amount.to_minor():
            added = Money.from_minor(total, currency)
            raise InvalidInput.for_field("checkout", f"goods, shipping, duties and taxes add up to {added}")
        if (duties or taxes) and not self.jurisdiction:
            raise InvalidInput.for_field("checkout.jurisdiction", "duties or taxes need their jurisdiction")
        if self.parts:
            for kind, want in (("duty", self.duties), ("vat", self.taxes)):
                parts = [p.amount for p in self.parts if p.kind == kind]
                if parts and sum(parts, Money.zero(amount.currency)) != want:
                    raise InvalidInput.for_field(
                        "checkout.parts", f"the {kind} parts do not add up to {want}"
                    )
        return goods, shipping, duties, taxes


def _part_minor(part: Money, name: str, currency: str, exponent: int) -> int:
    """A checkout part in minor units: a non-negative amount in the payment's currency, exact."""
    scaled = part.amount.scaleb(exponent)
    minor = int(scaled)  # truncated: equal to `scaled` exactly when it is whole
    if part.currency != currency or minor != scaled or minor < 0:
        raise InvalidInput.for_field(f"checkout.{name}", f"must be a non-negative amount in {currency}")
    return minor


def authority_account(jurisdiction: str, kind: AccountKind, currency: str) -> AccountKey:
    return (OwnerType.authority.value, jurisdiction, kind.value, currency)


def authority_lines(checkout: Checkout, sign: int = 1) -> list[tuple[AccountKey, int]]:
    """The authority's side of a checkout (credited at the sale; `sign=-1`: debited by a refund)."""
    if not checkout.jurisdiction:
        return []
    cur = checkout.duties.currency
    return [
        (
            authority_account(checkout.jurisdiction, AccountKind.duties_payable, cur),
            sign * checkout.duties.to_minor(),
        ),
        (
            authority_account(checkout.jurisdiction, AccountKind.taxes_payable, cur),
            sign * checkout.taxes.to_minor(),
        ),
    ]


def tax_line_rows(
    checkout: Checkout,
    *,
    order_id: str,
    occurred_at: datetime,
    txn_id: int,
) -> list[tuple[Any, ...]]:
    """`tax_lines` rows for a sale in `TAX_LINE_COLUMNS` order less the id (`insert_tax_lines` adds it; a
    refund's are written by `settlement.service.refunds`)."""
    if not checkout.jurisdiction:
        return []
    currency = checkout.duties.currency
    if checkout.parts:
        parts = [(p.kind, p.rate, p.taxable.to_minor(), p.amount.to_minor()) for p in checkout.parts]
    else:  # one duty on the goods, one VAT on goods, shipping and duty (in minor units: one per order line)
        goods, shipping, duties = (m.to_minor() for m in (checkout.goods, checkout.shipping, checkout.duties))
        parts = [
            ("duty", None, goods, duties),
            ("vat", None, goods + shipping + duties, checkout.taxes.to_minor()),
        ]
    return [
        (
            order_id,
            None,
            checkout.jurisdiction,
            checkout.scheme,
            kind,
            rate,
            currency,
            taxable,
            amount,
            occurred_at,
            txn_id,
        )
        for kind, rate, taxable, amount in parts
        if amount
    ]


TAX_LINE_COLUMNS = (
    "id",
    "order_id",
    "refund_id",
    "jurisdiction",
    "scheme",
    "kind",
    "rate",
    "currency",
    "taxable_minor",
    "amount_minor",
    "occurred_at",
    "txn_id",
)


def insert_tax_lines(session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
    """Tax lines from plain rows in `TAX_LINE_COLUMNS` order less the id, which they are given here (in a
    block, `tax_line_ids`): one statement on PostgreSQL (COPY for a batch's thousands); Core's executemany
    on SQLite (which binds the rates as its Numeric type does)."""
    if not rows:
        return
    full = [(id_, *r) for id_, r in zip(tax_line_ids(len(rows)), rows, strict=True)]
    if ledger.dialect(session) == "postgresql":
        ledger.bulk_insert(session, "tax_lines", TAX_LINE_COLUMNS, full)
    else:
        ledger.insert_rows(session, TaxLine, [dict(zip(TAX_LINE_COLUMNS, r, strict=True)) for r in full])


_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def tax_line_ids(n: int) -> list[str]:
    """`n` new tax line ids (`txl_` and a lowercase ULID), in creation order: one fresh ULID per 32,768 ids,
    its last three characters (15 of its 80 random bits) counting up: a `new_id` per line took a sizeable
    part of recording a batch of refunds."""
    out: list[str] = []
    c = _CROCKFORD
    while len(out) < n:
        head = new_id("txl")[:-3]
        out += [head + c[i >> 10] + c[(i >> 5) & 31] + c[i & 31] for i in range(min(n - len(out), 32_768))]
    return out


# --- fulfilment fees ----------------------------------------------------------------------------------------


def charge_shipment(
    session: Session, *, order_id: str, shipment_id: str, unit_weights_g: list[int], first: bool, at: datetime
) -> int | None:
    """The fully-managed fee for a shipment that left the warehouse: pick and pack per unit by weight tier
    (and, for the order's first shipment, the per-order fee), from the policy in force, charged once."""

    def fee(body: PolicyBody, fixed: FixedAmounts, currency: str) -> int:
        charge = fulfilment_fee(body, fixed, unit_weights_g=unit_weights_g, currency=currency, on=at.date())
        if not first:
            charge -= fixed.minor(body.fulfilment_per_order, currency, at.date()) if unit_weights_g else 0
        return charge

    return charge_fulfilment(
        session, order_id=order_id, key=f"fee:{shipment_id}", fee=fee, occurred_at=at, reason="shipped"
    )


def charge_return(session: Session, *, order_id: str, return_id: str, at: datetime) -> int | None:
    """The fully-managed fee for processing a return received at a returns centre, charged once."""

    def fee(body: PolicyBody, fixed: FixedAmounts, currency: str) -> int:
        return fixed.minor(body.return_processing, currency, at.date())

    return charge_fulfilment(
        session, order_id=order_id, key=f"fee:{return_id}", fee=fee, occurred_at=at, reason="return received"
    )


def charge_fulfilment(
    session: Session,
    *,
    order_id: str,
    key: str,
    fee: Callable[[PolicyBody, FixedAmounts, str], int],
    occurred_at: datetime,
    reason: str,
) -> int | None:
    """Charge the merchant a fulfilment fee for the order (`fee` of the policy in force at `occurred_at`, in
    the merchant's settlement currency), once per `key`: from the merchant's pending balance while the
    order's money is there, else from its available balance, to the platform's fulfilment fees. Returns the
    ledger transaction id (the original on a replay); None when there is nothing to charge (a zero fee, an
    order recorded without settlement)."""
    existing = ledger.existing_transactions(session, [key])
    if key in existing:
        return existing[key]
    order = session.exec(
        select(SettlementOrder)
        .where(col(SettlementOrder.order_id) == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if order is None:
        return None
    cur = order.settlement_currency
    fee_minor = fee(policy_on(session, occurred_at).body, FixedAmounts(session), cur)
    if fee_minor <= 0:
        return None
    from_pending = order.status in (OrderStatus.paid.value, OrderStatus.delivered.value)
    source = AccountKind.pending if from_pending else AccountKind.available
    txn = ledger.post(
        session,
        Posting(
            key=key,
            kind="fulfilment_fee",
            reference=order_id,
            occurred_at=occurred_at,
            lines=[
                (merchant_account(order.merchant_id, source, cur), -fee_minor),
                (platform_account(AccountKind.fulfillment_fees, cur), fee_minor),
            ],
            details={"order": order_id, "reason": reason},
        ),
    )
    order.fulfillment_charged_minor += fee_minor
    order.fulfillment_minor += fee_minor
    order.net_minor -= fee_minor
    if from_pending:
        order.pending_minor -= fee_minor
    session.add(order)
    session.flush()
    assert txn.id is not None
    return txn.id


# --- an order's view ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettlementView:
    """Where an order's payment went, in the order's currency (the settlement currency's amounts converted
    back at the order's own rate: the goods' ratio). merchant_net = goods - commission - affiliate -
    fulfilment fees; goods + shipping + duties + import taxes + fx markup = paid."""

    goods: Money
    shipping: Money
    duties: Money
    import_taxes: Money
    fx_markup: Money
    commission: Money
    """The platform's commission and the payment processing fee (see `platform_commission`, `processing`)."""
    platform_commission: Money
    processing: Money
    affiliate_commission: Money
    fulfilment_fees: Money
    merchant_net: Money
    merchant_net_settled: Money
    """The merchant's net in its settlement currency: what its balance was credited."""
    collected_by: str
    tax_jurisdiction: str | None
    tax_scheme: str | None


def settlement_view(session: Session, *, order_id: str, goods_minor: int) -> SettlementView | None:
    """The view of an order recorded in settlement (None for one that is not); `goods_minor` is the order's
    goods in its own currency."""
    o = session.get(SettlementOrder, order_id)
    if o is None:
        return None
    cur, scur = o.currency, o.settlement_currency

    def back(settled: int) -> Money:  # settlement-currency minor units into the order's currency
        if cur == scur or o.gross_settle_minor == 0:
            return Money.from_minor(settled, cur)
        return Money.from_minor(ratio_of(settled, goods_minor, o.gross_settle_minor), cur)

    goods = Money.from_minor(goods_minor, cur)
    duties, taxes = Money.from_minor(o.duties_minor, cur), Money.from_minor(o.taxes_minor, cur)
    paid = Money.from_minor(o.gross_minor, cur)
    platform, processing = back(o.commission_minor), back(o.processing_minor)
    affiliate, fees = back(o.affiliate_minor), back(o.fulfillment_minor)
    commission = platform + processing
    return SettlementView(
        goods=goods,
        shipping=paid - goods - duties - taxes,
        duties=duties,
        import_taxes=taxes,
        fx_markup=Money.zero(cur),
        commission=commission,
        platform_commission=platform,
        processing=processing,
        affiliate_commission=affiliate,
        fulfilment_fees=fees,
        merchant_net=goods - commission - affiliate - fees,
        merchant_net_settled=Money.from_minor(o.net_minor, scur),
        collected_by="platform",
        tax_jurisdiction=o.tax_jurisdiction,
        tax_scheme=o.tax_scheme,
    )

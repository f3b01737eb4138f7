"""The money model's books: what every ledger account should hold, from the product's documented rules, in
plain Python integers and dictionaries. It imports no project code: the rules are written again here from
their descriptions (ADR 0008 the ledger, ADR 0011 the split of a checkout, ADR 0012 payees, the lifecycle in
`settlement/service/__init__.py`, the docstrings of the policy, affiliate plans, slot fees and tax modules),
so a project change that breaks one of them disagrees with this file.

Accounts are keyed like the ledger's: (owner_type, owner_id, kind, currency), so a new kind of payee or of
account is one more key, not a new structure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from tests.settlement.money_model.terms import (
    CheckoutParts,
    Key,
    Profile,
    add_business_days,
    bps,
    convert,
    fixed,
    minor,
    policy_at,
    rate,
    share,
)

# --- the books -------------------------------------------------------------------------------------------


def platform(kind: str, currency: str) -> Key:
    return ("platform", "platform", kind, currency)


def authority(jurisdiction: str, kind: str, currency: str) -> Key:
    return ("authority", jurisdiction, {"duty": "duties_payable", "vat": "taxes_payable"}[kind], currency)


def period_of(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


@dataclass(slots=True)
class Payee:
    """Whoever settlement pays: a merchant (its `profile`) or a creator; its accounts are its own
    (type, id, kind, currency), in one currency here: a creator is paid in the currency of the merchant
    whose sales it brings."""

    type: str  # merchant | creator
    id: str
    currency: str
    minimum: str
    held: bool = False
    """Compliance holds its payouts (an unverified creator: KYC before payouts)."""
    profile: Profile | None = None
    paid_on: date | None = None
    """The day of its last payout (one payout per account and day)."""

    def account(self, kind: str) -> Key:
        return (self.type, self.id, kind, self.currency)


@dataclass(frozen=True, slots=True)
class Plan:
    """An affiliate plan as published: never changed; later plans supersede earlier ones for their scopes."""

    merchant_id: str
    kind: str  # open | targeted
    creators: frozenset[str]
    rates: dict[tuple[str, str], int]
    """(scope, value) -> bps: ("sku", sku), ("category", category), ("all", "")."""
    effective_from: datetime
    effective_to: datetime | None
    published: int
    """Publication order (the later, the more it counts among plans of the same start)."""


@dataclass(frozen=True, slots=True)
class Line:
    sku: str
    category: str
    goods: int


@dataclass(slots=True)
class Order:
    id: str
    merchant: Payee
    checkout: CheckoutParts
    paid_at: datetime
    units: list[int]
    creator: Payee | None
    # the split, in the settlement currency
    goods: int
    shipping: int
    commission: int
    affiliate: int
    processing: int
    net: int
    reserve_planned: int
    # where its money is
    status: str = "paid"  # paid -> delivered -> available
    pending: int = 0
    reserve: int = 0
    reserve_released: bool = False
    available_on: date | None = None
    release_on: date | None = None
    shipped: int = 0
    shipments: int = 0
    refunded: int = 0
    given: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def settle(self) -> str:
        return self.merchant.currency

    @property
    def left(self) -> int:
        return self.checkout.paid - self.refunded


@dataclass(slots=True)
class Payout:
    payee: Payee
    amount: int
    status: str = "in_transit"  # in_transit -> paid | failed; paid -> failed (returned)


class Books:
    """Every account's movement since the example began, every order's state, the plans, the payouts and the
    taxes due per period, changed only by the documented rules below."""

    def __init__(self) -> None:
        self.accounts: dict[Key, int] = defaultdict(int)
        self.payees: dict[str, Payee] = {}
        self.plans: list[Plan] = []
        self.orders: dict[str, Order] = {}
        self.payouts: dict[str, Payout] = {}
        self.due: dict[tuple[str, str, str, str], int] = defaultdict(int)
        """(period, jurisdiction, kind, currency) -> collected - refunded - remitted, from the tax lines."""

    def move(self, lines: list[tuple[Key, int]]) -> None:
        """One balanced transaction (the model's own double entry is checked too)."""
        per_currency: dict[str, int] = defaultdict(int)
        for key, amount in lines:
            per_currency[key[3]] += amount
        assert not any(per_currency.values()), f"the model is unbalanced: {lines}"
        for key, amount in lines:
            self.accounts[key] += amount

    # --- affiliate plans -----------------------------------------------------------------------------

    def publish(self, plan: Plan) -> None:
        self.plans.append(plan)

    def rate(self, *, merchant_id: str, creator_id: str, lines: list[Line], at: datetime) -> int:
        """An order's rate, line by line: the merchant's targeted plans in force naming the creator (the
        product's rate, else the category's, else the rate for every sale), then its open plans (the same),
        then the policy's open plan rate; among plans of a scope the latest (start, then publication) wins.
        Several lines earn their goods-weighted rate (half-even), never more than the policy's maximum."""
        pol = policy_at(at)
        live = sorted(
            (
                p
                for p in self.plans
                if p.merchant_id == merchant_id
                and p.effective_from <= at
                and (p.effective_to is None or p.effective_to > at)
                and (p.kind == "open" or creator_id in p.creators)
            ),
            key=lambda p: (p.effective_from, p.published),
            reverse=True,
        )

        def line_rate(line: Line) -> int:
            for kind in ("targeted", "open"):
                for scope in (("sku", line.sku), ("category", line.category), ("all", "")):
                    for p in live:
                        if p.kind == kind and scope in p.rates:
                            return p.rates[scope]
            return int(pol["affiliate_open_plan_bps"])

        rated = [(line.goods, line_rate(line)) for line in lines]
        goods = sum(g for g, _ in rated)
        bps = round(Fraction(sum(g * r for g, r in rated), goods))
        return min(bps, pol["affiliate_max_bps"])

    # --- sale ----------------------------------------------------------------------------------------

    def sale(
        self,
        *,
        order_id: str,
        merchant_id: str,
        checkout: CheckoutParts,
        category: str,
        creator_id: str | None,
        creator_bps: int | None,
        units: list[int],
        at: datetime,
    ) -> Order:
        """Goods and shipping are converted at the order's rate (rounding on shipping); fees on the
        commission base (goods, or goods and shipping); the merchant's net is the remainder of the goods and
        waits in its pending balance, the creator's commission in the creator's; duties and taxes are the
        authority's in the currency collected."""
        m = self.payees[merchant_id]
        pol, cur, settle = policy_at(at), checkout.currency, m.currency
        r = rate(cur, settle)
        c = checkout
        moved = convert(c.paid - c.duties - c.taxes, r, cur, settle)
        goods = min(convert(c.goods, r, cur, settle), moved)
        shipping = moved - goods
        base = goods + (shipping if pol["commission_base"] == "goods_and_shipping" else 0)
        cat = pol["categories"].get(category) or pol["categories"][pol["default_category"]]
        commission = min(max(bps(base, cat["commission_bps"]), fixed(pol["min_commission"], settle)), base)
        if creator_id is None:
            aff_bps = 0
        else:
            aff_bps = creator_bps if creator_bps is not None else pol["affiliate_open_plan_bps"]
        aff = bps(base, aff_bps)
        processing = bps(base, pol["processing_fee_bps"]) + fixed(pol["processing_fee_fixed"], settle)
        net = goods - commission - aff - processing
        reserve_bps = min(cat["return_rate_bps"], pol["reserve_max_bps"])
        creator = self.payees[creator_id] if creator_id else None
        order = Order(
            order_id, m, checkout, at, list(units), creator, goods, shipping, commission, aff, processing,
            net, bps(net, reserve_bps) if net > 0 else 0, pending=net,
        )  # fmt: skip
        lines = [(platform("cash", cur), -c.paid)]
        if cur != settle:
            lines += [(platform("fx", cur), c.paid - c.duties - c.taxes), (platform("fx", settle), -moved)]
        if c.jurisdiction:
            lines += [
                (authority(c.jurisdiction, "duty", cur), c.duties),
                (authority(c.jurisdiction, "vat", cur), c.taxes),
            ]
        lines += [
            (m.account("pending"), net),
            (platform("commission", settle), commission),
            (platform("processing_fees", settle), processing),
            (platform("shipping", settle), shipping),
        ]
        if creator is not None:
            lines.append((creator.account("pending"), aff))
        self.move(lines)
        for kind, amount in checkout.declared():
            self.due[(period_of(at), str(c.jurisdiction), kind, cur)] += amount
        self.orders[order_id] = order
        return order

    # --- refund --------------------------------------------------------------------------------------

    def refund(self, order: Order, amount: int, at: datetime) -> None:
        """Every part given back in proportion to the payment refunded so far (the last refund takes the
        remainder); on a same-currency order shipping takes the rounding so the cash side is exact;
        processing and fulfilment fees are kept. The merchant's share comes from where the order's money
        is: its pending money, or once released its reserve, and the rest from available; the creator's
        from its pending balance, or its available one once the order's money was released."""
        assert 0 < amount <= order.left
        c, o = order.checkout, order
        cum = o.refunded + amount

        def upto(total: int) -> int:
            return total if cum == c.paid else share(total, cum, c.paid)

        totals = {
            "goods": o.goods,
            "ship": o.shipping,
            "duties": c.duties,
            "taxes": c.taxes,
            "comm": o.commission,
            "aff": o.affiliate,
        }
        d = {k: upto(v) - o.given[k] for k, v in totals.items()}
        if c.currency == o.settle:
            d["ship"] = amount - d["duties"] - d["taxes"] - d["goods"]
        debit = d["goods"] - d["comm"] - d["aff"]
        released = o.status == "available"
        from_pending = from_reserved = 0
        if not released:
            from_pending = debit if debit < 0 else min(debit, max(o.pending, 0))
        elif debit > 0 and not o.reserve_released:
            from_reserved = min(debit, max(o.reserve, 0))
        from_available = debit - from_pending - from_reserved
        cur, settle, m = c.currency, o.settle, o.merchant
        lines = [(platform("cash", cur), amount)]
        if cur != settle:
            lines += [
                (platform("fx", cur), -(amount - d["duties"] - d["taxes"])),
                (platform("fx", settle), d["goods"] + d["ship"]),
            ]
        if c.jurisdiction:
            lines += [
                (authority(c.jurisdiction, "duty", cur), -d["duties"]),
                (authority(c.jurisdiction, "vat", cur), -d["taxes"]),
            ]
        lines += [
            (m.account("pending"), -from_pending),
            (m.account("reserved"), -from_reserved),
            (m.account("available"), -from_available),
            (platform("commission", settle), -d["comm"]),
            (platform("shipping", settle), -d["ship"]),
        ]
        if o.creator is not None:
            lines.append((o.creator.account("available" if released else "pending"), -d["aff"]))
        self.move(lines)
        # the tax lines of a kind give back, together, what the ledger gave back of it
        if c.jurisdiction:
            for kind, part in (("duty", "duties"), ("vat", "taxes")):
                self.due[(period_of(at), c.jurisdiction, kind, cur)] -= d[part]
        for k, v in d.items():
            o.given[k] += v
        o.refunded = cum
        o.pending -= from_pending
        o.reserve -= from_reserved

    # --- fulfilment fees -----------------------------------------------------------------------------

    def charge(self, order: Order, fee: int) -> None:
        """A fee from the order's pending money while it is there, else from available."""
        if fee <= 0:
            return
        source = "pending" if order.status in ("paid", "delivered") else "available"
        self.move([(order.merchant.account(source), -fee), (platform("fulfillment_fees", order.settle), fee)])
        if source == "pending":
            order.pending -= fee

    def ship(self, order: Order, units: int, at: datetime) -> None:
        """Pick and pack per unit by weight tier, and the per-order fee for the order's first shipment."""
        pol, settle = policy_at(at), order.settle
        fee = fixed(pol["fulfilment_per_order"], settle) if order.shipments == 0 else 0
        for grams in order.units[order.shipped : order.shipped + units]:
            tier = next(t for t in pol["pick_pack_tiers"] if t["up_to_g"] is None or grams <= t["up_to_g"])
            fee += fixed(tier["per_unit"], settle)
        self.charge(order, fee)
        order.shipped += units
        order.shipments += 1

    def receive_return(self, order: Order, at: datetime) -> None:
        self.charge(order, fixed(policy_at(at)["return_processing"], order.settle))

    # --- delivery and releases -----------------------------------------------------------------------

    def deliver(self, order: Order, delivered_at: datetime, today: date) -> None:
        """Available after the merchant's hold (business days in its country) plus compliance's days; the
        reserve until the return window ends. Released at once if that day has come. A second delivery
        changes nothing. The hold is the payout settings' (1 unless the merchant chose one: settings always
        carry a hold, so the policy's `hold_business_days` is only the floor a lowered hold needs approval
        under, and the hold of a merchant without settings)."""
        if order.status != "paid":
            return
        pol, p = policy_at(delivered_at), order.merchant.profile
        assert p is not None
        hold = p.hold_days if p.hold_days is not None else 1
        day = delivered_at.date()
        order.available_on = add_business_days(day, hold, p.country) + timedelta(days=p.extra_days)
        order.release_on = max(day + timedelta(days=pol["return_window_days"]), order.available_on)
        order.status = "delivered"
        if order.available_on <= today:
            self._release(order)
            if order.release_on <= today:
                self._release_reserve(order)

    def release_due(self, today: date) -> None:
        for o in self.orders.values():
            if o.status == "delivered" and o.available_on is not None and o.available_on <= today:
                self._release(o)
        for o in self.orders.values():
            if o.status == "available" and not o.reserve_released and o.release_on and o.release_on <= today:
                self._release_reserve(o)

    def _release(self, o: Order) -> None:
        """Pending -> available, less the reserve (never more than is left) -> reserved; the creator's
        commission (what refunds left of it) from its pending to its available balance."""
        reserve = 0 if o.pending <= 0 else min(o.reserve_planned, o.pending)
        m = o.merchant
        lines = [
            (m.account("pending"), -o.pending),
            (m.account("available"), o.pending - reserve),
            (m.account("reserved"), reserve),
        ]
        if o.creator is not None:
            left = o.affiliate - o.given["aff"]
            lines += [(o.creator.account("pending"), -left), (o.creator.account("available"), left)]
        self.move(lines)
        o.pending, o.reserve, o.status = 0, reserve, "available"
        o.reserve_released = reserve == 0

    def _release_reserve(self, o: Order) -> None:
        m = o.merchant
        self.move([(m.account("reserved"), -o.reserve), (m.account("available"), o.reserve)])
        o.reserve_released = True

    # --- slot fees -----------------------------------------------------------------------------------

    def slot_fee_allowed(self, merchant_id: str, amount: int) -> bool:
        """Only money the merchant has available, never more."""
        return 0 < amount <= self.accounts[self.payees[merchant_id].account("available")]

    def slot_fee(self, merchant_id: str, creator_id: str, amount: int) -> None:
        """Merchant available -> creator available, paid in the next run."""
        assert self.slot_fee_allowed(merchant_id, amount)
        m, c = self.payees[merchant_id], self.payees[creator_id]
        self.move([(m.account("available"), -amount), (c.account("available"), amount)])

    # --- settlement runs and payouts -----------------------------------------------------------------

    def due_payouts(self, today: date) -> dict[str, int]:
        """A run pays each payee's available balance of at least its minimum (and more than nothing), once
        per account and day, unless compliance holds the payee."""
        out = {}
        for p in self.payees.values():
            balance = self.accounts[p.account("available")]
            if not p.held and balance >= max(minor(p.minimum, p.currency), 1) and p.paid_on != today:
                out[p.id] = balance
        return out

    def pay_out(self, payout_id: str, payee_id: str, amount: int, today: date) -> None:
        p = self.payees[payee_id]
        self.move([(p.account("available"), -amount), (p.account("in_transit"), amount)])
        p.paid_on = today
        self.payouts[payout_id] = Payout(p, amount)

    def confirm(self, payout_id: str) -> None:
        """In transit -> the money leaves the platform's cash. Again: nothing."""
        p = self.payouts[payout_id]
        assert p.status != "failed"
        if p.status == "paid":
            return
        self.move(
            [(p.payee.account("in_transit"), -p.amount), (platform("cash", p.payee.currency), p.amount)]
        )
        p.status = "paid"

    def fail(self, payout_id: str) -> None:
        """Failed (or returned once paid): the payout is undone exactly, so the amount is available again."""
        p = self.payouts[payout_id]
        if p.status == "failed":
            return
        payee = p.payee
        if p.status == "paid":
            self.move(
                [(payee.account("in_transit"), p.amount), (platform("cash", payee.currency), -p.amount)]
            )
        self.move([(payee.account("available"), p.amount), (payee.account("in_transit"), -p.amount)])
        p.status = "failed"

    # --- taxes ---------------------------------------------------------------------------------------

    def remit(self, period: str, jurisdiction: str, kind: str, currency: str, amount: int) -> None:
        """A payment to the authority: payable -> the platform's cash leaving."""
        self.due[(period, jurisdiction, kind, currency)] -= amount
        self.move([(authority(jurisdiction, kind, currency), -amount), (platform("cash", currency), amount)])

    def payable_by_lines(self) -> dict[Key, int]:
        """What the tax lines say each authority is owed, over every period."""
        out: dict[Key, int] = defaultdict(int)
        for (_, where, kind, cur), amount in self.due.items():
            out[authority(where, kind, cur)] += amount
        return out

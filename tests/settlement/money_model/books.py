"""The money model: what every ledger account should hold, from the product's documented rules, in plain
Python integers and dictionaries. It imports no project code: the rules are written again here from their
descriptions (ADR 0008 the ledger, ADR 0011 the split of a checkout, the lifecycle in
`settlement/service/__init__.py`, the policy's and the tax module's docstrings), so a project change that
breaks one of them disagrees with this file.

Rounding: every share is rounded half to even (Python rounds a `Fraction` that way); fixed amounts are exact
in the currency's ISO 4217 minor unit (JPY 0, EUR/USD/GBP/AUD 2, KWD 3). Business days come from the
`holidays` package (the same public calendar data the product uses, not its code).

Accounts are keyed like the ledger's: (owner_type, owner_id, kind, currency), so a new kind of payee (a
creator) or of account is one more key, not a new structure.
"""

from __future__ import annotations

import copy
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import holidays

Key = tuple[str, str, str, str]
"""(owner_type, owner_id, kind, currency)."""

EXPONENT = {"EUR": 2, "USD": 2, "GBP": 2, "AUD": 2, "JPY": 0, "KWD": 3}
"""ISO 4217 minor units of the currencies the model uses."""

# --- rounding -------------------------------------------------------------------------------------------


def bps(amount: int, rate_bps: int) -> int:
    """amount * rate / 10,000, half to even."""
    return round(Fraction(amount * rate_bps, 10_000))


def share(total: int, num: int, den: int) -> int:
    """total * num / den, half to even."""
    return round(Fraction(total * num, den))


def minor(amount: str, currency: str) -> int:
    """A decimal string as minor units of the currency (it must be exact)."""
    value = Fraction(Decimal(amount)) * 10 ** EXPONENT[currency]
    assert value.denominator == 1, (amount, currency)
    return int(value)


def convert(amount: int, rate: Decimal | None, src: str, dst: str) -> int:
    """Minor units of `src` at `rate` (units of `dst` per unit of `src`) in minor units of `dst`."""
    if src == dst:
        return amount
    assert rate is not None
    return round(Fraction(amount) * Fraction(rate) * Fraction(10) ** (EXPONENT[dst] - EXPONENT[src]))


USD_VALUE = {"EUR": "1.08", "USD": "1", "GBP": "1.27", "AUD": "0.66", "JPY": "0.0067", "KWD": "3.25"}


def rate(src: str, dst: str) -> Decimal | None:
    """The locked rate of an order (None within one currency): units of `dst` per unit of `src`."""
    if src == dst:
        return None
    exact = Decimal(USD_VALUE[src]) / Decimal(USD_VALUE[dst])
    return exact.quantize(Decimal("1e-8"), rounding=ROUND_HALF_EVEN)


# --- the policy (given to the product as JSON; the model reads the same numbers) -------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""Every example starts here (a Monday)."""


def _per(eur: str, usd: str, jpy: str, kwd: str) -> dict[str, str]:
    return {"EUR": eur, "USD": usd, "JPY": jpy, "KWD": kwd}


POLICY_A: dict[str, Any] = {
    "categories": {
        "apparel": {"commission_bps": 800, "return_rate_bps": 2500},
        "electronics": {"commission_bps": 500, "return_rate_bps": 1000},
        "books": {"commission_bps": 1000, "return_rate_bps": 300},
        "general": {"commission_bps": 800, "return_rate_bps": 1000},
    },
    "default_category": "general",
    "min_commission": _per("0.30", "0.30", "40", "0.100"),
    "processing_fee_bps": 200,
    "processing_fee_fixed": _per("0.10", "0.10", "15", "0.030"),
    "pick_pack_tiers": [
        {"up_to_g": 500, "per_unit": _per("0.85", "0.90", "130", "0.280")},
        {"up_to_g": 2000, "per_unit": _per("1.30", "1.40", "200", "0.430")},
        {"up_to_g": None, "per_unit": _per("2.40", "2.60", "380", "0.800")},
    ],
    "fulfilment_per_order": _per("0.45", "0.50", "70", "0.150"),
    "return_processing": _per("1.85", "2.00", "300", "0.600"),
    "commission_base": "goods",
    "affiliate_open_plan_bps": 1000,
    "affiliate_max_bps": 8000,
    "reserve_max_bps": 3000,
    "return_window_days": 30,
    # a merchant's own return rate never flags a category here (settlement.reserves has its own tests)
    "return_rate_min_orders": 1_000_000,
    "hold_business_days": 1,
}
POLICY_B: dict[str, Any] = copy.deepcopy(POLICY_A)
POLICY_B["categories"]["apparel"] = {"commission_bps": 900, "return_rate_bps": 3500}  # capped at 3000
POLICY_B.update(
    commission_base="goods_and_shipping",
    affiliate_open_plan_bps=1200,
    processing_fee_bps=250,
    return_window_days=14,
    hold_business_days=2,
    return_processing=_per("2.05", "2.20", "330", "0.650"),
)
POLICIES: tuple[tuple[datetime, dict[str, Any]], ...] = ((T0, POLICY_A), (T0 + timedelta(days=45), POLICY_B))
"""Effective-dated versions: the one in force at an instant is the latest that started by then."""


def policy_at(at: datetime) -> dict[str, Any]:
    current = POLICIES[0][1]
    for start, body in POLICIES:
        if start <= at:
            current = body
    return current


def fixed(table: dict[str, str], currency: str) -> int:
    return minor(table[currency], currency)


# --- markets and merchants -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Market:
    jurisdiction: str
    currency: str
    vat_bps: int
    reduced_bps: int
    scheme: str | None
    """The point-of-sale scheme that makes the platform collect the VAT of a DAP order (None: none)."""
    threshold: int
    """Goods up to this (minor units) fall under the scheme."""


MARKETS = (
    Market("DE", "EUR", 1900, 700, "IOSS", 15_000),
    Market("FR", "EUR", 2000, 550, "IOSS", 15_000),
    Market("GB", "GBP", 2000, 500, "UK VAT", 13_500),
    Market("AU", "AUD", 1000, 0, "AU GST", 100_000),
    Market("US", "USD", 0, 0, None, 0),
    Market("JP", "JPY", 1000, 800, None, 0),
)


@dataclass(frozen=True, slots=True)
class Profile:
    currency: str
    country: str
    verification: str
    hold_days: int | None
    """The hold in business days the merchant chose in its payout settings (None: the settings' default)."""
    minimum: str
    extra_days: int
    """Compliance's payout hold (calendar days): a trader whose verification is pending waits a week."""


PROFILES = {
    "EUR": Profile("EUR", "DE", "verified", None, "1.00", 0),
    "USD": Profile("USD", "US", "verified", None, "20.00", 0),
    "JPY": Profile("JPY", "JP", "verified", 3, "100", 0),
    "KWD": Profile("KWD", "KW", "pending", None, "1.000", 7),
}


CREATORS = {"open": "verified", "targeted": "verified"}
"""Two creators per settlement currency (a creator is paid in the currency of the merchant it sells for):
one on the open plan, one its merchant's targeted plans name; the KWD one on the open plan is unverified, so
compliance holds its payouts."""
CREATOR_MINIMUM = {"EUR": "1.00", "USD": "1.00", "JPY": "100", "KWD": "0.500"}


def creator_verification(role: str, currency: str) -> str:
    return "unverified" if (role, currency) == ("open", "KWD") else CREATORS[role]


SCOPES = (("all", ""), ("category", "apparel"), ("category", "books"), ("sku", "SKU-A"), ("sku", "SKU-B"))


@functools.cache
def _days_off(country: str, year: int) -> tuple[frozenset[date], frozenset[int]]:
    h: Any = holidays.country_holidays(country, years=year)
    return frozenset(h), frozenset(getattr(h, "weekend", None) or {5, 6})


def add_business_days(start: date, days: int, country: str) -> date:
    """The business day `days` business days after `start` (the country's weekend and public holidays)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        off, weekend = _days_off(country, day.year)
        if day.weekday() not in weekend and day not in off:
            days -= 1
    return day


# --- a checkout's parts (built by the test, as a quote's option would) -----------------------------------


@dataclass(frozen=True, slots=True)
class TaxLine:
    kind: str  # duty | vat
    amount: int
    taxable: int
    rate_bps: int


@dataclass(frozen=True, slots=True)
class CheckoutParts:
    currency: str
    goods: int
    shipping: int
    duties: int
    taxes: int
    jurisdiction: str | None
    scheme: str
    lines: tuple[TaxLine, ...]
    """What a return declares, one line per item and kind; empty: the totals are declared (a duty line and
    a VAT line)."""

    @property
    def paid(self) -> int:
        return self.goods + self.shipping + self.duties + self.taxes

    def declared(self) -> list[tuple[str, int]]:
        """(kind, amount) of every tax line written at the sale (lines of nothing are not written)."""
        if not self.jurisdiction:
            return []
        lines = [(t.kind, t.amount) for t in self.lines] or [("duty", self.duties), ("vat", self.taxes)]
        return [(k, a) for k, a in lines if a]


def checkout_for(
    market: Market, *, ddp: bool, goods: int, shipping: int, duty_bps: int, two_items: bool
) -> CheckoutParts:
    """DDP: duty on each item's value and VAT on value + its duty (+ shipping on the first item). DAP: only
    the VAT a point-of-sale scheme makes the platform collect (goods up to its threshold); else nothing."""
    pos = not ddp and market.scheme is not None and goods <= market.threshold
    if not ddp and not pos:
        return CheckoutParts(market.currency, goods, shipping, 0, 0, None, "import", ())
    items = [goods // 3, goods - goods // 3] if two_items and goods >= 3 else [goods]
    rates = [market.vat_bps, market.reduced_bps][: len(items)]
    lines: list[TaxLine] = []
    for i, (value, vat_bps) in enumerate(zip(items, rates, strict=True)):
        duty = bps(value, duty_bps) if ddp else 0
        taxable = value + duty + (shipping if i == 0 else 0)
        lines += [
            TaxLine("duty", duty, value, duty_bps),
            TaxLine("vat", bps(taxable, vat_bps), taxable, vat_bps),
        ]
    duties = sum(t.amount for t in lines if t.kind == "duty")
    taxes = sum(t.amount for t in lines if t.kind == "vat")
    where = market.jurisdiction if duties or taxes else None
    scheme = "import" if ddp else str(market.scheme)
    return CheckoutParts(
        market.currency, goods, shipping, duties, taxes, where, scheme, tuple(lines) if two_items else ()
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

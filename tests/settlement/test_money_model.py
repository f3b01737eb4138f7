"""Stateful: random streams of checkouts (DDP and DAP, a EUR and a USD merchant, affiliates on the open and
targeted plans) and partial or full refunds, against a model written here with plain dictionaries and the
policy's published numbers. After every step every account — each merchant's, each creator's, each
authority's payable, the platform's revenue, cash and FX — equals the model to the minor unit.

The model's rules, from the product's description of a checkout's split (settlement/checkout.py):
goods are the merchant's less commission (apparel 8%, at least 0.30), the affiliate's rate (open plan 10%)
and processing (2% + 0.10), all on the goods; shipping is the platform's; duties and taxes collected at
checkout are the jurisdiction's, in the currency collected. A USD merchant is settled at 1.10 USD a EUR.
A refund gives back every part in proportion to the payment refunded so far (half-even), the last refund
the remainder; processing is not given back.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlmodel import Session

from core.db import unit_of_work
from core.money import Money
from settlement import ledger, service
from settlement.checkout import Checkout, authority_account
from settlement.models import AccountKind
from tests.settlement.conftest import make_merchant

RATE = {"EUR": Decimal(1), "USD": Decimal("1.10")}
COMMISSION_BPS, MIN_COMMISSION, OPEN_PLAN_BPS, PROCESSING_BPS, PROCESSING_FIXED = 800, 30, 1000, 200, 10


def half_even(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def share(amount: int, num: int, den: int) -> int:
    return half_even(Decimal(amount) * num / den)


class Order:
    def __init__(self, settle: str, paid: int, parts: dict[str, int], fees: dict[str, int]) -> None:
        self.settle, self.paid, self.parts, self.fees = settle, paid, parts, fees
        self.refunded = 0
        self.given: dict[str, int] = defaultdict(int)


class MoneyModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.accounts: dict[tuple[str, ...], int] = defaultdict(int)
        self.orders: dict[str, Order] = {}
        self.base: dict[tuple[str, ...], int] = {}
        self.n = 0
        self.run = uuid.uuid4().hex[:10]  # ids unique across the machines run on one database
        with unit_of_work() as s:
            self.merchants = {
                "EUR": make_merchant(s, currency="EUR", country="DE"),
                "USD": make_merchant(s, currency="USD", country="US"),
            }

    # --- the model ------------------------------------------------------------------------------------

    def merchant(self, settle: str) -> tuple[str, ...]:
        return ("merchant", self.merchants[settle], settle)

    @rule(
        settle=st.sampled_from(["EUR", "USD"]),
        goods=st.integers(min_value=100, max_value=300_000),
        shipping=st.integers(min_value=0, max_value=5_000),
        ddp=st.booleans(),
        duty_bps=st.sampled_from([0, 300, 1200]),
        vat_bps=st.sampled_from([1900, 2000, 2100]),
        creator=st.sampled_from([None, ("cr_open", None), ("cr_target", 1500)]),
        where=st.sampled_from(["DE", "FR", "NL"]),
    )
    def sell(
        self,
        settle: str,
        goods: int,
        shipping: int,
        ddp: bool,
        duty_bps: int,
        vat_bps: int,
        creator: tuple[str, int | None] | None,
        where: str,
    ) -> None:
        duties = share(goods, duty_bps, 10_000) if ddp else 0
        taxes = share(goods + shipping + duties, vat_bps, 10_000) if ddp else 0
        paid = goods + shipping + duties + taxes
        rate = RATE[settle]
        moved = half_even((paid - duties - taxes) * rate)
        goods_s = min(half_even(goods * rate), moved)
        ship_s = moved - goods_s
        commission = min(max(share(goods_s, COMMISSION_BPS, 10_000), MIN_COMMISSION), goods_s)
        aff_bps = 0 if creator is None else (creator[1] if creator[1] is not None else OPEN_PLAN_BPS)
        affiliate = share(goods_s, aff_bps, 10_000)
        processing = share(goods_s, PROCESSING_BPS, 10_000) + PROCESSING_FIXED
        net = goods_s - commission - affiliate - processing
        self.n += 1
        order_id = f"m{self.run}-{self.n}"
        e = lambda minor: Money.from_minor(minor, "EUR")  # noqa: E731
        checkout = Checkout(
            goods=e(goods),
            shipping=e(shipping),
            duties=e(duties),
            taxes=e(taxes),
            jurisdiction=where if ddp else None,
        )
        a: dict[tuple[str, ...], int] = defaultdict(int)
        a[self.merchant(settle)] += net
        a[("platform", "commission", settle)] += commission
        a[("platform", "processing_fees", settle)] += processing
        a[("platform", "shipping", settle)] += ship_s
        a[("platform", "cash", "EUR")] -= paid
        if settle != "EUR":
            a[("platform", "fx", "EUR")] += paid - duties - taxes
            a[("platform", "fx", settle)] -= moved
        if creator is not None:
            a[("affiliate", creator[0], settle)] += affiliate
        if ddp:
            a[("authority", where, "duties_payable", "EUR")] += duties
            a[("authority", where, "taxes_payable", "EUR")] += taxes
        self.baseline(a)
        with unit_of_work() as s:
            service.record_sale(
                s,
                order_id=order_id,
                merchant_id=self.merchants[settle],
                amount=e(paid),
                category="apparel",
                fx_rate=rate if settle != "EUR" else None,
                affiliate_id=creator[0] if creator else None,
                affiliate_bps=creator[1] if creator else None,
                checkout=checkout,
            )
        self.apply(a)
        parts = {"goods": goods_s, "ship": ship_s, "duties": duties, "taxes": taxes}
        fees = {"comm": commission, "aff": affiliate, "where": where if ddp else "", "creator": creator}  # type: ignore[dict-item]
        self.orders[order_id] = Order(settle, paid, parts, fees)

    @precondition(lambda self: any(o.refunded < o.paid for o in self.orders.values()))
    @rule(data=st.data(), whole=st.booleans())
    def refund(self, data: st.DataObject, whole: bool) -> None:
        open_orders = sorted(k for k, o in self.orders.items() if o.refunded < o.paid)
        order_id = data.draw(st.sampled_from(open_orders))
        o = self.orders[order_id]
        left = o.paid - o.refunded
        amount = left if whole else data.draw(st.integers(min_value=1, max_value=left))
        cum = o.refunded + amount

        def upto(total: int) -> int:
            return total if cum == o.paid else share(total, cum, o.paid)

        d = {k: upto(v) - o.given[k] for k, v in o.parts.items()}
        d["comm"] = upto(o.fees["comm"]) - o.given["comm"]
        d["aff"] = upto(o.fees["aff"]) - o.given["aff"]
        if o.settle == "EUR":
            d["ship"] = amount - d["duties"] - d["taxes"] - d["goods"]
        self.n += 1
        a: dict[tuple[str, ...], int] = defaultdict(int)
        settle = o.settle
        a[self.merchant(settle)] -= d["goods"] - d["comm"] - d["aff"]
        a[("platform", "commission", settle)] -= d["comm"]
        a[("platform", "shipping", settle)] -= d["ship"]
        a[("platform", "cash", "EUR")] += amount
        if settle != "EUR":
            a[("platform", "fx", "EUR")] -= amount - d["duties"] - d["taxes"]
            a[("platform", "fx", settle)] += d["goods"] + d["ship"]
        if o.fees["creator"] is not None:
            a[("affiliate", o.fees["creator"][0], settle)] -= d["aff"]  # type: ignore[index]
        if o.fees["where"]:
            a[("authority", o.fees["where"], "duties_payable", "EUR")] -= d["duties"]
            a[("authority", o.fees["where"], "taxes_payable", "EUR")] -= d["taxes"]
        self.baseline(a)
        with unit_of_work() as s:
            service.record_refund(
                s,
                refund_id=f"r{self.run}-{self.n}",
                order_id=order_id,
                amount=Money.from_minor(amount, "EUR"),
            )
        self.apply(a)
        for k, v in d.items():
            o.given[k] += v
        o.refunded = cum

    # --- the check ------------------------------------------------------------------------------------

    def baseline(self, changes: dict[tuple[str, ...], int]) -> None:
        """The ledger's balance of each account before this machine first moves it (platform and
        authority accounts are shared with earlier runs in the same database)."""
        for key in changes:
            if key not in self.base:
                with unit_of_work() as s:  # a write unit: an account seen first is created
                    self.base[key] = self.balance(s, key)

    def apply(self, changes: dict[tuple[str, ...], int]) -> None:
        for key, delta in changes.items():
            self.accounts[key] += delta

    def balance(self, s: Session, key: tuple[str, ...]) -> int:
        if key[0] == "merchant":
            kinds = (AccountKind.pending, AccountKind.available, AccountKind.reserved)
            keys = [ledger.merchant_account(key[1], kind, key[2]) for kind in kinds]
        else:
            keys = [self._ledger_key(key)]
        ids = ledger.account_ids(s, keys)
        return sum(ledger.balance_from_entries(s, ids[k]) for k in keys)

    def _ledger_key(self, key: tuple[str, ...]) -> ledger.AccountKey:
        if key[0] == "authority":
            return authority_account(key[1], AccountKind(key[2]), key[3])
        if key[0] == "platform":
            return ledger.platform_account(AccountKind(key[1]), key[2])
        if key[0] == "affiliate":
            return ledger.affiliate_account(key[1], key[2])
        raise AssertionError(key)

    @invariant()
    def every_account_equals_the_model(self) -> None:
        with unit_of_work() as s:
            for key, want in self.accounts.items():
                got = self.balance(s, key) - self.base[key]
                assert got == want, f"{key}: ledger moved {got}, the model {want}"
            assert ledger.unbalanced_transactions(s) == []


def test_money_goes_where_the_model_says(db_url: str) -> None:
    MoneyModel.TestCase.settings = settings(
        max_examples=15, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    MoneyModel.TestCase().runTest()

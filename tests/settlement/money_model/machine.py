"""The state machine: random streams of sales, shipments, deliveries, refunds, returns, affiliate plans, slot
fees, the clock moving, releases, settlement runs, payout confirmations and failures, tax remittances, and
replays and refusals, each done through the project's service functions and in `books.Books`; after every
step every account equals the books to the minor unit.

Every example starts at `terms.T0` on the same database as the examples before it (a test's database), with
merchants and creators of its own: platform and authority accounts and the months' tax liabilities are
shared, so the checks compare what moved since the example began (ledger transactions after `start`, the
liabilities of a month against `base_due`); runs also release and pay earlier examples' payees, which no check
reads. What hypothesis draws depends only on the books, never on what earlier examples left in the database:
it must be able to replay an example.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from core.clock import frozen
from core.creators import CreatorCreate, create_creator
from core.db import unit_of_work
from core.merchants import MerchantCreate, create_merchant
from core.models import TraderVerification
from core.money import Money
from settlement import affiliates, payouts, service, slot_fees, taxes
from settlement.checkout import Checkout, TaxPart, charge_return, charge_shipment
from settlement.errors import PayoutStateConflict, RefundExceedsOrder, TaxRemittanceExceedsDue
from settlement.models import (
    AffiliatePlanKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    PayoutInterval,
    PayoutMethod,
)
from settlement.payees import PayeeRef
from tests.settlement.money_model import books as b
from tests.settlement.money_model import terms as m
from tests.settlement.money_model.books import Books
from tests.settlement.money_model.terms import CheckoutParts, Key

SHARED_OWNERS = ("platform", "authority")
PAYEE_OWNERS = ("merchant", "creator")
PLAN_RATES = [0, 300, 1200, 2500, 8000]


def money(amount: int, currency: str) -> Money:
    return Money.from_minor(amount, currency)


def project_checkout(c: CheckoutParts) -> Checkout:
    parts = tuple(
        TaxPart(t.kind, money(t.amount, c.currency), money(t.taxable, c.currency), Decimal(t.rate_bps) / 100)
        for t in c.lines
    )
    return Checkout(
        goods=money(c.goods, c.currency),
        shipping=money(c.shipping, c.currency),
        duties=money(c.duties, c.currency),
        taxes=money(c.taxes, c.currency),
        jurisdiction=c.jurisdiction,
        scheme=c.scheme,
        parts=parts,
    )


class MoneyMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.books = Books()
        self.now = m.T0
        self.tag = uuid.uuid4().hex[:10]  # ids unique across the examples run on one database
        self.n = 0
        self.replays: list[Callable[[], None]] = []
        self.base_due: dict[str, dict[tuple[str, str, str], int]] = {}
        self.changed_periods: set[str] = set()
        self.merchant_of: dict[str, str] = {}
        self.creator_of: dict[tuple[str, str], str] = {}
        with self.unit(write=False) as s:
            self.start = int(
                s.execute(select(func.coalesce(func.max(col(LedgerTransaction.id)), 0))).scalar_one()
            )

    def merchant(self, cur: str) -> str:
        """The example's merchant settling in `cur`, with its two creators: onboarded when first needed."""
        if cur in self.merchant_of:
            return self.merchant_of[cur]
        p = m.PROFILES[cur]
        with self.unit() as s:
            mid = create_merchant(
                s,
                data=MerchantCreate(
                    name=f"Model {cur}",
                    country=p.country,
                    settlement_currency=cur,
                    trader_verification=TraderVerification(p.verification),
                ),
            ).id
            self.settings(s, PayeeRef.merchant(mid), cur, p.minimum, p.hold_days)
            self.books.payees[mid] = b.Payee("merchant", mid, cur, p.minimum, profile=p)
            for role in m.CREATORS:
                verification = m.creator_verification(role, cur)
                cid = create_creator(
                    s,
                    data=CreatorCreate(
                        name=f"Creator {role} {cur}",
                        country="DE",
                        payout_currency=cur,
                        verification=TraderVerification(verification),
                    ),
                ).id
                minimum = m.CREATOR_MINIMUM[cur]
                self.settings(s, PayeeRef.creator(cid), cur, minimum, None)
                self.books.payees[cid] = b.Payee(
                    "creator", cid, cur, minimum, held=verification == "unverified"
                )
                self.creator_of[(role, cur)] = cid
        self.merchant_of[cur] = mid
        return mid

    @staticmethod
    def settings(s: Session, payee: PayeeRef, cur: str, minimum: str, hold: int | None) -> None:
        bank: dict[str, Any] = (
            {"iban": "DE02120300000000202051"}
            if cur == "EUR"
            else {"account_number": "12345678", "bank_code": "001"}
        )
        payouts.put_payout_settings(
            s,
            payee=payee,
            data=payouts.PayoutSettingsData(
                currency=cur,
                minimum=Money.of(minimum, cur),
                method=PayoutMethod.bank_file,
                interval=PayoutInterval.daily,
                hold_business_days=hold,
                account_holder="Holder",
                **bank,
            ),
        )

    # --- helpers --------------------------------------------------------------------------------------

    @contextmanager
    def unit(self, *, write: bool = True) -> Iterator[Session]:
        """A unit of work at the machine's frozen time."""
        with frozen(self.now), unit_of_work(write=write) as s:
            yield s

    def next_id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.tag}-{self.n}"

    def touch_period(self, period: str) -> None:
        """The liabilities of a month before this example first changes them (earlier examples' stay)."""
        self.changed_periods.add(period)
        if period not in self.base_due:
            with self.unit(write=False) as s:
                self.base_due[period] = self.liabilities(s, period)

    @staticmethod
    def liabilities(s: Session, period: str) -> dict[tuple[str, str, str], int]:
        out: dict[tuple[str, str, str], int] = defaultdict(int)
        for line in taxes.liabilities(s, period=period):
            out[(line.jurisdiction, line.kind, line.currency)] += line.due.to_minor()
        return out

    def own_owners(self) -> list[str]:
        return list(self.books.payees)

    def ledger_view(self, s: Session) -> tuple[dict[Key, int], dict[Key, int]]:
        """What every shared account and every account of this example's moved since the example began (the
        transactions after `start`: transaction ids only grow), and the balances this example's payee
        accounts keep (they began at nothing): every one but a creator's pending, a sum of entries."""
        a, e = LedgerAccount, LedgerEntry
        rows = s.execute(
            select(
                col(a.owner_type),
                col(a.owner_id),
                col(a.kind),
                col(a.currency),
                func.coalesce(func.sum(col(e.amount_minor)), 0),
                col(a.balance_minor),
            )
            .select_from(a)
            .outerjoin(e, and_(col(e.account_id) == col(a.id), col(e.transaction_id) > self.start))
            .where(or_(col(a.owner_type).in_(SHARED_OWNERS), col(a.owner_id).in_(self.own_owners())))
            .group_by(col(a.id), col(a.owner_type), col(a.owner_id), col(a.kind), col(a.currency))
        )
        moved: dict[Key, int] = {}
        cached: dict[Key, int] = {}
        for ot, oid, kind, cur, total, balance in rows:
            key = (ot, oid, kind, cur)
            if total:
                moved[key] = int(total)
            if ot in PAYEE_OWNERS and not (ot == "creator" and kind == "pending") and balance:
                cached[key] = int(balance)
        return moved, cached

    def open_orders(self, pred: Callable[[b.Order], bool]) -> list[str]:
        return sorted(k for k, o in self.books.orders.items() if pred(o))

    # --- sales ----------------------------------------------------------------------------------------

    SALES = st.fixed_dictionaries(
        {
            "settle": st.sampled_from(sorted(m.PROFILES)),
            "market": st.sampled_from(m.MARKETS),
            "ddp": st.booleans(),
            "goods": st.one_of(st.integers(100, 15_000), st.integers(15_001, 300_000)),
            "shipping": st.integers(0, 5_000),
            "duty_bps": st.sampled_from([0, 300, 1200]),
            "two_items": st.booleans(),
            "category": st.sampled_from(["apparel", "electronics", "books", "toys"]),
            "units": st.lists(st.sampled_from([200, 800, 3_000]), min_size=1, max_size=4),
        }
    )

    @precondition(lambda self: sum(o.status == "paid" for o in self.books.orders.values()) < 4)
    @rule(sale=SALES, creator=st.sampled_from([None, "open", "targeted"]), pair=st.booleans())
    def sell(self, sale: dict[str, Any], creator: str | None, pair: bool) -> None:
        """A checkout paid: DDP, DAP under a point-of-sale scheme, or DAP collecting nothing; through a
        creator or not, at the rate its merchant's plans give it when the order is placed (one line, or two
        of other categories: their goods-weighted rate). At most four orders on their way at once, so that
        the steps go to their lives rather than to ever more sales. `pair`: two such orders recorded in one
        batch (whose platform legs are pooled)."""
        settle, category, units = sale["settle"], sale["category"], sale["units"]
        c = m.checkout_for(
            sale["market"],
            ddp=sale["ddp"],
            goods=sale["goods"],
            shipping=sale["shipping"],
            duty_bps=sale["duty_bps"],
            two_items=sale["two_items"],
        )
        mid = self.merchant(settle)
        creator_id = self.creator_of[(creator, settle)] if creator else None
        order_ids = [self.next_id("o") for _ in range(2 if pair else 1)]
        self.touch_period(b.period_of(self.now))
        rate = None
        if creator_id is not None:
            lines = [b.Line("SKU-A", category, c.goods)]
            if sale["two_items"]:
                lines = [
                    b.Line("SKU-A", category, c.goods // 3),
                    b.Line("SKU-B", "books", c.goods - c.goods // 3),
                ]
            rate = self.books.rate(merchant_id=mid, creator_id=creator_id, lines=lines, at=self.now)
            with self.unit(write=False) as s:
                resolved = affiliates.resolve_rate(
                    s,
                    merchant_id=mid,
                    creator_id=creator_id,
                    lines=[affiliates.OrderLineGoods(ln.sku, ln.category, ln.goods) for ln in lines],
                    at=self.now,
                )
            assert resolved.rate_bps == rate, f"the plans give {resolved}, the model {rate} bps"

        at = self.now

        def call() -> None:
            with self.unit() as s:
                service.record_sales(
                    s,
                    sales=[
                        service.SaleInput(
                            order_id=order_id,
                            merchant_id=mid,
                            amount=money(c.paid, c.currency),
                            category=category,
                            fx_rate=m.rate(c.currency, settle),
                            affiliate_id=creator_id,
                            affiliate_bps=rate,
                            checkout=project_checkout(c),
                            paid_at=at,
                        )
                        for order_id in order_ids
                    ],
                )

        call()
        for order_id in order_ids:
            self.books.sale(
                order_id=order_id,
                merchant_id=mid,
                checkout=c,
                category=category,
                creator_id=creator_id,
                creator_bps=rate,
                units=units,
                at=self.now,
            )
        self.replays.append(call)

    @precondition(lambda self: len(self.books.plans) < 5)
    @rule(
        settle=st.sampled_from(sorted(m.PROFILES)),
        kind=st.sampled_from(["open", "targeted"]),
        rates=st.dictionaries(st.sampled_from(m.SCOPES), st.sampled_from(PLAN_RATES), min_size=1, max_size=3),
        days=st.sampled_from([None, None, 10]),
    )
    def publish_plan(
        self, settle: str, kind: str, rates: dict[tuple[str, str], int], days: int | None
    ) -> None:
        """A merchant publishes an open plan, or a targeted one naming its targeted creator, from now (to
        ten days from now, or open-ended). A few per example: the rule that may always run would take every
        step of an example whose sales hypothesis switched off."""
        mid = self.merchant(settle)
        creators = [self.creator_of[("targeted", settle)]] if kind == "targeted" else []
        ends = None if days is None else self.now + timedelta(days=days)
        products = {v: bps for (scope, v), bps in rates.items() if scope == "sku"}
        categories = {v: bps for (scope, v), bps in rates.items() if scope == "category"}
        with self.unit() as s:
            affiliates.publish_plan(
                s,
                spec=affiliates.PlanSpec(
                    merchant_id=mid,
                    kind=AffiliatePlanKind(kind),
                    creators=creators,
                    rate_bps=rates.get(("all", "")),
                    categories=categories,
                    products=products,
                    effective_from=self.now,
                    effective_to=ends,
                ),
                actor="model",
            )
        self.books.publish(
            b.Plan(
                mid,
                kind,
                frozenset(creators),
                dict(rates),
                self.now,
                ends,
                len(self.books.plans),
            )
        )

    @precondition(lambda self: any(o.status == "available" for o in self.books.orders.values()))
    @rule(
        settle=st.sampled_from(sorted(m.PROFILES)),
        creator=st.sampled_from(["open", "targeted"]),
        permille=st.integers(1, 1000),
    )
    def slot_fee(self, settle: str, creator: str, permille: int) -> None:
        """A merchant owes a creator a slot fee for a campaign: a share of what it has available (or, when
        it has nothing available, a cent: refused)."""
        mid = self.merchant(settle)
        cid = self.creator_of[(creator, settle)]
        available = self.books.accounts[self.books.payees[mid].account("available")]
        amount = max(1, available * permille // 1000)
        campaign = self.next_id("live-")

        def call() -> None:
            with self.unit() as s:
                slot_fees.charge_slot_fee(
                    s,
                    merchant_id=mid,
                    creator_id=cid,
                    campaign=campaign,
                    amount=money(amount, settle),
                    actor="model",
                )

        if not self.books.slot_fee_allowed(mid, amount):
            with pytest.raises(slot_fees.SlotFeeExceedsAvailable):
                call()
            return
        call()
        self.books.slot_fee(mid, cid, amount)
        self.replays.append(call)

    # --- fulfilment -----------------------------------------------------------------------------------

    @precondition(lambda self: any(o.status == "paid" for o in self.books.orders.values()))
    @rule(data=st.data())
    def fulfil(self, data: st.DataObject) -> None:
        """The next step of an order on its way: a shipment leaves the warehouse (every unit left, or some:
        the rest ships later), or the order is delivered, now or days ago (an event arriving late: released
        at once when its day has come). The only rule of one argument: hypothesis favours it."""
        o = self.books.orders[data.draw(st.sampled_from(self.open_orders(lambda o: o.status == "paid")))]
        if o.shipments == 0 or (o.shipped < len(o.units) and data.draw(st.booleans())):
            left = len(o.units) - o.shipped
            self.ship(o, left if data.draw(st.booleans()) else data.draw(st.integers(1, left)))
        else:
            days_ago = data.draw(st.sampled_from([0, 0, 4, 40]))
            self.deliver(o, max(o.paid_at, self.now - timedelta(days=days_ago)))

    def ship(self, o: b.Order, count: int) -> None:
        weights = o.units[o.shipped : o.shipped + count]
        first, shipment_id, at = o.shipments == 0, self.next_id("shp"), self.now

        def call() -> None:
            with self.unit() as s:
                charge_shipment(
                    s, order_id=o.id, shipment_id=shipment_id, unit_weights_g=weights, first=first, at=at
                )

        call()
        self.books.ship(o, count, self.now)
        self.replays.append(call)

    def deliver(self, o: b.Order, at: datetime) -> None:
        def call() -> None:
            with self.unit() as s:
                service.record_delivery(s, order_id=o.id, delivered_at=at)

        call()
        self.books.deliver(o, at, self.now.date())
        self.replays.append(call)

    # --- refunds and returns --------------------------------------------------------------------------

    def _refund(self, s: Session, o: b.Order, refund_id: str, amount: int) -> None:
        service.record_refund(
            s, refund_id=refund_id, order_id=o.id, amount=money(amount, o.checkout.currency)
        )

    @precondition(lambda self: any(o.left or o.status != "paid" for o in self.books.orders.values()))
    @rule(
        data=st.data(),
        how=st.sampled_from(
            ["refund part", "refund whole", "return part", "return whole", "return rejected"]
        ),
    )
    def give_back(self, data: st.DataObject, how: str) -> None:
        """A refund (of part of what is left, or all of it), or a return received at a returns centre
        after delivery: its processing fee, then a refund unless the return is rejected."""
        returnable = self.open_orders(lambda o: o.status != "paid")
        refundable = self.open_orders(lambda o: o.left > 0)
        is_return = (how.startswith("return") and bool(returnable)) or not refundable
        order_id = data.draw(st.sampled_from(returnable if is_return else refundable))
        o = self.books.orders[order_id]
        amount = 0
        if o.left and not how.endswith("rejected"):
            amount = o.left if how.endswith("whole") else data.draw(st.integers(1, o.left))
        refund_id = self.next_id("ret" if is_return else "r")
        self.touch_period(b.period_of(self.now))

        def call() -> None:
            with self.unit() as s:
                if is_return:
                    charge_return(s, order_id=order_id, return_id=refund_id, at=self.now)
                if amount:
                    self._refund(s, o, refund_id, amount)

        call()
        if is_return:
            self.books.receive_return(o, self.now)
        if amount:
            self.books.refund(o, amount, self.now)
        self.replays.append(call)

    # --- time, releases, runs, payouts ----------------------------------------------------------------

    @precondition(lambda self: self.books.orders)
    @rule(
        hours=st.sampled_from([5, 24, 72, 24 * 9, 24 * 33, 24 * 50]),
        then=st.sampled_from(["nothing", "release", "run"]),
    )
    def advance(self, hours: int, then: str) -> None:
        """The clock moves, and the scheduler may do its work: the release task
        (`settlement.release_reserves`) or a settlement run. (Hypothesis favours this rule: it is the first
        of its arity that may run once there are orders.)"""
        self.now += timedelta(hours=hours)
        if then == "release":
            with self.unit() as s:
                service.release_due(s, as_of=self.now)
            self.books.release_due(self.now.date())
        elif then == "run":
            self.settlement_run()

    @precondition(lambda self: any(o.status != "paid" for o in self.books.orders.values()))
    @rule(days=st.sampled_from([0, 0, 1]), hours=st.sampled_from([0, 2]))
    def run(self, days: int, hours: int) -> None:
        """A settlement run: another today (it pays no account paid today), or tomorrow's."""
        self.now += timedelta(days=days, hours=hours)
        self.settlement_run()

    def settlement_run(self) -> None:
        """Releases what is due, then pays every payee's (merchant's and creator's) available balance due a
        payout."""
        before = self.own_payouts()
        with self.unit() as s:
            run_id = payouts.request_run(s, now=self.now).id
        with frozen(self.now):
            payouts.execute_run(run_id, now=self.now)
        self.books.release_due(self.now.date())
        expected = self.books.due_payouts(self.now.date())
        new = [p for p in self.own_payouts() if p[0] not in {b[0] for b in before}]
        got = {payee_id: amount for _, payee_id, amount, *_ in new}
        assert len(got) == len(new), "two payouts for one payee in one run"
        assert got == expected, f"payouts {got}, the model {expected}"
        for payout_id, payee_id, amount, status, currencies in new:
            assert status == "in_transit", status
            assert amount > 0, "a payout of nothing, or of a negative balance"
            assert currencies == {self.books.payees[payee_id].currency}, currencies
            self.books.pay_out(payout_id, payee_id, amount, self.now.date())

    def own_payouts(self) -> list[tuple[str, str, int, str, set[str]]]:
        """(id, payee, amount, status, {currency, payout currency}) of this example's payouts."""
        with self.unit(write=False) as s:
            rows = s.execute(select(Payout).where(col(Payout.payee_id).in_(self.own_owners()))).scalars()
            return [
                (p.id, p.payee_id, p.amount_minor, p.status, {p.currency, p.payout_currency}) for p in rows
            ]

    def _payouts(self, *statuses: str) -> list[str]:
        return sorted(k for k, p in self.books.payouts.items() if p.status in statuses)

    @precondition(lambda self: any(p.status != "failed" for p in self.books.payouts.values()))
    @rule(data=st.data(), paid=st.booleans())
    def payout_event(self, data: st.DataObject, paid: bool) -> None:
        """The bank says a payout arrived (again, if it had), or that it failed (or came back once paid)."""
        payout_id = data.draw(st.sampled_from(self._payouts("in_transit", "paid")))

        def call() -> None:
            if paid and self.books.payouts[payout_id].status == "failed":  # replayed after it failed
                with pytest.raises(PayoutStateConflict), self.unit() as s:
                    payouts.confirm_payout(s, payout_id=payout_id, source="admin")
                return
            with self.unit() as s:
                if paid:
                    payouts.confirm_payout(s, payout_id=payout_id, source="admin")
                else:
                    payouts.fail_payout(s, payout_id=payout_id, failure_code="account_closed", source="admin")

        call()
        if paid:
            self.books.confirm(payout_id)
        else:
            self.books.fail(payout_id)
        self.replays.append(call)

    # --- taxes ----------------------------------------------------------------------------------------

    def global_due(self, key: tuple[str, str, str, str]) -> int:
        """What the project says is due (earlier examples' lines of the month included)."""
        period, rest = key[0], key[1:]
        return self.base_due[period].get(rest, 0) + self.books.due[key]

    @precondition(lambda self: self.books.due)
    @rule(data=st.data(), permille=st.integers(1, 1000))
    def remit(self, data: st.DataObject, permille: int) -> None:
        """A payment of what is due for a month (a share of it, or all of it). What is due counts every
        order of the month, earlier examples' too (a month that only saw refunds owes less than nothing):
        so the amount is computed from it after the draws, which must not depend on earlier examples."""
        period, where, kind, cur = data.draw(st.sampled_from(sorted(self.books.due)))
        due = self.global_due((period, where, kind, cur))
        if due <= 0:
            with pytest.raises(TaxRemittanceExceedsDue), self.unit() as s:
                taxes.remit(
                    s,
                    key=self.next_id("rem"),
                    jurisdiction=where,
                    kind=kind,
                    period=period,
                    amount=money(1, cur),
                    reference="nothing is due",
                    actor="model",
                )
            return
        amount = max(1, due * permille // 1000)
        key = self.next_id("rem")

        def call() -> None:
            with self.unit() as s:
                taxes.remit(
                    s,
                    key=key,
                    jurisdiction=where,
                    kind=kind,
                    period=period,
                    amount=money(amount, cur),
                    reference=key,
                    actor="model",
                )

        call()
        self.changed_periods.add(period)
        self.books.remit(period, where, kind, cur, amount)
        self.replays.append(call)

    # --- replays and refusals: nothing changes --------------------------------------------------------

    @precondition(lambda self: self.replays)
    @rule(data=st.data(), what=st.sampled_from(["replay", "replay", "refund", "remittance"]))
    def nothing_changes(self, data: st.DataObject, what: str) -> None:
        """Any earlier call again with its key (a retried task, a replayed webhook); a refund of more than
        is left, or a remittance of more than is due: refused whole. Nothing moves."""
        if what == "replay":
            # an index rather than sampled_from: whether a remittance was made depends on earlier examples
            # (what they left due), and what is drawn must not
            self.replays[data.draw(st.integers(0, 1 << 16)) % len(self.replays)]()
        elif what == "refund":
            o = self.books.orders[data.draw(st.sampled_from(sorted(self.books.orders)))]
            with pytest.raises(RefundExceedsOrder), self.unit() as s:
                self._refund(s, o, self.next_id("r"), o.left + 1)
        elif self.books.due:
            period, where, kind, cur = data.draw(st.sampled_from(sorted(self.books.due)))
            total = self.global_due((period, where, kind, cur))
            with pytest.raises(TaxRemittanceExceedsDue), self.unit() as s:
                taxes.remit(
                    s,
                    key=self.next_id("rem"),
                    jurisdiction=where,
                    kind=kind,
                    period=period,
                    amount=money(max(total, 0) + 1, cur),
                    reference="too much",
                    actor="model",
                )

    # --- the checks -----------------------------------------------------------------------------------

    @invariant()
    def every_account_equals_the_books(self) -> None:
        with self.unit(write=False) as s:
            (got, cached), want = self.ledger_view(s), {k: v for k, v in self.books.accounts.items() if v}
            wrong = {
                k: (got.get(k, 0), want.get(k, 0)) for k in set(got) | set(want) if got.get(k) != want.get(k)
            }
            assert not wrong, "account: (ledger, model)\n" + "\n".join(
                f"{k}: {v}" for k, v in sorted(wrong.items())
            )
            keeps = {
                k: v for k, v in want.items() if k[0] in PAYEE_OWNERS and k[:3:2] != ("creator", "pending")
            }
            assert cached == keeps, f"cached payee balances {cached}, the model {keeps}"
            e = LedgerEntry
            unbalanced = s.execute(
                select(col(e.transaction_id), col(e.currency))
                .where(col(e.transaction_id) > self.start)
                .group_by(col(e.transaction_id), col(e.currency))
                .having(func.sum(col(e.amount_minor)) != 0)
            ).all()
            assert not unbalanced, f"transactions that do not sum to zero per currency: {unbalanced}"
            self.check_liabilities(s, self.changed_periods)
        self.changed_periods = set()

    def check_liabilities(self, s: Session, periods: Iterable[str]) -> None:
        """What the tax liabilities report says is due per month moved as the model's due."""
        for period in sorted(periods):
            base, found = self.base_due[period], self.liabilities(s, period)
            model = {k[1:]: v for k, v in self.books.due.items() if k[0] == period}
            for key in set(found) | set(base) | set(model):
                moved = found.get(key, 0) - base.get(key, 0)
                assert moved == model.get(key, 0), (
                    f"{period} {key} due: moved {moved}, model {model.get(key)}"
                )

    def teardown(self) -> None:
        with self.unit(write=False) as s:
            self.check_liabilities(s, self.base_due)

    @invariant()
    def tax_lines_declare_what_the_ledger_owes(self) -> None:
        """The model's own consistency of two documented rules: what the tax lines say is due, over every
        period, is what the authority's payable account holds."""
        lines = self.books.payable_by_lines()
        accounts = {k: v for k, v in self.books.accounts.items() if k[0] == "authority"}
        for key in set(lines) | set(accounts):
            assert lines.get(key, 0) == accounts.get(key, 0), (
                f"{key}: lines {lines.get(key)}, ledger {accounts.get(key)}"
            )

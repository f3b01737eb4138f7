"""Affiliate plans: the commission a merchant offers creators, and the rate an order's creator earns.

A merchant publishes plans: an **open** plan is one public offer to every creator, a **targeted** plan an
offer to the creators it names. Each plan has rates for products (by SKU), for categories, and for every sale
(`all`), and is in force from `effective_from` until `effective_to` (open-ended when None). Plans are never
changed once published: a later plan supersedes an earlier one for the scopes it names, and an order keeps the
rate it was placed under (its sale records the commission).

An order's rate (`resolve_rate`) is decided line by line, most specific first:

1. the merchant's targeted plans in force that name the creator: the product's rate, else the category's,
   else the plan's rate for every sale;
2. the merchant's open plans in force, in the same order;
3. the policy's `affiliate_open_plan_bps`.

Among plans with a rate for the same scope the latest published wins. An order of several lines earns the
goods-weighted rate of its lines (half-even to a basis point; exact when the lines share one rate), never
more than the policy's `affiliate_max_bps`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.errors import InvalidInput, NotFound
from core.ids import new_id
from core.models import Creator, Merchant
from core.pagination import PageParams, paginate
from settlement import ledger
from settlement.models import AffiliatePlan, AffiliatePlanCreator, AffiliatePlanKind, AffiliatePlanRate
from settlement.policy import policy_on, ratio_of

SCOPES = ("sku", "category", "all")
"""Most specific first."""


class AffiliatePlanNotFound(NotFound):
    slug, title = "affiliate-plan-not-found", "Affiliate plan not found"


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """A plan to publish: `products` and `categories` map a SKU or category to its rate; `rate_bps` is the
    rate for every other sale of the merchant (None: none)."""

    merchant_id: str
    kind: AffiliatePlanKind
    name: str = ""
    creators: Sequence[str] = ()
    rate_bps: int | None = None
    categories: dict[str, int] = field(default_factory=dict)
    products: dict[str, int] = field(default_factory=dict)
    effective_from: datetime | None = None
    effective_to: datetime | None = None


@dataclass(slots=True)
class Plan:
    """A plan with its rates and the creators it names (targeted)."""

    row: AffiliatePlan
    rates: dict[tuple[str, str], int] = field(default_factory=dict)
    """(scope, value) -> bps; `all` has the value ''."""
    creators: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AffiliateRate:
    """The rate an order's creator earns, and where it came from (its largest line's rate)."""

    rate_bps: int
    plan: str
    """`targeted`, `open` or `policy`."""
    plan_id: str | None = None
    scope: str | None = None
    """`sku`, `category` or `all` (None: the policy's rate)."""


# --- publishing -------------------------------------------------------------------------------------------


def _check_rates(session: Session, spec: PlanSpec, starts: datetime) -> list[tuple[str, str, int]]:
    most = policy_on(session, starts).body.affiliate_max_bps
    rates = [("sku", sku, bps) for sku, bps in spec.products.items()]
    rates += [("category", cat, bps) for cat, bps in spec.categories.items()]
    if spec.rate_bps is not None:
        rates.append(("all", "", spec.rate_bps))
    if not rates:
        raise InvalidInput.for_field("rate_bps", "give a rate: for every sale, categories or products")
    names = {"sku": "products", "category": "categories"}
    for scope, value, bps in rates:
        where = f"{names[scope]}.{value}" if scope in names else "rate_bps"
        if scope != "all" and not 1 <= len(value) <= (64 if scope == "sku" else 40):
            raise InvalidInput.for_field(where, "a SKU of 1 to 64 characters, a category of 1 to 40")
        if not 0 <= bps <= most:
            raise InvalidInput.for_field(where, f"0 to {most} basis points (the policy's affiliate_max_bps)")
    return rates


def _check_creators(session: Session, spec: PlanSpec) -> list[str]:
    creators = list(dict.fromkeys(spec.creators))
    if spec.kind is AffiliatePlanKind.open:
        if creators:
            raise InvalidInput.for_field("creators", "an open plan is for every creator: name none")
        return []
    if not creators:
        raise InvalidInput.for_field("creators", "a targeted plan names its creators")
    known = set(session.exec(select(col(Creator.id)).where(col(Creator.id).in_(creators))))
    for n, creator in enumerate(spec.creators):
        if creator not in known:
            raise InvalidInput.for_field(f"creators.{n}", f"no creator {creator}")
    return creators


def publish_plan(session: Session, *, spec: PlanSpec, actor: str) -> Plan:
    """Publish a plan (see the module docstring); InvalidInput names a bad field."""
    if session.get(Merchant, spec.merchant_id) is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {spec.merchant_id}")
    now = utc_now()
    starts = spec.effective_from or now
    if starts.tzinfo is None or starts < now - timedelta(seconds=1):
        raise InvalidInput.for_field("effective_from", "timezone-aware, and not in the past")
    if spec.effective_to is not None and (spec.effective_to.tzinfo is None or spec.effective_to <= starts):
        raise InvalidInput.for_field("effective_to", "timezone-aware, and after effective_from")
    rates = _check_rates(session, spec, starts)
    creators = _check_creators(session, spec)
    row = AffiliatePlan(
        id=new_id("afp"),
        merchant_id=spec.merchant_id,
        kind=spec.kind.value,
        name=spec.name,
        effective_from=starts,
        effective_to=spec.effective_to,
        created_by=actor,
        created_at=now,
    )
    session.add(row)
    session.flush()
    ledger.insert_rows(
        session,
        AffiliatePlanRate,
        [{"plan_id": row.id, "scope": s, "value": v, "rate_bps": bps} for s, v, bps in rates],
    )
    ledger.insert_rows(
        session, AffiliatePlanCreator, [{"plan_id": row.id, "creator_id": c} for c in creators]
    )
    return Plan(row, {(s, v): bps for s, v, bps in rates}, creators)


# --- reading ----------------------------------------------------------------------------------------------


def _with_parts(session: Session, rows: Sequence[AffiliatePlan]) -> list[Plan]:
    plans = {r.id: Plan(r) for r in rows}
    if plans:
        ids = sorted(plans)
        for rate in session.exec(select(AffiliatePlanRate).where(col(AffiliatePlanRate.plan_id).in_(ids))):
            plans[rate.plan_id].rates[(rate.scope, rate.value)] = rate.rate_bps
        for link in session.exec(
            select(AffiliatePlanCreator)
            .where(col(AffiliatePlanCreator.plan_id).in_(ids))
            .order_by(col(AffiliatePlanCreator.creator_id))
        ):
            plans[link.plan_id].creators.append(link.creator_id)
    return [plans[r.id] for r in rows]


def _for_creator(creator_id: str) -> ColumnElement[bool]:
    """Plans a creator may see: open plans, and targeted plans naming it."""
    naming = select(col(AffiliatePlanCreator.plan_id)).where(
        col(AffiliatePlanCreator.creator_id) == creator_id
    )
    return or_(col(AffiliatePlan.kind) == AffiliatePlanKind.open.value, col(AffiliatePlan.id).in_(naming))


def list_plans(
    session: Session, *, merchant_id: str | None, creator_id: str | None, page: PageParams
) -> tuple[list[Plan], bool]:
    """Plans newest first: a merchant's (`merchant_id`), those a creator may see (`creator_id`), or all."""
    stmt = select(AffiliatePlan)
    if merchant_id is not None:
        stmt = stmt.where(col(AffiliatePlan.merchant_id) == merchant_id)
    if creator_id is not None:
        stmt = stmt.where(_for_creator(creator_id))
    rows, more = paginate(session, stmt, AffiliatePlan.id, page)
    return _with_parts(session, rows), more


def get_plan(
    session: Session, *, plan_id: str, merchant_id: str | None = None, creator_id: str | None = None
) -> Plan:
    """One plan; scoped to a merchant's own, or to what a creator may see (another's is a 404)."""
    stmt = select(AffiliatePlan).where(col(AffiliatePlan.id) == plan_id)
    if merchant_id is not None:
        stmt = stmt.where(col(AffiliatePlan.merchant_id) == merchant_id)
    if creator_id is not None:
        stmt = stmt.where(_for_creator(creator_id))
    row = session.exec(stmt).first()
    if row is None:
        raise AffiliatePlanNotFound(f"no affiliate plan {plan_id}")
    return _with_parts(session, [row])[0]


# --- an order's rate --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderLineGoods:
    sku: str
    category: str
    goods_minor: int


def plans_in_force(session: Session, *, merchant_id: str, creator_id: str, at: datetime) -> list[Plan]:
    """The merchant's plans in force at `at` that apply to the creator (open ones and targeted ones naming
    it), latest published first."""
    rows = session.exec(
        select(AffiliatePlan)
        .where(
            col(AffiliatePlan.merchant_id) == merchant_id,
            col(AffiliatePlan.effective_from) <= at,
            or_(col(AffiliatePlan.effective_to).is_(None), col(AffiliatePlan.effective_to) > at),
            _for_creator(creator_id),
        )
        .order_by(col(AffiliatePlan.effective_from).desc(), col(AffiliatePlan.id).desc())
    ).all()
    return _with_parts(session, rows)


def _line_rate(plans: Sequence[Plan], line: OrderLineGoods) -> AffiliateRate | None:
    for scope, value in (("sku", line.sku), ("category", line.category), ("all", "")):
        for plan in plans:
            bps = plan.rates.get((scope, value))
            if bps is not None:
                return AffiliateRate(bps, plan.row.kind, plan.row.id, scope)
    return None


def resolve_rate(
    session: Session,
    *,
    merchant_id: str,
    creator_id: str,
    lines: Sequence[OrderLineGoods],
    at: datetime | None = None,
    field: str = "affiliate.creator_id",
) -> AffiliateRate:
    """The rate `creator_id` earns on an order of `merchant_id` placed at `at` (see the module docstring).
    A creator that does not exist is InvalidInput naming `field`."""
    when = at or utc_now()
    if session.get(Creator, creator_id) is None:
        raise InvalidInput.for_field(field, f"no creator {creator_id}")
    body = policy_on(session, when).body
    default = AffiliateRate(body.affiliate_open_plan_bps, "policy")
    plans = plans_in_force(session, merchant_id=merchant_id, creator_id=creator_id, at=when)
    by_kind: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        by_kind[plan.row.kind].append(plan)
    rated: list[tuple[int, AffiliateRate]] = []
    for line in lines:
        rate = (
            _line_rate(by_kind[AffiliatePlanKind.targeted.value], line)
            or _line_rate(by_kind[AffiliatePlanKind.open.value], line)
            or default
        )
        rated.append((line.goods_minor, rate))
    if not rated:
        return default
    top = max(rated, key=lambda r: r[0])[1]
    goods = sum(g for g, _ in rated)
    bps = ratio_of(sum(g * r.rate_bps for g, r in rated), 1, goods) if goods > 0 else top.rate_bps
    return AffiliateRate(min(bps, body.affiliate_max_bps), top.plan, top.plan_id, top.scope)

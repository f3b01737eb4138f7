"""Landed cost as a service: the rows in force (compliance), the FX rates (payments), the pure calculation
(`customs.landed_cost`) and the decision log. Services flush, never commit: the route commits.

The destination's currency is the one customs works in. Bulgaria and Croatia are priced in EUR on every
date: their former currencies (BGN until 2025-12-31, HRK until 2022-12-31) are no longer ISO 4217 codes one
can price in here. A currency the ECB does not publish (VND) needs a supplementary rate (payments), else
the request is refused with a 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, Protocol

from babel.numbers import get_territory_currencies
from pydantic import ValidationError
from sqlmodel import Session

from compliance.evaluation import (
    decision_row,
    decision_texts,
    record_decisions,
    register_replayer,
    rows_in_force,
)
from compliance.evaluation import snapshot as rules_snapshot
from compliance.topics.customs.defaults import EU_MEMBERS
from core.clock import utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import AppError, FieldError, InvalidInput
from core.ids import new_id
from core.money import Money, UnknownCurrency, currency_exponent
from customs.hs import validate_hs_code
from customs.landed_cost import (
    TOPICS_CONSULTED,
    Item,
    LandedCost,
    Question,
    RuleRow,
    RulesInForce,
    Supply,
    calculate,
)
from customs.schemas import (
    ChargeRead,
    DeMinimis,
    DocumentRequired,
    FeeLine,
    FxUsed,
    LandedCostLine,
    LandedCostRead,
    LandedCostRequest,
    RuleApplied,
)
from payments.fx import CrossRate, RateBook, rate_book
from payments.fx_quotes import FxSnapshot
from payments.fx_quotes import current as fx_snapshot

_EURO = {"AT", "BE", "BG", "HR", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "IE", "IT", "LT", "LU", "LV", "MT",
         "NL", "PT", "SI", "SK"}  # fmt: skip
_CURRENCIES = {
    "US": "USD", "GB": "GBP", "AU": "AUD", "CA": "CAD", "ID": "IDR", "MX": "MXN", "BR": "BRL", "JP": "JPY",
    "SG": "SGD", "TH": "THB", "PH": "PHP", "MY": "MYR", "VN": "VND", "CZ": "CZK", "DK": "DKK", "HU": "HUF",
    "PL": "PLN", "RO": "RON", "SE": "SEK", **dict.fromkeys(_EURO, "EUR"),
}  # fmt: skip
assert set(EU_MEMBERS) <= set(_CURRENCIES)


def destination_currency(country: str, on: date) -> str:
    """The currency customs works in at the destination on the day."""
    known = _CURRENCIES.get(country)
    if known is not None:
        return known
    for code in get_territory_currencies(country, on) or ():
        try:
            currency_exponent(str(code))
        except UnknownCurrency:
            continue
        return str(code)
    raise InvalidInput.for_field("destination.country", f"no currency known for {country}")


def supply_of(origin: str, destination: str) -> Supply:
    """domestic when the goods ship from inside the destination's tax territory: the same country, or two
    member states of the EU (one customs union, the destination's VAT); import otherwise."""
    if origin == destination or (origin in EU_MEMBERS and destination in EU_MEMBERS):
        return "domestic"
    return "import"


def schemes_used() -> frozenset[str]:
    """The optional point-of-sale schemes the platform uses (a setting)."""
    return frozenset(get_settings().point_of_sale_schemes)


def rules_in_force(country: str, on: date | None) -> RulesInForce:
    """The import-threshold, duty and tax rows in force for the destination on the day (now, for None)."""

    def group(topic: str) -> tuple[RuleRow, ...]:
        return tuple(
            RuleRow(r.rule.key, r.rule.version, r.row)
            for r in rows_in_force(topic, country=country, on=on).rows
        )

    return RulesInForce(group("import_thresholds"), group("duties"), group("taxes"), group("documents"))


class Rates:
    """The FX callable of one calculation: the day's cross rates from payments, each pair looked up once and
    remembered (for the answer's `fx`). A missing rate is a 422 naming the request field that brought the
    currency in."""

    def __init__(
        self, session: Session | None, day: date, fields: dict[str, str], *, book: RateBook | None = None
    ) -> None:
        if book is None:
            if session is None:
                raise ValueError("Rates needs a session or a rate book")
            book = rate_book(session)
        self._book = book
        self._day = day
        self._fields = fields
        self.used: dict[tuple[str, str], CrossRate] = {}

    def __call__(self, base: str, quote: str) -> Decimal:
        if base == quote:
            return Decimal(1)
        cross = self.used.get((base, quote))
        if cross is None:
            cross = self._book.cross(
                base, quote, on=self._day, fields=(self._field(base), self._field(quote))
            )
            self.used[(base, quote)] = cross
        return cross.rate

    def _field(self, currency: str) -> str:
        return self._fields.get(currency, "destination.country")


def check_request(request: LandedCostRequest) -> None:
    """What one field cannot say alone: every item priced in one currency."""
    first = request.items[0].unit_price.currency
    errors = [
        FieldError(
            f"items.{i}.unit_price.currency", f"every item is priced in one currency ({first}), not {cur}"
        )
        for i, it in enumerate(request.items)
        if (cur := it.unit_price.currency) != first
    ]
    if errors:
        raise InvalidInput("items are priced in more than one currency", errors=errors)


def calculate_landed_cost(
    session: Session, request: LandedCostRequest
) -> tuple[LandedCost, date, Rates, RulesInForce]:
    """The calculation without the decision log (also what simulations replay), and the rows it asked."""
    check_request(request)
    day = request.date or utc_now().date()
    country = request.destination.country
    rules = rules_in_force(country, request.date)
    fields = {request.currency: "currency", request.shipping.currency: "shipping.currency"}
    fields[request.items[0].unit_price.currency] = "items.0.unit_price.currency"
    rates = Rates(session, day, fields)
    question = Question(
        destination=country,
        destination_currency=destination_currency(country, day),
        origin_country=request.origin_country,
        items=[
            Item(it.hs_code, it.quantity, it.unit_price.to_money(), it.origin_country) for it in request.items
        ],
        shipping=request.shipping.to_money(),
        currency=request.currency,
        incoterm=request.incoterm,
        region=request.destination.region,
        channel=request.channel,
        supply=supply_of(request.origin_country, country),
        schemes_used=schemes_used(),
    )
    return calculate(question, rules, rates), day, rates, rules


def decision_rows(
    result: LandedCost,
    rules: RulesInForce,
    *,
    subject_id: str | None,
    country: str,
    input: dict[str, Any],
) -> list[dict[str, Any]]:
    """One `landed_cost` decision per topic consulted (thresholds, duties, taxes, documents), each with what
    that topic decided and the versions of it in force, all with the same input: a simulation of a draft of
    any of these topics replays the decisions of its own topic."""
    outcomes = result.topic_outcomes()
    return [
        decision_row(
            context="landed_cost",
            subject_id=subject_id,
            topic=topic,
            country=country,
            input=input,
            outcome=outcomes[topic],
            rules=rules.versions(topic),
        )
        for topic in TOPICS_CONSULTED
    ]


def landed_cost(
    session: Session, *, request: LandedCostRequest, subject_id: str | None = None, record: bool = True
) -> LandedCostRead:
    """The landed cost of one consignment, logged as one `landed_cost` decision per topic it consulted (in
    one insert) with the rule versions in force."""
    result, day, rates, rules = calculate_landed_cost(session, request)
    if record:
        rows = decision_rows(
            result,
            rules,
            subject_id=subject_id,
            country=request.destination.country,
            input={**request.model_dump(mode="json"), "date": day.isoformat()},
        )
        record_decisions(session, rows)
    return to_read(result, day, rates)


def to_read(result: LandedCost, day: date, rates: Rates) -> LandedCostRead:
    def m(x: Money) -> Any:
        return {"amount": x.format_amount(), "currency": x.currency}

    return LandedCostRead.model_validate(
        {
            "currency": result.currency,
            "incoterm": result.incoterm,
            "date": day,
            "destination_currency": result.destination_currency,
            "goods": m(result.goods),
            "shipping": m(result.shipping),
            "duties": m(result.duties),
            "taxes": m(result.taxes),
            "fees": m(result.fees),
            "total": m(result.total),
            "due_at_checkout": m(result.due_at_checkout),
            "due_on_delivery": m(result.due_on_delivery),
            "lines": [
                LandedCostLine.model_validate(
                    {
                        "hs_code": ln.hs_code,
                        "quantity": ln.quantity,
                        "value": m(ln.value),
                        "duty": m(ln.duty),
                        "tax": m(ln.tax),
                        "duty_rate": None if ln.duty_rate is None else f"{ln.duty_rate.normalize():f}",
                        "duty_label": ln.duty_label,
                        "tax_rate": f"{ln.tax_rate.normalize():f}",
                    }
                )
                for ln in result.lines
            ],
            "fee_lines": [
                FeeLine.model_validate({"label": f.label, "amount": m(f.amount)}) for f in result.fee_lines
            ],
            "de_minimis": DeMinimis.model_validate(
                {
                    "duty_threshold": None if result.duty_threshold is None else m(result.duty_threshold),
                    "tax_threshold": None if result.tax_threshold is None else m(result.tax_threshold),
                    "duty_applied": result.duty_applied,
                    "tax_applied": result.tax_applied,
                }
            ),
            "collection": result.collection,
            "collected": result.collected,
            "scheme": result.scheme,
            "supply": result.supply,
            "charges": [
                ChargeRead(
                    category=c.category,
                    kind=c.kind,
                    label=c.label,
                    amount=m(c.amount),
                    scheme=c.scheme,
                    collected=c.collected,
                )
                for c in result.charges
            ],
            "rules_applied": [
                RuleApplied(
                    topic=r.topic, key=r.key, version=r.version, detail=r.detail, unconfirmed=r.unconfirmed
                )
                for r in result.rules_applied
            ],
            "fx": [
                FxUsed(base=c.base, quote=c.quote, rate=str(c.rate), rate_date=c.rate_date, source=c.source)
                for c in rates.used.values()
            ],
            "notes": list(result.notes),
            "documents": [DocumentRequired.model_validate(d.as_dict()) for d in result.documents],
        }
    )


# --- the quote planner's entry point -------------------------------------------------------------------


class PlannerLine(Protocol):
    """What customs reads of a cart line (logistics' CartLine has these)."""

    @property
    def hs_code(self) -> str | None: ...
    @property
    def quantity(self) -> int: ...
    @property
    def unit_price(self) -> Money: ...
    @property
    def origin_country(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PlannerLandedCost:
    """The fields of `logistics.planner.LandedCost` (customs does not import logistics: calls go one way)."""

    duties: Money
    taxes: Money
    fees: Money
    collection: Literal["checkout", "border"]
    rules: tuple[str, ...]
    detail: dict[str, Any]
    collected: Literal["checkout", "border"] = "checkout"
    """Where these charges are collected: the scheme's rule first, then the incoterm."""


ANSWER_CACHE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class _Answer:
    """One planner calculation, kept for the rules and rates it was made under."""

    cost: PlannerLandedCost
    """Its `detail` lists only this calculation's FX pairs: a quote's calculations list every pair the
    quote's calculations used so far (they share one `Rates`), which `PlannerLandedCosts` rebuilds."""
    fx: tuple[tuple[tuple[str, str], dict[str, Any]], ...]
    """The pairs this calculation used, in the order it first used them, as the answer lists them."""
    decisions: tuple[dict[str, Any], ...]
    """The `landed_cost` decision rows (one per topic) but their ids and times (none: nothing to log)."""


@dataclass(slots=True, eq=False)
class _Memo:
    """Planner answers under one rules snapshot and one FX snapshot: replaced when either is."""

    rules_snapshot: object
    rates: FxSnapshot
    schemes: frozenset[str]
    rules: dict[tuple[str, date], RulesInForce]
    answers: dict[tuple[tuple[Any, ...], tuple[str | None, ...]], _Answer]


_memo: _Memo | None = None


def _current_memo() -> _Memo:
    global _memo
    rules, rates, schemes = rules_snapshot(), fx_snapshot(), schemes_used()
    memo = _memo
    if memo is None or memo.rules_snapshot is not rules or memo.rates is not rates or memo.schemes != schemes:
        memo = _memo = _Memo(rules, rates, schemes, {}, {})
    return memo


def forget_planner_answers() -> None:
    """Drop the planner answers kept in memory (tests compare answers made cold and warm)."""
    global _memo
    _memo = None


class PlannerLandedCosts:
    """The landed cost of one planned shipment, for the quote planner: one per quote.

    Called as `(destination_country=, origin_country=, lines=, shipping=, incoterm=, currency=, on=)`.
    A line without a valid HS code gets the destination's default rates (and a note). A destination without
    customs rules costs nothing here (the market rules decide whether it is served). Each distinct calculation
    is logged once per quote as a `landed_cost` decision: at once in `session`, or, with `defer`, kept in
    `decisions` for the caller to write with the quote (`compliance.evaluation.record_decisions`).

    A calculation is a pure function of its question, the rules in force and the day's rates, so answers are
    kept per process for as long as the rules and FX snapshots they were made under stay current.
    """

    def __init__(self, session: Session | None = None, *, defer: bool = False) -> None:
        if session is None and not defer:
            raise ValueError("without a session, decisions can only be deferred")
        self._session, self._defer = session, defer
        self.decisions: list[dict[str, Any]] = []
        self._seen: dict[tuple[Any, ...], PlannerLandedCost] = {}
        self._fx: dict[tuple[str, str], dict[str, Any]] = {}
        """Every pair this quote's calculations used, in order: what each answer's `fx` lists."""
        self._memo: _Memo | None = None

    def __call__(
        self,
        *,
        destination_country: str,
        origin_country: str,
        lines: Sequence[PlannerLine],
        shipping: Money,
        incoterm: Literal["DDP", "DAP"],
        currency: str,
        on: date,
    ) -> PlannerLandedCost:
        raw = tuple(ln.hs_code for ln in lines)
        key = (
            destination_country,
            origin_country,
            incoterm,
            currency,
            on,
            str(shipping.amount),
            shipping.currency,
            tuple(
                (
                    _valid_hs(code),
                    ln.quantity,
                    str(ln.unit_price.amount),
                    ln.unit_price.currency,
                    ln.origin_country,
                )
                for code, ln in zip(raw, lines, strict=True)
            ),
        )
        done = self._seen.get(key)
        if done is not None:
            return done
        memo = self._memo
        if memo is None:  # one rules and one FX snapshot for the whole quote
            memo = self._memo = _current_memo()
        answer = memo.answers.get((key, raw))  # an invalid code is named in the answer's notes
        if answer is None:
            answer = _answer(
                memo, destination_country, origin_country, lines, shipping, incoterm, currency, on
            )
            if len(memo.answers) >= ANSWER_CACHE_SIZE:
                memo.answers.clear()
            memo.answers[(key, raw)] = answer
        cost = answer.cost
        self._fx.update(answer.fx)
        if self._fx and "fx" in cost.detail:
            detail = dict(cost.detail)
            detail["fx"] = list(self._fx.values())
            cost = replace(cost, detail=detail)
        if answer.decisions:
            at = utc_now()
            rows = [{**d, "id": new_id("dec"), "at": at} for d in answer.decisions]
            if self._defer:
                self.decisions.extend(rows)
            else:
                assert self._session is not None
                record_decisions(self._session, rows)
        self._seen[key] = cost
        return cost


def _line_key(ln: PlannerLine) -> tuple[Any, ...]:
    """What a calculation reads of a line (its code as validated: the answer's notes name the code given)."""
    price = ln.unit_price
    return (_valid_hs(ln.hs_code), ln.quantity, str(price.amount), price.currency, ln.origin_country)


@lru_cache(maxsize=4096)
def _valid_hs(code: str | None) -> str:
    """The normalised goods code, or "" when it is not a valid one."""
    try:
        return validate_hs_code(code or "")
    except ValueError:
        return ""


def planner_landed_cost(session: Session) -> PlannerLandedCosts:
    """`PlannerLandedCosts` logging its decisions in `session` as it goes."""
    return PlannerLandedCosts(session)


def _answer(
    memo: _Memo,
    destination_country: str,
    origin_country: str,
    lines: Sequence[PlannerLine],
    shipping: Money,
    incoterm: Literal["DDP", "DAP"],
    currency: str,
    on: date,
) -> _Answer:
    items, notes = [], []
    for ln in lines:
        hs_code = _valid_hs(ln.hs_code)
        if not hs_code:
            notes.append(f"no valid HS code ({ln.hs_code!r}): the destination's default rates apply")
        items.append(Item(hs_code, ln.quantity, ln.unit_price, ln.origin_country))
    question = Question(
        destination=destination_country,
        destination_currency=destination_currency(destination_country, on),
        origin_country=origin_country,
        items=items,
        shipping=shipping,
        currency=currency,
        incoterm=incoterm,
        supply=supply_of(origin_country, destination_country),
        schemes_used=memo.schemes,
    )
    rules = memo.rules.get((destination_country, on))
    if rules is None:
        rules = memo.rules[(destination_country, on)] = rules_in_force(destination_country, on)
    if rules.empty:
        zero = Money.zero(currency)
        empty = PlannerLandedCost(zero, zero, zero, "border", (), {"note": "no customs rules in force"})
        return _Answer(empty, (), ())
    rates = Rates(None, on, {currency: "currency"}, book=memo.rates.book)
    result = calculate(question, rules, rates)
    read = to_read(result, on, rates).model_dump(mode="json")
    read["notes"] = [*read["notes"], *notes]
    cost = PlannerLandedCost(
        result.duties,
        result.taxes,
        result.fees,
        result.collection,
        tuple(f"{r.key}@{r.version}" for r in result.rules_applied),
        read,
        result.collected,
    )
    decisions = []
    for row in decision_rows(
        result, rules, subject_id=None, country=destination_country, input=_planner_input(question, on)
    ):
        del row["id"], row["at"]
        decisions.append(decision_texts(row))  # serialised once, logged by every quote asking the same
    fx = tuple(zip(rates.used, read["fx"], strict=True))
    return _Answer(cost, fx, tuple(decisions))


def _planner_input(q: Question, on: date) -> dict[str, Any]:
    """A planner calculation as a landed-cost request, so simulations can replay it."""
    return {
        "destination": {"country": q.destination},
        "origin_country": q.origin_country,
        "items": [
            {
                "hs_code": it.hs_code,  # "" (not replayable) when the line had no valid code
                "quantity": it.quantity,
                "unit_price": {"amount": it.unit_price.format_amount(), "currency": it.unit_price.currency},
                "origin_country": it.origin_country,
            }
            for it in q.items
        ],
        "shipping": {"amount": q.shipping.format_amount(), "currency": q.shipping.currency},
        "incoterm": q.incoterm,
        "currency": q.currency,
        "date": on.isoformat(),
    }


def _replay(data: dict[str, Any], topic: str) -> dict[str, Any]:
    """Recompute a logged landed cost with the rules in force now (or a candidate, in a simulation): what
    `topic` decides of it (the whole outcome for a decision logged under another topic, or `*`)."""
    try:
        request = LandedCostRequest.model_validate(data)
        with unit_of_work(write=False) as session:
            result, _, _, _ = calculate_landed_cost(session, request)
        outcomes = result.topic_outcomes()
        return outcomes[topic] if topic in outcomes else result.outcome()
    except AppError as exc:
        return {"error": exc.detail}
    except ValidationError as exc:
        return {"error": f"the logged input is not a landed-cost request: {exc.error_count()} problem(s)"}


register_replayer("landed_cost", _replay)

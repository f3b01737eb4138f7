"""The landed-cost calculation: a pure function of the question, the rule rows in force and an FX callable.

No database and no clock: `customs.service` gathers the rows in force and the rates and calls `calculate`, and
tests call it with rows and rates they make. The rows are read by the functions of
`compliance.topics.customs.engine` (the same ones the rule versions' test cases run), so a dry run of a rule
and a quote agree.

Conventions
-----------
- Customs works in the destination's currency: item values and shipping are converted into it (unrounded);
  thresholds and value bands stated in other currencies (USD 3, EUR 150) are converted into it and rounded
  half-even to its minor unit; each line's duty and tax is computed there, unrounded.
- Each line's duty and each line's tax is then converted into the shopper's `currency` and rounded half-even
  to its minor unit; `duties` and `taxes` are the sums of those rounded lines (so the lines always add up),
  each fee is rounded the same way and `fees` is their sum. Goods are the sum of the rounded line values.
- `total` = goods + shipping + duties + taxes + fees. DDP: the shopper pays the total at checkout. DAP: the
  shopper pays goods and shipping at checkout and the rest at the door, unless the destination's regime has
  the seller collect at checkout (IOSS, UK, AU, SG, MY, BR), in which case everything is paid at checkout.
- `duty_applied` / `tax_applied` are true when the de minimis threshold does not relieve the consignment of
  duty / tax (value above the threshold, or no threshold); listed goods (Indonesia) may still owe duty when
  the consignment is relieved, as their lines show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

from compliance.topics.customs.engine import (
    Consignment,
    DocumentRow,
    DutyRow,
    ImportThresholdRow,
    Line,
    TaxRow,
    assess_threshold,
    compute_duties,
    compute_taxes,
    required_documents,
)
from core.money import Money, currency_exponent
from customs.errors import NoCustomsRules

Rate = Callable[[str, str], Decimal]
"""`rate(base, quote)`: units of `quote` for one unit of `base` on the calculation's date."""

Incoterm = Literal["DDP", "DAP"]
Collection = Literal["checkout", "border"]


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One row in force and the rule version it comes from."""

    key: str
    version: int
    row: Any


@dataclass(frozen=True, slots=True)
class RulesInForce:
    thresholds: Sequence[RuleRow] = ()
    duties: Sequence[RuleRow] = ()
    taxes: Sequence[RuleRow] = ()
    documents: Sequence[RuleRow] = ()

    @property
    def empty(self) -> bool:
        """No threshold, duty or tax row: the destination has no customs rules (documents alone do not
        make a landed cost)."""
        return not (self.thresholds or self.duties or self.taxes)

    def versions(self, topic: str) -> tuple[str, ...]:
        """`key@version` of each rule version of `topic` in force (what a decision on the topic consulted)."""
        group = {
            "import_thresholds": self.thresholds,
            "duties": self.duties,
            "taxes": self.taxes,
            "documents": self.documents,
        }[topic]
        return tuple(dict.fromkeys(f"{r.key}@{r.version}" for r in group))


TOPICS_CONSULTED = ("import_thresholds", "duties", "taxes", "documents")
"""The rule topics one landed cost asks, each logged as a decision of its own."""


@dataclass(frozen=True, slots=True)
class Item:
    hs_code: str
    quantity: int
    unit_price: Money
    origin_country: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    destination: str
    destination_currency: str
    origin_country: str
    items: Sequence[Item]
    shipping: Money
    currency: str
    """The shopper's currency: every amount of the answer but the thresholds."""
    incoterm: Incoterm = "DDP"
    region: str | None = None
    channel: Literal["courier", "post"] = "courier"


@dataclass(frozen=True, slots=True)
class LineCost:
    hs_code: str
    quantity: int
    value: Money
    duty: Money
    tax: Money
    duty_rate: Decimal | None
    """The ad valorem rate of the duty row applied (None: no row, or relieved)."""
    duty_label: str | None
    tax_rate: Decimal
    """The sum of the tax rows' rates applied to the line."""


@dataclass(frozen=True, slots=True)
class FeeCost:
    label: str
    amount: Money


@dataclass(frozen=True, slots=True)
class AppliedRule:
    topic: str
    key: str
    version: int
    detail: str
    unconfirmed: bool = False


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    """A form, identifier or requirement the consignment needs, and the rule version asking for it."""

    document: str
    kind: str
    party: str | None
    key: str
    version: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "kind": self.kind,
            "party": self.party,
            "rule_set": self.key,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class LandedCost:
    currency: str
    destination_currency: str
    incoterm: Incoterm
    goods: Money
    shipping: Money
    duties: Money
    taxes: Money
    fees: Money
    total: Money
    due_at_checkout: Money
    due_on_delivery: Money
    lines: tuple[LineCost, ...]
    fee_lines: tuple[FeeCost, ...]
    duty_threshold: Money | None
    tax_threshold: Money | None
    duty_applied: bool
    tax_applied: bool
    collection: Collection
    scheme: str
    rules_applied: tuple[AppliedRule, ...]
    notes: tuple[str, ...] = field(default=())
    documents: tuple[RequiredDocument, ...] = field(default=())

    def outcome(self) -> dict[str, Any]:
        """The JSON-able summary logged with the decision (and compared by simulations)."""

        def m(x: Money | None) -> str | None:
            return None if x is None else str(x)

        return {
            "currency": self.currency,
            "duties": m(self.duties),
            "taxes": m(self.taxes),
            "fees": m(self.fees),
            "total": m(self.total),
            "lines": [{"hs_code": ln.hs_code, "duty": m(ln.duty), "tax": m(ln.tax)} for ln in self.lines],
            "duty_threshold": m(self.duty_threshold),
            "tax_threshold": m(self.tax_threshold),
            "duty_applied": self.duty_applied,
            "tax_applied": self.tax_applied,
            "collection": self.collection,
            "rules": [f"{r.key}@{r.version}" for r in self.rules_applied],
        }

    def topic_outcomes(self) -> dict[str, dict[str, Any]]:
        """What each topic consulted decided (`TOPICS_CONSULTED`), JSON-able: one decision per topic in the
        log, so a simulation of a draft of any of them replays what that topic decided. Each names the rule
        versions whose rows applied."""

        def m(x: Money | None) -> str | None:
            return None if x is None else str(x)

        def applied(*topics: str) -> list[str]:
            return [f"{r.key}@{r.version}" for r in self.rules_applied if r.topic in topics]

        return {
            "import_thresholds": {
                "duty_threshold": m(self.duty_threshold),
                "tax_threshold": m(self.tax_threshold),
                "duty_applied": self.duty_applied,
                "tax_applied": self.tax_applied,
                "collection": self.collection,
                "scheme": self.scheme,
                "rules": applied("import_thresholds"),
            },
            "duties": {
                "duties": m(self.duties),
                "lines": [
                    {
                        "hs_code": ln.hs_code,
                        "duty": m(ln.duty),
                        "rate": None if ln.duty_rate is None else f"{ln.duty_rate.normalize():f}",
                    }
                    for ln in self.lines
                ],
                "rules": applied("duties"),
            },
            "taxes": {
                "taxes": m(self.taxes),
                "fees": m(self.fees),
                "lines": [
                    {"hs_code": ln.hs_code, "tax": m(ln.tax), "rate": f"{ln.tax_rate.normalize():f}"}
                    for ln in self.lines
                ],
                "fee_lines": [{"label": f.label, "amount": m(f.amount)} for f in self.fee_lines],
                "rules": applied("taxes"),
            },
            "documents": {"documents": [d.as_dict() for d in self.documents]},
        }


def _pct(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


def _duty_detail(row: DutyRow) -> str:
    what = f"HS {row.hs_prefix}" if row.hs_prefix else "default"
    parts = [f"{row.label} {_pct(row.rate)} ({what})"] if row.rate or row.flat is None else [row.label]
    if row.flat is not None:
        parts.append(f"{row.flat} {row.flat_currency} per {row.flat_per}")
    if row.deduction is not None:
        parts.append(f"less {row.deduction} {row.deduction_currency}")
    return ", ".join(parts)


def calculate(q: Question, rules: RulesInForce, rate: Rate) -> LandedCost:
    """The landed cost of one consignment; raises NoCustomsRules when no rule is in force at all."""
    if rules.empty:
        raise NoCustomsRules.for_field(
            "destination.country", f"no customs rules in force for {q.destination}"
        )
    dest, out = q.destination_currency, q.currency

    def to_dest(amount: Decimal, currency: str) -> Decimal:
        return amount if currency == dest else amount * rate(currency, dest)

    line_goods = [to_dest(it.unit_price.amount * it.quantity, it.unit_price.currency) for it in q.items]
    consignment = Consignment(
        country=q.destination,
        origin=q.origin_country,
        currency=dest,
        goods=sum(line_goods, Decimal(0)),
        shipping=to_dest(q.shipping.amount, q.shipping.currency),
        convert=to_dest,
        goods_origins=frozenset(it.origin_country or q.origin_country for it in q.items),
        channel=q.channel,
        region=q.region,
    )
    lines = [
        Line(it.hs_code, goods, it.quantity, it.origin_country)
        for it, goods in zip(q.items, line_goods, strict=True)
    ]
    refs: dict[int, RuleRow] = {
        id(r.row): r for group in (rules.thresholds, rules.duties, rules.taxes) for r in group
    }
    threshold_rows: list[ImportThresholdRow] = [r.row for r in rules.thresholds]
    duty_rows: list[DutyRow] = [r.row for r in rules.duties]
    tax_rows: list[TaxRow] = [r.row for r in rules.taxes]

    threshold = assess_threshold(threshold_rows, consignment)
    duties = compute_duties(duty_rows, consignment, lines, relief=threshold.duty_relief)
    taxes, fees = compute_taxes(
        tax_rows, consignment, lines, [d.amount for d in duties], relief=threshold.tax_relief
    )

    to_out = Decimal(1) if dest == out else rate(dest, out)
    quantum = Decimal(1).scaleb(-currency_exponent(out))

    def out_money(amount: Decimal, currency: str = dest) -> Money:
        factor = to_out if currency == dest else (Decimal(1) if currency == out else rate(currency, out))
        return Money((amount * factor).quantize(quantum, ROUND_HALF_EVEN), out)

    line_costs = []
    duty_sum = tax_sum = Decimal(0)
    for it, d, t in zip(q.items, duties, taxes, strict=True):
        duty, tax = out_money(d.amount), out_money(t.amount)
        duty_sum += duty.amount
        tax_sum += tax.amount
        line_costs.append(
            LineCost(
                hs_code=it.hs_code,
                quantity=it.quantity,
                value=out_money(it.unit_price.amount * it.quantity, it.unit_price.currency),
                duty=duty,
                tax=tax,
                duty_rate=None if d.row is None or d.relieved else d.row.rate,
                duty_label=None if d.row is None or d.relieved else d.row.label,
                tax_rate=sum((p.row.rate for p in t.parts if not t.relieved), Decimal(0)),
            )
        )
    fee_costs = [FeeCost(f.row.label or f.row.kind, out_money(f.amount)) for f in fees]

    goods = Money(sum((ln.value.amount for ln in line_costs), Decimal(0)), out)
    shipping = out_money(q.shipping.amount, q.shipping.currency)
    duty_total, tax_total = Money(duty_sum, out), Money(tax_sum, out)
    fee_total = Money(sum((f.amount.amount for f in fee_costs), Decimal(0)), out)
    total = goods + shipping + duty_total + tax_total + fee_total
    zero = Money.zero(out)
    if q.incoterm == "DDP" or threshold.collection == "checkout":
        at_checkout, on_delivery = total, zero
    else:
        at_checkout, on_delivery = goods + shipping, duty_total + tax_total + fee_total

    # The rows used, each once, in order: the threshold, the duty rows, the tax rows, the fees.
    used: dict[int, tuple[str, Any]] = {}
    if threshold.row is not None:
        used[id(threshold.row)] = ("import_thresholds", threshold.row)
    for d in duties:
        if d.row is not None and not d.relieved:
            used.setdefault(id(d.row), ("duties", d.row))
    for t in taxes:
        if not t.relieved:
            for p in t.parts:
                used.setdefault(id(p.row), ("taxes", p.row))
    for f in fees:
        used.setdefault(id(f.row), ("fees", f.row))
    applied: list[AppliedRule] = []
    indicative = False
    for topic, row in used.values():
        ref = refs[id(row)]
        if topic == "import_thresholds":
            detail = row.note or "import threshold"
        elif topic == "duties":
            detail = _duty_detail(row)
            indicative = indicative or row.note.startswith("indicative")
        elif topic == "taxes":
            detail = f"{row.label or row.kind} {_pct(row.rate)}"
        else:
            topic, detail = "taxes", f"{row.label or row.kind}: {row.flat} {row.flat_currency}"
        applied.append(AppliedRule(topic, ref.key, ref.version, detail, bool(row.unconfirmed)))
    rules_applied = tuple(applied)
    notes = [f"{r.key}@{r.version}: {r.detail} (unconfirmed)" for r in rules_applied if r.unconfirmed]
    if indicative:
        notes.append(
            "some duty rates applied are indicative MFN rates for the heading, not the full tariff code"
        )
    if not rules.thresholds:
        notes.append("no import-threshold rule in force: no de minimis relief assumed")

    return LandedCost(
        currency=out,
        destination_currency=dest,
        incoterm=q.incoterm,
        goods=goods,
        shipping=shipping,
        duties=duty_total,
        taxes=tax_total,
        fees=fee_total,
        total=total,
        due_at_checkout=at_checkout,
        due_on_delivery=on_delivery,
        lines=tuple(line_costs),
        fee_lines=tuple(fee_costs),
        duty_threshold=None if threshold.duty_threshold is None else Money(threshold.duty_threshold, dest),
        tax_threshold=None if threshold.tax_threshold is None else Money(threshold.tax_threshold, dest),
        duty_applied=not threshold.duty_relief,
        tax_applied=not threshold.tax_relief,
        collection=threshold.collection,
        scheme=threshold.scheme,
        rules_applied=rules_applied,
        notes=tuple(notes),
        documents=_documents(rules.documents, consignment, threshold.collection),
    )


def _documents(
    rows: Sequence[RuleRow], consignment: Consignment, collection: Collection
) -> tuple[RequiredDocument, ...]:
    """The documents the consignment needs under the collection decided, each with its rule version."""
    refs = {id(r.row): r for r in rows}
    document_rows: list[DocumentRow] = [r.row for r in rows]
    return tuple(
        RequiredDocument(d.document, d.kind, d.party, refs[id(d)].key, refs[id(d)].version)
        for d in required_documents(document_rows, consignment, collection=collection)
    )

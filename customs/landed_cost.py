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
- `total` = goods + shipping + duties + taxes + fees. Where each charge is collected follows the law before
  the incoterm (`charges`, each with its `scheme`): a domestic sale (the goods ship from inside the
  destination's tax territory) owes no duty and no fee, only the VAT/GST of the same tax rows, charged at
  checkout (`domestic`; `OSS` between two EU member states); a point-of-sale scheme in force for the
  consignment (mandatory: UK VAT up to GBP 135, AU GST up to AUD 1,000, SG GST up to SGD 400, MY, BR; or
  optional and used by the platform: IOSS up to EUR 150) is collected at checkout whatever the incoterm;
  any other import (`import`) is prepaid at checkout under DDP and paid by the shopper at the border under
  DAP. `due_at_checkout` and `due_on_delivery` add up to the total.
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
    Collection,
    Consignment,
    Converter,
    DocumentRow,
    DutyRow,
    Fee,
    ImportThresholdRow,
    Line,
    LineDuty,
    LineTax,
    TaxRow,
    ThresholdOutcome,
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
Supply = Literal["import", "domestic"]

IMPORT = "import"
"""The scheme of an import outside any point-of-sale scheme: declared and paid at clearance."""
DOMESTIC = "domestic"
"""The scheme of a sale from a warehouse in the destination country: its VAT/GST, charged at the sale."""
INTRA_UNION = "OSS"
"""A sale between two EU member states: the destination's VAT, declared in the One-Stop Shop."""


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
    supply: Supply = "import"
    """domestic: the goods ship from inside the destination's tax territory (no customs, its VAT/GST)."""
    schemes_used: frozenset[str] | None = None
    """The optional point-of-sale schemes the platform uses (IOSS); None: every one."""


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
class Charge:
    """A duty, a tax of one kind or a fee of the consignment: its scheme and where it is collected."""

    category: Literal["duty", "tax", "fee"]
    kind: str
    """duty, vat, gst, icms, sales_tax, ... or fee."""
    label: str
    amount: Money
    scheme: str
    """import, domestic, OSS, or the point-of-sale scheme (IOSS, UK VAT point of sale, AU GST LVIG, ...)."""
    collected: Collection
    """checkout: in the payment at the sale (tax payable); border: by the shopper at delivery."""


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
    """Where the scheme collects: checkout (a point-of-sale scheme, a domestic sale) or border."""
    scheme: str
    """import, domestic, OSS or the point-of-sale scheme that applied."""
    rules_applied: tuple[AppliedRule, ...]
    supply: Supply = "import"
    charges: tuple[Charge, ...] = ()
    notes: tuple[str, ...] = field(default=())
    documents: tuple[RequiredDocument, ...] = field(default=())

    @property
    def collected(self) -> Collection:
        """Where this consignment's charges are collected (all in one place: one scheme applies)."""
        return "border" if self.due_on_delivery.amount else "checkout"

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
            "scheme": self.scheme,
            "charges": [
                {"kind": c.kind, "amount": m(c.amount), "scheme": c.scheme, "collected": c.collected}
                for c in self.charges
            ],
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
                "scheme": self.scheme,
                "charges": [
                    {"kind": c.kind, "amount": m(c.amount), "scheme": c.scheme, "collected": c.collected}
                    for c in self.charges
                ],
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


@dataclass(frozen=True, slots=True)
class _Assessed:
    """The engine's answer for one consignment, in the destination's currency, unrounded."""

    threshold: ThresholdOutcome
    duties: list[LineDuty]
    taxes: list[LineTax]
    fees: list[Fee]


def calculate(q: Question, rules: RulesInForce, rate: Rate) -> LandedCost:
    """The landed cost of one consignment; raises NoCustomsRules when no rule is in force at all."""
    if rules.empty:
        raise NoCustomsRules.for_field(
            "destination.country", f"no customs rules in force for {q.destination}"
        )
    dest, out = q.destination_currency, q.currency

    def to_dest(amount: Decimal, currency: str) -> Decimal:
        return amount if currency == dest else amount * rate(currency, dest)

    consignment, lines = _consignment(q, to_dest)
    found = _assess(q, rules, consignment, lines)
    to_out = Decimal(1) if dest == out else rate(dest, out)
    quantum = Decimal(1).scaleb(-currency_exponent(out))

    def out_money(amount: Decimal, currency: str = dest) -> Money:
        factor = to_out if currency == dest else (Decimal(1) if currency == out else rate(currency, out))
        return Money((amount * factor).quantize(quantum, ROUND_HALF_EVEN), out)

    line_costs = _line_costs(q, found, out_money)
    fee_costs = tuple(FeeCost(f.row.label or f.row.kind, out_money(f.amount)) for f in found.fees)
    goods = Money(sum((ln.value.amount for ln in line_costs), Decimal(0)), out)
    shipping = out_money(q.shipping.amount, q.shipping.currency)
    duty_total = sum((ln.duty for ln in line_costs), Money.zero(out))
    tax_total = sum((ln.tax for ln in line_costs), Money.zero(out))
    fee_total = sum((f.amount for f in fee_costs), Money.zero(out))
    scheme, collection, collected = _scheme(q, found.threshold)
    charges = _charges(found, duty_total, tax_total, fee_costs, scheme, collected)
    at_door = sum((c.amount for c in charges if c.collected == "border"), Money.zero(out))
    total = goods + shipping + duty_total + tax_total + fee_total
    rules_applied = _rules_applied(rules, found)
    t = found.threshold
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
        due_at_checkout=total - at_door,
        due_on_delivery=at_door,
        lines=line_costs,
        fee_lines=fee_costs,
        duty_threshold=None if t.duty_threshold is None else Money(t.duty_threshold, dest),
        tax_threshold=None if t.tax_threshold is None else Money(t.tax_threshold, dest),
        duty_applied=not t.duty_relief,
        tax_applied=not t.tax_relief,
        collection=collection,
        scheme=scheme,
        supply=q.supply,
        charges=charges,
        rules_applied=rules_applied,
        notes=_notes(q, rules, rules_applied, found),
        documents=() if q.supply == "domestic" else _documents(rules.documents, consignment, collection),
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


def _consignment(q: Question, to_dest: Converter) -> tuple[Consignment, list[Line]]:
    """The consignment and its lines in the destination's currency (unrounded)."""
    line_goods = [to_dest(it.unit_price.amount * it.quantity, it.unit_price.currency) for it in q.items]
    consignment = Consignment(
        country=q.destination,
        origin=q.origin_country,
        currency=q.destination_currency,
        goods=sum(line_goods, Decimal(0)),
        shipping=to_dest(q.shipping.amount, q.shipping.currency),
        convert=to_dest,
        goods_origins=frozenset(it.origin_country or q.origin_country for it in q.items),
        channel=q.channel,
        region=q.region,
        schemes_used=q.schemes_used,
    )
    lines = [
        Line(it.hs_code, goods, it.quantity, it.origin_country)
        for it, goods in zip(q.items, line_goods, strict=True)
    ]
    return consignment, lines


NO_THRESHOLD = ThresholdOutcome(None, None, None, False, False, "border", "")
"""A domestic sale: no de minimis (nothing is imported), every tax due."""


def _assess(q: Question, rules: RulesInForce, c: Consignment, lines: Sequence[Line]) -> _Assessed:
    """Threshold, duties, taxes and fees of an import; a domestic sale owes only the same rows' taxes."""
    tax_rows: list[TaxRow] = [r.row for r in rules.taxes]
    if q.supply == "domestic":
        duties = [LineDuty(None, ln.goods, Decimal(0), False) for ln in lines]
        taxes, _ = compute_taxes(tax_rows, c, lines, [Decimal(0)] * len(lines))
        return _Assessed(NO_THRESHOLD, duties, taxes, [])
    threshold_rows: list[ImportThresholdRow] = [r.row for r in rules.thresholds]
    duty_rows: list[DutyRow] = [r.row for r in rules.duties]
    threshold = assess_threshold(threshold_rows, c)
    duties = compute_duties(duty_rows, c, lines, relief=threshold.duty_relief)
    taxes, fees = compute_taxes(tax_rows, c, lines, [d.amount for d in duties], relief=threshold.tax_relief)
    return _Assessed(threshold, duties, taxes, fees)


def _line_costs(q: Question, found: _Assessed, out_money: Callable[..., Money]) -> tuple[LineCost, ...]:
    return tuple(
        LineCost(
            hs_code=it.hs_code,
            quantity=it.quantity,
            value=out_money(it.unit_price.amount * it.quantity, it.unit_price.currency),
            duty=out_money(d.amount),
            tax=out_money(t.amount),
            duty_rate=None if d.row is None or d.relieved else d.row.rate,
            duty_label=None if d.row is None or d.relieved else d.row.label,
            tax_rate=sum((p.row.rate for p in t.parts if not t.relieved), Decimal(0)),
        )
        for it, d, t in zip(q.items, found.duties, found.taxes, strict=True)
    )


def _scheme(q: Question, threshold: ThresholdOutcome) -> tuple[str, Collection, Collection]:
    """The scheme the charges fall under, where that scheme collects, and where they are collected.

    The law first: a domestic sale's tax is the seller's, charged at the sale; a point-of-sale scheme in
    force for the consignment (mandatory, or optional and used by the platform) collects at checkout whatever
    the incoterm. Only an import outside such a scheme follows the incoterm: DDP prepaid at checkout, DAP
    paid by the shopper at the border."""
    if q.supply == "domestic":
        return (DOMESTIC if q.origin_country == q.destination else INTRA_UNION), "checkout", "checkout"
    if threshold.collection == "checkout":
        return threshold.scheme or IMPORT, "checkout", "checkout"
    return IMPORT, "border", "checkout" if q.incoterm == "DDP" else "border"


def _charges(
    found: _Assessed,
    duty_total: Money,
    tax_total: Money,
    fee_costs: Sequence[FeeCost],
    scheme: str,
    collected: Collection,
) -> tuple[Charge, ...]:
    """The duties, each tax kind and each fee, with its scheme and where it is collected (none of zero).

    A kind's amount is its share of the rounded tax total (by its unrounded amount), so the kinds add up."""
    charges = []
    if duty_total.amount:
        charges.append(Charge("duty", "duty", "customs duty", duty_total, scheme, collected))
    by_kind: dict[str, tuple[str, Decimal]] = {}
    for t in found.taxes:
        for p in t.parts:
            label, amount = by_kind.get(p.row.kind, (p.row.label or p.row.kind, Decimal(0)))
            by_kind[p.row.kind] = (label, amount + p.amount)
    weights = [max(amount, Decimal(0)) for _, amount in by_kind.values()]
    if tax_total.amount and sum(weights, Decimal(0)):
        shares = tax_total.allocate(weights)
        for (kind, (label, _)), share in zip(by_kind.items(), shares, strict=True):
            if share.amount:
                charges.append(Charge("tax", kind, label, share, scheme, collected))
    charges.extend(
        Charge("fee", "fee", f.label, f.amount, scheme, collected) for f in fee_costs if f.amount.amount
    )
    return tuple(charges)


def _rules_applied(rules: RulesInForce, found: _Assessed) -> tuple[AppliedRule, ...]:
    """The rows used, each once, in order: the threshold, the duty rows, the tax rows, the fees."""
    refs: dict[int, RuleRow] = {
        id(r.row): r for group in (rules.thresholds, rules.duties, rules.taxes) for r in group
    }
    used: dict[int, tuple[str, Any]] = {}
    if found.threshold.row is not None:
        used[id(found.threshold.row)] = ("import_thresholds", found.threshold.row)
    for d in found.duties:
        if d.row is not None and not d.relieved:
            used.setdefault(id(d.row), ("duties", d.row))
    for t in found.taxes:
        if not t.relieved:
            for p in t.parts:
                used.setdefault(id(p.row), ("taxes", p.row))
    for f in found.fees:
        used.setdefault(id(f.row), ("fees", f.row))
    applied = []
    for topic, row in used.values():
        ref = refs[id(row)]
        if topic == "import_thresholds":
            detail = row.note or "import threshold"
        elif topic == "duties":
            detail = _duty_detail(row)
        elif topic == "taxes":
            detail = f"{row.label or row.kind} {_pct(row.rate)}"
        else:
            topic, detail = "taxes", f"{row.label or row.kind}: {row.flat} {row.flat_currency}"
        applied.append(AppliedRule(topic, ref.key, ref.version, detail, bool(row.unconfirmed)))
    return tuple(applied)


def _notes(
    q: Question, rules: RulesInForce, applied: Sequence[AppliedRule], found: _Assessed
) -> tuple[str, ...]:
    notes = [f"{r.key}@{r.version}: {r.detail} (unconfirmed)" for r in applied if r.unconfirmed]
    if any(
        d.row is not None and not d.relieved and d.row.note.startswith("indicative") for d in found.duties
    ):
        notes.append(
            "some duty rates applied are indicative MFN rates for the heading, not the full tariff code"
        )
    if q.supply == "domestic":
        notes.append(
            f"shipped from inside {q.destination}'s tax territory: a domestic sale, no customs; its VAT/GST"
            " is charged at checkout"
        )
    elif not rules.thresholds:
        notes.append("no import-threshold rule in force: no de minimis relief assumed")
    return tuple(notes)

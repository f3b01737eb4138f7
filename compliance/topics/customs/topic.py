"""The customs topics as compliance sees them: the questions each table answers in JSON, and registration.

`evaluate` inputs take amounts in one `currency`; a row amount in another currency needs its rate in `rates`
(units of `currency` for one unit of the other), else the outcome is `{"error": ...}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from compliance.topics import TopicSpec, register
from compliance.topics.customs.engine import (
    Consignment,
    Line,
    MissingRate,
    assess_threshold,
    compute_duties,
    compute_taxes,
    quantize,
    required_documents,
)
from compliance.topics.customs.models import (
    Amount,
    Channel,
    Collection,
    Country,
    Currency,
    Dec,
    DocumentRow,
    DutyRow,
    HsCode,
    ImportThresholdRow,
    Region,
    TaxRow,
)

# --- evaluate: the topics' questions in JSON ----------------------------------------------------------


class _Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country
    origin: Country
    currency: Currency = Field(description="The currency of every amount in the question")
    shipping: Amount = Decimal(0)
    channel: Channel = "courier"
    region: Region | None = None
    rates: dict[str, Dec] = Field(
        default_factory=dict, description="Units of `currency` for one unit of each other currency"
    )

    def consignment(self, goods: Decimal, goods_origins: Sequence[str] = ()) -> Consignment:
        rates = self.rates

        def convert(amount: Decimal, currency: str) -> Decimal:
            rate = rates.get(currency)
            if rate is None:
                raise MissingRate(currency)
            return amount * rate

        return Consignment(
            self.country,
            self.origin,
            self.currency,
            goods,
            self.shipping,
            convert,
            frozenset(goods_origins),
            self.channel,
            self.region,
        )


class LineInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hs_code: HsCode
    value: Amount = Field(description="The line's value (all units), in the question's currency")
    quantity: int = Field(default=1, ge=1, le=1_000_000)
    origin: Country | None = None
    duty: Amount = Field(default=Decimal(0), description="Taxes only: the line's duty")


class ThresholdInput(_Question):
    goods: Amount
    goods_origins: list[Country] = Field(default_factory=list)
    schemes_used: list[str] | None = Field(
        default=None, description="The optional point-of-sale schemes the platform uses (None: every one)"
    )


class DutyInput(_Question):
    lines: list[LineInput] = Field(min_length=1, max_length=500)
    relief: bool = Field(default=False, description="The de minimis threshold relieves the consignment")


class TaxInput(_Question):
    lines: list[LineInput] = Field(min_length=1, max_length=500)
    relief: bool = False


class DocumentInput(_Question):
    goods: Amount
    collection: Collection | None = None


def _money(amount: Decimal, currency: str) -> str:
    return str(quantize(amount, currency))


def _lines(data: DutyInput | TaxInput) -> list[Line]:
    return [Line(ln.hs_code, ln.value, ln.quantity, ln.origin) for ln in data.lines]


def _goods(data: DutyInput | TaxInput) -> Decimal:
    return sum((ln.value for ln in data.lines), Decimal(0))


def _missing(exc: MissingRate) -> dict[str, Any]:
    return {"error": f"no rate for {exc.args[0]} in `rates`"}


def evaluate_thresholds(rows: Sequence[ImportThresholdRow], data: ThresholdInput) -> dict[str, Any]:
    try:
        c = data.consignment(data.goods, data.goods_origins)
        if data.schemes_used is not None:
            c = replace(c, schemes_used=frozenset(data.schemes_used))
        o = assess_threshold(rows, c)
    except MissingRate as exc:
        return _missing(exc)
    cur = data.currency
    return {
        "duty_threshold": None if o.duty_threshold is None else _money(o.duty_threshold, cur),
        "tax_threshold": None if o.tax_threshold is None else _money(o.tax_threshold, cur),
        "currency": cur,
        "duty_relief": o.duty_relief,
        "tax_relief": o.tax_relief,
        "collection": o.collection,
        "scheme": o.scheme,
        "note": o.row.note if o.row else "no threshold row matches",
    }


def evaluate_duties(rows: Sequence[DutyRow], data: DutyInput) -> dict[str, Any]:
    try:
        c = data.consignment(_goods(data))
        duties = compute_duties(rows, c, _lines(data), relief=data.relief)
    except MissingRate as exc:
        return _missing(exc)
    cur = data.currency
    lines = [quantize(d.amount, cur) for d in duties]
    return {
        "currency": cur,
        "lines": [
            {
                "hs_code": ln.hs_code,
                "duty": str(amount),
                "rate": None if d.row is None else str(d.row.rate),
                "label": None if d.row is None else d.row.label,
                "relieved": d.relieved,
            }
            for ln, d, amount in zip(data.lines, duties, lines, strict=True)
        ],
        "total": str(sum(lines, Decimal(0))),
    }


def evaluate_taxes(rows: Sequence[TaxRow], data: TaxInput) -> dict[str, Any]:
    try:
        c = data.consignment(_goods(data))
        taxes, fees = compute_taxes(rows, c, _lines(data), [ln.duty for ln in data.lines], relief=data.relief)
    except MissingRate as exc:
        return _missing(exc)
    cur = data.currency
    rounded = [quantize(t.amount, cur) for t in taxes]
    fee_total = sum((f.amount for f in fees), Decimal(0))
    return {
        "currency": cur,
        "lines": [
            {
                "hs_code": ln.hs_code,
                "tax": str(amount),
                "parts": [
                    {
                        "kind": p.row.kind,
                        "label": p.row.label,
                        "rate": str(p.row.rate),
                        "amount": _money(p.amount, cur),
                    }
                    for p in t.parts
                ],
            }
            for ln, t, amount in zip(data.lines, taxes, rounded, strict=True)
        ],
        "taxes": str(sum(rounded, Decimal(0))),
        "fees": _money(fee_total, cur),
        "fee_lines": [
            {"kind": f.row.kind, "label": f.row.label, "amount": _money(f.amount, cur)} for f in fees
        ],
    }


def evaluate_documents(rows: Sequence[DocumentRow], data: DocumentInput) -> dict[str, Any]:
    try:
        docs = required_documents(rows, data.consignment(data.goods), collection=data.collection)
    except MissingRate as exc:
        return _missing(exc)
    return {
        "forms": [d.document for d in docs if d.kind == "form"],
        "identifiers": [{"document": d.document, "party": d.party} for d in docs if d.kind == "identifier"],
        "requirements": [d.document for d in docs if d.kind == "requirement"],
    }


register(
    TopicSpec(
        "import_thresholds",
        ImportThresholdRow,
        ThresholdInput,
        evaluate_thresholds,
        "De minimis: duty and tax thresholds per destination (and origin), and who collects the tax.",
    )
)
register(
    TopicSpec(
        "duties",
        DutyRow,
        DutyInput,
        evaluate_duties,
        "Customs duty by destination and HS prefix: ad valorem, flat, value bands, deductions.",
    )
)
register(
    TopicSpec(
        "taxes",
        TaxRow,
        TaxInput,
        evaluate_taxes,
        "Import VAT/GST/sales tax per destination (and region), and per-consignment fees.",
    )
)
register(
    TopicSpec(
        "documents",
        DocumentRow,
        DocumentInput,
        evaluate_documents,
        "Customs forms and identifiers a consignment needs (CN22/CN23, IOSS, EORI, recipient tax ids).",
    )
)

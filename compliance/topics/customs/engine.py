"""The customs engine: how the rule tables answer one consignment (thresholds, duties, taxes, documents).

Pure functions of rows and a consignment, no database and no clock. The same functions serve the version test
cases, dry runs and simulations (through each topic's `evaluate`, in `topic`) and the landed-cost calculation
in `customs/` (which gathers the rows in force and the FX rates, and calls `assess_threshold`,
`compute_duties`, `compute_taxes` and `required_documents` here): one reading of the rules, not two.

How rows are read
-----------------
- A row matches a consignment when its `country` is the destination or `*`, its `origins` (if any) contain the
  origin, its `channels` (if any) contain the channel, its `regions` (taxes, if any) contain the destination
  region, and its value band (if any) contains the consignment value.
- Among matching rows the most specific wins: a banded row (a low-value regime such as the EU's flat duty or
  Mexico's courier rates) over an unbanded one, then an origin-specific row (a preference such as CUSMA) over
  a general one, then the longest HS prefix (`""`/`*` is the default row), then a country-specific row, then a
  channel-specific one; among equals, the first row. Taxes pick one row per `kind` (VAT, ICMS, GST...).
- Amounts and rates are decimal strings (never floats); rates are percentages (`"16.5"`). Each amount that a
  row states has its own currency (EUR 150, USD 3, ...) and is converted to the consignment's currency before
  it is compared or charged; converted thresholds round half-even to that currency's minor unit.
- A value band is `min_value < value <= max_value` in `band_currency`, on the `band_basis` value; a threshold
  relieves a consignment whose value is at or below it. Effective dates are not in rows: versions carry them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TypeVar

from compliance.topics.customs.models import (
    BandedRow,
    Collection,
    CustomsRow,
    DocumentRow,
    DutyRow,
    ImportThresholdRow,
    TaxRow,
)
from core.money import currency_exponent

__all__ = [
    "Collection",
    "Consignment",
    "Converter",
    "DocumentRow",
    "DutyRow",
    "Fee",
    "ImportThresholdRow",
    "Line",
    "LineDuty",
    "LineTax",
    "MissingRate",
    "TaxPart",
    "TaxRow",
    "ThresholdOutcome",
    "assess_threshold",
    "compute_duties",
    "compute_taxes",
    "in_band",
    "quantize",
    "required_documents",
    "select_duty",
    "select_threshold",
    "shipping_shares",
]

# --- the question, in one currency -------------------------------------------------------------------

Converter = Callable[[Decimal, str], Decimal]
"""`convert(amount, currency)`: `amount` of `currency` in the consignment's currency (unrounded)."""


class MissingRate(LookupError):
    """No rate to convert a row's amount into the consignment's currency."""


@dataclass(frozen=True, slots=True)
class Consignment:
    """A consignment as the tables see it: all amounts in `currency` (the destination's, in landed cost)."""

    country: str
    origin: str
    currency: str
    goods: Decimal
    shipping: Decimal
    convert: Converter
    goods_origins: frozenset[str] = frozenset()
    channel: str = "courier"
    region: str | None = None
    schemes_used: frozenset[str] | None = None
    """The optional point-of-sale schemes the seller uses (IOSS); None: every one."""

    def uses(self, row: ImportThresholdRow) -> bool:
        """The row's point-of-sale scheme applies: it is mandatory, or optional and used."""
        return not row.optional or self.schemes_used is None or row.scheme in self.schemes_used

    def value(self, basis: str) -> Decimal:
        return self.goods + self.shipping if basis == "goods_and_shipping" else self.goods

    def amount(self, value: Decimal, currency: str) -> Decimal:
        """A row's amount in this consignment's currency, rounded half-even to its minor unit."""
        return quantize(value if currency == self.currency else self.convert(value, currency), self.currency)


@dataclass(frozen=True, slots=True)
class Line:
    hs_code: str
    goods: Decimal
    """The line's value (unit price x quantity) in the consignment's currency."""
    quantity: int = 1
    origin: str | None = None
    """Where the goods were made; the consignment's origin when None."""


def quantize(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-currency_exponent(currency)), rounding=ROUND_HALF_EVEN)


def _base_ok(row: CustomsRow, c: Consignment) -> bool:
    return (
        (row.country == "*" or row.country == c.country)
        and (row.channels is None or c.channel in row.channels)
        and (not isinstance(row, TaxRow) or row.regions is None or c.region in row.regions)
    )


def in_band(row: BandedRow, c: Consignment) -> bool:
    if row.min_value is None and row.max_value is None:
        return True
    currency = row.band_currency or c.currency
    value = c.value(row.band_basis)
    if row.min_value is not None and value <= c.amount(row.min_value, currency):
        return False
    return row.max_value is None or value <= c.amount(row.max_value, currency)


def _origin_ok(row: CustomsRow, origin: str) -> bool:
    return row.origins is None or origin in row.origins


def _rank(row: CustomsRow) -> tuple[bool, bool, bool, int, bool, bool]:
    return row.rank


R = TypeVar("R", bound=CustomsRow)


def _best(rows: Sequence[R]) -> R | None:
    best: R | None = None
    best_rank: tuple[bool, bool, bool, int, bool, bool] | None = None
    for row in rows:
        rank = _rank(row)
        if best_rank is None or rank > best_rank:
            best, best_rank = row, rank
    return best


# --- import thresholds ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThresholdOutcome:
    row: ImportThresholdRow | None
    duty_threshold: Decimal | None
    """In the consignment's currency, rounded to its minor unit; None: no duty relief."""
    tax_threshold: Decimal | None
    duty_relief: bool
    tax_relief: bool
    collection: Collection
    scheme: str


def select_threshold(rows: Sequence[ImportThresholdRow], c: Consignment) -> ImportThresholdRow | None:
    def origin_ok(row: ImportThresholdRow) -> bool:
        if row.origins is None or c.origin in row.origins:
            return True
        return row.match_goods_origin and not c.goods_origins.isdisjoint(row.origins)

    return _best([r for r in rows if _base_ok(r, c) and origin_ok(r)])


def assess_threshold(rows: Sequence[ImportThresholdRow], c: Consignment) -> ThresholdOutcome:
    """The de minimis row that applies, the thresholds in the consignment's currency, relief and collection.

    No row: no relief, collected at the border."""
    row = select_threshold(rows, c)
    if row is None:
        return ThresholdOutcome(None, None, None, False, False, "border", "")
    value = c.value(row.basis)
    duty = None if row.duty_threshold is None else c.amount(row.duty_threshold, row.currency)
    tax = None if row.tax_threshold is None else c.amount(row.tax_threshold, row.currency)
    checkout = (
        row.collection == "checkout"
        and c.uses(row)
        and (row.checkout_max is None or value <= c.amount(row.checkout_max, row.currency))
    )
    return ThresholdOutcome(
        row,
        duty,
        tax,
        duty is not None and value <= duty,
        tax is not None and value <= tax,
        "checkout" if checkout else "border",
        row.scheme if checkout else "",
    )


# --- duties -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineDuty:
    row: DutyRow | None
    base: Decimal
    """The dutiable value of the line (goods, plus its share of shipping on a CIF basis)."""
    amount: Decimal
    """Unrounded, in the consignment's currency."""
    relieved: bool


def shipping_shares(lines: Sequence[Line], shipping: Decimal) -> list[Decimal]:
    """Shipping shared by line value (equally when every line is free); unrounded, sums to `shipping`."""
    total = sum((ln.goods for ln in lines), Decimal(0))
    if not lines:
        return []
    if total == 0:
        return [shipping / len(lines)] * len(lines)
    return [shipping * ln.goods / total for ln in lines]


def select_duty(rows: Sequence[DutyRow], hs_code: str, origin: str) -> DutyRow | None:
    """The most specific of `rows` (already matched to the consignment) for one line."""
    return _best([r for r in rows if hs_code.startswith(r.hs_prefix) and _origin_ok(r, origin)])


def compute_duties(
    rows: Sequence[DutyRow], c: Consignment, lines: Sequence[Line], *, relief: bool = False
) -> list[LineDuty]:
    """Each line's duty, unrounded, in the consignment's currency.

    `relief` (the de minimis threshold relieves the consignment) zeroes every line whose row does not ignore
    de minimis. A flat amount per subheading is charged on the first line of each distinct 6-digit subheading;
    per consignment, on the first line using the row. A deduction is shared by the lines using the row in
    proportion to their dutiable value. No line's duty is negative.
    """
    eligible = [r for r in rows if _base_ok(r, c) and in_band(r, c)]
    shares = shipping_shares(lines, c.shipping)
    chosen = [select_duty(eligible, ln.hs_code, ln.origin or c.origin) for ln in lines]
    bases = [
        ln.goods + (shares[i] if row is not None and row.basis == "goods_and_shipping" else 0)
        for i, (ln, row) in enumerate(zip(lines, chosen, strict=True))
    ]
    row_totals: dict[int, Decimal] = {}
    for row, base in zip(chosen, bases, strict=True):
        if row is not None:
            row_totals[id(row)] = row_totals.get(id(row), Decimal(0)) + base
    seen_rows: set[int] = set()
    seen_subheadings: set[tuple[int, str]] = set()
    out: list[LineDuty] = []
    for ln, row, base in zip(lines, chosen, bases, strict=True):
        if row is None:
            out.append(LineDuty(None, base, Decimal(0), False))
            continue
        if relief and not row.ignores_de_minimis:
            out.append(LineDuty(row, base, Decimal(0), True))
            continue
        amount = base * row.rate / 100
        if row.deduction is not None and row.deduction_currency is not None and row_totals[id(row)] > 0:
            amount -= c.amount(row.deduction, row.deduction_currency) * base / row_totals[id(row)]
        if row.flat is not None and row.flat_currency is not None:
            flat = c.amount(row.flat, row.flat_currency)
            if row.flat_per == "unit":
                amount += flat * ln.quantity
            elif row.flat_per == "line":
                amount += flat
            elif row.flat_per == "subheading":
                key = (id(row), ln.hs_code[:6])
                if key not in seen_subheadings:
                    seen_subheadings.add(key)
                    amount += flat
            elif id(row) not in seen_rows:
                amount += flat
        seen_rows.add(id(row))
        out.append(LineDuty(row, base, max(amount, Decimal(0)), False))
    return out


# --- taxes and fees ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaxPart:
    row: TaxRow
    base: Decimal
    amount: Decimal
    """Unrounded, in the consignment's currency."""


@dataclass(frozen=True, slots=True)
class LineTax:
    parts: tuple[TaxPart, ...]
    relieved: bool

    @property
    def amount(self) -> Decimal:
        return sum((p.amount for p in self.parts), Decimal(0))


@dataclass(frozen=True, slots=True)
class Fee:
    row: TaxRow
    amount: Decimal
    """In the consignment's currency, rounded to its minor unit."""


def compute_taxes(
    rows: Sequence[TaxRow],
    c: Consignment,
    lines: Sequence[Line],
    duties: Sequence[Decimal],
    *,
    relief: bool = False,
) -> tuple[list[LineTax], list[Fee]]:
    """Each line's taxes (one row per kind), unrounded, and the consignment's fees.

    The base is the line's goods, plus its share of shipping (`goods_and_shipping`), plus its duty
    (`includes_duty`); a grossed-up tax (Brazil's ICMS) is base x rate / (100 - rate). `relief` (the tax
    threshold relieves the consignment) zeroes the taxes, not the fees.
    """
    eligible = [r for r in rows if _base_ok(r, c) and in_band(r, c)]
    fee_rows: dict[str, list[TaxRow]] = {}
    tax_rows: list[TaxRow] = []
    for r in eligible:
        if r.category == "fee":
            if _origin_ok(r, c.origin):
                fee_rows.setdefault(r.kind, []).append(r)
        else:
            tax_rows.append(r)
    fees = []
    for candidates in fee_rows.values():
        row = _best(candidates)
        if row is not None and row.flat is not None and row.flat_currency is not None:
            fees.append(Fee(row, c.amount(row.flat, row.flat_currency)))
    shares = shipping_shares(lines, c.shipping)
    out: list[LineTax] = []
    for i, ln in enumerate(lines):
        by_kind: dict[str, list[TaxRow]] = {}
        origin = ln.origin or c.origin
        for r in tax_rows:
            if ln.hs_code.startswith(r.hs_prefix) and _origin_ok(r, origin):
                by_kind.setdefault(r.kind, []).append(r)
        parts = []
        for candidates in by_kind.values():
            row = _best(candidates)
            if row is None:
                continue
            base = ln.goods
            if row.basis == "goods_and_shipping":
                base += shares[i]
            if row.includes_duty:
                base += duties[i]
            if relief:
                amount = Decimal(0)
            elif row.gross_up:
                amount = base * row.rate / (100 - row.rate)
            else:
                amount = base * row.rate / 100
            parts.append(TaxPart(row, base, amount))
        out.append(LineTax(tuple(parts), relief))
    return out, fees


# --- documents ----------------------------------------------------------------------------------------


def required_documents(
    rows: Sequence[DocumentRow], c: Consignment, *, collection: Collection | None = None
) -> list[DocumentRow]:
    """Every document row that applies (the most specific per document name), in row order."""
    by_name: dict[str, list[DocumentRow]] = {}
    for r in rows:
        if (
            _base_ok(r, c)
            and _origin_ok(r, c.origin)
            and in_band(r, c)
            and (r.when_collection is None or r.when_collection == collection)
        ):
            by_name.setdefault(r.document, []).append(r)
    chosen = {id(best) for best in (_best(v) for v in by_name.values()) if best is not None}
    return [r for r in rows if id(r) in chosen]

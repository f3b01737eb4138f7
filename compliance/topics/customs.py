"""Customs topics: import thresholds (de minimis), duties, taxes and documents, with dated default data.

What a row of each topic's table holds, and how the tables answer one consignment. The same functions serve
the version test cases, dry runs and simulations (through each topic's `evaluate`) and the landed-cost
calculation in `customs/` (which gathers the rows in force and the FX rates, and calls `assess_threshold`,
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

`evaluate` inputs take amounts in one `currency`; a row amount in another currency needs its rate in `rates`
(units of `currency` for one unit of the other), else the outcome is `{"error": ...}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from compliance.topics import DefaultRuleSet, DefaultVersion, TopicSpec, add_defaults, register
from core.merchants import validate_country
from core.money import currency_exponent, validate_currency

# --- column types ---------------------------------------------------------------------------------------


def _no_float(v: Any) -> Any:
    if isinstance(v, bool | float):
        raise ValueError('write a decimal number as a string, such as "16.5", never as a float')
    return v


def _finite(v: Decimal) -> Decimal:
    if not v.is_finite():
        raise ValueError("must be a finite decimal number")
    return v


def _country_or_any(v: str) -> str:
    return v if v == "*" else validate_country(v)


def _hs_prefix(v: str) -> str:
    digits = v.replace(".", "").replace(" ", "")
    if digits in ("", "*"):
        return ""
    if not digits.isdigit() or not 2 <= len(digits) <= 10:
        raise ValueError("an HS prefix is 2 to 10 digits, or '*' (or '') for the default row")
    return digits


def _hs_code(v: str) -> str:
    digits = v.replace(".", "").replace(" ", "")
    if not digits.isdigit() or not 6 <= len(digits) <= 10:
        raise ValueError("an HS code is 6 to 10 digits")
    return digits


_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def _region(v: str) -> str:
    if not _REGION.match(v):
        raise ValueError("a region is an ISO 3166-2 subdivision code such as BR-SP or CA-ON")
    return v


Dec = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_finite)]
Amount = Annotated[
    Decimal, BeforeValidator(_no_float), AfterValidator(_finite), Field(ge=0, le=Decimal("1e12"))
]
Percent = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_finite), Field(ge=0, le=1000)]
Currency = Annotated[str, AfterValidator(validate_currency)]
Country = Annotated[str, AfterValidator(validate_country)]
CountryOrAny = Annotated[str, AfterValidator(_country_or_any)]
HsPrefix = Annotated[str, AfterValidator(_hs_prefix)]
HsCode = Annotated[str, AfterValidator(_hs_code)]
Region = Annotated[str, AfterValidator(_region)]
Channel = Literal["courier", "post"]
Basis = Literal["goods", "goods_and_shipping"]
Collection = Literal["checkout", "border"]

# --- rows -------------------------------------------------------------------------------------------


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: CountryOrAny = Field(default="*", description="Destination (ISO 3166-1 alpha-2), or * for all")
    origins: list[Country] | None = Field(
        default=None, description="Only for consignments from these countries (None: any origin)"
    )
    channels: list[Channel] | None = Field(default=None, description="Only for these channels (None: any)")
    note: str = Field(default="", max_length=1000)
    unconfirmed: bool = Field(default=False, description="The value is not confirmed by an official source")

    @cached_property
    def rank(self) -> tuple[bool, bool, bool, int, bool, bool]:
        """Specificity: banded, origin-specific, region-specific, HS prefix length, country, channel."""
        return (
            isinstance(self, _Banded) and self.banded,
            self.origins is not None,
            isinstance(self, TaxRow) and self.regions is not None,
            len(self.hs_prefix) if isinstance(self, DutyRow | TaxRow) else 0,
            self.country != "*",
            self.channels is not None,
        )


class _Banded(_Row):
    min_value: Amount | None = Field(default=None, description="Applies above this consignment value")
    max_value: Amount | None = Field(default=None, description="Applies up to and including this value")
    band_currency: Currency | None = None
    band_basis: Basis = "goods"

    @model_validator(mode="after")
    def _band(self) -> Self:
        if (self.min_value is not None or self.max_value is not None) and self.band_currency is None:
            raise ValueError("a value band needs its band_currency")
        if self.min_value is not None and self.max_value is not None and self.min_value >= self.max_value:
            raise ValueError("min_value must be below max_value")
        return self

    @property
    def banded(self) -> bool:
        return self.min_value is not None or self.max_value is not None


class ImportThresholdRow(_Row):
    """De minimis: consignments at or below a threshold are relieved of duty (or tax) at the border."""

    currency: Currency = Field(description="Currency of the thresholds and of checkout_max")
    duty_threshold: Amount | None = Field(
        default=None, description="Duty relief up to this value; None: none"
    )
    tax_threshold: Amount | None = Field(default=None, description="Tax relief up to this value; None: none")
    basis: Basis = Field(default="goods", description="goods (intrinsic/FOB) or goods_and_shipping (CIF)")
    collection: Collection = Field(
        default="border", description="checkout: the seller collects the tax at the sale (IOSS-style regime)"
    )
    checkout_max: Amount | None = Field(
        default=None, description="The checkout regime covers consignments up to this value (None: all)"
    )
    scheme: str = Field(default="", max_length=200, description="Name of the collection scheme")
    match_goods_origin: bool = Field(
        default=False, description="`origins` refers to where the goods were made, not where they ship from"
    )
    aggregate_same_day: bool = Field(
        default=False, description="Same-day parcels to one recipient count as one consignment"
    )


class DutyRow(_Banded):
    """A duty rate for HS codes starting with `hs_prefix`: ad valorem, flat, or both."""

    hs_prefix: HsPrefix = Field(default="", description="HS prefix, 2-10 digits; '' or * for the default row")
    label: str = Field(default="MFN", max_length=200)
    rate: Percent = Field(default=Decimal(0), description="Ad valorem rate in percent")
    basis: Basis = Field(
        default="goods", description="Dutiable value: goods (FOB) or goods_and_shipping (CIF)"
    )
    flat: Amount | None = Field(default=None, description="A flat amount, in flat_currency")
    flat_currency: Currency | None = None
    flat_per: Literal["unit", "line", "subheading", "consignment"] = Field(
        default="consignment", description="subheading: once per distinct 6-digit subheading in the parcel"
    )
    deduction: Amount | None = Field(
        default=None, description="Deducted once per consignment (shared by value), in deduction_currency"
    )
    deduction_currency: Currency | None = None
    ignores_de_minimis: bool = Field(default=False, description="Charged even when the threshold relieves")

    @model_validator(mode="after")
    def _currencies(self) -> Self:
        if self.flat is not None and self.flat_currency is None:
            raise ValueError("a flat duty needs its flat_currency")
        if self.deduction is not None and self.deduction_currency is None:
            raise ValueError("a deduction needs its deduction_currency")
        return self


class TaxRow(_Banded):
    """An import tax (VAT, GST, ICMS...) or a fee; one row per `kind` applies to each line."""

    kind: str = Field(min_length=1, max_length=40, description="vat, gst, icms, sales_tax, fee, ...")
    category: Literal["tax", "fee"] = "tax"
    label: str = Field(default="", max_length=200)
    hs_prefix: HsPrefix = ""
    regions: list[Region] | None = Field(default=None, description="ISO 3166-2 regions (None: all)")
    rate: Percent = Field(default=Decimal(0), description="Percent of the base (taxes)")
    basis: Basis = "goods_and_shipping"
    includes_duty: bool = Field(default=True, description="The base includes the duty")
    gross_up: bool = Field(default=False, description="Tax-inclusive base: base x rate / (100 - rate)")
    flat: Amount | None = Field(default=None, description="A flat amount per consignment (fees)")
    flat_currency: Currency | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.flat is not None and self.flat_currency is None:
            raise ValueError("a flat amount needs its flat_currency")
        if self.gross_up and self.rate >= 100:
            raise ValueError("a grossed-up rate must be below 100")
        return self


class DocumentRow(_Banded):
    """A document, form or identifier a consignment needs."""

    document: str = Field(min_length=1, max_length=80, description="CN22, CN23, IOSS, EORI, CPF, ...")
    kind: Literal["form", "identifier", "requirement"]
    party: Literal["sender", "recipient", "importer", "carrier"] | None = None
    when_collection: Collection | None = Field(default=None, description="Only under this collection")


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


def _base_ok(row: _Row, c: Consignment) -> bool:
    return (
        (row.country == "*" or row.country == c.country)
        and (row.channels is None or c.channel in row.channels)
        and (not isinstance(row, TaxRow) or row.regions is None or c.region in row.regions)
    )


def in_band(row: _Banded, c: Consignment) -> bool:
    if row.min_value is None and row.max_value is None:
        return True
    currency = row.band_currency or c.currency
    value = c.value(row.band_basis)
    if row.min_value is not None and value <= c.amount(row.min_value, currency):
        return False
    return row.max_value is None or value <= c.amount(row.max_value, currency)


def _origin_ok(row: _Row, origin: str) -> bool:
    return row.origins is None or origin in row.origins


def _rank(row: _Row) -> tuple[bool, bool, bool, int, bool, bool]:
    return row.rank


R = TypeVar("R", bound=_Row)


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
    checkout = row.collection == "checkout" and (
        row.checkout_max is None or value <= c.amount(row.checkout_max, row.currency)
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


# --- default data ---------------------------------------------------------------------------------------
#
# Facts from shared/reference/regional-rules-2026.md, with their dates. History is modelled from 2020-01-01
# (earlier dates have no rows: the landed cost refuses them); a version's reason says when its rule really
# started when that is earlier. Duty rates are indicative MFN rates for common headings (the row notes say
# so); values marked unconfirmed in the reference ship with `unconfirmed: true`.


def _d(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


FLOOR = _d(2020, 1, 1)
"""Where the modelled history starts."""

EU_MEMBERS = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
]  # fmt: skip

INDICATIVE = "indicative MFN rate for the heading; check the national tariff for the full code"
INDICATIVE_DEFAULT = "indicative default MFN rate for headings without their own row"
REFERENCE = "shared/reference/regional-rules-2026.md"

Version = tuple[datetime, list[dict[str, Any]], str, str, list[dict[str, Any]]]
"""(effective_from, rows, reason, source_url, tests)"""


def _chain(*versions: Version) -> list[DefaultVersion]:
    """Consecutive versions: each ends where the next starts; the last is open-ended."""
    out = []
    for i, (start, rows, reason, source, tests) in enumerate(versions):
        end = versions[i + 1][0] if i + 1 < len(versions) else None
        out.append(DefaultVersion(start, rows, reason, source, effective_to=end, tests=tests))
    return out


def _rule_set(
    key: str, topic: str, name: str, countries: list[str] | None, *versions: Version, description: str = ""
) -> DefaultRuleSet:
    return DefaultRuleSet(
        key=key,
        topic=topic,
        name=name,
        countries=countries,
        description=description,
        versions=_chain(*versions),
    )


def _input(country: str, currency: str, origin: str, **extra: Any) -> dict[str, Any]:
    return {"country": country, "origin": origin, "currency": currency, **extra}


def t_thr(
    name: str,
    country: str,
    currency: str,
    goods: str,
    expect: dict[str, Any],
    origin: str = "CN",
    **extra: Any,
) -> dict[str, Any]:
    return {"name": name, "input": _input(country, currency, origin, goods=goods, **extra), "expect": expect}


def t_duty(
    name: str,
    country: str,
    currency: str,
    lines: list[tuple[str, str]],
    total: str,
    origin: str = "CN",
    **extra: Any,
) -> dict[str, Any]:
    rows = [{"hs_code": hs, "value": value} for hs, value in lines]
    return {
        "name": name,
        "input": _input(country, currency, origin, lines=rows, **extra),
        "expect": {"total": total},
    }


def t_tax(
    name: str,
    country: str,
    currency: str,
    lines: list[tuple[str, str, str]],
    expect: dict[str, Any],
    origin: str = "CN",
    **extra: Any,
) -> dict[str, Any]:
    rows = [{"hs_code": hs, "value": value, "duty": duty} for hs, value, duty in lines]
    return {"name": name, "input": _input(country, currency, origin, lines=rows, **extra), "expect": expect}


def t_doc(
    name: str,
    country: str,
    currency: str,
    goods: str,
    expect: dict[str, Any],
    origin: str = "CN",
    **extra: Any,
) -> dict[str, Any]:
    return {"name": name, "input": _input(country, currency, origin, goods=goods, **extra), "expect": expect}


def _mfn(rates: dict[str, str], default: str, *, basis: Basis, label: str = "MFN") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"hs_prefix": hs, "rate": rate, "basis": basis, "label": label, "note": INDICATIVE}
        for hs, rate in rates.items()
    ]
    rows.append(
        {"hs_prefix": "*", "rate": default, "basis": basis, "label": label, "note": INDICATIVE_DEFAULT}
    )
    return rows


def _tax(kind: str, rate: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "rate": rate, "label": label, **extra}


# Indicative MFN duty rates (percent) for common headings: apparel 6109/6110, footwear 6403/6404, bags 4202,
# cosmetics 3304, phones 8517, computers 8471, toys 9503, books 4901, watches 9102.
MFN_US = {"6109": "16.5", "6110": "16.5", "6403": "8.5", "6404": "20", "4202": "17.6", "3304": "0",
          "8517": "0", "8471": "0", "9503": "0", "4901": "0", "9102": "6.4"}  # fmt: skip
MFN_EU = {"6109": "12", "6110": "12", "6403": "8", "6404": "16.9", "4202": "3.7", "3304": "0",
          "8517": "0", "8471": "0", "9503": "4.7", "4901": "0", "9102": "4.5"}  # fmt: skip
MFN_GB = {"6109": "12", "6110": "12", "6403": "8", "6404": "16", "4202": "4", "3304": "0",
          "8517": "0", "8471": "0", "9503": "0", "4901": "0", "9102": "4"}  # fmt: skip
MFN_AU = {"6109": "5", "6110": "5", "6403": "5", "6404": "5", "4202": "5", "3304": "5",
          "8517": "0", "8471": "0", "9503": "0", "4901": "0", "9102": "5"}  # fmt: skip
MFN_CA = {"6109": "18", "6110": "18", "6403": "18", "6404": "18", "4202": "10.5", "3304": "6.5",
          "8517": "0", "8471": "0", "9503": "0", "4901": "0", "9102": "5"}  # fmt: skip
MFN_ID = {"6109": "25", "6110": "25", "6403": "30", "6404": "30", "4202": "20", "3304": "15",
          "8517": "0", "8471": "0", "9503": "20", "4901": "0", "9102": "10"}  # fmt: skip
MFN_MX = {"6109": "35", "6110": "35", "6403": "30", "6404": "30", "4202": "20", "3304": "10",
          "8517": "0", "8471": "0", "9503": "20", "4901": "0", "9102": "10"}  # fmt: skip
MFN_BR = {"6109": "35", "6110": "35", "6403": "35", "6404": "35", "4202": "20", "3304": "18",
          "8517": "16", "8471": "12", "9503": "20", "4901": "0", "9102": "20"}  # fmt: skip
MFN_JP = {"6109": "10.9", "6110": "10.9", "6403": "30", "6404": "6.7", "4202": "8", "3304": "0",
          "8517": "0", "8471": "0", "9503": "0", "4901": "0", "9102": "0"}  # fmt: skip
MFN_TH = {"6109": "30", "6110": "30", "6403": "30", "6404": "30", "4202": "20", "3304": "20",
          "8517": "0", "8471": "0", "9503": "10", "4901": "0", "9102": "5"}  # fmt: skip
MFN_PH = {"6109": "15", "6110": "15", "6403": "15", "6404": "15", "4202": "10", "3304": "5",
          "8517": "0", "8471": "0", "9503": "5", "4901": "0", "9102": "1"}  # fmt: skip
MFN_MY = {"6109": "0", "6110": "0", "6403": "10", "6404": "10", "4202": "5", "3304": "0",
          "8517": "0", "8471": "0", "9503": "0", "4901": "0", "9102": "5"}  # fmt: skip
MFN_VN = {"6109": "20", "6110": "20", "6403": "30", "6404": "30", "4202": "25", "3304": "20",
          "8517": "0", "8471": "0", "9503": "20", "4901": "0", "9102": "10"}  # fmt: skip

# --- United States ---------------------------------------------------------------------------------

_US_SRC = "https://www.cbp.gov/trade/basic-import-export/e-commerce"
_US_800 = {
    "currency": "USD",
    "duty_threshold": "800",
    "tax_threshold": "800",
    "note": "Section 321 de minimis",
}
_US_NONE = {
    "currency": "USD",
    "note": "no de minimis; gifts up to USD 100 stay exempt (not modelled: a quote has no gift flag)",
}
add_defaults(
    _rule_set(
        "us-import-thresholds",
        "import_thresholds",
        "United States: de minimis",
        ["US"],
        (
            FLOOR,
            [_US_800],
            "Section 321: USD 800 per person per day (since 2016-03-10)",
            _US_SRC,
            [
                t_thr("USD 40 from CN relieved", "US", "USD", "40", {"duty_relief": True}),
                t_thr("USD 900 pays", "US", "USD", "900", {"duty_relief": False}),
            ],
        ),
        (
            _d(2025, 5, 2),
            [
                {
                    "origins": ["CN", "HK"],
                    "match_goods_origin": True,
                    "currency": "USD",
                    "note": "executive order 14256: goods of China and Hong Kong lose de minimis",
                },
                _US_800,
            ],
            "Executive order 14256: no de minimis for goods from China and Hong Kong from 2025-05-02",
            "https://www.federalregister.gov/presidential-documents/executive-orders",
            [
                t_thr("USD 40 from CN pays", "US", "USD", "40", {"duty_relief": False}),
                t_thr("USD 40 from VN relieved", "US", "USD", "40", {"duty_relief": True}, origin="VN"),
                t_thr(
                    "CN goods shipped from VN pay",
                    "US",
                    "USD",
                    "40",
                    {"duty_relief": False},
                    origin="VN",
                    goods_origins=["CN"],
                ),
            ],
        ),
        (
            _d(2025, 8, 29),
            [_US_NONE],
            "Executive order 14324: de minimis suspended for all origins from 2025-08-29 (Mallory Group,"
            " 2025-07;"
            " BDO on the IEEPA ruling, 2026-02)",
            "https://www.federalregister.gov/presidential-documents/executive-orders",
            [
                t_thr("USD 40 from CN pays", "US", "USD", "40", {"duty_relief": False}),
                t_thr("USD 40 from GB pays", "US", "USD", "40", {"duty_relief": False}, origin="GB"),
            ],
        ),
        (
            _d(2027, 7, 1),
            [
                {
                    **_US_NONE,
                    "note": "statutory repeal of de minimis for commercial shipments; " + _US_NONE["note"],
                }
            ],
            "Statute repeals de minimis for commercial shipments from 2027-07-01",
            _US_SRC,
            [
                t_thr("USD 40 from JP pays", "US", "USD", "40", {"duty_relief": False}, origin="JP"),
                t_thr(
                    "USD 40 from CN pays", "US", "USD", "40", {"duty_relief": False, "duty_threshold": None}
                ),
            ],
        ),
    ),
    _rule_set(
        "us-duties",
        "duties",
        "United States: duty rates",
        ["US"],
        (
            FLOOR,
            _mfn(MFN_US, "3.3", basis="goods"),
            "Indicative HTSUS MFN rates on the FOB value; additional duties (Section 301, IEEPA) not"
            " included",
            "https://hts.usitc.gov/",
            [
                t_duty("T-shirt USD 40", "US", "USD", [("610910", "40")], "6.60"),
                t_duty("phone USD 400", "US", "USD", [("851713", "400")], "0.00"),
            ],
        ),
        (
            _d(2025, 8, 29),
            _mfn(MFN_US, "3.3", basis="goods"),
            "Postal shipments may elect a specific duty per item instead of the ad valorem duty (not"
            " modelled:"
            " the ad valorem method applies to every channel)",
            _US_SRC,
            [
                t_duty("T-shirt USD 40 by post", "US", "USD", [("610910", "40")], "6.60", channel="post"),
                t_duty("phone USD 400", "US", "USD", [("851713", "400")], "0.00"),
            ],
        ),
        (
            _d(2026, 3, 1),
            _mfn(MFN_US, "3.3", basis="goods"),
            "The flat per-item postal option ended 2026-02-28; the later postal surcharge's rate is"
            " unconfirmed"
            " and not modelled",
            _US_SRC,
            [
                t_duty("T-shirt USD 40", "US", "USD", [("610910", "40")], "6.60"),
                t_duty("sneakers and a bag", "US", "USD", [("640411", "50"), ("420222", "50")], "18.80"),
            ],
        ),
    ),
    _rule_set(
        "us-taxes",
        "taxes",
        "United States: import taxes",
        ["US"],
        (
            FLOOR,
            [
                _tax(
                    "sales_tax",
                    "0",
                    "no federal import VAT",
                    note="state sales tax is collected by marketplace facilitators at checkout, not at"
                    " import;"
                    " not modelled",
                )
            ],
            "No federal VAT or GST on imports",
            _US_SRC,
            [
                t_tax("no import tax", "US", "USD", [("610910", "100", "16.50")], {"taxes": "0.00"}),
                t_tax("phone", "US", "USD", [("851713", "500", "0")], {"taxes": "0.00", "fees": "0.00"}),
            ],
        ),
    ),
    _rule_set(
        "us-documents",
        "documents",
        "United States: documents",
        ["US"],
        (
            FLOOR,
            [
                {
                    "document": "Formal entry (CBP 7501) and customs bond",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "2500",
                    "band_currency": "USD",
                    "note": "informal entries cover shipments up to USD 2,500",
                }
            ],
            "Formal entry above the informal-entry limit of USD 2,500",
            _US_SRC,
            [
                t_doc("small parcel", "US", "USD", "100", {"requirements": []}),
                t_doc(
                    "formal entry",
                    "US",
                    "USD",
                    "3000",
                    {"requirements": ["Formal entry (CBP 7501) and customs bond"]},
                ),
            ],
        ),
    ),
)

# --- European Union (the member states) ------------------------------------------------------------

_EU_SRC = "https://taxation-customs.ec.europa.eu/taxation/vat/vat-e-commerce_en"
_EU_DUTY_SRC = "https://www.consilium.europa.eu/en/press/press-releases/"
_IOSS = {"collection": "checkout", "checkout_max": "150", "scheme": "IOSS"}
add_defaults(
    _rule_set(
        "eu-import-thresholds",
        "import_thresholds",
        "European Union: low-value consignments",
        EU_MEMBERS,
        (
            FLOOR,
            [
                {
                    "currency": "EUR",
                    "duty_threshold": "150",
                    "tax_threshold": "22",
                    "note": "VAT low-value consignment relief was EUR 10-22 by member state; EUR 22 modelled",
                }
            ],
            "Duty relief up to EUR 150 (Regulation 1186/2009); VAT relief up to EUR 22",
            _EU_SRC,
            [
                t_thr(
                    "EUR 20 relieved of both", "DE", "EUR", "20", {"duty_relief": True, "tax_relief": True}
                ),
                t_thr(
                    "EUR 100: VAT at the border",
                    "DE",
                    "EUR",
                    "100",
                    {"duty_relief": True, "tax_relief": False, "collection": "border"},
                ),
            ],
        ),
        (
            _d(2021, 7, 1),
            [
                {
                    "currency": "EUR",
                    "duty_threshold": "150",
                    **_IOSS,
                    "note": "import VAT on every consignment; IOSS sellers collect it at checkout up to EUR"
                    " 150",
                }
            ],
            "VAT e-commerce package: the EUR 22 VAT relief ends; IOSS from 2021-07-01",
            _EU_SRC,
            [
                t_thr(
                    "EUR 100: no duty, VAT at checkout",
                    "DE",
                    "EUR",
                    "100",
                    {"duty_relief": True, "tax_relief": False, "collection": "checkout", "scheme": "IOSS"},
                ),
                t_thr(
                    "EUR 200 at the border",
                    "FR",
                    "EUR",
                    "200",
                    {"duty_relief": False, "collection": "border"},
                ),
                t_thr(
                    "PLN 600 (EUR 150 = PLN 637.50)",
                    "PL",
                    "PLN",
                    "600",
                    {"duty_threshold": "637.50", "duty_relief": True},
                    rates={"EUR": "4.25"},
                ),
            ],
        ),
        (
            _d(2026, 7, 1),
            [
                {
                    "currency": "EUR",
                    **_IOSS,
                    "note": "customs-duty relief ended; a flat EUR 3 per distinct subheading applies to IOSS"
                    " consignments up to EUR 150 (duties) until the EU customs data hub (planned 2028)",
                }
            ],
            "Council decision (2026-02): duty relief for consignments up to EUR 150 ends 2026-07-01",
            _EU_DUTY_SRC,
            [
                t_thr(
                    "EUR 100 not relieved",
                    "DE",
                    "EUR",
                    "100",
                    {"duty_relief": False, "duty_threshold": None, "collection": "checkout"},
                ),
                t_thr("EUR 200 at the border", "DE", "EUR", "200", {"collection": "border", "scheme": ""}),
            ],
        ),
    ),
)

_EU_FLAT = {
    "hs_prefix": "*",
    "label": "flat low-value duty",
    "flat": "3",
    "flat_currency": "EUR",
    "flat_per": "subheading",
    "max_value": "150",
    "band_currency": "EUR",
    "note": "EUR 3 per distinct 6-digit subheading for consignments up to EUR 150 (IOSS sellers) until the EU"
    " customs data hub (planned 2028)",
}
add_defaults(
    _rule_set(
        "eu-duties",
        "duties",
        "European Union: duty rates",
        EU_MEMBERS,
        (
            FLOOR,
            _mfn(MFN_EU, "4.2", basis="goods_and_shipping"),
            "Indicative Common Customs Tariff rates on the CIF value",
            "https://ec.europa.eu/taxation_customs/dds2/taric/",
            [
                t_duty("T-shirt EUR 200", "DE", "EUR", [("610910", "200")], "24.00"),
                t_duty(
                    "T-shirt EUR 100 + EUR 10 shipping",
                    "DE",
                    "EUR",
                    [("610910", "100")],
                    "13.20",
                    shipping="10",
                ),
            ],
        ),
        (
            _d(2026, 7, 1),
            [_EU_FLAT, *_mfn(MFN_EU, "4.2", basis="goods_and_shipping")],
            "Council decision (2026-02): flat EUR 3 per distinct tariff subheading for consignments up to"
            " EUR 150",
            _EU_DUTY_SRC,
            [
                t_duty("T-shirt EUR 100", "DE", "EUR", [("610910", "100")], "3.00"),
                t_duty(
                    "two T-shirts, one subheading", "DE", "EUR", [("610910", "50"), ("610910", "40")], "3.00"
                ),
                t_duty("T-shirt and sneakers", "FR", "EUR", [("610910", "50"), ("640411", "60")], "6.00"),
                t_duty("T-shirt EUR 200: ad valorem", "DE", "EUR", [("610910", "200")], "24.00"),
            ],
        ),
    ),
)

# Standard VAT rates on 2020-01-01, then each change: the EU VAT table's history.
_EU_VAT_2020 = {
    "AT": "20", "BE": "21", "BG": "20", "HR": "25", "CY": "19", "CZ": "21", "DK": "25", "EE": "20",
    "FI": "24", "FR": "20", "DE": "19", "GR": "24", "HU": "27", "IE": "23", "IT": "22", "LV": "21",
    "LT": "21", "LU": "17", "MT": "18", "NL": "21", "PL": "23", "PT": "23", "RO": "19", "SK": "20",
    "SI": "22", "ES": "21", "SE": "25",
}  # fmt: skip
_EU_VAT_CHANGES = [
    (_d(2020, 7, 1), {"DE": "16"}, "Germany: temporary 16% (2020-07-01 to 2020-12-31)"),
    (_d(2020, 9, 1), {"IE": "21"}, "Ireland: temporary 21% (2020-09-01 to 2021-02-28)"),
    (_d(2021, 1, 1), {"DE": "19"}, "Germany back to 19%"),
    (_d(2021, 3, 1), {"IE": "23"}, "Ireland back to 23%"),
    (_d(2023, 1, 1), {"LU": "16"}, "Luxembourg: temporary 16% in 2023"),
    (_d(2024, 1, 1), {"LU": "17", "EE": "22"}, "Luxembourg back to 17%; Estonia 22%"),
    (_d(2024, 9, 1), {"FI": "25.5"}, "Finland 25.5%"),
    (_d(2025, 1, 1), {"SK": "23"}, "Slovakia 23%"),
    (_d(2025, 7, 1), {"EE": "24"}, "Estonia 24%"),
    (_d(2025, 8, 1), {"RO": "21"}, "Romania 21%"),
]


def _eu_vat_versions() -> list[Version]:
    def rows(rates: dict[str, str]) -> list[dict[str, Any]]:
        return [
            _tax("vat", rate, "import VAT", country=c, note="standard rate; reduced rates not modelled")
            for c, rate in rates.items()
        ]

    def case(country: str, rate: str) -> dict[str, Any]:
        amount = str(quantize(Decimal(rate), "EUR"))
        return t_tax(
            f"{country} {rate}% on EUR 100", country, "EUR", [("610910", "100", "0")], {"taxes": amount}
        )

    rates = dict(_EU_VAT_2020)
    out: list[Version] = [
        (
            FLOOR,
            rows(rates),
            "Standard VAT rates of the member states on 2020-01-01",
            _EU_SRC,
            [
                case("DE", rates["DE"]),
                case("HU", rates["HU"]),
                t_tax(
                    "VAT on goods, shipping and duty",
                    "FR",
                    "EUR",
                    [("610910", "100", "13.20")],
                    {"taxes": "24.64"},
                    shipping="10",
                ),
            ],
        )
    ]
    for start, changes, reason in _EU_VAT_CHANGES:
        rates.update(changes)
        out.append(
            (
                start,
                rows(rates),
                reason,
                _EU_SRC,
                [case(c, r) for c, r in changes.items()] + [case("AT", "20")],
            )
        )
    return out


add_defaults(
    _rule_set("eu-taxes", "taxes", "European Union: import VAT", EU_MEMBERS, *_eu_vat_versions()),
    _rule_set(
        "it-low-value-parcel-fee",
        "taxes",
        "Italy: national fee on low-value parcels",
        ["IT"],
        (
            _d(2026, 1, 1),
            [
                {
                    "kind": "handling_fee",
                    "category": "fee",
                    "label": "national fee on low-value parcels",
                    "flat": "2",
                    "flat_currency": "EUR",
                    "max_value": "150",
                    "band_currency": "EUR",
                    "unconfirmed": True,
                    "note": "EUR 2 per parcel up to EUR 150 (unconfirmed); an EU-wide fee is still"
                    " negotiated",
                }
            ],
            "Italy charges EUR 2 per low-value parcel from 2026-01-01 (unconfirmed)",
            REFERENCE,
            [
                t_tax("EUR 100 parcel", "IT", "EUR", [("610910", "100", "0")], {"fees": "2.00"}),
                t_tax("EUR 200 parcel", "IT", "EUR", [("610910", "200", "0")], {"fees": "0.00"}),
            ],
        ),
    ),
    _rule_set(
        "fr-low-value-parcel-fee",
        "taxes",
        "France: national fee on low-value parcels",
        ["FR"],
        (
            _d(2026, 3, 1),
            [
                {
                    "kind": "handling_fee",
                    "category": "fee",
                    "label": "national fee on low-value parcels",
                    "flat": "2",
                    "flat_currency": "EUR",
                    "max_value": "150",
                    "band_currency": "EUR",
                    "unconfirmed": True,
                    "note": "EUR 2 per parcel up to EUR 150 (unconfirmed); an EU-wide fee is still"
                    " negotiated",
                }
            ],
            "France charges EUR 2 per low-value parcel from 2026-03-01 (unconfirmed)",
            REFERENCE,
            [
                t_tax("EUR 100 parcel", "FR", "EUR", [("610910", "100", "0")], {"fees": "2.00"}),
                t_tax("EUR 200 parcel", "FR", "EUR", [("610910", "200", "0")], {"fees": "0.00"}),
            ],
        ),
    ),
    _rule_set(
        "eu-documents",
        "documents",
        "European Union: identifiers on the declaration",
        EU_MEMBERS,
        (
            FLOOR,
            [
                {
                    "document": "EORI",
                    "kind": "identifier",
                    "party": "importer",
                    "min_value": "150",
                    "band_currency": "EUR",
                    "note": "the importer of record (for DDP, the seller or its indirect representative)",
                }
            ],
            "EORI for consignments above EUR 150",
            _EU_SRC,
            [
                t_doc(
                    "EUR 200",
                    "DE",
                    "EUR",
                    "200",
                    {"identifiers": [{"document": "EORI", "party": "importer"}]},
                ),
                t_doc("EUR 100", "DE", "EUR", "100", {"identifiers": []}),
            ],
        ),
        (
            _d(2021, 7, 1),
            [
                {
                    "document": "IOSS",
                    "kind": "identifier",
                    "party": "sender",
                    "max_value": "150",
                    "band_currency": "EUR",
                    "when_collection": "checkout",
                    "note": "the seller's (or its intermediary's) IOSS number: IM + 10 digits",
                },
                {
                    "document": "EORI",
                    "kind": "identifier",
                    "party": "importer",
                    "min_value": "150",
                    "band_currency": "EUR",
                    "note": "the importer of record (for DDP, the seller or its indirect representative)",
                },
            ],
            "IOSS from 2021-07-01",
            _EU_SRC,
            [
                t_doc(
                    "EUR 100 under IOSS",
                    "DE",
                    "EUR",
                    "100",
                    {"identifiers": [{"document": "IOSS", "party": "sender"}]},
                    collection="checkout",
                ),
                t_doc(
                    "EUR 200",
                    "NL",
                    "EUR",
                    "200",
                    {"identifiers": [{"document": "EORI", "party": "importer"}]},
                ),
            ],
        ),
    ),
)

# --- United Kingdom --------------------------------------------------------------------------------

_GB_SRC = "https://www.gov.uk/guidance/vat-and-overseas-goods-sold-directly-to-customers-in-the-uk"
add_defaults(
    _rule_set(
        "gb-import-thresholds",
        "import_thresholds",
        "United Kingdom: low-value imports",
        ["GB"],
        (
            FLOOR,
            [
                {
                    "currency": "GBP",
                    "duty_threshold": "135",
                    "tax_threshold": "15",
                    "note": "low value consignment relief (VAT) up to GBP 15 until 2020-12-31",
                }
            ],
            "Duty relief up to GBP 135; VAT relief up to GBP 15",
            _GB_SRC,
            [
                t_thr(
                    "GBP 10 relieved of both", "GB", "GBP", "10", {"duty_relief": True, "tax_relief": True}
                ),
                t_thr(
                    "GBP 100: VAT at the border",
                    "GB",
                    "GBP",
                    "100",
                    {"tax_relief": False, "collection": "border"},
                ),
            ],
        ),
        (
            _d(2021, 1, 1),
            [
                {
                    "currency": "GBP",
                    "duty_threshold": "135",
                    "collection": "checkout",
                    "checkout_max": "135",
                    "scheme": "UK VAT at the point of sale",
                    "note": "the seller charges 20% VAT at the sale up to GBP 135; relief to be abolished"
                    " by 2028-10"
                    " at the latest (UK Autumn Budget 2025; date not fixed)",
                }
            ],
            "From 2021-01-01 VAT is charged at the point of sale for consignments up to GBP 135",
            _GB_SRC,
            [
                t_thr(
                    "GBP 100: no duty, VAT at checkout",
                    "GB",
                    "GBP",
                    "100",
                    {"duty_relief": True, "tax_relief": False, "collection": "checkout"},
                ),
                t_thr(
                    "GBP 200 at the border",
                    "GB",
                    "GBP",
                    "200",
                    {"duty_relief": False, "collection": "border"},
                ),
            ],
        ),
    ),
    _rule_set(
        "gb-duties",
        "duties",
        "United Kingdom: duty rates",
        ["GB"],
        (
            FLOOR,
            _mfn(MFN_EU, "4.2", basis="goods_and_shipping"),
            "Indicative EU Common Customs Tariff rates (until the end of the transition period)",
            "https://www.gov.uk/trade-tariff",
            [
                t_duty("toy GBP 200", "GB", "GBP", [("950300", "200")], "9.40"),
                t_duty("T-shirt GBP 200", "GB", "GBP", [("610910", "200")], "24.00"),
            ],
        ),
        (
            _d(2021, 1, 1),
            _mfn(MFN_GB, "4", basis="goods_and_shipping"),
            "Indicative UK Global Tariff rates from 2021-01-01",
            "https://www.gov.uk/trade-tariff",
            [
                t_duty("T-shirt GBP 200", "GB", "GBP", [("610910", "200")], "24.00"),
                t_duty("toy GBP 200", "GB", "GBP", [("950300", "200")], "0.00"),
            ],
        ),
    ),
    _rule_set(
        "gb-taxes",
        "taxes",
        "United Kingdom: import VAT",
        ["GB"],
        (
            FLOOR,
            [
                _tax("vat", "20", "VAT"),
                _tax(
                    "vat",
                    "0",
                    "VAT (zero-rated books)",
                    hs_prefix="4901",
                    note="printed books are zero-rated",
                ),
            ],
            "VAT 20%; printed books zero-rated",
            _GB_SRC,
            [
                t_tax("T-shirt GBP 100", "GB", "GBP", [("610910", "100", "0")], {"taxes": "20.00"}),
                t_tax("book GBP 100", "GB", "GBP", [("490199", "100", "0")], {"taxes": "0.00"}),
            ],
        ),
    ),
    _rule_set(
        "gb-documents",
        "documents",
        "United Kingdom: identifiers on the declaration",
        ["GB"],
        (
            FLOOR,
            [
                {
                    "document": "EORI",
                    "kind": "identifier",
                    "party": "importer",
                    "min_value": "135",
                    "band_currency": "GBP",
                }
            ],
            "EORI for consignments above GBP 135",
            _GB_SRC,
            [
                t_doc(
                    "GBP 200",
                    "GB",
                    "GBP",
                    "200",
                    {"identifiers": [{"document": "EORI", "party": "importer"}]},
                ),
                t_doc("GBP 100", "GB", "GBP", "100", {"identifiers": []}),
            ],
        ),
        (
            _d(2021, 1, 1),
            [
                {
                    "document": "UK VAT number",
                    "kind": "identifier",
                    "party": "sender",
                    "max_value": "135",
                    "band_currency": "GBP",
                    "when_collection": "checkout",
                    "note": "the seller's (or marketplace's) UK VAT registration number",
                },
                {
                    "document": "EORI",
                    "kind": "identifier",
                    "party": "importer",
                    "min_value": "135",
                    "band_currency": "GBP",
                },
            ],
            "Seller's UK VAT number on consignments up to GBP 135 from 2021-01-01",
            _GB_SRC,
            [
                t_doc(
                    "GBP 100",
                    "GB",
                    "GBP",
                    "100",
                    {"identifiers": [{"document": "UK VAT number", "party": "sender"}]},
                    collection="checkout",
                ),
                t_doc(
                    "GBP 200",
                    "GB",
                    "GBP",
                    "200",
                    {"identifiers": [{"document": "EORI", "party": "importer"}]},
                ),
            ],
        ),
    ),
)

# --- Australia -------------------------------------------------------------------------------------

_AU_SRC = "https://www.ato.gov.au/businesses-and-organisations/gst-excise-and-indirect-taxes/gst"
add_defaults(
    _rule_set(
        "au-import-thresholds",
        "import_thresholds",
        "Australia: low value imported goods",
        ["AU"],
        (
            FLOOR,
            [
                {
                    "currency": "AUD",
                    "duty_threshold": "1000",
                    "collection": "checkout",
                    "checkout_max": "1000",
                    "scheme": "GST on low value imported goods",
                    "note": "vendors with at least AUD 75,000 Australian sales collect 10% GST at the sale",
                }
            ],
            "No duty or GST at the border up to AUD 1,000; vendors collect GST at the sale (since 2018-07-01;"
            " ATO, GST on low value imported goods)",
            _AU_SRC,
            [
                t_thr(
                    "AUD 500: GST at checkout",
                    "AU",
                    "AUD",
                    "500",
                    {"duty_relief": True, "tax_relief": False, "collection": "checkout"},
                ),
                t_thr(
                    "AUD 1,500 at the border",
                    "AU",
                    "AUD",
                    "1500",
                    {"duty_relief": False, "collection": "border"},
                ),
            ],
        ),
    ),
    _rule_set(
        "au-duties",
        "duties",
        "Australia: duty rates",
        ["AU"],
        (
            FLOOR,
            _mfn(MFN_AU, "5", basis="goods"),
            "Indicative general tariff rates on the FOB customs value; FTA preferences (ChAFTA...) not"
            " applied",
            "https://www.abf.gov.au/importing-exporting-and-manufacturing/tariff-classification",
            [
                t_duty("T-shirt AUD 1,500", "AU", "AUD", [("610910", "1500")], "75.00"),
                t_duty("phone AUD 1,500", "AU", "AUD", [("851713", "1500")], "0.00"),
            ],
        ),
    ),
    _rule_set(
        "au-taxes",
        "taxes",
        "Australia: GST",
        ["AU"],
        (
            FLOOR,
            [_tax("gst", "10", "GST")],
            "GST 10% on the value of the taxable importation (customs value, duty, transport and insurance)",
            _AU_SRC,
            [
                t_tax("AUD 100", "AU", "AUD", [("610910", "100", "0")], {"taxes": "10.00"}),
                t_tax("AUD 1,500 with duty", "AU", "AUD", [("610910", "1500", "75")], {"taxes": "157.50"}),
            ],
        ),
    ),
    _rule_set(
        "au-documents",
        "documents",
        "Australia: documents",
        ["AU"],
        (
            FLOOR,
            [
                {
                    "document": "ABN or ARN",
                    "kind": "identifier",
                    "party": "sender",
                    "max_value": "1000",
                    "band_currency": "AUD",
                    "when_collection": "checkout",
                    "note": "the vendor's GST registration number on low value imported goods",
                },
                {
                    "document": "Full import declaration",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "1000",
                    "band_currency": "AUD",
                },
            ],
            "GST registration number up to AUD 1,000; full import declaration above",
            _AU_SRC,
            [
                t_doc(
                    "AUD 500",
                    "AU",
                    "AUD",
                    "500",
                    {"identifiers": [{"document": "ABN or ARN", "party": "sender"}]},
                    collection="checkout",
                ),
                t_doc("AUD 1,500", "AU", "AUD", "1500", {"requirements": ["Full import declaration"]}),
            ],
        ),
    ),
)

# --- Canada ----------------------------------------------------------------------------------------

_CA_SRC = "https://www.cbsa-asfc.gc.ca/services/cusma-aceum/lvs-efv-eng.html"
_CA_20 = {
    "currency": "CAD",
    "duty_threshold": "20",
    "tax_threshold": "20",
    "note": "all other origins and post",
}
_CA_HST = [
    _tax("gst", "5", "GST", basis="goods", note="on the value for duty (FOB) plus duty"),
    _tax("gst", "13", "HST", basis="goods", regions=["CA-ON"]),
    _tax("gst", "15", "HST", basis="goods", regions=["CA-NB", "CA-NL", "CA-PE"]),
]
add_defaults(
    _rule_set(
        "ca-import-thresholds",
        "import_thresholds",
        "Canada: low value shipments",
        ["CA"],
        (
            FLOOR,
            [_CA_20],
            "CAD 20 for every origin",
            _CA_SRC,
            [
                t_thr("CAD 30 pays", "CA", "CAD", "30", {"duty_relief": False}, origin="US"),
                t_thr(
                    "CAD 15 relieved",
                    "CA",
                    "CAD",
                    "15",
                    {"duty_relief": True, "tax_relief": True},
                    origin="US",
                ),
            ],
        ),
        (
            _d(2020, 7, 1),
            [
                {
                    "origins": ["US", "MX"],
                    "channels": ["courier"],
                    "currency": "CAD",
                    "duty_threshold": "150",
                    "tax_threshold": "40",
                    "note": "CUSMA courier low value shipments",
                },
                _CA_20,
            ],
            "CUSMA: courier goods from US/MX duty-free up to CAD 150, tax-free up to CAD 40 (CBSA)",
            _CA_SRC,
            [
                t_thr(
                    "CAD 100 from US",
                    "CA",
                    "CAD",
                    "100",
                    {"duty_relief": True, "tax_relief": False},
                    origin="US",
                ),
                t_thr(
                    "CAD 30 from US",
                    "CA",
                    "CAD",
                    "30",
                    {"duty_relief": True, "tax_relief": True},
                    origin="US",
                ),
                t_thr("CAD 30 from CN", "CA", "CAD", "30", {"duty_relief": False, "tax_relief": False}),
                t_thr(
                    "CAD 30 from US by post",
                    "CA",
                    "CAD",
                    "30",
                    {"duty_relief": False},
                    origin="US",
                    channel="post",
                ),
            ],
        ),
    ),
    _rule_set(
        "ca-duties",
        "duties",
        "Canada: duty rates",
        ["CA"],
        (
            FLOOR,
            [
                *_mfn(MFN_CA, "6.5", basis="goods"),
                {
                    "hs_prefix": "*",
                    "origins": ["US", "MX"],
                    "rate": "0",
                    "label": "CUSMA preference",
                    "note": "for goods originating in the US or Mexico",
                },
            ],
            "Indicative MFN rates on the value for duty (FOB); CUSMA origin duty-free",
            "https://www.cbsa-asfc.gc.ca/trade-commerce/tariff-tarif/menu-eng.html",
            [
                t_duty("T-shirt CAD 200 from CN", "CA", "CAD", [("610910", "200")], "36.00"),
                t_duty("T-shirt CAD 200 from US", "CA", "CAD", [("610910", "200")], "0.00", origin="US"),
            ],
        ),
    ),
    _rule_set(
        "ca-taxes",
        "taxes",
        "Canada: GST and HST",
        ["CA"],
        (
            FLOOR,
            [*_CA_HST, _tax("gst", "15", "HST", basis="goods", regions=["CA-NS"])],
            "GST 5%; HST in the participating provinces",
            "https://www.canada.ca/en/revenue-agency/services/tax/businesses/topics/gst-hst-businesses.html",
            [
                t_tax("no province", "CA", "CAD", [("610910", "100", "0")], {"taxes": "5.00"}),
                t_tax("Ontario", "CA", "CAD", [("610910", "100", "0")], {"taxes": "13.00"}, region="CA-ON"),
                t_tax(
                    "Nova Scotia", "CA", "CAD", [("610910", "100", "0")], {"taxes": "15.00"}, region="CA-NS"
                ),
            ],
        ),
        (
            _d(2025, 4, 1),
            [*_CA_HST, _tax("gst", "14", "HST", basis="goods", regions=["CA-NS"])],
            "Nova Scotia HST 14% from 2025-04-01",
            "https://www.canada.ca/en/revenue-agency/services/tax/businesses/topics/gst-hst-businesses.html",
            [
                t_tax(
                    "Nova Scotia", "CA", "CAD", [("610910", "100", "0")], {"taxes": "14.00"}, region="CA-NS"
                ),
                t_tax("with duty", "CA", "CAD", [("610910", "200", "36")], {"taxes": "11.80"}, shipping="20"),
            ],
        ),
    ),
    _rule_set(
        "ca-documents",
        "documents",
        "Canada: documents",
        ["CA"],
        (
            FLOOR,
            [
                {
                    "document": "CBSA formal accounting (B3)",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "3300",
                    "band_currency": "CAD",
                    "note": "the courier low value shipment programme covers shipments up to CAD 3,300",
                }
            ],
            "Formal accounting above CAD 3,300",
            _CA_SRC,
            [
                t_doc("CAD 5,000", "CA", "CAD", "5000", {"requirements": ["CBSA formal accounting (B3)"]}),
                t_doc("CAD 100", "CA", "CAD", "100", {"requirements": []}),
            ],
        ),
    ),
)

# --- Indonesia -------------------------------------------------------------------------------------

_ID_SRC = "https://jdih.kemenkeu.go.id/"
_ID_FOB3 = {
    "currency": "USD",
    "duty_threshold": "3",
    "basis": "goods",
    "note": "duty exempt only up to FOB USD 3 per consignment; VAT on everything",
}


def _id_listed(groups: list[tuple[list[str], str, str]]) -> list[dict[str, Any]]:
    """Categories that pay full duty regardless of value."""
    return [
        {
            "hs_prefix": prefix,
            "rate": rate,
            "basis": "goods_and_shipping",
            "label": f"full duty: {what}",
            "ignores_de_minimis": True,
            "note": INDICATIVE,
        }
        for prefixes, rate, what in groups
        for prefix in prefixes
    ]


_ID_TEXTILES = [f"{ch}" for ch in range(50, 61)] + ["63"]
_ID_LISTED_2020 = [
    (["4202"], "20", "bags"),
    (["61", "62"], "25", "apparel"),
    ([str(p) for p in _ID_TEXTILES], "15", "textiles"),
    (["64"], "30", "footwear"),
]
_ID_LISTED_2023 = [
    *_ID_LISTED_2020,
    (["4901"], "0", "books"),
    (["8712"], "30", "bicycles (25-40%)"),
    (["9101", "9102"], "10", "watches"),
    (["3304"], "15", "cosmetics (10-15%)"),
    (["72", "73"], "15", "iron and steel (0-20%)"),
]
_ID_FLAT = {
    "hs_prefix": "*",
    "rate": "7.5",
    "basis": "goods_and_shipping",
    "label": "e-commerce import duty",
    "note": "PMK 199/2019: 7.5% on consignments above FOB USD 3 (income tax waived; not modelled)",
}
add_defaults(
    _rule_set(
        "id-import-thresholds",
        "import_thresholds",
        "Indonesia: consignment de minimis",
        ["ID"],
        (
            FLOOR,
            [{"currency": "USD", "duty_threshold": "75", "tax_threshold": "75", "basis": "goods"}],
            "PMK 112/2018: duty and tax relief up to FOB USD 75",
            _ID_SRC,
            [
                t_thr("USD 50 relieved", "ID", "USD", "50", {"duty_relief": True, "tax_relief": True}),
                t_thr("USD 100 pays", "ID", "USD", "100", {"duty_relief": False, "tax_relief": False}),
            ],
        ),
        (
            _d(2020, 1, 30),
            [_ID_FOB3],
            "PMK 199/2019: duty relief only up to FOB USD 3; VAT on every consignment",
            _ID_SRC,
            [
                t_thr(
                    "USD 2.50 relieved of duty",
                    "ID",
                    "USD",
                    "2.50",
                    {"duty_relief": True, "tax_relief": False},
                ),
                t_thr("USD 10 pays", "ID", "USD", "10", {"duty_relief": False}),
            ],
        ),
        (
            _d(2023, 10, 17),
            [
                {
                    **_ID_FOB3,
                    "note": _ID_FOB3["note"] + "; the marketplace is treated as the importer (PMK 96/2023)",
                }
            ],
            "PMK 96/2023 (Baker McKenzie, AYMP): the marketplace is the importer; FOB USD 3 relief kept",
            _ID_SRC,
            [
                t_thr(
                    "IDR 40,000 at IDR 16,000/USD",
                    "ID",
                    "IDR",
                    "40000",
                    {"duty_relief": True, "duty_threshold": "48000"},
                    rates={"USD": "16000"},
                ),
                t_thr("USD 100 pays", "ID", "USD", "100", {"duty_relief": False, "tax_relief": False}),
            ],
        ),
    ),
    _rule_set(
        "id-duties",
        "duties",
        "Indonesia: duty rates",
        ["ID"],
        (
            FLOOR,
            _mfn(MFN_ID, "7.5", basis="goods_and_shipping"),
            "Indicative MFN rates on the CIF value above the de minimis",
            _ID_SRC,
            [
                t_duty("T-shirt USD 100", "ID", "USD", [("610910", "100")], "25.00"),
                t_duty("phone USD 100", "ID", "USD", [("851713", "100")], "0.00"),
            ],
        ),
        (
            _d(2020, 1, 30),
            [_ID_FLAT, *_id_listed(_ID_LISTED_2020)],
            "PMK 199/2019: 7.5% above FOB USD 3; bags, textiles and footwear pay full duty regardless of"
            " value",
            _ID_SRC,
            [
                t_duty("phone USD 100", "ID", "USD", [("851713", "100")], "7.50"),
                t_duty("T-shirt USD 2 despite relief", "ID", "USD", [("610910", "2")], "0.50", relief=True),
                t_duty("phone USD 2 relieved", "ID", "USD", [("851713", "2")], "0.00", relief=True),
            ],
        ),
        (
            _d(2023, 10, 17),
            [_ID_FLAT, *_id_listed(_ID_LISTED_2023)],
            "PMK 96/2023: full duty regardless of value on bags, textiles, footwear, books, bicycles,"
            " watches,"
            " cosmetics and steel",
            _ID_SRC,
            [
                t_duty("lipstick USD 2 despite relief", "ID", "USD", [("330410", "2")], "0.30", relief=True),
                t_duty("watch USD 100", "ID", "USD", [("910211", "100")], "10.00"),
                t_duty("phone USD 100", "ID", "USD", [("851713", "100")], "7.50"),
            ],
        ),
    ),
    _rule_set(
        "id-taxes",
        "taxes",
        "Indonesia: import VAT",
        ["ID"],
        (
            FLOOR,
            [_tax("vat", "10", "PPN (VAT)")],
            "VAT 10%",
            _ID_SRC,
            [
                t_tax("USD 100 with duty", "ID", "USD", [("610910", "100", "25")], {"taxes": "12.50"}),
                t_tax("phone USD 100", "ID", "USD", [("851713", "100", "0")], {"taxes": "10.00"}),
            ],
        ),
        (
            _d(2022, 4, 1),
            [
                _tax(
                    "vat",
                    "11",
                    "PPN (VAT)",
                    note="12% nominal from 2025-01-01 on a base of 11/12 for goods other than luxury goods:"
                    " 11%"
                    " effective",
                )
            ],
            "VAT 11% from 2022-04-01 (Law 7/2021)",
            _ID_SRC,
            [
                t_tax("USD 100 with duty", "ID", "USD", [("610910", "100", "25")], {"taxes": "13.75"}),
                t_tax("phone USD 100", "ID", "USD", [("851713", "100", "0")], {"taxes": "11.00"}),
            ],
        ),
    ),
    _rule_set(
        "id-documents",
        "documents",
        "Indonesia: documents",
        ["ID"],
        (
            FLOOR,
            [
                {
                    "document": "Consignment note with marketplace data",
                    "kind": "requirement",
                    "party": "carrier",
                    "note": "e-commerce consignments are declared on a consignment note carrying the"
                    " marketplace's"
                    " data",
                }
            ],
            "E-commerce consignment notes (PMK 112/2018)",
            _ID_SRC,
            [
                t_doc("any", "ID", "USD", "10", {"requirements": ["Consignment note with marketplace data"]}),
                t_doc("no identifiers", "ID", "USD", "10", {"identifiers": []}),
            ],
        ),
        (
            _d(2023, 10, 17),
            [
                {
                    "document": "Consignment note with marketplace data",
                    "kind": "requirement",
                    "party": "carrier",
                },
                {
                    "document": "Marketplace tax id (NPWP)",
                    "kind": "identifier",
                    "party": "importer",
                    "note": "PMK 96/2023: the marketplace is treated as the importer",
                },
            ],
            "PMK 96/2023: the marketplace is the importer",
            _ID_SRC,
            [
                t_doc(
                    "any",
                    "ID",
                    "USD",
                    "10",
                    {"identifiers": [{"document": "Marketplace tax id (NPWP)", "party": "importer"}]},
                ),
                t_doc(
                    "consignment note",
                    "ID",
                    "USD",
                    "500",
                    {"requirements": ["Consignment note with marketplace data"]},
                ),
            ],
        ),
    ),
)

# --- Mexico ----------------------------------------------------------------------------------------

_MX_SRC = "https://www.dof.gob.mx/"


def _mx_duties(non_fta_rate: str, *, unconfirmed_usmca: bool) -> list[dict[str, Any]]:
    usmca_note = "USMCA origin courier goods" + (
        "; the bands before 2025-08-15 are assumed as after (unconfirmed)" if unconfirmed_usmca else ""
    )
    return [
        {
            "origins": ["US", "CA"],
            "channels": ["courier"],
            "min_value": "50",
            "max_value": "117",
            "band_currency": "USD",
            "rate": "17",
            "basis": "goods_and_shipping",
            "label": "courier simplified regime, USMCA origin (all-in)",
            "unconfirmed": unconfirmed_usmca,
            "note": usmca_note,
        },
        {
            "origins": ["US", "CA"],
            "channels": ["courier"],
            "min_value": "117",
            "max_value": "2500",
            "band_currency": "USD",
            "rate": "19",
            "basis": "goods_and_shipping",
            "label": "courier simplified regime, USMCA origin (all-in)",
            "unconfirmed": unconfirmed_usmca,
            "note": usmca_note,
        },
        {
            "channels": ["courier"],
            "max_value": "2500",
            "band_currency": "USD",
            "rate": non_fta_rate,
            "basis": "goods_and_shipping",
            "label": "courier simplified regime (all-in)",
            "note": "one flat rate covering duty, IVA and customs processing, for goods up to USD 2,500;"
            " other"
            " FTA partners are treated as non-FTA origins (unconfirmed)",
        },
        *_mfn(MFN_MX, "10", basis="goods_and_shipping", label="MFN (general regime)"),
    ]


_MX_TAX = [
    _tax("iva", "16", "IVA", channels=["post"], note="general regime (post)"),
    _tax(
        "iva",
        "16",
        "IVA",
        min_value="2500",
        band_currency="USD",
        note="general regime above USD 2,500; the courier simplified rate already includes IVA",
    ),
]
add_defaults(
    _rule_set(
        "mx-import-thresholds",
        "import_thresholds",
        "Mexico: courier de minimis",
        ["MX"],
        (
            _d(2025, 1, 1),
            [
                {
                    "origins": ["US", "CA"],
                    "channels": ["courier"],
                    "currency": "USD",
                    "duty_threshold": "50",
                    "tax_threshold": "50",
                    "note": "USMCA origin courier goods up to USD 50 are exempt",
                },
                {
                    "currency": "USD",
                    "note": "no de minimis: the simplified regime's rate applies from the first dollar",
                },
            ],
            "USMCA origins exempt up to USD 50; no relief for other origins (history modelled from"
            " 2025-01-01)",
            _MX_SRC,
            [
                t_thr(
                    "USD 40 from US",
                    "MX",
                    "USD",
                    "40",
                    {"duty_relief": True, "tax_relief": True},
                    origin="US",
                ),
                t_thr("USD 40 from CN", "MX", "USD", "40", {"duty_relief": False}),
            ],
        ),
    ),
    _rule_set(
        "mx-duties",
        "duties",
        "Mexico: courier simplified regime and duty rates",
        ["MX"],
        (
            _d(2025, 1, 1),
            _mx_duties("19", unconfirmed_usmca=True),
            "Courier simplified regime at 19% all-in for non-FTA origins (start date 2025-01-01 unconfirmed)",
            _MX_SRC,
            [
                t_duty("T-shirt USD 100 from CN", "MX", "USD", [("610910", "100")], "19.00"),
                t_duty("T-shirt USD 100 from US", "MX", "USD", [("610910", "100")], "17.00", origin="US"),
            ],
        ),
        (
            _d(2025, 8, 15),
            _mx_duties("33.5", unconfirmed_usmca=False),
            "Decree (2025-08): 33.5% all-in for non-FTA origins up to USD 2,500; USMCA 17% (USD 50-117),"
            " 19% above",
            _MX_SRC,
            [
                t_duty("T-shirt USD 100 from CN", "MX", "USD", [("610910", "100")], "33.50"),
                t_duty("T-shirt USD 100 from US", "MX", "USD", [("610910", "100")], "17.00", origin="US"),
                t_duty("T-shirt USD 200 from US", "MX", "USD", [("610910", "200")], "38.00", origin="US"),
                t_duty(
                    "T-shirt USD 3,000 from CN: general regime", "MX", "USD", [("610910", "3000")], "1050.00"
                ),
            ],
        ),
    ),
    _rule_set(
        "mx-taxes",
        "taxes",
        "Mexico: IVA outside the simplified regime",
        ["MX"],
        (
            _d(2025, 1, 1),
            _MX_TAX,
            "IVA 16% in the general regime; none on top of the courier simplified rate",
            _MX_SRC,
            [
                t_tax("courier USD 100", "MX", "USD", [("610910", "100", "33.50")], {"taxes": "0.00"}),
                t_tax("courier USD 3,000", "MX", "USD", [("610910", "3000", "1050")], {"taxes": "648.00"}),
                t_tax(
                    "post USD 100", "MX", "USD", [("610910", "100", "35")], {"taxes": "21.60"}, channel="post"
                ),
            ],
        ),
    ),
    _rule_set(
        "mx-documents",
        "documents",
        "Mexico: documents",
        ["MX"],
        (
            _d(2025, 1, 1),
            [
                {
                    "document": "Simplified courier pedimento",
                    "kind": "form",
                    "channels": ["courier"],
                    "max_value": "2500",
                    "band_currency": "USD",
                },
                {
                    "document": "Pedimento through a customs broker",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "2500",
                    "band_currency": "USD",
                },
            ],
            "Courier simplified declaration up to USD 2,500; a customs broker above",
            _MX_SRC,
            [
                t_doc("USD 100", "MX", "USD", "100", {"forms": ["Simplified courier pedimento"]}),
                t_doc(
                    "USD 3,000", "MX", "USD", "3000", {"requirements": ["Pedimento through a customs broker"]}
                ),
            ],
        ),
    ),
)

# --- Brazil ----------------------------------------------------------------------------------------

_BR_SRC = "https://www.planalto.gov.br/ccivil_03/_ato2023-2026/2024/lei/l14902.htm"
_BR_RC = {
    "currency": "USD",
    "basis": "goods_and_shipping",
    "collection": "checkout",
    "checkout_max": "3000",
    "scheme": "Remessa Conforme",
}
_BR_ICMS_20 = ["BR-AC", "BR-AL", "BR-BA", "BR-CE", "BR-MG", "BR-PB", "BR-PI", "BR-RN", "BR-RR", "BR-SE"]
_BR_ICMS = _tax(
    "icms",
    "17",
    "ICMS",
    gross_up=True,
    note="state tax on the customs value plus import tax, computed on a tax-inclusive base",
)
add_defaults(
    _rule_set(
        "br-import-thresholds",
        "import_thresholds",
        "Brazil: Remessa Conforme",
        ["BR"],
        (
            _d(2023, 8, 1),
            [
                {
                    **_BR_RC,
                    "duty_threshold": "50",
                    "note": "certified platforms: import tax exempt up to USD 50; ICMS collected at the sale",
                }
            ],
            "Remessa Conforme from 2023-08-01 (history modelled from its start)",
            _BR_SRC,
            [
                t_thr(
                    "USD 40 relieved of import tax",
                    "BR",
                    "USD",
                    "40",
                    {"duty_relief": True, "tax_relief": False, "collection": "checkout"},
                ),
                t_thr("USD 60 pays", "BR", "USD", "60", {"duty_relief": False, "collection": "checkout"}),
            ],
        ),
        (
            _d(2024, 8, 1),
            [
                {
                    **_BR_RC,
                    "note": "certified platforms collect import tax and ICMS at the sale, up to USD 3,000",
                }
            ],
            "Lei 14.902/2024: the USD 50 exemption ends 2024-08-01",
            _BR_SRC,
            [
                t_thr(
                    "USD 40 taxed at checkout",
                    "BR",
                    "USD",
                    "40",
                    {"duty_relief": False, "collection": "checkout"},
                ),
                t_thr("USD 3,500 at the border", "BR", "USD", "3500", {"collection": "border"}),
            ],
        ),
    ),
    _rule_set(
        "br-duties",
        "duties",
        "Brazil: import tax",
        ["BR"],
        (
            _d(2023, 8, 1),
            [
                {
                    "max_value": "3000",
                    "band_currency": "USD",
                    "band_basis": "goods_and_shipping",
                    "rate": "60",
                    "basis": "goods_and_shipping",
                    "label": "simplified import tax",
                },
                *_mfn(MFN_BR, "14", basis="goods_and_shipping", label="MFN (Mercosur CET, formal import)"),
            ],
            "Simplified taxation: 60% up to USD 3,000",
            _BR_SRC,
            [
                t_duty("T-shirt USD 100", "BR", "USD", [("610910", "100")], "60.00"),
                t_duty("T-shirt USD 3,500: formal import", "BR", "USD", [("610910", "3500")], "1225.00"),
            ],
        ),
        (
            _d(2024, 8, 1),
            [
                {
                    "max_value": "50",
                    "band_currency": "USD",
                    "band_basis": "goods_and_shipping",
                    "rate": "20",
                    "basis": "goods_and_shipping",
                    "label": "import tax up to USD 50",
                },
                {
                    "min_value": "50",
                    "max_value": "3000",
                    "band_currency": "USD",
                    "band_basis": "goods_and_shipping",
                    "rate": "60",
                    "deduction": "20",
                    "deduction_currency": "USD",
                    "basis": "goods_and_shipping",
                    "label": "import tax 60% less USD 20",
                },
                *_mfn(MFN_BR, "14", basis="goods_and_shipping", label="MFN (Mercosur CET, formal import)"),
            ],
            "Lei 14.902/2024: 20% up to USD 50; 60% less USD 20 up to USD 3,000",
            _BR_SRC,
            [
                t_duty("USD 40", "BR", "USD", [("610910", "40")], "8.00"),
                t_duty("USD 100", "BR", "USD", [("610910", "100")], "40.00"),
                t_duty("two lines USD 60 + 40", "BR", "USD", [("610910", "60"), ("640411", "40")], "40.00"),
                t_duty(
                    "BRL 220 at BRL 5.50/USD",
                    "BR",
                    "BRL",
                    [("610910", "220")],
                    "44.00",
                    rates={"USD": "5.50"},
                ),
            ],
        ),
    ),
    _rule_set(
        "br-taxes",
        "taxes",
        "Brazil: ICMS",
        ["BR"],
        (
            _d(2023, 8, 1),
            [_BR_ICMS],
            "ICMS 17% on Remessa Conforme imports in every state",
            _BR_SRC,
            [
                t_tax("USD 40 + 8 import tax", "BR", "USD", [("610910", "40", "8")], {"taxes": "9.83"}),
                t_tax("USD 100 + 60 import tax", "BR", "USD", [("610910", "100", "60")], {"taxes": "32.77"}),
            ],
        ),
        (
            _d(2025, 4, 1),
            [
                _BR_ICMS,
                _tax(
                    "icms",
                    "20",
                    "ICMS",
                    gross_up=True,
                    regions=_BR_ICMS_20,
                    unconfirmed=True,
                    note="20% in 10 states from 2025-04-01; the list of states is unconfirmed",
                ),
            ],
            "ICMS 20% in 10 states from 2025-04-01",
            _BR_SRC,
            [
                t_tax(
                    "Minas Gerais", "BR", "USD", [("610910", "40", "8")], {"taxes": "12.00"}, region="BR-MG"
                ),
                t_tax("Sao Paulo", "BR", "USD", [("610910", "40", "8")], {"taxes": "9.83"}, region="BR-SP"),
            ],
        ),
    ),
    _rule_set(
        "br-documents",
        "documents",
        "Brazil: documents",
        ["BR"],
        (
            _d(2023, 8, 1),
            [
                {"document": "CPF or CNPJ", "kind": "identifier", "party": "recipient"},
                {
                    "document": "Remessa Conforme certification",
                    "kind": "identifier",
                    "party": "sender",
                    "max_value": "3000",
                    "band_currency": "USD",
                    "band_basis": "goods_and_shipping",
                    "when_collection": "checkout",
                },
            ],
            "The recipient's tax id on every import; the platform's certification under Remessa Conforme",
            _BR_SRC,
            [
                t_doc(
                    "USD 40 at checkout",
                    "BR",
                    "USD",
                    "40",
                    {
                        "identifiers": [
                            {"document": "CPF or CNPJ", "party": "recipient"},
                            {"document": "Remessa Conforme certification", "party": "sender"},
                        ]
                    },
                    collection="checkout",
                ),
                t_doc(
                    "USD 3,500 at the border",
                    "BR",
                    "USD",
                    "3500",
                    {"identifiers": [{"document": "CPF or CNPJ", "party": "recipient"}]},
                ),
            ],
        ),
    ),
)

# --- Japan -----------------------------------------------------------------------------------------

_JP_SRC = "https://www.customs.go.jp/english/"
add_defaults(
    _rule_set(
        "jp-import-thresholds",
        "import_thresholds",
        "Japan: small-value imports",
        ["JP"],
        (
            FLOOR,
            [
                {
                    "currency": "JPY",
                    "duty_threshold": "10000",
                    "tax_threshold": "10000",
                    "basis": "goods_and_shipping",
                    "note": "customs value up to JPY 10,000 free of duty and consumption tax; the"
                    " personal-use"
                    " valuation at 60% of the retail price is not applied",
                }
            ],
            "Japan Customs answer 1006: no duty or consumption tax up to JPY 10,000",
            _JP_SRC,
            [
                t_thr("JPY 8,000 relieved", "JP", "JPY", "8000", {"duty_relief": True, "tax_relief": True}),
                t_thr("JPY 12,000 pays", "JP", "JPY", "12000", {"duty_relief": False, "tax_relief": False}),
            ],
        ),
        (
            _d(2028, 4, 1),
            [
                {
                    "currency": "JPY",
                    "duty_threshold": "10000",
                    "basis": "goods_and_shipping",
                    "unconfirmed": True,
                    "note": "consumption tax from the first yen; whether duty relief stays is unconfirmed",
                }
            ],
            "Low-value imports taxed from 2028-04-01",
            _JP_SRC,
            [
                t_thr("JPY 8,000 taxed", "JP", "JPY", "8000", {"duty_relief": True, "tax_relief": False}),
                t_thr(
                    "JPY 12,000 pays both", "JP", "JPY", "12000", {"duty_relief": False, "tax_relief": False}
                ),
            ],
        ),
    ),
    _rule_set(
        "jp-duties",
        "duties",
        "Japan: duty rates",
        ["JP"],
        (
            FLOOR,
            _mfn(MFN_JP, "3", basis="goods_and_shipping"),
            "Indicative MFN rates on the CIF value (leather footwear: 30% or JPY 4,300 a pair, the higher)",
            _JP_SRC,
            [
                t_duty("T-shirt JPY 20,000", "JP", "JPY", [("610910", "20000")], "2180"),
                t_duty("phone JPY 50,000", "JP", "JPY", [("851713", "50000")], "0"),
            ],
        ),
    ),
    _rule_set(
        "jp-taxes",
        "taxes",
        "Japan: consumption tax",
        ["JP"],
        (
            FLOOR,
            [
                _tax(
                    "consumption_tax",
                    "10",
                    "consumption tax",
                    note="7.8% national + 2.2% local; food at 8% not modelled",
                )
            ],
            "Consumption tax 10%",
            _JP_SRC,
            [
                t_tax("JPY 20,000 with duty", "JP", "JPY", [("610910", "20000", "2180")], {"taxes": "2218"}),
                t_tax("JPY 50,000 phone", "JP", "JPY", [("851713", "50000", "0")], {"taxes": "5000"}),
            ],
        ),
    ),
    _rule_set(
        "jp-documents",
        "documents",
        "Japan: documents",
        ["JP"],
        (
            FLOOR,
            [
                {
                    "document": "Simplified import declaration",
                    "kind": "form",
                    "max_value": "200000",
                    "band_currency": "JPY",
                    "band_basis": "goods_and_shipping",
                    "note": "small-value imports (customs value up to JPY 200,000)",
                },
                {
                    "document": "Import declaration",
                    "kind": "form",
                    "min_value": "200000",
                    "band_currency": "JPY",
                    "band_basis": "goods_and_shipping",
                },
            ],
            "Simplified declaration up to JPY 200,000",
            _JP_SRC,
            [
                t_doc("JPY 20,000", "JP", "JPY", "20000", {"forms": ["Simplified import declaration"]}),
                t_doc("JPY 300,000", "JP", "JPY", "300000", {"forms": ["Import declaration"]}),
            ],
        ),
    ),
)

# --- Singapore -------------------------------------------------------------------------------------

_SG_SRC = "https://www.iras.gov.sg/"
add_defaults(
    _rule_set(
        "sg-import-thresholds",
        "import_thresholds",
        "Singapore: low-value goods",
        ["SG"],
        (
            FLOOR,
            [
                {
                    "currency": "SGD",
                    "tax_threshold": "400",
                    "basis": "goods_and_shipping",
                    "note": "GST relief for goods up to SGD 400 imported by air or post",
                }
            ],
            "GST import relief up to SGD 400",
            _SG_SRC,
            [
                t_thr("SGD 300 relieved", "SG", "SGD", "300", {"tax_relief": True, "collection": "border"}),
                t_thr("SGD 500 pays", "SG", "SGD", "500", {"tax_relief": False}),
            ],
        ),
        (
            _d(2023, 1, 1),
            [
                {
                    "currency": "SGD",
                    "basis": "goods_and_shipping",
                    "collection": "checkout",
                    "checkout_max": "400",
                    "scheme": "Overseas Vendor Registration (OVR)",
                    "note": "GST on low-value goods up to SGD 400 by air or post, collected by registered"
                    " overseas"
                    " vendors",
                }
            ],
            "IRAS, GST on imports of low-value goods: from 2023-01-01",
            _SG_SRC,
            [
                t_thr(
                    "SGD 300 at checkout", "SG", "SGD", "300", {"tax_relief": False, "collection": "checkout"}
                ),
                t_thr("SGD 500 at the border", "SG", "SGD", "500", {"collection": "border"}),
            ],
        ),
    ),
    _rule_set(
        "sg-duties",
        "duties",
        "Singapore: duty rates",
        ["SG"],
        (
            FLOOR,
            [
                {
                    "hs_prefix": "*",
                    "rate": "0",
                    "label": "no customs duty",
                    "note": "duty only on liquor, tobacco, motor vehicles and petroleum (not modelled)",
                }
            ],
            "No customs duty on the goods the platform sells",
            _SG_SRC,
            [
                t_duty("T-shirt SGD 500", "SG", "SGD", [("610910", "500")], "0.00"),
                t_duty("phone SGD 1,000", "SG", "SGD", [("851713", "1000")], "0.00"),
            ],
        ),
    ),
    _rule_set(
        "sg-taxes",
        "taxes",
        "Singapore: GST",
        ["SG"],
        (
            FLOOR,
            [_tax("gst", "7", "GST")],
            "GST 7%",
            _SG_SRC,
            [
                t_tax("SGD 100", "SG", "SGD", [("610910", "100", "0")], {"taxes": "7.00"}),
                t_tax(
                    "with shipping", "SG", "SGD", [("610910", "100", "0")], {"taxes": "7.70"}, shipping="10"
                ),
            ],
        ),
        (
            _d(2023, 1, 1),
            [_tax("gst", "8", "GST")],
            "GST 8% from 2023-01-01",
            _SG_SRC,
            [
                t_tax("SGD 100", "SG", "SGD", [("610910", "100", "0")], {"taxes": "8.00"}),
                t_tax(
                    "with shipping", "SG", "SGD", [("610910", "100", "0")], {"taxes": "8.80"}, shipping="10"
                ),
            ],
        ),
        (
            _d(2024, 1, 1),
            [_tax("gst", "9", "GST")],
            "GST 9% from 2024-01-01",
            _SG_SRC,
            [
                t_tax("SGD 100", "SG", "SGD", [("610910", "100", "0")], {"taxes": "9.00"}),
                t_tax(
                    "with shipping", "SG", "SGD", [("610910", "100", "0")], {"taxes": "9.90"}, shipping="10"
                ),
            ],
        ),
    ),
    _rule_set(
        "sg-documents",
        "documents",
        "Singapore: documents",
        ["SG"],
        (
            FLOOR,
            [
                {
                    "document": "Customs import permit",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "400",
                    "band_currency": "SGD",
                    "band_basis": "goods_and_shipping",
                }
            ],
            "Import permit above SGD 400",
            _SG_SRC,
            [
                t_doc("SGD 500", "SG", "SGD", "500", {"requirements": ["Customs import permit"]}),
                t_doc("SGD 300", "SG", "SGD", "300", {"requirements": []}),
            ],
        ),
        (
            _d(2023, 1, 1),
            [
                {
                    "document": "GST registration number (OVR)",
                    "kind": "identifier",
                    "party": "sender",
                    "max_value": "400",
                    "band_currency": "SGD",
                    "band_basis": "goods_and_shipping",
                    "when_collection": "checkout",
                },
                {
                    "document": "Customs import permit",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "400",
                    "band_currency": "SGD",
                    "band_basis": "goods_and_shipping",
                },
            ],
            "The overseas vendor's GST number on low-value goods from 2023-01-01",
            _SG_SRC,
            [
                t_doc(
                    "SGD 300",
                    "SG",
                    "SGD",
                    "300",
                    {"identifiers": [{"document": "GST registration number (OVR)", "party": "sender"}]},
                    collection="checkout",
                ),
                t_doc(
                    "SGD 500",
                    "SG",
                    "SGD",
                    "500",
                    {"requirements": ["Customs import permit"], "identifiers": []},
                ),
            ],
        ),
    ),
)

# --- Thailand --------------------------------------------------------------------------------------

_TH_SRC = "https://www.rd.go.th/english/"
add_defaults(
    _rule_set(
        "th-import-thresholds",
        "import_thresholds",
        "Thailand: low-value imports",
        ["TH"],
        (
            FLOOR,
            [
                {
                    "currency": "THB",
                    "duty_threshold": "1500",
                    "tax_threshold": "1500",
                    "basis": "goods_and_shipping",
                }
            ],
            "Duty and VAT exemption up to THB 1,500",
            _TH_SRC,
            [
                t_thr("THB 1,000 relieved", "TH", "THB", "1000", {"duty_relief": True, "tax_relief": True}),
                t_thr("THB 2,000 pays", "TH", "THB", "2000", {"duty_relief": False, "tax_relief": False}),
            ],
        ),
        (
            _d(2024, 7, 5),
            [
                {
                    "currency": "THB",
                    "duty_threshold": "1500",
                    "basis": "goods_and_shipping",
                    "note": "7% VAT on all imports from 2024-07-05",
                }
            ],
            "VAT on all imports from 2024-07-05",
            _TH_SRC,
            [
                t_thr("THB 1,000: VAT only", "TH", "THB", "1000", {"duty_relief": True, "tax_relief": False}),
                t_thr(
                    "THB 2,000 pays duty", "TH", "THB", "2000", {"duty_relief": False, "tax_relief": False}
                ),
            ],
        ),
        (
            _d(2026, 1, 1),
            [{"currency": "THB", "basis": "goods_and_shipping", "note": "duty and VAT from the first baht"}],
            "Thai Revenue Department (2026-01): the THB 1,500 exemption is gone from 2026-01-01",
            _TH_SRC,
            [
                t_thr(
                    "THB 1,000 pays both", "TH", "THB", "1000", {"duty_relief": False, "tax_relief": False}
                ),
                t_thr("THB 1 pays both", "TH", "THB", "1", {"duty_relief": False, "duty_threshold": None}),
            ],
        ),
    ),
    _rule_set(
        "th-duties",
        "duties",
        "Thailand: duty rates",
        ["TH"],
        (
            FLOOR,
            _mfn(MFN_TH, "10", basis="goods_and_shipping"),
            "Indicative MFN rates on the CIF value; ASEAN-China FTA preferences not applied",
            "https://www.customs.go.th/",
            [
                t_duty("T-shirt THB 1,000", "TH", "THB", [("610910", "1000")], "300.00"),
                t_duty("phone THB 10,000", "TH", "THB", [("851713", "10000")], "0.00"),
            ],
        ),
    ),
    _rule_set(
        "th-taxes",
        "taxes",
        "Thailand: VAT",
        ["TH"],
        (
            FLOOR,
            [_tax("vat", "7", "VAT")],
            "VAT 7% on CIF value plus duty",
            _TH_SRC,
            [
                t_tax("THB 1,000 with duty", "TH", "THB", [("610910", "1000", "300")], {"taxes": "91.00"}),
                t_tax(
                    "with shipping",
                    "TH",
                    "THB",
                    [("851713", "1000", "0")],
                    {"taxes": "77.00"},
                    shipping="100",
                ),
            ],
        ),
    ),
    _rule_set(
        "th-documents",
        "documents",
        "Thailand: documents",
        ["TH"],
        (
            FLOOR,
            [
                {
                    "document": "Electronic import declaration",
                    "kind": "requirement",
                    "party": "carrier",
                    "note": "courier consignments are declared electronically",
                }
            ],
            "Electronic declaration of courier consignments",
            "https://www.customs.go.th/",
            [
                t_doc("any", "TH", "THB", "1000", {"requirements": ["Electronic import declaration"]}),
                t_doc("no identifiers", "TH", "THB", "100", {"identifiers": []}),
            ],
        ),
    ),
)

# --- Philippines -----------------------------------------------------------------------------------

_PH_SRC = "https://customs.gov.ph/"
_PH_10K = {"currency": "PHP", "duty_threshold": "10000", "tax_threshold": "10000", "basis": "goods"}
add_defaults(
    _rule_set(
        "ph-import-thresholds",
        "import_thresholds",
        "Philippines: de minimis",
        ["PH"],
        (
            FLOOR,
            [{**_PH_10K, "note": "FOB value up to PHP 10,000 free of duty and VAT"}],
            "De minimis PHP 10,000 FOB (CMTA)",
            _PH_SRC,
            [
                t_thr("PHP 5,000 relieved", "PH", "PHP", "5000", {"duty_relief": True, "tax_relief": True}),
                t_thr("PHP 12,000 pays", "PH", "PHP", "12000", {"duty_relief": False}),
            ],
        ),
        (
            _d(2025, 5, 7),
            [
                {
                    **_PH_10K,
                    "aggregate_same_day": True,
                    "note": "same-day parcels to one recipient are added together (CAO 02-2025)",
                }
            ],
            "CAO 02-2025: same-day parcels to one recipient are added together from 2025-05-07",
            _PH_SRC,
            [
                t_thr("PHP 5,000 relieved", "PH", "PHP", "5000", {"duty_relief": True, "tax_relief": True}),
                t_thr("PHP 12,000 pays", "PH", "PHP", "12000", {"duty_relief": False, "tax_relief": False}),
            ],
        ),
    ),
    _rule_set(
        "ph-duties",
        "duties",
        "Philippines: duty rates",
        ["PH"],
        (
            FLOOR,
            _mfn(MFN_PH, "7", basis="goods_and_shipping"),
            "Indicative MFN rates on the dutiable value",
            _PH_SRC,
            [
                t_duty("T-shirt PHP 20,000", "PH", "PHP", [("610910", "20000")], "3000.00"),
                t_duty("phone PHP 20,000", "PH", "PHP", [("851713", "20000")], "0.00"),
            ],
        ),
    ),
    _rule_set(
        "ph-taxes",
        "taxes",
        "Philippines: VAT",
        ["PH"],
        (
            FLOOR,
            [_tax("vat", "12", "VAT")],
            "VAT 12% on the landed cost",
            "https://www.bir.gov.ph/",
            [
                t_tax(
                    "PHP 20,000 with duty", "PH", "PHP", [("610910", "20000", "3000")], {"taxes": "2760.00"}
                ),
                t_tax("PHP 1,000", "PH", "PHP", [("851713", "1000", "0")], {"taxes": "120.00"}),
            ],
        ),
    ),
    _rule_set(
        "ph-documents",
        "documents",
        "Philippines: documents",
        ["PH"],
        (
            FLOOR,
            [
                {
                    "document": "Import entry",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "10000",
                    "band_currency": "PHP",
                }
            ],
            "Consignments above the de minimis are entered for duty and VAT",
            _PH_SRC,
            [
                t_doc("PHP 12,000", "PH", "PHP", "12000", {"requirements": ["Import entry"]}),
                t_doc("PHP 5,000", "PH", "PHP", "5000", {"requirements": []}),
            ],
        ),
        (
            _d(2025, 5, 7),
            [
                {
                    "document": "Import entry",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "10000",
                    "band_currency": "PHP",
                },
                {
                    "document": "Same-day consignments to the recipient declared together",
                    "kind": "requirement",
                    "party": "carrier",
                    "note": "CAO 02-2025",
                },
            ],
            "CAO 02-2025: same-day parcels to one recipient are added together",
            _PH_SRC,
            [
                t_doc(
                    "PHP 5,000",
                    "PH",
                    "PHP",
                    "5000",
                    {"requirements": ["Same-day consignments to the recipient declared together"]},
                ),
                t_doc(
                    "PHP 12,000",
                    "PH",
                    "PHP",
                    "12000",
                    {
                        "requirements": [
                            "Import entry",
                            "Same-day consignments to the recipient declared together",
                        ]
                    },
                ),
            ],
        ),
    ),
)

# --- Malaysia --------------------------------------------------------------------------------------

_MY_SRC = "https://mysst.customs.gov.my/"
add_defaults(
    _rule_set(
        "my-import-thresholds",
        "import_thresholds",
        "Malaysia: low value goods",
        ["MY"],
        (
            FLOOR,
            [
                {
                    "currency": "MYR",
                    "duty_threshold": "500",
                    "tax_threshold": "500",
                    "note": "goods up to MYR 500 by air courier free of duty and sales tax",
                }
            ],
            "De minimis MYR 500",
            _MY_SRC,
            [
                t_thr("MYR 300 relieved", "MY", "MYR", "300", {"duty_relief": True, "tax_relief": True}),
                t_thr("MYR 600 pays", "MY", "MYR", "600", {"duty_relief": False, "tax_relief": False}),
            ],
        ),
        (
            _d(2024, 1, 1),
            [
                {
                    "currency": "MYR",
                    "duty_threshold": "500",
                    "collection": "checkout",
                    "checkout_max": "500",
                    "scheme": "Sales Tax on Low Value Goods",
                    "note": "10% sales tax on goods up to MYR 500 sold online, collected by sellers"
                    " registered above"
                    " MYR 500,000 a year",
                }
            ],
            "Sales Tax (Low Value Goods) 2024: from 2024-01-01",
            _MY_SRC,
            [
                t_thr(
                    "MYR 300 at checkout",
                    "MY",
                    "MYR",
                    "300",
                    {"duty_relief": True, "tax_relief": False, "collection": "checkout"},
                ),
                t_thr(
                    "MYR 600 at the border",
                    "MY",
                    "MYR",
                    "600",
                    {"duty_relief": False, "collection": "border"},
                ),
            ],
        ),
    ),
    _rule_set(
        "my-duties",
        "duties",
        "Malaysia: duty rates",
        ["MY"],
        (
            FLOOR,
            _mfn(MFN_MY, "5", basis="goods_and_shipping"),
            "Indicative MFN rates on the CIF value",
            "https://www.customs.gov.my/",
            [
                t_duty("sneakers MYR 1,000", "MY", "MYR", [("640411", "1000")], "100.00"),
                t_duty("T-shirt MYR 1,000", "MY", "MYR", [("610910", "1000")], "0.00"),
            ],
        ),
    ),
    _rule_set(
        "my-taxes",
        "taxes",
        "Malaysia: sales tax",
        ["MY"],
        (
            FLOOR,
            [_tax("sales_tax", "10", "sales tax", note="some goods at 5% or exempt (not modelled)")],
            "Sales tax 10%",
            _MY_SRC,
            [
                t_tax("MYR 100", "MY", "MYR", [("610910", "100", "0")], {"taxes": "10.00"}),
                t_tax("MYR 1,000 with duty", "MY", "MYR", [("640411", "1000", "100")], {"taxes": "110.00"}),
            ],
        ),
    ),
    _rule_set(
        "my-documents",
        "documents",
        "Malaysia: documents",
        ["MY"],
        (
            FLOOR,
            [
                {
                    "document": "Customs declaration (K1)",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "500",
                    "band_currency": "MYR",
                }
            ],
            "Declaration above MYR 500",
            _MY_SRC,
            [
                t_doc("MYR 600", "MY", "MYR", "600", {"requirements": ["Customs declaration (K1)"]}),
                t_doc("MYR 300", "MY", "MYR", "300", {"requirements": []}),
            ],
        ),
        (
            _d(2024, 1, 1),
            [
                {
                    "document": "Sales tax registration number (LVG)",
                    "kind": "identifier",
                    "party": "sender",
                    "max_value": "500",
                    "band_currency": "MYR",
                    "when_collection": "checkout",
                },
                {
                    "document": "Customs declaration (K1)",
                    "kind": "requirement",
                    "party": "importer",
                    "min_value": "500",
                    "band_currency": "MYR",
                },
            ],
            "The seller's LVG registration number from 2024-01-01",
            _MY_SRC,
            [
                t_doc(
                    "MYR 300",
                    "MY",
                    "MYR",
                    "300",
                    {"identifiers": [{"document": "Sales tax registration number (LVG)", "party": "sender"}]},
                    collection="checkout",
                ),
                t_doc(
                    "MYR 600",
                    "MY",
                    "MYR",
                    "600",
                    {"requirements": ["Customs declaration (K1)"], "identifiers": []},
                ),
            ],
        ),
    ),
)

# --- Vietnam ---------------------------------------------------------------------------------------

_VN_SRC = "https://vanban.chinhphu.vn/"
add_defaults(
    _rule_set(
        "vn-import-thresholds",
        "import_thresholds",
        "Vietnam: express shipments",
        ["VN"],
        (
            FLOOR,
            [
                {
                    "channels": ["courier"],
                    "currency": "VND",
                    "duty_threshold": "1000000",
                    "tax_threshold": "1000000",
                    "note": "express shipments up to VND 1,000,000 free of duty and VAT",
                },
                {"currency": "VND", "note": "other channels: no exemption"},
            ],
            "Decision 78/2010/QD-TTg: express shipments up to VND 1,000,000 exempt",
            _VN_SRC,
            [
                t_thr(
                    "VND 500,000 by courier", "VN", "VND", "500000", {"duty_relief": True, "tax_relief": True}
                ),
                t_thr(
                    "VND 500,000 by post pays", "VN", "VND", "500000", {"duty_relief": False}, channel="post"
                ),
            ],
        ),
        (
            _d(2025, 2, 18),
            [{"currency": "VND", "note": "the exemption for low-value express shipments is repealed"}],
            "Decision 01/2025/QD-TTg: exemption repealed from 2025-02-18",
            _VN_SRC,
            [
                t_thr("VND 500,000 pays", "VN", "VND", "500000", {"duty_relief": False, "tax_relief": False}),
                t_thr(
                    "VND 2,000,000 pays",
                    "VN",
                    "VND",
                    "2000000",
                    {"duty_relief": False, "duty_threshold": None},
                ),
            ],
        ),
    ),
    _rule_set(
        "vn-duties",
        "duties",
        "Vietnam: duty rates",
        ["VN"],
        (
            FLOOR,
            _mfn(MFN_VN, "10", basis="goods_and_shipping"),
            "Indicative MFN rates on the CIF value; ASEAN-China FTA preferences not applied",
            "https://www.customs.gov.vn/",
            [
                t_duty("T-shirt VND 1,000,000", "VN", "VND", [("610910", "1000000")], "200000"),
                t_duty("phone VND 10,000,000", "VN", "VND", [("851713", "10000000")], "0"),
            ],
        ),
    ),
    _rule_set(
        "vn-taxes",
        "taxes",
        "Vietnam: VAT",
        ["VN"],
        (
            FLOOR,
            [_tax("vat", "10", "VAT", note="a temporary 8% rate for many goods is not modelled")],
            "VAT 10% on CIF value plus duty",
            _VN_SRC,
            [
                t_tax(
                    "VND 1,000,000 with duty",
                    "VN",
                    "VND",
                    [("610910", "1000000", "200000")],
                    {"taxes": "120000"},
                ),
                t_tax("phone VND 1,000,000", "VN", "VND", [("851713", "1000000", "0")], {"taxes": "100000"}),
            ],
        ),
    ),
    _rule_set(
        "vn-documents",
        "documents",
        "Vietnam: documents",
        ["VN"],
        (
            FLOOR,
            [
                {
                    "document": "Express import declaration",
                    "kind": "requirement",
                    "party": "carrier",
                    "min_value": "1000000",
                    "band_currency": "VND",
                }
            ],
            "Express shipments above VND 1,000,000 are declared for duty and VAT",
            _VN_SRC,
            [
                t_doc(
                    "VND 2,000,000", "VN", "VND", "2000000", {"requirements": ["Express import declaration"]}
                ),
                t_doc("VND 500,000", "VN", "VND", "500000", {"requirements": []}),
            ],
        ),
        (
            _d(2025, 2, 18),
            [{"document": "Express import declaration", "kind": "requirement", "party": "carrier"}],
            "Every express shipment is declared and taxed from 2025-02-18",
            _VN_SRC,
            [
                t_doc("VND 500,000", "VN", "VND", "500000", {"requirements": ["Express import declaration"]}),
                t_doc(
                    "VND 5,000,000", "VN", "VND", "5000000", {"requirements": ["Express import declaration"]}
                ),
            ],
        ),
    ),
)

# --- every destination: the postal declaration form -----------------------------------------------

add_defaults(
    _rule_set(
        "upu-cn22-cn23",
        "documents",
        "Postal customs declaration: CN22 or CN23",
        None,
        (
            FLOOR,
            [
                {
                    "document": "CN22",
                    "kind": "form",
                    "max_value": "400",
                    "band_currency": "USD",
                    "note": "UPU: CN22 up to SDR 300; USD 400 is the rule-of-thumb equivalent",
                },
                {
                    "document": "CN23",
                    "kind": "form",
                    "min_value": "400",
                    "band_currency": "USD",
                    "note": "UPU: CN23 above SDR 300 (rule of thumb USD 400)",
                },
            ],
            "UPU Convention: CN22 up to SDR 300, CN23 above",
            "https://www.upu.int/en/postal-solutions/programmes-services/customs",
            [
                t_doc("USD 100", "DE", "USD", "100", {"forms": ["CN22"]}),
                t_doc("USD 500", "DE", "USD", "500", {"forms": ["CN23"]}),
                t_doc("EUR 380 at USD 0.92", "DE", "EUR", "380", {"forms": ["CN23"]}, rates={"USD": "0.92"}),
            ],
        ),
    ),
)

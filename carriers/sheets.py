"""Rate sheets as documents: the JSON model, its checks, and the CSV and YAML file formats.

A sheet prices one service from one origin country in one currency, from `effective_from` (inclusive) to
`effective_to` (exclusive, open when empty). Among the sheets of a service and origin whose window contains
a day, the one that started last is in force (so a dated promotion can sit on top of an open-ended sheet).

Terms
-----
- `dim_divisor`: billable weight = max(actual, L x W x H (cm) / divisor kg), in grams, rounded up.
- `min_charge`: the price is never below it (after surcharges).
- `fuel_surcharge_pct`: a percentage of the base (weight) price.
- `rounding`: `half_up` (default) or `half_even`. Every computed amount (the fuel surcharge), and every price
  in the file with more decimals than the currency's minor unit (ISO 4217; IDR in whole rupiah), is rounded
  to the minor unit this way.

Zones
-----
Each zone lists its `countries` and is matched by exactly one of: a `polygon` (GeoJSON Polygon or
MultiPolygon, longitude/latitude; matched by the destination's point), postal codes (`postal_prefixes`
and/or `postal_ranges` "lo..hi", compared without spaces and hyphens, upper-cased; a range matches codes of
its length), or the country alone. The most specific match wins: polygon > postal > country; among postal
zones the longest matching prefix wins (a range counts as the whole code), then the zone listed first;
among polygons, the zone listed first. A country has at most one country-level zone.

A zone has weight breaks (`max_weight_g` strictly increasing, prices never falling): a parcel pays the price
of the first break at or above its billable weight. Above the last break it pays the last price plus
`per_extra_kg` for each started kilogram, or is refused (too heavy) when the zone has no `per_extra_kg`.
Remote-area surcharges come from the zone's `remote_surcharge` or from `remote_areas` (a country and postal
prefixes); when both apply the larger is charged. `transit` gives the zone's days per leg as p10, p50, p90:
line haul in calendar days, customs clearance and last mile in the destination's business days.

Amounts are decimal strings ("18.00"); a JSON number with a point is refused, so no float carries a price.

CSV (one sheet per file, UTF-8, header first; columns in any order, unused ones may be left out)
------------------------------------------------------------------------------------------------
Each row is a record; its `record` column says which, and it uses only these columns:

- `term`: `key` and `value`. Keys: name, origin_country, currency, effective_from, effective_to,
  dim_divisor, min_charge, fuel_surcharge_pct, rounding.
- `zone`: `zone` (its code), `countries`, `postal_prefixes`, `postal_ranges`, `polygon` (GeoJSON text),
  `per_extra_kg`, `remote_surcharge`, `line_haul_days`, `clearance_days`, `last_mile_days` ("p10 p50 p90").
- `rate`: `zone`, `max_weight_g`, `price` (one weight break of the zone).
- `remote`: `countries` (one), `postal_prefixes`, `remote_surcharge`.

Lists are separated by spaces. Empty rows and rows whose first cell starts with `#` are skipped. Errors
count the header as row 1: `{"field": "row 7, column price", "message": ...}`.

```
record,key,value,zone,countries,postal_prefixes,postal_ranges,polygon,per_extra_kg,remote_surcharge,line_haul_days,clearance_days,last_mile_days,max_weight_g,price
term,origin_country,CN,,,,,,,,,,,,
term,currency,CNY,,,,,,,,,,,,
term,effective_from,2026-01-01,,,,,,,,,,,,
zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,1 2 3,,
rate,,,ID,,,,,,,,,,500,18.00
remote,,,,ID,9,,,,15.00,,,,,
```

YAML (one sheet per file): the JSON model's shape. Unquoted decimals are read as exact decimals, never
floats, and `NO` stays Norway (only true/false are booleans). Errors name the line and the path:
`{"field": "line 14, zones[0].breaks[1].price", ...}`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from shapely.geometry import shape

from carriers.errors import RateSheetInvalid
from core.errors import FieldError
from core.merchants import validate_country
from core.money import UnknownCurrency, currency_exponent, validate_currency

Loc = tuple[str | int, ...]
Locator = Callable[[Loc], str]
Rounding = Literal["half_up", "half_even"]
ROUNDING_MODES: dict[str, str] = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
MAX_WEIGHT_G = 10_000_000
MAX_DAYS = 365
_POSTAL_CLEAN = re.compile(r"[\s-]")
_POSTAL_OK = re.compile(r"^[0-9A-Z]{1,12}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


# --- value types ----------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise ValueError('write decimal amounts as strings such as "18.00", not as numbers with a point')
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal amount") from None
        if "e" in text.lower():
            raise ValueError(f"{value!r} is not a plain decimal amount")
    else:
        raise ValueError('a decimal amount is a string such as "18.00"')
    if not number.is_finite():
        raise ValueError("a decimal amount must be finite")
    if number < 0:
        raise ValueError("must not be negative")
    return number


Amount = Annotated[Decimal, BeforeValidator(_decimal)]


def normalize_postal(code: str) -> str:
    return _POSTAL_CLEAN.sub("", code).upper()


def _postal_prefix(value: Any) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError("a postal prefix is a string")
    text = normalize_postal(str(value))
    if not _POSTAL_OK.match(text):
        raise ValueError(f"{value!r} is not a postal code prefix (letters and digits, at most 12)")
    return text


def _postal_range(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('a postal range is a string "lo..hi"')
    lo, sep, hi = value.partition("..")
    lo, hi = normalize_postal(lo), normalize_postal(hi)
    if not sep or not _POSTAL_OK.match(lo) or not _POSTAL_OK.match(hi):
        raise ValueError(f'{value!r} is not a postal range "lo..hi"')
    if len(lo) != len(hi) or lo > hi:
        raise ValueError(f"{value!r}: both ends must have the same length and lo <= hi")
    return f"{lo}..{hi}"


def _country(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a country is an ISO 3166-1 alpha-2 code")
    return validate_country(value.strip())


PostalPrefix = Annotated[str, BeforeValidator(_postal_prefix)]
PostalRange = Annotated[str, BeforeValidator(_postal_range)]
Country = Annotated[str, BeforeValidator(_country)]


def _days(value: Any) -> list[int]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise ValueError("three whole days: p10 p50 p90")
    out: list[int] = []
    for v in value:
        if isinstance(v, bool | float):
            raise ValueError("days are whole numbers")
        try:
            day = int(v)
        except (TypeError, ValueError):
            raise ValueError(f"{v!r} is not a whole number of days") from None
        if not 0 <= day <= MAX_DAYS:
            raise ValueError(f"days must be between 0 and {MAX_DAYS}")
        out.append(day)
    if not out[0] <= out[1] <= out[2]:
        raise ValueError("p10 <= p50 <= p90")
    return out


Days = Annotated[list[int], BeforeValidator(_days)]


def _polygon(value: Any) -> dict[str, Any] | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError("the polygon is not valid GeoJSON text") from None
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError("a GeoJSON Polygon or MultiPolygon (longitude, latitude)")

    def floats(c: Any) -> Any:
        if isinstance(c, list | tuple):
            return [floats(x) for x in c]
        if isinstance(c, bool) or not isinstance(c, int | float | Decimal | str):
            raise ValueError("coordinates are numbers")
        return float(c)  # geometry, not money: shapely works in floats

    try:
        geojson = {"type": value["type"], "coordinates": floats(value.get("coordinates"))}
        geometry = shape(geojson)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"not a usable polygon: {exc}") from None
    if geometry.is_empty or not geometry.is_valid:
        raise ValueError("the polygon is empty or invalid (self-intersecting?)")
    return geojson


# --- the model ------------------------------------------------------------------------------------


class BreakSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_weight_g: int = Field(gt=0, le=MAX_WEIGHT_G)
    price: Amount


class TransitSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_haul: Days
    clearance: Days
    last_mile: Days


class ZoneSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=40)
    countries: list[Country] = Field(min_length=1, max_length=300)
    postal_prefixes: list[PostalPrefix] = Field(default_factory=list, max_length=10_000)
    postal_ranges: list[PostalRange] = Field(default_factory=list, max_length=10_000)
    polygon: Annotated[dict[str, Any] | None, BeforeValidator(_polygon)] = None
    per_extra_kg: Amount | None = None
    remote_surcharge: Amount | None = None
    transit: TransitSpec | None = None
    breaks: list[BreakSpec] = Field(min_length=1, max_length=1000)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not _CODE.match(v):
            raise ValueError("a zone code is letters, digits, '-', '_' or '.' (at most 40)")
        return v

    @property
    def tier(self) -> Literal["polygon", "postal", "country"]:
        if self.polygon is not None:
            return "polygon"
        return "postal" if self.postal_prefixes or self.postal_ranges else "country"


class RemoteAreaSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country
    postal_prefixes: list[PostalPrefix] = Field(min_length=1, max_length=10_000)
    surcharge: Amount


class RateSheetSpec(BaseModel):
    """A rate sheet document: the body of `POST /v1/services/{code}/rate-sheets` and the YAML format."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "name": "CN to Indonesia dedicated line 2026",
                "origin_country": "CN",
                "currency": "CNY",
                "effective_from": "2026-01-01",
                "dim_divisor": 8000,
                "min_charge": "0",
                "fuel_surcharge_pct": "0",
                "rounding": "half_up",
                "zones": [
                    {
                        "code": "ID",
                        "countries": ["ID"],
                        "per_extra_kg": "30.00",
                        "transit": {"line_haul": [3, 4, 6], "clearance": [1, 1, 2], "last_mile": [1, 2, 3]},
                        "breaks": [{"max_weight_g": 500, "price": "18.00"}],
                    }
                ],
                "remote_areas": [{"country": "ID", "postal_prefixes": ["9"], "surcharge": "15.00"}],
            }
        },
    )

    name: str = Field(default="", max_length=200)
    origin_country: Country
    currency: str
    effective_from: date
    effective_to: date | None = None
    dim_divisor: int = Field(default=5000, ge=1000, le=20_000)
    min_charge: Amount = Decimal(0)
    fuel_surcharge_pct: Amount = Decimal(0)
    rounding: Rounding = "half_up"
    zones: list[ZoneSpec] = Field(min_length=1, max_length=500)
    remote_areas: list[RemoteAreaSpec] = Field(default_factory=list, max_length=1000)

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, v: Any) -> str:
        if not isinstance(v, str):
            raise ValueError("an ISO 4217 currency code")
        try:
            return validate_currency(v.strip())
        except UnknownCurrency as exc:
            raise ValueError(str(exc)) from None

    @field_validator("fuel_surcharge_pct")
    @classmethod
    def _pct(cls, v: Decimal) -> Decimal:
        if v > 100:
            raise ValueError("a percentage between 0 and 100")
        return v


# --- checks across fields, and normalization ----------------------------------------------------


def dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


def _round(amount: Decimal, currency: str, rounding: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-currency_exponent(currency)), rounding=ROUNDING_MODES[rounding])


def check_sheet(spec: RateSheetSpec, locate: Locator = dotted) -> RateSheetSpec:
    """Checks that span fields; returns the sheet with every amount rounded to the currency's minor unit.

    Raises RateSheetInvalid naming each bad field through `locate`.
    """
    errors: list[FieldError] = []

    def bad(loc: Loc, message: str) -> None:
        errors.append(FieldError(locate(loc), message))

    if spec.effective_to is not None and spec.effective_to <= spec.effective_from:
        bad(("effective_to",), "must be after effective_from")
    codes: dict[str, int] = {}
    country_zone: dict[str, str] = {}
    postal_seen: dict[tuple[str, str], str] = {}
    for i, zone in enumerate(spec.zones):
        if zone.code in codes:
            bad(("zones", i, "code"), f"zone {zone.code!r} appears twice")
        codes.setdefault(zone.code, i)
        if zone.polygon is not None and (zone.postal_prefixes or zone.postal_ranges):
            bad(("zones", i, "polygon"), "a zone is matched by a polygon or by postal codes, not both")
        if zone.tier == "country":
            for j, country in enumerate(zone.countries):
                if country in country_zone:
                    bad(
                        ("zones", i, "countries", j),
                        f"{country} is already the country-level zone {country_zone[country]!r}",
                    )
                country_zone.setdefault(country, zone.code)
        elif zone.tier == "postal":
            for j, prefix in enumerate(zone.postal_prefixes):
                for country in zone.countries:
                    if (country, prefix) in postal_seen:
                        bad(
                            ("zones", i, "postal_prefixes", j),
                            f"{country} {prefix} is already in zone {postal_seen[(country, prefix)]!r}",
                        )
                    postal_seen.setdefault((country, prefix), zone.code)
        last_weight, last_price = 0, Decimal(-1)
        for j, brk in enumerate(zone.breaks):
            if brk.max_weight_g <= last_weight:
                bad(("zones", i, "breaks", j, "max_weight_g"), "weight breaks must strictly increase")
            if brk.price < last_price:
                bad(("zones", i, "breaks", j, "price"), "prices must not fall as weight rises")
            last_weight, last_price = max(last_weight, brk.max_weight_g), max(last_price, brk.price)
    if errors:
        raise RateSheetInvalid("; ".join(f"{e.field}: {e.message}" for e in errors[:5]), errors=errors)

    def r(amount: Decimal) -> Decimal:
        return _round(amount, spec.currency, spec.rounding)

    def opt(amount: Decimal | None) -> Decimal | None:
        return None if amount is None else r(amount)

    zones = [
        z.model_copy(
            update={
                "per_extra_kg": opt(z.per_extra_kg),
                "remote_surcharge": opt(z.remote_surcharge),
                "breaks": [b.model_copy(update={"price": r(b.price)}) for b in z.breaks],
            }
        )
        for z in spec.zones
    ]
    remote = [a.model_copy(update={"surcharge": r(a.surcharge)}) for a in spec.remote_areas]
    return spec.model_copy(update={"min_charge": r(spec.min_charge), "zones": zones, "remote_areas": remote})


def validate_document(raw: Any, locate: Locator) -> RateSheetSpec:
    """Validate a parsed document (from CSV or YAML) and run the cross-field checks."""
    if not isinstance(raw, Mapping):
        raise RateSheetInvalid(errors=[FieldError(locate(()), "a sheet is a mapping of terms and zones")])
    try:
        spec = RateSheetSpec.model_validate(raw)
    except ValidationError as exc:
        errors = [
            FieldError(locate(tuple(e["loc"])), str(e["msg"]).removeprefix("Value error, "))
            for e in exc.errors()
        ]
        raise RateSheetInvalid(
            "; ".join(f"{e.field}: {e.message}" for e in errors[:5]), errors=errors
        ) from None
    return check_sheet(spec, locate)


def _fallback_locator(where: Mapping[Loc, str], default: Callable[[Loc], str]) -> Locator:
    def locate(loc: Loc) -> str:
        for n in range(len(loc), 0, -1):
            hit = where.get(loc[:n])
            if hit is not None:
                return hit
        return default(loc)

    return locate


def _text(body: bytes | str) -> str:
    if isinstance(body, str):
        return body
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RateSheetInvalid(errors=[FieldError("file", "the file is not UTF-8 text")]) from None


# --- CSV --------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "record",
    "key",
    "value",
    "zone",
    "countries",
    "postal_prefixes",
    "postal_ranges",
    "polygon",
    "per_extra_kg",
    "remote_surcharge",
    "line_haul_days",
    "clearance_days",
    "last_mile_days",
    "max_weight_g",
    "price",
)
CSV_USES = {
    "term": ("key", "value"),
    "zone": (
        "zone",
        "countries",
        "postal_prefixes",
        "postal_ranges",
        "polygon",
        "per_extra_kg",
        "remote_surcharge",
        "line_haul_days",
        "clearance_days",
        "last_mile_days",
    ),
    "rate": ("zone", "max_weight_g", "price"),
    "remote": ("countries", "postal_prefixes", "remote_surcharge"),
}
TERMS = (
    "name",
    "origin_country",
    "currency",
    "effective_from",
    "effective_to",
    "dim_divisor",
    "min_charge",
    "fuel_surcharge_pct",
    "rounding",
)
_TRANSIT_COLUMNS = (
    ("line_haul", "line_haul_days"),
    ("clearance", "clearance_days"),
    ("last_mile", "last_mile_days"),
)
MAX_CSV_ROWS = 100_000


def _cell(row: int, column: str) -> str:
    return f"row {row}, column {column}"


def parse_csv(body: bytes | str) -> RateSheetSpec:
    """Read a CSV sheet (format above); raises RateSheetInvalid naming rows and columns."""
    text = _text(body)
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[FieldError] = []
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise RateSheetInvalid(errors=[FieldError("file", f"not readable as CSV: {exc}")]) from None
    if len(rows) > MAX_CSV_ROWS:
        raise RateSheetInvalid(errors=[FieldError("file", f"at most {MAX_CSV_ROWS} rows")])
    if not rows or not any(c.strip() for c in rows[0]):
        raise RateSheetInvalid(errors=[FieldError("row 1", "the first row is the header")])
    header = [c.strip().lower() for c in rows[0]]
    for col, name in enumerate(header):
        if name not in CSV_COLUMNS:
            errors.append(FieldError(_cell(1, name or f"#{col + 1}"), f"unknown column {name!r}"))
        elif header.index(name) != col:
            errors.append(FieldError(_cell(1, name), "the column appears twice"))
    if "record" not in header:
        errors.append(FieldError(_cell(1, "record"), "the header needs a 'record' column"))
    if errors:
        raise RateSheetInvalid(errors=errors)

    where: dict[Loc, str] = {}
    raw: dict[str, Any] = {}
    zones: list[dict[str, Any]] = []
    zone_index: dict[str, int] = {}
    rate_rows: list[tuple[int, dict[str, str]]] = []
    remote: list[dict[str, Any]] = []

    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) > len(header):
            errors.append(FieldError(f"row {number}", f"{len(cells)} cells for {len(header)} columns"))
            continue
        values = {header[i]: cells[i].strip() for i in range(len(cells))}
        record = values.get("record", "").lower()
        if record not in CSV_USES:
            errors.append(
                FieldError(_cell(number, "record"), f"{record!r} is not one of {', '.join(CSV_USES)}")
            )
            continue
        for column, value in values.items():
            if value and column != "record" and column not in CSV_USES[record]:
                errors.append(FieldError(_cell(number, column), f"not used by a {record!r} row"))
        if record == "term":
            key = values.get("key", "")
            if key not in TERMS:
                errors.append(FieldError(_cell(number, "key"), f"unknown term {key!r}"))
            elif key in raw:
                errors.append(FieldError(_cell(number, "key"), f"the term {key!r} appears twice"))
            else:
                where[(key,)] = _cell(number, "value")
                if values.get("value"):
                    raw[key] = values["value"]
        elif record == "zone":
            code = values.get("zone", "")
            if code in zone_index:
                errors.append(FieldError(_cell(number, "zone"), f"zone {code!r} appears twice"))
                continue
            i = len(zones)
            zone_index[code] = i
            zone: dict[str, Any] = {
                "code": code,
                "countries": values.get("countries", "").split(),
                "postal_prefixes": values.get("postal_prefixes", "").split(),
                "postal_ranges": values.get("postal_ranges", "").split(),
                "polygon": values.get("polygon") or None,
                "per_extra_kg": values.get("per_extra_kg") or None,
                "remote_surcharge": values.get("remote_surcharge") or None,
                "breaks": [],
            }
            for name in ("code", "countries", "postal_prefixes", "postal_ranges", "polygon"):
                where[("zones", i, name)] = _cell(number, "zone" if name == "code" else name)
            where[("zones", i, "per_extra_kg")] = _cell(number, "per_extra_kg")
            where[("zones", i, "remote_surcharge")] = _cell(number, "remote_surcharge")
            where[("zones", i)] = _cell(number, "zone")
            legs = {leg: values.get(column, "") for leg, column in _TRANSIT_COLUMNS}
            if any(legs.values()):
                missing = [c for leg, c in _TRANSIT_COLUMNS if not legs[leg]]
                for column in missing:
                    errors.append(FieldError(_cell(number, column), "give all three legs' days, or none"))
                zone["transit"] = legs
                where[("zones", i, "transit")] = _cell(number, "line_haul_days")
                for leg, column in _TRANSIT_COLUMNS:
                    where[("zones", i, "transit", leg)] = _cell(number, column)
            zones.append(zone)
        elif record == "rate":
            rate_rows.append((number, values))
        else:
            j = len(remote)
            countries = values.get("countries", "").split()
            remote.append(
                {
                    "country": countries[0] if len(countries) == 1 else " ".join(countries),
                    "postal_prefixes": values.get("postal_prefixes", "").split(),
                    "surcharge": values.get("remote_surcharge") or None,
                }
            )
            where[("remote_areas", j)] = _cell(number, "countries")
            where[("remote_areas", j, "country")] = _cell(number, "countries")
            where[("remote_areas", j, "postal_prefixes")] = _cell(number, "postal_prefixes")
            where[("remote_areas", j, "surcharge")] = _cell(number, "remote_surcharge")

    for number, values in rate_rows:
        code = values.get("zone", "")
        if code not in zone_index:
            errors.append(
                FieldError(_cell(number, "zone"), f"no zone {code!r} in this sheet (add a zone row)")
            )
            continue
        i = zone_index[code]
        j = len(zones[i]["breaks"])
        zones[i]["breaks"].append(
            {"max_weight_g": values.get("max_weight_g", ""), "price": values.get("price", "")}
        )
        where[("zones", i, "breaks", j)] = _cell(number, "max_weight_g")
        where[("zones", i, "breaks", j, "max_weight_g")] = _cell(number, "max_weight_g")
        where[("zones", i, "breaks", j, "price")] = _cell(number, "price")
    for code, i in zone_index.items():
        where[("zones", i, "breaks")] = where[("zones", i)]
        if not zones[i]["breaks"]:
            errors.append(FieldError(where[("zones", i)], f"zone {code!r} has no rate rows"))
    if errors:
        raise RateSheetInvalid("; ".join(f"{e.field}: {e.message}" for e in errors[:5]), errors=errors)
    raw["zones"] = zones
    raw["remote_areas"] = remote
    where[("zones",)] = "zone rows"
    return validate_document(raw, _fallback_locator(where, lambda loc: f"term {loc[0]}" if loc else "file"))


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def to_csv(spec: RateSheetSpec) -> str:
    """The sheet as CSV; `parse_csv(to_csv(spec)) == spec` for a checked sheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    terms: list[tuple[str, str]] = [
        ("name", spec.name),
        ("origin_country", spec.origin_country),
        ("currency", spec.currency),
        ("effective_from", spec.effective_from.isoformat()),
        ("effective_to", spec.effective_to.isoformat() if spec.effective_to else ""),
        ("dim_divisor", str(spec.dim_divisor)),
        ("min_charge", _amount(spec.min_charge)),
        ("fuel_surcharge_pct", _amount(spec.fuel_surcharge_pct)),
        ("rounding", spec.rounding),
    ]
    for key, value in terms:
        if value:
            writer.writerow({"record": "term", "key": key, "value": value})
    for zone in spec.zones:
        row = {
            "record": "zone",
            "zone": zone.code,
            "countries": " ".join(zone.countries),
            "postal_prefixes": " ".join(zone.postal_prefixes),
            "postal_ranges": " ".join(zone.postal_ranges),
            "polygon": json.dumps(zone.polygon, separators=(",", ":")) if zone.polygon else "",
            "per_extra_kg": _amount(zone.per_extra_kg),
            "remote_surcharge": _amount(zone.remote_surcharge),
        }
        if zone.transit is not None:
            for leg, column in _TRANSIT_COLUMNS:
                row[column] = " ".join(str(d) for d in getattr(zone.transit, leg))
        writer.writerow(row)
    for zone in spec.zones:
        for brk in zone.breaks:
            writer.writerow(
                {
                    "record": "rate",
                    "zone": zone.code,
                    "max_weight_g": brk.max_weight_g,
                    "price": _amount(brk.price),
                }
            )
    for area in spec.remote_areas:
        writer.writerow(
            {
                "record": "remote",
                "countries": area.country,
                "postal_prefixes": " ".join(area.postal_prefixes),
                "remote_surcharge": _amount(area.surcharge),
            }
        )
    return out.getvalue()


# --- YAML -------------------------------------------------------------------------------------------


class _SheetLoader(yaml.SafeLoader):
    """Safe YAML whose decimals stay exact and whose only booleans are true/false (`NO` is Norway)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    try:
        return Decimal(text)
    except InvalidOperation:
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a decimal number", node.start_mark
        ) from None


_SheetLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SheetLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_SheetLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _yaml_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def _yaml_lines(node: yaml.Node, path: Loc, where: dict[Loc, str], seen: set[int]) -> None:
    """Map each path to its line. An alias (a node met twice) is refused: a sheet needs none, and a chain of
    them would multiply the document's size (the "billion laughs")."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in seen:
            raise RateSheetInvalid(
                errors=[
                    FieldError(
                        f"line {node.start_mark.line + 1}", "YAML anchors and aliases are not accepted"
                    )
                ]
            )
        seen.add(id(node))
    where[path] = f"line {node.start_mark.line + 1}, {_yaml_path(path)}"
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _yaml_lines(value, (*path, str(key.value)), where, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _yaml_lines(item, (*path, i), where, seen)


def parse_yaml(body: bytes | str) -> RateSheetSpec:
    """Read a YAML sheet; raises RateSheetInvalid naming lines and paths."""
    text = _text(body)
    where: dict[Loc, str] = {}
    try:
        node = yaml.compose(text, Loader=_SheetLoader)
        if node is not None:
            _yaml_lines(node, (), where, set())
        raw = yaml.load(text, Loader=_SheetLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        field = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "file"
        problem = getattr(exc, "problem", None) or str(exc)
        raise RateSheetInvalid(errors=[FieldError(field, f"not valid YAML: {problem}")]) from None

    def default(loc: Loc) -> str:
        return _yaml_path(loc)

    return validate_document(raw, _fallback_locator(where, default))


def to_document(spec: RateSheetSpec) -> dict[str, Any]:
    """The sheet as plain data: decimals as strings, dates as dates (the YAML export)."""
    data = spec.model_dump(mode="python")

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return {key: plain(value) for key, value in data.items()}


def to_yaml(spec: RateSheetSpec) -> str:
    return yaml.safe_dump(to_document(spec), sort_keys=False, allow_unicode=True, default_flow_style=None)


def parse_sheet(body: bytes | str, *, media_type: str) -> RateSheetSpec:
    """Dispatch on the content type: text/csv or application/yaml (also application/x-yaml, text/yaml)."""
    if media_type in CSV_TYPES:
        return parse_csv(body)
    if media_type in YAML_TYPES:
        return parse_yaml(body)
    raise ValueError(f"unsupported media type {media_type!r}")


CSV_TYPES = frozenset({"text/csv"})
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})

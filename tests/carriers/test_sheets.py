"""Rate sheet files: CSV and YAML round trips, and bad files refused with the row and column named."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from carriers.demo import demo_sheets
from carriers.errors import RateSheetInvalid
from carriers.sheets import RateSheetSpec, check_sheet, parse_csv, parse_sheet, parse_yaml, to_csv, to_yaml
from tests.carriers.conftest import sheet_doc, spec_of

HEADER = (
    "record,key,value,zone,countries,postal_prefixes,postal_ranges,polygon,per_extra_kg,remote_surcharge,"
    "line_haul_days,clearance_days,last_mile_days,max_weight_g,price"
)
GOOD_CSV = f"""{HEADER}
term,origin_country,CN,,,,,,,,,,,,
term,currency,CNY,,,,,,,,,,,,
term,effective_from,2026-01-01,,,,,,,,,,,,
term,fuel_surcharge_pct,12.5,,,,,,,,,,,,
zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,1 2 3,,
zone,,,ID-EAST,ID,9,,,30.00,5.00,4 6 9,1 2 3,2 3 5,,
rate,,,ID,,,,,,,,,,500,18.00
rate,,,ID,,,,,,,,,,1000,33.00
rate,,,ID-EAST,,,,,,,,,,1000,40
remote,,,,ID,97 98,,,,15.00,,,,,
"""


def errors_of(exc: pytest.ExceptionInfo[RateSheetInvalid]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_csv_reads_every_record() -> None:
    spec = parse_csv(GOOD_CSV)
    assert (spec.origin_country, spec.currency, str(spec.fuel_surcharge_pct)) == ("CN", "CNY", "12.5")
    assert [z.code for z in spec.zones] == ["ID", "ID-EAST"]
    east = spec.zones[1]
    assert east.postal_prefixes == ["9"]
    assert [str(b.price) for b in east.breaks] == ["40.00"]  # rounded to the minor unit
    assert east.transit is not None
    assert east.transit.line_haul == [4, 6, 9]
    assert spec.remote_areas[0].postal_prefixes == ["97", "98"]


@pytest.mark.parametrize(("sheet_id", "service_code", "document"), demo_sheets())
def test_every_demo_sheet_round_trips_through_csv_and_yaml(
    sheet_id: str, service_code: str, document: dict[str, Any]
) -> None:
    spec = spec_of(document)
    assert parse_csv(to_csv(spec)) == spec
    assert parse_yaml(to_yaml(spec)) == spec
    assert parse_sheet(to_csv(spec).encode(), media_type="text/csv") == spec


def test_round_trip_of_ranges_polygons_and_open_terms() -> None:
    doc = sheet_doc(effective_to="2026-12-31", min_charge="5", rounding="half_even")
    doc["zones"].append(
        {
            "code": "JKT",
            "countries": ["ID"],
            "polygon": {
                "type": "Polygon",
                "coordinates": [[[106.4, -6.0], [107.2, -6.0], [107.2, -6.7], [106.4, -6.0]]],
            },
            "breaks": [{"max_weight_g": 2000, "price": "12.5"}],
        }
    )
    doc["zones"].append(
        {
            "code": "R",
            "countries": ["ID"],
            "postal_ranges": ["10000..10999"],
            "breaks": [{"max_weight_g": 1, "price": "1"}],
        }
    )
    spec = spec_of(doc)
    assert parse_csv(to_csv(spec)) == spec
    assert parse_yaml(to_yaml(spec)) == spec
    assert str(spec.min_charge) == "5.00"


def test_yaml_decimals_stay_exact_and_norway_is_a_country() -> None:
    text = """
origin_country: CN
currency: EUR
effective_from: 2026-01-01
fuel_surcharge_pct: 7.35
zones:
  - code: NORDICS
    countries: [NO, SE]
    breaks:
      - {max_weight_g: 500, price: 0.105}
      - {max_weight_g: 1000, price: 18.10}
"""
    spec = parse_yaml(text)
    assert spec.zones[0].countries == ["NO", "SE"]
    assert str(spec.fuel_surcharge_pct) == "7.35"
    assert [str(b.price) for b in spec.zones[0].breaks] == ["0.11", "18.10"]  # half-up to cents


def _bad_csv(line: str, replacement: str) -> str:
    assert line in GOOD_CSV
    return GOOD_CSV.replace(line, replacement)


@pytest.mark.parametrize(
    ("line", "replacement", "field", "says"),
    [
        ("rate,,,ID,,,,,,,,,,1000,33.00", "rate,,,ID,,,,,,,,,,1000,3x.00", "row 9, column price", "decimal"),
        ("rate,,,ID,,,,,,,,,,1000,33.00", "rate,,,ID,,,,,,,,,,1000,-1", "row 9, column price", "negative"),
        (
            "rate,,,ID,,,,,,,,,,1000,33.00",
            "rate,,,ID,,,,,,,,,,400,33.00",
            "row 9, column max_weight_g",
            "increase",
        ),
        ("rate,,,ID,,,,,,,,,,1000,33.00", "rate,,,ID,,,,,,,,,,1000,17.00", "row 9, column price", "fall"),
        ("rate,,,ID,,,,,,,,,,1000,33.00", "rate,,,XX,,,,,,,,,,1000,33.00", "row 9, column zone", "no zone"),
        (
            "rate,,,ID,,,,,,,,,,1000,33.00",
            "rate,,,ID,,,,,,,,,,heavy,33.00",
            "row 9, column max_weight_g",
            "integer",
        ),
        (
            "rate,,,ID,,,,,,,,,,1000,33.00",
            "rate,,,ID,,,,,,,,3,,1000,33.00",
            "row 9, column clearance_days",
            "not used",
        ),
        ("term,currency,CNY,,,,,,,,,,,,", "term,currency,XYZ,,,,,,,,,,,,", "row 3, column value", "ISO 4217"),
        ("term,currency,CNY,,,,,,,,,,,,", "term,colour,red,,,,,,,,,,,,", "row 3, column key", "unknown term"),
        (
            "zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,1 2 3,,",
            "zone,,,ID,IDN,,,,30.00,,3 4 6,1 1 2,1 2 3,,",
            "row 6, column countries",
            "ISO 3166",
        ),
        (
            "zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,1 2 3,,",
            "zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,3 2 1,,",
            "row 6, column last_mile_days",
            "p10 <= p50",
        ),
        (
            "zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,1 2 3,,",
            "zone,,,ID,ID,,,,30.00,,3 4 6,,1 2 3,,",
            "row 6, column clearance_days",
            "all three",
        ),
        (
            "zone,,,ID,ID,,,,30.00,,3 4 6,1 1 2,1 2 3,,",
            "zone,,,ID,ID,,,{oops,30.00,,3 4 6,1 1 2,1 2 3,,",
            "row 6, column polygon",
            "GeoJSON",
        ),
        (
            "remote,,,,ID,97 98,,,,15.00,,,,,",
            "remote,,,,ID MY,97 98,,,,15.00,,,,,",
            "row 11, column countries",
            "ISO 3166",
        ),
        (
            "remote,,,,ID,97 98,,,,15.00,,,,,",
            "parcel,,,,ID,97 98,,,,15.00,,,,,",
            "row 11, column record",
            "not one",
        ),
    ],
)
def test_a_bad_csv_names_row_and_column(line: str, replacement: str, field: str, says: str) -> None:
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv(_bad_csv(line, replacement))
    found = errors_of(exc)
    assert field in found, found
    assert says.lower() in found[field].lower(), found[field]
    assert exc.value.status == 422


def test_csv_file_level_errors() -> None:
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv(GOOD_CSV.replace("record,key", "record,kee", 1))
    assert "row 1, column kee" in errors_of(exc)
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv("")
    assert "row 1" in errors_of(exc)
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv(b"\xff\xfe\x00bad")
    assert errors_of(exc) == {"file": "the file is not UTF-8 text"}
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv(GOOD_CSV.replace("term,origin_country,CN,,,,,,,,,,,,\n", ""))
    assert "term origin_country" in errors_of(exc)
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv(GOOD_CSV.replace("rate,,,ID-EAST,,,,,,,,,,1000,40\n", ""))
    assert "row 7, column zone" in errors_of(exc)


def test_comments_and_blank_rows_are_skipped_and_rows_count_from_the_header() -> None:
    text = GOOD_CSV.replace("term,currency,CNY", "# prices from the 2026 tender\n\nterm,currency,CNY")
    assert parse_csv(text).currency == "CNY"
    with pytest.raises(RateSheetInvalid) as exc:
        parse_csv(text.replace("1000,33.00", "1000,abc"))
    assert "row 11, column price" in errors_of(exc)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("price: '33.00'", "price: abc", "line 25, zones[0].breaks[1].price"),
        ("currency: CNY", "currency: 12", "line 3, currency"),
        ("- ID\n", "- ZZ\n", "line 13, zones[0].countries[0]"),
        ("dim_divisor: 5000", "dim_divisor: 5", "line 6, dim_divisor"),
    ],
)
def test_a_bad_yaml_names_line_and_path(old: str, new: str, field: str) -> None:
    text = to_yaml(spec_of(sheet_doc())).replace("countries: [ID]", "countries:\n  - ID")
    assert old in text, text
    with pytest.raises(RateSheetInvalid) as exc:
        parse_yaml(text.replace(old, new, 1))
    assert field in errors_of(exc), (errors_of(exc), text)


def test_yaml_syntax_and_shape_errors() -> None:
    with pytest.raises(RateSheetInvalid) as exc:
        parse_yaml("zones: [\n  - code: a\n")
    assert next(iter(errors_of(exc))).startswith("line ")
    with pytest.raises(RateSheetInvalid) as exc:
        parse_yaml("- just\n- a list\n")
    assert errors_of(exc) == {"document": "a sheet is a mapping of terms and zones"}
    with pytest.raises(RateSheetInvalid):
        parse_yaml("!!python/object:os.system ls")
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(RateSheetInvalid) as exc:
        parse_yaml(laughs)
    assert errors_of(exc) == {"line 1": "YAML anchors and aliases are not accepted"}


def test_json_model_refuses_float_prices_and_cross_field_mistakes() -> None:
    doc = sheet_doc()
    doc["zones"][0]["breaks"][0]["price"] = 18.5
    with pytest.raises(ValidationError, match="strings"):
        RateSheetSpec.model_validate(doc)
    dup = sheet_doc()
    dup["zones"].append(dict(dup["zones"][0]))
    with pytest.raises(RateSheetInvalid) as exc:
        check_sheet(RateSheetSpec.model_validate(dup))
    assert set(errors_of(exc)) == {"zones.1.code", "zones.1.countries.0"}
    window = sheet_doc(effective_from="2026-05-01", effective_to="2026-05-01")
    with pytest.raises(RateSheetInvalid) as exc:
        check_sheet(RateSheetSpec.model_validate(window))
    assert "effective_to" in errors_of(exc)
    mixed = sheet_doc()
    mixed["zones"][0]["postal_prefixes"] = ["1"]
    mixed["zones"][0]["polygon"] = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
    }
    with pytest.raises(RateSheetInvalid) as exc:
        check_sheet(RateSheetSpec.model_validate(mixed))
    assert "zones.0.polygon" in errors_of(exc)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400))
def test_any_text_is_a_sheet_or_a_422(text: str) -> None:
    for parse in (parse_csv, parse_yaml):
        errors: list[Any] = []
        try:
            parse(text)
        except RateSheetInvalid as exc:
            errors = exc.errors
            assert errors
        assert all(e.field and e.message for e in errors)


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.text(max_size=12), min_size=15, max_size=15))
def test_any_csv_row_is_a_sheet_or_a_422(cells: list[str]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerow(cells)
    try:
        parse_csv(GOOD_CSV + out.getvalue())
    except RateSheetInvalid as exc:
        assert exc.errors  # noqa: PT017 - any row either parses or is refused with reasons

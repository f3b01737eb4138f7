"""Golden pricing: weight breaks, extra kilograms, dimensional weight, minimum charge, fuel and remote-area
surcharges, zone precedence, effective dates and refusals; and a property: the price never falls as the
weight rises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carriers.rating import CompiledSheet
from carriers.types import Destination, Parcel, RateQuote, RateRefusal
from core.money import Money
from tests.carriers.conftest import ON, network_of, service_info, sheet_doc, spec_of

ID = Destination("ID")
JAKARTA = (-6.2, 106.85)
SURABAYA = (-7.25, 112.75)


def quote(doc: dict[str, Any], parcel: Parcel, destination: Destination = ID, on: date = ON) -> RateQuote:
    result = network_of(doc).rate("line", origin_country="CN", destination=destination, parcel=parcel, on=on)
    assert isinstance(result, RateQuote), result
    return result


def refusal(
    network_doc: dict[str, Any], parcel: Parcel, destination: Destination = ID, **kw: Any
) -> RateRefusal:
    network = network_of(network_doc, **kw)
    result = network.rate(
        "line", origin_country=kw.get("origin", "CN"), destination=destination, parcel=parcel, on=ON
    )
    assert isinstance(result, RateRefusal), result
    return result


def cny(amount: str) -> Money:
    return Money.of(amount, "CNY")


@pytest.mark.parametrize(
    ("grams", "price"),
    [
        (1, "18.00"),
        (500, "18.00"),
        (501, "33.00"),
        (1000, "33.00"),
        (1001, "63.00"),  # one started kilogram above the last break
        (2000, "63.00"),
        (2001, "93.00"),
        (10_000, "303.00"),
    ],
)
def test_weight_breaks_and_extra_kilograms(grams: int, price: str) -> None:
    q = quote(sheet_doc(), Parcel(grams))
    assert q.price == cny(price)
    assert q.base == cny(price)
    assert q.billable_weight_g == grams
    assert (q.zone, q.sheet_id) == ("ID", "rsh_0")


def test_above_the_last_break_without_a_per_kg_price_is_too_heavy() -> None:
    doc = sheet_doc()
    doc["zones"][0]["per_extra_kg"] = None
    assert quote(doc, Parcel(1000)).price == cny("33.00")
    r = refusal(doc, Parcel(1001))
    assert r.reason == "too_heavy"
    assert "1000 g" in r.message


@pytest.mark.parametrize(
    ("dims", "actual", "billable", "price"),
    [
        (("30", "20", "10"), 300, 1200, "63.00"),  # 6000 cm3 / 5000 = 1.2 kg
        (("30", "20", "10"), 1500, 1500, "63.00"),  # actual weight is larger
        (("10.1", "10.1", "10.1"), 100, 207, "18.00"),  # 206.0602 g, rounded up
        (("40", "30", "21"), 100, 5040, "183.00"),
    ],
)
def test_dimensional_weight(dims: tuple[str, str, str], actual: int, billable: int, price: str) -> None:
    parcel = Parcel(actual, (Decimal(dims[0]), Decimal(dims[1]), Decimal(dims[2])))
    q = quote(sheet_doc(), parcel)
    assert q.billable_weight_g == billable
    assert q.price == cny(price)


def test_dimensional_divisor_is_the_sheets() -> None:
    parcel = Parcel(300, (Decimal(30), Decimal(20), Decimal(10)))
    assert quote(sheet_doc(dim_divisor=8000), parcel).billable_weight_g == 750


def test_minimum_charge_raises_the_price() -> None:
    q = quote(sheet_doc(min_charge="25.00"), Parcel(400))
    assert q.price == cny("25.00")
    assert q.base == cny("18.00")
    assert q.minimum_charge_applied
    above = quote(sheet_doc(min_charge="25.00"), Parcel(800))
    assert above.price == cny("33.00")
    assert not above.minimum_charge_applied


@pytest.mark.parametrize(
    ("rounding", "grams", "fuel", "price"),
    [
        ("half_up", 500, "2.25", "20.25"),
        ("half_up", 1000, "4.13", "37.13"),  # 33.00 x 12.5% = 4.125
        ("half_even", 1000, "4.12", "37.12"),
        ("half_even", 1001, "7.88", "70.88"),  # 63.00 x 12.5% = 7.875
    ],
)
def test_fuel_surcharge_rounds_with_the_sheets_mode(rounding: str, grams: int, fuel: str, price: str) -> None:
    q = quote(sheet_doc(fuel_surcharge_pct="12.5", rounding=rounding), Parcel(grams))
    assert q.fuel == cny(fuel)
    assert q.price == cny(price)
    assert q.price == q.base + q.fuel + q.remote_area


def test_whole_rupiah_sheet() -> None:
    doc = sheet_doc(currency="IDR", fuel_surcharge_pct="12.5", origin_country="ID")
    doc["zones"][0]["breaks"] = [{"max_weight_g": 1000, "price": "15003"}]
    doc["zones"][0]["per_extra_kg"] = "15000"
    network = network_of(doc, info=service_info(origins=frozenset({"ID"})))
    q = network.rate("line", origin_country="ID", destination=ID, parcel=Parcel(900), on=ON)
    assert isinstance(q, RateQuote)
    assert q.fuel == Money.of("1875", "IDR")  # 1875.375 rounded half-up to whole rupiah
    assert q.price == Money.of("16878", "IDR")


def test_remote_area_surcharges_larger_of_zone_and_prefix_and_longest_prefix() -> None:
    doc = sheet_doc(
        remote_areas=[
            {"country": "ID", "postal_prefixes": ["9"], "surcharge": "15.00"},
            {"country": "ID", "postal_prefixes": ["98"], "surcharge": "20.00"},
        ]
    )
    doc["zones"][0]["remote_surcharge"] = "10.00"
    assert quote(doc, Parcel(500), Destination("ID", "10110")).remote_area == cny("10.00")
    assert quote(doc, Parcel(500), Destination("ID", "90111")).remote_area == cny("15.00")
    q = quote(doc, Parcel(500), Destination("ID", "98-211"))
    assert q.remote_area == cny("20.00")
    assert q.price == cny("38.00")
    doc["zones"][0]["remote_surcharge"] = None
    assert quote(doc, Parcel(500), Destination("ID", "10110")).remote_area == cny("0.00")
    assert quote(doc, Parcel(500), Destination("ID")).price == cny("18.00")


def _zone(code: str, price: str, **match: Any) -> dict[str, Any]:
    return {"code": code, "countries": ["ID"], "breaks": [{"max_weight_g": 1000, "price": price}], **match}


JAKARTA_POLYGON = {
    "type": "Polygon",
    "coordinates": [[[106.4, -6.0], [107.2, -6.0], [107.2, -6.7], [106.4, -6.7], [106.4, -6.0]]],
}


def precedence_doc() -> dict[str, Any]:
    return sheet_doc(
        zones=[
            _zone("ID", "18.00"),
            _zone("ID-1", "12.00", postal_prefixes=["1"]),
            _zone("ID-10", "11.00", postal_prefixes=["10"]),
            _zone("ID-R", "14.00", postal_ranges=["40000..49999"]),
            _zone("ID-R2", "9.00", postal_ranges=["10200..10299"]),
            _zone("JKT", "10.00", polygon=JAKARTA_POLYGON),
        ]
    )


@pytest.mark.parametrize(
    ("destination", "zone"),
    [
        (Destination("ID", "10110", JAKARTA), "JKT"),  # polygon beats every postal zone
        (Destination("ID", None, JAKARTA), "JKT"),
        (Destination("ID", "10110", SURABAYA), "ID-10"),  # outside the polygon: the longest prefix
        (Destination("ID", "11110"), "ID-1"),
        (Destination("ID", "10250"), "ID-R2"),  # a range counts as the whole code: beats the prefix "10"
        (Destination("ID", "40 123"), "ID-R"),
        (Destination("ID", "401234"), "ID"),  # a range only matches codes of its length
        (Destination("ID", "50000", SURABAYA), "ID"),  # country zone last
        (Destination("ID"), "ID"),
    ],
)
def test_zone_precedence_polygon_then_postal_then_country(destination: Destination, zone: str) -> None:
    assert quote(precedence_doc(), Parcel(500), destination).zone == zone


def test_polygon_zone_serves_only_its_countries() -> None:
    doc = precedence_doc()
    doc["zones"].append(
        {"code": "MY", "countries": ["MY"], "breaks": [{"max_weight_g": 1000, "price": "20.00"}]}
    )
    assert quote(doc, Parcel(500), Destination("MY", None, JAKARTA)).zone == "MY"


def test_effective_dates_latest_start_in_force_wins() -> None:
    base = sheet_doc(effective_from="2026-01-01")
    promo = sheet_doc(effective_from="2026-07-01", effective_to="2026-08-01")
    promo["zones"][0]["breaks"] = [{"max_weight_g": 1000, "price": "15.00"}]
    later = sheet_doc(effective_from="2027-01-01")
    later["zones"][0]["breaks"] = [{"max_weight_g": 1000, "price": "20.00"}]
    network = network_of(base, promo, later)

    def price_on(day: date) -> RateQuote | RateRefusal:
        return network.rate("line", origin_country="CN", destination=ID, parcel=Parcel(500), on=day)

    expected = {
        date(2026, 6, 30): ("rsh_0", "18.00"),
        date(2026, 7, 1): ("rsh_1", "15.00"),
        date(2026, 7, 31): ("rsh_1", "15.00"),
        date(2026, 8, 1): ("rsh_0", "18.00"),
        date(2027, 1, 1): ("rsh_2", "20.00"),
    }
    for day, (sheet_id, price) in expected.items():
        q = price_on(day)
        assert isinstance(q, RateQuote)
        assert (q.sheet_id, q.price) == (sheet_id, cny(price)), day
    early = price_on(date(2025, 12, 31))
    assert isinstance(early, RateRefusal)
    assert early.reason == "no_sheet_in_force"


@pytest.mark.parametrize(
    ("parcel", "destination", "origin", "reason"),
    [
        (Parcel(500, goods=frozenset({"battery"})), ID, "CN", "goods_not_accepted"),
        (Parcel(30_001), ID, "CN", "too_heavy"),
        (Parcel(500, (Decimal(70), Decimal(10), Decimal(10))), ID, "CN", "too_large"),
        (Parcel(500), ID, "US", "no_lane"),
        (Parcel(500), Destination("FR"), "CN", "no_lane"),
    ],
)
def test_refusals(parcel: Parcel, destination: Destination, origin: str, reason: str) -> None:
    network = network_of(sheet_doc())
    result = network.rate("line", origin_country=origin, destination=destination, parcel=parcel, on=ON)
    assert isinstance(result, RateRefusal)
    assert (result.service_code, result.reason) == ("line", reason)
    assert result.message


def test_a_parcel_fits_in_any_orientation_and_unknown_services_have_no_lane() -> None:
    network = network_of(sheet_doc())
    turned = Parcel(500, (Decimal(45), Decimal(55), Decimal(10)))  # 55 x 45 x 10 in a 60 x 50 x 40 box
    assert isinstance(
        network.rate("line", origin_country="CN", destination=ID, parcel=turned, on=ON), RateQuote
    )
    missing = network.rate("nope", origin_country="CN", destination=ID, parcel=turned, on=ON)
    assert isinstance(missing, RateRefusal)
    assert missing.reason == "no_lane"


def test_repeated_questions_get_the_same_answer_from_the_memo() -> None:
    network = network_of(sheet_doc(fuel_surcharge_pct="10"))
    first = network.rate("line", origin_country="CN", destination=ID, parcel=Parcel(700), on=ON)
    again = network.rate("line", origin_country="CN", destination=ID, parcel=Parcel(700), on=ON)
    assert first is again
    assert network.services_from("CN")[0].code == "line"
    assert network.services_from("SG") == []


# --- property: price never falls as weight rises -------------------------------------------------------


@st.composite
def sheets(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    weights = sorted(draw(st.sets(st.integers(1, 20_000), min_size=n, max_size=n)))
    steps = draw(st.lists(st.integers(0, 5_000), min_size=n, max_size=n))
    prices, total = [], 0
    for step in steps:
        total += step
        prices.append(total)
    per_kg = draw(st.one_of(st.none(), st.integers(0, 5_000)))
    return sheet_doc(
        fuel_surcharge_pct=str(draw(st.decimals(0, 60, places=2))),
        min_charge=str(Decimal(draw(st.integers(0, 3_000))) / 100),
        rounding=draw(st.sampled_from(["half_up", "half_even"])),
        dim_divisor=draw(st.integers(1000, 20_000)),
        zones=[
            {
                "code": "ID",
                "countries": ["ID"],
                "per_extra_kg": None if per_kg is None else str(Decimal(per_kg) / 100),
                "remote_surcharge": str(Decimal(draw(st.integers(0, 500))) / 100),
                "breaks": [
                    {"max_weight_g": w, "price": str(Decimal(p) / 100)}
                    for w, p in zip(weights, prices, strict=True)
                ],
            }
        ],
    )


@settings(max_examples=150, deadline=None)
@given(doc=sheets(), weights=st.lists(st.integers(1, 40_000), min_size=2, max_size=8), dims=st.booleans())
def test_price_never_falls_as_weight_rises(doc: dict[str, Any], weights: list[int], dims: bool) -> None:
    sheet = CompiledSheet.from_spec("rsh_p", spec_of(doc))
    size = (Decimal("20.5"), Decimal(15), Decimal(10)) if dims else None
    last: Money | None = None
    for grams in sorted(weights):
        result = sheet.quote("line", ID, Parcel(grams, size))
        if isinstance(result, RateRefusal):
            assert result.reason == "too_heavy"
            last = Money.of("999999999", "CNY")  # heavier parcels stay refused
            continue
        assert last is None or result.price >= last
        assert result.price >= result.base
        last = result.price

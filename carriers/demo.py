"""Demo carriers, services and rate sheets for `python main.py seed-demo`. Running it twice changes nothing.

Nine carriers, sixteen services and their sheets in CNY, USD, EUR, GBP, SGD, IDR, THB, PHP, VND and MYR,
from the warehouse countries (CN, ID, TH, PH, MY, VN, SG, US, DE, GB) to Southeast Asia, the Americas,
Europe, Japan and Australia. Prices are plausible 2026 contract rates, not quotes from the carriers. Transit
follows the logistics norms of the regional-rules reference: express 3-7 days door to door, dedicated lines
7-15 days to Southeast Asia, postal 15-30 days, clearance 1-3 days; domestic and regional lanes take a few
days. Examples of each sheet feature: a polygon zone (Greater Jakarta), postal-prefix zones (J&T Indonesia,
USPS non-contiguous states), remote-area surcharges (Indonesian outer islands, East Malaysia), fuel
surcharges, minimum charges, both rounding modes and a sheet announced for 2027.

Ids and codes are fixed, so reseeding finds what it made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from carriers import service
from carriers.models import Carrier, CarrierService, RateSheet
from carriers.schemas import CarrierCreate, Goods, ServiceCreate
from carriers.sheets import RateSheetSpec
from carriers.types import Mode

EU = [
    *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
]
SEA = ["ID", "TH", "PH", "MY", "VN", "SG"]
START = date(2026, 1, 1)

# Greater Jakarta (Jabodetabek), roughly: lon/lat ring
JABODETABEK = {
    "type": "Polygon",
    "coordinates": [
        [[106.45, -6.00], [107.20, -5.95], [107.25, -6.70], [106.40, -6.75], [106.45, -6.00]],
    ],
}
# Indonesian postal codes starting 9: Sulawesi, Maluku and Papua; East Malaysia: Sabah and Sarawak
ID_OUTER_ISLANDS = ["9"]
EAST_MALAYSIA = ["88", "89", "90", "91", "93", "94", "95", "96", "97", "98"]
US_NONCONTIGUOUS = ["006", "007", "008", "009", "967", "968", "995", "996", "997", "998", "999"]


@dataclass(frozen=True)
class _Carrier:
    code: str
    name: str
    adapter: str = "rate_sheet"


@dataclass(frozen=True)
class _Service:
    code: str
    carrier: str
    name: str
    mode: Mode
    max_weight_g: int
    max_dims: tuple[str, str, str] | None
    accepts: tuple[Goods, ...]
    limits: dict[Goods, str] = field(default_factory=dict)
    ddp: bool = False
    tracked: bool = True


CARRIERS = [
    _Carrier("yunexpress", "YunExpress"),
    _Carrier("china-post", "China Post"),
    _Carrier("dhl-express", "DHL Express", "karrio_dhl_express"),
    _Carrier("jnt", "J&T Express"),
    _Carrier("ninja-van", "Ninja Van"),
    _Carrier("usps", "USPS"),
    _Carrier("ups", "UPS"),
    _Carrier("dhl-paket", "DHL Paket"),
    _Carrier("royal-mail", "Royal Mail"),
]

_BATTERY_LIMIT = "lithium-ion in or packed with equipment, at most 100 Wh per cell, no loose cells"
SERVICES = [
    _Service(
        "yun-sea-line",
        "yunexpress",
        "YunExpress Southeast Asia Dedicated Line",
        "dedicated_line",
        30_000,
        ("60", "50", "50"),
        ("general", "battery", "cosmetics", "magnetic", "fragile"),
        {"battery": _BATTERY_LIMIT},
        ddp=True,
    ),
    _Service(
        "yun-global-line",
        "yunexpress",
        "YunExpress Global Direct Line",
        "dedicated_line",
        20_000,
        ("60", "40", "40"),
        ("general", "battery", "cosmetics", "magnetic", "fragile"),
        {"battery": _BATTERY_LIMIT},
        ddp=True,
    ),
    _Service(
        "china-post-epacket",
        "china-post",
        "China Post ePacket",
        "postal",
        2_000,
        ("60", "40", "40"),
        ("general", "cosmetics", "fragile"),
    ),
    _Service(
        "dhl-express-worldwide",
        "dhl-express",
        "DHL Express Worldwide",
        "express",
        70_000,
        ("120", "80", "80"),
        ("general", "battery", "cosmetics", "liquid", "magnetic", "fragile", "powder"),
        {
            "battery": "lithium-ion in equipment (PI 967 section II), at most 100 Wh",
            "liquid": "non-hazardous, at most 1 L per item",
        },
        ddp=True,
    ),
    _Service(
        "jnt-id-regular",
        "jnt",
        "J&T Express Indonesia EZ",
        "express",
        50_000,
        ("100", "60", "60"),
        ("general", "cosmetics", "fragile", "food", "liquid"),
    ),
    _Service(
        "jnt-th-standard",
        "jnt",
        "J&T Express Thailand",
        "express",
        50_000,
        ("100", "60", "60"),
        ("general", "cosmetics", "fragile", "food", "liquid"),
    ),
    _Service(
        "jnt-ph-standard",
        "jnt",
        "J&T Express Philippines",
        "express",
        50_000,
        ("100", "60", "60"),
        ("general", "cosmetics", "fragile", "food", "liquid"),
    ),
    _Service(
        "jnt-vn-standard",
        "jnt",
        "J&T Express Vietnam",
        "express",
        50_000,
        ("100", "60", "60"),
        ("general", "cosmetics", "fragile", "food", "liquid"),
    ),
    _Service(
        "jnt-my-standard",
        "jnt",
        "J&T Express Malaysia",
        "express",
        50_000,
        ("100", "60", "60"),
        ("general", "cosmetics", "fragile", "food", "liquid"),
    ),
    _Service(
        "ninja-van-regional",
        "ninja-van",
        "Ninja Van International (Southeast Asia)",
        "dedicated_line",
        30_000,
        ("80", "60", "60"),
        ("general", "cosmetics", "fragile", "battery"),
        {"battery": _BATTERY_LIMIT},
        ddp=True,
    ),
    _Service(
        "usps-ground-advantage",
        "usps",
        "USPS Ground Advantage",
        "postal",
        31_750,
        ("120", "60", "60"),
        ("general", "cosmetics", "fragile", "food"),
    ),
    _Service(
        "usps-first-class-intl",
        "usps",
        "USPS First-Class Package International",
        "postal",
        1_810,
        ("60", "40", "40"),
        ("general", "cosmetics", "fragile"),
    ),
    _Service(
        "ups-ground",
        "ups",
        "UPS Ground",
        "express",
        68_000,
        ("270", "100", "100"),
        ("general", "battery", "cosmetics", "liquid", "magnetic", "fragile", "powder"),
        {"battery": "lithium-ion in or with equipment, ground only"},
    ),
    _Service(
        "dhl-paket-eu",
        "dhl-paket",
        "DHL Paket (Germany and EU road)",
        "postal",
        31_500,
        ("120", "60", "60"),
        ("general", "cosmetics", "fragile", "food"),
    ),
    _Service(
        "royal-mail-tracked-48",
        "royal-mail",
        "Royal Mail Tracked 48",
        "postal",
        20_000,
        ("61", "46", "46"),
        ("general", "cosmetics", "fragile", "food"),
    ),
    _Service(
        "royal-mail-intl-tracked",
        "royal-mail",
        "Royal Mail International Tracked",
        "postal",
        2_000,
        ("60", "60", "60"),
        ("general", "cosmetics", "fragile"),
    ),
]

Transit = tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]
EXPRESS: Transit = ((1, 2, 3), (0, 1, 1), (1, 1, 1))
POSTAL: Transit = ((8, 11, 14), (1, 2, 3), (3, 5, 7))
DOMESTIC: Transit = ((0, 1, 1), (0, 0, 0), (1, 1, 2))


def _zone(
    code: str,
    countries: list[str],
    breaks: list[tuple[int, str]],
    transit: Transit,
    *,
    per_kg: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    lh, cl, lm = transit
    return {
        "code": code,
        "countries": countries,
        "breaks": [{"max_weight_g": w, "price": p} for w, p in breaks],
        "per_extra_kg": per_kg,
        "transit": {"line_haul": list(lh), "clearance": list(cl), "last_mile": list(lm)},
        **extra,
    }


def _scaled(breaks: list[tuple[int, str]], factor: str, exponent: int) -> list[tuple[int, str]]:
    q = Decimal(1).scaleb(-exponent)
    return [(w, str((Decimal(p) * Decimal(factor)).quantize(q))) for w, p in breaks]


def _sheet(
    name: str, origin: str, currency: str, zones: list[dict[str, Any]], **terms: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "origin_country": origin,
        "currency": currency,
        "effective_from": START,
        "zones": zones,
        **terms,
    }


# --- YunExpress --------------------------------------------------------------------------------------


def _yun_sea(first: str, per_kg: str, *, bump: str = "1") -> list[tuple[int, str]]:
    f, k, b = Decimal(first), Decimal(per_kg), Decimal(bump)
    half = k / 2
    return [
        (w, str(((f + half * (i)) * b).quantize(Decimal("0.01"))))
        for i, w in enumerate((500, 1000, 1500, 2000))
    ] + [(3000, str(((f + half * 3 + k) * b).quantize(Decimal("0.01"))))]


_YUN_SEA_LANES = {
    # country: (first 500 g, per kg, line haul, clearance, last mile)
    # CN -> ID: 1 business day of handling + line haul + clearance + last mile stays within 5..15 calendar
    # days at p10..p90 for every weekday of dispatch (a Friday dispatch ships Monday; a last mile p90 of 3
    # business days would reach 17 days when the line haul lands on a weekend)
    "ID": ("18.00", "30.00", (3, 4, 6), (1, 1, 2), (1, 2, 2)),
    "TH": ("20.00", "32.00", (3, 4, 5), (1, 1, 2), (1, 2, 3)),
    "PH": ("24.00", "36.00", (4, 5, 7), (1, 2, 3), (1, 2, 4)),
    "MY": ("19.00", "30.00", (3, 4, 6), (1, 1, 2), (1, 2, 3)),
    "VN": ("20.00", "32.00", (2, 3, 5), (1, 1, 2), (1, 2, 3)),
    "SG": ("17.00", "28.00", (2, 3, 4), (1, 1, 1), (1, 1, 2)),
}


def _yun_sea_sheet(name: str, start: date, bump: str) -> dict[str, Any]:
    zones = [
        _zone(
            "ID-JABODETABEK",
            ["ID"],
            _yun_sea("17.00", "29.00", bump=bump),
            ((3, 4, 6), (1, 1, 2), (1, 1, 2)),
            per_kg=str((Decimal("29.00") * Decimal(bump)).quantize(Decimal("0.01"))),
            polygon=JABODETABEK,
        )
    ]
    for country, (first, per_kg, lh, cl, lm) in _YUN_SEA_LANES.items():
        zones.append(
            _zone(
                country,
                [country],
                _yun_sea(first, per_kg, bump=bump),
                (lh, cl, lm),
                per_kg=str((Decimal(per_kg) * Decimal(bump)).quantize(Decimal("0.01"))),
            )
        )
    return _sheet(
        name,
        "CN",
        "CNY",
        zones,
        effective_from=start,
        dim_divisor=8000,
        remote_areas=[
            {"country": "ID", "postal_prefixes": ID_OUTER_ISLANDS, "surcharge": "15.00"},
            {"country": "MY", "postal_prefixes": EAST_MALAYSIA, "surcharge": "8.00"},
        ],
    )


_GLOBAL_BASE = [(100, "25.00"), (250, "35.00"), (500, "52.00"), (1000, "85.00"), (2000, "150.00")]
_YUN_GLOBAL_LANES: dict[str, tuple[list[str], str, Transit]] = {
    # the line's main markets take 7-12 days door to door; Latin America is slower
    "US": (["US"], "1.00", ((4, 5, 7), (1, 1, 1), (1, 2, 2))),
    "CA": (["CA"], "1.10", ((5, 6, 8), (1, 1, 2), (1, 2, 3))),
    "MX": (["MX"], "1.15", ((6, 8, 10), (1, 2, 3), (2, 3, 4))),
    "BR": (["BR"], "1.35", ((8, 11, 14), (2, 3, 5), (2, 4, 6))),
    "GB": (["GB"], "0.95", ((4, 5, 7), (1, 1, 1), (1, 2, 2))),
    "EU": (EU, "1.00", ((5, 6, 8), (1, 1, 1), (1, 2, 2))),
    "AU": (["AU"], "1.05", ((4, 6, 8), (1, 1, 1), (1, 2, 3))),
    "JP": (["JP"], "0.80", ((3, 4, 5), (1, 1, 1), (1, 1, 2))),
}


def _yun_global_sheet() -> dict[str, Any]:
    zones = [
        _zone(
            code,
            countries,
            _scaled(_GLOBAL_BASE, factor, 2),
            transit,
            per_kg=str((Decimal("65.00") * Decimal(factor)).quantize(Decimal("0.01"))),
        )
        for code, (countries, factor, transit) in _YUN_GLOBAL_LANES.items()
    ]
    return _sheet(
        "YunExpress Global Direct Line 2026",
        "CN",
        "CNY",
        zones,
        dim_divisor=6000,
        min_charge="15.00",
        fuel_surcharge_pct="3.5",
        rounding="half_up",
    )


# --- China Post ePacket (postal, up to 2 kg, no price above) ---------------------------------------

_EPACKET = [(100, "19.00"), (250, "34.00"), (500, "59.00"), (1000, "109.00"), (2000, "209.00")]


def _epacket_sheet() -> dict[str, Any]:
    zones = [
        _zone("SEA", SEA, _EPACKET, ((7, 10, 13), (1, 2, 3), (3, 5, 7))),
        _zone("AMERICAS", ["US", "CA", "MX", "BR"], _scaled(_EPACKET, "1.20", 2), POSTAL),
        _zone("EUROPE", [*EU, "GB"], _scaled(_EPACKET, "1.15", 2), POSTAL),
        _zone("ASIA-PACIFIC", ["JP", "AU"], _scaled(_EPACKET, "0.95", 2), POSTAL),
    ]
    return _sheet("China Post ePacket 2026", "CN", "CNY", zones, dim_divisor=8000, rounding="half_even")


# --- DHL Express, one sheet per origin in its currency ------------------------------------------------

_DHL_USD = [(500, "42.00"), (1000, "52.00"), (2000, "68.00"), (5000, "115.00"), (10000, "185.00")]
_DHL_REGIONS: dict[str, tuple[list[str], str]] = {
    "ASIA": ([*SEA, "JP", "CN"], "1.00"),
    "AMERICAS": (["US", "CA", "MX", "BR"], "1.35"),
    "EUROPE": ([*EU, "GB"], "1.40"),
    "OCEANIA": (["AU"], "1.30"),
}
_DHL_ORIGINS: dict[str, tuple[str, str, int, str]] = {
    # origin: (currency, units per USD, exponent, remote-area surcharge in USD)
    "CN": ("CNY", "7.10", 2, "25.00"),
    "SG": ("SGD", "1.34", 2, "25.00"),
    "US": ("USD", "1", 2, "25.00"),
    "DE": ("EUR", "0.92", 2, "25.00"),
    "GB": ("GBP", "0.79", 2, "25.00"),
    "ID": ("IDR", "16000", 0, "25.00"),
}
_HOME_REGION = {"CN": "ASIA", "SG": "ASIA", "ID": "ASIA", "US": "AMERICAS", "DE": "EUROPE", "GB": "EUROPE"}


def _dhl_sheet(origin: str) -> dict[str, Any]:
    currency, rate, exponent, remote_usd = _DHL_ORIGINS[origin]
    q = Decimal(1).scaleb(-exponent)
    zones = []
    for code, (countries, factor) in _DHL_REGIONS.items():
        near = "0.80" if code == _HOME_REGION[origin] else "1"
        scale = str(Decimal(rate) * Decimal(factor) * Decimal(near))
        zones.append(
            _zone(
                code,
                [c for c in countries if c != origin],
                _scaled(_DHL_USD, scale, exponent),
                EXPRESS,
                per_kg=str((Decimal("14.00") * Decimal(scale)).quantize(q)),
            )
        )
    remote = str((Decimal(remote_usd) * Decimal(rate)).quantize(q))
    return _sheet(
        f"DHL Express Worldwide from {origin} 2026",
        origin,
        currency,
        zones,
        dim_divisor=5000,
        fuel_surcharge_pct="24.5",
        remote_areas=[{"country": "ID", "postal_prefixes": ID_OUTER_ISLANDS, "surcharge": remote}],
    )


# --- J&T domestic ---------------------------------------------------------------------------------------


def _per_kg(first: str, step: str, kilos: int = 5) -> list[tuple[int, str]]:
    return [(1000 * k, str(Decimal(first) + Decimal(step) * (k - 1))) for k in range(1, kilos + 1)]


def _jnt_id_sheet() -> dict[str, Any]:
    zones = [
        _zone(
            "JAVA",
            ["ID"],
            _per_kg("12000", "12000"),
            ((0, 1, 1), (0, 0, 0), (1, 1, 2)),
            per_kg="12000",
            postal_prefixes=["1", "4", "5", "6"],
        ),
        _zone(
            "SUMATRA",
            ["ID"],
            _per_kg("25000", "25000"),
            ((1, 2, 3), (0, 0, 0), (1, 2, 3)),
            per_kg="25000",
            postal_prefixes=["2", "3"],
        ),
        _zone(
            "KALIMANTAN-BALI-NUSA",
            ["ID"],
            _per_kg("35000", "35000"),
            ((1, 2, 3), (0, 0, 0), (1, 2, 3)),
            per_kg="35000",
            postal_prefixes=["7", "8"],
        ),
        _zone(
            "EAST",
            ["ID"],
            _per_kg("55000", "55000"),
            ((2, 3, 5), (0, 0, 0), (1, 2, 4)),
            per_kg="55000",
            postal_prefixes=["9"],
        ),
        _zone("ID", ["ID"], _per_kg("30000", "30000"), ((1, 2, 3), (0, 0, 0), (1, 2, 3)), per_kg="30000"),
    ]
    return _sheet("J&T EZ Indonesia 2026", "ID", "IDR", zones, dim_divisor=6000)


def _jnt_sheet(country: str, currency: str, first: str, step: str, **extra: Any) -> dict[str, Any]:
    zones = [_zone(country, [country], _per_kg(first, step), DOMESTIC, per_kg=step)]
    return _sheet(f"J&T Express {country} domestic 2026", country, currency, zones, dim_divisor=6000, **extra)


# --- Ninja Van regional -------------------------------------------------------------------------------

_NINJA_SGD = [(500, "6.50"), (1000, "8.90"), (2000, "12.90"), (3000, "16.40")]
_NINJA_LANES: dict[str, Transit] = {
    "MY": ((1, 2, 3), (1, 1, 2), (1, 1, 2)),
    "SG": ((1, 2, 3), (1, 1, 2), (1, 1, 1)),
    "ID": ((2, 3, 4), (1, 1, 2), (1, 2, 3)),
    "TH": ((2, 3, 4), (1, 1, 2), (1, 2, 3)),
    "PH": ((2, 3, 5), (1, 2, 3), (1, 2, 3)),
    "VN": ((2, 3, 4), (1, 1, 2), (1, 2, 3)),
}


def _ninja_sheet(origin: str, currency: str, rate: str, exponent: int = 2) -> dict[str, Any]:
    q = Decimal(1).scaleb(-exponent)
    zones = []
    for country, transit in _NINJA_LANES.items():
        if country == origin:
            continue
        near = "0.85" if {origin, country} == {"SG", "MY"} else "1"
        scale = str(Decimal(rate) * Decimal(near))
        zones.append(
            _zone(
                country,
                [country],
                _scaled(_NINJA_SGD, scale, exponent),
                transit,
                per_kg=str((Decimal("3.50") * Decimal(scale)).quantize(q)),
            )
        )
    if origin == "SG":
        zones.append(
            _zone("SG", ["SG"], [(1000, "3.50"), (5000, "5.90"), (10000, "8.90")], DOMESTIC, per_kg="0.60")
        )
    return _sheet(
        f"Ninja Van International from {origin} 2026",
        origin,
        currency,
        zones,
        dim_divisor=6000,
        remote_areas=[
            {
                "country": "MY",
                "postal_prefixes": EAST_MALAYSIA,
                "surcharge": str((Decimal("4.00") * Decimal(rate)).quantize(q)),
            }
        ],
    )


# --- United States ------------------------------------------------------------------------------------

_USPS_GROUND = [
    (113, "5.40"),
    (250, "6.20"),
    (500, "7.60"),
    (1000, "9.50"),
    (2000, "13.00"),
    (5000, "20.00"),
    (10000, "32.00"),
]
_USPS_INTL = [(100, "16.00"), (250, "19.00"), (500, "27.00"), (1000, "38.00"), (1810, "52.00")]


def _usps_ground_sheet() -> dict[str, Any]:
    zones = [
        _zone(
            "US-NONCONTIGUOUS",
            ["US"],
            _scaled(_USPS_GROUND, "1.6", 2),
            ((2, 3, 4), (0, 0, 0), (1, 2, 3)),
            per_kg="5.00",
            postal_prefixes=US_NONCONTIGUOUS,
        ),
        _zone("US", ["US"], _USPS_GROUND, ((1, 2, 3), (0, 0, 0), (1, 1, 2)), per_kg="3.00"),
    ]
    return _sheet("USPS Ground Advantage 2026", "US", "USD", zones, dim_divisor=5500)


def _usps_intl_sheet() -> dict[str, Any]:
    zones = [
        _zone("CA-MX", ["CA", "MX"], _scaled(_USPS_INTL, "0.85", 2), ((4, 6, 9), (1, 2, 3), (2, 4, 6))),
        _zone("EUROPE", [*EU, "GB"], _USPS_INTL, POSTAL),
        _zone("ASIA-PACIFIC", [*SEA, "JP", "AU"], _scaled(_USPS_INTL, "1.05", 2), POSTAL),
        _zone("BR", ["BR"], _scaled(_USPS_INTL, "1.10", 2), ((10, 13, 16), (2, 4, 7), (3, 6, 9))),
    ]
    return _sheet("USPS First-Class Package International 2026", "US", "USD", zones, dim_divisor=5500)


def _ups_ground_sheet() -> dict[str, Any]:
    breaks = [(500, "9.80"), (1000, "11.20"), (2000, "13.90"), (5000, "19.50"), (10000, "28.00")]
    zones = [
        _zone("US", ["US"], breaks, ((1, 2, 4), (0, 0, 0), (1, 1, 1)), per_kg="2.60"),
        _zone(
            "CA-MX", ["CA", "MX"], _scaled(breaks, "2.4", 2), ((2, 3, 5), (1, 1, 2), (1, 2, 2)), per_kg="6.50"
        ),
    ]
    return _sheet(
        "UPS Ground 2026",
        "US",
        "USD",
        zones,
        dim_divisor=5000,
        fuel_surcharge_pct="15.25",
        remote_areas=[{"country": "US", "postal_prefixes": US_NONCONTIGUOUS, "surcharge": "18.50"}],
    )


# --- Germany and Britain ------------------------------------------------------------------------------

_PAKET_DE = [(2000, "4.69"), (5000, "5.99"), (10000, "8.49"), (31500, "14.99")]
_PAKET_EU = [(1000, "11.99"), (2000, "12.99"), (5000, "17.99"), (10000, "24.99"), (31500, "37.99")]
_EU_NEAR = ["AT", "BE", "CZ", "DK", "FR", "LU", "NL", "PL"]


def _paket_sheet() -> dict[str, Any]:
    zones = [
        _zone("DE", ["DE"], _PAKET_DE, DOMESTIC),
        _zone("EU-1", _EU_NEAR, _PAKET_EU, ((1, 2, 3), (0, 0, 0), (1, 1, 2))),
        _zone(
            "EU-2",
            [c for c in EU if c not in _EU_NEAR and c != "DE"],
            _scaled(_PAKET_EU, "1.25", 2),
            ((2, 3, 5), (0, 0, 0), (1, 2, 3)),
        ),
    ]
    return _sheet("DHL Paket business rates 2026", "DE", "EUR", zones, dim_divisor=5000, rounding="half_even")


def _royal_mail_sheet() -> dict[str, Any]:
    breaks = [(1000, "3.49"), (2000, "4.69"), (10000, "7.29"), (20000, "11.49")]
    return _sheet(
        "Royal Mail Tracked 48 2026",
        "GB",
        "GBP",
        [_zone("GB", ["GB"], breaks, ((0, 1, 1), (0, 0, 0), (1, 2, 3)))],
        dim_divisor=5000,
    )


def _royal_mail_intl_sheet() -> dict[str, Any]:
    breaks = [(100, "7.95"), (250, "9.60"), (500, "12.40"), (1000, "16.30"), (2000, "21.85")]
    zones = [
        _zone("EUROPE", EU, breaks, ((2, 3, 5), (1, 1, 2), (1, 2, 3))),
        _zone(
            "WORLD-1", ["US", "CA", "MX", "BR"], _scaled(breaks, "1.45", 2), ((4, 6, 9), (1, 2, 3), (2, 3, 5))
        ),
        _zone("WORLD-2", [*SEA, "JP", "AU"], _scaled(breaks, "1.60", 2), ((5, 7, 10), (1, 2, 3), (2, 4, 6))),
    ]
    return _sheet("Royal Mail International Tracked 2026", "GB", "GBP", zones, dim_divisor=5000)


def demo_sheets() -> list[tuple[str, str, dict[str, Any]]]:
    """(sheet id, service code, sheet document) of every demo sheet."""
    sheets: list[tuple[str, str, dict[str, Any]]] = [
        ("rsh_demo_yun_sea_cn_2026", "yun-sea-line", _yun_sea_sheet("YunExpress SEA line 2026", START, "1")),
        (
            "rsh_demo_yun_sea_cn_2027",
            "yun-sea-line",
            _yun_sea_sheet("YunExpress SEA line 2027 (announced)", date(2027, 1, 1), "1.05"),
        ),
        ("rsh_demo_yun_global_cn_2026", "yun-global-line", _yun_global_sheet()),
        ("rsh_demo_epacket_cn_2026", "china-post-epacket", _epacket_sheet()),
        ("rsh_demo_jnt_id_2026", "jnt-id-regular", _jnt_id_sheet()),
        ("rsh_demo_jnt_th_2026", "jnt-th-standard", _jnt_sheet("TH", "THB", "38.00", "15.00")),
        ("rsh_demo_jnt_ph_2026", "jnt-ph-standard", _jnt_sheet("PH", "PHP", "95.00", "40.00")),
        ("rsh_demo_jnt_vn_2026", "jnt-vn-standard", _jnt_sheet("VN", "VND", "22000", "8000")),
        (
            "rsh_demo_jnt_my_2026",
            "jnt-my-standard",
            _jnt_sheet(
                "MY",
                "MYR",
                "6.50",
                "2.00",
                remote_areas=[{"country": "MY", "postal_prefixes": EAST_MALAYSIA, "surcharge": "4.00"}],
            ),
        ),
        ("rsh_demo_ninja_sg_2026", "ninja-van-regional", _ninja_sheet("SG", "SGD", "1")),
        ("rsh_demo_ninja_my_2026", "ninja-van-regional", _ninja_sheet("MY", "MYR", "3.30")),
        ("rsh_demo_ninja_id_2026", "ninja-van-regional", _ninja_sheet("ID", "IDR", "12000", 0)),
        ("rsh_demo_ninja_th_2026", "ninja-van-regional", _ninja_sheet("TH", "THB", "26")),
        ("rsh_demo_ninja_ph_2026", "ninja-van-regional", _ninja_sheet("PH", "PHP", "43")),
        ("rsh_demo_ninja_vn_2026", "ninja-van-regional", _ninja_sheet("VN", "VND", "19500", 0)),
        ("rsh_demo_usps_ground_2026", "usps-ground-advantage", _usps_ground_sheet()),
        ("rsh_demo_usps_intl_2026", "usps-first-class-intl", _usps_intl_sheet()),
        ("rsh_demo_ups_ground_2026", "ups-ground", _ups_ground_sheet()),
        ("rsh_demo_paket_de_2026", "dhl-paket-eu", _paket_sheet()),
        ("rsh_demo_rm_t48_2026", "royal-mail-tracked-48", _royal_mail_sheet()),
        ("rsh_demo_rm_intl_2026", "royal-mail-intl-tracked", _royal_mail_intl_sheet()),
    ]
    sheets += [
        (f"rsh_demo_dhl_{origin.lower()}_2026", "dhl-express-worldwide", _dhl_sheet(origin))
        for origin in _DHL_ORIGINS
    ]
    return sheets


def seed_demo(session: Session) -> None:
    """Create the demo carriers, services and sheets that are missing (by fixed code and id)."""
    for c in CARRIERS:
        if session.exec(select(Carrier).where(Carrier.code == c.code)).first() is None:
            service.create_carrier(
                session,
                data=CarrierCreate(code=c.code, name=c.name, adapter=c.adapter),  # type: ignore[arg-type]
                carrier_id=f"car_demo_{c.code.replace('-', '_')}",
            )
    for s in SERVICES:
        if session.exec(select(CarrierService).where(CarrierService.code == s.code)).first() is None:
            service.create_service(
                session,
                data=ServiceCreate(
                    code=s.code,
                    carrier_code=s.carrier,
                    name=s.name,
                    mode=s.mode,
                    tracked=s.tracked,
                    ddp_capable=s.ddp,
                    max_weight_g=s.max_weight_g,
                    max_dims_cm=(
                        (Decimal(s.max_dims[0]), Decimal(s.max_dims[1]), Decimal(s.max_dims[2]))
                        if s.max_dims
                        else None
                    ),
                    accepts=list(s.accepts),
                    goods_limits=dict(s.limits),
                ),
                service_id=f"svc_demo_{s.code.replace('-', '_')}"[:40],
            )
    for sheet_id, service_code, document in demo_sheets():
        if session.get(RateSheet, sheet_id) is None:
            service.create_rate_sheet(
                session,
                service_code=service_code,
                spec=RateSheetSpec.model_validate(document),
                source="demo",
                sheet_id=sheet_id,
            )

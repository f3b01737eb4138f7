"""The pure landed-cost calculation, table-driven per market and date, on the default rule data.

Rates are fixed (tests/customs/rules.py: EUR 1 = USD 1.25 = GBP 0.8 = ... ) so every expectation is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from compliance.topics.customs.models import DutyRow, ImportThresholdRow, TaxRow
from core.money import Money
from customs.errors import NoCustomsRules
from customs.landed_cost import Item, LandedCost, Question, RuleRow, RulesInForce, calculate
from tests.customs.rules import in_force, rate

CURRENCY = {
    "US": "USD", "DE": "EUR", "FR": "EUR", "IT": "EUR", "FI": "EUR", "PL": "PLN", "GB": "GBP", "AU": "AUD",
    "CA": "CAD", "ID": "IDR", "MX": "MXN", "BR": "BRL", "JP": "JPY", "SG": "SGD", "TH": "THB", "PH": "PHP",
    "MY": "MYR", "VN": "VND",
}  # fmt: skip


def quote(
    dest: str,
    on: str,
    items: list[tuple[str, int, str]],
    currency: str,
    *,
    origin: str = "CN",
    shipping: str = "0",
    incoterm: str = "DDP",
    item_origin: str | None = None,
    **kw: Any,
) -> LandedCost:
    q = Question(
        destination=dest,
        destination_currency=CURRENCY[dest],
        origin_country=origin,
        items=[Item(hs, qty, Money.of(price, currency), item_origin) for hs, qty, price in items],
        shipping=Money.of(shipping, currency),
        currency=currency,
        incoterm=incoterm,  # type: ignore[arg-type]
        **kw,
    )
    return calculate(q, in_force(dest, date.fromisoformat(on)), rate)


TEE = "610910"
PHONE = "851713"

# (id, destination, date, items, currency, options, expected)
CASES: list[tuple[str, str, str, list[tuple[str, int, str]], str, dict[str, Any], dict[str, Any]]] = [
    # United States: de minimis gone for CN/HK on 2025-05-02 and for everyone on 2025-08-29
    (
        "US 2025-04-01 CN USD 40 under de minimis",
        "US",
        "2025-04-01",
        [(TEE, 1, "40")],
        "USD",
        {},
        {
            "duties": "0.00",
            "taxes": "0.00",
            "duty_applied": False,
            "duty_threshold": "800.00",
            "collection": "border",
        },
    ),
    ("US 2025-05-01 CN still relieved", "US", "2025-05-01", [(TEE, 1, "40")], "USD", {}, {"duties": "0.00"}),
    (
        "US 2025-05-02 CN pays",
        "US",
        "2025-05-02",
        [(TEE, 1, "40")],
        "USD",
        {},
        {"duties": "6.60", "duty_applied": True},
    ),
    (
        "US 2025-05-02 VN relieved",
        "US",
        "2025-05-02",
        [(TEE, 1, "40")],
        "USD",
        {"origin": "VN"},
        {"duties": "0.00"},
    ),
    (
        "US 2025-05-02 CN goods shipped from VN pay",
        "US",
        "2025-05-02",
        [(TEE, 1, "40")],
        "USD",
        {"origin": "VN", "item_origin": "CN"},
        {"duties": "6.60"},
    ),
    (
        "US 2025-08-28 VN relieved",
        "US",
        "2025-08-28",
        [(TEE, 1, "40")],
        "USD",
        {"origin": "VN"},
        {"duties": "0.00"},
    ),
    (
        "US 2025-08-29 VN pays",
        "US",
        "2025-08-29",
        [(TEE, 1, "40")],
        "USD",
        {"origin": "VN"},
        {"duties": "6.60"},
    ),
    (
        "US 2026-11-01 CN USD 40 owes duty",
        "US",
        "2026-11-01",
        [(TEE, 1, "40")],
        "USD",
        {},
        {"duties": "6.60", "taxes": "0.00", "total": "46.60", "duty_threshold": None},
    ),
    (
        "US 2027-07-01 statutory repeal",
        "US",
        "2027-07-01",
        [(PHONE, 1, "400")],
        "USD",
        {},
        {"duties": "0.00"},
    ),
    # European Union: VAT from the first euro on 2021-07-01 (IOSS); flat EUR 3 duty from 2026-07-01
    (
        "DE 2021-06-30 EUR 20 relieved of VAT",
        "DE",
        "2021-06-30",
        [(TEE, 1, "20")],
        "EUR",
        {},
        {"taxes": "0.00", "tax_applied": False, "tax_threshold": "22.00", "collection": "border"},
    ),
    (
        "DE 2021-07-01 EUR 20 VAT at checkout",
        "DE",
        "2021-07-01",
        [(TEE, 1, "20")],
        "EUR",
        {},
        {"taxes": "3.80", "tax_applied": True, "collection": "checkout", "scheme": "IOSS"},
    ),
    (
        "DE 2026-06-30 EUR 100 no duty",
        "DE",
        "2026-06-30",
        [(TEE, 1, "100")],
        "EUR",
        {},
        {
            "duties": "0.00",
            "taxes": "19.00",
            "total": "119.00",
            "duty_threshold": "150.00",
            "duty_applied": False,
        },
    ),
    (
        "DE 2026-07-01 EUR 100 EUR 3 duty",
        "DE",
        "2026-07-01",
        [(TEE, 1, "100")],
        "EUR",
        {},
        {
            "duties": "3.00",
            "taxes": "19.57",
            "total": "122.57",
            "duty_threshold": None,
            "collection": "checkout",
        },
    ),
    (
        "DE 2026-07-01 two subheadings",
        "DE",
        "2026-07-01",
        [(TEE, 1, "50"), ("640411", 1, "60")],
        "EUR",
        {},
        {"duties": "6.00", "taxes": "22.04", "lines": [("3.00", "10.07"), ("3.00", "11.97")]},
    ),
    (
        "DE 2026-07-01 one subheading twice",
        "DE",
        "2026-07-01",
        [(TEE, 1, "50"), (TEE, 2, "20")],
        "EUR",
        {},
        {"duties": "3.00"},
    ),
    (
        "DE 2026-07-01 EUR 200 ad valorem, border",
        "DE",
        "2026-07-01",
        [(TEE, 1, "200")],
        "EUR",
        {},
        {"duties": "24.00", "taxes": "42.56", "collection": "border", "scheme": "import"},
    ),
    (
        "DE 2026-07-01 CIF: shipping in the duty base",
        "DE",
        "2026-07-01",
        [(TEE, 1, "200")],
        "EUR",
        {"shipping": "10"},
        {"duties": "25.20", "taxes": "44.69", "total": "279.89"},
    ),
    ("FI 2024-08-31 VAT 24%", "FI", "2024-08-31", [(PHONE, 1, "100")], "EUR", {}, {"taxes": "24.00"}),
    ("FI 2024-09-01 VAT 25.5%", "FI", "2024-09-01", [(PHONE, 1, "100")], "EUR", {}, {"taxes": "25.50"}),
    ("IT 2025-12-31 no parcel fee", "IT", "2025-12-31", [(PHONE, 1, "100")], "EUR", {}, {"fees": "0.00"}),
    (
        "IT 2026-01-01 EUR 2 parcel fee (unconfirmed)",
        "IT",
        "2026-01-01",
        [(PHONE, 1, "100")],
        "EUR",
        {},
        {"fees": "2.00", "taxes": "22.00", "total": "124.00"},
    ),
    ("FR 2026-03-01 EUR 2 parcel fee", "FR", "2026-03-01", [(PHONE, 1, "100")], "EUR", {}, {"fees": "2.00"}),
    (
        "PL 2026-06-30 threshold in PLN",
        "PL",
        "2026-06-30",
        [(TEE, 1, "100")],
        "EUR",
        {},
        {"duty_threshold": "637.50", "duties": "0.00", "taxes": "23.00"},
    ),
    (
        "PL 2026-07-01 EUR 3 in PLN and back",
        "PL",
        "2026-07-01",
        [(TEE, 1, "100")],
        "EUR",
        {},
        {"duties": "3.00", "taxes": "23.69"},
    ),
    # United Kingdom
    ("GB 2020-12-31 GBP 10 under LVCR", "GB", "2020-12-31", [(TEE, 1, "10")], "GBP", {}, {"taxes": "0.00"}),
    (
        "GB 2020-12-31 GBP 100 VAT at the border",
        "GB",
        "2020-12-31",
        [(TEE, 1, "100")],
        "GBP",
        {},
        {"duties": "0.00", "taxes": "20.00", "collection": "border"},
    ),
    (
        "GB 2026-06-01 GBP 100: no duty, VAT 20 at checkout",
        "GB",
        "2026-06-01",
        [(TEE, 1, "100")],
        "GBP",
        {},
        {"duties": "0.00", "taxes": "20.00", "collection": "checkout", "duty_threshold": "135.00"},
    ),
    (
        "GB GBP 200 book: zero-rated",
        "GB",
        "2026-06-01",
        [("490199", 1, "200")],
        "GBP",
        {},
        {"duties": "0.00", "taxes": "0.00", "collection": "border"},
    ),
    # Australia
    (
        "AU AUD 500: GST at checkout",
        "AU",
        "2026-06-01",
        [(TEE, 1, "500")],
        "AUD",
        {},
        {"duties": "0.00", "taxes": "50.00", "collection": "checkout"},
    ),
    (
        "AU AUD 1,500 at the border",
        "AU",
        "2026-06-01",
        [(TEE, 1, "1500")],
        "AUD",
        {},
        {"duties": "75.00", "taxes": "157.50", "collection": "border"},
    ),
    # Canada: CUSMA low value shipments from 2020-07-01; Nova Scotia HST 14% from 2025-04-01
    (
        "CA 2020-06-30 US CAD 30 taxed",
        "CA",
        "2020-06-30",
        [(PHONE, 1, "30")],
        "CAD",
        {"origin": "US"},
        {"taxes": "1.50"},
    ),
    (
        "CA 2020-07-01 US CAD 30 tax-free",
        "CA",
        "2020-07-01",
        [(PHONE, 1, "30")],
        "CAD",
        {"origin": "US"},
        {"taxes": "0.00", "tax_threshold": "40.00", "duty_threshold": "150.00"},
    ),
    (
        "CA US CAD 100: duty-free, taxed",
        "CA",
        "2026-06-01",
        [(TEE, 1, "100")],
        "CAD",
        {"origin": "US"},
        {"duties": "0.00", "taxes": "5.00", "duty_applied": False, "tax_applied": True},
    ),
    (
        "CA US CAD 30 by post: CAD 20",
        "CA",
        "2026-06-01",
        [(PHONE, 1, "30")],
        "CAD",
        {"origin": "US", "channel": "post"},
        {"taxes": "1.50", "tax_threshold": "20.00"},
    ),
    (
        "CA CN CAD 200 Ontario HST",
        "CA",
        "2026-06-01",
        [(TEE, 1, "200")],
        "CAD",
        {"region": "CA-ON"},
        {"duties": "36.00", "taxes": "30.68"},
    ),
    (
        "CA-NS 2025-03-31 HST 15%",
        "CA",
        "2025-03-31",
        [(PHONE, 1, "100")],
        "CAD",
        {"region": "CA-NS"},
        {"taxes": "15.00"},
    ),
    (
        "CA-NS 2025-04-01 HST 14%",
        "CA",
        "2025-04-01",
        [(PHONE, 1, "100")],
        "CAD",
        {"region": "CA-NS"},
        {"taxes": "14.00"},
    ),
    # Indonesia: duty exempt only up to FOB USD 3; listed categories always pay; VAT on everything
    (
        "ID USD 2.50 phone: no duty, VAT",
        "ID",
        "2026-06-01",
        [(PHONE, 1, "2.50")],
        "USD",
        {},
        {"duties": "0.00", "taxes": "0.28", "duty_threshold": "48000", "duty_applied": False},
    ),
    (
        "ID USD 2 T-shirt: listed, full duty",
        "ID",
        "2026-06-01",
        [(TEE, 1, "2")],
        "USD",
        {},
        {"duties": "0.50", "taxes": "0.28"},
    ),
    (
        "ID 2023-10-16 USD 2 lipstick relieved",
        "ID",
        "2023-10-16",
        [("330410", 1, "2")],
        "USD",
        {},
        {"duties": "0.00"},
    ),
    (
        "ID 2023-10-17 USD 2 lipstick listed",
        "ID",
        "2023-10-17",
        [("330410", 1, "2")],
        "USD",
        {},
        {"duties": "0.30"},
    ),
    (
        "ID USD 100 phone: 7.5% and 11% VAT",
        "ID",
        "2026-06-01",
        [(PHONE, 1, "100")],
        "USD",
        {},
        {"duties": "7.50", "taxes": "11.82", "collection": "border"},
    ),
    # Mexico: 33.5% all-in for non-FTA origins from 2025-08-15 (19% before); USMCA bands
    (
        "MX 2025-08-14 CN USD 100 at 19%",
        "MX",
        "2025-08-14",
        [(TEE, 1, "100")],
        "USD",
        {},
        {"duties": "19.00"},
    ),
    (
        "MX 2025-08-15 CN USD 100 at 33.5%",
        "MX",
        "2025-08-15",
        [(TEE, 1, "100")],
        "USD",
        {},
        {"duties": "33.50", "taxes": "0.00", "total": "133.50"},
    ),
    (
        "MX US USD 40 exempt",
        "MX",
        "2026-06-01",
        [(TEE, 1, "40")],
        "USD",
        {"origin": "US"},
        {"duties": "0.00", "taxes": "0.00", "duty_threshold": "1000.00"},
    ),
    (
        "MX US USD 100 at 17%",
        "MX",
        "2026-06-01",
        [(TEE, 1, "100")],
        "USD",
        {"origin": "US"},
        {"duties": "17.00"},
    ),
    (
        "MX US USD 200 at 19%",
        "MX",
        "2026-06-01",
        [(TEE, 1, "200")],
        "USD",
        {"origin": "US"},
        {"duties": "38.00"},
    ),
    (
        "MX CN USD 3,000: general regime",
        "MX",
        "2026-06-01",
        [(TEE, 1, "3000")],
        "USD",
        {},
        {"duties": "1050.00", "taxes": "648.00"},
    ),
    # Brazil: Remessa Conforme; 20% / 60% less USD 20 from 2024-08-01; ICMS 20% in 10 states from 2025-04-01
    (
        "BR 2024-07-31 USD 40: no import tax",
        "BR",
        "2024-07-31",
        [(TEE, 1, "40")],
        "USD",
        {},
        {"duties": "0.00", "taxes": "8.19", "collection": "checkout", "scheme": "Remessa Conforme"},
    ),
    (
        "BR 2024-08-01 USD 40: 20%",
        "BR",
        "2024-08-01",
        [(TEE, 1, "40")],
        "USD",
        {},
        {"duties": "8.00", "taxes": "9.83", "total": "57.83"},
    ),
    (
        "BR USD 100: 60% less USD 20",
        "BR",
        "2026-06-01",
        [(TEE, 1, "100")],
        "USD",
        {},
        {"duties": "40.00", "taxes": "28.67"},
    ),
    (
        "BR USD 60 + 40: deduction shared",
        "BR",
        "2026-06-01",
        [(TEE, 1, "60"), ("640411", 1, "40")],
        "USD",
        {},
        {"duties": "40.00", "lines": [("24.00", "17.20"), ("16.00", "11.47")]},
    ),
    (
        "BR-MG 2025-03-31 ICMS 17%",
        "BR",
        "2025-03-31",
        [(TEE, 1, "40")],
        "USD",
        {"region": "BR-MG"},
        {"taxes": "9.83"},
    ),
    (
        "BR-MG 2025-04-01 ICMS 20%",
        "BR",
        "2025-04-01",
        [(TEE, 1, "40")],
        "USD",
        {"region": "BR-MG"},
        {"taxes": "12.00"},
    ),
    (
        "BR-SP 2025-04-01 ICMS 17%",
        "BR",
        "2025-04-01",
        [(TEE, 1, "40")],
        "USD",
        {"region": "BR-SP"},
        {"taxes": "9.83"},
    ),
    (
        "BR USD 3,500: formal import, border",
        "BR",
        "2026-06-01",
        [(TEE, 1, "3500")],
        "USD",
        {},
        {"duties": "1225.00", "collection": "border"},
    ),
    # Japan: JPY 10,000; consumption tax from the first yen from 2028-04-01
    (
        "JP JPY 8,000 relieved",
        "JP",
        "2026-06-01",
        [(TEE, 1, "8000")],
        "JPY",
        {},
        {"duties": "0", "taxes": "0"},
    ),
    (
        "JP JPY 12,000 pays",
        "JP",
        "2026-06-01",
        [(TEE, 1, "12000")],
        "JPY",
        {},
        {"duties": "1308", "taxes": "1331"},
    ),
    (
        "JP 2028-04-01 JPY 8,000 taxed",
        "JP",
        "2028-04-01",
        [(TEE, 1, "8000")],
        "JPY",
        {},
        {"duties": "0", "taxes": "800", "tax_threshold": None},
    ),
    # Singapore: GST on low-value goods from 2023-01-01, 9% from 2024
    (
        "SG 2022-12-31 SGD 300 relieved",
        "SG",
        "2022-12-31",
        [(TEE, 1, "300")],
        "SGD",
        {},
        {"taxes": "0.00", "collection": "border"},
    ),
    (
        "SG 2023-01-01 SGD 300 GST 8% at checkout",
        "SG",
        "2023-01-01",
        [(TEE, 1, "300")],
        "SGD",
        {},
        {"taxes": "24.00", "collection": "checkout"},
    ),
    ("SG 2024-01-01 SGD 300 GST 9%", "SG", "2024-01-01", [(TEE, 1, "300")], "SGD", {}, {"taxes": "27.00"}),
    (
        "SG SGD 500 at the border",
        "SG",
        "2026-06-01",
        [(TEE, 1, "500")],
        "SGD",
        {},
        {"duties": "0.00", "taxes": "45.00", "collection": "border"},
    ),
    # Thailand: VAT on all imports from 2024-07-05; duty from the first baht from 2026-01-01
    (
        "TH 2024-07-04 THB 1,000 relieved",
        "TH",
        "2024-07-04",
        [(TEE, 1, "1000")],
        "THB",
        {},
        {"duties": "0.00", "taxes": "0.00"},
    ),
    (
        "TH 2024-07-05 THB 1,000 VAT only",
        "TH",
        "2024-07-05",
        [(TEE, 1, "1000")],
        "THB",
        {},
        {"duties": "0.00", "taxes": "70.00"},
    ),
    (
        "TH 2025-12-31 THB 1,000 VAT only",
        "TH",
        "2025-12-31",
        [(TEE, 1, "1000")],
        "THB",
        {},
        {"duties": "0.00", "taxes": "70.00", "duty_threshold": "1500.00"},
    ),
    (
        "TH 2026-01-01 THB 1,000 duty and VAT",
        "TH",
        "2026-01-01",
        [(TEE, 1, "1000")],
        "THB",
        {},
        {"duties": "300.00", "taxes": "91.00", "duty_threshold": None},
    ),
    # Philippines: PHP 10,000 FOB
    (
        "PH PHP 5,000 relieved",
        "PH",
        "2026-06-01",
        [(TEE, 1, "5000")],
        "PHP",
        {},
        {"duties": "0.00", "taxes": "0.00"},
    ),
    (
        "PH PHP 12,000 pays",
        "PH",
        "2026-06-01",
        [(TEE, 1, "12000")],
        "PHP",
        {},
        {"duties": "1800.00", "taxes": "1656.00"},
    ),
    # Malaysia: LVG sales tax from 2024-01-01
    (
        "MY 2023-12-31 MYR 300 relieved",
        "MY",
        "2023-12-31",
        [(TEE, 1, "300")],
        "MYR",
        {},
        {"taxes": "0.00", "collection": "border"},
    ),
    (
        "MY 2024-01-01 MYR 300 LVG at checkout",
        "MY",
        "2024-01-01",
        [(TEE, 1, "300")],
        "MYR",
        {},
        {"taxes": "30.00", "collection": "checkout", "scheme": "MY LVG sales tax"},
    ),
    (
        "MY MYR 600 sneakers at the border",
        "MY",
        "2026-06-01",
        [("640411", 1, "600")],
        "MYR",
        {},
        {"duties": "60.00", "taxes": "66.00", "collection": "border"},
    ),
    # Vietnam: express exemption up to VND 1,000,000 repealed 2025-02-18
    (
        "VN 2025-02-17 VND 500,000 express relieved",
        "VN",
        "2025-02-17",
        [(TEE, 1, "500000")],
        "VND",
        {},
        {"duties": "0", "taxes": "0"},
    ),
    (
        "VN 2025-02-17 VND 500,000 by post pays",
        "VN",
        "2025-02-17",
        [(TEE, 1, "500000")],
        "VND",
        {"channel": "post"},
        {"duties": "100000", "taxes": "60000"},
    ),
    (
        "VN 2025-02-18 VND 500,000 pays",
        "VN",
        "2025-02-18",
        [(TEE, 1, "500000")],
        "VND",
        {},
        {"duties": "100000", "taxes": "60000", "duty_threshold": None},
    ),
]


def _money(m: Money | None) -> str | None:
    return None if m is None else m.format_amount()


@pytest.mark.parametrize(
    ("dest", "on", "items", "currency", "options", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_market_rules(
    dest: str,
    on: str,
    items: list[tuple[str, int, str]],
    currency: str,
    options: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    result = quote(dest, on, items, currency, **options)
    actual: dict[str, Any] = {
        "duties": _money(result.duties),
        "taxes": _money(result.taxes),
        "fees": _money(result.fees),
        "total": _money(result.total),
        "duty_threshold": _money(result.duty_threshold),
        "tax_threshold": _money(result.tax_threshold),
        "duty_applied": result.duty_applied,
        "tax_applied": result.tax_applied,
        "collection": result.collection,
        "scheme": result.scheme,
        "lines": [(_money(ln.duty), _money(ln.tax)) for ln in result.lines],
    }
    assert {k: actual[k] for k in expected} == expected
    assert result.total == result.goods + result.shipping + result.duties + result.taxes + result.fees
    assert result.duties == sum((ln.duty for ln in result.lines), Money.zero(currency))
    assert result.taxes == sum((ln.tax for ln in result.lines), Money.zero(currency))
    assert result.due_at_checkout + result.due_on_delivery == result.total
    charged = sum((c.amount for c in result.charges), Money.zero(currency))
    assert charged == result.duties + result.taxes + result.fees
    assert result.due_on_delivery == sum(
        (c.amount for c in result.charges if c.collected == "border"), Money.zero(currency)
    )
    if result.duty_threshold is not None:
        assert result.duty_threshold.currency == CURRENCY[dest]


def test_every_market_has_rules_of_every_topic() -> None:
    for country in ("US", "DE", "GB", "AU", "CA", "ID", "MX", "BR", "JP", "SG", "TH", "PH", "MY", "VN"):
        rules = in_force(country, date(2026, 6, 1))
        assert rules.thresholds, country
        assert rules.duties, country
        assert rules.taxes, country


@pytest.mark.parametrize(
    "country", ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "SE", "SK", "RO", "LU", "IE"]
)
def test_every_eu_member_state_has_vat_and_the_flat_duty(country: str) -> None:
    rules = in_force(country, date(2026, 7, 1))
    assert len([r for r in rules.taxes if r.row.kind == "vat" and r.row.country == country]) == 1
    assert any(r.row.flat is not None for r in rules.duties)


# --- DDP, DAP and currencies -------------------------------------------------------------------------


def test_dap_at_a_border_destination_leaves_duty_and_tax_for_the_door() -> None:
    r = quote("US", "2026-11-01", [(TEE, 1, "40")], "USD", incoterm="DAP")
    assert (r.due_at_checkout, r.due_on_delivery, r.total) == (
        Money.of("40", "USD"),
        Money.of("6.60", "USD"),
        Money.of("46.60", "USD"),
    )


def test_dap_under_a_checkout_regime_is_paid_at_checkout() -> None:
    r = quote("DE", "2026-07-01", [(TEE, 1, "100")], "EUR", incoterm="DAP")
    assert r.collection == "checkout"
    assert (r.due_at_checkout, r.due_on_delivery) == (Money.of("122.57", "EUR"), Money.zero("EUR"))


def test_dap_above_the_checkout_ceiling_is_due_at_the_door() -> None:
    r = quote("DE", "2026-07-01", [(TEE, 1, "200")], "EUR", incoterm="DAP")
    assert r.due_on_delivery == Money.of("66.56", "EUR")


# --- point-of-sale schemes whatever the incoterm, and domestic sales ----------------------------------


def _charges(r: LandedCost) -> list[tuple[str, str, str, str]]:
    return [(c.kind, str(c.amount.amount), c.scheme, c.collected) for c in r.charges]


@pytest.mark.parametrize(
    ("dest", "currency", "price", "tax", "scheme"),
    [
        ("GB", "GBP", "60", "12.00", "UK VAT point of sale"),
        ("AU", "AUD", "500", "50.00", "AU GST LVIG"),
        ("SG", "SGD", "100", "9.00", "SG GST OVR"),
    ],
)
def test_a_mandatory_point_of_sale_scheme_collects_at_checkout_under_dap(
    dest: str, currency: str, price: str, tax: str, scheme: str
) -> None:
    r = quote(dest, "2026-11-01", [(TEE, 1, price)], currency, incoterm="DAP")
    assert (r.scheme, r.collection, r.collected) == (scheme, "checkout", "checkout")
    assert _charges(r) == [(r.charges[0].kind, tax, scheme, "checkout")]
    assert r.due_on_delivery == Money.zero(currency)
    assert r.due_at_checkout == r.total == Money.of(price, currency) + Money.of(tax, currency)


def test_above_the_point_of_sale_ceiling_the_incoterm_decides() -> None:
    dap = quote("GB", "2026-11-01", [(TEE, 1, "200")], "GBP", incoterm="DAP")
    assert (dap.scheme, dap.collection) == ("import", "border")
    assert _charges(dap) == [("duty", "24.00", "import", "border"), ("vat", "44.80", "import", "border")]
    assert dap.due_on_delivery == Money.of("68.80", "GBP")
    ddp = quote("GB", "2026-11-01", [(TEE, 1, "200")], "GBP", incoterm="DDP")
    assert _charges(ddp) == [("duty", "24.00", "import", "checkout"), ("vat", "44.80", "import", "checkout")]
    assert ddp.due_on_delivery == Money.zero("GBP")


def test_ioss_is_optional_a_platform_setting() -> None:
    used = quote("DE", "2026-11-01", [(TEE, 1, "100")], "EUR", incoterm="DAP")
    assert (used.scheme, used.collected) == ("IOSS", "checkout")
    assert _charges(used) == [("duty", "3.00", "IOSS", "checkout"), ("vat", "19.57", "IOSS", "checkout")]
    unused = quote("DE", "2026-11-01", [(TEE, 1, "100")], "EUR", incoterm="DAP", schemes_used=frozenset())
    assert (unused.scheme, unused.collection, unused.collected) == ("import", "border", "border")
    assert unused.due_on_delivery == Money.of("22.57", "EUR")
    mandatory = quote("GB", "2026-11-01", [(TEE, 1, "60")], "GBP", incoterm="DAP", schemes_used=frozenset())
    assert mandatory.collected == "checkout"  # UK VAT is not optional


def test_a_domestic_sale_owes_the_same_vat_as_an_import_and_no_customs() -> None:
    imported = quote("DE", "2026-11-01", [(TEE, 1, "200")], "EUR", shipping="10")
    domestic = quote(
        "DE", "2026-11-01", [(TEE, 1, "200")], "EUR", shipping="10", origin="DE", supply="domestic",
        incoterm="DAP",
    )  # fmt: skip
    assert imported.lines[0].tax_rate == domestic.lines[0].tax_rate == Decimal(19)
    assert (domestic.duties, domestic.fees) == (Money.zero("EUR"), Money.zero("EUR"))
    assert domestic.taxes == Money.of("39.90", "EUR")  # 19% of goods and shipping: no duty in the base
    assert (domestic.supply, domestic.scheme, domestic.collected) == ("domestic", "domestic", "checkout")
    assert _charges(domestic) == [("vat", "39.90", "domestic", "checkout")]
    assert domestic.due_on_delivery == Money.zero("EUR")  # no border to pay at, whatever the incoterm
    assert domestic.duty_threshold is None
    assert not domestic.tax_threshold
    assert [r.key for r in domestic.rules_applied] == ["eu-taxes"]


def test_a_sale_between_member_states_is_the_destinations_vat_by_oss() -> None:
    r = quote("FR", "2026-11-01", [(TEE, 1, "50")], "EUR", origin="DE", supply="domestic")
    assert (r.scheme, r.duties, r.taxes) == ("OSS", Money.zero("EUR"), Money.of("10.00", "EUR"))
    assert r.fees == Money.zero("EUR")  # France's fee on low-value imported parcels is not owed


def test_answer_is_in_the_shoppers_currency_and_thresholds_in_the_destinations() -> None:
    q = Question(
        destination="DE",
        destination_currency="EUR",
        origin_country="CN",
        items=[Item(TEE, 1, Money.of("100", "EUR"))],
        shipping=Money.of("0", "EUR"),
        currency="USD",
    )
    r = calculate(q, in_force("DE", date(2026, 6, 30)), rate)
    assert (r.goods, r.duties, r.taxes, r.total) == (
        Money.of("125.00", "USD"),
        Money.of("0", "USD"),
        Money.of("23.75", "USD"),
        Money.of("148.75", "USD"),
    )
    assert r.duty_threshold == Money.of("150", "EUR")


def test_items_priced_in_a_third_currency() -> None:
    r = quote("GB", "2026-06-01", [(TEE, 1, "80")], "EUR")  # EUR 80 = GBP 64
    assert r.taxes == Money.of("16.00", "EUR")
    assert r.duty_threshold == Money.of("135", "GBP")


def test_each_line_rounds_half_even_and_totals_are_the_sums_of_the_lines() -> None:
    # VAT 19% of EUR 0.50 is 0.095 (rounds to 0.10): three lines give 0.30, not round(0.285) = 0.28/0.29
    r = quote("DE", "2026-06-30", [(PHONE, 1, "0.50"), (PHONE, 1, "0.50"), (PHONE, 1, "0.50")], "EUR")
    assert [ln.tax.format_amount() for ln in r.lines] == ["0.10", "0.10", "0.10"]
    assert r.taxes == Money.of("0.30", "EUR")


def test_rules_applied_name_the_versions_and_unconfirmed_rows() -> None:
    r = quote("IT", "2026-07-01", [(TEE, 1, "100")], "EUR")
    keys = {(a.topic, a.key, a.version) for a in r.rules_applied}
    assert ("import_thresholds", "eu-import-thresholds", 3) in keys
    assert ("duties", "eu-duties", 2) in keys
    assert any(a.key == "it-low-value-parcel-fee" and a.unconfirmed for a in r.rules_applied)
    assert any("unconfirmed" in n for n in r.notes)


def test_no_rules_in_force_is_an_error_naming_the_destination() -> None:
    with pytest.raises(NoCustomsRules) as exc:
        quote("DE", "2019-12-31", [(TEE, 1, "10")], "EUR")
    assert exc.value.errors[0].field == "destination.country"


# --- row semantics, on rows made here ----------------------------------------------------------------


def rules(*rows: object, topic: str = "duties") -> RulesInForce:
    refs = tuple(RuleRow("test", 1, r) for r in rows)
    return RulesInForce(duties=refs) if topic == "duties" else RulesInForce(taxes=refs)


def calc(
    rules_: RulesInForce, items: Sequence[tuple[str, int, str, str | None]], shipping: str = "0"
) -> LandedCost:
    q = Question(
        destination="DE",
        destination_currency="EUR",
        origin_country="CN",
        items=[Item(hs, n, Money.of(p, "EUR"), o) for hs, n, p, o in items],
        shipping=Money.of(shipping, "EUR"),
        currency="EUR",
    )
    return calc_q(q, rules_)


def calc_q(q: Question, rules_: RulesInForce) -> LandedCost:
    return calculate(q, rules_, rate)


def test_most_specific_row_wins_band_then_origin_then_prefix() -> None:
    rs = rules(
        DutyRow(hs_prefix="", rate=Decimal(5)),
        DutyRow(hs_prefix="61", rate=Decimal(10)),
        DutyRow(hs_prefix="6109", rate=Decimal(12)),
        DutyRow(hs_prefix="", origins=["US"], rate=Decimal(0)),
        DutyRow(hs_prefix="", max_value=Decimal(20), band_currency="EUR", rate=Decimal(1)),
    )
    r = calc(
        rs,
        [(TEE, 1, "100", None), ("611020", 1, "100", None), (PHONE, 1, "100", None), (TEE, 1, "100", "US")],
    )
    assert [ln.duty.format_amount() for ln in r.lines] == ["12.00", "10.00", "5.00", "0.00"]
    small = calc(rs, [(TEE, 1, "10", None)])
    assert small.duties == Money.of("0.10", "EUR")


def test_flat_duties_per_unit_line_and_consignment() -> None:
    per_unit = calc(
        rules(DutyRow(flat=Decimal("0.5"), flat_currency="EUR", flat_per="unit")), [(TEE, 4, "1", None)]
    )
    per_line = calc(
        rules(DutyRow(flat=Decimal(1), flat_currency="EUR", flat_per="line")),
        [(TEE, 4, "1", None), (TEE, 1, "1", None)],
    )
    per_consignment = calc(
        rules(DutyRow(flat=Decimal(5), flat_currency="USD", flat_per="consignment")),
        [(TEE, 1, "1", None), (PHONE, 1, "1", None)],
    )
    assert per_unit.duties == Money.of("2", "EUR")
    assert per_line.duties == Money.of("2", "EUR")
    assert per_consignment.duties == Money.of("4", "EUR")  # USD 5 at USD 1.25 per euro


def test_a_deduction_never_makes_duty_negative() -> None:
    r = calc(
        rules(DutyRow(rate=Decimal(10), deduction=Decimal(50), deduction_currency="EUR")),
        [(TEE, 1, "100", None)],
    )
    assert r.duties == Money.zero("EUR")


def test_shipping_is_shared_by_value_on_a_cif_basis_only() -> None:
    cif = rules(DutyRow(rate=Decimal(10), basis="goods_and_shipping"))
    fob = rules(DutyRow(rate=Decimal(10), basis="goods"))
    items = [(TEE, 1, "30", None), (PHONE, 1, "10", None)]
    assert [ln.duty.format_amount() for ln in calc(cif, items, "20").lines] == ["4.50", "1.50"]
    assert calc(fob, items, "20").duties == Money.of("4", "EUR")


def test_free_lines_share_shipping_equally() -> None:
    r = calc(
        rules(DutyRow(rate=Decimal(10), basis="goods_and_shipping")),
        [(TEE, 1, "0", None), (PHONE, 1, "0", None)],
        "10",
    )
    assert [ln.duty.format_amount() for ln in r.lines] == ["0.50", "0.50"]


def test_grossed_up_tax_and_tax_on_duty() -> None:
    taxes = rules(TaxRow(kind="icms", rate=Decimal(20), gross_up=True), topic="taxes")
    r = calc(taxes, [(TEE, 1, "80", None)])
    assert r.taxes == Money.of("20", "EUR")


def test_one_tax_row_per_kind_stacks_across_kinds() -> None:
    taxes = rules(
        TaxRow(kind="vat", rate=Decimal(10)),
        TaxRow(kind="vat", rate=Decimal(5), hs_prefix="8517"),
        TaxRow(kind="excise", rate=Decimal(1)),
        topic="taxes",
    )
    r = calc(taxes, [(TEE, 1, "100", None), (PHONE, 1, "100", None)])
    assert [ln.tax.format_amount() for ln in r.lines] == ["11.00", "6.00"]


def test_threshold_relief_and_collection_from_a_row() -> None:
    row = ImportThresholdRow(
        currency="USD",
        duty_threshold=Decimal(100),
        tax_threshold=Decimal(50),
        collection="checkout",
        checkout_max=Decimal(200),
    )
    rs = RulesInForce(
        thresholds=(RuleRow("t", 1, row),),
        duties=(RuleRow("d", 1, DutyRow(rate=Decimal(10))),),
        taxes=(RuleRow("x", 1, TaxRow(kind="vat", rate=Decimal(20))),),
    )
    low = calc_q(
        Question("DE", "EUR", "CN", [Item(TEE, 1, Money.of("60", "EUR"))], Money.zero("EUR"), "EUR"), rs
    )  # EUR 60 = USD 75: duty relieved, tax not
    assert (low.duties, low.taxes, low.collection) == (Money.zero("EUR"), Money.of("12", "EUR"), "checkout")
    assert low.duty_threshold == Money.of("80", "EUR")
    high = calc_q(
        Question("DE", "EUR", "CN", [Item(TEE, 1, Money.of("200", "EUR"))], Money.zero("EUR"), "EUR"), rs
    )
    assert (high.duties, high.collection) == (Money.of("20", "EUR"), "border")

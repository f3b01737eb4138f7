"""Payout rails: each rail is sent its own units (Stripe's currency rules, SEPA cents, the CSV's stated
exponent), an amount a rail cannot take is refused rather than rounded, every Stripe call's parameters
match the stripe SDK's typed parameters, and arrival dates land on the payout currency's business days."""

from __future__ import annotations

import collections.abc
import inspect
import sys
import types
import typing
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ForwardRef, Literal, NotRequired, Required, Union

import holidays
import pytest
import stripe
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from stripe._request_options import RequestOptions
from stripe.params import PayoutCreateParams, TransferCreateParams, TransferListParams

from core.money import Money, UnknownCurrency, currency_exponent
from settlement import pain001, rails
from settlement.providers import BankFileProvider, PayoutInstruction, StripeProvider, bank_file_arrival
from settlement.rails import RailAmountRefused, from_rail_units, payable, to_rail_units
from tests.settlement.conftest import FakeStripe

# --- Stripe's units ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "minor", "call", "units"),
    [
        ("USD", 1234, "payout", 1234),  # 12.34 USD: cents, as the project
        ("EUR", 1099, "payout", 1099),
        ("JPY", 500, "payout", 500),  # zero-decimal: 500 JPY is 500
        ("KRW", 1000, "transfer", 1000),
        ("IDR", 150_000, "payout", 15_000_000),  # whole rupiah here, two decimals at Stripe: the 100x bug
        ("IDR", 150_000, "transfer", 15_000_000),
        ("HUF", 1045, "payout", 104_500),  # whole forints here; HUF 1045 is 104500
        ("TWD", 80_000, "payout", 80_000),  # TWD 800.00
        ("TWD", 80_045, "transfer", 80_045),  # a transfer may carry TWD 800.45; a payout may not (below)
        ("ISK", 5, "payout", 500),  # "to charge 5 ISK, provide an amount value of 500"
        ("UGX", 5, "transfer", 500),  # the Special cases row wins over the zero-decimal list
        ("KWD", 5120, "payout", 5120),  # three decimals, last digit 0
        ("BHD", 1_500, "transfer", 1_500),
        ("JOD", 10, "payout", 10),
    ],
)
def test_stripe_units(currency: str, minor: int, call: rails.StripeCall, units: int) -> None:
    assert to_rail_units((minor, currency), "stripe", call=call) == units
    assert to_rail_units(Money.from_minor(minor, currency), "stripe", call=call) == units
    assert from_rail_units(units, currency, "stripe", call=call) == Money.from_minor(minor, currency)


@pytest.mark.parametrize(
    ("currency", "minor", "call", "code"),
    [
        ("TWD", 80_045, "payout", "rail_amount_not_divisible"),  # Stripe's own example: 800.45 TWD
        ("KWD", 5_124, "payout", "rail_amount_not_divisible"),  # 5.124 KWD: Stripe wants 5120 or 5130
        ("BHD", 1, "transfer", "rail_amount_not_divisible"),
        ("USD", 0, "payout", "rail_amount_not_positive"),
        ("JPY", -5, "transfer", "rail_amount_not_positive"),
        ("IQD", 1_000, "payout", "rail_currency_not_supported"),  # not in Stripe's list: units unknown
    ],
)
def test_stripe_refuses_what_it_cannot_take(
    currency: str, minor: int, call: rails.StripeCall, code: str
) -> None:
    with pytest.raises(RailAmountRefused) as caught:
        to_rail_units((minor, currency), "stripe", call=call)
    assert caught.value.code == code
    assert caught.value.status == 422
    assert caught.value.errors[0].field == "amount"


def test_an_amount_finer_than_stripes_unit_is_refused_not_rounded() -> None:
    # a Money with more precision than Stripe's zero-decimal JPY
    with pytest.raises(RailAmountRefused) as caught:
        to_rail_units(Money(Decimal("500.5"), "JPY"), "stripe")
    assert caught.value.code == "rail_amount_too_precise"


def test_payable_rounds_down_to_what_the_rail_takes() -> None:
    assert payable(Money.of("800.45", "TWD"), "stripe") == Money.of("800", "TWD")
    assert payable(Money.of("800.45", "TWD"), "stripe", call="transfer") == Money.of("800.45", "TWD")
    assert payable(Money.of("5.124", "KWD"), "stripe") == Money.of("5.120", "KWD")
    assert payable(Money.of("150000", "IDR"), "stripe") == Money.of("150000", "IDR")


def test_sepa_is_euro_cents_and_bounded() -> None:
    assert to_rail_units((1234, "EUR"), "sepa") == 1234
    with pytest.raises(RailAmountRefused) as caught:
        to_rail_units((1234, "USD"), "sepa")
    assert caught.value.code == "rail_currency_not_supported"
    with pytest.raises(RailAmountRefused) as caught:
        to_rail_units((rails.SEPA_MAX_CENTS + 1, "EUR"), "sepa")
    assert caught.value.code == "rail_amount_too_large"


def test_bank_csv_is_the_project_minor_unit_it_states() -> None:
    assert to_rail_units((150_000, "IDR"), "bank_csv") == 150_000
    assert rails.rail_units("IDR", "bank_csv").exponent == 0
    assert rails.rail_units("KWD", "bank_csv").exponent == 3


def _stripe_currencies() -> list[str]:
    known = []
    for code in sorted(rails.STRIPE_CURRENCIES):
        try:
            currency_exponent(code)
        except UnknownCurrency:  # withdrawn codes Stripe still lists (STD)
            continue
        known.append(code)
    return known


def test_the_stripe_list_is_mostly_known_to_the_project() -> None:
    assert len(_stripe_currencies()) >= len(rails.STRIPE_CURRENCIES) - 3


@settings(max_examples=400, deadline=None)
@given(
    currency=st.sampled_from(_stripe_currencies()),
    minor=st.integers(min_value=-10, max_value=10**12),
    call=st.sampled_from(["transfer", "payout"]),
)
def test_stripe_units_never_lose_or_invent_money(currency: str, minor: int, call: rails.StripeCall) -> None:
    money = Money.from_minor(minor, currency)
    try:
        units = to_rail_units(money, "stripe", call=call)
    except RailAmountRefused:
        # refused only when the rail really cannot carry it: nothing positive that it can was turned away
        assert minor <= 0 or payable(money, "stripe", call=call) != money
        return
    assert isinstance(units, int)
    assert not isinstance(units, bool)
    assert units > 0
    assert from_rail_units(units, currency, "stripe", call=call) == money
    assert payable(money, "stripe", call=call) == money


@settings(max_examples=200, deadline=None)
@given(
    currency=st.sampled_from(_stripe_currencies()),
    minor=st.integers(min_value=1, max_value=10**12),
)
def test_payable_is_the_most_the_rail_takes(currency: str, minor: int) -> None:
    money = Money.from_minor(minor, currency)
    paid = payable(money, "stripe")
    assert paid.amount <= money.amount
    if paid.amount > 0:
        assert from_rail_units(to_rail_units(paid, "stripe"), currency, "stripe") == paid


# --- every Stripe call against the SDK's typed parameters ----------------------------------------------


class _Unresolved:
    """A name the SDK only imports for type checkers (StripeContext): nothing we send is one."""


def _resolve(tp: Any, ns: dict[str, Any]) -> Any:
    if isinstance(tp, str):
        return eval(tp, ns)
    if isinstance(tp, ForwardRef):
        return eval(tp.__forward_arg__, ns)
    return tp


def _conforms(value: Any, tp: Any, ns: dict[str, Any]) -> bool:
    tp = _resolve(tp, ns)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (NotRequired, Required):
        return _conforms(value, args[0], ns)
    if origin in (Union, types.UnionType):
        return any(_conforms(value, a, ns) for a in args)
    if origin is Literal:
        return value in args
    if origin in (dict, collections.abc.Mapping):
        return isinstance(value, dict) and all(
            _conforms(k, args[0], ns) and _conforms(v, args[1], ns) for k, v in value.items()
        )
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, args[0], ns) for v in value)
    if tp is Any:
        return True
    if tp is None or tp is type(None):
        return value is None
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(origin, type):
        return isinstance(value, origin)
    if isinstance(tp, type):
        return isinstance(value, tp)
    raise AssertionError(f"the checker does not know {tp!r}")


def assert_typed(value: dict[str, Any] | None, cls: type) -> None:
    """`value` has the keys and value types of the SDK's TypedDict `cls`: its required keys, no others."""
    assert value is not None
    keys: frozenset[str] = cls.__required_keys__ | cls.__optional_keys__  # type: ignore[attr-defined]
    assert set(value) <= keys, f"{cls.__name__} has no {sorted(set(value) - keys)}"
    missing = cls.__required_keys__ - set(value)  # type: ignore[attr-defined]
    assert not missing, f"{cls.__name__} requires {sorted(missing)}"
    for key, item in value.items():
        for base in cls.__mro__:
            annotations = inspect.get_annotations(base)
            if key in annotations:
                ns = {**vars(sys.modules[base.__module__]), "StripeContext": _Unresolved}
                assert _conforms(item, annotations[key], ns), f"{cls.__name__}.{key} = {item!r}"
                break


Spy = list[tuple[str, dict[str, Any], dict[str, Any] | None]]


def _spy(service: Any, name: str, params_cls: type, calls: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    original: Callable[..., Any] = getattr(service, name)

    def checked(params: dict[str, Any] | None = None, options: dict[str, Any] | None = None) -> Any:
        assert_typed(params, params_cls)
        if options is not None:
            assert_typed(options, RequestOptions)
        calls.append((f"{type(service).__name__}.{name}", dict(params or {}), options))
        return original(params=params, options=options)

    monkeypatch.setattr(service, name, checked)


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> tuple[StripeProvider, FakeStripe, Spy]:
    fake = FakeStripe()
    client = stripe.StripeClient("sk_test_local", http_client=fake)
    calls: Spy = []
    _spy(client.v1.transfers, "list", TransferListParams, calls, monkeypatch)
    _spy(client.v1.transfers, "create", TransferCreateParams, calls, monkeypatch)
    _spy(client.v1.payouts, "create", PayoutCreateParams, calls, monkeypatch)
    return StripeProvider(client), fake, calls


def _instruction(payout_id: str, minor: int, currency: str, **kw: Any) -> PayoutInstruction:
    return PayoutInstruction(
        payout_id=payout_id,
        payee_id="mer_1",
        amount_minor=minor,
        currency=currency,
        account_holder="Toko Batik Sejahtera",
        **kw,
    )


def test_every_stripe_call_matches_the_sdks_typed_parameters_and_carries_stripes_units(
    spied: tuple[StripeProvider, FakeStripe, Spy],
) -> None:
    provider, fake, calls = spied
    batch = [
        _instruction("po_idr", 150_000, "IDR", stripe_account="acct_1"),
        _instruction("po_jpy", 12_345, "JPY", stripe_account="acct_2"),
        _instruction("po_usd", 1_234, "USD", stripe_account="acct_3"),
        _instruction("po_kwd", 5_120, "KWD", stripe_account="acct_4"),
        _instruction("po_huf", 1_045, "HUF", stripe_account="acct_5"),
    ]
    results = provider.submit("bat_1", batch)
    assert all(r.ok for r in results), results
    sent = {
        (name, params["currency"]): params["amount"] for name, params, _ in calls if name.endswith("create")
    }
    expected = {"idr": 15_000_000, "jpy": 12_345, "usd": 1_234, "kwd": 5_120, "huf": 104_500}
    for currency, amount in expected.items():
        assert sent[("TransferService.create", currency)] == amount
        assert sent[("PayoutService.create", currency)] == amount
    # and on the wire, what Stripe receives
    wire = [int(r[2]["amount"][0]) for r in fake.requests if r[0] == "post"]
    assert sorted(wire) == sorted([*expected.values(), *expected.values()])
    payout_options = [o for name, _, o in calls if name == "PayoutService.create"]
    assert all(o and o["stripe_account"] and o["idempotency_key"] for o in payout_options)


def test_a_stripe_payout_it_cannot_take_is_refused_before_any_call(
    spied: tuple[StripeProvider, FakeStripe, Spy],
) -> None:
    provider, fake, calls = spied
    (result,) = provider.submit("bat_2", [_instruction("po_twd", 80_045, "TWD", stripe_account="acct_1")])
    assert not result.ok
    assert result.failure_code == "rail_amount_not_divisible"
    assert result.failure_message
    assert "800.45 TWD" in result.failure_message
    assert calls == []
    assert fake.requests == []  # no transfer either: the money does not sit in the connected account


def test_the_checker_catches_a_wrong_parameter() -> None:
    with pytest.raises(AssertionError):
        assert_typed({"amount": Decimal(5), "currency": "usd"}, PayoutCreateParams)
    with pytest.raises(AssertionError):
        assert_typed({"amount": True, "currency": "usd"}, PayoutCreateParams)
    with pytest.raises(AssertionError):
        assert_typed({"amount": 5, "currency": "usd", "amount_minor": 5}, PayoutCreateParams)
    with pytest.raises(AssertionError):
        assert_typed({"amount": 5}, PayoutCreateParams)
    assert_typed({"amount": 5, "currency": "usd", "metadata": {"a": "b"}}, PayoutCreateParams)


# --- the bank file -------------------------------------------------------------------------------------


def test_bank_file_amounts_units_and_dates(tmp_path: Path) -> None:
    saturday = date(2026, 12, 26)  # TARGET2 closed on Friday 25 and Saturday 26 December
    provider = BankFileProvider(tmp_path, today=lambda: saturday)
    results = provider.submit(
        "bat_3",
        [
            _instruction("po_eur", 123_456, "EUR", iban="DE89370400440532013000"),
            _instruction("po_big", rails.SEPA_MAX_CENTS + 1, "EUR", iban="DE89370400440532013000"),
            _instruction("po_idr", 150_000, "IDR", account_number="1234567890", bank_code="014"),
            _instruction("po_kwd", 5_124, "KWD", account_number="998877", bank_code="NBOK"),
        ],
    )
    by_id = {r.payout_id: r for r in results}
    assert not by_id["po_big"].ok
    assert by_id["po_big"].failure_code == "rail_amount_too_large"

    xml = etree.fromstring((tmp_path / "bat_3-sepa-EUR.xml").read_bytes())
    ns = {"p": xml.nsmap[None]}
    assert xml.xpath("//p:CdtTrfTxInf/p:Amt/p:InstdAmt/text()", namespaces=ns) == ["1234.56"]
    assert xml.xpath("//p:ReqdExctnDt/text()", namespaces=ns) == ["2026-12-28"]  # Monday, TARGET2 open
    assert by_id["po_eur"].arrival_date == date(2026, 12, 29)

    idr = etree.fromstring((tmp_path / "bat_3-IDR.xml").read_bytes())  # pain.001.001.09, schema-checked
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
    (amount,) = idr.xpath("//p:CdtTrfTxInf/p:Amt/p:InstdAmt", namespaces=ns)
    assert (amount.text, amount.get("Ccy")) == ("150000", "IDR")  # whole rupiah
    assert idr.xpath("//p:ReqdExctnDt/p:Dt/text()", namespaces=ns) == ["2026-12-28"]
    kwd = etree.fromstring((tmp_path / "bat_3-KWD.xml").read_bytes())
    assert kwd.xpath("//p:InstdAmt/text()", namespaces=ns) == ["5.124"]  # three decimals: fils
    assert kwd.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=ns) == ["5.124"]
    assert kwd.xpath("//p:EndToEndId/text()", namespaces=ns) == ["po_kwd"]
    assert by_id["po_kwd"].arrival_date == date(2026, 12, 29)  # Kuwait's weekend is Friday and Saturday


def test_a_bank_file_that_does_not_validate_is_refused_and_not_written(tmp_path: Path) -> None:
    # an empty creditor name breaks pain.001.001.09's Max140Text (at least one character)
    nameless = PayoutInstruction("po_x", "mer_1", 150_000, "IDR", "", account_number="123", bank_code="014")
    with pytest.raises(etree.DocumentInvalid, match="Nm"):
        BankFileProvider(tmp_path, today=lambda: date(2026, 12, 28)).submit("bat_bad", [nameless])
    assert not (tmp_path / "bat_bad-IDR.xml").exists()
    good = pain001.credit_transfer(
        "bat_ok",
        "IDR",
        [_instruction("po_y", 1, "IDR", iban="DE89370400440532013000")],
        date(2026, 12, 28),
        debtor={"name": "Tradelane", "IBAN": "DE89370400440532013000", "BIC": "COBADEFFXXX"},
    )
    pain001.validate(good)
    with pytest.raises(etree.DocumentInvalid, match="CtrlSum"):
        pain001.validate(good.replace(b"<CtrlSum>1</CtrlSum>", b"<CtrlSum>one</CtrlSum>", 1))
    sepa = BankFileProvider(tmp_path).sepa_xml(
        "bat_eur", [_instruction("po_z", 100, "EUR", iban="DE89370400440532013000")], date(2026, 12, 28)
    )
    pain001.validate(sepa, "pain.001.001.03")
    with pytest.raises(etree.DocumentInvalid):  # a pain.001.001.03 file is not a pain.001.001.09 one
        pain001.validate(sepa)


# --- arrival dates -------------------------------------------------------------------------------------


def test_a_sepa_payout_handed_over_on_christmas_eve_arrives_after_the_target2_holidays() -> None:
    assert bank_file_arrival(date(2026, 12, 24), sepa=True, currency="EUR") == date(2026, 12, 28)
    assert bank_file_arrival(date(2026, 12, 25), sepa=True, currency="EUR") == date(2026, 12, 29)
    assert bank_file_arrival(date(2026, 4, 2), sepa=True, currency="EUR") == date(2026, 4, 7)  # Easter


def test_an_idr_payout_waits_out_lebaran_and_its_collective_leave() -> None:
    # 2026: Nyepi joint leave 18 March, Nyepi 19, Eid al-Fitr joint leave 20, 23, 24, Eid 21-22
    assert bank_file_arrival(date(2026, 3, 17), sepa=False, currency="IDR") == date(2026, 3, 26)
    assert bank_file_arrival(date(2026, 3, 19), sepa=False, currency="IDR") == date(2026, 3, 27)
    assert bank_file_arrival(date(2026, 8, 14), sepa=False, currency="IDR") == date(2026, 8, 19)  # 17 Aug


def test_calendars_of_currencies() -> None:
    assert rails.calendar_for("EUR") == rails.Calendar("financial", "ECB")
    assert rails.calendar_for("JPY") == rails.Calendar("country", "JP")
    assert rails.calendar_for("XOF") is None  # no calendar: weekends only
    assert not rails.is_business_day(date(2026, 12, 26), "XOF")


def _independent_calendar(currency: str) -> Any:
    if currency == "EUR":
        return holidays.financial_holidays("ECB")
    if currency == "IDR":
        return holidays.country_holidays("ID", categories=("public", "government"))
    return holidays.country_holidays(currency[:2])


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    currency=st.sampled_from(["EUR", "USD", "GBP", "IDR", "JPY", "KWD", "SGD", "HUF", "CHF"]),
    sepa=st.booleans(),
)
def test_arrival_is_never_a_weekend_or_holiday(day: date, currency: str, sepa: bool) -> None:
    sepa = sepa and currency == "EUR"
    arrival = bank_file_arrival(day, sepa=sepa, currency=currency)
    calendar = _independent_calendar(currency)
    assert arrival > day
    assert arrival not in calendar  # (this also fills the calendar's year, its make-up working days included)
    # a weekend day only where the country works it (Hungary's make-up Saturdays)
    workdays = getattr(calendar, "weekend_workdays", set())
    assert arrival.weekday() not in calendar.weekend or arrival in workdays
    assert arrival - day <= timedelta(days=21)

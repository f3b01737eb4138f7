from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session

from core.money import Money, MoneyModel
from customs.declarations import assemble_declaration, build_declaration
from customs.errors import DeclarationInvalid
from customs.schemas import DeclarationItem
from tests.customs.rules import rate, rows

DAY = date(2026, 7, 1)


def item(value: str = "20.00", currency: str = "EUR", **kw: Any) -> DeclarationItem:
    data: dict[str, Any] = {
        "description": "Cotton T-shirt",
        "hs_code": "6109.10",
        "origin_country": "CN",
        "quantity": 2,
        "unit_weight_g": 180,
        "unit_value": {"amount": value, "currency": currency},
        **kw,
    }
    return DeclarationItem.model_validate(data)


def declare(destination: str, items: list[DeclarationItem], **kw: Any) -> Any:
    return assemble_declaration(
        rows=rows("documents", destination, kw.pop("on", DAY)),
        rate=rate,
        destination=destination,
        origin_country="CN",
        items=items,
        **kw,
    )


def test_cn22_for_a_low_value_eu_parcel_asks_for_the_ioss_number() -> None:
    d = declare("DE", [item()], collection="checkout")
    assert d.form == "CN22"
    assert d.total_value == MoneyModel(amount="40.00", currency="EUR")
    assert d.total_net_weight_g == 360
    assert d.items[0].hs_code == "610910"
    assert [(i.document, i.party) for i in d.identifiers] == [("IOSS", "sender")]
    assert d.missing == ["IOSS"]
    assert "upu-cn22-cn23@1" in d.rules
    assert "eu-documents@2" in d.rules


def test_a_given_ioss_number_is_declared() -> None:
    d = declare("FR", [item()], collection="checkout", identifiers={"IOSS": "IM2500000001"})
    assert d.identifiers[0].value == "IM2500000001"
    assert d.missing == []


def test_a_malformed_ioss_number_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        declare("FR", [item()], identifiers={"IOSS": "FR123"})
    assert exc.value.errors[0].field == "identifiers.IOSS"


def test_cn23_above_the_sdr_300_rule_of_thumb_and_eori_above_eur_150() -> None:
    # EUR 400 = USD 500, above USD 400 (SDR 300)
    d = declare("DE", [item("200.00")], identifiers={"EORI": "DE123456789012345"})
    assert d.form == "CN23"
    assert [i.document for i in d.identifiers] == ["EORI"]
    assert d.missing == []


def test_the_boundary_is_converted_on_the_day() -> None:
    assert declare("US", [item("200.00", "USD")]).form == "CN22"  # USD 400: CN22 up to and including
    assert declare("US", [item("200.01", "USD")]).form == "CN23"


def test_national_requirements_and_recipient_ids() -> None:
    us = declare("US", [item("1500.00", "USD")])
    assert us.requirements == ["Formal entry (CBP 7501) and customs bond"]
    br = declare("BR", [item("20.00", "USD")], collection="checkout")
    assert {(i.document, i.party) for i in br.identifiers} == {
        ("CPF or CNPJ", "recipient"),
        ("Remessa Conforme certification", "sender"),
    }
    assert set(br.missing) == {"CPF or CNPJ", "Remessa Conforme certification"}


def test_uk_seller_vat_number_only_under_the_checkout_regime() -> None:
    assert [i.document for i in declare("GB", [item("20", "GBP")], collection="checkout").identifiers] == [
        "UK VAT number"
    ]
    assert declare("GB", [item("20", "GBP")], collection="border").identifiers == []


def test_vague_descriptions_and_crowded_cn22_are_warned_about() -> None:
    d = declare("DE", [item(description="Gift"), item(), item(), item()])
    assert any("too vague" in w for w in d.warnings)
    assert any("3 item lines" in w for w in d.warnings)


def test_items_in_several_currencies_are_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        declare("DE", [item(), item(currency="USD")])
    assert exc.value.errors[0].field == "items.1.unit_value.currency"


def test_postage_in_another_currency_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        declare("DE", [item()], shipping=Money(Decimal("5"), "USD"))
    assert exc.value.errors[0].field == "shipping.currency"


def test_build_declaration_reads_the_rules_in_force_and_the_rates(rules_session: Session) -> None:
    d = build_declaration(
        rules_session,
        destination="DE",
        origin_country="CN",
        items=[item("30.00")],
        collection="checkout",
        identifiers={"IOSS": "IM2760000001"},
        shipping=Money(Decimal("4.50"), "EUR"),
        on=date(2026, 10, 1),
    )
    assert d.form == "CN22"
    assert d.missing == []
    assert d.shipping == MoneyModel(amount="4.50", currency="EUR")

"""The service functions other domains call: the planner's landed cost and the rules in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from compliance.models import RuleDecision
from core.money import Money
from customs.service import destination_currency, planner_landed_cost, rules_in_force


@dataclass(frozen=True)
class Line:
    hs_code: str | None
    quantity: int
    unit_price: Money
    origin_country: str | None = None


def test_planner_landed_cost(rules_session: Session) -> None:
    landed = planner_landed_cost(rules_session)
    args = {
        "destination_country": "DE",
        "origin_country": "CN",
        "lines": [Line("610910", 1, Money(Decimal("100"), "EUR"))],
        "shipping": Money(Decimal("0"), "EUR"),
        "incoterm": "DDP",
        "currency": "EUR",
        "on": date(2026, 7, 1),
    }
    first = landed(**args)
    assert (first.duties, first.taxes, first.fees) == (
        Money.of("3", "EUR"),
        Money.of("19.57", "EUR"),
        Money.zero("EUR"),
    )
    assert first.collection == "checkout"
    assert "eu-duties@2" in first.rules
    assert first.detail["total"] == {"amount": "122.57", "currency": "EUR"}
    assert landed(**args) is first  # the same calculation is made and logged once
    rules_session.flush()
    logged = rules_session.exec(select(RuleDecision).where(RuleDecision.context == "landed_cost")).all()
    assert sorted(d.topic for d in logged) == ["documents", "duties", "import_thresholds", "taxes"]


def test_planner_lines_without_hs_code_get_default_rates(rules_session: Session) -> None:
    landed = planner_landed_cost(rules_session)
    lc = landed(
        destination_country="US",
        origin_country="CN",
        lines=[Line(None, 2, Money(Decimal("50"), "USD"))],
        shipping=Money(Decimal("0"), "USD"),
        incoterm="DAP",
        currency="USD",
        on=date(2026, 11, 1),
    )
    assert lc.duties == Money.of("3.30", "USD")  # default 3.3%
    assert any("no valid HS code" in n for n in lc.detail["notes"])


def test_planner_destination_without_rules_costs_nothing(rules_session: Session) -> None:
    lc = planner_landed_cost(rules_session)(
        destination_country="NZ",
        origin_country="CN",
        lines=[Line("610910", 1, Money(Decimal("50"), "USD"))],
        shipping=Money(Decimal("0"), "USD"),
        incoterm="DDP",
        currency="USD",
        on=date(2026, 11, 1),
    )
    assert (lc.duties, lc.taxes, lc.rules) == (Money.zero("USD"), Money.zero("USD"), ())


def test_rules_in_force_read_the_compliance_cache(rules_session: Session) -> None:
    rules = rules_in_force("DE", date(2026, 7, 1))
    assert {(r.key, r.version) for r in rules.thresholds} == {("eu-import-thresholds", 3)}
    assert {r.key for r in rules.taxes} == {"eu-taxes"}
    assert not rules_in_force("DE", date(2019, 1, 1)).duties


def test_destination_currencies() -> None:
    on = date(2026, 7, 1)
    assert [destination_currency(c, on) for c in ("DE", "PL", "BG", "HR", "VN", "ID", "GB")] == [
        "EUR",
        "PLN",
        "EUR",
        "EUR",
        "VND",
        "IDR",
        "GBP",
    ]
    assert destination_currency("NZ", on) == "NZD"

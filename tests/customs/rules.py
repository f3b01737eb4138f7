"""The default customs rule data as the pure calculation sees it, without a database (a stand-in for
`compliance.evaluation.rows_in_force` over the approved default versions)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel

from compliance.topics import DEFAULTS, TOPICS
from customs.landed_cost import RuleRow, RulesInForce


@lru_cache(maxsize=1)
def _parsed() -> list[
    tuple[str, str, frozenset[str] | None, list[tuple[int, datetime, datetime | None, list[BaseModel]]]]
]:
    out = []
    for rs in DEFAULTS:
        if rs.topic not in ("import_thresholds", "duties", "taxes", "documents"):
            continue
        model = TOPICS[rs.topic].row
        versions = [
            (n, v.effective_from, v.effective_to, [model.model_validate(r) for r in v.rows])
            for n, v in enumerate(rs.versions, start=1)
        ]
        out.append((rs.key, rs.topic, frozenset(rs.countries) if rs.countries else None, versions))
    return out


def rows(topic: str, country: str, on: date) -> list[RuleRow]:
    instant = datetime(on.year, on.month, on.day, tzinfo=UTC)
    found: list[RuleRow] = []
    for key, t, countries, versions in _parsed():
        if t != topic or (countries is not None and country not in countries):
            continue
        for number, start, end, parsed in versions:
            if start <= instant and (end is None or instant < end):
                found.extend(RuleRow(key, number, r) for r in parsed)
    return found


def in_force(country: str, on: date) -> RulesInForce:
    return RulesInForce(
        rows("import_thresholds", country, on), rows("duties", country, on), rows("taxes", country, on)
    )


# Units of each currency for one euro: fixed, so expectations are exact.
EUR_RATES = {
    "EUR": Decimal(1),
    "USD": Decimal("1.25"),
    "GBP": Decimal("0.8"),
    "AUD": Decimal("2"),
    "CAD": Decimal("1.5"),
    "IDR": Decimal("20000"),
    "MXN": Decimal("25"),
    "BRL": Decimal("6.25"),
    "JPY": Decimal("160"),
    "SGD": Decimal("1.5"),
    "THB": Decimal("40"),
    "PHP": Decimal("62.5"),
    "MYR": Decimal("5"),
    "VND": Decimal("30000"),
    "PLN": Decimal("4.25"),
    "CNY": Decimal("8"),
    "SEK": Decimal("11.5"),
}


def rate(base: str, quote: str) -> Decimal:
    return Decimal(1) if base == quote else EUR_RATES[quote] / EUR_RATES[base]

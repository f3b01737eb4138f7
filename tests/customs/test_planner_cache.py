"""The planner's landed costs kept in memory (`customs.service.PlannerLandedCosts`).

An answer is kept per question for as long as the rules and FX snapshots it was made under are current. Any
sequence of questions must get the same answers, details (including each answer's `fx`, which lists every pair
the quote's calculations used so far) and decision rows from warm answers as from cold ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from compliance import evaluation
from core.money import Money
from customs import service
from customs.hs import validate_hs_code
from customs.landed_cost import Item, Question, calculate
from customs.service import PlannerLandedCosts, forget_planner_answers
from payments import fx_quotes

ON = date(2026, 7, 1)
JSON_COLUMNS = ("input", "outcome", "rules")  # kept serialised (`compliance.evaluation.decision_texts`)


@dataclass(frozen=True)
class Line:
    hs_code: str | None
    quantity: int
    unit_price: Money
    origin_country: str | None = None


QUESTIONS: list[dict[str, Any]] = [
    {
        "destination_country": dest,
        "origin_country": origin,
        "lines": lines,
        "shipping": shipping,
        "incoterm": incoterm,
        "currency": currency,
        "on": ON,
    }
    for dest, currency in (("DE", "EUR"), ("US", "USD"), ("GB", "GBP"), ("NZ", "NZD"))
    for origin in ("CN", "VN")
    for lines in (
        (Line("610910", 1, Money(Decimal("100"), "USD")),),
        (Line(None, 2, Money(Decimal("12.50"), "USD")), Line("bad", 1, Money(Decimal("12.50"), "USD"))),
    )
    for shipping in (Money(Decimal("4.10"), currency), Money(Decimal("31.00"), currency))
    for incoterm in ("DDP", "DAP")
]


def _reference(questions: list[int]) -> tuple[list[Any], list[dict[str, Any]]]:
    """What the planner's landed cost answered before answers were kept: one `Rates` per quote (so each
    answer's `fx` lists every pair used so far), each distinct calculation made and logged once."""
    rates = service.Rates(None, ON, {}, book=fx_quotes.current().book)
    done: dict[str, Any] = {}
    costs, decisions = [], []
    for i in questions:
        q = QUESTIONS[i]
        items, notes = [], []
        for ln in q["lines"]:
            try:
                hs = validate_hs_code(ln.hs_code or "")
            except ValueError:
                hs = ""
                notes.append(f"no valid HS code ({ln.hs_code!r}): the destination's default rates apply")
            items.append(Item(hs, ln.quantity, ln.unit_price, ln.origin_country))
        question = Question(
            destination=q["destination_country"],
            destination_currency=service.destination_currency(q["destination_country"], ON),
            origin_country=q["origin_country"],
            items=items,
            shipping=q["shipping"],
            currency=q["currency"],
            incoterm=q["incoterm"],
        )
        key = repr((question, ON))
        if key not in done:
            rules = service.rules_in_force(q["destination_country"], ON)
            zero = Money.zero(q["currency"])
            if rules.empty:
                done[key] = (zero, zero, zero, "border", (), {"note": "no customs rules in force"})
            else:
                result = calculate(question, rules, rates)
                read = service.to_read(result, ON, rates).model_dump(mode="json")
                read["notes"] = [*read["notes"], *notes]
                rule_refs = tuple(f"{r.key}@{r.version}" for r in result.rules_applied)
                done[key] = (result.duties, result.taxes, result.fees, result.collection, rule_refs, read)
                outcomes = result.topic_outcomes()
                decisions.extend(
                    {
                        "context": "landed_cost",
                        "subject_id": None,
                        "topic": topic,
                        "country": q["destination_country"],
                        "input": json.loads(json.dumps(service._planner_input(question, ON))),
                        "outcome": json.loads(json.dumps(outcomes[topic], default=str)),
                        "rules": list(rules.versions(topic)),
                    }
                    for topic in ("import_thresholds", "duties", "taxes", "documents")
                )
        costs.append(done[key])
    return costs, decisions


def _answers(questions: list[int]) -> tuple[list[Any], list[dict[str, Any]]]:
    landed = PlannerLandedCosts(defer=True)
    costs = [landed(**QUESTIONS[i]) for i in questions]
    decisions = [
        {
            k: json.loads(v) if k in JSON_COLUMNS else v
            for k, v in d.items()
            if k not in ("id", "at", "input_hash")
        }
        for d in landed.decisions
    ]
    return [(c.duties, c.taxes, c.fees, c.collection, c.rules, c.detail) for c in costs], decisions


_SEQUENCE = st.lists(st.integers(0, len(QUESTIONS) - 1), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(earlier=_SEQUENCE, questions=_SEQUENCE)
def test_warm_answers_equal_cold_ones(
    rules_session: Session,
    earlier: list[int],
    questions: list[int],
) -> None:
    """`questions` asked by one quote, cold, then after other quotes asked `earlier` (and itself): the same
    answers and decisions as made without keeping answers."""
    want = _reference(questions)
    forget_planner_answers()
    assert _answers(questions) == want
    forget_planner_answers()
    _answers(earlier)
    assert _answers(questions) == want
    assert _answers(questions) == want


def test_an_answer_is_calculated_once_per_rules_snapshot(
    rules_session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    calculate = service.calculate

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return calculate(*args, **kwargs)

    monkeypatch.setattr(service, "calculate", counting)
    forget_planner_answers()
    first = _answers([0, 1, 0])
    assert len(calls) == 2
    second = _answers([0, 1, 0])
    assert len(calls) == 2  # answered from memory, and logged again
    assert second == first
    assert len(first[1]) == 2 * 4  # each distinct calculation is logged once per quote, a row per topic
    evaluation.invalidate()  # the rules in force changed: answers made under the old ones go
    assert _answers([0])[0] == first[0][:1]
    assert len(calls) == 3

"""The customs rule topics (compliance/topics/customs/): row validation, evaluate, and the default data."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from compliance.evaluation import evaluate_topic
from compliance.service import run_tests, validate_rows
from compliance.topics import DEFAULTS, TOPICS
from compliance.topics.customs.models import DutyRow, ImportThresholdRow, TaxRow

CUSTOMS_TOPICS = ("import_thresholds", "duties", "taxes", "documents")
CUSTOMS_DEFAULTS = [rs for rs in DEFAULTS if rs.topic in CUSTOMS_TOPICS]


@pytest.mark.parametrize("rule_set", CUSTOMS_DEFAULTS, ids=[rs.key for rs in CUSTOMS_DEFAULTS])
def test_default_versions_are_contiguous_and_their_tests_pass(rule_set: Any) -> None:
    versions = rule_set.versions
    assert versions[-1].effective_to is None
    for before, after in pairwise(versions):
        assert before.effective_to == after.effective_from
        assert before.effective_from < after.effective_from
    for v in versions:
        assert v.tests, "each version carries test cases"
        assert v.reason
        assert run_tests(rule_set.topic, validate_rows(rule_set.topic, v.rows), v.tests) == []


def test_every_market_has_every_customs_topic() -> None:
    markets = {"US", "DE", "GB", "AU", "CA", "ID", "MX", "BR", "JP", "SG", "TH", "PH", "MY", "VN"}
    for topic in CUSTOMS_TOPICS:
        covered = {c for rs in CUSTOMS_DEFAULTS if rs.topic == topic for c in (rs.countries or [])}
        assert markets <= covered, (topic, markets - covered)


def test_rows_refuse_floats_and_incomplete_amounts() -> None:
    with pytest.raises(ValidationError, match="never as a float"):
        DutyRow.model_validate({"rate": 16.5})
    with pytest.raises(ValidationError, match="flat_currency"):
        DutyRow.model_validate({"flat": "3"})
    with pytest.raises(ValidationError, match="band_currency"):
        TaxRow.model_validate({"kind": "vat", "max_value": "150"})
    with pytest.raises(ValidationError, match="below 100"):
        TaxRow.model_validate({"kind": "icms", "rate": "100", "gross_up": True})
    with pytest.raises(ValidationError, match="HS prefix"):
        DutyRow.model_validate({"hs_prefix": "6"})
    with pytest.raises(ValidationError):
        ImportThresholdRow.model_validate({"currency": "XXX"})
    assert DutyRow.model_validate({"hs_prefix": "*"}).hs_prefix == ""
    assert DutyRow.model_validate({"rate": "16.5"}).model_dump(mode="json")["rate"] == "16.5"


def test_evaluate_without_a_needed_rate_says_so() -> None:
    spec = TOPICS["import_thresholds"]
    rows = [ImportThresholdRow.model_validate({"currency": "USD", "duty_threshold": "3"})]
    data = spec.input.model_validate({"country": "ID", "origin": "CN", "currency": "IDR", "goods": "1000"})
    assert spec.evaluate(rows, data) == {"error": "no rate for USD in `rates`"}


def test_officer_dry_run_through_compliance(rules_session: Session) -> None:
    question = {
        "country": "DE",
        "origin": "CN",
        "currency": "EUR",
        "lines": [{"hs_code": "610910", "value": "100"}],
    }
    before, _ = evaluate_topic("duties", question, country="DE", on=date(2026, 6, 30))
    after, rules = evaluate_topic("duties", question, country="DE", on=date(2026, 7, 1))
    assert (before["total"], after["total"]) == ("12.00", "3.00")
    assert [str(r) for r in rules] == ["eu-duties@2"]

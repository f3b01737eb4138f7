"""Rule topics: what a row of each topic's table holds, and how a table answers one input.

Rule content is typed tables (see docs/adr/0007-rule-content.md): each topic declares a pydantic row model
(the
columns officers edit), an input model (what the table is asked) and a pure `evaluate(rows, input)` giving a
JSON-able outcome. Version test cases, dry runs (`POST /v1/rules/evaluate`) and simulations all go through
`evaluate`; other domains read the rows in force (`compliance.evaluation.rows_in_force`) and apply them.

Topic modules register themselves with `register()`; this package imports them at the bottom. Their default
data lives in YAML files beside them, read by `load_default_data` (which validates every row and every test
case's input with the topic's models).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

TOPIC_NAMES = (
    "market_access",
    "restricted_goods",
    "import_thresholds",
    "duties",
    "taxes",
    "payout_holds",
    "documents",
)


@dataclass(frozen=True)
class TopicSpec:
    topic: str
    row: type[BaseModel]
    """One row of the topic's table, validated when an officer saves a version."""
    input: type[BaseModel]
    """What the table is asked, in test cases, dry runs and simulations."""
    evaluate: Callable[[Sequence[Any], Any], dict[str, Any]]
    """`evaluate(rows, input)` -> a JSON-able outcome; pure, no database."""
    description: str = ""


TOPICS: dict[str, TopicSpec] = {}


def register(spec: TopicSpec) -> TopicSpec:
    if spec.topic not in TOPIC_NAMES:
        raise ValueError(f"unknown topic {spec.topic}")
    TOPICS[spec.topic] = spec
    return spec


@dataclass(frozen=True)
class DefaultVersion:
    """One dated version of the default rule data (loaded by `seed-demo` as approved history)."""

    effective_from: datetime
    rows: list[dict[str, Any]]
    reason: str
    source_url: str
    effective_to: datetime | None = None
    tests: list[dict[str, Any]] = field(default_factory=list)
    """Test cases: {"name": ..., "input": {...}, "expect": {...}}; `expect` is a subset of the outcome."""


@dataclass(frozen=True)
class DefaultRuleSet:
    key: str
    topic: str
    name: str
    countries: list[str] | None = None
    """None: global scope."""
    region: dict[str, Any] | None = None
    """A GeoJSON Polygon/MultiPolygon scope, for rules that cover a region rather than whole countries."""
    description: str = ""
    versions: list[DefaultVersion] = field(default_factory=list)


DEFAULTS: list[DefaultRuleSet] = []


def add_defaults(*rule_sets: DefaultRuleSet) -> None:
    DEFAULTS.extend(rule_sets)


class _TestCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    input: dict[str, Any]
    expect: dict[str, Any]


class _VersionData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    effective_from: date
    effective_to: date | None = None
    reason: str = Field(min_length=1)
    source_url: str = Field(min_length=1)
    rows: list[dict[str, Any]]
    tests: list[_TestCase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError("effective_to must be after effective_from")
        return self


class _RuleSetData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=100)
    topic: str
    name: str = Field(min_length=1)
    countries: list[str] | None = None
    region: dict[str, Any] | None = None
    description: str = ""
    versions: list[_VersionData] = Field(min_length=1)


class _DefaultsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(min_length=1)
    name: str = Field(min_length=1)
    rule_sets: list[_RuleSetData]


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _checked_version(topic: TopicSpec, where: str, v: _VersionData) -> DefaultVersion:
    for i, row in enumerate(v.rows):
        try:
            topic.row.model_validate(row)
        except ValidationError as exc:
            raise ValueError(f"{where} row {i}: {exc}") from exc
    for case in v.tests:
        try:
            topic.input.model_validate(case.input)
        except ValidationError as exc:
            raise ValueError(f"{where} test {case.name!r}: {exc}") from exc
    return DefaultVersion(
        _instant(v.effective_from),
        v.rows,
        v.reason,
        v.source_url,
        effective_to=None if v.effective_to is None else _instant(v.effective_to),
        tests=[case.model_dump() for case in v.tests],
    )


def load_default_data(path: Path) -> list[DefaultRuleSet]:
    """The rule sets of one default-data file, every row and test input validated by its topic's models.

    Raises ValueError naming the file, rule set, version and row of the first problem."""
    with path.open(encoding="utf-8") as f:
        raw = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        data = _DefaultsFile.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    out = []
    for rs in data.rule_sets:
        if rs.topic not in TOPICS:
            raise ValueError(f"{path.name}: rule set {rs.key}: unknown topic {rs.topic}")
        versions = [
            _checked_version(TOPICS[rs.topic], f"{path.name}: rule set {rs.key} version {n}", v)
            for n, v in enumerate(rs.versions, start=1)
        ]
        out.append(
            DefaultRuleSet(
                key=rs.key,
                topic=rs.topic,
                name=rs.name,
                countries=rs.countries,
                region=rs.region,
                description=rs.description,
                versions=versions,
            )
        )
    return out


def _import_topic_modules() -> None:
    """Each module of this package registers its topics and default data when imported."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")


_import_topic_modules()

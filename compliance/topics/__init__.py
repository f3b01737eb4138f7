"""Rule topics: what a row of each topic's table holds, and how a table answers one input.

Rule content is typed tables (see docs/adr/0007-rule-content.md): each topic declares a pydantic row model
(the
columns officers edit), an input model (what the table is asked) and a pure `evaluate(rows, input)` giving a
JSON-able outcome. Version test cases, dry runs (`POST /v1/rules/evaluate`) and simulations all go through
`evaluate`; other domains read the rows in force (`compliance.evaluation.rows_in_force`) and apply them.

Topic modules register themselves with `register()`; this package imports them at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel

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


def _import_topic_modules() -> None:
    """Each module of this package registers its topics and default data when imported."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")


_import_topic_modules()

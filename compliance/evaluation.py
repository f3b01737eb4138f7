"""Evaluation of the rules in force, as of a date, from an in-memory cache of approved versions.

The cache holds every approved version of every rule set (parsed rows, windows, scopes) so a question such as
"which duty rows apply to DE on 2026-07-01?" costs no query. It is a `core.snapshots.Snapshot`, rebuilt when
what is in force changes: at once in the process that approved a version or suspended a market (after its
commit), and in other processes when their refresher sees the generation counter move.

These are the service functions other domains call: `rows_in_force` (customs reads thresholds, duties and
taxes), `market_access`, `restricted_goods`, `payout_holds`, and `record_decision` to log what was decided.
"""

from __future__ import annotations

import bisect
import contextvars
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dtime
from typing import Any

from pydantic import BaseModel
from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep
from sqlmodel import Session, select

from compliance.models import (
    MarketSuspension,
    RuleDecision,
    RuleSet,
    RuleVersion,
    VersionStatus,
)
from compliance.topics import TOPICS
from compliance.topics.market import (
    MarketAccessInput,
    PayoutHoldInput,
    RestrictedGoodsInput,
    access_row_matches,
    evaluate_market_access,
    evaluate_payout_holds,
    evaluate_restricted_goods,
    goods_row_matches,
)
from core.bulk import Batch, insert_rows
from core.clock import as_utc, utc_now
from core.ids import new_id
from core.snapshots import Snapshot, bump


@dataclass(frozen=True, slots=True)
class RuleRef:
    key: str
    version: int

    def __str__(self) -> str:
        return f"{self.key}@{self.version}"


@dataclass(frozen=True, slots=True)
class InForceRow:
    rule: RuleRef
    row: Any
    """An instance of the topic's row model."""


@dataclass(frozen=True, slots=True)
class InForce:
    rows: tuple[InForceRow, ...]

    @property
    def rules(self) -> tuple[RuleRef, ...]:
        return tuple(dict.fromkeys(r.rule for r in self.rows))

    def of(self) -> list[Any]:
        return [r.row for r in self.rows]


@dataclass(frozen=True, slots=True)
class _Version:
    number: int
    start: datetime
    end: datetime | None
    rows: tuple[Any, ...]


@dataclass(slots=True)
class _CachedRuleSet:
    key: str
    topic: str
    countries: frozenset[str] | None
    region: PreparedGeometry | None
    versions: list[_Version] = field(default_factory=list)
    starts: list[datetime] = field(default_factory=list)

    def covers(self, country: str, point: tuple[float, float] | None) -> bool:
        if self.region is not None:
            return point is not None and bool(self.region.contains(Point(point[1], point[0])))
        return self.countries is None or country in self.countries

    def version_on(self, on: datetime) -> _Version | None:
        i = bisect.bisect_right(self.starts, on) - 1
        if i < 0:
            return None
        v = self.versions[i]
        return v if v.end is None or on < v.end else None


@dataclass(frozen=True, slots=True)
class _Suspension:
    id: str
    country: str
    channel: str
    start: datetime
    end: datetime | None
    reason: str
    approved: bool
    suspended_by: str


@dataclass(frozen=True, slots=True)
class _Snapshot:
    generation: int
    by_topic: dict[str, list[_CachedRuleSet]]
    suspensions: list[_Suspension]


def _load(session: Session, generation: int, _previous: _Snapshot | None) -> _Snapshot:
    by_id: dict[str, _CachedRuleSet] = {}
    for rs in session.exec(select(RuleSet)):
        region = prep(shape(rs.region)) if rs.region else None
        by_id[rs.id] = _CachedRuleSet(
            rs.key, rs.topic, frozenset(rs.countries) if rs.countries else None, region
        )
    versions = session.exec(
        select(RuleVersion)
        .where(RuleVersion.status == VersionStatus.approved.value)
        .order_by(RuleVersion.rule_set_id, RuleVersion.effective_from)  # type: ignore[arg-type]
    )
    for v in versions:
        cached = by_id[v.rule_set_id]
        row_model = TOPICS[cached.topic].row
        start = as_utc(v.effective_from)
        cached.versions.append(
            _Version(
                v.number,
                start,
                as_utc(v.effective_to) if v.effective_to else None,
                tuple(row_model.model_validate(r) for r in v.rows),
            )
        )
        cached.starts.append(start)
    by_topic: dict[str, list[_CachedRuleSet]] = {}
    for cached in by_id.values():
        by_topic.setdefault(cached.topic, []).append(cached)
    suspensions = [
        _Suspension(
            s.id,
            s.country,
            s.channel,
            as_utc(s.suspended_at),
            as_utc(s.resumed_at) if s.resumed_at else None,
            s.reason,
            s.approved_by is not None,
            s.suspended_by,
        )
        for s in session.exec(select(MarketSuspension))
    ]
    return _Snapshot(generation, by_topic, suspensions)


GENERATION = "rules"
_rules: Snapshot[_Snapshot] = Snapshot(GENERATION, load=_load)


def snapshot() -> _Snapshot:
    """The rules in force, per process (see `core.snapshots`: refreshed in the background, swapped whole)."""
    return _rules.current()


def invalidate() -> None:
    _rules.invalidate()


def bump_generation(session: Session) -> None:
    """Say that what is in force changed: other processes reload, this one drops its cache on commit."""
    bump(session, GENERATION, then=invalidate)


def as_instant(on: date | datetime | str | None) -> datetime:
    if on is None:
        return utc_now()
    if isinstance(on, str):
        on = datetime.fromisoformat(on) if "T" in on else date.fromisoformat(on)
    if isinstance(on, datetime):
        return as_utc(on)
    return datetime.combine(on, dtime(0), tzinfo=UTC)


def rows_in_force(
    topic: str, *, country: str, on: date | datetime | None = None, point: tuple[float, float] | None = None
) -> InForce:
    """The rows of every approved version in force on `on`, of every rule set of `topic` covering `country`.

    `point` is (latitude, longitude): rule sets scoped to a region apply only when a point inside it is given.
    """
    instant = as_instant(on)
    override = _override.get()
    rows: list[InForceRow] = []
    for cached in snapshot().by_topic.get(topic, ()):
        if not cached.covers(country, point):
            continue
        if override is not None and override.key == cached.key:
            rows.extend(InForceRow(RuleRef(cached.key, override.version), r) for r in override.rows)
            continue
        version = cached.version_on(instant)
        if version is not None:
            ref = RuleRef(cached.key, version.number)
            rows.extend(InForceRow(ref, r) for r in version.rows)
    return InForce(tuple(rows))


# --- simulation: the same questions with a candidate version in force ---------------------------


@dataclass(frozen=True, slots=True)
class _Override:
    key: str
    version: int
    rows: tuple[Any, ...]


_override: contextvars.ContextVar[_Override | None] = contextvars.ContextVar("rule_override", default=None)


@contextmanager
def candidate_in_force(key: str, version: int, rows: Sequence[Any]) -> Iterator[None]:
    """Within the block, the rule set `key` answers with `rows` (a candidate version) on every date."""
    token = _override.set(_Override(key, version, tuple(rows)))
    try:
        yield
    finally:
        _override.reset(token)


Replayer = Callable[[dict[str, Any], str], dict[str, Any]]
"""`replay(input, topic)`: the outcome of a logged decision (its stored input, its topic) asked again."""
REPLAYERS: dict[str, Replayer] = {}


def register_replayer(context: str, replay: Replayer) -> None:
    """Domains that log decisions say how to recompute one from its stored input (for simulations)."""
    REPLAYERS[context] = replay


def _replay_topic_question(data: dict[str, Any], _topic: str) -> dict[str, Any]:
    outcome, _ = evaluate_topic(data["topic"], data["input"], country=data["country"], on=data.get("on"))
    return outcome


register_replayer("evaluate", _replay_topic_question)


# --- questions the other domains ask -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClosedBy:
    """What closes a market: a rule version's row (`rule`), or an emergency suspension (`suspension_id`)."""

    reason: str
    rule: RuleRef | None = None
    suspension_id: str | None = None


@dataclass(frozen=True, slots=True)
class MarketAccess:
    country: str
    open: bool
    reasons: tuple[str, ...]
    suspended_since: datetime | None
    suspension_approved: bool | None
    rules: tuple[RuleRef, ...]
    closed_by: tuple[ClosedBy, ...] = ()


def _closed_by(in_force: InForce, country: str, channel: str) -> list[ClosedBy]:
    """The rows that close the market on this channel, each with its version; or, when no row opens it, the
    rule sets that do not list it."""
    closing = [
        r for r in in_force.rows if access_row_matches(r.row, country, channel) and r.row.access == "closed"
    ]
    if closing:
        return [ClosedBy(r.row.reason, r.rule) for r in closing]
    return [ClosedBy("not a served market", rule) for rule in in_force.rules] or [
        ClosedBy("not a served market")
    ]


def market_access(
    country: str,
    *,
    on: date | datetime | None = None,
    channel: str = "marketplace",
    point: tuple[float, float] | None = None,
    suspensions: bool = True,
) -> MarketAccess:
    """Is `country` open on `channel`? Closed by its rules, or by an emergency suspension in force."""
    instant = as_instant(on)
    in_force = rows_in_force("market_access", country=country, on=instant, point=point)
    outcome = evaluate_market_access(in_force.of(), MarketAccessInput(country=country, channel=channel))  # type: ignore[arg-type]
    reasons = list(outcome["reasons"])
    suspension = next(
        (
            s
            for s in (snapshot().suspensions if suspensions else ())
            if s.country == country
            and s.channel in ("all", channel)
            and s.start <= instant
            and (s.end is None or instant < s.end)
        ),
        None,
    )
    closed_by = [] if outcome["open"] else _closed_by(in_force, country, channel)
    if suspension is not None:
        reasons.insert(0, f"market suspended: {suspension.reason}")
        closed_by.insert(0, ClosedBy(f"market suspended: {suspension.reason}", suspension_id=suspension.id))
    return MarketAccess(
        country,
        bool(outcome["open"]) and suspension is None,
        tuple(reasons),
        suspension.start if suspension else None,
        suspension.approved if suspension else None,
        in_force.rules,
        tuple(closed_by),
    )


@dataclass(frozen=True, slots=True)
class Restriction:
    hs_code: str
    action: str
    reasons: tuple[str, ...]
    documents: tuple[str, ...]
    hits: tuple[InForceRow, ...] = ()
    """The rows that matched, each with its version: which rule blocks, which requires which document."""


def restricted_goods(
    country: str,
    *,
    hs_codes: Sequence[str],
    on: date | datetime | None = None,
    categories: Sequence[str | None] | None = None,
    point: tuple[float, float] | None = None,
) -> tuple[list[Restriction], tuple[RuleRef, ...]]:
    """For each HS code (with its category), what the destination says: block, document_required or allow."""
    in_force = rows_in_force("restricted_goods", country=country, on=on, point=point)
    rows = in_force.of()
    out = []
    for i, hs in enumerate(hs_codes):
        category = categories[i] if categories else None
        data = RestrictedGoodsInput(hs_code=hs, category=category)
        o = evaluate_restricted_goods(rows, data)
        hits = tuple(r for r in in_force.rows if goods_row_matches(r.row, data.hs_code, category))
        out.append(Restriction(hs, o["action"], tuple(o["reasons"]), tuple(o["documents"]), hits))
    return out, in_force.rules


@dataclass(frozen=True, slots=True)
class PayoutHold:
    held: bool
    extra_days: int
    reasons: tuple[str, ...]
    rules: tuple[RuleRef, ...]


def payout_holds(
    *, merchant_country: str, trader_verification: str = "verified", on: date | datetime | None = None
) -> PayoutHold:
    in_force = rows_in_force("payout_holds", country=merchant_country, on=on)
    o = evaluate_payout_holds(
        in_force.of(),
        PayoutHoldInput(merchant_country=merchant_country, trader_verification=trader_verification),
    )  # type: ignore[arg-type]
    return PayoutHold(bool(o["held"]), int(o["extra_days"]), tuple(o["reasons"]), in_force.rules)


def evaluate_topic(
    topic: str,
    data: dict[str, Any],
    *,
    country: str,
    on: date | datetime | None = None,
    point: tuple[float, float] | None = None,
) -> tuple[dict[str, Any], tuple[RuleRef, ...]]:
    """Ask a topic's tables one question with the rules in force (dry runs and simulations)."""
    spec = TOPICS[topic]
    in_force = rows_in_force(topic, country=country, on=on, point=point)
    return spec.evaluate(in_force.of(), spec.input.model_validate(data)), in_force.rules


# --- the decision log -----------------------------------------------------------------------------


def input_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def decision_row(
    *,
    context: str,
    subject_id: str | None,
    topic: str,
    country: str | None,
    input: dict[str, Any],
    outcome: dict[str, Any],
    rules: Sequence[RuleRef | str],
    at: datetime | None = None,
) -> dict[str, Any]:
    """One decision as a `rule_decisions` row (JSON made plain, input hashed), for `record_decisions`."""
    clean_input = json.loads(json.dumps(input, default=str))
    return {
        "id": new_id("dec"),
        "at": at or utc_now(),
        "context": context,
        "subject_id": subject_id,
        "topic": topic,
        "country": country,
        "input": clean_input,
        "input_hash": input_hash(clean_input),
        "outcome": json.loads(json.dumps(outcome, default=str)),
        "rules": [str(r) for r in rules],
    }


def record_decision(
    session: Session,
    *,
    context: str,
    subject_id: str | None,
    topic: str,
    country: str | None,
    input: dict[str, Any],
    outcome: dict[str, Any],
    rules: Sequence[RuleRef],
) -> RuleDecision:
    """Log one decision with the versions it used; simulations replay these inputs."""
    row = decision_row(
        context=context,
        subject_id=subject_id,
        topic=topic,
        country=country,
        input=input,
        outcome=outcome,
        rules=rules,
    )
    decision = RuleDecision(**row)
    session.add(decision)
    return decision


_DECISION_COLUMNS = frozenset(RuleDecision.__table__.columns.keys())  # type: ignore[attr-defined]
_JSON_COLUMNS = ("input", "outcome", "rules")


class JSONText(str):
    """A decision row's JSON value, serialised already (`decision_texts`): written as it is."""

    __slots__ = ()


def decision_texts(row: dict[str, Any]) -> dict[str, Any]:
    """`row` with its JSON columns serialised as the columns would (`json.dumps`): a decision logged again and
    again (a landed cost answered from memory) is serialised once."""
    return {**row, **{k: _json_text(row[k]) for k in _JSON_COLUMNS}}


def _json_text(value: Any) -> JSONText:
    return value if isinstance(value, JSONText) else JSONText(json.dumps(value))


def decision_batch(rows: Sequence[dict[str, Any]]) -> Batch:
    """Several decisions (rows from `decision_row`, maybe through `decision_texts`) to be written with the
    unit's other new rows (`core.bulk.insert_rows`): for a unit that computes first and writes at its end (a
    shipping quote)."""
    for row in rows:
        if row.keys() != _DECISION_COLUMNS:
            raise ValueError(f"a decision row has the columns {sorted(_DECISION_COLUMNS)}")
    return RuleDecision.__table__, [decision_texts(row) for row in rows]  # type: ignore[attr-defined]


def record_decisions(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Log several decisions at once (see `decision_batch`)."""
    insert_rows(session, [decision_batch(rows)])


def model_dump_rows(rows: Sequence[BaseModel]) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in rows]

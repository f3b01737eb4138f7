"""Governance of rule sets: drafts, tests, four-eyes approval, windows, rollback, suspensions, audit.

Windows: an approved version is in force on [effective_from, effective_to). A rule set's timeline only grows
forward: a new version must start after every approved version's start; approving it closes the window of the
version before it at the new start (that version is then superseded). Active versions are otherwise immutable;
a rollback is a new version carrying an earlier version's rows, approved like any other.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, or_, select

from compliance import errors
from compliance.evaluation import (
    REPLAYERS,
    bump_generation,
    candidate_in_force,
    evaluate_topic,
    market_access,
    record_decision,
)
from compliance.gate import TOPICS_ASKED as GATE_TOPICS
from compliance.models import AuditEntry, MarketSuspension, RuleDecision, RuleSet, RuleVersion, VersionStatus
from compliance.schemas import (
    EvaluateRequest,
    MarketRead,
    PendingLift,
    RuleSetCreate,
    RuleSetRead,
    Scope,
    SimulationRead,
    SuspendRequest,
    VersionCreate,
    VersionRead,
    VersionUpdate,
    VersionWindow,
)
from compliance.topics import TOPICS
from core.clock import as_utc, utc_now
from core.db import lock_name
from core.errors import FieldError, InvalidInput
from core.events import declare, record_event
from core.ids import new_id
from core.models import Role
from core.pagination import PageParams, paginate

SYSTEM = "system"
RULE_ACTIVATED = declare(
    "rule.activated",
    "A rule version was approved: it is in force from its `effective_from`",
    readers=(Role.compliance_officer,),
)
MARKET_READERS = (Role.compliance_officer, Role.shop)
MARKET_SUSPENDED = declare("market.suspended", "Sales to a market were suspended", readers=MARKET_READERS)
MARKET_RESUMED = declare("market.resumed", "A market's suspension was lifted", readers=MARKET_READERS)


# --- audit ----------------------------------------------------------------------------------------


def audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    session.add(
        AuditEntry(
            at=utc_now(),
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=_jsonable(before),
            after=_jsonable(after),
            reason=reason,
        )
    )


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if data is None else json.loads(json.dumps(data, default=str))


def list_audit(
    session: Session,
    *,
    page: PageParams,
    actor: str | None = None,
    action: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    rule_set: str | None = None,
) -> tuple[Sequence[AuditEntry], bool]:
    """`rule_set`: the entries of one rule set, its own (`key`) and its versions' (`key@n`)."""
    stmt = select(AuditEntry)
    if rule_set:
        stmt = stmt.where(
            or_(
                AuditEntry.entity_id == rule_set,
                col(AuditEntry.entity_id).startswith(f"{rule_set}@", autoescape=True),
            )
        )
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if since:
        stmt = stmt.where(col(AuditEntry.at) >= since)
    if until:
        stmt = stmt.where(col(AuditEntry.at) < until)
    cursor = PageParams(limit=page.limit, starting_after=None)
    if page.starting_after:
        if not page.starting_after.isdigit():
            raise InvalidInput.for_field("starting_after", "an audit cursor is the id of an entry")
        stmt = stmt.where(col(AuditEntry.id) < int(page.starting_after))
    rows = list(session.exec(stmt.order_by(col(AuditEntry.id).desc()).limit(cursor.limit + 1)))
    return rows[: cursor.limit], len(rows) > cursor.limit


# --- reading --------------------------------------------------------------------------------------


def version_state(v: RuleVersion, now: datetime | None = None) -> str:
    if v.status != VersionStatus.approved.value:
        return v.status
    now = now or utc_now()
    if now < as_utc(v.effective_from):
        return "scheduled"
    if v.effective_to is not None and now >= as_utc(v.effective_to):
        return "superseded"
    return "active"


def version_read(v: RuleVersion) -> VersionRead:
    return VersionRead(
        number=v.number,
        status=version_state(v),
        rows=v.rows,
        tests=v.tests,
        effective_from=as_utc(v.effective_from),
        effective_to=as_utc(v.effective_to) if v.effective_to else None,
        reason=v.reason,
        source_url=v.source_url,
        author=v.author,
        approver=v.approver,
        decision_note=v.decision_note,
        rolled_back_from=v.rolled_back_from,
        created_at=v.created_at,
        submitted_at=v.submitted_at,
        decided_at=v.decided_at,
    )


def _snapshot_version(v: RuleVersion) -> dict[str, Any]:
    return version_read(v).model_dump(mode="json")


def scope_of(rs: RuleSet) -> Scope:
    return Scope.model_construct(type=rs.scope_type, countries=rs.countries, region=rs.region)  # type: ignore[arg-type]


def get_rule_set(session: Session, *, key: str, lock: bool = False) -> RuleSet:
    """The rule set `key`; with `lock`, its row is locked until the commit: every change of its versions
    (numbering, submission, approval, rejection) takes it first, so they are decided one at a time."""
    stmt = select(RuleSet).where(RuleSet.key == key)
    if lock:
        stmt = stmt.with_for_update()
    rs = session.exec(stmt.execution_options(populate_existing=True)).first()
    if rs is None:
        raise errors.RuleSetNotFound(f"no rule set {key!r}")
    return rs


def versions_of(session: Session, rs: RuleSet) -> list[RuleVersion]:
    return list(
        session.exec(
            select(RuleVersion)
            .where(RuleVersion.rule_set_id == rs.id)
            .order_by(col(RuleVersion.number))
            .execution_options(populate_existing=True)
        )
    )


def get_version(
    session: Session, *, key: str, number: int, lock: bool = False
) -> tuple[RuleSet, RuleVersion]:
    """The version `number` of `key`; with `lock`, read after locking the rule set (`get_rule_set`)."""
    rs = get_rule_set(session, key=key, lock=lock)
    v = session.exec(
        select(RuleVersion)
        .where(RuleVersion.rule_set_id == rs.id, RuleVersion.number == number)
        .execution_options(populate_existing=True)
    ).first()
    if v is None:
        raise errors.RuleVersionNotFound(f"rule set {key!r} has no version {number}")
    return rs, v


def list_rule_sets(
    session: Session,
    *,
    page: PageParams,
    topic: str | None = None,
    country: str | None = None,
    text: str | None = None,
    by_key: bool = False,
) -> tuple[Sequence[RuleSet], bool]:
    """Newest first; `by_key`: in key order, `page.starting_after` then being the last key of the page
    before. `text`: the key or the name contains it, ignoring case."""
    stmt = select(RuleSet)
    if topic:
        stmt = stmt.where(RuleSet.topic == topic)
    if text and text.strip():
        needle = text.strip()
        stmt = stmt.where(
            or_(
                col(RuleSet.key).icontains(needle, autoescape=True),
                col(RuleSet.name).icontains(needle, autoescape=True),
            )
        )
    rows: Sequence[RuleSet]
    if by_key:
        if page.starting_after:
            stmt = stmt.where(col(RuleSet.key) > page.starting_after)
        found = list(session.exec(stmt.order_by(col(RuleSet.key)).limit(page.limit + 1)))
        rows, more = found[: page.limit], len(found) > page.limit
    else:
        rows, more = paginate(session, stmt, RuleSet.id, page)
    if country:
        rows = [r for r in rows if r.countries is None or country in r.countries]
    return rows, more


def active_and_scheduled(versions: Sequence[RuleVersion]) -> tuple[int | None, list[int]]:
    states = [(v.number, version_state(v)) for v in versions]
    active = next((n for n, s in states if s == "active"), None)
    return active, [n for n, s in states if s == "scheduled"]


def rule_set_read(rs: RuleSet, versions: Sequence[RuleVersion]) -> RuleSetRead:
    active, scheduled = active_and_scheduled(versions)
    return RuleSetRead(
        id=rs.id,
        key=rs.key,
        topic=rs.topic,
        name=rs.name,
        description=rs.description,
        scope=scope_of(rs),
        created_by=rs.created_by,
        created_at=rs.created_at,
        active_version=active,
        scheduled_versions=scheduled,
    )


# --- writing --------------------------------------------------------------------------------------


def create_rule_set(
    session: Session, *, data: RuleSetCreate, actor: str, rule_set_id: str | None = None
) -> RuleSet:
    if session.exec(select(RuleSet).where(RuleSet.key == data.key)).first() is not None:
        raise errors.RuleSetKeyTaken(f"a rule set {data.key!r} already exists")
    rs = RuleSet(
        id=rule_set_id or new_id("rs"),
        key=data.key,
        topic=data.topic,
        name=data.name,
        description=data.description,
        scope_type=data.scope.type,
        countries=data.scope.countries,
        region=data.scope.region,
        created_by=actor,
    )
    session.add(rs)
    session.flush()
    audit(
        session,
        actor=actor,
        action="rule_set.create",
        entity_type="rule_set",
        entity_id=data.key,
        after=data.model_dump(mode="json"),
    )
    return rs


def validate_rows(topic: str, rows: Sequence[dict[str, Any]]) -> list[Any]:
    """Each row against the topic's row model; every bad cell named as `rows.<i>.<column>`."""
    model = TOPICS[topic].row
    parsed, problems = [], []
    for i, row in enumerate(rows):
        try:
            parsed.append(model.model_validate(row))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                problems.append(
                    FieldError(
                        f"rows.{i}" + (f".{where}" if where else ""),
                        str(err["msg"]).removeprefix("Value error, "),
                    )
                )
    if problems:
        raise errors.RuleContentInvalid(f"{len(problems)} problem(s) in the rows", errors=problems)
    return parsed


def _matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and _matches(v, actual[k]) for k, v in expected.items())
    return bool(json.loads(json.dumps(expected, default=str)) == json.loads(json.dumps(actual, default=str)))


def run_tests(topic: str, rows: Sequence[Any], tests: Sequence[dict[str, Any]]) -> list[FieldError]:
    """Each test case's `expect` must be a subset of the outcome of the version's own rows."""
    spec = TOPICS[topic]
    failures = []
    for i, case in enumerate(tests):
        label = case.get("name") or f"test {i}"
        try:
            data = spec.input.model_validate(case.get("input", {}))
        except ValidationError as exc:
            failures.append(FieldError(f"tests.{i}.input", f"{label}: {exc.errors()[0]['msg']}"))
            continue
        outcome = spec.evaluate(rows, data)
        if not _matches(case.get("expect", {}), outcome):
            failures.append(
                FieldError(
                    f"tests.{i}",
                    f"{label}: expected {case.get('expect')}, got "
                    f"{json.loads(json.dumps(outcome, default=str))}",
                )
            )
    return failures


def _next_number(session: Session, rs: RuleSet) -> int:
    numbers = [v.number for v in versions_of(session, rs)]
    return max(numbers, default=0) + 1


def create_version(
    session: Session, *, key: str, data: VersionCreate, actor: str, rolled_back_from: int | None = None
) -> RuleVersion:
    rs = get_rule_set(session, key=key, lock=True)
    validate_rows(rs.topic, data.rows)
    v = RuleVersion(
        id=new_id("rv"),
        rule_set_id=rs.id,
        number=_next_number(session, rs),
        status=VersionStatus.draft.value,
        rows=data.rows,
        tests=[t.model_dump() for t in data.tests],
        effective_from=data.effective_from,
        effective_to=data.effective_to,
        reason=data.reason,
        source_url=data.source_url,
        author=actor,
        rolled_back_from=rolled_back_from,
    )
    session.add(v)
    session.flush()
    audit(
        session,
        actor=actor,
        action="version.create",
        entity_type="rule_version",
        entity_id=f"{key}@{v.number}",
        after=_snapshot_version(v),
        reason=data.reason,
    )
    return v


def update_version(
    session: Session, *, key: str, number: int, data: VersionUpdate, actor: str
) -> RuleVersion:
    rs, v = get_version(session, key=key, number=number, lock=True)
    if v.status != VersionStatus.draft.value:
        raise errors.VersionNotEditable(f"{key}@{number} is {version_state(v)}; only drafts can be edited")
    before = _snapshot_version(v)
    changes = data.model_dump(exclude_unset=True)
    if "rows" in changes and changes["rows"] is not None:
        validate_rows(rs.topic, changes["rows"])
    try:
        window = VersionWindow.model_validate(
            {
                "effective_from": changes.get("effective_from") or v.effective_from,
                "effective_to": changes.get("effective_to", v.effective_to),
            }
        )
    except ValidationError as exc:  # the merged window is checked here, not by the request's schema
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        field = "effective_from" if message.startswith("effective_from") else "effective_to"
        raise InvalidInput.for_field(field, message) from None
    for name, value in changes.items():
        if value is not None or name == "effective_to":
            setattr(v, name, value)
    v.effective_from, v.effective_to = window.effective_from, window.effective_to
    v.updated_at = utc_now()
    session.add(v)
    session.flush()
    audit(
        session,
        actor=actor,
        action="version.update",
        entity_type="rule_version",
        entity_id=f"{key}@{number}",
        before=before,
        after=_snapshot_version(v),
    )
    return v


def _check_window(session: Session, rs: RuleSet, v: RuleVersion) -> RuleVersion | None:
    """Refuse a window that overlaps the approved timeline; return the version it will close, if any."""
    start = as_utc(v.effective_from)
    approved = [
        x for x in versions_of(session, rs) if x.status == VersionStatus.approved.value and x.id != v.id
    ]
    later = [x for x in approved if as_utc(x.effective_from) >= start]
    if later:
        clash = later[0]
        raise errors.VersionWindowOverlaps(
            f"{rs.key}@{clash.number} is approved from {as_utc(clash.effective_from).isoformat()}; "
            "a new version "
            f"must start after it",
            errors=[FieldError("effective_from", "overlaps an approved version")],
        )
    earlier = [x for x in approved if as_utc(x.effective_from) < start]
    previous = max(earlier, key=lambda x: as_utc(x.effective_from), default=None)
    if previous is not None and (previous.effective_to is None or as_utc(previous.effective_to) > start):
        return previous
    return None


def submit_version(session: Session, *, key: str, number: int, actor: str) -> RuleVersion:
    rs, v = get_version(session, key=key, number=number, lock=True)
    if v.status != VersionStatus.draft.value:
        raise errors.VersionNotEditable(f"{key}@{number} is {version_state(v)}; only drafts can be submitted")
    rows = validate_rows(rs.topic, v.rows)
    failures = run_tests(rs.topic, rows, v.tests)
    if failures:
        raise errors.RuleTestsFailed(
            f"{len(failures)} of {len(v.tests)} test case(s) fail; the draft is kept", errors=failures
        )
    _check_window(session, rs, v)
    before = _snapshot_version(v)
    v.status, v.submitted_at = VersionStatus.pending_approval.value, utc_now()
    session.add(v)
    session.flush()
    audit(
        session,
        actor=actor,
        action="version.submit",
        entity_type="rule_version",
        entity_id=f"{key}@{number}",
        before=before,
        after=_snapshot_version(v),
    )
    return v


def approve_version(session: Session, *, key: str, number: int, actor: str, note: str = "") -> RuleVersion:
    rs, v = get_version(session, key=key, number=number, lock=True)
    if v.status != VersionStatus.pending_approval.value:
        raise errors.VersionNotPending(f"{key}@{number} is {version_state(v)}, not pending approval")
    if actor == v.author and actor != SYSTEM:
        raise errors.FourEyesRequired(f"{key}@{number} was written by you; another officer must approve it")
    previous = _check_window(session, rs, v)
    before = _snapshot_version(v)
    now = utc_now()
    if previous is not None:
        prev_before = _snapshot_version(previous)
        previous.effective_to = v.effective_from
        session.add(previous)
        audit(
            session,
            actor=actor,
            action="version.supersede",
            entity_type="rule_version",
            entity_id=f"{key}@{previous.number}",
            before=prev_before,
            after=_snapshot_version(previous),
            reason=f"superseded by {key}@{number}",
        )
    v.status, v.approver, v.decided_at, v.decision_note = VersionStatus.approved.value, actor, now, note
    session.add(v)
    session.flush()
    audit(
        session,
        actor=actor,
        action="version.approve",
        entity_type="rule_version",
        entity_id=f"{key}@{number}",
        before=before,
        after=_snapshot_version(v),
        reason=note,
    )
    data = {"object": version_read(v).model_dump(mode="json"), "rule_set": key, "topic": rs.topic}
    record_event(session, RULE_ACTIVATED, subject_id=f"{key}@{number}", data=data)
    bump_generation(session)
    return v


def reject_version(session: Session, *, key: str, number: int, actor: str, reason: str) -> RuleVersion:
    _, v = get_version(session, key=key, number=number, lock=True)
    if v.status != VersionStatus.pending_approval.value:
        raise errors.VersionNotPending(f"{key}@{number} is {version_state(v)}, not pending approval")
    if actor == v.author:
        raise errors.FourEyesRequired(
            "the author withdraws a version by editing the draft, not by rejecting it"
        )
    before = _snapshot_version(v)
    v.status, v.approver, v.decided_at, v.decision_note = (
        VersionStatus.rejected.value,
        actor,
        utc_now(),
        reason,
    )
    session.add(v)
    session.flush()
    audit(
        session,
        actor=actor,
        action="version.reject",
        entity_type="rule_version",
        entity_id=f"{key}@{number}",
        before=before,
        after=_snapshot_version(v),
        reason=reason,
    )
    return v


def rollback(
    session: Session,
    *,
    key: str,
    to_version: int,
    actor: str,
    reason: str,
    effective_from: datetime | None = None,
) -> RuleVersion:
    """A new version with `to_version`'s rows from `effective_from` (default now), submitted for approval."""
    _, old = get_version(session, key=key, number=to_version)
    if old.status != VersionStatus.approved.value:
        raise InvalidInput.for_field("to_version", f"{key}@{to_version} was never approved")
    start = effective_from or utc_now()
    data = VersionCreate(
        rows=old.rows,
        tests=old.tests,
        effective_from=start,  # type: ignore[arg-type]
        reason=reason,
        source_url=old.source_url,
    )
    v = create_version(session, key=key, data=data, actor=actor, rolled_back_from=to_version)
    return submit_version(session, key=key, number=v.number, actor=actor)


# --- markets --------------------------------------------------------------------------------------


def _open_suspension(session: Session, country: str, *, lock: bool = False) -> MarketSuspension | None:
    """The suspension of `country` in force, if any, read under the market's lock (`core.db.lock_name`, held
    until the unit ends), so that suspending, approving and lifting one market happen one at a time, the
    first suspension included; `lock`: its row locked too."""
    lock_name(session, f"market:{country}")
    stmt = (
        select(MarketSuspension)
        .where(MarketSuspension.country == country, col(MarketSuspension.resumed_at).is_(None))
        .execution_options(populate_existing=True)
    )
    return session.exec(stmt.with_for_update() if lock else stmt).first()


def _suspension_of(session: Session, country: str) -> MarketSuspension:
    s = _open_suspension(session, country, lock=True)
    if s is None:
        raise errors.MarketNotSuspended(f"{country} is not suspended")
    return s


def suspend_market(session: Session, *, country: str, data: SuspendRequest, actor: str) -> MarketSuspension:
    """In force at once; a second officer's approval is recorded later (`approve_suspension`)."""
    if _open_suspension(session, country) is not None:
        raise errors.MarketAlreadySuspended(f"{country} is already suspended")
    s = MarketSuspension(
        id=new_id("msu"),
        country=country,
        channel=data.channel,
        reason=data.reason,
        source_url=data.source_url,
        suspended_by=actor,
        suspended_at=utc_now(),
    )
    session.add(s)
    session.flush()
    audit(
        session,
        actor=actor,
        action="market.suspend",
        entity_type="market",
        entity_id=country,
        after=s.model_dump(mode="json"),
        reason=data.reason,
    )
    _market_event(session, MARKET_SUSPENDED, s)
    bump_generation(session)
    return s


def _market_event(session: Session, type: str, s: MarketSuspension) -> None:
    fields = ("country", "channel", "reason", "source_url", "suspended_at", "resumed_at", "resume_reason")
    dumped = s.model_dump(mode="json")
    record_event(session, type, subject_id=s.country, data={"object": {k: dumped.get(k) for k in fields}})


def approve_suspension(session: Session, *, country: str, actor: str, note: str = "") -> MarketSuspension:
    s = _suspension_of(session, country)
    if s.approved_by is not None:
        raise errors.VersionNotPending(f"the suspension of {country} was already approved by {s.approved_by}")
    if s.suspended_by == actor:
        raise errors.FourEyesRequired("the officer who suspended a market cannot approve the suspension")
    before = s.model_dump(mode="json")
    s.approved_by, s.approved_at = actor, utc_now()
    session.add(s)
    session.flush()
    audit(
        session,
        actor=actor,
        action="market.suspension_approve",
        entity_type="market",
        entity_id=country,
        before=before,
        after=s.model_dump(mode="json"),
        reason=note,
    )
    bump_generation(session)
    return s


def _audit_lift(
    session: Session, s: MarketSuspension, *, actor: str, action: str, before: dict[str, Any], reason: str
) -> None:
    session.add(s)
    session.flush()
    audit(
        session,
        actor=actor,
        action=action,
        entity_type="market",
        entity_id=s.country,
        before=before,
        after=s.model_dump(mode="json"),
        reason=reason,
    )


def request_resume(session: Session, *, country: str, actor: str, reason: str) -> MarketSuspension:
    """Ask to lift a suspension. Nothing reopens yet: another officer approves (`approve_resume`) or rejects
    (`reject_resume`) the request, as with a rule version; until then the market stays closed."""
    s = _suspension_of(session, country)
    if s.lift_requested_by is not None:
        raise errors.MarketLiftPending(
            f"{s.lift_requested_by} already asked to lift the suspension of {country}: "
            "another officer approves or rejects that request first"
        )
    before = s.model_dump(mode="json")
    s.lift_requested_by, s.lift_requested_at, s.lift_reason = actor, utc_now(), reason
    _audit_lift(session, s, actor=actor, action="market.resume_request", before=before, reason=reason)
    return s


def _pending_lift(session: Session, country: str, actor: str, verb: str) -> MarketSuspension:
    s = _suspension_of(session, country)
    if s.lift_requested_by is None:
        raise errors.MarketLiftNotPending(f"nobody asked to lift the suspension of {country}")
    if s.lift_requested_by == actor:
        raise errors.FourEyesRequired(
            f"you asked to lift the suspension of {country}; another officer must {verb} it"
        )
    return s


def approve_resume(session: Session, *, country: str, actor: str, note: str = "") -> MarketSuspension:
    """A second officer approves the request to lift: the market reopens now."""
    s = _pending_lift(session, country, actor, "approve")
    before = s.model_dump(mode="json")
    s.resumed_by, s.resumed_at, s.resume_reason = actor, utc_now(), s.lift_reason
    _audit_lift(session, s, actor=actor, action="market.resume_approve", before=before, reason=note)
    _market_event(session, MARKET_RESUMED, s)
    bump_generation(session)
    return s


def reject_resume(session: Session, *, country: str, actor: str, reason: str) -> MarketSuspension:
    """A second officer turns the request down: the suspension stays, and a new request can be made."""
    s = _pending_lift(session, country, actor, "reject")
    before = s.model_dump(mode="json")
    s.lift_requested_by, s.lift_requested_at, s.lift_reason = None, None, ""
    _audit_lift(session, s, actor=actor, action="market.resume_reject", before=before, reason=reason)
    return s


def list_markets(session: Session, *, countries: Sequence[str]) -> list[MarketRead]:
    open_by_country = {
        s.country: s
        for s in session.exec(select(MarketSuspension).where(col(MarketSuspension.resumed_at).is_(None)))
    }
    out = []
    for country in sorted(set(countries) | set(open_by_country)):
        access = market_access(country, channel="all", suspensions=False)
        reasons = list(access.reasons)
        s = open_by_country.get(country)
        if s is not None:
            reasons.insert(0, f"market suspended: {s.reason}")
        out.append(
            MarketRead(
                country=country,
                open=access.open and s is None,
                reasons=reasons,
                suspended_since=as_utc(s.suspended_at) if s else None,
                suspended_by=s.suspended_by if s else None,
                suspension_approved=(s.approved_by is not None) if s else None,
                suspension_approved_by=s.approved_by if s else None,
                suspension_id=s.id if s else None,
                pending_lift=_pending_lift_read(s),
            )
        )
    return out


def _pending_lift_read(s: MarketSuspension | None) -> PendingLift | None:
    if s is None or s.lift_requested_by is None or s.lift_requested_at is None:
        return None
    return PendingLift(
        requested_by=s.lift_requested_by, requested_at=as_utc(s.lift_requested_at), reason=s.lift_reason
    )


# --- dry runs and simulation ----------------------------------------------------------------------


def evaluate(session: Session, *, data: EvaluateRequest, actor: str) -> tuple[dict[str, Any], list[str], str]:
    spec = TOPICS[data.topic]
    try:
        spec.input.model_validate(data.input)
    except ValidationError as exc:
        raise InvalidInput(
            "the input does not fit the topic",
            errors=[
                FieldError("input." + ".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()
            ],
        ) from None
    outcome, rules = evaluate_topic(
        data.topic, data.input, country=data.country, on=data.date, point=data.point
    )
    stored_input = {"topic": data.topic, "country": data.country, "on": data.date, "input": data.input}
    decision = record_decision(
        session,
        context="evaluate",
        subject_id=actor,
        topic=data.topic,
        country=data.country,
        input=stored_input,
        outcome=outcome,
        rules=rules,
    )
    return outcome, [str(r) for r in rules], decision.id


def simulate(session: Session, *, key: str, number: int, days: int, samples: int) -> SimulationRead:
    """Replay the decisions of the last `days` days of this rule set's topic with the candidate in force
    (and, for the topics the sale gate asks, the gate's decisions on quotes, orders and bookings)."""
    rs, v = get_version(session, key=key, number=number)
    rows = validate_rows(rs.topic, v.rows)
    since = utc_now() - timedelta(days=days)
    topics = [rs.topic, "*"] if rs.topic in GATE_TOPICS else [rs.topic]
    decisions = session.exec(
        select(RuleDecision)
        .where(col(RuleDecision.topic).in_(topics), col(RuleDecision.at) >= since)
        .order_by(col(RuleDecision.at))
    ).all()
    replayed, changed = Counter[str](), Counter[str]()
    sample_rows: list[dict[str, Any]] = []
    for d in decisions:
        replay = REPLAYERS.get(d.context)
        if replay is None:
            continue
        try:
            baseline = replay(d.input, d.topic)
            with candidate_in_force(rs.key, v.number, rows):
                candidate = replay(d.input, d.topic)
        except (ValidationError, ValueError, KeyError):
            continue
        country = d.country or "*"
        replayed[country] += 1
        if json.dumps(baseline, sort_keys=True, default=str) != json.dumps(
            candidate, sort_keys=True, default=str
        ):
            changed[country] += 1
            if len(sample_rows) < samples:
                sample_rows.append(
                    {
                        "decision_id": d.id,
                        "subject_id": d.subject_id,
                        "context": d.context,
                        "country": d.country,
                        "before": baseline,
                        "after": candidate,
                    }
                )
    by_country = {c: {"replayed": replayed[c], "changed": changed[c]} for c in sorted(replayed)}
    return SimulationRead(
        key=key,
        version=number,
        days=days,
        replayed=sum(replayed.values()),
        changed=sum(changed.values()),
        by_country=by_country,
        samples=json.loads(json.dumps(sample_rows, default=str)),
    )


def history(session: Session, *, key: str) -> tuple[list[RuleVersion], list[AuditEntry]]:
    rs = get_rule_set(session, key=key)
    versions = versions_of(session, rs)
    ids = [key] + [f"{key}@{v.number}" for v in versions]
    entries = list(
        session.exec(
            select(AuditEntry).where(col(AuditEntry.entity_id).in_(ids)).order_by(col(AuditEntry.id))
        )
    )
    return versions, entries

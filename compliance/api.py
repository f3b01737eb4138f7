"""Compliance API: rule sets, versions, markets and audit.

Writes by compliance officers; reads also by admins.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query

from compliance import service
from compliance.schemas import (
    AuditRead,
    Decision,
    EvaluateRead,
    EvaluateRequest,
    MarketRead,
    Rejection,
    ResumeRequest,
    Rollback,
    RuleSetCreate,
    RuleSetDetail,
    RuleSetRead,
    SimulationRead,
    SimulationRequest,
    SuspendRequest,
    VersionCreate,
    VersionRead,
    VersionUpdate,
)
from compliance.topics.market import MARKETS
from core.auth import Principal
from core.errors import InvalidInput
from core.http import SessionDep, api_router, requires
from core.limits import PathNumber as NumberPath
from core.limits import WindowDateTime
from core.merchants import validate_country
from core.models import Role
from core.pagination import Page, PageDep

router = api_router(prefix="/v1", tags=["compliance"])

Officer = Annotated[Principal, Depends(requires(Role.compliance_officer))]
Reader = Annotated[Principal, Depends(requires(Role.compliance_officer, Role.admin))]
KeyPath = Annotated[str, Path(max_length=80)]


async def country_path(country: Annotated[str, Path(min_length=2, max_length=2)]) -> str:
    try:
        return validate_country(country)
    except ValueError as exc:
        raise InvalidInput.for_field("country", str(exc)) from None


CountryPath = Annotated[str, Depends(country_path)]


def _rule_set_read(session: SessionDep, rs: Any) -> RuleSetRead:
    return service.rule_set_read(rs, service.versions_of(session, rs))


def _detail(session: SessionDep, key: str) -> RuleSetDetail:
    rs = service.get_rule_set(session, key=key)
    versions = service.versions_of(session, rs)
    base = _rule_set_read(session, rs)
    return RuleSetDetail(**base.model_dump(), versions=[service.version_read(v) for v in versions])


@router.get("/rules", summary="Rule sets, newest first")
def list_rules(
    session: SessionDep, _: Reader, page: PageDep, topic: str | None = None, country: str | None = None
) -> Page[RuleSetRead]:
    rows, more = service.list_rule_sets(session, page=page, topic=topic, country=country)
    return Page(data=[_rule_set_read(session, rs) for rs in rows], has_more=more)


@router.post("/rules", status_code=201, summary="Create a rule set")
def create_rules(session: SessionDep, who: Officer, data: RuleSetCreate) -> RuleSetDetail:
    rs = service.create_rule_set(session, data=data, actor=who.actor_id)
    return _detail(session, rs.key)


@router.post("/rules/evaluate", summary="Dry run: ask a topic's rules in force one question")
def evaluate_rules(session: SessionDep, who: Reader, data: EvaluateRequest) -> EvaluateRead:
    outcome, rules, decision_id = service.evaluate(session, data=data, actor=who.actor_id)
    return EvaluateRead(outcome=outcome, rules=rules, decision_id=decision_id)


@router.get("/rules/{key}", summary="A rule set with all its versions")
def get_rules(session: SessionDep, _: Reader, key: KeyPath) -> RuleSetDetail:
    return _detail(session, key)


@router.post("/rules/{key}/versions", status_code=201, summary="Start a draft version")
def create_version(session: SessionDep, who: Officer, key: KeyPath, data: VersionCreate) -> VersionRead:
    return service.version_read(service.create_version(session, key=key, data=data, actor=who.actor_id))


@router.get("/rules/{key}/versions/{number}", summary="One version")
def get_version(session: SessionDep, _: Reader, key: KeyPath, number: NumberPath) -> VersionRead:
    return service.version_read(service.get_version(session, key=key, number=number)[1])


@router.put("/rules/{key}/versions/{number}", summary="Edit a draft (drafts only)")
def update_version(
    session: SessionDep, who: Officer, key: KeyPath, number: NumberPath, data: VersionUpdate
) -> VersionRead:
    v = service.update_version(session, key=key, number=number, data=data, actor=who.actor_id)
    return service.version_read(v)


@router.post("/rules/{key}/versions/{number}/submit", summary="Run the tests and ask for approval")
def submit_version(session: SessionDep, who: Officer, key: KeyPath, number: NumberPath) -> VersionRead:
    return service.version_read(service.submit_version(session, key=key, number=number, actor=who.actor_id))


@router.post("/rules/{key}/versions/{number}/approve", summary="Approve (another officer than the author)")
def approve_version(
    session: SessionDep, who: Officer, key: KeyPath, number: NumberPath, data: Decision | None = None
) -> VersionRead:
    v = service.approve_version(
        session, key=key, number=number, actor=who.actor_id, note=data.note if data else ""
    )
    return service.version_read(v)


@router.post("/rules/{key}/versions/{number}/reject", summary="Reject, with a reason")
def reject_version(
    session: SessionDep, who: Officer, key: KeyPath, number: NumberPath, data: Rejection
) -> VersionRead:
    v = service.reject_version(session, key=key, number=number, actor=who.actor_id, reason=data.reason)
    return service.version_read(v)


@router.post(
    "/rules/{key}/versions/{number}/simulate",
    summary="Replay recent decisions with this version in force; count what changes",
)
def simulate_version(
    session: SessionDep, _: Reader, key: KeyPath, number: NumberPath, data: SimulationRequest | None = None
) -> SimulationRead:
    req = data or SimulationRequest()
    return service.simulate(session, key=key, number=number, days=req.days, samples=req.samples)


@router.post(
    "/rules/{key}/rollback",
    status_code=201,
    summary="Bring back an earlier version's rows as a new version (needs approval)",
)
def rollback(session: SessionDep, who: Officer, key: KeyPath, data: Rollback) -> VersionRead:
    v = service.rollback(
        session,
        key=key,
        to_version=data.to_version,
        actor=who.actor_id,
        reason=data.reason,
        effective_from=data.effective_from,
    )
    return service.version_read(v)


@router.get("/rules/{key}/history", summary="Versions and every audited change of a rule set")
def rule_history(session: SessionDep, _: Reader, key: KeyPath) -> dict[str, Any]:
    versions, entries = service.history(session, key=key)
    return {
        "key": key,
        "versions": [service.version_read(v) for v in versions],
        "audit": [AuditRead.model_validate(e) for e in entries],
    }


@router.get("/audit", summary="The audit log, newest first, with filters")
def audit_log(
    session: SessionDep,
    _: Reader,
    page: PageDep,
    actor: str | None = None,
    action: str | None = None,
    entity_id: str | None = None,
    since: Annotated[WindowDateTime | None, Query()] = None,
    until: Annotated[WindowDateTime | None, Query()] = None,
) -> Page[AuditRead]:
    rows, more = service.list_audit(
        session, page=page, actor=actor, action=action, entity_id=entity_id, since=since, until=until
    )
    return Page(data=[AuditRead.model_validate(e) for e in rows], has_more=more)


@router.get("/markets", summary="Markets: open or suspended, since when, by whom")
def markets(session: SessionDep, _: Reader) -> dict[str, Any]:
    return {"data": service.list_markets(session, countries=MARKETS), "has_more": False}


@router.post("/markets/{country}/suspend", summary="Suspend a market at once (approval recorded later)")
def suspend(session: SessionDep, who: Officer, country: CountryPath, data: SuspendRequest) -> MarketRead:
    service.suspend_market(session, country=country, data=data, actor=who.actor_id)
    return service.list_markets(session, countries=[country])[0]


@router.post("/markets/{country}/suspension/approve", summary="A second officer approves a suspension")
def approve_suspension(
    session: SessionDep, who: Officer, country: CountryPath, data: Decision | None = None
) -> MarketRead:
    service.approve_suspension(session, country=country, actor=who.actor_id, note=data.note if data else "")
    return service.list_markets(session, countries=[country])[0]


@router.post(
    "/markets/{country}/resume",
    status_code=202,
    summary="Ask to lift a suspension (another officer approves; the market stays closed until then)",
)
def resume(session: SessionDep, who: Officer, country: CountryPath, data: ResumeRequest) -> MarketRead:
    service.request_resume(session, country=country, actor=who.actor_id, reason=data.reason)
    return service.list_markets(session, countries=[country])[0]


@router.post(
    "/markets/{country}/resume/approve",
    summary="A second officer approves the lift: the market reopens",
)
def approve_resume(
    session: SessionDep, who: Officer, country: CountryPath, data: Decision | None = None
) -> MarketRead:
    service.approve_resume(session, country=country, actor=who.actor_id, note=data.note if data else "")
    return service.list_markets(session, countries=[country])[0]


@router.post(
    "/markets/{country}/resume/reject", summary="A second officer turns the lift down, with a reason"
)
def reject_resume(session: SessionDep, who: Officer, country: CountryPath, data: Rejection) -> MarketRead:
    service.reject_resume(session, country=country, actor=who.actor_id, reason=data.reason)
    return service.list_markets(session, countries=[country])[0]

"""Loads the default rule data (compliance/topics/*) as approved, dated history. Idempotent."""

from __future__ import annotations

from sqlmodel import Session, select

from compliance.evaluation import bump_generation
from compliance.models import RuleSet, RuleVersion, VersionStatus
from compliance.schemas import RuleSetCreate, Scope
from compliance.service import SYSTEM, audit, create_rule_set, validate_rows
from compliance.topics import DEFAULTS
from core.ids import new_id


def load_defaults(session: Session) -> int:
    """Create the default rule sets that do not exist yet, with their versions approved; returns how many."""
    created = 0
    for spec in DEFAULTS:
        if session.exec(select(RuleSet).where(RuleSet.key == spec.key)).first() is not None:
            continue
        scope = (
            Scope(type="region", region=spec.region)
            if spec.region
            else Scope(type="countries", countries=spec.countries)
            if spec.countries
            else Scope()
        )
        rs = create_rule_set(
            session,
            actor=SYSTEM,
            data=RuleSetCreate(
                key=spec.key, topic=spec.topic, name=spec.name, description=spec.description, scope=scope
            ),
        )  # type: ignore[arg-type]
        for number, version in enumerate(spec.versions, start=1):
            validate_rows(spec.topic, version.rows)
            v = RuleVersion(
                id=new_id("rv"),
                rule_set_id=rs.id,
                number=number,
                status=VersionStatus.approved.value,
                rows=version.rows,
                tests=version.tests,
                effective_from=version.effective_from,
                effective_to=version.effective_to,
                reason=version.reason,
                source_url=version.source_url,
                author=SYSTEM,
                approver=SYSTEM,
                decision_note="default rule data",
            )
            session.add(v)
            audit(
                session,
                actor=SYSTEM,
                action="version.load_default",
                entity_type="rule_version",
                entity_id=f"{spec.key}@{number}",
                after={"effective_from": version.effective_from, "effective_to": version.effective_to},
                reason=version.reason,
            )
        created += 1
    if created:
        session.flush()
        bump_generation(session)
    return created

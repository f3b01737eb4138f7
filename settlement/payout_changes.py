"""Changes to a payee's payout settings (a merchant's or a creator's) that move money need a second person.

A change of the bank or Stripe account (holder, IBAN, BIC, account number, bank code, Stripe account), the
payout currency (with the minimum, which is in that currency), the method, or a hold lowered below the
policy's `hold_business_days` does not apply at once: it becomes a pending change that an admin other than
the requester approves or rejects. An approved change is in force from `effective_at` = approval +
`settings.payout_change_cooling_off_hours`; until then runs pay the old account. Other fields (interval,
weekly anchor, minimum, a longer hold) apply at once, as before.

A payee's first settings apply at once (there is no old account to protect, and a payee without settings is
never paid), except a hold below the policy's minimum, which waits like any other.

"In force" is computed, not stored: `settings_in_force` overlays approved changes whose time has come (and
takes back applied changes that were not yet in force at the time asked, for a payout planned before them).
Changes are written to `payout_settings` lazily and once (`apply_due`: a conditional update of the change's
status), by every settlement run and every request that writes settings. Every step is in the audit log
(`compliance_audit`, entity type `payout_setting_change` or `payout_settings`) with account numbers masked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from compliance.service import audit
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import lock_name
from core.errors import Conflict, Forbidden, NotFound
from core.ids import new_id
from core.pagination import PageParams, paginate
from settlement import ledger, payouts
from settlement.errors import PayoutSettingsMissing
from settlement.models import PayoutSettingChange, PayoutSettingChangeStatus, PayoutSettings
from settlement.payees import PayeeRef
from settlement.policy import policy_on
from settlement.providers import mask

SYSTEM = "system"
ENTITY = "payout_setting_change"

ACCOUNT_FIELDS = (
    "currency",
    "method",
    "account_holder",
    "iban",
    "bic",
    "account_number",
    "bank_code",
    "stripe_account",
)
"""Where the money goes and in what: any change waits for approval."""
MASKED_FIELDS = frozenset({"iban", "account_number", "stripe_account"})
OPEN = (PayoutSettingChangeStatus.pending_approval.value, PayoutSettingChangeStatus.approved.value)


class PayoutChangeNotFound(NotFound):
    slug, title = "payout-setting-change-not-found", "Payout setting change not found"


class PayoutChangeNotPending(Conflict):
    slug, title = "payout-setting-change-not-pending", "The change is not waiting for this decision"


class PayoutChangeSameActor(Forbidden):
    slug, title = "four-eyes-required", "Another person must approve"


@dataclass(frozen=True, slots=True)
class SettingsRequested:
    settings: PayoutSettings
    """The settings in force after the request (what applied at once included)."""
    change: PayoutSettingChange | None
    """The change waiting for approval, if the request moved money."""


# --- masking ----------------------------------------------------------------------------------------------


def masked(field: str, value: Any) -> Any:
    return mask(value) if field in MASKED_FIELDS and value else value


def masked_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: masked(k, v) for k, v in values.items()}


def _snapshot(row: PayoutSettings) -> dict[str, Any]:
    return {f: getattr(row, f) for f in payouts.SETTINGS_FIELDS}


def _change_snapshot(ch: PayoutSettingChange) -> dict[str, Any]:
    return {
        "status": ch.status,
        "payee_type": ch.payee_type,
        "payee_id": ch.payee_id,
        "fields": list(ch.fields),
        "proposed": masked_values(ch.proposed),
        "previous": masked_values(ch.previous),
        "requested_by": ch.requested_by,
        "decided_by": ch.decided_by,
        "effective_at": ch.effective_at,
        "applied_at": ch.applied_at,
    }


# --- in force ---------------------------------------------------------------------------------------------


def _ref(row: PayoutSettings | PayoutSettingChange) -> PayeeRef:
    return PayeeRef.of(row.payee_type, row.payee_id)


def settings_in_force(
    session: Session, *, payees: Iterable[PayeeRef], at: datetime | None = None
) -> dict[PayeeRef, PayoutSettings]:
    """Each payee's payout settings in force at `at` (now): the stored row, with approved changes whose
    `effective_at` has come and without applied ones that were not yet in force at `at`. Overlaid settings
    are detached copies: nothing is written."""
    when = at or utc_now()
    wanted = set(payees)
    ids = sorted({p.id for p in wanted})
    if not ids:
        return {}
    rows = {
        _ref(s): s
        for s in session.exec(
            select(PayoutSettings).where(ledger.one_of(session, col(PayoutSettings.payee_id), ids))
        )
        if _ref(s) in wanted
    }
    approved, applied = PayoutSettingChangeStatus.approved.value, PayoutSettingChangeStatus.applied.value
    changes = session.exec(
        select(PayoutSettingChange)
        .where(
            ledger.one_of(session, col(PayoutSettingChange.payee_id), ids),
            or_(
                and_(
                    col(PayoutSettingChange.status) == approved,
                    col(PayoutSettingChange.effective_at) <= when,
                ),
                and_(
                    col(PayoutSettingChange.status) == applied, col(PayoutSettingChange.effective_at) > when
                ),
            ),
        )
        .order_by(col(PayoutSettingChange.effective_at), col(PayoutSettingChange.id))
    ).all()
    by_payee: dict[PayeeRef, list[PayoutSettingChange]] = defaultdict(list)
    for ch in changes:
        by_payee[_ref(ch)].append(ch)
    for ref, group in by_payee.items():
        row = rows.get(ref)
        if row is None:
            continue
        view = PayoutSettings(
            payee_type=ref.type.value, payee_id=ref.id, **_snapshot(row), version=row.version
        )
        view.updated_at, view.updated_by = row.updated_at, row.updated_by
        for ch in reversed([c for c in group if c.status == applied]):
            for name, value in ch.previous.items():
                setattr(view, name, value)
        for ch in (c for c in group if c.status == approved):
            for name, value in ch.proposed.items():
                setattr(view, name, value)
            view.version += 1
            view.updated_at = as_utc(ch.effective_at or when)
        rows[ref] = view
    return rows


def get_settings_in_force(
    session: Session,
    *,
    merchant_id: str | None = None,
    payee: PayeeRef | None = None,
    at: datetime | None = None,
) -> PayoutSettings:
    """The settings in force of `payee` (or of the merchant `merchant_id`)."""
    who = payee or PayeeRef.merchant(merchant_id or "")
    row = settings_in_force(session, payees=[who], at=at).get(who)
    if row is None:
        raise PayoutSettingsMissing(f"{who} has no payout settings yet")
    return row


def apply_due(
    session: Session, *, at: datetime | None = None, payees: Sequence[PayeeRef] | None = None
) -> int:
    """Write approved changes whose `effective_at` has come to the payees' settings, each exactly once (a
    conditional update claims it; a concurrent caller finds it applied). Returns how many applied."""
    when = at or utc_now()
    stmt = select(PayoutSettingChange).where(
        col(PayoutSettingChange.status) == PayoutSettingChangeStatus.approved.value,
        col(PayoutSettingChange.effective_at) <= when,
    )
    if payees is not None:
        stmt = stmt.where(col(PayoutSettingChange.payee_id).in_(sorted({p.id for p in payees})))
    due = [
        ch
        for ch in session.exec(
            stmt.order_by(col(PayoutSettingChange.effective_at), col(PayoutSettingChange.id))
        )
        if payees is None or _ref(ch) in payees
    ]
    applied = 0
    for ch in due:
        now = utc_now()
        claimed = session.execute(
            update(PayoutSettingChange)
            .where(
                col(PayoutSettingChange.id) == ch.id,
                col(PayoutSettingChange.status) == PayoutSettingChangeStatus.approved.value,
            )
            .values(status=PayoutSettingChangeStatus.applied.value, applied_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        session.refresh(ch)
        key = (ch.payee_type, ch.payee_id)
        row = session.get(PayoutSettings, key, with_for_update=True, populate_existing=True)
        if row is None:  # settings removed under it: nothing to change
            continue
        before = _snapshot(row)
        payouts.write_payout_settings(
            session, payee=_ref(ch), values=dict(ch.proposed), actor=ch.requested_by
        )
        audit(
            session,
            actor=SYSTEM,
            action="payout_change.apply",
            entity_type=ENTITY,
            entity_id=ch.id,
            before=masked_values({k: before[k] for k in ch.proposed}),
            after=masked_values(dict(ch.proposed)),
            reason=f"in force from {as_utc(ch.effective_at or now).isoformat()}",
        )
        applied += 1
    return applied


# --- requests ---------------------------------------------------------------------------------------------


def request_settings(
    session: Session,
    *,
    merchant_id: str | None = None,
    payee: PayeeRef | None = None,
    data: payouts.PayoutSettingsBody,
    actor: str,
) -> SettingsRequested:
    """A payee's (or an admin's) new payout settings for `payee` (or the merchant `merchant_id`): what moves
    money becomes a pending change, the rest applies at once. Sending the same pending change again returns
    it; a different one supersedes it."""
    who = payee or PayeeRef.merchant(merchant_id or "")
    # one request at a time per payee, the first one too (there is no settings row to lock yet); taken
    # before `apply_due` locks anything, so every request takes its locks in the same order
    lock_name(session, f"payout-settings:{who.type.value}:{who.id}")
    apply_due(session, payees=[who])
    wanted = payouts.settings_data_from(session, payee=who, data=data)
    values = payouts.settings_values(session, payee=who, data=wanted)
    minimum_hold = policy_on(session).body.hold_business_days
    key = (who.type.value, who.id)
    row = session.get(PayoutSettings, key, with_for_update=True, populate_existing=True)
    moving: dict[str, Any] = {}
    if row is None:
        current: dict[str, Any] = {}
        if values["hold_business_days"] < minimum_hold:
            moving["hold_business_days"] = values["hold_business_days"]
            values["hold_business_days"] = minimum_hold
        at_once = values
        action = "payout_settings.create"
    else:
        current = _snapshot(row)
        diff = [f for f in payouts.SETTINGS_FIELDS if values[f] != current[f]]
        moving_fields = {f for f in diff if f in ACCOUNT_FIELDS}
        if "currency" in moving_fields and "minimum_minor" in diff:
            moving_fields.add("minimum_minor")  # the minimum is in the new currency
        hold = values["hold_business_days"]
        if "hold_business_days" in diff and hold < current["hold_business_days"] and hold < minimum_hold:
            moving_fields.add("hold_business_days")
        moving = {f: values[f] for f in payouts.SETTINGS_FIELDS if f in moving_fields}
        at_once = {f: values[f] for f in diff if f not in moving_fields}
        action = "payout_settings.update"
    if at_once:
        row = payouts.write_payout_settings(session, payee=who, values=at_once, actor=actor)
        audit(
            session,
            actor=actor,
            action=action,
            entity_type="payout_settings",
            entity_id=who.id,
            before=masked_values({k: current[k] for k in at_once if k in current}) if current else None,
            after=masked_values(at_once),
        )
    assert row is not None
    change = None
    if moving:
        change = _open_change(
            session,
            payee=who,
            proposed=moving,
            previous={k: current.get(k, values.get(k)) for k in moving},
            actor=actor,
        )
    return SettingsRequested(settings=row, change=change)


def _open_change(
    session: Session, *, payee: PayeeRef, proposed: dict[str, Any], previous: dict[str, Any], actor: str
) -> PayoutSettingChange:
    open_changes = session.exec(
        select(PayoutSettingChange)
        .where(
            col(PayoutSettingChange.payee_type) == payee.type.value,
            col(PayoutSettingChange.payee_id) == payee.id,
            col(PayoutSettingChange.status).in_(OPEN),
        )
        .order_by(col(PayoutSettingChange.id))
        .with_for_update()
    ).all()
    for ch in open_changes:
        if ch.proposed == proposed:
            return ch  # the same change asked for again
    ch = PayoutSettingChange(
        id=new_id("psc"),
        payee_type=payee.type.value,
        payee_id=payee.id,
        merchant_id=payee.merchant_id,
        fields=list(proposed),
        proposed=proposed,
        previous=previous,
        requested_by=actor,
        requested_at=utc_now(),
    )
    for old in open_changes:
        before = _change_snapshot(old)
        old.status = PayoutSettingChangeStatus.superseded.value
        old.reason = f"superseded by {ch.id}"
        old.decided_at = utc_now()
        session.add(old)
        audit(
            session,
            actor=actor,
            action="payout_change.supersede",
            entity_type=ENTITY,
            entity_id=old.id,
            before=before,
            after=_change_snapshot(old),
            reason=old.reason,
        )
    session.add(ch)
    session.flush()
    audit(
        session,
        actor=actor,
        action="payout_change.request",
        entity_type=ENTITY,
        entity_id=ch.id,
        before=masked_values(previous),
        after=masked_values(proposed),
    )
    return ch


# --- reading ----------------------------------------------------------------------------------------------


def get_change(session: Session, *, change_id: str, scope: PayeeRef | None = None) -> PayoutSettingChange:
    """One change; `scope` (a merchant's or creator's key) sees only its own: another's is a 404."""
    ch = session.get(PayoutSettingChange, change_id)
    if ch is None or (scope is not None and _ref(ch) != scope):
        raise PayoutChangeNotFound(f"no payout setting change {change_id}")
    return ch


def list_changes(
    session: Session, *, payee: PayeeRef | None, status: str | None, page: PageParams
) -> tuple[Sequence[PayoutSettingChange], bool]:
    stmt = select(PayoutSettingChange)
    if payee is not None:
        stmt = stmt.where(
            col(PayoutSettingChange.payee_type) == payee.type.value,
            col(PayoutSettingChange.payee_id) == payee.id,
        )
    if status is not None:
        stmt = stmt.where(col(PayoutSettingChange.status) == status)
    return paginate(session, stmt, PayoutSettingChange.id, page)


# --- decisions (admin) ------------------------------------------------------------------------------------


def _decide(
    session: Session,
    ch: PayoutSettingChange,
    *,
    allowed: Any,
    values: dict[str, Any],
    action: str,
    actor: str,
    reason: str,
) -> PayoutSettingChange:
    before = _change_snapshot(ch)
    done = session.execute(
        update(PayoutSettingChange)
        .where(col(PayoutSettingChange.id) == ch.id, allowed)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(ch)
        raise PayoutChangeNotPending(f"{ch.id} is {ch.status} now; it was decided or changed meanwhile")
    session.refresh(ch)
    audit(
        session,
        actor=actor,
        action=action,
        entity_type=ENTITY,
        entity_id=ch.id,
        before=before,
        after=_change_snapshot(ch),
        reason=reason,
    )
    return ch


def approve_change(session: Session, *, change_id: str, actor: str, note: str = "") -> PayoutSettingChange:
    """Approve a pending change: another actor than the requester. In force after the cooling-off period
    (at once when it is 0)."""
    ch = get_change(session, change_id=change_id)
    if ch.status != PayoutSettingChangeStatus.pending_approval.value:
        raise PayoutChangeNotPending(f"{ch.id} is {ch.status}, not pending approval")
    if actor == ch.requested_by:
        raise PayoutChangeSameActor(f"{ch.id} was requested by you; another admin must approve it")
    now = utc_now()
    effective = now + timedelta(hours=get_settings().payout_change_cooling_off_hours)
    ch = _decide(
        session,
        ch,
        allowed=col(PayoutSettingChange.status) == PayoutSettingChangeStatus.pending_approval.value,
        values={
            "status": PayoutSettingChangeStatus.approved.value,
            "decided_by": actor,
            "decided_at": now,
            "effective_at": effective,
            "reason": note,
        },
        action="payout_change.approve",
        actor=actor,
        reason=note,
    )
    if effective <= now:
        apply_due(session, at=now, payees=[_ref(ch)])
    return ch


def reject_change(session: Session, *, change_id: str, actor: str, reason: str = "") -> PayoutSettingChange:
    """Reject a pending change, or withdraw an approved one still in its cooling-off period; the settings
    stay as they are. The requester may withdraw their own request (it moves no money)."""
    ch = get_change(session, change_id=change_id)
    now = utc_now()
    pending = PayoutSettingChangeStatus.pending_approval.value
    approved = PayoutSettingChangeStatus.approved.value
    if not (ch.status == pending or (ch.status == approved and as_utc(ch.effective_at or now) > now)):
        raise PayoutChangeNotPending(f"{ch.id} is {ch.status}; it can no longer be rejected")
    return _decide(
        session,
        ch,
        allowed=or_(
            col(PayoutSettingChange.status) == pending,
            and_(col(PayoutSettingChange.status) == approved, col(PayoutSettingChange.effective_at) > now),
        ),
        values={
            "status": PayoutSettingChangeStatus.rejected.value,
            "decided_by": actor,
            "decided_at": now,
            "effective_at": None,
            "reason": reason,
        },
        action="payout_change.reject",
        actor=actor,
        reason=reason,
    )

"""Onboarding creators as payees: who they are (`core.creators`) and how they are paid (their payout
settings, through the same four-eyes path as a merchant's: a creator's first settings apply at once, except a
hold below the policy's minimum)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from core.creators import CreatorCreate, create_creator, get_creator
from core.errors import FieldError, InvalidInput
from core.models import Creator, TraderVerification
from settlement import payout_changes, payouts
from settlement.models import PayoutSettingChange, PayoutSettings
from settlement.payees import PayeeRef


@dataclass(frozen=True, slots=True)
class Onboarded:
    creator: Creator
    settings: PayoutSettings | None
    change: PayoutSettingChange | None
    """A part of the settings that waits for approval (a hold below the policy's minimum)."""


def onboard_creator(
    session: Session,
    *,
    data: CreatorCreate,
    payout_settings: payouts.PayoutSettingsBody | None,
    actor: str,
    creator_id: str | None = None,
) -> Onboarded:
    """A new creator, with its payout settings when given (checked as a merchant's are: a bad IBAN is a
    422 naming it, and nothing is created)."""
    creator = create_creator(session, data=data, creator_id=creator_id)
    if payout_settings is None:
        return Onboarded(creator, None, None)
    try:
        done = payout_changes.request_settings(
            session, payee=PayeeRef.creator(creator.id), data=payout_settings, actor=actor
        )
    except InvalidInput as exc:  # the settings are a part of the body: name their fields so
        exc.errors = [FieldError(f"payout_settings.{e.field}", e.message) for e in exc.errors]
        raise
    return Onboarded(creator, done.settings, done.change)


def update_creator(
    session: Session,
    *,
    creator_id: str,
    name: str | None = None,
    verification: TraderVerification | None = None,
) -> Creator:
    """Change a creator's name or identity verification (an unverified creator's payouts are held)."""
    creator = get_creator(session, creator_id=creator_id)
    if name is not None:
        creator.name = name
    if verification is not None:
        creator.verification = verification.value
    session.add(creator)
    session.flush()
    return creator

"""Creators: the payees who are not merchants. Onboarding with payout settings is settlement's
(`settlement.creators`); the kernel keeps who they are, so that API keys can be bound to them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.auth import Principal
from core.errors import Conflict, NotFound
from core.ids import new_id
from core.merchants import currency_code, validate_country
from core.models import Creator, TraderVerification
from core.pagination import PageParams, paginate

Handle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=100, pattern=r"^@\S+$")
]


class CreatorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    handle: Handle | None = Field(default=None, description="The public handle, e.g. @lina.cooks (unique)")
    country: str = Field(description="ISO 3166-1 alpha-2, where the creator is established")
    payout_currency: str = Field(description="ISO 4217; payouts are made in it unless the settings say else")
    verification: TraderVerification = TraderVerification.unverified

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return validate_country(v)

    @field_validator("payout_currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        return currency_code(v)


class CreatorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    handle: str | None
    country: str
    payout_currency: str
    verification: TraderVerification
    created_at: datetime


class CreatorNotFound(NotFound):
    slug, title = "creator-not-found", "Creator not found"


class CreatorHandleTaken(Conflict):
    slug, title = "creator-handle-taken", "The handle belongs to another creator"


def create_creator(session: Session, *, data: CreatorCreate, creator_id: str | None = None) -> Creator:
    creator = Creator(
        id=creator_id or new_id("cre"),
        name=data.name,
        handle=data.handle,
        country=data.country,
        payout_currency=data.payout_currency,
        verification=data.verification.value,
    )
    try:
        with session.begin_nested():
            session.add(creator)
    except IntegrityError:
        raise CreatorHandleTaken.for_field("handle", f"{data.handle} is another creator's handle") from None
    return creator


def get_creator(session: Session, *, creator_id: str, principal: Principal | None = None) -> Creator:
    """One creator; a principal that may not see it (another creator, a merchant) gets a 404."""
    creator = session.get(Creator, creator_id)
    if creator is None or (principal is not None and not principal.can_see_creator(creator.id)):
        raise CreatorNotFound(f"no creator {creator_id}")
    return creator


def creators_by_id(session: Session, ids: Iterable[str]) -> dict[str, Creator]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {c.id: c for c in session.exec(select(Creator).where(col(Creator.id).in_(wanted)))}


def list_creators(session: Session, *, page: PageParams) -> tuple[Sequence[Creator], bool]:
    return paginate(session, select(Creator), Creator.id, page)

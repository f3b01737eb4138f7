"""Merchants, the tenants: every merchant-owned row carries a merchant id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import pycountry
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlmodel import Session, select

from core import snapshots, traders
from core.auth import Principal
from core.errors import Conflict, FieldError, NotFound
from core.ids import new_id
from core.models import Merchant, TraderEvent, TraderInfo, TraderVerification
from core.money import UnknownCurrency, validate_currency
from core.pagination import PageParams, paginate
from core.traders import TraderIn, TraderRead, TraderVerificationSet


def validate_country(code: str) -> str:
    if len(code) != 2 or not code.isupper() or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def currency_code(v: str) -> str:
    """An ISO 4217 code, or ValueError saying why not (for validators)."""
    try:
        return validate_currency(v)
    except UnknownCurrency as exc:
        raise ValueError(str(exc)) from None


class MerchantCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Lumen Home Goods", "country": "CN", "settlement_currency": "USD"}]
        },
    )

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    country: str = Field(description="ISO 3166-1 alpha-2, where the merchant is established")
    settlement_currency: str = Field(description="ISO 4217; payouts are made in it")
    trader_verification: TraderVerification = TraderVerification.unverified
    trader: TraderIn | None = Field(
        default=None,
        description="The trader information (EU DSA art. 30), given with the merchant; the state is "
        "`trader_verification`",
    )

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return validate_country(v)

    @field_validator("settlement_currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        return currency_code(v)


class MerchantUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    settlement_currency: str | None = None
    trader_verification: TraderVerification | None = None

    @field_validator("settlement_currency")
    @classmethod
    def _cur(cls, v: str | None) -> str | None:
        return None if v is None else currency_code(v)


class MerchantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    country: str
    settlement_currency: str
    trader_verification: TraderVerification
    created_at: datetime


class MerchantNotFound(NotFound):
    slug, title = "merchant-not-found", "Merchant not found"


class TraderInformationIncomplete(Conflict):
    slug, title = "trader-information-incomplete", "The trader information is incomplete"


SYSTEM = "system"


def create_merchant(
    session: Session, *, data: MerchantCreate, merchant_id: str | None = None, actor: str = SYSTEM
) -> Merchant:
    """A new merchant, with its trader information when given; a verification state other than
    `unverified` is recorded as set by `actor` at creation."""
    merchant = Merchant(
        id=merchant_id or new_id("mer"),
        name=data.name,
        country=data.country,
        settlement_currency=data.settlement_currency,
        trader_verification=TraderVerification.unverified.value,
    )
    session.add(merchant)
    session.flush()
    if data.trader is not None:
        traders.store(session, merchant=merchant, data=data.trader, actor=actor)
    _set_state(session, merchant, data.trader_verification, actor=actor, reason="given at creation")
    session.flush()
    return merchant


def _set_state(
    session: Session, merchant: Merchant, state: TraderVerification, *, actor: str, reason: str
) -> None:
    """Set the merchant's verification state, recorded as a `verification` event when it changes."""
    before = merchant.trader_verification
    if before == state.value:
        return
    merchant.trader_verification = state.value
    session.add(merchant)
    traders.record(
        session,
        merchant_id=merchant.id,
        actor=actor,
        action="verification",
        before=before,
        after=state.value,
        reason=reason,
    )


def get_merchant(
    session: Session, *, merchant_id: str, principal: Principal | None = None, lock: bool = False
) -> Merchant:
    """`lock`: hold the merchant's row until the commit (PostgreSQL), so that changes of its trader
    information and of its verification are made one after the other."""
    merchant = session.get(Merchant, merchant_id, with_for_update=lock or None, populate_existing=lock)
    if merchant is None or (principal is not None and not principal.can_see_merchant(merchant.id)):
        raise MerchantNotFound(f"no merchant {merchant_id}")
    return merchant


def update_merchant(
    session: Session, *, merchant_id: str, data: MerchantUpdate, actor: str = SYSTEM
) -> Merchant:
    merchant = get_merchant(session, merchant_id=merchant_id, lock=True)
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        if isinstance(value, TraderVerification):
            _set_state(session, merchant, value, actor=actor, reason="merchant updated")
        else:
            setattr(merchant, field, value)
    session.add(merchant)
    session.flush()
    snapshots.bump(session, GENERATION, then=_infos.invalidate)
    return merchant


@dataclass(frozen=True, slots=True)
class MerchantInfo:
    """What the request path needs of a merchant, kept per process (see `merchant_info`)."""

    id: str
    name: str
    country: str
    settlement_currency: str
    trader_verification: str
    trader_missing: tuple[str, ...] = ()
    """What the merchant lacks to sell to the EU (`core.traders.missing`)."""


GENERATION = "merchants"


def _info_of(session: Session, merchant_id: str) -> MerchantInfo | None:
    m = session.get(Merchant, merchant_id)
    if m is None:
        return None
    missing = traders.missing(session.get(TraderInfo, merchant_id), m.trader_verification)
    return MerchantInfo(m.id, m.name, m.country, m.settlement_currency, m.trader_verification, tuple(missing))


_infos: snapshots.Lookup[str, MerchantInfo] = snapshots.Lookup(GENERATION, load=_info_of)


def merchant_info(merchant_id: str, *, principal: Principal | None = None) -> MerchantInfo:
    """A committed merchant from this process's cache (no query once seen; a change of a merchant reaches
    every process within `APP_SNAPSHOT_REFRESH_MS`), as `get_merchant` answers: a merchant that does not
    exist, or that the principal may not see, is `MerchantNotFound`."""
    info = _infos.get(merchant_id)
    if info is None or (principal is not None and not principal.can_see_merchant(info.id)):
        raise MerchantNotFound(f"no merchant {merchant_id}")
    return info


def list_merchants(session: Session, *, page: PageParams) -> tuple[Sequence[Merchant], bool]:
    return paginate(session, select(Merchant), Merchant.id, page)


# --- trader information (EU DSA art. 30) -------------------------------------------------------------


def _changed(session: Session) -> None:
    session.flush()
    snapshots.bump(session, GENERATION, then=_infos.invalidate)


def get_trader(session: Session, *, merchant_id: str, principal: Principal) -> TraderRead:
    """The merchant's trader information and state: for an admin, or that merchant (any other key: 404)."""
    merchant = get_merchant(session, merchant_id=merchant_id, principal=principal)
    return traders.read(merchant, session.get(TraderInfo, merchant.id))


def put_trader(session: Session, *, merchant_id: str, data: TraderIn, principal: Principal) -> TraderRead:
    """Give the trader information whole (an admin, or that merchant). New information waits for an
    admin's verification again (`pending`)."""
    merchant = get_merchant(session, merchant_id=merchant_id, principal=principal, lock=True)
    row = traders.store(session, merchant=merchant, data=data, actor=principal.actor_id)
    _changed(session)
    return traders.read(merchant, row)


def set_trader_verification(
    session: Session, *, merchant_id: str, data: TraderVerificationSet, actor: str
) -> TraderRead:
    """An admin sets the verification state; `verified` needs the information complete (a 409 naming each
    field missing). The change is recorded with its actor and reason."""
    merchant = get_merchant(session, merchant_id=merchant_id, lock=True)
    row = session.get(TraderInfo, merchant.id)
    if data.state is TraderVerification.verified:
        lacking = traders.missing_information(row)
        if lacking:
            raise TraderInformationIncomplete(
                f"merchant {merchant.id} cannot be verified: missing {', '.join(lacking)}",
                errors=[FieldError(f"trader.{f}", "not given") for f in lacking],
                extensions={"missing": lacking},
            )
    if merchant.trader_verification != data.state.value:
        _set_state(session, merchant, data.state, actor=actor, reason=data.reason)
        _changed(session)
    return traders.read(merchant, row)


def list_trader_events(
    session: Session, *, merchant_id: str, principal: Principal, page: PageParams
) -> tuple[Sequence[TraderEvent], bool]:
    """The changes of the merchant's trader information and state, newest first."""
    merchant = get_merchant(session, merchant_id=merchant_id, principal=principal)
    stmt = select(TraderEvent).where(TraderEvent.merchant_id == merchant.id)
    return paginate(session, stmt, TraderEvent.id, page)

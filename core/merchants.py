"""Merchants, the tenants: every merchant-owned row carries a merchant id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import pycountry
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlmodel import Session, select

from core import snapshots
from core.auth import Principal
from core.errors import NotFound
from core.ids import new_id
from core.models import Merchant, TraderVerification
from core.money import UnknownCurrency, validate_currency
from core.pagination import PageParams, paginate


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
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    country: str = Field(description="ISO 3166-1 alpha-2, where the merchant is established")
    settlement_currency: str = Field(description="ISO 4217; payouts are made in it")
    trader_verification: TraderVerification = TraderVerification.unverified

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


def create_merchant(session: Session, *, data: MerchantCreate, merchant_id: str | None = None) -> Merchant:
    merchant = Merchant(
        id=merchant_id or new_id("mer"),
        name=data.name,
        country=data.country,
        settlement_currency=data.settlement_currency,
        trader_verification=data.trader_verification.value,
    )
    session.add(merchant)
    session.flush()
    return merchant


def get_merchant(session: Session, *, merchant_id: str, principal: Principal | None = None) -> Merchant:
    merchant = session.get(Merchant, merchant_id)
    if merchant is None or (principal is not None and not principal.can_see_merchant(merchant.id)):
        raise MerchantNotFound(f"no merchant {merchant_id}")
    return merchant


def update_merchant(session: Session, *, merchant_id: str, data: MerchantUpdate) -> Merchant:
    merchant = get_merchant(session, merchant_id=merchant_id)
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(merchant, field, value.value if isinstance(value, TraderVerification) else value)
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


GENERATION = "merchants"


def _info_of(session: Session, merchant_id: str) -> MerchantInfo | None:
    m = session.get(Merchant, merchant_id)
    if m is None:
        return None
    return MerchantInfo(m.id, m.name, m.country, m.settlement_currency, m.trader_verification)


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

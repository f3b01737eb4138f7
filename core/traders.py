"""Trader information (EU Digital Services Act, art. 30): who a merchant is, as a marketplace must know it
before the merchant sells to consumers in the EU.

A merchant (or an admin for it) gives its legal name, address, email, phone, registration number and
register, and certifies that it offers only products that comply with EU law. An admin then verifies it
(`Merchant.trader_verification`). Giving new information puts a verified, unverified or rejected merchant
back to `pending`: what was verified is no longer what is on file. Every change is kept as a
`TraderEvent` (append-only). `missing` says what stands between a merchant and a sale to the EU; the sale
gate (`compliance.gate.check_trader`) refuses quotes and orders while anything is missing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

import pycountry
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, field_validator
from sqlmodel import Session

from core.clock import utc_now
from core.ids import new_id
from core.models import Merchant, TraderEvent, TraderInfo, TraderVerification

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")


class TraderAddress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line1: Text200
    line2: Text200 | None = None
    city: Text100
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    country: str = Field(description="ISO 3166-1 alpha-2")

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        if len(v) != 2 or not v.isupper() or pycountry.countries.get(alpha_2=v) is None:
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 country code")
        return v


class TraderIn(BaseModel):
    """The trader information, whole (a `PUT` replaces what is on file). Anything left out is named in
    `missing` until it is given."""

    model_config = ConfigDict(extra="forbid")

    legal_name: Text200 | None = None
    address: TraderAddress | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] | None = None
    phone: str | None = Field(default=None, description="E.164: a plus sign and 7 to 15 digits")
    registration_number: Text100 | None = None
    trade_register: Text200 | None = Field(
        default=None, description="The trade register (or similar public register) holding the number"
    )
    self_certification: StrictBool = Field(
        default=False,
        description="The trader certifies that it offers only products and services that comply with EU law",
    )

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and not _EMAIL.match(v):
            raise ValueError(f"{v!r} is not an email address")
        return v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is not None and not _PHONE.match(v):
            raise ValueError("a phone number in E.164 form: a plus and 7 to 15 digits, e.g. +493412345678")
        return v


class TraderRead(BaseModel):
    merchant_id: str
    legal_name: str | None
    address: TraderAddress | None
    email: str | None
    phone: str | None
    registration_number: str | None
    trade_register: str | None
    self_certification: bool
    self_certified_at: datetime | None
    verification: TraderVerification
    missing: list[str] = Field(
        description="What stands between the merchant and sales to the EU: each field not given, and "
        "`verification` while an admin has not verified the information"
    )
    updated_at: datetime | None
    updated_by: str | None


class TraderVerificationSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: TraderVerification
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class TraderEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    merchant_id: str
    at: datetime
    actor: str
    action: str
    state_before: TraderVerification
    state_after: TraderVerification
    information: dict[str, Any] | None
    reason: str


INFORMATION_FIELDS = (
    "legal_name",
    "address",
    "email",
    "phone",
    "registration_number",
    "trade_register",
    "self_certification",
)


def missing_information(row: TraderInfo | None) -> list[str]:
    """The trader information fields not on file, in the order of `INFORMATION_FIELDS`."""
    if row is None:
        return list(INFORMATION_FIELDS)
    given = {
        "legal_name": row.legal_name,
        "address": row.address_line1 and row.city and row.postal_code and row.address_country,
        "email": row.email,
        "phone": row.phone,
        "registration_number": row.registration_number,
        "trade_register": row.trade_register,
        "self_certification": row.self_certified_at,
    }
    return [f for f in INFORMATION_FIELDS if not given[f]]


def missing(row: TraderInfo | None, state: str) -> list[str]:
    """What a merchant lacks to sell to the EU: the information not given, then `verification` unless an
    admin verified it."""
    out = missing_information(row)
    if state != TraderVerification.verified.value:
        out.append("verification")
    return out


def as_fields(data: TraderIn) -> dict[str, Any]:
    """The row's columns for `data` (the self-certification's time is set by the caller)."""
    a = data.address
    return {
        "legal_name": data.legal_name,
        "address_line1": a.line1 if a else None,
        "address_line2": a.line2 if a else None,
        "city": a.city if a else None,
        "postal_code": a.postal_code if a else None,
        "address_country": a.country if a else None,
        "email": data.email,
        "phone": data.phone,
        "registration_number": data.registration_number,
        "trade_register": data.trade_register,
    }


def store(session: Session, *, merchant: Merchant, data: TraderIn, actor: str) -> TraderInfo:
    """Keep `data` as the merchant's trader information. New information (anything that differs from what
    is on file) puts the merchant's verification back to `pending` and is recorded; the same information
    given again changes nothing."""
    row = session.get(TraderInfo, merchant.id)
    fields = as_fields(data)
    certified = data.self_certification
    unchanged = row is not None and all(getattr(row, k) == v for k, v in fields.items())
    if unchanged and row is not None and certified == (row.self_certified_at is not None):
        return row
    now = utc_now()
    if row is None:
        row = TraderInfo(merchant_id=merchant.id)
    for k, v in fields.items():
        setattr(row, k, v)
    if not certified:
        row.self_certified_at = None
    elif row.self_certified_at is None:
        row.self_certified_at = now
    row.updated_at, row.updated_by = now, actor
    session.add(row)
    before = merchant.trader_verification
    merchant.trader_verification = TraderVerification.pending.value
    session.add(merchant)
    record(
        session,
        merchant_id=merchant.id,
        actor=actor,
        action="information",
        before=before,
        after=merchant.trader_verification,
        information=data.model_dump(mode="json"),
    )
    session.flush()
    return row


def record(
    session: Session,
    *,
    merchant_id: str,
    actor: str,
    action: str,
    before: str,
    after: str,
    information: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    session.add(
        TraderEvent(
            id=new_id("tev"),
            merchant_id=merchant_id,
            actor=actor,
            action=action,
            state_before=before,
            state_after=after,
            information=information,
            reason=reason,
        )
    )


def read(merchant: Merchant, row: TraderInfo | None) -> TraderRead:
    address = None
    if row is not None and row.address_line1 and row.city and row.postal_code and row.address_country:
        address = TraderAddress(
            line1=row.address_line1,
            line2=row.address_line2,
            city=row.city,
            postal_code=row.postal_code,
            country=row.address_country,
        )
    return TraderRead(
        merchant_id=merchant.id,
        legal_name=row.legal_name if row else None,
        address=address,
        email=row.email if row else None,
        phone=row.phone if row else None,
        registration_number=row.registration_number if row else None,
        trade_register=row.trade_register if row else None,
        self_certification=bool(row and row.self_certified_at),
        self_certified_at=row.self_certified_at if row else None,
        verification=TraderVerification(merchant.trader_verification),
        missing=missing(row, merchant.trader_verification),
        updated_at=row.updated_at if row else None,
        updated_by=row.updated_by if row else None,
    )

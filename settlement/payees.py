"""Payees: whoever settlement pays out, a merchant or a creator, through the same settings, runs, rails and
reconciliation (docs/adr/0012-payees.md).

A payee is named by a `PayeeRef` (type and id), which is also its ledger owner: a payee's accounts are
`(payee_type, payee_id, kind, currency)`. What payouts need of one (name, country, default currency,
verification) is a `Payee`, read for many at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from core.auth import Principal
from core.errors import InvalidInput, NotFound
from core.models import Creator, Merchant, Role
from settlement import ledger


class PayeeType(StrEnum):
    merchant = "merchant"
    creator = "creator"


@dataclass(frozen=True, slots=True, order=True)
class PayeeRef:
    type: PayeeType
    id: str

    @classmethod
    def merchant(cls, merchant_id: str) -> PayeeRef:
        return cls(PayeeType.merchant, merchant_id)

    @classmethod
    def creator(cls, creator_id: str) -> PayeeRef:
        return cls(PayeeType.creator, creator_id)

    @classmethod
    def of(cls, payee_type: str, payee_id: str) -> PayeeRef:
        return cls(PayeeType(payee_type), payee_id)

    @property
    def merchant_id(self) -> str | None:
        """The merchant's id when the payee is one (the API's and tables' `merchant_id`), else None."""
        return self.id if self.type is PayeeType.merchant else None

    def __str__(self) -> str:
        return f"{self.type.value} {self.id}"


@dataclass(frozen=True, slots=True)
class Payee:
    ref: PayeeRef
    name: str
    country: str
    currency: str
    """The default payout currency: a merchant's settlement currency, a creator's payout currency."""
    verification: str
    """A merchant's trader verification, a creator's identity verification (compliance's payout holds)."""


class PayeeNotFound(NotFound):
    slug, title = "payee-not-found", "Payee not found"


def payees(session: Session, refs: Iterable[PayeeRef]) -> dict[PayeeRef, Payee]:
    """The payees that exist among `refs` (missing ones are left out)."""
    wanted: dict[PayeeType, set[str]] = defaultdict(set)
    for ref in refs:
        wanted[ref.type].add(ref.id)
    out: dict[PayeeRef, Payee] = {}
    if wanted[PayeeType.merchant]:
        merchants = sorted(wanted[PayeeType.merchant])
        merchant_rows = session.execute(
            sa_select(
                col(Merchant.id),
                col(Merchant.name),
                col(Merchant.country),
                col(Merchant.settlement_currency),
                col(Merchant.trader_verification),
            ).where(ledger.one_of(session, col(Merchant.id), merchants))
        )
        for id_, name, country, currency, verification in merchant_rows:  # columns, not whole merchants
            ref = PayeeRef.merchant(id_)
            out[ref] = Payee(ref, name, country, currency, verification)
    if wanted[PayeeType.creator]:
        creators = sorted(wanted[PayeeType.creator])
        creator_rows = session.execute(
            sa_select(
                col(Creator.id),
                col(Creator.name),
                col(Creator.country),
                col(Creator.payout_currency),
                col(Creator.verification),
            ).where(ledger.one_of(session, col(Creator.id), creators))
        )
        for id_, name, country, currency, verification in creator_rows:
            ref = PayeeRef.creator(id_)
            out[ref] = Payee(ref, name, country, currency, verification)
    return out


def get_payee(session: Session, ref: PayeeRef) -> Payee:
    found = payees(session, [ref]).get(ref)
    if found is None:
        raise PayeeNotFound(f"no {ref.type.value} {ref.id}")
    return found


def existing_payee(session: Session, ref: PayeeRef, *, field: str) -> Payee:
    """The payee a request names, or InvalidInput naming `field`."""
    found = payees(session, [ref]).get(ref)
    if found is None:
        raise InvalidInput.for_field(field, f"no {ref.type.value} {ref.id}")
    return found


def payee_scope(
    principal: Principal, *, merchant_id: str | None = None, creator_id: str | None = None
) -> PayeeRef | None:
    """The payee a request is about: a merchant's or creator's key is always about itself (naming another
    payee is a 404); an admin names one with `merchant_id` or `creator_id` (None: it named none)."""
    if principal.role is Role.merchant:
        if creator_id or (merchant_id and merchant_id != principal.merchant_id):
            raise NotFound("no such payee")
        return PayeeRef.merchant(principal.merchant_id or "")
    if principal.role is Role.creator:
        if merchant_id or (creator_id and creator_id != principal.creator_id):
            raise NotFound("no such payee")
        return PayeeRef.creator(principal.creator_id or "")
    if merchant_id and creator_id:
        raise InvalidInput.for_field("creator_id", "name a merchant or a creator, not both")
    if merchant_id:
        return PayeeRef.merchant(merchant_id)
    if creator_id:
        return PayeeRef.creator(creator_id)
    return None


def can_see(principal: Principal, ref: PayeeRef) -> bool:
    """Whether the principal may see a payee's object (another payee's is a 404)."""
    if ref.type is PayeeType.merchant:
        return principal.can_see_merchant(ref.id)
    return principal.can_see_creator(ref.id)

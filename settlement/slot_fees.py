"""Slot fees: a fixed amount a merchant owes a creator for a campaign (a head creator's fee for a live-stream
slot, say), charged to the merchant and credited to the creator in one ledger transaction:

    merchant available  -amount
    creator available   +amount      (paid in the next settlement run, like the creator's commission)

The fee is taken from money the merchant already has available, never from pending money (that is still
tied to its orders, which may be refunded), and never more than the available balance: a merchant with less
available gets a 409 `slot-fee-exceeds-available` (otherwise a merchant without funds could have the platform
pay a creator of its choosing). The check holds under concurrency: the merchant's available account is
locked before its balance is read, and the lock is held until the fee commits.

Once per `(merchant, key)`: the key is the request's Idempotency-Key, or the creator and campaign. A second
request with the key returns the first fee; with other terms it is a 409.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.errors import Conflict, InvalidInput, NotFound
from core.ids import new_id
from core.models import Creator, Merchant
from core.money import Money
from core.pagination import PageParams, paginate
from settlement import ledger
from settlement.errors import IdempotencyMismatch
from settlement.ledger import Posting, creator_account, merchant_account
from settlement.models import AccountKind, LedgerAccount, SlotFee
from settlement.service.common import check_amount


class SlotFeeNotFound(NotFound):
    slug, title = "slot-fee-not-found", "Slot fee not found"


class SlotFeeExceedsAvailable(Conflict):
    slug, title = "slot-fee-exceeds-available", "The slot fee is more than the merchant has available"


@dataclass(frozen=True, slots=True)
class SlotFeeCharged:
    fee: SlotFee
    created: bool
    """False: the key's fee was found (a replay)."""


def default_key(creator_id: str, campaign: str) -> str:
    """The key of a request without an Idempotency-Key: one fee per creator and campaign."""
    return f"campaign:{creator_id}:{campaign}"


def _existing(session: Session, merchant_id: str, key: str) -> SlotFee | None:
    return session.exec(
        select(SlotFee)
        .where(col(SlotFee.merchant_id) == merchant_id, col(SlotFee.key) == key)
        .execution_options(populate_existing=True)
    ).first()


def _replayed(fee: SlotFee, creator_id: str, campaign: str, amount: Money) -> SlotFeeCharged:
    if (fee.creator_id, fee.campaign, fee.currency, fee.amount_minor) != (
        creator_id,
        campaign,
        amount.currency,
        amount.to_minor(),
    ):
        raise IdempotencyMismatch(f"slot fee {fee.id} was charged with the same key and other terms")
    return SlotFeeCharged(fee, created=False)


def _check(session: Session, merchant_id: str, creator_id: str, campaign: str, amount: Money) -> None:
    if session.get(Merchant, merchant_id) is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}")
    if session.get(Creator, creator_id) is None:
        raise InvalidInput.for_field("creator_id", f"no creator {creator_id}")
    if not 1 <= len(campaign.strip()) <= 200:
        raise InvalidInput.for_field("campaign", "1 to 200 characters")
    check_amount(amount, "amount")


def charge_slot_fee(
    session: Session,
    *,
    merchant_id: str,
    creator_id: str,
    campaign: str,
    amount: Money,
    key: str | None = None,
    note: str = "",
    actor: str,
) -> SlotFeeCharged:
    """Charge the merchant a slot fee for the creator (see the module docstring)."""
    campaign = campaign.strip()
    _check(session, merchant_id, creator_id, campaign, amount)
    key = key or default_key(creator_id, campaign)
    found = _existing(session, merchant_id, key)
    if found is not None:
        return _replayed(found, creator_id, campaign, amount)
    source = merchant_account(merchant_id, AccountKind.available, amount.currency)
    ids = ledger.account_ids(session, [source])
    ledger.lock_accounts(session, [ids[source]])
    # a concurrent request with the same key waited for the lock: its fee is committed now
    found = _existing(session, merchant_id, key)
    if found is not None:
        return _replayed(found, creator_id, campaign, amount)
    available = session.execute(
        sa_select(col(LedgerAccount.balance_minor)).where(col(LedgerAccount.id) == ids[source])
    ).scalar_one()
    minor = amount.to_minor()
    if minor > int(available):
        left = Money.from_minor(max(int(available), 0), amount.currency)
        raise SlotFeeExceedsAvailable.for_field("amount.amount", f"the merchant has {left} available")
    fee_id = new_id("slf")
    now = utc_now()
    txn = ledger.post(
        session,
        Posting(
            key=f"slot_fee:{merchant_id}:{hashlib.sha256(key.encode()).hexdigest()[:32]}",
            kind="slot_fee",
            reference=fee_id,
            occurred_at=now,
            lines=[
                (source, -minor),
                (creator_account(creator_id, AccountKind.available, amount.currency), minor),
            ],
            details={"merchant": merchant_id, "creator": creator_id, "campaign": campaign},
        ),
    )
    assert txn.id is not None
    fee = SlotFee(
        id=fee_id,
        key=key,
        merchant_id=merchant_id,
        creator_id=creator_id,
        campaign=campaign,
        currency=amount.currency,
        amount_minor=minor,
        note=note,
        txn_id=txn.id,
        created_by=actor,
        created_at=now,
    )
    session.add(fee)
    session.flush()
    return SlotFeeCharged(fee, created=True)


def get_slot_fee(
    session: Session, *, fee_id: str, merchant_id: str | None = None, creator_id: str | None = None
) -> SlotFee:
    """One slot fee; a merchant or creator sees only its own (another's is a 404)."""
    fee = session.get(SlotFee, fee_id)
    if (
        fee is None
        or (merchant_id is not None and fee.merchant_id != merchant_id)
        or (creator_id is not None and fee.creator_id != creator_id)
    ):
        raise SlotFeeNotFound(f"no slot fee {fee_id}")
    return fee


def list_slot_fees(
    session: Session, *, merchant_id: str | None, creator_id: str | None, page: PageParams
) -> tuple[Sequence[SlotFee], bool]:
    stmt = select(SlotFee)
    if merchant_id is not None:
        stmt = stmt.where(col(SlotFee.merchant_id) == merchant_id)
    if creator_id is not None:
        stmt = stmt.where(col(SlotFee.creator_id) == creator_id)
    return paginate(session, stmt, SlotFee.id, page)

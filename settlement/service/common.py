"""What the sale, release and refund steps share: the batch result, input checks, the policy versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from core.errors import InvalidInput
from core.money import Money
from settlement.errors import OrderNotRecorded
from settlement.models import (
    SettlementOrder,
)
from settlement.policy import (
    PolicyVersion,
    policy_versions,
)

MAX_GROSS_MINOR = 10**15


FULFILLMENT_MODELS = ("merchant", "fully_managed")


@dataclass(slots=True)
class Recorded:
    transactions: dict[str, int] = field(default_factory=dict)
    """Order (or refund) id -> ledger transaction id."""
    new: int = 0
    replayed: int = 0
    entries: int = 0


def field_name(prefix: str, i: int | None, name: str) -> str:
    return f"{prefix}[{i}].{name}" if i is not None else name


def check_id(value: str, name: str) -> None:
    if not isinstance(value, str) or not 1 <= len(value) <= 100 or not value.isprintable():
        raise InvalidInput.for_field(name, "must be 1 to 100 printable characters")


def check_amount(money: Money, name: str) -> int:
    try:
        minor = money.to_minor()
    except ValueError:
        raise InvalidInput.for_field(
            f"{name}.amount", f"has more decimals than {money.currency} allows"
        ) from None
    if minor <= 0:
        raise InvalidInput.for_field(f"{name}.amount", "must be more than zero")
    if minor > MAX_GROSS_MINOR:
        raise InvalidInput.for_field(f"{name}.amount", "is too large")
    return minor


class Policies:
    def __init__(self, session: Session) -> None:
        self.versions = policy_versions(session)

    def on(self, at: datetime) -> PolicyVersion:
        current = self.versions[0]
        for v in self.versions:
            if v.effective_from <= at:
                current = v
        return current


def get_order(session: Session, *, order_id: str, lock: bool = False) -> SettlementOrder:
    stmt = select(SettlementOrder).where(col(SettlementOrder.order_id) == order_id)
    if lock:
        stmt = stmt.with_for_update()
    order = session.exec(stmt.execution_options(populate_existing=True)).first()
    if order is None:
        raise OrderNotRecorded(f"settlement has no order {order_id}")
    return order

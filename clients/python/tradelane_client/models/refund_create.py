from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.positive_money import PositiveMoney


T = TypeVar("T", bound="RefundCreate")


@_attrs_define
class RefundCreate:
    """
    Attributes:
        amount (PositiveMoney): Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A zero
            or negative
            amount is named on `<field>.amount`. Example: {'amount': '12.50', 'currency': 'USD'}.
        order_id (str):
        refund_id (str):
        refunded_at (datetime.datetime | None | Unset):
    """

    amount: PositiveMoney
    order_id: str
    refund_id: str
    refunded_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        order_id = self.order_id

        refund_id = self.refund_id

        refunded_at: None | str | Unset
        if isinstance(self.refunded_at, Unset):
            refunded_at = UNSET
        elif isinstance(self.refunded_at, datetime.datetime):
            refunded_at = self.refunded_at.isoformat()
        else:
            refunded_at = self.refunded_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "order_id": order_id,
                "refund_id": refund_id,
            }
        )
        if refunded_at is not UNSET:
            field_dict["refunded_at"] = refunded_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        amount = PositiveMoney.from_dict(d.pop("amount"))

        order_id = d.pop("order_id")

        refund_id = d.pop("refund_id")

        def _parse_refunded_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                refunded_at_type_0 = datetime.datetime.fromisoformat(data)

                return refunded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        refunded_at = _parse_refunded_at(d.pop("refunded_at", UNSET))

        refund_create = cls(
            amount=amount,
            order_id=order_id,
            refund_id=refund_id,
            refunded_at=refunded_at,
        )

        return refund_create

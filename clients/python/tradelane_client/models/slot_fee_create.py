from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.positive_money import PositiveMoney


T = TypeVar("T", bound="SlotFeeCreate")


@_attrs_define
class SlotFeeCreate:
    """
    Attributes:
        amount (PositiveMoney): Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A zero
            or negative
            amount is named on `<field>.amount`. Example: {'amount': '12.50', 'currency': 'USD'}.
        campaign (str):
        creator_id (str):
        merchant_id (None | str | Unset): Admin: the merchant charged; a merchant key: itself
        note (str | Unset):  Default: ''.
    """

    amount: PositiveMoney
    campaign: str
    creator_id: str
    merchant_id: None | str | Unset = UNSET
    note: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        campaign = self.campaign

        creator_id = self.creator_id

        merchant_id: None | str | Unset
        if isinstance(self.merchant_id, Unset):
            merchant_id = UNSET
        else:
            merchant_id = self.merchant_id

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "campaign": campaign,
                "creator_id": creator_id,
            }
        )
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        amount = PositiveMoney.from_dict(d.pop("amount"))

        campaign = d.pop("campaign")

        creator_id = d.pop("creator_id")

        def _parse_merchant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id", UNSET))

        note = d.pop("note", UNSET)

        slot_fee_create = cls(
            amount=amount,
            campaign=campaign,
            creator_id=creator_id,
            merchant_id=merchant_id,
            note=note,
        )

        return slot_fee_create

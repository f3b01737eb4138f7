from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="SlotFeeRead")


@_attrs_define
class SlotFeeRead:
    """
    Attributes:
        amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        campaign (str):
        created_at (datetime.datetime):
        creator_id (str):
        id (str):
        merchant_id (str):
        note (str):
        transaction (int):
        status (Literal['charged'] | Unset):  Default: 'charged'.
    """

    amount: MoneyModel
    campaign: str
    created_at: datetime.datetime
    creator_id: str
    id: str
    merchant_id: str
    note: str
    transaction: int
    status: Literal["charged"] | Unset = "charged"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        campaign = self.campaign

        created_at = self.created_at.isoformat()

        creator_id = self.creator_id

        id = self.id

        merchant_id = self.merchant_id

        note = self.note

        transaction = self.transaction

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "campaign": campaign,
                "created_at": created_at,
                "creator_id": creator_id,
                "id": id,
                "merchant_id": merchant_id,
                "note": note,
                "transaction": transaction,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyModel.from_dict(d.pop("amount"))

        campaign = d.pop("campaign")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_id = d.pop("creator_id")

        id = d.pop("id")

        merchant_id = d.pop("merchant_id")

        note = d.pop("note")

        transaction = d.pop("transaction")

        status = cast(Literal["charged"] | Unset, d.pop("status", UNSET))
        if status != "charged" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'charged', got '{status}'")

        slot_fee_read = cls(
            amount=amount,
            campaign=campaign,
            created_at=created_at,
            creator_id=creator_id,
            id=id,
            merchant_id=merchant_id,
            note=note,
            transaction=transaction,
            status=status,
        )

        slot_fee_read.additional_properties = d
        return slot_fee_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.return_item_in_reason import ReturnItemInReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReturnItemIn")


@_attrs_define
class ReturnItemIn:
    """
    Attributes:
        quantity (int):
        sku (str):
        reason (ReturnItemInReason | Unset):  Default: ReturnItemInReason.OTHER.
    """

    quantity: int
    sku: str
    reason: ReturnItemInReason | Unset = ReturnItemInReason.OTHER

    def to_dict(self) -> dict[str, Any]:
        quantity = self.quantity

        sku = self.sku

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "quantity": quantity,
                "sku": sku,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quantity = d.pop("quantity")

        sku = d.pop("sku")

        _reason = d.pop("reason", UNSET)
        reason: ReturnItemInReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = ReturnItemInReason(_reason)

        return_item_in = cls(
            quantity=quantity,
            sku=sku,
            reason=reason,
        )

        return return_item_in

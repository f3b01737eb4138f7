from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReturnLineRead")


@_attrs_define
class ReturnLineRead:
    """
    Attributes:
        category (str):
        quantity (int):
        reason (str):
        refunded (int):
        restocked (int):
        sku (str):
    """

    category: str
    quantity: int
    reason: str
    refunded: int
    restocked: int
    sku: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        quantity = self.quantity

        reason = self.reason

        refunded = self.refunded

        restocked = self.restocked

        sku = self.sku

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "quantity": quantity,
                "reason": reason,
                "refunded": refunded,
                "restocked": restocked,
                "sku": sku,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        quantity = d.pop("quantity")

        reason = d.pop("reason")

        refunded = d.pop("refunded")

        restocked = d.pop("restocked")

        sku = d.pop("sku")

        return_line_read = cls(
            category=category,
            quantity=quantity,
            reason=reason,
            refunded=refunded,
            restocked=restocked,
            sku=sku,
        )

        return_line_read.additional_properties = d
        return return_line_read

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

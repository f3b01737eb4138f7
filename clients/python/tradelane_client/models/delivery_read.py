from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeliveryRead")


@_attrs_define
class DeliveryRead:
    """
    Attributes:
        available_on (datetime.date):
        delivered_at (datetime.datetime):
        hold_reasons (list[str]):
        order_id (str):
        released (bool):
        reserve_release_on (datetime.date):
    """

    available_on: datetime.date
    delivered_at: datetime.datetime
    hold_reasons: list[str]
    order_id: str
    released: bool
    reserve_release_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_on = self.available_on.isoformat()

        delivered_at = self.delivered_at.isoformat()

        hold_reasons = self.hold_reasons

        order_id = self.order_id

        released = self.released

        reserve_release_on = self.reserve_release_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available_on": available_on,
                "delivered_at": delivered_at,
                "hold_reasons": hold_reasons,
                "order_id": order_id,
                "released": released,
                "reserve_release_on": reserve_release_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available_on = datetime.date.fromisoformat(d.pop("available_on"))

        delivered_at = datetime.datetime.fromisoformat(d.pop("delivered_at"))

        hold_reasons = cast(list[str], d.pop("hold_reasons"))

        order_id = d.pop("order_id")

        released = d.pop("released")

        reserve_release_on = datetime.date.fromisoformat(d.pop("reserve_release_on"))

        delivery_read = cls(
            available_on=available_on,
            delivered_at=delivered_at,
            hold_reasons=hold_reasons,
            order_id=order_id,
            released=released,
            reserve_release_on=reserve_release_on,
        )

        delivery_read.additional_properties = d
        return delivery_read

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

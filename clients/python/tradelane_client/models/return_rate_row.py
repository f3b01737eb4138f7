from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReturnRateRow")


@_attrs_define
class ReturnRateRow:
    """
    Attributes:
        flagged (bool):
        key (str):
        orders (int):
        rate (float):
        top_reasons (list[str]):
        units_returned (int):
        units_sold (int):
    """

    flagged: bool
    key: str
    orders: int
    rate: float
    top_reasons: list[str]
    units_returned: int
    units_sold: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        flagged = self.flagged

        key = self.key

        orders = self.orders

        rate = self.rate

        top_reasons = self.top_reasons

        units_returned = self.units_returned

        units_sold = self.units_sold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "flagged": flagged,
                "key": key,
                "orders": orders,
                "rate": rate,
                "top_reasons": top_reasons,
                "units_returned": units_returned,
                "units_sold": units_sold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        flagged = d.pop("flagged")

        key = d.pop("key")

        orders = d.pop("orders")

        rate = d.pop("rate")

        top_reasons = cast(list[str], d.pop("top_reasons"))

        units_returned = d.pop("units_returned")

        units_sold = d.pop("units_sold")

        return_rate_row = cls(
            flagged=flagged,
            key=key,
            orders=orders,
            rate=rate,
            top_reasons=top_reasons,
            units_returned=units_returned,
            units_sold=units_sold,
        )

        return_rate_row.additional_properties = d
        return return_rate_row

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

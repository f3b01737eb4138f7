from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.return_rate_read import ReturnRateRead


T = TypeVar("T", bound="ReturnRateList")


@_attrs_define
class ReturnRateList:
    """The merchant's return rate per category over the policy's rolling window, highest first.

    Attributes:
        data (list[ReturnRateRead]):
        flag_bps (int): A rate above this flags the category
        merchant_id (str):
        min_orders (int): Fewer orders than this in the window and the rate flags nothing
        since (datetime.datetime): The window's start: orders paid since then
        window_days (int):
    """

    data: list[ReturnRateRead]
    flag_bps: int
    merchant_id: str
    min_orders: int
    since: datetime.datetime
    window_days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        flag_bps = self.flag_bps

        merchant_id = self.merchant_id

        min_orders = self.min_orders

        since = self.since.isoformat()

        window_days = self.window_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "flag_bps": flag_bps,
                "merchant_id": merchant_id,
                "min_orders": min_orders,
                "since": since,
                "window_days": window_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_rate_read import ReturnRateRead  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ReturnRateRead.from_dict(data_item_data)

            data.append(data_item)

        flag_bps = d.pop("flag_bps")

        merchant_id = d.pop("merchant_id")

        min_orders = d.pop("min_orders")

        since = datetime.datetime.fromisoformat(d.pop("since"))

        window_days = d.pop("window_days")

        return_rate_list = cls(
            data=data,
            flag_bps=flag_bps,
            merchant_id=merchant_id,
            min_orders=min_orders,
            since=since,
            window_days=window_days,
        )

        return_rate_list.additional_properties = d
        return return_rate_list

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payout_setting_change_read import PayoutSettingChangeRead


T = TypeVar("T", bound="PayoutSettingChangeList")


@_attrs_define
class PayoutSettingChangeList:
    """
    Attributes:
        data (list[PayoutSettingChangeRead]):
        has_more (bool | Unset):  Default: False.
    """

    data: list[PayoutSettingChangeRead]
    has_more: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if has_more is not UNSET:
            field_dict["has_more"] = has_more

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payout_setting_change_read import PayoutSettingChangeRead  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = PayoutSettingChangeRead.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more", UNSET)

        payout_setting_change_list = cls(
            data=data,
            has_more=has_more,
        )

        payout_setting_change_list.additional_properties = d
        return payout_setting_change_list

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PayoutSettingFieldChange")


@_attrs_define
class PayoutSettingFieldChange:
    """
    Attributes:
        previous (int | None | str):
        proposed (int | None | str):
    """

    previous: int | None | str
    proposed: int | None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        previous: int | None | str
        previous = self.previous

        proposed: int | None | str
        proposed = self.proposed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "previous": previous,
                "proposed": proposed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_previous(data: object) -> int | None | str:
            if data is None:
                return data
            return cast(int | None | str, data)

        previous = _parse_previous(d.pop("previous"))

        def _parse_proposed(data: object) -> int | None | str:
            if data is None:
                return data
            return cast(int | None | str, data)

        proposed = _parse_proposed(d.pop("proposed"))

        payout_setting_field_change = cls(
            previous=previous,
            proposed=proposed,
        )

        payout_setting_field_change.additional_properties = d
        return payout_setting_field_change

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

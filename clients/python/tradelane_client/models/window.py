from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Window")


@_attrs_define
class Window:
    """
    Attributes:
        earliest (datetime.date):
        latest (datetime.date):
        likely (datetime.date):
    """

    earliest: datetime.date
    latest: datetime.date
    likely: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        earliest = self.earliest.isoformat()

        latest = self.latest.isoformat()

        likely = self.likely.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "earliest": earliest,
                "latest": latest,
                "likely": likely,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        earliest = datetime.date.fromisoformat(d.pop("earliest"))

        latest = datetime.date.fromisoformat(d.pop("latest"))

        likely = datetime.date.fromisoformat(d.pop("likely"))

        window = cls(
            earliest=earliest,
            latest=latest,
            likely=likely,
        )

        window.additional_properties = d
        return window

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

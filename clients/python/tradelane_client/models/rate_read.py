from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RateRead")


@_attrs_define
class RateRead:
    """
    Attributes:
        age_days (int): Days between the rate's date and the day asked for
        rate (str):
        rate_date (datetime.date): The day the rate was published (on or before the day asked for)
        source (str):
    """

    age_days: int
    rate: str
    rate_date: datetime.date
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        age_days = self.age_days

        rate = self.rate

        rate_date = self.rate_date.isoformat()

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "age_days": age_days,
                "rate": rate,
                "rate_date": rate_date,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        age_days = d.pop("age_days")

        rate = d.pop("rate")

        rate_date = datetime.date.fromisoformat(d.pop("rate_date"))

        source = d.pop("source")

        rate_read = cls(
            age_days=age_days,
            rate=rate,
            rate_date=rate_date,
            source=source,
        )

        rate_read.additional_properties = d
        return rate_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FxUsed")


@_attrs_define
class FxUsed:
    """
    Attributes:
        base (str):
        quote (str):
        rate (str):
        rate_date (datetime.date):
        source (str):
    """

    base: str
    quote: str
    rate: str
    rate_date: datetime.date
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base = self.base

        quote = self.quote

        rate = self.rate

        rate_date = self.rate_date.isoformat()

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "quote": quote,
                "rate": rate,
                "rate_date": rate_date,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base = d.pop("base")

        quote = d.pop("quote")

        rate = d.pop("rate")

        rate_date = datetime.date.fromisoformat(d.pop("rate_date"))

        source = d.pop("source")

        fx_used = cls(
            base=base,
            quote=quote,
            rate=rate,
            rate_date=rate_date,
            source=source,
        )

        fx_used.additional_properties = d
        return fx_used

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

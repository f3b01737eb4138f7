from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SupplementaryRateRead")


@_attrs_define
class SupplementaryRateRead:
    """
    Attributes:
        as_of (datetime.date):
        base (str):
        created_at (datetime.datetime):
        currency (str):
        rate (str):
        source (str):
    """

    as_of: datetime.date
    base: str
    created_at: datetime.datetime
    currency: str
    rate: str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        base = self.base

        created_at = self.created_at.isoformat()

        currency = self.currency

        rate = self.rate

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "base": base,
                "created_at": created_at,
                "currency": currency,
                "rate": rate,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        base = d.pop("base")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        rate = d.pop("rate")

        source = d.pop("source")

        supplementary_rate_read = cls(
            as_of=as_of,
            base=base,
            created_at=created_at,
            currency=currency,
            rate=rate,
            source=source,
        )

        supplementary_rate_read.additional_properties = d
        return supplementary_rate_read

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

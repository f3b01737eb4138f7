from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FxMarkupRead")


@_attrs_define
class FxMarkupRead:
    """
    Attributes:
        base (str): The currency the client sells
        markup_bps (int):
        quote (str): The currency the client buys
        updated_at (datetime.datetime):
    """

    base: str
    markup_bps: int
    quote: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base = self.base

        markup_bps = self.markup_bps

        quote = self.quote

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "markup_bps": markup_bps,
                "quote": quote,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base = d.pop("base")

        markup_bps = d.pop("markup_bps")

        quote = d.pop("quote")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        fx_markup_read = cls(
            base=base,
            markup_bps=markup_bps,
            quote=quote,
            updated_at=updated_at,
        )

        fx_markup_read.additional_properties = d
        return fx_markup_read

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

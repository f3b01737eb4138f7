from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FxMarkupUpdate")


@_attrs_define
class FxMarkupUpdate:
    """
    Attributes:
        markup_bps (int): Basis points below the reference rate
    """

    markup_bps: int

    def to_dict(self) -> dict[str, Any]:
        markup_bps = self.markup_bps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "markup_bps": markup_bps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        markup_bps = d.pop("markup_bps")

        fx_markup_update = cls(
            markup_bps=markup_bps,
        )

        return fx_markup_update

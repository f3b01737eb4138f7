from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TransitSpec")


@_attrs_define
class TransitSpec:
    """
    Attributes:
        clearance (list[int]):
        last_mile (list[int]):
        line_haul (list[int]):
    """

    clearance: list[int]
    last_mile: list[int]
    line_haul: list[int]

    def to_dict(self) -> dict[str, Any]:
        clearance = self.clearance

        last_mile = self.last_mile

        line_haul = self.line_haul

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "clearance": clearance,
                "last_mile": last_mile,
                "line_haul": line_haul,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        clearance = cast(list[int], d.pop("clearance"))

        last_mile = cast(list[int], d.pop("last_mile"))

        line_haul = cast(list[int], d.pop("line_haul"))

        transit_spec = cls(
            clearance=clearance,
            last_mile=last_mile,
            line_haul=line_haul,
        )

        return transit_spec

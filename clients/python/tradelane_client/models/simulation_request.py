from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulationRequest")


@_attrs_define
class SimulationRequest:
    """
    Attributes:
        days (int | Unset):  Default: 30.
        samples (int | Unset):  Default: 10.
    """

    days: int | Unset = 30
    samples: int | Unset = 10

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        samples = self.samples

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if days is not UNSET:
            field_dict["days"] = days
        if samples is not UNSET:
            field_dict["samples"] = samples

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days", UNSET)

        samples = d.pop("samples", UNSET)

        simulation_request = cls(
            days=days,
            samples=samples,
        )

        return simulation_request

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.carrier_create_adapter import CarrierCreateAdapter
from ..types import UNSET, Unset

T = TypeVar("T", bound="CarrierCreate")


@_attrs_define
class CarrierCreate:
    """
    Attributes:
        code (str):
        name (str):
        active (bool | Unset):  Default: True.
        adapter (CarrierCreateAdapter | Unset):  Default: CarrierCreateAdapter.RATE_SHEET.
    """

    code: str
    name: str
    active: bool | Unset = True
    adapter: CarrierCreateAdapter | Unset = CarrierCreateAdapter.RATE_SHEET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        active = self.active

        adapter: str | Unset = UNSET
        if not isinstance(self.adapter, Unset):
            adapter = self.adapter.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "name": name,
            }
        )
        if active is not UNSET:
            field_dict["active"] = active
        if adapter is not UNSET:
            field_dict["adapter"] = adapter

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        active = d.pop("active", UNSET)

        _adapter = d.pop("adapter", UNSET)
        adapter: CarrierCreateAdapter | Unset
        if isinstance(_adapter, Unset):
            adapter = UNSET
        else:
            adapter = CarrierCreateAdapter(_adapter)

        carrier_create = cls(
            code=code,
            name=name,
            active=active,
            adapter=adapter,
        )

        return carrier_create

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.carrier_read_adapter import CarrierReadAdapter

T = TypeVar("T", bound="CarrierRead")


@_attrs_define
class CarrierRead:
    """
    Attributes:
        active (bool):
        adapter (CarrierReadAdapter):
        code (str):
        created_at (datetime.datetime):
        id (str):
        name (str):
    """

    active: bool
    adapter: CarrierReadAdapter
    code: str
    created_at: datetime.datetime
    id: str
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        adapter = self.adapter.value

        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "adapter": adapter,
                "code": code,
                "created_at": created_at,
                "id": id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        adapter = CarrierReadAdapter(d.pop("adapter"))

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        carrier_read = cls(
            active=active,
            adapter=adapter,
            code=code,
            created_at=created_at,
            id=id,
            name=name,
        )

        carrier_read.additional_properties = d
        return carrier_read

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

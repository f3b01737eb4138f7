from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Rejected")


@_attrs_define
class Rejected:
    """
    Attributes:
        message (str):
        reason (str):
        service (None | str):
        warehouse (None | str):
    """

    message: str
    reason: str
    service: None | str
    warehouse: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        reason = self.reason

        service: None | str
        service = self.service

        warehouse: None | str
        warehouse = self.warehouse

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "reason": reason,
                "service": service,
                "warehouse": warehouse,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        reason = d.pop("reason")

        def _parse_service(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service = _parse_service(d.pop("service"))

        def _parse_warehouse(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        warehouse = _parse_warehouse(d.pop("warehouse"))

        rejected = cls(
            message=message,
            reason=reason,
            service=service,
            warehouse=warehouse,
        )

        rejected.additional_properties = d
        return rejected

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

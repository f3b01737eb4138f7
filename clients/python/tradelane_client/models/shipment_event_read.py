from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShipmentEventRead")


@_attrs_define
class ShipmentEventRead:
    """
    Attributes:
        applied (bool):
        event_id (str):
        location (str):
        occurred_at (datetime.datetime):
        reason (None | str):
        status (str):
    """

    applied: bool
    event_id: str
    location: str
    occurred_at: datetime.datetime
    reason: None | str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        applied = self.applied

        event_id = self.event_id

        location = self.location

        occurred_at = self.occurred_at.isoformat()

        reason: None | str
        reason = self.reason

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applied": applied,
                "event_id": event_id,
                "location": location,
                "occurred_at": occurred_at,
                "reason": reason,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        applied = d.pop("applied")

        event_id = d.pop("event_id")

        location = d.pop("location")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = d.pop("status")

        shipment_event_read = cls(
            applied=applied,
            event_id=event_id,
            location=location,
            occurred_at=occurred_at,
            reason=reason,
            status=status,
        )

        shipment_event_read.additional_properties = d
        return shipment_event_read

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

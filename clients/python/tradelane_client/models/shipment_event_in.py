from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.shipment_event_in_reason_type_0 import ShipmentEventInReasonType0
from ..models.shipment_event_in_status import ShipmentEventInStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShipmentEventIn")


@_attrs_define
class ShipmentEventIn:
    """
    Attributes:
        event_id (str):
        occurred_at (datetime.datetime):
        status (ShipmentEventInStatus):
        location (str | Unset):  Default: ''.
        reason (None | ShipmentEventInReasonType0 | Unset):
    """

    event_id: str
    occurred_at: datetime.datetime
    status: ShipmentEventInStatus
    location: str | Unset = ""
    reason: None | ShipmentEventInReasonType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        occurred_at = self.occurred_at.isoformat()

        status = self.status.value

        location = self.location

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        elif isinstance(self.reason, ShipmentEventInReasonType0):
            reason = self.reason.value
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_id": event_id,
                "occurred_at": occurred_at,
                "status": status,
            }
        )
        if location is not UNSET:
            field_dict["location"] = location
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_id = d.pop("event_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        status = ShipmentEventInStatus(d.pop("status"))

        location = d.pop("location", UNSET)

        def _parse_reason(data: object) -> None | ShipmentEventInReasonType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_0 = ShipmentEventInReasonType0(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShipmentEventInReasonType0 | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        shipment_event_in = cls(
            event_id=event_id,
            occurred_at=occurred_at,
            status=status,
            location=location,
            reason=reason,
        )

        return shipment_event_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.return_label_read_label_type_0 import ReturnLabelReadLabelType0


T = TypeVar("T", bound="ReturnLabelRead")


@_attrs_define
class ReturnLabelRead:
    """The label that takes the parcel back to the centre, booked with the carrier after the commit.

    Attributes:
        booked_at (datetime.datetime | None):
        carrier_code (None | str):
        label (None | ReturnLabelReadLabelType0):
        messages (list[str]):
        service_code (None | str):
        tracking_number (None | str):
    """

    booked_at: datetime.datetime | None
    carrier_code: None | str
    label: None | ReturnLabelReadLabelType0
    messages: list[str]
    service_code: None | str
    tracking_number: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.return_label_read_label_type_0 import ReturnLabelReadLabelType0  # noqa: PLC0415

        booked_at: None | str
        if isinstance(self.booked_at, datetime.datetime):
            booked_at = self.booked_at.isoformat()
        else:
            booked_at = self.booked_at

        carrier_code: None | str
        carrier_code = self.carrier_code

        label: dict[str, Any] | None
        if isinstance(self.label, ReturnLabelReadLabelType0):
            label = self.label.to_dict()
        else:
            label = self.label

        messages = self.messages

        service_code: None | str
        service_code = self.service_code

        tracking_number: None | str
        tracking_number = self.tracking_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booked_at": booked_at,
                "carrier_code": carrier_code,
                "label": label,
                "messages": messages,
                "service_code": service_code,
                "tracking_number": tracking_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_label_read_label_type_0 import ReturnLabelReadLabelType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_booked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                booked_at_type_0 = datetime.datetime.fromisoformat(data)

                return booked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        booked_at = _parse_booked_at(d.pop("booked_at"))

        def _parse_carrier_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        carrier_code = _parse_carrier_code(d.pop("carrier_code"))

        def _parse_label(data: object) -> None | ReturnLabelReadLabelType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                label_type_0 = ReturnLabelReadLabelType0.from_dict(data)

                return label_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReturnLabelReadLabelType0, data)

        label = _parse_label(d.pop("label"))

        messages = cast(list[str], d.pop("messages"))

        def _parse_service_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service_code = _parse_service_code(d.pop("service_code"))

        def _parse_tracking_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking_number = _parse_tracking_number(d.pop("tracking_number"))

        return_label_read = cls(
            booked_at=booked_at,
            carrier_code=carrier_code,
            label=label,
            messages=messages,
            service_code=service_code,
            tracking_number=tracking_number,
        )

        return_label_read.additional_properties = d
        return return_label_read

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

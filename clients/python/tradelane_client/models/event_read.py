from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_read_data import EventReadData


T = TypeVar("T", bound="EventRead")


@_attrs_define
class EventRead:
    """
    Attributes:
        created_at (datetime.datetime):
        creator_id (None | str):
        data (EventReadData): The object (or the change) as the event reports it
        id (str):
        merchant_id (None | str):
        subject_id (str): The object the event is about
        type_ (str):
    """

    created_at: datetime.datetime
    creator_id: None | str
    data: EventReadData
    id: str
    merchant_id: None | str
    subject_id: str
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        creator_id: None | str
        creator_id = self.creator_id

        data = self.data.to_dict()

        id = self.id

        merchant_id: None | str
        merchant_id = self.merchant_id

        subject_id = self.subject_id

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "creator_id": creator_id,
                "data": data,
                "id": id,
                "merchant_id": merchant_id,
                "subject_id": subject_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_read_data import EventReadData  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_creator_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        creator_id = _parse_creator_id(d.pop("creator_id"))

        data = EventReadData.from_dict(d.pop("data"))

        id = d.pop("id")

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        subject_id = d.pop("subject_id")

        type_ = d.pop("type")

        event_read = cls(
            created_at=created_at,
            creator_id=creator_id,
            data=data,
            id=id,
            merchant_id=merchant_id,
            subject_id=subject_id,
            type_=type_,
        )

        event_read.additional_properties = d
        return event_read

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

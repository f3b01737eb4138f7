from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.endpoint_status import EndpointStatus
from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointCreated")


@_attrs_define
class WebhookEndpointCreated:
    """
    Attributes:
        created_at (datetime.datetime):
        creator_id (None | str):
        description (str):
        event_types (list[str]):
        failing_since (datetime.datetime | None):
        id (str):
        merchant_id (None | str):
        owner_role (Role):
        secret (None | str): The signing secret (`whsec_...`, Standard Webhooks), shown this once: a replay of the
            creation (same `Idempotency-Key`) answers null and a `note`, since the secret is stored nowhere
        status (EndpointStatus):
        url (str):
        note (None | str | Unset):
    """

    created_at: datetime.datetime
    creator_id: None | str
    description: str
    event_types: list[str]
    failing_since: datetime.datetime | None
    id: str
    merchant_id: None | str
    owner_role: Role
    secret: None | str
    status: EndpointStatus
    url: str
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        creator_id: None | str
        creator_id = self.creator_id

        description = self.description

        event_types = self.event_types

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        id = self.id

        merchant_id: None | str
        merchant_id = self.merchant_id

        owner_role = self.owner_role.value

        secret: None | str
        secret = self.secret

        status = self.status.value

        url = self.url

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "creator_id": creator_id,
                "description": description,
                "event_types": event_types,
                "failing_since": failing_since,
                "id": id,
                "merchant_id": merchant_id,
                "owner_role": owner_role,
                "secret": secret,
                "status": status,
                "url": url,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_creator_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        creator_id = _parse_creator_id(d.pop("creator_id"))

        description = d.pop("description")

        event_types = cast(list[str], d.pop("event_types"))

        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_since_type_0 = datetime.datetime.fromisoformat(data)

                return failing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        id = d.pop("id")

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        owner_role = Role(d.pop("owner_role"))

        def _parse_secret(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        secret = _parse_secret(d.pop("secret"))

        status = EndpointStatus(d.pop("status"))

        url = d.pop("url")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        webhook_endpoint_created = cls(
            created_at=created_at,
            creator_id=creator_id,
            description=description,
            event_types=event_types,
            failing_since=failing_since,
            id=id,
            merchant_id=merchant_id,
            owner_role=owner_role,
            secret=secret,
            status=status,
            url=url,
            note=note,
        )

        webhook_endpoint_created.additional_properties = d
        return webhook_endpoint_created

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

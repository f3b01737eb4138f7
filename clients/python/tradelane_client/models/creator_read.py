from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trader_verification import TraderVerification

T = TypeVar("T", bound="CreatorRead")


@_attrs_define
class CreatorRead:
    """
    Attributes:
        country (str):
        created_at (datetime.datetime):
        handle (None | str):
        id (str):
        name (str):
        payout_currency (str):
        verification (TraderVerification):
    """

    country: str
    created_at: datetime.datetime
    handle: None | str
    id: str
    name: str
    payout_currency: str
    verification: TraderVerification
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        created_at = self.created_at.isoformat()

        handle: None | str
        handle = self.handle

        id = self.id

        name = self.name

        payout_currency = self.payout_currency

        verification = self.verification.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "created_at": created_at,
                "handle": handle,
                "id": id,
                "name": name,
                "payout_currency": payout_currency,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_handle(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handle = _parse_handle(d.pop("handle"))

        id = d.pop("id")

        name = d.pop("name")

        payout_currency = d.pop("payout_currency")

        verification = TraderVerification(d.pop("verification"))

        creator_read = cls(
            country=country,
            created_at=created_at,
            handle=handle,
            id=id,
            name=name,
            payout_currency=payout_currency,
            verification=verification,
        )

        creator_read.additional_properties = d
        return creator_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trader_verification import TraderVerification

T = TypeVar("T", bound="MerchantRead")


@_attrs_define
class MerchantRead:
    """
    Attributes:
        country (str):
        created_at (datetime.datetime):
        id (str):
        name (str):
        settlement_currency (str):
        trader_verification (TraderVerification):
    """

    country: str
    created_at: datetime.datetime
    id: str
    name: str
    settlement_currency: str
    trader_verification: TraderVerification
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        settlement_currency = self.settlement_currency

        trader_verification = self.trader_verification.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "created_at": created_at,
                "id": id,
                "name": name,
                "settlement_currency": settlement_currency,
                "trader_verification": trader_verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        settlement_currency = d.pop("settlement_currency")

        trader_verification = TraderVerification(d.pop("trader_verification"))

        merchant_read = cls(
            country=country,
            created_at=created_at,
            id=id,
            name=name,
            settlement_currency=settlement_currency,
            trader_verification=trader_verification,
        )

        merchant_read.additional_properties = d
        return merchant_read

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

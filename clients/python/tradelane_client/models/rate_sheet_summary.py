from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RateSheetSummary")


@_attrs_define
class RateSheetSummary:
    """
    Attributes:
        created_at (datetime.datetime):
        currency (str):
        effective_from (datetime.date):
        effective_to (datetime.date | None):
        id (str):
        name (str):
        origin_country (str):
        service_code (str):
        source (str):
    """

    created_at: datetime.datetime
    currency: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    id: str
    name: str
    origin_country: str
    service_code: str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        currency = self.currency

        effective_from = self.effective_from.isoformat()

        effective_to: None | str
        if isinstance(self.effective_to, datetime.date):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        id = self.id

        name = self.name

        origin_country = self.origin_country

        service_code = self.service_code

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "currency": currency,
                "effective_from": effective_from,
                "effective_to": effective_to,
                "id": id,
                "name": name,
                "origin_country": origin_country,
                "service_code": service_code,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        def _parse_effective_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_to_type_0 = datetime.date.fromisoformat(data)

                return effective_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        effective_to = _parse_effective_to(d.pop("effective_to"))

        id = d.pop("id")

        name = d.pop("name")

        origin_country = d.pop("origin_country")

        service_code = d.pop("service_code")

        source = d.pop("source")

        rate_sheet_summary = cls(
            created_at=created_at,
            currency=currency,
            effective_from=effective_from,
            effective_to=effective_to,
            id=id,
            name=name,
            origin_country=origin_country,
            service_code=service_code,
            source=source,
        )

        rate_sheet_summary.additional_properties = d
        return rate_sheet_summary

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

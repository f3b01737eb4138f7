from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RemoteAreaSpecInput")


@_attrs_define
class RemoteAreaSpecInput:
    """
    Attributes:
        country (str):
        postal_prefixes (list[str]):
        surcharge (float | str):
    """

    country: str
    postal_prefixes: list[str]
    surcharge: float | str

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        postal_prefixes = self.postal_prefixes

        surcharge: float | str
        surcharge = self.surcharge

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
                "postal_prefixes": postal_prefixes,
                "surcharge": surcharge,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        postal_prefixes = cast(list[str], d.pop("postal_prefixes"))

        def _parse_surcharge(data: object) -> float | str:
            return cast(float | str, data)

        surcharge = _parse_surcharge(d.pop("surcharge"))

        remote_area_spec_input = cls(
            country=country,
            postal_prefixes=postal_prefixes,
            surcharge=surcharge,
        )

        return remote_area_spec_input

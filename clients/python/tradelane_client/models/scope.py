from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.scope_type import ScopeType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scope_region_type_0 import ScopeRegionType0


T = TypeVar("T", bound="Scope")


@_attrs_define
class Scope:
    """
    Attributes:
        countries (list[str] | None | Unset):
        region (None | ScopeRegionType0 | Unset): GeoJSON Polygon or MultiPolygon (lon, lat)
        type_ (ScopeType | Unset):  Default: ScopeType.GLOBAL.
    """

    countries: list[str] | None | Unset = UNSET
    region: None | ScopeRegionType0 | Unset = UNSET
    type_: ScopeType | Unset = ScopeType.GLOBAL

    def to_dict(self) -> dict[str, Any]:
        from ..models.scope_region_type_0 import ScopeRegionType0  # noqa: PLC0415

        countries: list[str] | None | Unset
        if isinstance(self.countries, Unset):
            countries = UNSET
        elif isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        region: dict[str, Any] | None | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        elif isinstance(self.region, ScopeRegionType0):
            region = self.region.to_dict()
        else:
            region = self.region

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if countries is not UNSET:
            field_dict["countries"] = countries
        if region is not UNSET:
            field_dict["region"] = region
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scope_region_type_0 import ScopeRegionType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_countries(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                countries_type_0 = cast(list[str], data)

                return countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        countries = _parse_countries(d.pop("countries", UNSET))

        def _parse_region(data: object) -> None | ScopeRegionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                region_type_0 = ScopeRegionType0.from_dict(data)

                return region_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScopeRegionType0 | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        _type_ = d.pop("type", UNSET)
        type_: ScopeType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = ScopeType(_type_)

        scope = cls(
            countries=countries,
            region=region,
            type_=type_,
        )

        return scope

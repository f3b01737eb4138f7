from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.non_negative_money import NonNegativeMoney


T = TypeVar("T", bound="WarehouseCreate")


@_attrs_define
class WarehouseCreate:
    """
    Attributes:
        code (str):
        country (str):
        latitude (float):
        longitude (float):
        name (str):
        timezone (str):
        capabilities (list[str] | Unset):
        city (str | Unset):  Default: ''.
        cost_per_order (None | NonNegativeMoney | Unset):
        cutoff_local (str | Unset):  Default: '15:00'.
        handling_days (int | Unset):  Default: 1.
        holiday_country (None | str | Unset):
        holiday_subdivision (None | str | Unset):
        returns_centre (bool | Unset):  Default: False.
    """

    code: str
    country: str
    latitude: float
    longitude: float
    name: str
    timezone: str
    capabilities: list[str] | Unset = UNSET
    city: str | Unset = ""
    cost_per_order: None | NonNegativeMoney | Unset = UNSET
    cutoff_local: str | Unset = "15:00"
    handling_days: int | Unset = 1
    holiday_country: None | str | Unset = UNSET
    holiday_subdivision: None | str | Unset = UNSET
    returns_centre: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415

        code = self.code

        country = self.country

        latitude = self.latitude

        longitude = self.longitude

        name = self.name

        timezone = self.timezone

        capabilities: list[str] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = self.capabilities

        city = self.city

        cost_per_order: dict[str, Any] | None | Unset
        if isinstance(self.cost_per_order, Unset):
            cost_per_order = UNSET
        elif isinstance(self.cost_per_order, NonNegativeMoney):
            cost_per_order = self.cost_per_order.to_dict()
        else:
            cost_per_order = self.cost_per_order

        cutoff_local = self.cutoff_local

        handling_days = self.handling_days

        holiday_country: None | str | Unset
        if isinstance(self.holiday_country, Unset):
            holiday_country = UNSET
        else:
            holiday_country = self.holiday_country

        holiday_subdivision: None | str | Unset
        if isinstance(self.holiday_subdivision, Unset):
            holiday_subdivision = UNSET
        else:
            holiday_subdivision = self.holiday_subdivision

        returns_centre = self.returns_centre

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "country": country,
                "latitude": latitude,
                "longitude": longitude,
                "name": name,
                "timezone": timezone,
            }
        )
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if city is not UNSET:
            field_dict["city"] = city
        if cost_per_order is not UNSET:
            field_dict["cost_per_order"] = cost_per_order
        if cutoff_local is not UNSET:
            field_dict["cutoff_local"] = cutoff_local
        if handling_days is not UNSET:
            field_dict["handling_days"] = handling_days
        if holiday_country is not UNSET:
            field_dict["holiday_country"] = holiday_country
        if holiday_subdivision is not UNSET:
            field_dict["holiday_subdivision"] = holiday_subdivision
        if returns_centre is not UNSET:
            field_dict["returns_centre"] = returns_centre

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        country = d.pop("country")

        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        name = d.pop("name")

        timezone = d.pop("timezone")

        capabilities = cast(list[str], d.pop("capabilities", UNSET))

        city = d.pop("city", UNSET)

        def _parse_cost_per_order(data: object) -> None | NonNegativeMoney | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cost_per_order_type_0 = NonNegativeMoney.from_dict(data)

                return cost_per_order_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NonNegativeMoney | Unset, data)

        cost_per_order = _parse_cost_per_order(d.pop("cost_per_order", UNSET))

        cutoff_local = d.pop("cutoff_local", UNSET)

        handling_days = d.pop("handling_days", UNSET)

        def _parse_holiday_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        holiday_country = _parse_holiday_country(d.pop("holiday_country", UNSET))

        def _parse_holiday_subdivision(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        holiday_subdivision = _parse_holiday_subdivision(d.pop("holiday_subdivision", UNSET))

        returns_centre = d.pop("returns_centre", UNSET)

        warehouse_create = cls(
            code=code,
            country=country,
            latitude=latitude,
            longitude=longitude,
            name=name,
            timezone=timezone,
            capabilities=capabilities,
            city=city,
            cost_per_order=cost_per_order,
            cutoff_local=cutoff_local,
            handling_days=handling_days,
            holiday_country=holiday_country,
            holiday_subdivision=holiday_subdivision,
            returns_centre=returns_centre,
        )

        return warehouse_create

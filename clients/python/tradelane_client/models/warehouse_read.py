from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="WarehouseRead")


@_attrs_define
class WarehouseRead:
    """
    Attributes:
        active (bool):
        capabilities (list[str]):
        city (str):
        code (str):
        cost_per_order (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        country (str):
        cutoff_local (str):
        handling_days (int):
        holiday_country (str):
        id (str):
        latitude (float):
        longitude (float):
        name (str):
        returns_centre (bool):
        timezone (str):
    """

    active: bool
    capabilities: list[str]
    city: str
    code: str
    cost_per_order: MoneyModel
    country: str
    cutoff_local: str
    handling_days: int
    holiday_country: str
    id: str
    latitude: float
    longitude: float
    name: str
    returns_centre: bool
    timezone: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        capabilities = self.capabilities

        city = self.city

        code = self.code

        cost_per_order = self.cost_per_order.to_dict()

        country = self.country

        cutoff_local = self.cutoff_local

        handling_days = self.handling_days

        holiday_country = self.holiday_country

        id = self.id

        latitude = self.latitude

        longitude = self.longitude

        name = self.name

        returns_centre = self.returns_centre

        timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "capabilities": capabilities,
                "city": city,
                "code": code,
                "cost_per_order": cost_per_order,
                "country": country,
                "cutoff_local": cutoff_local,
                "handling_days": handling_days,
                "holiday_country": holiday_country,
                "id": id,
                "latitude": latitude,
                "longitude": longitude,
                "name": name,
                "returns_centre": returns_centre,
                "timezone": timezone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        capabilities = cast(list[str], d.pop("capabilities"))

        city = d.pop("city")

        code = d.pop("code")

        cost_per_order = MoneyModel.from_dict(d.pop("cost_per_order"))

        country = d.pop("country")

        cutoff_local = d.pop("cutoff_local")

        handling_days = d.pop("handling_days")

        holiday_country = d.pop("holiday_country")

        id = d.pop("id")

        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        name = d.pop("name")

        returns_centre = d.pop("returns_centre")

        timezone = d.pop("timezone")

        warehouse_read = cls(
            active=active,
            capabilities=capabilities,
            city=city,
            code=code,
            cost_per_order=cost_per_order,
            country=country,
            cutoff_local=cutoff_local,
            handling_days=handling_days,
            holiday_country=holiday_country,
            id=id,
            latitude=latitude,
            longitude=longitude,
            name=name,
            returns_centre=returns_centre,
            timezone=timezone,
        )

        warehouse_read.additional_properties = d
        return warehouse_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.rate_sheet_spec_rounding import RateSheetSpecRounding
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.remote_area_spec_input import RemoteAreaSpecInput
    from ..models.zone_spec_input import ZoneSpecInput


T = TypeVar("T", bound="RateSheetSpec")


@_attrs_define
class RateSheetSpec:
    """A rate sheet document: the body of `POST /v1/services/{code}/rate-sheets` and the YAML format.

    Example:
        {'currency': 'CNY', 'dim_divisor': 8000, 'effective_from': '2026-01-01', 'fuel_surcharge_pct': '0',
            'min_charge': '0', 'name': 'CN to Indonesia dedicated line 2026', 'origin_country': 'CN', 'remote_areas':
            [{'country': 'ID', 'postal_prefixes': ['9'], 'surcharge': '15.00'}], 'rounding': 'half_up', 'zones': [{'breaks':
            [{'max_weight_g': 500, 'price': '18.00'}], 'code': 'ID', 'countries': ['ID'], 'per_extra_kg': '30.00',
            'transit': {'clearance': [1, 1, 2], 'last_mile': [1, 2, 3], 'line_haul': [3, 4, 6]}}]}

    Attributes:
        currency (str):
        effective_from (datetime.date):
        origin_country (str):
        zones (list[ZoneSpecInput]):
        dim_divisor (int | Unset):  Default: 5000.
        effective_to (datetime.date | None | Unset):
        fuel_surcharge_pct (float | str | Unset):  Default: 0.0.
        min_charge (float | str | Unset):  Default: 0.0.
        name (str | Unset):  Default: ''.
        remote_areas (list[RemoteAreaSpecInput] | Unset):
        rounding (RateSheetSpecRounding | Unset):  Default: RateSheetSpecRounding.HALF_UP.
    """

    currency: str
    effective_from: datetime.date
    origin_country: str
    zones: list[ZoneSpecInput]
    dim_divisor: int | Unset = 5000
    effective_to: datetime.date | None | Unset = UNSET
    fuel_surcharge_pct: float | str | Unset = 0.0
    min_charge: float | str | Unset = 0.0
    name: str | Unset = ""
    remote_areas: list[RemoteAreaSpecInput] | Unset = UNSET
    rounding: RateSheetSpecRounding | Unset = RateSheetSpecRounding.HALF_UP

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        effective_from = self.effective_from.isoformat()

        origin_country = self.origin_country

        zones = []
        for zones_item_data in self.zones:
            zones_item = zones_item_data.to_dict()
            zones.append(zones_item)

        dim_divisor = self.dim_divisor

        effective_to: None | str | Unset
        if isinstance(self.effective_to, Unset):
            effective_to = UNSET
        elif isinstance(self.effective_to, datetime.date):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        fuel_surcharge_pct: float | str | Unset
        if isinstance(self.fuel_surcharge_pct, Unset):
            fuel_surcharge_pct = UNSET
        else:
            fuel_surcharge_pct = self.fuel_surcharge_pct

        min_charge: float | str | Unset
        if isinstance(self.min_charge, Unset):
            min_charge = UNSET
        else:
            min_charge = self.min_charge

        name = self.name

        remote_areas: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.remote_areas, Unset):
            remote_areas = []
            for remote_areas_item_data in self.remote_areas:
                remote_areas_item = remote_areas_item_data.to_dict()
                remote_areas.append(remote_areas_item)

        rounding: str | Unset = UNSET
        if not isinstance(self.rounding, Unset):
            rounding = self.rounding.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "effective_from": effective_from,
                "origin_country": origin_country,
                "zones": zones,
            }
        )
        if dim_divisor is not UNSET:
            field_dict["dim_divisor"] = dim_divisor
        if effective_to is not UNSET:
            field_dict["effective_to"] = effective_to
        if fuel_surcharge_pct is not UNSET:
            field_dict["fuel_surcharge_pct"] = fuel_surcharge_pct
        if min_charge is not UNSET:
            field_dict["min_charge"] = min_charge
        if name is not UNSET:
            field_dict["name"] = name
        if remote_areas is not UNSET:
            field_dict["remote_areas"] = remote_areas
        if rounding is not UNSET:
            field_dict["rounding"] = rounding

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.remote_area_spec_input import RemoteAreaSpecInput  # noqa: PLC0415
        from ..models.zone_spec_input import ZoneSpecInput  # noqa: PLC0415

        d = dict(src_dict)
        currency = d.pop("currency")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        origin_country = d.pop("origin_country")

        zones = []
        _zones = d.pop("zones")
        for zones_item_data in _zones:
            zones_item = ZoneSpecInput.from_dict(zones_item_data)

            zones.append(zones_item)

        dim_divisor = d.pop("dim_divisor", UNSET)

        def _parse_effective_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_to_type_0 = datetime.date.fromisoformat(data)

                return effective_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_to = _parse_effective_to(d.pop("effective_to", UNSET))

        def _parse_fuel_surcharge_pct(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        fuel_surcharge_pct = _parse_fuel_surcharge_pct(d.pop("fuel_surcharge_pct", UNSET))

        def _parse_min_charge(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        min_charge = _parse_min_charge(d.pop("min_charge", UNSET))

        name = d.pop("name", UNSET)

        _remote_areas = d.pop("remote_areas", UNSET)
        remote_areas: list[RemoteAreaSpecInput] | Unset = UNSET
        if _remote_areas is not UNSET:
            remote_areas = []
            for remote_areas_item_data in _remote_areas:
                remote_areas_item = RemoteAreaSpecInput.from_dict(remote_areas_item_data)

                remote_areas.append(remote_areas_item)

        _rounding = d.pop("rounding", UNSET)
        rounding: RateSheetSpecRounding | Unset
        if isinstance(_rounding, Unset):
            rounding = UNSET
        else:
            rounding = RateSheetSpecRounding(_rounding)

        rate_sheet_spec = cls(
            currency=currency,
            effective_from=effective_from,
            origin_country=origin_country,
            zones=zones,
            dim_divisor=dim_divisor,
            effective_to=effective_to,
            fuel_surcharge_pct=fuel_surcharge_pct,
            min_charge=min_charge,
            name=name,
            remote_areas=remote_areas,
            rounding=rounding,
        )

        return rate_sheet_spec

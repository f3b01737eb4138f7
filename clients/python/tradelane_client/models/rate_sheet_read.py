from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.rate_sheet_read_rounding import RateSheetReadRounding
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.remote_area_spec_output import RemoteAreaSpecOutput
    from ..models.zone_spec_output import ZoneSpecOutput


T = TypeVar("T", bound="RateSheetRead")


@_attrs_define
class RateSheetRead:
    """
    Attributes:
        created_at (datetime.datetime):
        currency (str):
        effective_from (datetime.date):
        id (str):
        origin_country (str):
        service_code (str):
        source (str):
        zones (list[ZoneSpecOutput]):
        dim_divisor (int | Unset):  Default: 5000.
        effective_to (datetime.date | None | Unset):
        fuel_surcharge_pct (str | Unset):  Default: '0'.
        min_charge (str | Unset):  Default: '0'.
        name (str | Unset):  Default: ''.
        remote_areas (list[RemoteAreaSpecOutput] | Unset):
        rounding (RateSheetReadRounding | Unset):  Default: RateSheetReadRounding.HALF_UP.
    """

    created_at: datetime.datetime
    currency: str
    effective_from: datetime.date
    id: str
    origin_country: str
    service_code: str
    source: str
    zones: list[ZoneSpecOutput]
    dim_divisor: int | Unset = 5000
    effective_to: datetime.date | None | Unset = UNSET
    fuel_surcharge_pct: str | Unset = "0"
    min_charge: str | Unset = "0"
    name: str | Unset = ""
    remote_areas: list[RemoteAreaSpecOutput] | Unset = UNSET
    rounding: RateSheetReadRounding | Unset = RateSheetReadRounding.HALF_UP

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        currency = self.currency

        effective_from = self.effective_from.isoformat()

        id = self.id

        origin_country = self.origin_country

        service_code = self.service_code

        source = self.source

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

        fuel_surcharge_pct = self.fuel_surcharge_pct

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
                "created_at": created_at,
                "currency": currency,
                "effective_from": effective_from,
                "id": id,
                "origin_country": origin_country,
                "service_code": service_code,
                "source": source,
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
        from ..models.remote_area_spec_output import RemoteAreaSpecOutput  # noqa: PLC0415
        from ..models.zone_spec_output import ZoneSpecOutput  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        id = d.pop("id")

        origin_country = d.pop("origin_country")

        service_code = d.pop("service_code")

        source = d.pop("source")

        zones = []
        _zones = d.pop("zones")
        for zones_item_data in _zones:
            zones_item = ZoneSpecOutput.from_dict(zones_item_data)

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

        fuel_surcharge_pct = d.pop("fuel_surcharge_pct", UNSET)

        min_charge = d.pop("min_charge", UNSET)

        name = d.pop("name", UNSET)

        _remote_areas = d.pop("remote_areas", UNSET)
        remote_areas: list[RemoteAreaSpecOutput] | Unset = UNSET
        if _remote_areas is not UNSET:
            remote_areas = []
            for remote_areas_item_data in _remote_areas:
                remote_areas_item = RemoteAreaSpecOutput.from_dict(remote_areas_item_data)

                remote_areas.append(remote_areas_item)

        _rounding = d.pop("rounding", UNSET)
        rounding: RateSheetReadRounding | Unset
        if isinstance(_rounding, Unset):
            rounding = UNSET
        else:
            rounding = RateSheetReadRounding(_rounding)

        rate_sheet_read = cls(
            created_at=created_at,
            currency=currency,
            effective_from=effective_from,
            id=id,
            origin_country=origin_country,
            service_code=service_code,
            source=source,
            zones=zones,
            dim_divisor=dim_divisor,
            effective_to=effective_to,
            fuel_surcharge_pct=fuel_surcharge_pct,
            min_charge=min_charge,
            name=name,
            remote_areas=remote_areas,
            rounding=rounding,
        )

        return rate_sheet_read

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.break_spec_output import BreakSpecOutput
    from ..models.transit_spec import TransitSpec
    from ..models.zone_spec_output_polygon_type_0 import ZoneSpecOutputPolygonType0


T = TypeVar("T", bound="ZoneSpecOutput")


@_attrs_define
class ZoneSpecOutput:
    """
    Attributes:
        breaks (list[BreakSpecOutput]):
        code (str):
        countries (list[str]):
        per_extra_kg (None | str | Unset):
        polygon (None | Unset | ZoneSpecOutputPolygonType0):
        postal_prefixes (list[str] | Unset):
        postal_ranges (list[str] | Unset):
        remote_surcharge (None | str | Unset):
        transit (None | TransitSpec | Unset):
    """

    breaks: list[BreakSpecOutput]
    code: str
    countries: list[str]
    per_extra_kg: None | str | Unset = UNSET
    polygon: None | Unset | ZoneSpecOutputPolygonType0 = UNSET
    postal_prefixes: list[str] | Unset = UNSET
    postal_ranges: list[str] | Unset = UNSET
    remote_surcharge: None | str | Unset = UNSET
    transit: None | TransitSpec | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.transit_spec import TransitSpec  # noqa: PLC0415
        from ..models.zone_spec_output_polygon_type_0 import ZoneSpecOutputPolygonType0  # noqa: PLC0415

        breaks = []
        for breaks_item_data in self.breaks:
            breaks_item = breaks_item_data.to_dict()
            breaks.append(breaks_item)

        code = self.code

        countries = self.countries

        per_extra_kg: None | str | Unset
        if isinstance(self.per_extra_kg, Unset):
            per_extra_kg = UNSET
        else:
            per_extra_kg = self.per_extra_kg

        polygon: dict[str, Any] | None | Unset
        if isinstance(self.polygon, Unset):
            polygon = UNSET
        elif isinstance(self.polygon, ZoneSpecOutputPolygonType0):
            polygon = self.polygon.to_dict()
        else:
            polygon = self.polygon

        postal_prefixes: list[str] | Unset = UNSET
        if not isinstance(self.postal_prefixes, Unset):
            postal_prefixes = self.postal_prefixes

        postal_ranges: list[str] | Unset = UNSET
        if not isinstance(self.postal_ranges, Unset):
            postal_ranges = self.postal_ranges

        remote_surcharge: None | str | Unset
        if isinstance(self.remote_surcharge, Unset):
            remote_surcharge = UNSET
        else:
            remote_surcharge = self.remote_surcharge

        transit: dict[str, Any] | None | Unset
        if isinstance(self.transit, Unset):
            transit = UNSET
        elif isinstance(self.transit, TransitSpec):
            transit = self.transit.to_dict()
        else:
            transit = self.transit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "breaks": breaks,
                "code": code,
                "countries": countries,
            }
        )
        if per_extra_kg is not UNSET:
            field_dict["per_extra_kg"] = per_extra_kg
        if polygon is not UNSET:
            field_dict["polygon"] = polygon
        if postal_prefixes is not UNSET:
            field_dict["postal_prefixes"] = postal_prefixes
        if postal_ranges is not UNSET:
            field_dict["postal_ranges"] = postal_ranges
        if remote_surcharge is not UNSET:
            field_dict["remote_surcharge"] = remote_surcharge
        if transit is not UNSET:
            field_dict["transit"] = transit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.break_spec_output import BreakSpecOutput  # noqa: PLC0415
        from ..models.transit_spec import TransitSpec  # noqa: PLC0415
        from ..models.zone_spec_output_polygon_type_0 import ZoneSpecOutputPolygonType0  # noqa: PLC0415

        d = dict(src_dict)
        breaks = []
        _breaks = d.pop("breaks")
        for breaks_item_data in _breaks:
            breaks_item = BreakSpecOutput.from_dict(breaks_item_data)

            breaks.append(breaks_item)

        code = d.pop("code")

        countries = cast(list[str], d.pop("countries"))

        def _parse_per_extra_kg(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        per_extra_kg = _parse_per_extra_kg(d.pop("per_extra_kg", UNSET))

        def _parse_polygon(data: object) -> None | Unset | ZoneSpecOutputPolygonType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                polygon_type_0 = ZoneSpecOutputPolygonType0.from_dict(data)

                return polygon_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ZoneSpecOutputPolygonType0, data)

        polygon = _parse_polygon(d.pop("polygon", UNSET))

        postal_prefixes = cast(list[str], d.pop("postal_prefixes", UNSET))

        postal_ranges = cast(list[str], d.pop("postal_ranges", UNSET))

        def _parse_remote_surcharge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        remote_surcharge = _parse_remote_surcharge(d.pop("remote_surcharge", UNSET))

        def _parse_transit(data: object) -> None | TransitSpec | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transit_type_0 = TransitSpec.from_dict(data)

                return transit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitSpec | Unset, data)

        transit = _parse_transit(d.pop("transit", UNSET))

        zone_spec_output = cls(
            breaks=breaks,
            code=code,
            countries=countries,
            per_extra_kg=per_extra_kg,
            polygon=polygon,
            postal_prefixes=postal_prefixes,
            postal_ranges=postal_ranges,
            remote_surcharge=remote_surcharge,
            transit=transit,
        )

        return zone_spec_output

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PointIn")


@_attrs_define
class PointIn:
    """
    Attributes:
        lat (float | str):
        lon (float | str):
    """

    lat: float | str
    lon: float | str

    def to_dict(self) -> dict[str, Any]:
        lat: float | str
        lat = self.lat

        lon: float | str
        lon = self.lon

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lat": lat,
                "lon": lon,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_lat(data: object) -> float | str:
            return cast(float | str, data)

        lat = _parse_lat(d.pop("lat"))

        def _parse_lon(data: object) -> float | str:
            return cast(float | str, data)

        lon = _parse_lon(d.pop("lon"))

        point_in = cls(
            lat=lat,
            lon=lon,
        )

        return point_in

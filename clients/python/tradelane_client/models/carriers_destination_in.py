from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.point_in import PointIn


T = TypeVar("T", bound="CarriersDestinationIn")


@_attrs_define
class CarriersDestinationIn:
    """
    Attributes:
        country (str):
        point (None | PointIn | Unset):
        postal_code (None | str | Unset):
    """

    country: str
    point: None | PointIn | Unset = UNSET
    postal_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.point_in import PointIn  # noqa: PLC0415

        country = self.country

        point: dict[str, Any] | None | Unset
        if isinstance(self.point, Unset):
            point = UNSET
        elif isinstance(self.point, PointIn):
            point = self.point.to_dict()
        else:
            point = self.point

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
            }
        )
        if point is not UNSET:
            field_dict["point"] = point
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.point_in import PointIn  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        def _parse_point(data: object) -> None | PointIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                point_type_0 = PointIn.from_dict(data)

                return point_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PointIn | Unset, data)

        point = _parse_point(d.pop("point", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        carriers_destination_in = cls(
            country=country,
            point=point,
            postal_code=postal_code,
        )

        return carriers_destination_in

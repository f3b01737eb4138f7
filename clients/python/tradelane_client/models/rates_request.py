from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.carriers_destination_in import CarriersDestinationIn
    from ..models.parcel_in import ParcelIn


T = TypeVar("T", bound="RatesRequest")


@_attrs_define
class RatesRequest:
    """
    Attributes:
        destination (CarriersDestinationIn):
        origin_country (str):
        parcel (ParcelIn):
        on (datetime.date | None | Unset):
    """

    destination: CarriersDestinationIn
    origin_country: str
    parcel: ParcelIn
    on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        destination = self.destination.to_dict()

        origin_country = self.origin_country

        parcel = self.parcel.to_dict()

        on: None | str | Unset
        if isinstance(self.on, Unset):
            on = UNSET
        elif isinstance(self.on, datetime.date):
            on = self.on.isoformat()
        else:
            on = self.on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "destination": destination,
                "origin_country": origin_country,
                "parcel": parcel,
            }
        )
        if on is not UNSET:
            field_dict["on"] = on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.carriers_destination_in import CarriersDestinationIn  # noqa: PLC0415
        from ..models.parcel_in import ParcelIn  # noqa: PLC0415

        d = dict(src_dict)
        destination = CarriersDestinationIn.from_dict(d.pop("destination"))

        origin_country = d.pop("origin_country")

        parcel = ParcelIn.from_dict(d.pop("parcel"))

        def _parse_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_type_0 = datetime.date.fromisoformat(data)

                return on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        on = _parse_on(d.pop("on", UNSET))

        rates_request = cls(
            destination=destination,
            origin_country=origin_country,
            parcel=parcel,
            on=on,
        )

        return rates_request

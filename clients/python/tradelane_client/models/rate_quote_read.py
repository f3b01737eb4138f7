from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rate_quote_read_mode import RateQuoteReadMode

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel
    from ..models.transit_read import TransitRead


T = TypeVar("T", bound="RateQuoteRead")


@_attrs_define
class RateQuoteRead:
    """
    Attributes:
        base (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        billable_weight_g (int):
        carrier_code (str):
        fuel (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        minimum_charge_applied (bool):
        mode (RateQuoteReadMode):
        price (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        remote_area (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        service_code (str):
        service_name (str):
        sheet_id (str):
        transit (None | TransitRead):
        zone (str):
    """

    base: MoneyModel
    billable_weight_g: int
    carrier_code: str
    fuel: MoneyModel
    minimum_charge_applied: bool
    mode: RateQuoteReadMode
    price: MoneyModel
    remote_area: MoneyModel
    service_code: str
    service_name: str
    sheet_id: str
    transit: None | TransitRead
    zone: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.transit_read import TransitRead  # noqa: PLC0415

        base = self.base.to_dict()

        billable_weight_g = self.billable_weight_g

        carrier_code = self.carrier_code

        fuel = self.fuel.to_dict()

        minimum_charge_applied = self.minimum_charge_applied

        mode = self.mode.value

        price = self.price.to_dict()

        remote_area = self.remote_area.to_dict()

        service_code = self.service_code

        service_name = self.service_name

        sheet_id = self.sheet_id

        transit: dict[str, Any] | None
        if isinstance(self.transit, TransitRead):
            transit = self.transit.to_dict()
        else:
            transit = self.transit

        zone = self.zone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "billable_weight_g": billable_weight_g,
                "carrier_code": carrier_code,
                "fuel": fuel,
                "minimum_charge_applied": minimum_charge_applied,
                "mode": mode,
                "price": price,
                "remote_area": remote_area,
                "service_code": service_code,
                "service_name": service_name,
                "sheet_id": sheet_id,
                "transit": transit,
                "zone": zone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.transit_read import TransitRead  # noqa: PLC0415

        d = dict(src_dict)
        base = MoneyModel.from_dict(d.pop("base"))

        billable_weight_g = d.pop("billable_weight_g")

        carrier_code = d.pop("carrier_code")

        fuel = MoneyModel.from_dict(d.pop("fuel"))

        minimum_charge_applied = d.pop("minimum_charge_applied")

        mode = RateQuoteReadMode(d.pop("mode"))

        price = MoneyModel.from_dict(d.pop("price"))

        remote_area = MoneyModel.from_dict(d.pop("remote_area"))

        service_code = d.pop("service_code")

        service_name = d.pop("service_name")

        sheet_id = d.pop("sheet_id")

        def _parse_transit(data: object) -> None | TransitRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transit_type_0 = TransitRead.from_dict(data)

                return transit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitRead, data)

        transit = _parse_transit(d.pop("transit"))

        zone = d.pop("zone")

        rate_quote_read = cls(
            base=base,
            billable_weight_g=billable_weight_g,
            carrier_code=carrier_code,
            fuel=fuel,
            minimum_charge_applied=minimum_charge_applied,
            mode=mode,
            price=price,
            remote_area=remote_area,
            service_code=service_code,
            service_name=service_name,
            sheet_id=sheet_id,
            transit=transit,
            zone=zone,
        )

        rate_quote_read.additional_properties = d
        return rate_quote_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rate_quote_read import RateQuoteRead
    from ..models.rate_refusal_read import RateRefusalRead


T = TypeVar("T", bound="CarriersRatesRead")


@_attrs_define
class CarriersRatesRead:
    """
    Attributes:
        on (datetime.date):
        origin_country (str):
        quotes (list[RateQuoteRead]):
        refusals (list[RateRefusalRead]):
    """

    on: datetime.date
    origin_country: str
    quotes: list[RateQuoteRead]
    refusals: list[RateRefusalRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        on = self.on.isoformat()

        origin_country = self.origin_country

        quotes = []
        for quotes_item_data in self.quotes:
            quotes_item = quotes_item_data.to_dict()
            quotes.append(quotes_item)

        refusals = []
        for refusals_item_data in self.refusals:
            refusals_item = refusals_item_data.to_dict()
            refusals.append(refusals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "on": on,
                "origin_country": origin_country,
                "quotes": quotes,
                "refusals": refusals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_quote_read import RateQuoteRead  # noqa: PLC0415
        from ..models.rate_refusal_read import RateRefusalRead  # noqa: PLC0415

        d = dict(src_dict)
        on = datetime.date.fromisoformat(d.pop("on"))

        origin_country = d.pop("origin_country")

        quotes = []
        _quotes = d.pop("quotes")
        for quotes_item_data in _quotes:
            quotes_item = RateQuoteRead.from_dict(quotes_item_data)

            quotes.append(quotes_item)

        refusals = []
        _refusals = d.pop("refusals")
        for refusals_item_data in _refusals:
            refusals_item = RateRefusalRead.from_dict(refusals_item_data)

            refusals.append(refusals_item)

        carriers_rates_read = cls(
            on=on,
            origin_country=origin_country,
            quotes=quotes,
            refusals=refusals,
        )

        carriers_rates_read.additional_properties = d
        return carriers_rates_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.payments_rates_read_rates import PaymentsRatesReadRates


T = TypeVar("T", bound="PaymentsRatesRead")


@_attrs_define
class PaymentsRatesRead:
    """
    Attributes:
        base (str):
        date (datetime.date):
        rates (PaymentsRatesReadRates): Units of each currency for one unit of `base`
    """

    base: str
    date: datetime.date
    rates: PaymentsRatesReadRates
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base = self.base

        date = self.date.isoformat()

        rates = self.rates.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "date": date,
                "rates": rates,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payments_rates_read_rates import PaymentsRatesReadRates  # noqa: PLC0415

        d = dict(src_dict)
        base = d.pop("base")

        date = datetime.date.fromisoformat(d.pop("date"))

        rates = PaymentsRatesReadRates.from_dict(d.pop("rates"))

        payments_rates_read = cls(
            base=base,
            date=date,
            rates=rates,
        )

        payments_rates_read.additional_properties = d
        return payments_rates_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="ConversionRead")


@_attrs_define
class ConversionRead:
    """
    Attributes:
        age_days (int):
        amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        rate (str): Units of `to` for one unit of the amount's currency, as applied
        rate_date (datetime.date):
        result (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        source (str):
    """

    age_days: int
    amount: MoneyModel
    rate: str
    rate_date: datetime.date
    result: MoneyModel
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        age_days = self.age_days

        amount = self.amount.to_dict()

        rate = self.rate

        rate_date = self.rate_date.isoformat()

        result = self.result.to_dict()

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "age_days": age_days,
                "amount": amount,
                "rate": rate,
                "rate_date": rate_date,
                "result": result,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        age_days = d.pop("age_days")

        amount = MoneyModel.from_dict(d.pop("amount"))

        rate = d.pop("rate")

        rate_date = datetime.date.fromisoformat(d.pop("rate_date"))

        result = MoneyModel.from_dict(d.pop("result"))

        source = d.pop("source")

        conversion_read = cls(
            age_days=age_days,
            amount=amount,
            rate=rate,
            rate_date=rate_date,
            result=result,
            source=source,
        )

        conversion_read.additional_properties = d
        return conversion_read

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

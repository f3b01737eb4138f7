from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="LandedCostLine")


@_attrs_define
class LandedCostLine:
    """
    Attributes:
        duty (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        duty_label (None | str):
        duty_rate (None | str): Percent, of the duty row applied; null when none or relieved
        hs_code (str):
        quantity (int):
        tax (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        tax_rate (str): Percent: the sum of the tax rates applied to the line
        value (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
    """

    duty: MoneyModel
    duty_label: None | str
    duty_rate: None | str
    hs_code: str
    quantity: int
    tax: MoneyModel
    tax_rate: str
    value: MoneyModel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duty = self.duty.to_dict()

        duty_label: None | str
        duty_label = self.duty_label

        duty_rate: None | str
        duty_rate = self.duty_rate

        hs_code = self.hs_code

        quantity = self.quantity

        tax = self.tax.to_dict()

        tax_rate = self.tax_rate

        value = self.value.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duty": duty,
                "duty_label": duty_label,
                "duty_rate": duty_rate,
                "hs_code": hs_code,
                "quantity": quantity,
                "tax": tax,
                "tax_rate": tax_rate,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        duty = MoneyModel.from_dict(d.pop("duty"))

        def _parse_duty_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        duty_label = _parse_duty_label(d.pop("duty_label"))

        def _parse_duty_rate(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        duty_rate = _parse_duty_rate(d.pop("duty_rate"))

        hs_code = d.pop("hs_code")

        quantity = d.pop("quantity")

        tax = MoneyModel.from_dict(d.pop("tax"))

        tax_rate = d.pop("tax_rate")

        value = MoneyModel.from_dict(d.pop("value"))

        landed_cost_line = cls(
            duty=duty,
            duty_label=duty_label,
            duty_rate=duty_rate,
            hs_code=hs_code,
            quantity=quantity,
            tax=tax,
            tax_rate=tax_rate,
            value=value,
        )

        landed_cost_line.additional_properties = d
        return landed_cost_line

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

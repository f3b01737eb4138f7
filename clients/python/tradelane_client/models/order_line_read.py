from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="OrderLineRead")


@_attrs_define
class OrderLineRead:
    """
    Attributes:
        category (str):
        quantity (int):
        returned_quantity (int):
        sku (str):
        unit_price (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
    """

    category: str
    quantity: int
    returned_quantity: int
    sku: str
    unit_price: MoneyModel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        quantity = self.quantity

        returned_quantity = self.returned_quantity

        sku = self.sku

        unit_price = self.unit_price.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "quantity": quantity,
                "returned_quantity": returned_quantity,
                "sku": sku,
                "unit_price": unit_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        quantity = d.pop("quantity")

        returned_quantity = d.pop("returned_quantity")

        sku = d.pop("sku")

        unit_price = MoneyModel.from_dict(d.pop("unit_price"))

        order_line_read = cls(
            category=category,
            quantity=quantity,
            returned_quantity=returned_quantity,
            sku=sku,
            unit_price=unit_price,
        )

        order_line_read.additional_properties = d
        return order_line_read

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

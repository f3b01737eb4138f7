from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="Breakdown")


@_attrs_define
class Breakdown:
    """
    Attributes:
        duties (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        fees (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        goods (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        shipping (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        taxes (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
    """

    duties: MoneyModel
    fees: MoneyModel
    goods: MoneyModel
    shipping: MoneyModel
    taxes: MoneyModel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duties = self.duties.to_dict()

        fees = self.fees.to_dict()

        goods = self.goods.to_dict()

        shipping = self.shipping.to_dict()

        taxes = self.taxes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duties": duties,
                "fees": fees,
                "goods": goods,
                "shipping": shipping,
                "taxes": taxes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        duties = MoneyModel.from_dict(d.pop("duties"))

        fees = MoneyModel.from_dict(d.pop("fees"))

        goods = MoneyModel.from_dict(d.pop("goods"))

        shipping = MoneyModel.from_dict(d.pop("shipping"))

        taxes = MoneyModel.from_dict(d.pop("taxes"))

        breakdown = cls(
            duties=duties,
            fees=fees,
            goods=goods,
            shipping=shipping,
            taxes=taxes,
        )

        breakdown.additional_properties = d
        return breakdown

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

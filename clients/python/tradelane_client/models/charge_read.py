from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.charge_read_category import ChargeReadCategory
from ..models.charge_read_collected import ChargeReadCollected

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="ChargeRead")


@_attrs_define
class ChargeRead:
    """One duty, tax kind or fee: the scheme it falls under and where it is collected.

    Attributes:
        amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        category (ChargeReadCategory):
        collected (ChargeReadCollected): checkout: in the payment at the sale; border: by the shopper on delivery
        kind (str): duty, vat, gst, icms, sales_tax, ... or fee
        label (str):
        scheme (str): import, domestic, OSS (between EU member states), or the point-of-sale scheme (IOSS, UK VAT point
            of sale, AU GST LVIG, ...)
    """

    amount: MoneyModel
    category: ChargeReadCategory
    collected: ChargeReadCollected
    kind: str
    label: str
    scheme: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        category = self.category.value

        collected = self.collected.value

        kind = self.kind

        label = self.label

        scheme = self.scheme

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "collected": collected,
                "kind": kind,
                "label": label,
                "scheme": scheme,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyModel.from_dict(d.pop("amount"))

        category = ChargeReadCategory(d.pop("category"))

        collected = ChargeReadCollected(d.pop("collected"))

        kind = d.pop("kind")

        label = d.pop("label")

        scheme = d.pop("scheme")

        charge_read = cls(
            amount=amount,
            category=category,
            collected=collected,
            kind=kind,
            label=label,
            scheme=scheme,
        )

        charge_read.additional_properties = d
        return charge_read

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

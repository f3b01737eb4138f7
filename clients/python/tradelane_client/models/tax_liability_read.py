from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tax_liability_read_kind import TaxLiabilityReadKind

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="TaxLiabilityRead")


@_attrs_define
class TaxLiabilityRead:
    """
    Attributes:
        collected (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        currency (str):
        due (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        jurisdiction (str):
        kind (TaxLiabilityReadKind):
        orders (int):
        refunded (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        remitted (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        scheme (str):
    """

    collected: MoneyModel
    currency: str
    due: MoneyModel
    jurisdiction: str
    kind: TaxLiabilityReadKind
    orders: int
    refunded: MoneyModel
    remitted: MoneyModel
    scheme: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        collected = self.collected.to_dict()

        currency = self.currency

        due = self.due.to_dict()

        jurisdiction = self.jurisdiction

        kind = self.kind.value

        orders = self.orders

        refunded = self.refunded.to_dict()

        remitted = self.remitted.to_dict()

        scheme = self.scheme

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "collected": collected,
                "currency": currency,
                "due": due,
                "jurisdiction": jurisdiction,
                "kind": kind,
                "orders": orders,
                "refunded": refunded,
                "remitted": remitted,
                "scheme": scheme,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        collected = MoneyModel.from_dict(d.pop("collected"))

        currency = d.pop("currency")

        due = MoneyModel.from_dict(d.pop("due"))

        jurisdiction = d.pop("jurisdiction")

        kind = TaxLiabilityReadKind(d.pop("kind"))

        orders = d.pop("orders")

        refunded = MoneyModel.from_dict(d.pop("refunded"))

        remitted = MoneyModel.from_dict(d.pop("remitted"))

        scheme = d.pop("scheme")

        tax_liability_read = cls(
            collected=collected,
            currency=currency,
            due=due,
            jurisdiction=jurisdiction,
            kind=kind,
            orders=orders,
            refunded=refunded,
            remitted=remitted,
            scheme=scheme,
        )

        tax_liability_read.additional_properties = d
        return tax_liability_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="TaxRemittanceRead")


@_attrs_define
class TaxRemittanceRead:
    """
    Attributes:
        amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        created_at (datetime.datetime):
        id (str):
        jurisdiction (str):
        kind (str):
        period (str):
        reference (str):
        transaction_id (int):
    """

    amount: MoneyModel
    created_at: datetime.datetime
    id: str
    jurisdiction: str
    kind: str
    period: str
    reference: str
    transaction_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        created_at = self.created_at.isoformat()

        id = self.id

        jurisdiction = self.jurisdiction

        kind = self.kind

        period = self.period

        reference = self.reference

        transaction_id = self.transaction_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "created_at": created_at,
                "id": id,
                "jurisdiction": jurisdiction,
                "kind": kind,
                "period": period,
                "reference": reference,
                "transaction_id": transaction_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyModel.from_dict(d.pop("amount"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        jurisdiction = d.pop("jurisdiction")

        kind = d.pop("kind")

        period = d.pop("period")

        reference = d.pop("reference")

        transaction_id = d.pop("transaction_id")

        tax_remittance_read = cls(
            amount=amount,
            created_at=created_at,
            id=id,
            jurisdiction=jurisdiction,
            kind=kind,
            period=period,
            reference=reference,
            transaction_id=transaction_id,
        )

        tax_remittance_read.additional_properties = d
        return tax_remittance_read

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

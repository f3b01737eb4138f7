from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.tax_remittance_create_kind import TaxRemittanceCreateKind

if TYPE_CHECKING:
    from ..models.positive_money import PositiveMoney


T = TypeVar("T", bound="TaxRemittanceCreate")


@_attrs_define
class TaxRemittanceCreate:
    """
    Attributes:
        amount (PositiveMoney): Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A zero
            or negative
            amount is named on `<field>.amount`. Example: {'amount': '12.50', 'currency': 'USD'}.
        jurisdiction (str): ISO 3166 country code
        kind (TaxRemittanceCreateKind):
        period (str): YYYY-MM
        reference (str): the payment's reference at the authority
    """

    amount: PositiveMoney
    jurisdiction: str
    kind: TaxRemittanceCreateKind
    period: str
    reference: str

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        jurisdiction = self.jurisdiction

        kind = self.kind.value

        period = self.period

        reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "jurisdiction": jurisdiction,
                "kind": kind,
                "period": period,
                "reference": reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        amount = PositiveMoney.from_dict(d.pop("amount"))

        jurisdiction = d.pop("jurisdiction")

        kind = TaxRemittanceCreateKind(d.pop("kind"))

        period = d.pop("period")

        reference = d.pop("reference")

        tax_remittance_create = cls(
            amount=amount,
            jurisdiction=jurisdiction,
            kind=kind,
            period=period,
            reference=reference,
        )

        return tax_remittance_create

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.positive_money import PositiveMoney


T = TypeVar("T", bound="PaymentIn")


@_attrs_define
class PaymentIn:
    """
    Attributes:
        amount (PositiveMoney): Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A zero
            or negative
            amount is named on `<field>.amount`. Example: {'amount': '12.50', 'currency': 'USD'}.
        provider (str): The payment provider, compared case-insensitively: "Stripe" is "stripe"
        reference (str): The provider's payment id, compared exactly (Stripe's ids are case-sensitive). A (provider,
            reference) pair backs one order: reusing it is a 409 `payment-already-used`.
    """

    amount: PositiveMoney
    provider: str
    reference: str

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        provider = self.provider

        reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "provider": provider,
                "reference": reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        amount = PositiveMoney.from_dict(d.pop("amount"))

        provider = d.pop("provider")

        reference = d.pop("reference")

        payment_in = cls(
            amount=amount,
            provider=provider,
            reference=reference,
        )

        return payment_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.sale_create_fulfillment import SaleCreateFulfillment
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.non_negative_money import NonNegativeMoney
    from ..models.positive_money import PositiveMoney


T = TypeVar("T", bound="SaleCreate")


@_attrs_define
class SaleCreate:
    """
    Attributes:
        amount (PositiveMoney): Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A zero
            or negative
            amount is named on `<field>.amount`. Example: {'amount': '12.50', 'currency': 'USD'}.
        category (str):
        merchant_id (str):
        order_id (str):
        affiliate_bps (int | None | Unset):
        affiliate_id (None | str | Unset):
        fulfillment (SaleCreateFulfillment | Unset):  Default: SaleCreateFulfillment.MERCHANT.
        fx_quote_id (None | str | Unset):
        fx_rate (None | str | Unset):
        items (int | Unset):  Default: 1.
        paid_at (datetime.datetime | None | Unset):
        shipping_fee (None | NonNegativeMoney | Unset):
    """

    amount: PositiveMoney
    category: str
    merchant_id: str
    order_id: str
    affiliate_bps: int | None | Unset = UNSET
    affiliate_id: None | str | Unset = UNSET
    fulfillment: SaleCreateFulfillment | Unset = SaleCreateFulfillment.MERCHANT
    fx_quote_id: None | str | Unset = UNSET
    fx_rate: None | str | Unset = UNSET
    items: int | Unset = 1
    paid_at: datetime.datetime | None | Unset = UNSET
    shipping_fee: None | NonNegativeMoney | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415

        amount = self.amount.to_dict()

        category = self.category

        merchant_id = self.merchant_id

        order_id = self.order_id

        affiliate_bps: int | None | Unset
        if isinstance(self.affiliate_bps, Unset):
            affiliate_bps = UNSET
        else:
            affiliate_bps = self.affiliate_bps

        affiliate_id: None | str | Unset
        if isinstance(self.affiliate_id, Unset):
            affiliate_id = UNSET
        else:
            affiliate_id = self.affiliate_id

        fulfillment: str | Unset = UNSET
        if not isinstance(self.fulfillment, Unset):
            fulfillment = self.fulfillment.value

        fx_quote_id: None | str | Unset
        if isinstance(self.fx_quote_id, Unset):
            fx_quote_id = UNSET
        else:
            fx_quote_id = self.fx_quote_id

        fx_rate: None | str | Unset
        if isinstance(self.fx_rate, Unset):
            fx_rate = UNSET
        else:
            fx_rate = self.fx_rate

        items = self.items

        paid_at: None | str | Unset
        if isinstance(self.paid_at, Unset):
            paid_at = UNSET
        elif isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        shipping_fee: dict[str, Any] | None | Unset
        if isinstance(self.shipping_fee, Unset):
            shipping_fee = UNSET
        elif isinstance(self.shipping_fee, NonNegativeMoney):
            shipping_fee = self.shipping_fee.to_dict()
        else:
            shipping_fee = self.shipping_fee

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "merchant_id": merchant_id,
                "order_id": order_id,
            }
        )
        if affiliate_bps is not UNSET:
            field_dict["affiliate_bps"] = affiliate_bps
        if affiliate_id is not UNSET:
            field_dict["affiliate_id"] = affiliate_id
        if fulfillment is not UNSET:
            field_dict["fulfillment"] = fulfillment
        if fx_quote_id is not UNSET:
            field_dict["fx_quote_id"] = fx_quote_id
        if fx_rate is not UNSET:
            field_dict["fx_rate"] = fx_rate
        if items is not UNSET:
            field_dict["items"] = items
        if paid_at is not UNSET:
            field_dict["paid_at"] = paid_at
        if shipping_fee is not UNSET:
            field_dict["shipping_fee"] = shipping_fee

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        amount = PositiveMoney.from_dict(d.pop("amount"))

        category = d.pop("category")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        def _parse_affiliate_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        affiliate_bps = _parse_affiliate_bps(d.pop("affiliate_bps", UNSET))

        def _parse_affiliate_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        affiliate_id = _parse_affiliate_id(d.pop("affiliate_id", UNSET))

        _fulfillment = d.pop("fulfillment", UNSET)
        fulfillment: SaleCreateFulfillment | Unset
        if isinstance(_fulfillment, Unset):
            fulfillment = UNSET
        else:
            fulfillment = SaleCreateFulfillment(_fulfillment)

        def _parse_fx_quote_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fx_quote_id = _parse_fx_quote_id(d.pop("fx_quote_id", UNSET))

        def _parse_fx_rate(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fx_rate = _parse_fx_rate(d.pop("fx_rate", UNSET))

        items = d.pop("items", UNSET)

        def _parse_paid_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        paid_at = _parse_paid_at(d.pop("paid_at", UNSET))

        def _parse_shipping_fee(data: object) -> None | NonNegativeMoney | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_fee_type_0 = NonNegativeMoney.from_dict(data)

                return shipping_fee_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NonNegativeMoney | Unset, data)

        shipping_fee = _parse_shipping_fee(d.pop("shipping_fee", UNSET))

        sale_create = cls(
            amount=amount,
            category=category,
            merchant_id=merchant_id,
            order_id=order_id,
            affiliate_bps=affiliate_bps,
            affiliate_id=affiliate_id,
            fulfillment=fulfillment,
            fx_quote_id=fx_quote_id,
            fx_rate=fx_rate,
            items=items,
            paid_at=paid_at,
            shipping_fee=shipping_fee,
        )

        return sale_create

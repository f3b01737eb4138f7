from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.order_create_channel_type_0 import OrderCreateChannelType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.affiliate_in import AffiliateIn
    from ..models.payment_in import PaymentIn


T = TypeVar("T", bound="OrderCreate")


@_attrs_define
class OrderCreate:
    """
    Attributes:
        option_id (str):
        payment (PaymentIn):
        quote_id (str):
        affiliate (AffiliateIn | None | Unset):
        channel (None | OrderCreateChannelType0 | Unset): Where the sale happens; the quote's channel when left out. The
            rules in force for it are asked again as the order is placed
    """

    option_id: str
    payment: PaymentIn
    quote_id: str
    affiliate: AffiliateIn | None | Unset = UNSET
    channel: None | OrderCreateChannelType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.affiliate_in import AffiliateIn  # noqa: PLC0415

        option_id = self.option_id

        payment = self.payment.to_dict()

        quote_id = self.quote_id

        affiliate: dict[str, Any] | None | Unset
        if isinstance(self.affiliate, Unset):
            affiliate = UNSET
        elif isinstance(self.affiliate, AffiliateIn):
            affiliate = self.affiliate.to_dict()
        else:
            affiliate = self.affiliate

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, OrderCreateChannelType0):
            channel = self.channel.value
        else:
            channel = self.channel

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "option_id": option_id,
                "payment": payment,
                "quote_id": quote_id,
            }
        )
        if affiliate is not UNSET:
            field_dict["affiliate"] = affiliate
        if channel is not UNSET:
            field_dict["channel"] = channel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affiliate_in import AffiliateIn  # noqa: PLC0415
        from ..models.payment_in import PaymentIn  # noqa: PLC0415

        d = dict(src_dict)
        option_id = d.pop("option_id")

        payment = PaymentIn.from_dict(d.pop("payment"))

        quote_id = d.pop("quote_id")

        def _parse_affiliate(data: object) -> AffiliateIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                affiliate_type_0 = AffiliateIn.from_dict(data)

                return affiliate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AffiliateIn | None | Unset, data)

        affiliate = _parse_affiliate(d.pop("affiliate", UNSET))

        def _parse_channel(data: object) -> None | OrderCreateChannelType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = OrderCreateChannelType0(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderCreateChannelType0 | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        order_create = cls(
            option_id=option_id,
            payment=payment,
            quote_id=quote_id,
            affiliate=affiliate,
            channel=channel,
        )

        return order_create

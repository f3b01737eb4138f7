from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.quote_create_channel import QuoteCreateChannel
from ..models.quote_create_incoterm import QuoteCreateIncoterm
from ..models.quote_create_objective import QuoteCreateObjective
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.logistics_destination_in import LogisticsDestinationIn
    from ..models.quote_item_in import QuoteItemIn


T = TypeVar("T", bound="QuoteCreate")


@_attrs_define
class QuoteCreate:
    """
    Attributes:
        currency (str):
        destination (LogisticsDestinationIn):
        items (list[QuoteItemIn]):
        merchant_id (str):
        channel (QuoteCreateChannel | Unset): Where the sale happens: market access can differ per channel (a country
            may close social-commerce checkouts and keep marketplaces open) Default: QuoteCreateChannel.MARKETPLACE.
        incoterm (QuoteCreateIncoterm | Unset):  Default: QuoteCreateIncoterm.DDP.
        max_days (int | Unset):  Default: 15.
        objective (QuoteCreateObjective | Unset):  Default: QuoteCreateObjective.BEST_VALUE.
    """

    currency: str
    destination: LogisticsDestinationIn
    items: list[QuoteItemIn]
    merchant_id: str
    channel: QuoteCreateChannel | Unset = QuoteCreateChannel.MARKETPLACE
    incoterm: QuoteCreateIncoterm | Unset = QuoteCreateIncoterm.DDP
    max_days: int | Unset = 15
    objective: QuoteCreateObjective | Unset = QuoteCreateObjective.BEST_VALUE

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        destination = self.destination.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        merchant_id = self.merchant_id

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value

        incoterm: str | Unset = UNSET
        if not isinstance(self.incoterm, Unset):
            incoterm = self.incoterm.value

        max_days = self.max_days

        objective: str | Unset = UNSET
        if not isinstance(self.objective, Unset):
            objective = self.objective.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "destination": destination,
                "items": items,
                "merchant_id": merchant_id,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if incoterm is not UNSET:
            field_dict["incoterm"] = incoterm
        if max_days is not UNSET:
            field_dict["max_days"] = max_days
        if objective is not UNSET:
            field_dict["objective"] = objective

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.logistics_destination_in import LogisticsDestinationIn  # noqa: PLC0415
        from ..models.quote_item_in import QuoteItemIn  # noqa: PLC0415

        d = dict(src_dict)
        currency = d.pop("currency")

        destination = LogisticsDestinationIn.from_dict(d.pop("destination"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = QuoteItemIn.from_dict(items_item_data)

            items.append(items_item)

        merchant_id = d.pop("merchant_id")

        _channel = d.pop("channel", UNSET)
        channel: QuoteCreateChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = QuoteCreateChannel(_channel)

        _incoterm = d.pop("incoterm", UNSET)
        incoterm: QuoteCreateIncoterm | Unset
        if isinstance(_incoterm, Unset):
            incoterm = UNSET
        else:
            incoterm = QuoteCreateIncoterm(_incoterm)

        max_days = d.pop("max_days", UNSET)

        _objective = d.pop("objective", UNSET)
        objective: QuoteCreateObjective | Unset
        if isinstance(_objective, Unset):
            objective = UNSET
        else:
            objective = QuoteCreateObjective(_objective)

        quote_create = cls(
            currency=currency,
            destination=destination,
            items=items,
            merchant_id=merchant_id,
            channel=channel,
            incoterm=incoterm,
            max_days=max_days,
            objective=objective,
        )

        return quote_create

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.landed_cost_request_channel import LandedCostRequestChannel
from ..models.landed_cost_request_incoterm import LandedCostRequestIncoterm
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.destination import Destination
    from ..models.landed_cost_item import LandedCostItem
    from ..models.money_in import MoneyIn


T = TypeVar("T", bound="LandedCostRequest")


@_attrs_define
class LandedCostRequest:
    """
    Example:
        {'currency': 'EUR', 'date': '2026-07-01', 'destination': {'country': 'DE'}, 'incoterm': 'DDP', 'items':
            [{'hs_code': '610910', 'quantity': 2, 'unit_price': {'amount': '25.00', 'currency': 'EUR'}}], 'origin_country':
            'CN', 'shipping': {'amount': '5.00', 'currency': 'EUR'}}

    Attributes:
        currency (str): The shopper's currency (ISO 4217)
        destination (Destination):
        incoterm (LandedCostRequestIncoterm): DDP: the shopper pays everything at checkout; DAP: duties and taxes are
            due at the door
        items (list[LandedCostItem]):
        origin_country (str): Where the consignment ships from
        shipping (MoneyIn): Money given to the service (a request body): at most `MAX_DIGITS` digits in minor units.
            Takes a
            `MoneyModel` too (checked the same). Example: {'amount': '12.50', 'currency': 'USD'}.
        channel (LandedCostRequestChannel | Unset):  Default: LandedCostRequestChannel.COURIER.
        date (datetime.date | None | Unset): The day whose rules and rates apply (default: today)
    """

    currency: str
    destination: Destination
    incoterm: LandedCostRequestIncoterm
    items: list[LandedCostItem]
    origin_country: str
    shipping: MoneyIn
    channel: LandedCostRequestChannel | Unset = LandedCostRequestChannel.COURIER
    date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        destination = self.destination.to_dict()

        incoterm = self.incoterm.value

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        origin_country = self.origin_country

        shipping = self.shipping.to_dict()

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value

        date: None | str | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        elif isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "destination": destination,
                "incoterm": incoterm,
                "items": items,
                "origin_country": origin_country,
                "shipping": shipping,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if date is not UNSET:
            field_dict["date"] = date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.destination import Destination  # noqa: PLC0415
        from ..models.landed_cost_item import LandedCostItem  # noqa: PLC0415
        from ..models.money_in import MoneyIn  # noqa: PLC0415

        d = dict(src_dict)
        currency = d.pop("currency")

        destination = Destination.from_dict(d.pop("destination"))

        incoterm = LandedCostRequestIncoterm(d.pop("incoterm"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LandedCostItem.from_dict(items_item_data)

            items.append(items_item)

        origin_country = d.pop("origin_country")

        shipping = MoneyIn.from_dict(d.pop("shipping"))

        _channel = d.pop("channel", UNSET)
        channel: LandedCostRequestChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = LandedCostRequestChannel(_channel)

        def _parse_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date = _parse_date(d.pop("date", UNSET))

        landed_cost_request = cls(
            currency=currency,
            destination=destination,
            incoterm=incoterm,
            items=items,
            origin_country=origin_country,
            shipping=shipping,
            channel=channel,
            date=date,
        )

        return landed_cost_request

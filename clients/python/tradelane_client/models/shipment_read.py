from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.shipment_event_read import ShipmentEventRead
    from ..models.shipment_read_declaration_type_0 import ShipmentReadDeclarationType0
    from ..models.shipment_read_items_item import ShipmentReadItemsItem
    from ..models.shipment_read_label_type_0 import ShipmentReadLabelType0
    from ..models.window import Window


T = TypeVar("T", bound="ShipmentRead")


@_attrs_define
class ShipmentRead:
    """
    Attributes:
        booking_messages (list[str]):
        carrier (str):
        declaration (None | ShipmentReadDeclarationType0):
        delivered_at (datetime.datetime | None):
        destination_country (str):
        id (str):
        items (list[ShipmentReadItemsItem]):
        label (None | ShipmentReadLabelType0):
        merchant_id (str):
        order_id (str):
        origin_country (str):
        quoted_window (Window):
        reason (None | str):
        service (str):
        status (str):
        tracking_number (None | str):
        warehouse_id (str):
        window (Window):
        duplicate (bool | Unset):  Default: False.
        events (list[ShipmentEventRead] | Unset):
    """

    booking_messages: list[str]
    carrier: str
    declaration: None | ShipmentReadDeclarationType0
    delivered_at: datetime.datetime | None
    destination_country: str
    id: str
    items: list[ShipmentReadItemsItem]
    label: None | ShipmentReadLabelType0
    merchant_id: str
    order_id: str
    origin_country: str
    quoted_window: Window
    reason: None | str
    service: str
    status: str
    tracking_number: None | str
    warehouse_id: str
    window: Window
    duplicate: bool | Unset = False
    events: list[ShipmentEventRead] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.shipment_read_declaration_type_0 import ShipmentReadDeclarationType0  # noqa: PLC0415
        from ..models.shipment_read_label_type_0 import ShipmentReadLabelType0  # noqa: PLC0415

        booking_messages = self.booking_messages

        carrier = self.carrier

        declaration: dict[str, Any] | None
        if isinstance(self.declaration, ShipmentReadDeclarationType0):
            declaration = self.declaration.to_dict()
        else:
            declaration = self.declaration

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        destination_country = self.destination_country

        id = self.id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        label: dict[str, Any] | None
        if isinstance(self.label, ShipmentReadLabelType0):
            label = self.label.to_dict()
        else:
            label = self.label

        merchant_id = self.merchant_id

        order_id = self.order_id

        origin_country = self.origin_country

        quoted_window = self.quoted_window.to_dict()

        reason: None | str
        reason = self.reason

        service = self.service

        status = self.status

        tracking_number: None | str
        tracking_number = self.tracking_number

        warehouse_id = self.warehouse_id

        window = self.window.to_dict()

        duplicate = self.duplicate

        events: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booking_messages": booking_messages,
                "carrier": carrier,
                "declaration": declaration,
                "delivered_at": delivered_at,
                "destination_country": destination_country,
                "id": id,
                "items": items,
                "label": label,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "origin_country": origin_country,
                "quoted_window": quoted_window,
                "reason": reason,
                "service": service,
                "status": status,
                "tracking_number": tracking_number,
                "warehouse_id": warehouse_id,
                "window": window,
            }
        )
        if duplicate is not UNSET:
            field_dict["duplicate"] = duplicate
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.shipment_event_read import ShipmentEventRead  # noqa: PLC0415
        from ..models.shipment_read_declaration_type_0 import ShipmentReadDeclarationType0  # noqa: PLC0415
        from ..models.shipment_read_items_item import ShipmentReadItemsItem  # noqa: PLC0415
        from ..models.shipment_read_label_type_0 import ShipmentReadLabelType0  # noqa: PLC0415
        from ..models.window import Window  # noqa: PLC0415

        d = dict(src_dict)
        booking_messages = cast(list[str], d.pop("booking_messages"))

        carrier = d.pop("carrier")

        def _parse_declaration(data: object) -> None | ShipmentReadDeclarationType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                declaration_type_0 = ShipmentReadDeclarationType0.from_dict(data)

                return declaration_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShipmentReadDeclarationType0, data)

        declaration = _parse_declaration(d.pop("declaration"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        destination_country = d.pop("destination_country")

        id = d.pop("id")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ShipmentReadItemsItem.from_dict(items_item_data)

            items.append(items_item)

        def _parse_label(data: object) -> None | ShipmentReadLabelType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                label_type_0 = ShipmentReadLabelType0.from_dict(data)

                return label_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShipmentReadLabelType0, data)

        label = _parse_label(d.pop("label"))

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        origin_country = d.pop("origin_country")

        quoted_window = Window.from_dict(d.pop("quoted_window"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        service = d.pop("service")

        status = d.pop("status")

        def _parse_tracking_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking_number = _parse_tracking_number(d.pop("tracking_number"))

        warehouse_id = d.pop("warehouse_id")

        window = Window.from_dict(d.pop("window"))

        duplicate = d.pop("duplicate", UNSET)

        _events = d.pop("events", UNSET)
        events: list[ShipmentEventRead] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = ShipmentEventRead.from_dict(events_item_data)

                events.append(events_item)

        shipment_read = cls(
            booking_messages=booking_messages,
            carrier=carrier,
            declaration=declaration,
            delivered_at=delivered_at,
            destination_country=destination_country,
            id=id,
            items=items,
            label=label,
            merchant_id=merchant_id,
            order_id=order_id,
            origin_country=origin_country,
            quoted_window=quoted_window,
            reason=reason,
            service=service,
            status=status,
            tracking_number=tracking_number,
            warehouse_id=warehouse_id,
            window=window,
            duplicate=duplicate,
            events=events,
        )

        shipment_read.additional_properties = d
        return shipment_read

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

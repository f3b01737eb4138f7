from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.shipment_plan_source import ShipmentPlanSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.delivery_window import DeliveryWindow
    from ..models.money_model import MoneyModel
    from ..models.parcel_plan import ParcelPlan
    from ..models.shipment_plan_items_item import ShipmentPlanItemsItem


T = TypeVar("T", bound="ShipmentPlan")


@_attrs_define
class ShipmentPlan:
    """
    Attributes:
        billable_weight_g (int):
        carrier (str):
        delivery_window (DeliveryWindow):
        items (list[ShipmentPlanItemsItem]):
        mode (str):
        service (str):
        shipping (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        warehouse (str):
        warehouse_country (str):
        weight_g (int):
        parcels (list[ParcelPlan] | Unset):
        source (ShipmentPlanSource | Unset):  Default: ShipmentPlanSource.SHEET.
    """

    billable_weight_g: int
    carrier: str
    delivery_window: DeliveryWindow
    items: list[ShipmentPlanItemsItem]
    mode: str
    service: str
    shipping: MoneyModel
    warehouse: str
    warehouse_country: str
    weight_g: int
    parcels: list[ParcelPlan] | Unset = UNSET
    source: ShipmentPlanSource | Unset = ShipmentPlanSource.SHEET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billable_weight_g = self.billable_weight_g

        carrier = self.carrier

        delivery_window = self.delivery_window.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        mode = self.mode

        service = self.service

        shipping = self.shipping.to_dict()

        warehouse = self.warehouse

        warehouse_country = self.warehouse_country

        weight_g = self.weight_g

        parcels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parcels, Unset):
            parcels = []
            for parcels_item_data in self.parcels:
                parcels_item = parcels_item_data.to_dict()
                parcels.append(parcels_item)

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "billable_weight_g": billable_weight_g,
                "carrier": carrier,
                "delivery_window": delivery_window,
                "items": items,
                "mode": mode,
                "service": service,
                "shipping": shipping,
                "warehouse": warehouse,
                "warehouse_country": warehouse_country,
                "weight_g": weight_g,
            }
        )
        if parcels is not UNSET:
            field_dict["parcels"] = parcels
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_window import DeliveryWindow  # noqa: PLC0415
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.parcel_plan import ParcelPlan  # noqa: PLC0415
        from ..models.shipment_plan_items_item import ShipmentPlanItemsItem  # noqa: PLC0415

        d = dict(src_dict)
        billable_weight_g = d.pop("billable_weight_g")

        carrier = d.pop("carrier")

        delivery_window = DeliveryWindow.from_dict(d.pop("delivery_window"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ShipmentPlanItemsItem.from_dict(items_item_data)

            items.append(items_item)

        mode = d.pop("mode")

        service = d.pop("service")

        shipping = MoneyModel.from_dict(d.pop("shipping"))

        warehouse = d.pop("warehouse")

        warehouse_country = d.pop("warehouse_country")

        weight_g = d.pop("weight_g")

        _parcels = d.pop("parcels", UNSET)
        parcels: list[ParcelPlan] | Unset = UNSET
        if _parcels is not UNSET:
            parcels = []
            for parcels_item_data in _parcels:
                parcels_item = ParcelPlan.from_dict(parcels_item_data)

                parcels.append(parcels_item)

        _source = d.pop("source", UNSET)
        source: ShipmentPlanSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ShipmentPlanSource(_source)

        shipment_plan = cls(
            billable_weight_g=billable_weight_g,
            carrier=carrier,
            delivery_window=delivery_window,
            items=items,
            mode=mode,
            service=service,
            shipping=shipping,
            warehouse=warehouse,
            warehouse_country=warehouse_country,
            weight_g=weight_g,
            parcels=parcels,
            source=source,
        )

        shipment_plan.additional_properties = d
        return shipment_plan

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel
    from ..models.return_label_read import ReturnLabelRead
    from ..models.return_line_read import ReturnLineRead


T = TypeVar("T", bound="ReturnRead")


@_attrs_define
class ReturnRead:
    """
    Attributes:
        created_at (datetime.datetime):
        explanation (str):
        id (str):
        items (list[ReturnLineRead]):
        items_value (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        merchant_id (str):
        order_id (str):
        refund (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        refunded_at (datetime.datetime | None):
        resolution (str):
        return_cost (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        return_label (None | ReturnLabelRead):
        status (str):
        warehouse (None | str):
    """

    created_at: datetime.datetime
    explanation: str
    id: str
    items: list[ReturnLineRead]
    items_value: MoneyModel
    merchant_id: str
    order_id: str
    refund: MoneyModel
    refunded_at: datetime.datetime | None
    resolution: str
    return_cost: MoneyModel
    return_label: None | ReturnLabelRead
    status: str
    warehouse: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.return_label_read import ReturnLabelRead  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        explanation = self.explanation

        id = self.id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        items_value = self.items_value.to_dict()

        merchant_id = self.merchant_id

        order_id = self.order_id

        refund = self.refund.to_dict()

        refunded_at: None | str
        if isinstance(self.refunded_at, datetime.datetime):
            refunded_at = self.refunded_at.isoformat()
        else:
            refunded_at = self.refunded_at

        resolution = self.resolution

        return_cost = self.return_cost.to_dict()

        return_label: dict[str, Any] | None
        if isinstance(self.return_label, ReturnLabelRead):
            return_label = self.return_label.to_dict()
        else:
            return_label = self.return_label

        status = self.status

        warehouse: None | str
        warehouse = self.warehouse

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "explanation": explanation,
                "id": id,
                "items": items,
                "items_value": items_value,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "refund": refund,
                "refunded_at": refunded_at,
                "resolution": resolution,
                "return_cost": return_cost,
                "return_label": return_label,
                "status": status,
                "warehouse": warehouse,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.return_label_read import ReturnLabelRead  # noqa: PLC0415
        from ..models.return_line_read import ReturnLineRead  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        explanation = d.pop("explanation")

        id = d.pop("id")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ReturnLineRead.from_dict(items_item_data)

            items.append(items_item)

        items_value = MoneyModel.from_dict(d.pop("items_value"))

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        refund = MoneyModel.from_dict(d.pop("refund"))

        def _parse_refunded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                refunded_at_type_0 = datetime.datetime.fromisoformat(data)

                return refunded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        refunded_at = _parse_refunded_at(d.pop("refunded_at"))

        resolution = d.pop("resolution")

        return_cost = MoneyModel.from_dict(d.pop("return_cost"))

        def _parse_return_label(data: object) -> None | ReturnLabelRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                return_label_type_0 = ReturnLabelRead.from_dict(data)

                return return_label_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReturnLabelRead, data)

        return_label = _parse_return_label(d.pop("return_label"))

        status = d.pop("status")

        def _parse_warehouse(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        warehouse = _parse_warehouse(d.pop("warehouse"))

        return_read = cls(
            created_at=created_at,
            explanation=explanation,
            id=id,
            items=items,
            items_value=items_value,
            merchant_id=merchant_id,
            order_id=order_id,
            refund=refund,
            refunded_at=refunded_at,
            resolution=resolution,
            return_cost=return_cost,
            return_label=return_label,
            status=status,
            warehouse=warehouse,
        )

        return_read.additional_properties = d
        return return_read

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

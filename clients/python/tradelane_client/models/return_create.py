from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.return_item_in import ReturnItemIn


T = TypeVar("T", bound="ReturnCreate")


@_attrs_define
class ReturnCreate:
    """
    Attributes:
        items (list[ReturnItemIn]):
        order_id (str):
    """

    items: list[ReturnItemIn]
    order_id: str

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        order_id = self.order_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "order_id": order_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_item_in import ReturnItemIn  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ReturnItemIn.from_dict(items_item_data)

            items.append(items_item)

        order_id = d.pop("order_id")

        return_create = cls(
            items=items,
            order_id=order_id,
        )

        return return_create

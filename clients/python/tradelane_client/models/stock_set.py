from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="StockSet")


@_attrs_define
class StockSet:
    """
    Attributes:
        merchant_id (str):
        on_hand (int):
        sku (str):
        warehouse (str): Warehouse code
    """

    merchant_id: str
    on_hand: int
    sku: str
    warehouse: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        on_hand = self.on_hand

        sku = self.sku

        warehouse = self.warehouse

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "on_hand": on_hand,
                "sku": sku,
                "warehouse": warehouse,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        on_hand = d.pop("on_hand")

        sku = d.pop("sku")

        warehouse = d.pop("warehouse")

        stock_set = cls(
            merchant_id=merchant_id,
            on_hand=on_hand,
            sku=sku,
            warehouse=warehouse,
        )

        return stock_set

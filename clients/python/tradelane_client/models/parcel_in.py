from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.parcel_in_goods_item import ParcelInGoodsItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="ParcelIn")


@_attrs_define
class ParcelIn:
    """
    Attributes:
        weight_g (int):
        dims_cm (list[float | str] | None | Unset):
        goods (list[ParcelInGoodsItem] | Unset):
    """

    weight_g: int
    dims_cm: list[float | str] | None | Unset = UNSET
    goods: list[ParcelInGoodsItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        weight_g = self.weight_g

        dims_cm: list[float | str] | None | Unset
        if isinstance(self.dims_cm, Unset):
            dims_cm = UNSET
        elif isinstance(self.dims_cm, list):
            dims_cm = []
            for dims_cm_type_0_item_data in self.dims_cm:
                dims_cm_type_0_item: float | str
                dims_cm_type_0_item = dims_cm_type_0_item_data
                dims_cm.append(dims_cm_type_0_item)

        else:
            dims_cm = self.dims_cm

        goods: list[str] | Unset = UNSET
        if not isinstance(self.goods, Unset):
            goods = []
            for goods_item_data in self.goods:
                goods_item = goods_item_data.value
                goods.append(goods_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "weight_g": weight_g,
            }
        )
        if dims_cm is not UNSET:
            field_dict["dims_cm"] = dims_cm
        if goods is not UNSET:
            field_dict["goods"] = goods

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weight_g = d.pop("weight_g")

        def _parse_dims_cm(data: object) -> list[float | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                dims_cm_type_0 = []
                _dims_cm_type_0 = data
                for dims_cm_type_0_item_data in _dims_cm_type_0:

                    def _parse_dims_cm_type_0_item(data: object) -> float | str:
                        return cast(float | str, data)

                    dims_cm_type_0_item = _parse_dims_cm_type_0_item(dims_cm_type_0_item_data)

                    dims_cm_type_0.append(dims_cm_type_0_item)

                return dims_cm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float | str] | None | Unset, data)

        dims_cm = _parse_dims_cm(d.pop("dims_cm", UNSET))

        _goods = d.pop("goods", UNSET)
        goods: list[ParcelInGoodsItem] | Unset = UNSET
        if _goods is not UNSET:
            goods = []
            for goods_item_data in _goods:
                goods_item = ParcelInGoodsItem(goods_item_data)

                goods.append(goods_item)

        parcel_in = cls(
            weight_g=weight_g,
            dims_cm=dims_cm,
            goods=goods,
        )

        return parcel_in

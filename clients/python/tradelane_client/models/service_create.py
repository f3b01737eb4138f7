from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.service_create_accepts_item import ServiceCreateAcceptsItem
from ..models.service_create_mode import ServiceCreateMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.service_create_goods_limits import ServiceCreateGoodsLimits


T = TypeVar("T", bound="ServiceCreate")


@_attrs_define
class ServiceCreate:
    """
    Attributes:
        carrier_code (str):
        code (str):
        max_weight_g (int):
        mode (ServiceCreateMode):
        name (str):
        accepts (list[ServiceCreateAcceptsItem] | Unset):
        active (bool | Unset):  Default: True.
        ddp_capable (bool | Unset):  Default: False.
        goods_limits (ServiceCreateGoodsLimits | Unset):
        max_dims_cm (list[float | str] | None | Unset):
        tracked (bool | Unset):  Default: True.
    """

    carrier_code: str
    code: str
    max_weight_g: int
    mode: ServiceCreateMode
    name: str
    accepts: list[ServiceCreateAcceptsItem] | Unset = UNSET
    active: bool | Unset = True
    ddp_capable: bool | Unset = False
    goods_limits: ServiceCreateGoodsLimits | Unset = UNSET
    max_dims_cm: list[float | str] | None | Unset = UNSET
    tracked: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        carrier_code = self.carrier_code

        code = self.code

        max_weight_g = self.max_weight_g

        mode = self.mode.value

        name = self.name

        accepts: list[str] | Unset = UNSET
        if not isinstance(self.accepts, Unset):
            accepts = []
            for accepts_item_data in self.accepts:
                accepts_item = accepts_item_data.value
                accepts.append(accepts_item)

        active = self.active

        ddp_capable = self.ddp_capable

        goods_limits: dict[str, Any] | Unset = UNSET
        if not isinstance(self.goods_limits, Unset):
            goods_limits = self.goods_limits.to_dict()

        max_dims_cm: list[float | str] | None | Unset
        if isinstance(self.max_dims_cm, Unset):
            max_dims_cm = UNSET
        elif isinstance(self.max_dims_cm, list):
            max_dims_cm = []
            for max_dims_cm_type_0_item_data in self.max_dims_cm:
                max_dims_cm_type_0_item: float | str
                max_dims_cm_type_0_item = max_dims_cm_type_0_item_data
                max_dims_cm.append(max_dims_cm_type_0_item)

        else:
            max_dims_cm = self.max_dims_cm

        tracked = self.tracked

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "carrier_code": carrier_code,
                "code": code,
                "max_weight_g": max_weight_g,
                "mode": mode,
                "name": name,
            }
        )
        if accepts is not UNSET:
            field_dict["accepts"] = accepts
        if active is not UNSET:
            field_dict["active"] = active
        if ddp_capable is not UNSET:
            field_dict["ddp_capable"] = ddp_capable
        if goods_limits is not UNSET:
            field_dict["goods_limits"] = goods_limits
        if max_dims_cm is not UNSET:
            field_dict["max_dims_cm"] = max_dims_cm
        if tracked is not UNSET:
            field_dict["tracked"] = tracked

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_create_goods_limits import ServiceCreateGoodsLimits  # noqa: PLC0415

        d = dict(src_dict)
        carrier_code = d.pop("carrier_code")

        code = d.pop("code")

        max_weight_g = d.pop("max_weight_g")

        mode = ServiceCreateMode(d.pop("mode"))

        name = d.pop("name")

        _accepts = d.pop("accepts", UNSET)
        accepts: list[ServiceCreateAcceptsItem] | Unset = UNSET
        if _accepts is not UNSET:
            accepts = []
            for accepts_item_data in _accepts:
                accepts_item = ServiceCreateAcceptsItem(accepts_item_data)

                accepts.append(accepts_item)

        active = d.pop("active", UNSET)

        ddp_capable = d.pop("ddp_capable", UNSET)

        _goods_limits = d.pop("goods_limits", UNSET)
        goods_limits: ServiceCreateGoodsLimits | Unset
        if isinstance(_goods_limits, Unset):
            goods_limits = UNSET
        else:
            goods_limits = ServiceCreateGoodsLimits.from_dict(_goods_limits)

        def _parse_max_dims_cm(data: object) -> list[float | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                max_dims_cm_type_0 = []
                _max_dims_cm_type_0 = data
                for max_dims_cm_type_0_item_data in _max_dims_cm_type_0:

                    def _parse_max_dims_cm_type_0_item(data: object) -> float | str:
                        return cast(float | str, data)

                    max_dims_cm_type_0_item = _parse_max_dims_cm_type_0_item(max_dims_cm_type_0_item_data)

                    max_dims_cm_type_0.append(max_dims_cm_type_0_item)

                return max_dims_cm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float | str] | None | Unset, data)

        max_dims_cm = _parse_max_dims_cm(d.pop("max_dims_cm", UNSET))

        tracked = d.pop("tracked", UNSET)

        service_create = cls(
            carrier_code=carrier_code,
            code=code,
            max_weight_g=max_weight_g,
            mode=mode,
            name=name,
            accepts=accepts,
            active=active,
            ddp_capable=ddp_capable,
            goods_limits=goods_limits,
            max_dims_cm=max_dims_cm,
            tracked=tracked,
        )

        return service_create

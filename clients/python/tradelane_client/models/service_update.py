from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.service_update_accepts_type_0_item import ServiceUpdateAcceptsType0Item
from ..models.service_update_mode_type_0 import ServiceUpdateModeType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.service_update_goods_limits_type_0 import ServiceUpdateGoodsLimitsType0


T = TypeVar("T", bound="ServiceUpdate")


@_attrs_define
class ServiceUpdate:
    """
    Attributes:
        accepts (list[ServiceUpdateAcceptsType0Item] | None | Unset):
        active (bool | None | Unset):
        ddp_capable (bool | None | Unset):
        goods_limits (None | ServiceUpdateGoodsLimitsType0 | Unset):
        max_dims_cm (list[float | str] | None | Unset):
        max_weight_g (int | None | Unset):
        mode (None | ServiceUpdateModeType0 | Unset):
        name (None | str | Unset):
        tracked (bool | None | Unset):
    """

    accepts: list[ServiceUpdateAcceptsType0Item] | None | Unset = UNSET
    active: bool | None | Unset = UNSET
    ddp_capable: bool | None | Unset = UNSET
    goods_limits: None | ServiceUpdateGoodsLimitsType0 | Unset = UNSET
    max_dims_cm: list[float | str] | None | Unset = UNSET
    max_weight_g: int | None | Unset = UNSET
    mode: None | ServiceUpdateModeType0 | Unset = UNSET
    name: None | str | Unset = UNSET
    tracked: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.service_update_goods_limits_type_0 import ServiceUpdateGoodsLimitsType0  # noqa: PLC0415

        accepts: list[str] | None | Unset
        if isinstance(self.accepts, Unset):
            accepts = UNSET
        elif isinstance(self.accepts, list):
            accepts = []
            for accepts_type_0_item_data in self.accepts:
                accepts_type_0_item = accepts_type_0_item_data.value
                accepts.append(accepts_type_0_item)

        else:
            accepts = self.accepts

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        ddp_capable: bool | None | Unset
        if isinstance(self.ddp_capable, Unset):
            ddp_capable = UNSET
        else:
            ddp_capable = self.ddp_capable

        goods_limits: dict[str, Any] | None | Unset
        if isinstance(self.goods_limits, Unset):
            goods_limits = UNSET
        elif isinstance(self.goods_limits, ServiceUpdateGoodsLimitsType0):
            goods_limits = self.goods_limits.to_dict()
        else:
            goods_limits = self.goods_limits

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

        max_weight_g: int | None | Unset
        if isinstance(self.max_weight_g, Unset):
            max_weight_g = UNSET
        else:
            max_weight_g = self.max_weight_g

        mode: None | str | Unset
        if isinstance(self.mode, Unset):
            mode = UNSET
        elif isinstance(self.mode, ServiceUpdateModeType0):
            mode = self.mode.value
        else:
            mode = self.mode

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        tracked: bool | None | Unset
        if isinstance(self.tracked, Unset):
            tracked = UNSET
        else:
            tracked = self.tracked

        field_dict: dict[str, Any] = {}

        field_dict.update({})
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
        if max_weight_g is not UNSET:
            field_dict["max_weight_g"] = max_weight_g
        if mode is not UNSET:
            field_dict["mode"] = mode
        if name is not UNSET:
            field_dict["name"] = name
        if tracked is not UNSET:
            field_dict["tracked"] = tracked

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_update_goods_limits_type_0 import ServiceUpdateGoodsLimitsType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_accepts(data: object) -> list[ServiceUpdateAcceptsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                accepts_type_0 = []
                _accepts_type_0 = data
                for accepts_type_0_item_data in _accepts_type_0:
                    accepts_type_0_item = ServiceUpdateAcceptsType0Item(accepts_type_0_item_data)

                    accepts_type_0.append(accepts_type_0_item)

                return accepts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ServiceUpdateAcceptsType0Item] | None | Unset, data)

        accepts = _parse_accepts(d.pop("accepts", UNSET))

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        def _parse_ddp_capable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        ddp_capable = _parse_ddp_capable(d.pop("ddp_capable", UNSET))

        def _parse_goods_limits(data: object) -> None | ServiceUpdateGoodsLimitsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                goods_limits_type_0 = ServiceUpdateGoodsLimitsType0.from_dict(data)

                return goods_limits_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServiceUpdateGoodsLimitsType0 | Unset, data)

        goods_limits = _parse_goods_limits(d.pop("goods_limits", UNSET))

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

        def _parse_max_weight_g(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_weight_g = _parse_max_weight_g(d.pop("max_weight_g", UNSET))

        def _parse_mode(data: object) -> None | ServiceUpdateModeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_0 = ServiceUpdateModeType0(data)

                return mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServiceUpdateModeType0 | Unset, data)

        mode = _parse_mode(d.pop("mode", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_tracked(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        tracked = _parse_tracked(d.pop("tracked", UNSET))

        service_update = cls(
            accepts=accepts,
            active=active,
            ddp_capable=ddp_capable,
            goods_limits=goods_limits,
            max_dims_cm=max_dims_cm,
            max_weight_g=max_weight_g,
            mode=mode,
            name=name,
            tracked=tracked,
        )

        return service_update

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_read_mode import ServiceReadMode

if TYPE_CHECKING:
    from ..models.service_read_goods_limits import ServiceReadGoodsLimits


T = TypeVar("T", bound="ServiceRead")


@_attrs_define
class ServiceRead:
    """
    Attributes:
        accepts (list[str]):
        active (bool):
        carrier_code (str):
        code (str):
        created_at (datetime.datetime):
        ddp_capable (bool):
        goods_limits (ServiceReadGoodsLimits):
        id (str):
        max_dims_cm (list[str] | None):
        max_weight_g (int):
        mode (ServiceReadMode):
        name (str):
        origins (list[str]):
        tracked (bool):
        updated_at (datetime.datetime):
    """

    accepts: list[str]
    active: bool
    carrier_code: str
    code: str
    created_at: datetime.datetime
    ddp_capable: bool
    goods_limits: ServiceReadGoodsLimits
    id: str
    max_dims_cm: list[str] | None
    max_weight_g: int
    mode: ServiceReadMode
    name: str
    origins: list[str]
    tracked: bool
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepts = self.accepts

        active = self.active

        carrier_code = self.carrier_code

        code = self.code

        created_at = self.created_at.isoformat()

        ddp_capable = self.ddp_capable

        goods_limits = self.goods_limits.to_dict()

        id = self.id

        max_dims_cm: list[str] | None
        if isinstance(self.max_dims_cm, list):
            max_dims_cm = self.max_dims_cm

        else:
            max_dims_cm = self.max_dims_cm

        max_weight_g = self.max_weight_g

        mode = self.mode.value

        name = self.name

        origins = self.origins

        tracked = self.tracked

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepts": accepts,
                "active": active,
                "carrier_code": carrier_code,
                "code": code,
                "created_at": created_at,
                "ddp_capable": ddp_capable,
                "goods_limits": goods_limits,
                "id": id,
                "max_dims_cm": max_dims_cm,
                "max_weight_g": max_weight_g,
                "mode": mode,
                "name": name,
                "origins": origins,
                "tracked": tracked,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_read_goods_limits import ServiceReadGoodsLimits  # noqa: PLC0415

        d = dict(src_dict)
        accepts = cast(list[str], d.pop("accepts"))

        active = d.pop("active")

        carrier_code = d.pop("carrier_code")

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        ddp_capable = d.pop("ddp_capable")

        goods_limits = ServiceReadGoodsLimits.from_dict(d.pop("goods_limits"))

        id = d.pop("id")

        def _parse_max_dims_cm(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                max_dims_cm_type_0 = cast(list[str], data)

                return max_dims_cm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        max_dims_cm = _parse_max_dims_cm(d.pop("max_dims_cm"))

        max_weight_g = d.pop("max_weight_g")

        mode = ServiceReadMode(d.pop("mode"))

        name = d.pop("name")

        origins = cast(list[str], d.pop("origins"))

        tracked = d.pop("tracked")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        service_read = cls(
            accepts=accepts,
            active=active,
            carrier_code=carrier_code,
            code=code,
            created_at=created_at,
            ddp_capable=ddp_capable,
            goods_limits=goods_limits,
            id=id,
            max_dims_cm=max_dims_cm,
            max_weight_g=max_weight_g,
            mode=mode,
            name=name,
            origins=origins,
            tracked=tracked,
            updated_at=updated_at,
        )

        service_read.additional_properties = d
        return service_read

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

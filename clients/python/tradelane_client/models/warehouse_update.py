from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.non_negative_money import NonNegativeMoney


T = TypeVar("T", bound="WarehouseUpdate")


@_attrs_define
class WarehouseUpdate:
    """
    Attributes:
        active (bool | None | Unset):
        capabilities (list[str] | None | Unset):
        cost_per_order (None | NonNegativeMoney | Unset):
        cutoff_local (None | str | Unset):
        handling_days (int | None | Unset):
        name (None | str | Unset):
        returns_centre (bool | None | Unset):
    """

    active: bool | None | Unset = UNSET
    capabilities: list[str] | None | Unset = UNSET
    cost_per_order: None | NonNegativeMoney | Unset = UNSET
    cutoff_local: None | str | Unset = UNSET
    handling_days: int | None | Unset = UNSET
    name: None | str | Unset = UNSET
    returns_centre: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        capabilities: list[str] | None | Unset
        if isinstance(self.capabilities, Unset):
            capabilities = UNSET
        elif isinstance(self.capabilities, list):
            capabilities = self.capabilities

        else:
            capabilities = self.capabilities

        cost_per_order: dict[str, Any] | None | Unset
        if isinstance(self.cost_per_order, Unset):
            cost_per_order = UNSET
        elif isinstance(self.cost_per_order, NonNegativeMoney):
            cost_per_order = self.cost_per_order.to_dict()
        else:
            cost_per_order = self.cost_per_order

        cutoff_local: None | str | Unset
        if isinstance(self.cutoff_local, Unset):
            cutoff_local = UNSET
        else:
            cutoff_local = self.cutoff_local

        handling_days: int | None | Unset
        if isinstance(self.handling_days, Unset):
            handling_days = UNSET
        else:
            handling_days = self.handling_days

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        returns_centre: bool | None | Unset
        if isinstance(self.returns_centre, Unset):
            returns_centre = UNSET
        else:
            returns_centre = self.returns_centre

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if cost_per_order is not UNSET:
            field_dict["cost_per_order"] = cost_per_order
        if cutoff_local is not UNSET:
            field_dict["cutoff_local"] = cutoff_local
        if handling_days is not UNSET:
            field_dict["handling_days"] = handling_days
        if name is not UNSET:
            field_dict["name"] = name
        if returns_centre is not UNSET:
            field_dict["returns_centre"] = returns_centre

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        def _parse_capabilities(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                capabilities_type_0 = cast(list[str], data)

                return capabilities_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        capabilities = _parse_capabilities(d.pop("capabilities", UNSET))

        def _parse_cost_per_order(data: object) -> None | NonNegativeMoney | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cost_per_order_type_0 = NonNegativeMoney.from_dict(data)

                return cost_per_order_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NonNegativeMoney | Unset, data)

        cost_per_order = _parse_cost_per_order(d.pop("cost_per_order", UNSET))

        def _parse_cutoff_local(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cutoff_local = _parse_cutoff_local(d.pop("cutoff_local", UNSET))

        def _parse_handling_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        handling_days = _parse_handling_days(d.pop("handling_days", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_returns_centre(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        returns_centre = _parse_returns_centre(d.pop("returns_centre", UNSET))

        warehouse_update = cls(
            active=active,
            capabilities=capabilities,
            cost_per_order=cost_per_order,
            cutoff_local=cutoff_local,
            handling_days=handling_days,
            name=name,
            returns_centre=returns_centre,
        )

        return warehouse_update

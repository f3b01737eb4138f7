from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AffiliateRead")


@_attrs_define
class AffiliateRead:
    """The creator of an order and the rate it earns: `plan` says where the rate came from (`targeted`,
    `open`, `policy`, or `order` for a rate the shop stated), `plan_id` and `scope` (`sku`, `category`,
    `all`) which plan and which of its rates.

        Attributes:
            creator_id (str):
            plan (str):
            plan_id (None | str | Unset):
            rate_bps (int | None | Unset):
            scope (None | str | Unset):
    """

    creator_id: str
    plan: str
    plan_id: None | str | Unset = UNSET
    rate_bps: int | None | Unset = UNSET
    scope: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        plan = self.plan

        plan_id: None | str | Unset
        if isinstance(self.plan_id, Unset):
            plan_id = UNSET
        else:
            plan_id = self.plan_id

        rate_bps: int | None | Unset
        if isinstance(self.rate_bps, Unset):
            rate_bps = UNSET
        else:
            rate_bps = self.rate_bps

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        else:
            scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "plan": plan,
            }
        )
        if plan_id is not UNSET:
            field_dict["plan_id"] = plan_id
        if rate_bps is not UNSET:
            field_dict["rate_bps"] = rate_bps
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        plan = d.pop("plan")

        def _parse_plan_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        plan_id = _parse_plan_id(d.pop("plan_id", UNSET))

        def _parse_rate_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_bps = _parse_rate_bps(d.pop("rate_bps", UNSET))

        def _parse_scope(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

        affiliate_read = cls(
            creator_id=creator_id,
            plan=plan,
            plan_id=plan_id,
            rate_bps=rate_bps,
            scope=scope,
        )

        affiliate_read.additional_properties = d
        return affiliate_read

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

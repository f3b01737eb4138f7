from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SettlementRunCreate")


@_attrs_define
class SettlementRunCreate:
    """
    Attributes:
        creator_id (None | str | Unset): Pay this creator now (on demand)
        merchant_id (None | str | Unset): Pay this merchant now (on demand)
    """

    creator_id: None | str | Unset = UNSET
    merchant_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        creator_id: None | str | Unset
        if isinstance(self.creator_id, Unset):
            creator_id = UNSET
        else:
            creator_id = self.creator_id

        merchant_id: None | str | Unset
        if isinstance(self.merchant_id, Unset):
            merchant_id = UNSET
        else:
            merchant_id = self.merchant_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_creator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        creator_id = _parse_creator_id(d.pop("creator_id", UNSET))

        def _parse_merchant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id", UNSET))

        settlement_run_create = cls(
            creator_id=creator_id,
            merchant_id=merchant_id,
        )

        return settlement_run_create

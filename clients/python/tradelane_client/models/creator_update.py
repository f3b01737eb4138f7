from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreatorUpdate")


@_attrs_define
class CreatorUpdate:
    """
    Attributes:
        name (None | str | Unset):
        verification (None | TraderVerification | Unset): Identity verification: payouts of an unverified creator are
            held
    """

    name: None | str | Unset = UNSET
    verification: None | TraderVerification | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        verification: None | str | Unset
        if isinstance(self.verification, Unset):
            verification = UNSET
        elif isinstance(self.verification, TraderVerification):
            verification = self.verification.value
        else:
            verification = self.verification

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if verification is not UNSET:
            field_dict["verification"] = verification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_verification(data: object) -> None | TraderVerification | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verification_type_0 = TraderVerification(data)

                return verification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraderVerification | Unset, data)

        verification = _parse_verification(d.pop("verification", UNSET))

        creator_update = cls(
            name=name,
            verification=verification,
        )

        return creator_update

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

T = TypeVar("T", bound="TraderVerificationSet")


@_attrs_define
class TraderVerificationSet:
    """
    Attributes:
        state (TraderVerification):
        reason (str | Unset):  Default: ''.
    """

    state: TraderVerification
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = TraderVerification(d.pop("state"))

        reason = d.pop("reason", UNSET)

        trader_verification_set = cls(
            state=state,
            reason=reason,
        )

        return trader_verification_set

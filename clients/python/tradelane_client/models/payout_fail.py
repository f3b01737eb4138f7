from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PayoutFail")


@_attrs_define
class PayoutFail:
    """
    Attributes:
        failure_code (str):
        failure_message (None | str | Unset):
    """

    failure_code: str
    failure_message: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        failure_code = self.failure_code

        failure_message: None | str | Unset
        if isinstance(self.failure_message, Unset):
            failure_message = UNSET
        else:
            failure_message = self.failure_message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "failure_code": failure_code,
            }
        )
        if failure_message is not UNSET:
            field_dict["failure_message"] = failure_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        failure_code = d.pop("failure_code")

        def _parse_failure_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_message = _parse_failure_message(d.pop("failure_message", UNSET))

        payout_fail = cls(
            failure_code=failure_code,
            failure_message=failure_message,
        )

        return payout_fail

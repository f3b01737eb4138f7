from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.suspend_request_channel import SuspendRequestChannel
from ..types import UNSET, Unset

T = TypeVar("T", bound="SuspendRequest")


@_attrs_define
class SuspendRequest:
    """
    Attributes:
        reason (str):
        channel (SuspendRequestChannel | Unset):  Default: SuspendRequestChannel.ALL.
        source_url (str | Unset):  Default: ''.
    """

    reason: str
    channel: SuspendRequestChannel | Unset = SuspendRequestChannel.ALL
    source_url: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value

        source_url = self.source_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if source_url is not UNSET:
            field_dict["source_url"] = source_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        _channel = d.pop("channel", UNSET)
        channel: SuspendRequestChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = SuspendRequestChannel(_channel)

        source_url = d.pop("source_url", UNSET)

        suspend_request = cls(
            reason=reason,
            channel=channel,
            source_url=source_url,
        )

        return suspend_request

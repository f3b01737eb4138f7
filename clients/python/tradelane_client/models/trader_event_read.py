from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trader_verification import TraderVerification

if TYPE_CHECKING:
    from ..models.trader_event_read_information_type_0 import TraderEventReadInformationType0


T = TypeVar("T", bound="TraderEventRead")


@_attrs_define
class TraderEventRead:
    """
    Attributes:
        action (str):
        actor (str):
        at (datetime.datetime):
        id (str):
        information (None | TraderEventReadInformationType0):
        merchant_id (str):
        reason (str):
        state_after (TraderVerification):
        state_before (TraderVerification):
    """

    action: str
    actor: str
    at: datetime.datetime
    id: str
    information: None | TraderEventReadInformationType0
    merchant_id: str
    reason: str
    state_after: TraderVerification
    state_before: TraderVerification
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.trader_event_read_information_type_0 import TraderEventReadInformationType0  # noqa: PLC0415

        action = self.action

        actor = self.actor

        at = self.at.isoformat()

        id = self.id

        information: dict[str, Any] | None
        if isinstance(self.information, TraderEventReadInformationType0):
            information = self.information.to_dict()
        else:
            information = self.information

        merchant_id = self.merchant_id

        reason = self.reason

        state_after = self.state_after.value

        state_before = self.state_before.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "at": at,
                "id": id,
                "information": information,
                "merchant_id": merchant_id,
                "reason": reason,
                "state_after": state_after,
                "state_before": state_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trader_event_read_information_type_0 import TraderEventReadInformationType0  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        id = d.pop("id")

        def _parse_information(data: object) -> None | TraderEventReadInformationType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                information_type_0 = TraderEventReadInformationType0.from_dict(data)

                return information_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraderEventReadInformationType0, data)

        information = _parse_information(d.pop("information"))

        merchant_id = d.pop("merchant_id")

        reason = d.pop("reason")

        state_after = TraderVerification(d.pop("state_after"))

        state_before = TraderVerification(d.pop("state_before"))

        trader_event_read = cls(
            action=action,
            actor=actor,
            at=at,
            id=id,
            information=information,
            merchant_id=merchant_id,
            reason=reason,
            state_after=state_after,
            state_before=state_before,
        )

        trader_event_read.additional_properties = d
        return trader_event_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_read_after_type_0 import AuditReadAfterType0
    from ..models.audit_read_before_type_0 import AuditReadBeforeType0


T = TypeVar("T", bound="AuditRead")


@_attrs_define
class AuditRead:
    """
    Attributes:
        action (str):
        actor (str):
        after (AuditReadAfterType0 | None):
        at (datetime.datetime):
        before (AuditReadBeforeType0 | None):
        entity_id (str):
        entity_type (str):
        id (int):
        reason (str):
    """

    action: str
    actor: str
    after: AuditReadAfterType0 | None
    at: datetime.datetime
    before: AuditReadBeforeType0 | None
    entity_id: str
    entity_type: str
    id: int
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_read_after_type_0 import AuditReadAfterType0  # noqa: PLC0415
        from ..models.audit_read_before_type_0 import AuditReadBeforeType0  # noqa: PLC0415

        action = self.action

        actor = self.actor

        after: dict[str, Any] | None
        if isinstance(self.after, AuditReadAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        at = self.at.isoformat()

        before: dict[str, Any] | None
        if isinstance(self.before, AuditReadBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        entity_id = self.entity_id

        entity_type = self.entity_type

        id = self.id

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "after": after,
                "at": at,
                "before": before,
                "entity_id": entity_id,
                "entity_type": entity_type,
                "id": id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_read_after_type_0 import AuditReadAfterType0  # noqa: PLC0415
        from ..models.audit_read_before_type_0 import AuditReadBeforeType0  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        def _parse_after(data: object) -> AuditReadAfterType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = AuditReadAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditReadAfterType0 | None, data)

        after = _parse_after(d.pop("after"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_before(data: object) -> AuditReadBeforeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = AuditReadBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditReadBeforeType0 | None, data)

        before = _parse_before(d.pop("before"))

        entity_id = d.pop("entity_id")

        entity_type = d.pop("entity_type")

        id = d.pop("id")

        reason = d.pop("reason")

        audit_read = cls(
            action=action,
            actor=actor,
            after=after,
            at=at,
            before=before,
            entity_id=entity_id,
            entity_type=entity_type,
            id=id,
            reason=reason,
        )

        audit_read.additional_properties = d
        return audit_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payout_setting_change_read_status import PayoutSettingChangeReadStatus

if TYPE_CHECKING:
    from ..models.payee_read import PayeeRead
    from ..models.payout_setting_change_read_changes import PayoutSettingChangeReadChanges


T = TypeVar("T", bound="PayoutSettingChangeRead")


@_attrs_define
class PayoutSettingChangeRead:
    """A change waiting for (or past) an admin's decision; account numbers masked (`•••• 1234`).

    Attributes:
        applied_at (datetime.datetime | None):
        changes (PayoutSettingChangeReadChanges):
        decided_at (datetime.datetime | None):
        decided_by (None | str):
        effective_at (datetime.datetime | None):
        fields (list[str]):
        id (str):
        merchant_id (None | str):
        payee (PayeeRead): Who is paid: a merchant or a creator.
        reason (str):
        requested_at (datetime.datetime):
        requested_by (str):
        status (PayoutSettingChangeReadStatus):
    """

    applied_at: datetime.datetime | None
    changes: PayoutSettingChangeReadChanges
    decided_at: datetime.datetime | None
    decided_by: None | str
    effective_at: datetime.datetime | None
    fields: list[str]
    id: str
    merchant_id: None | str
    payee: PayeeRead
    reason: str
    requested_at: datetime.datetime
    requested_by: str
    status: PayoutSettingChangeReadStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        applied_at: None | str
        if isinstance(self.applied_at, datetime.datetime):
            applied_at = self.applied_at.isoformat()
        else:
            applied_at = self.applied_at

        changes = self.changes.to_dict()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decided_by: None | str
        decided_by = self.decided_by

        effective_at: None | str
        if isinstance(self.effective_at, datetime.datetime):
            effective_at = self.effective_at.isoformat()
        else:
            effective_at = self.effective_at

        fields = self.fields

        id = self.id

        merchant_id: None | str
        merchant_id = self.merchant_id

        payee = self.payee.to_dict()

        reason = self.reason

        requested_at = self.requested_at.isoformat()

        requested_by = self.requested_by

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applied_at": applied_at,
                "changes": changes,
                "decided_at": decided_at,
                "decided_by": decided_by,
                "effective_at": effective_at,
                "fields": fields,
                "id": id,
                "merchant_id": merchant_id,
                "payee": payee,
                "reason": reason,
                "requested_at": requested_at,
                "requested_by": requested_by,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payee_read import PayeeRead  # noqa: PLC0415
        from ..models.payout_setting_change_read_changes import PayoutSettingChangeReadChanges  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_applied_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                applied_at_type_0 = datetime.datetime.fromisoformat(data)

                return applied_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        applied_at = _parse_applied_at(d.pop("applied_at"))

        changes = PayoutSettingChangeReadChanges.from_dict(d.pop("changes"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_effective_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_at_type_0 = datetime.datetime.fromisoformat(data)

                return effective_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        effective_at = _parse_effective_at(d.pop("effective_at"))

        fields = cast(list[str], d.pop("fields"))

        id = d.pop("id")

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        payee = PayeeRead.from_dict(d.pop("payee"))

        reason = d.pop("reason")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        requested_by = d.pop("requested_by")

        status = PayoutSettingChangeReadStatus(d.pop("status"))

        payout_setting_change_read = cls(
            applied_at=applied_at,
            changes=changes,
            decided_at=decided_at,
            decided_by=decided_by,
            effective_at=effective_at,
            fields=fields,
            id=id,
            merchant_id=merchant_id,
            payee=payee,
            reason=reason,
            requested_at=requested_at,
            requested_by=requested_by,
            status=status,
        )

        payout_setting_change_read.additional_properties = d
        return payout_setting_change_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pending_lift import PendingLift


T = TypeVar("T", bound="MarketRead")


@_attrs_define
class MarketRead:
    """
    Attributes:
        country (str):
        open_ (bool):
        reasons (list[str]):
        pending_lift (None | PendingLift | Unset):
        suspended_by (None | str | Unset):
        suspended_since (datetime.datetime | None | Unset):
        suspension_approved (bool | None | Unset):
        suspension_approved_by (None | str | Unset):
        suspension_id (None | str | Unset):
    """

    country: str
    open_: bool
    reasons: list[str]
    pending_lift: None | PendingLift | Unset = UNSET
    suspended_by: None | str | Unset = UNSET
    suspended_since: datetime.datetime | None | Unset = UNSET
    suspension_approved: bool | None | Unset = UNSET
    suspension_approved_by: None | str | Unset = UNSET
    suspension_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.pending_lift import PendingLift  # noqa: PLC0415

        country = self.country

        open_ = self.open_

        reasons = self.reasons

        pending_lift: dict[str, Any] | None | Unset
        if isinstance(self.pending_lift, Unset):
            pending_lift = UNSET
        elif isinstance(self.pending_lift, PendingLift):
            pending_lift = self.pending_lift.to_dict()
        else:
            pending_lift = self.pending_lift

        suspended_by: None | str | Unset
        if isinstance(self.suspended_by, Unset):
            suspended_by = UNSET
        else:
            suspended_by = self.suspended_by

        suspended_since: None | str | Unset
        if isinstance(self.suspended_since, Unset):
            suspended_since = UNSET
        elif isinstance(self.suspended_since, datetime.datetime):
            suspended_since = self.suspended_since.isoformat()
        else:
            suspended_since = self.suspended_since

        suspension_approved: bool | None | Unset
        if isinstance(self.suspension_approved, Unset):
            suspension_approved = UNSET
        else:
            suspension_approved = self.suspension_approved

        suspension_approved_by: None | str | Unset
        if isinstance(self.suspension_approved_by, Unset):
            suspension_approved_by = UNSET
        else:
            suspension_approved_by = self.suspension_approved_by

        suspension_id: None | str | Unset
        if isinstance(self.suspension_id, Unset):
            suspension_id = UNSET
        else:
            suspension_id = self.suspension_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "open": open_,
                "reasons": reasons,
            }
        )
        if pending_lift is not UNSET:
            field_dict["pending_lift"] = pending_lift
        if suspended_by is not UNSET:
            field_dict["suspended_by"] = suspended_by
        if suspended_since is not UNSET:
            field_dict["suspended_since"] = suspended_since
        if suspension_approved is not UNSET:
            field_dict["suspension_approved"] = suspension_approved
        if suspension_approved_by is not UNSET:
            field_dict["suspension_approved_by"] = suspension_approved_by
        if suspension_id is not UNSET:
            field_dict["suspension_id"] = suspension_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pending_lift import PendingLift  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        open_ = d.pop("open")

        reasons = cast(list[str], d.pop("reasons"))

        def _parse_pending_lift(data: object) -> None | PendingLift | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_lift_type_0 = PendingLift.from_dict(data)

                return pending_lift_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PendingLift | Unset, data)

        pending_lift = _parse_pending_lift(d.pop("pending_lift", UNSET))

        def _parse_suspended_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suspended_by = _parse_suspended_by(d.pop("suspended_by", UNSET))

        def _parse_suspended_since(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                suspended_since_type_0 = datetime.datetime.fromisoformat(data)

                return suspended_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        suspended_since = _parse_suspended_since(d.pop("suspended_since", UNSET))

        def _parse_suspension_approved(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        suspension_approved = _parse_suspension_approved(d.pop("suspension_approved", UNSET))

        def _parse_suspension_approved_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suspension_approved_by = _parse_suspension_approved_by(d.pop("suspension_approved_by", UNSET))

        def _parse_suspension_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suspension_id = _parse_suspension_id(d.pop("suspension_id", UNSET))

        market_read = cls(
            country=country,
            open_=open_,
            reasons=reasons,
            pending_lift=pending_lift,
            suspended_by=suspended_by,
            suspended_since=suspended_since,
            suspension_approved=suspension_approved,
            suspension_approved_by=suspension_approved_by,
            suspension_id=suspension_id,
        )

        market_read.additional_properties = d
        return market_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payout_setting_change_read import PayoutSettingChangeRead
    from ..models.payout_settings_read import PayoutSettingsRead


T = TypeVar("T", bound="CreatorOnboarded")


@_attrs_define
class CreatorOnboarded:
    """
    Attributes:
        country (str):
        created_at (datetime.datetime):
        handle (None | str):
        id (str):
        name (str):
        payout_currency (str):
        verification (TraderVerification):
        payout_setting_change (None | PayoutSettingChangeRead | Unset):
        payout_settings (None | PayoutSettingsRead | Unset):
    """

    country: str
    created_at: datetime.datetime
    handle: None | str
    id: str
    name: str
    payout_currency: str
    verification: TraderVerification
    payout_setting_change: None | PayoutSettingChangeRead | Unset = UNSET
    payout_settings: None | PayoutSettingsRead | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_setting_change_read import PayoutSettingChangeRead  # noqa: PLC0415
        from ..models.payout_settings_read import PayoutSettingsRead  # noqa: PLC0415

        country = self.country

        created_at = self.created_at.isoformat()

        handle: None | str
        handle = self.handle

        id = self.id

        name = self.name

        payout_currency = self.payout_currency

        verification = self.verification.value

        payout_setting_change: dict[str, Any] | None | Unset
        if isinstance(self.payout_setting_change, Unset):
            payout_setting_change = UNSET
        elif isinstance(self.payout_setting_change, PayoutSettingChangeRead):
            payout_setting_change = self.payout_setting_change.to_dict()
        else:
            payout_setting_change = self.payout_setting_change

        payout_settings: dict[str, Any] | None | Unset
        if isinstance(self.payout_settings, Unset):
            payout_settings = UNSET
        elif isinstance(self.payout_settings, PayoutSettingsRead):
            payout_settings = self.payout_settings.to_dict()
        else:
            payout_settings = self.payout_settings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "created_at": created_at,
                "handle": handle,
                "id": id,
                "name": name,
                "payout_currency": payout_currency,
                "verification": verification,
            }
        )
        if payout_setting_change is not UNSET:
            field_dict["payout_setting_change"] = payout_setting_change
        if payout_settings is not UNSET:
            field_dict["payout_settings"] = payout_settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payout_setting_change_read import PayoutSettingChangeRead  # noqa: PLC0415
        from ..models.payout_settings_read import PayoutSettingsRead  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_handle(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handle = _parse_handle(d.pop("handle"))

        id = d.pop("id")

        name = d.pop("name")

        payout_currency = d.pop("payout_currency")

        verification = TraderVerification(d.pop("verification"))

        def _parse_payout_setting_change(data: object) -> None | PayoutSettingChangeRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_setting_change_type_0 = PayoutSettingChangeRead.from_dict(data)

                return payout_setting_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutSettingChangeRead | Unset, data)

        payout_setting_change = _parse_payout_setting_change(d.pop("payout_setting_change", UNSET))

        def _parse_payout_settings(data: object) -> None | PayoutSettingsRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_settings_type_0 = PayoutSettingsRead.from_dict(data)

                return payout_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutSettingsRead | Unset, data)

        payout_settings = _parse_payout_settings(d.pop("payout_settings", UNSET))

        creator_onboarded = cls(
            country=country,
            created_at=created_at,
            handle=handle,
            id=id,
            name=name,
            payout_currency=payout_currency,
            verification=verification,
            payout_setting_change=payout_setting_change,
            payout_settings=payout_settings,
        )

        creator_onboarded.additional_properties = d
        return creator_onboarded

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

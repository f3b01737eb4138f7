from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payout_settings_update import PayoutSettingsUpdate


T = TypeVar("T", bound="CreatorOnboard")


@_attrs_define
class CreatorOnboard:
    """A creator and, optionally, its payout settings (the body of `PUT /v1/payout-settings`).

    Attributes:
        country (str): ISO 3166-1 alpha-2, where the creator is established
        name (str):
        payout_currency (str): ISO 4217; payouts are made in it unless the settings say else
        handle (None | str | Unset): The public handle, e.g. @lina.cooks (unique)
        payout_settings (None | PayoutSettingsUpdate | Unset):
        verification (TraderVerification | Unset):
    """

    country: str
    name: str
    payout_currency: str
    handle: None | str | Unset = UNSET
    payout_settings: None | PayoutSettingsUpdate | Unset = UNSET
    verification: TraderVerification | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_settings_update import PayoutSettingsUpdate  # noqa: PLC0415

        country = self.country

        name = self.name

        payout_currency = self.payout_currency

        handle: None | str | Unset
        if isinstance(self.handle, Unset):
            handle = UNSET
        else:
            handle = self.handle

        payout_settings: dict[str, Any] | None | Unset
        if isinstance(self.payout_settings, Unset):
            payout_settings = UNSET
        elif isinstance(self.payout_settings, PayoutSettingsUpdate):
            payout_settings = self.payout_settings.to_dict()
        else:
            payout_settings = self.payout_settings

        verification: str | Unset = UNSET
        if not isinstance(self.verification, Unset):
            verification = self.verification.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
                "name": name,
                "payout_currency": payout_currency,
            }
        )
        if handle is not UNSET:
            field_dict["handle"] = handle
        if payout_settings is not UNSET:
            field_dict["payout_settings"] = payout_settings
        if verification is not UNSET:
            field_dict["verification"] = verification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payout_settings_update import PayoutSettingsUpdate  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        name = d.pop("name")

        payout_currency = d.pop("payout_currency")

        def _parse_handle(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        handle = _parse_handle(d.pop("handle", UNSET))

        def _parse_payout_settings(data: object) -> None | PayoutSettingsUpdate | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_settings_type_0 = PayoutSettingsUpdate.from_dict(data)

                return payout_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutSettingsUpdate | Unset, data)

        payout_settings = _parse_payout_settings(d.pop("payout_settings", UNSET))

        _verification = d.pop("verification", UNSET)
        verification: TraderVerification | Unset
        if isinstance(_verification, Unset):
            verification = UNSET
        else:
            verification = TraderVerification(_verification)

        creator_onboard = cls(
            country=country,
            name=name,
            payout_currency=payout_currency,
            handle=handle,
            payout_settings=payout_settings,
            verification=verification,
        )

        return creator_onboard

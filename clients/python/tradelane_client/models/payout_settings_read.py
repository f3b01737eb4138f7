from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel
    from ..models.payee_read import PayeeRead


T = TypeVar("T", bound="PayoutSettingsRead")


@_attrs_define
class PayoutSettingsRead:
    """
    Attributes:
        account_holder (None | str):
        account_number (None | str):
        bank_code (None | str):
        bic (None | str):
        currency (str):
        hold_business_days (int):
        iban (None | str):
        interval (str):
        merchant_id (None | str):
        method (str):
        minimum (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        payee (PayeeRead): Who is paid: a merchant or a creator.
        stripe_account (None | str):
        updated_at (datetime.datetime):
        version (int):
        weekly_anchor (int):
    """

    account_holder: None | str
    account_number: None | str
    bank_code: None | str
    bic: None | str
    currency: str
    hold_business_days: int
    iban: None | str
    interval: str
    merchant_id: None | str
    method: str
    minimum: MoneyModel
    payee: PayeeRead
    stripe_account: None | str
    updated_at: datetime.datetime
    version: int
    weekly_anchor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_holder: None | str
        account_holder = self.account_holder

        account_number: None | str
        account_number = self.account_number

        bank_code: None | str
        bank_code = self.bank_code

        bic: None | str
        bic = self.bic

        currency = self.currency

        hold_business_days = self.hold_business_days

        iban: None | str
        iban = self.iban

        interval = self.interval

        merchant_id: None | str
        merchant_id = self.merchant_id

        method = self.method

        minimum = self.minimum.to_dict()

        payee = self.payee.to_dict()

        stripe_account: None | str
        stripe_account = self.stripe_account

        updated_at = self.updated_at.isoformat()

        version = self.version

        weekly_anchor = self.weekly_anchor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_holder": account_holder,
                "account_number": account_number,
                "bank_code": bank_code,
                "bic": bic,
                "currency": currency,
                "hold_business_days": hold_business_days,
                "iban": iban,
                "interval": interval,
                "merchant_id": merchant_id,
                "method": method,
                "minimum": minimum,
                "payee": payee,
                "stripe_account": stripe_account,
                "updated_at": updated_at,
                "version": version,
                "weekly_anchor": weekly_anchor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.payee_read import PayeeRead  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_account_holder(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_holder = _parse_account_holder(d.pop("account_holder"))

        def _parse_account_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_number = _parse_account_number(d.pop("account_number"))

        def _parse_bank_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bank_code = _parse_bank_code(d.pop("bank_code"))

        def _parse_bic(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bic = _parse_bic(d.pop("bic"))

        currency = d.pop("currency")

        hold_business_days = d.pop("hold_business_days")

        def _parse_iban(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iban = _parse_iban(d.pop("iban"))

        interval = d.pop("interval")

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        method = d.pop("method")

        minimum = MoneyModel.from_dict(d.pop("minimum"))

        payee = PayeeRead.from_dict(d.pop("payee"))

        def _parse_stripe_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_account = _parse_stripe_account(d.pop("stripe_account"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        weekly_anchor = d.pop("weekly_anchor")

        payout_settings_read = cls(
            account_holder=account_holder,
            account_number=account_number,
            bank_code=bank_code,
            bic=bic,
            currency=currency,
            hold_business_days=hold_business_days,
            iban=iban,
            interval=interval,
            merchant_id=merchant_id,
            method=method,
            minimum=minimum,
            payee=payee,
            stripe_account=stripe_account,
            updated_at=updated_at,
            version=version,
            weekly_anchor=weekly_anchor,
        )

        payout_settings_read.additional_properties = d
        return payout_settings_read

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

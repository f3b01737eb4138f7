from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payout_interval import PayoutInterval
from ..models.payout_method import PayoutMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.non_negative_money import NonNegativeMoney


T = TypeVar("T", bound="PayoutSettingsUpdate")


@_attrs_define
class PayoutSettingsUpdate:
    """
    Attributes:
        minimum (NonNegativeMoney): Money of zero or more on the wire: a shipping charge, a cost, a threshold. Example:
            {'amount': '12.50', 'currency': 'USD'}.
        account_holder (None | str | Unset):
        account_number (None | str | Unset):
        bank_code (None | str | Unset):
        bic (None | str | Unset):
        currency (None | str | Unset): ISO 4217; the settlement currency by default
        hold_business_days (int | None | Unset):
        iban (None | str | Unset):
        interval (PayoutInterval | Unset):
        method (PayoutMethod | Unset):
        stripe_account (None | str | Unset):
        weekly_anchor (int | Unset): 0 = Monday, for weekly payouts Default: 0.
    """

    minimum: NonNegativeMoney
    account_holder: None | str | Unset = UNSET
    account_number: None | str | Unset = UNSET
    bank_code: None | str | Unset = UNSET
    bic: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    hold_business_days: int | None | Unset = UNSET
    iban: None | str | Unset = UNSET
    interval: PayoutInterval | Unset = UNSET
    method: PayoutMethod | Unset = UNSET
    stripe_account: None | str | Unset = UNSET
    weekly_anchor: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        minimum = self.minimum.to_dict()

        account_holder: None | str | Unset
        if isinstance(self.account_holder, Unset):
            account_holder = UNSET
        else:
            account_holder = self.account_holder

        account_number: None | str | Unset
        if isinstance(self.account_number, Unset):
            account_number = UNSET
        else:
            account_number = self.account_number

        bank_code: None | str | Unset
        if isinstance(self.bank_code, Unset):
            bank_code = UNSET
        else:
            bank_code = self.bank_code

        bic: None | str | Unset
        if isinstance(self.bic, Unset):
            bic = UNSET
        else:
            bic = self.bic

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        hold_business_days: int | None | Unset
        if isinstance(self.hold_business_days, Unset):
            hold_business_days = UNSET
        else:
            hold_business_days = self.hold_business_days

        iban: None | str | Unset
        if isinstance(self.iban, Unset):
            iban = UNSET
        else:
            iban = self.iban

        interval: str | Unset = UNSET
        if not isinstance(self.interval, Unset):
            interval = self.interval.value

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

        stripe_account: None | str | Unset
        if isinstance(self.stripe_account, Unset):
            stripe_account = UNSET
        else:
            stripe_account = self.stripe_account

        weekly_anchor = self.weekly_anchor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "minimum": minimum,
            }
        )
        if account_holder is not UNSET:
            field_dict["account_holder"] = account_holder
        if account_number is not UNSET:
            field_dict["account_number"] = account_number
        if bank_code is not UNSET:
            field_dict["bank_code"] = bank_code
        if bic is not UNSET:
            field_dict["bic"] = bic
        if currency is not UNSET:
            field_dict["currency"] = currency
        if hold_business_days is not UNSET:
            field_dict["hold_business_days"] = hold_business_days
        if iban is not UNSET:
            field_dict["iban"] = iban
        if interval is not UNSET:
            field_dict["interval"] = interval
        if method is not UNSET:
            field_dict["method"] = method
        if stripe_account is not UNSET:
            field_dict["stripe_account"] = stripe_account
        if weekly_anchor is not UNSET:
            field_dict["weekly_anchor"] = weekly_anchor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.non_negative_money import NonNegativeMoney  # noqa: PLC0415

        d = dict(src_dict)
        minimum = NonNegativeMoney.from_dict(d.pop("minimum"))

        def _parse_account_holder(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_holder = _parse_account_holder(d.pop("account_holder", UNSET))

        def _parse_account_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_number = _parse_account_number(d.pop("account_number", UNSET))

        def _parse_bank_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bank_code = _parse_bank_code(d.pop("bank_code", UNSET))

        def _parse_bic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bic = _parse_bic(d.pop("bic", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_hold_business_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        hold_business_days = _parse_hold_business_days(d.pop("hold_business_days", UNSET))

        def _parse_iban(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        iban = _parse_iban(d.pop("iban", UNSET))

        _interval = d.pop("interval", UNSET)
        interval: PayoutInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = PayoutInterval(_interval)

        _method = d.pop("method", UNSET)
        method: PayoutMethod | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = PayoutMethod(_method)

        def _parse_stripe_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_account = _parse_stripe_account(d.pop("stripe_account", UNSET))

        weekly_anchor = d.pop("weekly_anchor", UNSET)

        payout_settings_update = cls(
            minimum=minimum,
            account_holder=account_holder,
            account_number=account_number,
            bank_code=bank_code,
            bic=bic,
            currency=currency,
            hold_business_days=hold_business_days,
            iban=iban,
            interval=interval,
            method=method,
            stripe_account=stripe_account,
            weekly_anchor=weekly_anchor,
        )

        return payout_settings_update

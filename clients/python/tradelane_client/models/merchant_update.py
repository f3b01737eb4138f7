from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

T = TypeVar("T", bound="MerchantUpdate")


@_attrs_define
class MerchantUpdate:
    """
    Attributes:
        name (None | str | Unset):
        settlement_currency (None | str | Unset):
        trader_verification (None | TraderVerification | Unset):
    """

    name: None | str | Unset = UNSET
    settlement_currency: None | str | Unset = UNSET
    trader_verification: None | TraderVerification | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        settlement_currency: None | str | Unset
        if isinstance(self.settlement_currency, Unset):
            settlement_currency = UNSET
        else:
            settlement_currency = self.settlement_currency

        trader_verification: None | str | Unset
        if isinstance(self.trader_verification, Unset):
            trader_verification = UNSET
        elif isinstance(self.trader_verification, TraderVerification):
            trader_verification = self.trader_verification.value
        else:
            trader_verification = self.trader_verification

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if settlement_currency is not UNSET:
            field_dict["settlement_currency"] = settlement_currency
        if trader_verification is not UNSET:
            field_dict["trader_verification"] = trader_verification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_settlement_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        settlement_currency = _parse_settlement_currency(d.pop("settlement_currency", UNSET))

        def _parse_trader_verification(data: object) -> None | TraderVerification | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trader_verification_type_0 = TraderVerification(data)

                return trader_verification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraderVerification | Unset, data)

        trader_verification = _parse_trader_verification(d.pop("trader_verification", UNSET))

        merchant_update = cls(
            name=name,
            settlement_currency=settlement_currency,
            trader_verification=trader_verification,
        )

        return merchant_update

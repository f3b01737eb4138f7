from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

T = TypeVar("T", bound="MerchantCreate")


@_attrs_define
class MerchantCreate:
    """
    Attributes:
        country (str): ISO 3166-1 alpha-2, where the merchant is established
        name (str):
        settlement_currency (str): ISO 4217; payouts are made in it
        trader_verification (TraderVerification | Unset):
    """

    country: str
    name: str
    settlement_currency: str
    trader_verification: TraderVerification | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        name = self.name

        settlement_currency = self.settlement_currency

        trader_verification: str | Unset = UNSET
        if not isinstance(self.trader_verification, Unset):
            trader_verification = self.trader_verification.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
                "name": name,
                "settlement_currency": settlement_currency,
            }
        )
        if trader_verification is not UNSET:
            field_dict["trader_verification"] = trader_verification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        name = d.pop("name")

        settlement_currency = d.pop("settlement_currency")

        _trader_verification = d.pop("trader_verification", UNSET)
        trader_verification: TraderVerification | Unset
        if isinstance(_trader_verification, Unset):
            trader_verification = UNSET
        else:
            trader_verification = TraderVerification(_trader_verification)

        merchant_create = cls(
            country=country,
            name=name,
            settlement_currency=settlement_currency,
            trader_verification=trader_verification,
        )

        return merchant_create

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trader_verification import TraderVerification
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trader_in import TraderIn


T = TypeVar("T", bound="MerchantCreate")


@_attrs_define
class MerchantCreate:
    """
    Attributes:
        country (str): ISO 3166-1 alpha-2, where the merchant is established
        name (str):
        settlement_currency (str): ISO 4217; payouts are made in it
        trader (None | TraderIn | Unset): The trader information (EU DSA art. 30), given with the merchant; the state is
            `trader_verification`
        trader_verification (TraderVerification | Unset):
    """

    country: str
    name: str
    settlement_currency: str
    trader: None | TraderIn | Unset = UNSET
    trader_verification: TraderVerification | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.trader_in import TraderIn  # noqa: PLC0415

        country = self.country

        name = self.name

        settlement_currency = self.settlement_currency

        trader: dict[str, Any] | None | Unset
        if isinstance(self.trader, Unset):
            trader = UNSET
        elif isinstance(self.trader, TraderIn):
            trader = self.trader.to_dict()
        else:
            trader = self.trader

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
        if trader is not UNSET:
            field_dict["trader"] = trader
        if trader_verification is not UNSET:
            field_dict["trader_verification"] = trader_verification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trader_in import TraderIn  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        name = d.pop("name")

        settlement_currency = d.pop("settlement_currency")

        def _parse_trader(data: object) -> None | TraderIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trader_type_0 = TraderIn.from_dict(data)

                return trader_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraderIn | Unset, data)

        trader = _parse_trader(d.pop("trader", UNSET))

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
            trader=trader,
            trader_verification=trader_verification,
        )

        return merchant_create

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_in import MoneyIn


T = TypeVar("T", bound="FxQuoteCreate")


@_attrs_define
class FxQuoteCreate:
    """
    Attributes:
        buy_currency (str):
        lock_seconds (int): How long the rate holds
        sell_currency (str):
        buy_amount (MoneyIn | None | Unset):
        sell_amount (MoneyIn | None | Unset): Give this or buy_amount, not both
    """

    buy_currency: str
    lock_seconds: int
    sell_currency: str
    buy_amount: MoneyIn | None | Unset = UNSET
    sell_amount: MoneyIn | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_in import MoneyIn  # noqa: PLC0415

        buy_currency = self.buy_currency

        lock_seconds = self.lock_seconds

        sell_currency = self.sell_currency

        buy_amount: dict[str, Any] | None | Unset
        if isinstance(self.buy_amount, Unset):
            buy_amount = UNSET
        elif isinstance(self.buy_amount, MoneyIn):
            buy_amount = self.buy_amount.to_dict()
        else:
            buy_amount = self.buy_amount

        sell_amount: dict[str, Any] | None | Unset
        if isinstance(self.sell_amount, Unset):
            sell_amount = UNSET
        elif isinstance(self.sell_amount, MoneyIn):
            sell_amount = self.sell_amount.to_dict()
        else:
            sell_amount = self.sell_amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "buy_currency": buy_currency,
                "lock_seconds": lock_seconds,
                "sell_currency": sell_currency,
            }
        )
        if buy_amount is not UNSET:
            field_dict["buy_amount"] = buy_amount
        if sell_amount is not UNSET:
            field_dict["sell_amount"] = sell_amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_in import MoneyIn  # noqa: PLC0415

        d = dict(src_dict)
        buy_currency = d.pop("buy_currency")

        lock_seconds = d.pop("lock_seconds")

        sell_currency = d.pop("sell_currency")

        def _parse_buy_amount(data: object) -> MoneyIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                buy_amount_type_0 = MoneyIn.from_dict(data)

                return buy_amount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyIn | None | Unset, data)

        buy_amount = _parse_buy_amount(d.pop("buy_amount", UNSET))

        def _parse_sell_amount(data: object) -> MoneyIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sell_amount_type_0 = MoneyIn.from_dict(data)

                return sell_amount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyIn | None | Unset, data)

        sell_amount = _parse_sell_amount(d.pop("sell_amount", UNSET))

        fx_quote_create = cls(
            buy_currency=buy_currency,
            lock_seconds=lock_seconds,
            sell_currency=sell_currency,
            buy_amount=buy_amount,
            sell_amount=sell_amount,
        )

        return fx_quote_create

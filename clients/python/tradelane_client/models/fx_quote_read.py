from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fx_quote_status import FxQuoteStatus

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="FxQuoteRead")


@_attrs_define
class FxQuoteRead:
    """
    Attributes:
        buy_amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        buy_currency (str):
        consumed_at (datetime.datetime | None):
        consumed_by (None | str):
        created_at (datetime.datetime):
        expires_at (datetime.datetime):
        fixed_side (str): `sell` or `buy`: the amount that was given; the other was computed
        id (str):
        markup_bps (int):
        rate (str): The customer rate: the reference rate less the markup
        rate_date (datetime.date):
        reference_rate (str): The reference (ECB cross) rate, buy units per sell unit
        sell_amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        sell_currency (str):
        source (str):
        status (FxQuoteStatus):
    """

    buy_amount: MoneyModel
    buy_currency: str
    consumed_at: datetime.datetime | None
    consumed_by: None | str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    fixed_side: str
    id: str
    markup_bps: int
    rate: str
    rate_date: datetime.date
    reference_rate: str
    sell_amount: MoneyModel
    sell_currency: str
    source: str
    status: FxQuoteStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buy_amount = self.buy_amount.to_dict()

        buy_currency = self.buy_currency

        consumed_at: None | str
        if isinstance(self.consumed_at, datetime.datetime):
            consumed_at = self.consumed_at.isoformat()
        else:
            consumed_at = self.consumed_at

        consumed_by: None | str
        consumed_by = self.consumed_by

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        fixed_side = self.fixed_side

        id = self.id

        markup_bps = self.markup_bps

        rate = self.rate

        rate_date = self.rate_date.isoformat()

        reference_rate = self.reference_rate

        sell_amount = self.sell_amount.to_dict()

        sell_currency = self.sell_currency

        source = self.source

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buy_amount": buy_amount,
                "buy_currency": buy_currency,
                "consumed_at": consumed_at,
                "consumed_by": consumed_by,
                "created_at": created_at,
                "expires_at": expires_at,
                "fixed_side": fixed_side,
                "id": id,
                "markup_bps": markup_bps,
                "rate": rate,
                "rate_date": rate_date,
                "reference_rate": reference_rate,
                "sell_amount": sell_amount,
                "sell_currency": sell_currency,
                "source": source,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        buy_amount = MoneyModel.from_dict(d.pop("buy_amount"))

        buy_currency = d.pop("buy_currency")

        def _parse_consumed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consumed_at_type_0 = datetime.datetime.fromisoformat(data)

                return consumed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        consumed_at = _parse_consumed_at(d.pop("consumed_at"))

        def _parse_consumed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        consumed_by = _parse_consumed_by(d.pop("consumed_by"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        fixed_side = d.pop("fixed_side")

        id = d.pop("id")

        markup_bps = d.pop("markup_bps")

        rate = d.pop("rate")

        rate_date = datetime.date.fromisoformat(d.pop("rate_date"))

        reference_rate = d.pop("reference_rate")

        sell_amount = MoneyModel.from_dict(d.pop("sell_amount"))

        sell_currency = d.pop("sell_currency")

        source = d.pop("source")

        status = FxQuoteStatus(d.pop("status"))

        fx_quote_read = cls(
            buy_amount=buy_amount,
            buy_currency=buy_currency,
            consumed_at=consumed_at,
            consumed_by=consumed_by,
            created_at=created_at,
            expires_at=expires_at,
            fixed_side=fixed_side,
            id=id,
            markup_bps=markup_bps,
            rate=rate,
            rate_date=rate_date,
            reference_rate=reference_rate,
            sell_amount=sell_amount,
            sell_currency=sell_currency,
            source=source,
            status=status,
        )

        fx_quote_read.additional_properties = d
        return fx_quote_read

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

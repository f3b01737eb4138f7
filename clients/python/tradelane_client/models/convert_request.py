from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_in import MoneyIn


T = TypeVar("T", bound="ConvertRequest")


@_attrs_define
class ConvertRequest:
    """
    Attributes:
        amount (MoneyIn): Money given to the service (a request body): at most `MAX_DIGITS` digits in minor units. Takes
            a
            `MoneyModel` too (checked the same). Example: {'amount': '12.50', 'currency': 'USD'}.
        to (str):
        date (datetime.date | None | Unset): The day of the rate; today (UTC) by default
    """

    amount: MoneyIn
    to: str
    date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        to = self.to

        date: None | str | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        elif isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "to": to,
            }
        )
        if date is not UNSET:
            field_dict["date"] = date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_in import MoneyIn  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyIn.from_dict(d.pop("amount"))

        to = d.pop("to")

        def _parse_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date = _parse_date(d.pop("date", UNSET))

        convert_request = cls(
            amount=amount,
            to=to,
            date=date,
        )

        return convert_request

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="ReturnRateRead")


@_attrs_define
class ReturnRateRead:
    """A category the merchant sold in the window: its return rate and the reserve its new sales hold.

    Attributes:
        category (str):
        flagged (bool): At least min_orders orders and a rate above the flag
        orders (int): Orders of the category paid in the window
        rate (str): refunded / sold, to four places (0.1820 is 18.2%)
        refunded (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        reserve_bps (int): The return reserve new sales hold, in basis points of their net
        returned (int): Of those, orders with at least one refund
        sold (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        reason (None | str | Unset): Why the reserve is raised, when flagged
    """

    category: str
    flagged: bool
    orders: int
    rate: str
    refunded: MoneyModel
    reserve_bps: int
    returned: int
    sold: MoneyModel
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        flagged = self.flagged

        orders = self.orders

        rate = self.rate

        refunded = self.refunded.to_dict()

        reserve_bps = self.reserve_bps

        returned = self.returned

        sold = self.sold.to_dict()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "flagged": flagged,
                "orders": orders,
                "rate": rate,
                "refunded": refunded,
                "reserve_bps": reserve_bps,
                "returned": returned,
                "sold": sold,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        flagged = d.pop("flagged")

        orders = d.pop("orders")

        rate = d.pop("rate")

        refunded = MoneyModel.from_dict(d.pop("refunded"))

        reserve_bps = d.pop("reserve_bps")

        returned = d.pop("returned")

        sold = MoneyModel.from_dict(d.pop("sold"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        return_rate_read = cls(
            category=category,
            flagged=flagged,
            orders=orders,
            rate=rate,
            refunded=refunded,
            reserve_bps=reserve_bps,
            returned=returned,
            sold=sold,
            reason=reason,
        )

        return_rate_read.additional_properties = d
        return return_rate_read

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

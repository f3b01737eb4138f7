from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel
    from ..models.payee_read import PayeeRead


T = TypeVar("T", bound="BalanceRead")


@_attrs_define
class BalanceRead:
    """
    Attributes:
        available (list[MoneyModel]):
        in_transit (list[MoneyModel]):
        merchant_id (None | str):
        payee (PayeeRead): Who is paid: a merchant or a creator.
        pending (list[MoneyModel]):
        reserved (list[MoneyModel]):
    """

    available: list[MoneyModel]
    in_transit: list[MoneyModel]
    merchant_id: None | str
    payee: PayeeRead
    pending: list[MoneyModel]
    reserved: list[MoneyModel]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = []
        for available_item_data in self.available:
            available_item = available_item_data.to_dict()
            available.append(available_item)

        in_transit = []
        for in_transit_item_data in self.in_transit:
            in_transit_item = in_transit_item_data.to_dict()
            in_transit.append(in_transit_item)

        merchant_id: None | str
        merchant_id = self.merchant_id

        payee = self.payee.to_dict()

        pending = []
        for pending_item_data in self.pending:
            pending_item = pending_item_data.to_dict()
            pending.append(pending_item)

        reserved = []
        for reserved_item_data in self.reserved:
            reserved_item = reserved_item_data.to_dict()
            reserved.append(reserved_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "in_transit": in_transit,
                "merchant_id": merchant_id,
                "payee": payee,
                "pending": pending,
                "reserved": reserved,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.payee_read import PayeeRead  # noqa: PLC0415

        d = dict(src_dict)
        available = []
        _available = d.pop("available")
        for available_item_data in _available:
            available_item = MoneyModel.from_dict(available_item_data)

            available.append(available_item)

        in_transit = []
        _in_transit = d.pop("in_transit")
        for in_transit_item_data in _in_transit:
            in_transit_item = MoneyModel.from_dict(in_transit_item_data)

            in_transit.append(in_transit_item)

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        payee = PayeeRead.from_dict(d.pop("payee"))

        pending = []
        _pending = d.pop("pending")
        for pending_item_data in _pending:
            pending_item = MoneyModel.from_dict(pending_item_data)

            pending.append(pending_item)

        reserved = []
        _reserved = d.pop("reserved")
        for reserved_item_data in _reserved:
            reserved_item = MoneyModel.from_dict(reserved_item_data)

            reserved.append(reserved_item)

        balance_read = cls(
            available=available,
            in_transit=in_transit,
            merchant_id=merchant_id,
            payee=payee,
            pending=pending,
            reserved=reserved,
        )

        balance_read.additional_properties = d
        return balance_read

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

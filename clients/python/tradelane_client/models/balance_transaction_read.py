from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="BalanceTransactionRead")


@_attrs_define
class BalanceTransactionRead:
    """One line of a payout (or of the next payout). Its parts add up to `net`: gross - commission -
    affiliate_commission - fulfilment_fees - processing_fees - reserve_held + reserve_released -
    refunded_before_release = net; `fees` is the four fees' sum. A payout, a returned payout and an adjustment
    have no parts (all zero): `net` is what moved.

        Attributes:
            affiliate_commission (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float
                ever carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            available_on (datetime.date | None):
            commission (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            created (datetime.datetime):
            fees (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
                money. Example: {'amount': '12.50', 'currency': 'USD'}.
            fulfilment_fees (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            gross (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
                money. Example: {'amount': '12.50', 'currency': 'USD'}.
            id (str):
            net (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
                money. Example: {'amount': '12.50', 'currency': 'USD'}.
            order (None | str):
            payout (None | str):
            processing_fees (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            refund (None | str):
            refunded_before_release (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no
                float ever carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            reserve_held (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            reserve_released (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float
                ever carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            transaction (int):
            type_ (str):
            reserve_reason (None | str | Unset):
            slot_fee (None | str | Unset):
    """

    affiliate_commission: MoneyModel
    available_on: datetime.date | None
    commission: MoneyModel
    created: datetime.datetime
    fees: MoneyModel
    fulfilment_fees: MoneyModel
    gross: MoneyModel
    id: str
    net: MoneyModel
    order: None | str
    payout: None | str
    processing_fees: MoneyModel
    refund: None | str
    refunded_before_release: MoneyModel
    reserve_held: MoneyModel
    reserve_released: MoneyModel
    transaction: int
    type_: str
    reserve_reason: None | str | Unset = UNSET
    slot_fee: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliate_commission = self.affiliate_commission.to_dict()

        available_on: None | str
        if isinstance(self.available_on, datetime.date):
            available_on = self.available_on.isoformat()
        else:
            available_on = self.available_on

        commission = self.commission.to_dict()

        created = self.created.isoformat()

        fees = self.fees.to_dict()

        fulfilment_fees = self.fulfilment_fees.to_dict()

        gross = self.gross.to_dict()

        id = self.id

        net = self.net.to_dict()

        order: None | str
        order = self.order

        payout: None | str
        payout = self.payout

        processing_fees = self.processing_fees.to_dict()

        refund: None | str
        refund = self.refund

        refunded_before_release = self.refunded_before_release.to_dict()

        reserve_held = self.reserve_held.to_dict()

        reserve_released = self.reserve_released.to_dict()

        transaction = self.transaction

        type_ = self.type_

        reserve_reason: None | str | Unset
        if isinstance(self.reserve_reason, Unset):
            reserve_reason = UNSET
        else:
            reserve_reason = self.reserve_reason

        slot_fee: None | str | Unset
        if isinstance(self.slot_fee, Unset):
            slot_fee = UNSET
        else:
            slot_fee = self.slot_fee

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliate_commission": affiliate_commission,
                "available_on": available_on,
                "commission": commission,
                "created": created,
                "fees": fees,
                "fulfilment_fees": fulfilment_fees,
                "gross": gross,
                "id": id,
                "net": net,
                "order": order,
                "payout": payout,
                "processing_fees": processing_fees,
                "refund": refund,
                "refunded_before_release": refunded_before_release,
                "reserve_held": reserve_held,
                "reserve_released": reserve_released,
                "transaction": transaction,
                "type": type_,
            }
        )
        if reserve_reason is not UNSET:
            field_dict["reserve_reason"] = reserve_reason
        if slot_fee is not UNSET:
            field_dict["slot_fee"] = slot_fee

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        affiliate_commission = MoneyModel.from_dict(d.pop("affiliate_commission"))

        def _parse_available_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                available_on_type_0 = datetime.date.fromisoformat(data)

                return available_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        available_on = _parse_available_on(d.pop("available_on"))

        commission = MoneyModel.from_dict(d.pop("commission"))

        created = datetime.datetime.fromisoformat(d.pop("created"))

        fees = MoneyModel.from_dict(d.pop("fees"))

        fulfilment_fees = MoneyModel.from_dict(d.pop("fulfilment_fees"))

        gross = MoneyModel.from_dict(d.pop("gross"))

        id = d.pop("id")

        net = MoneyModel.from_dict(d.pop("net"))

        def _parse_order(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order = _parse_order(d.pop("order"))

        def _parse_payout(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout = _parse_payout(d.pop("payout"))

        processing_fees = MoneyModel.from_dict(d.pop("processing_fees"))

        def _parse_refund(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refund = _parse_refund(d.pop("refund"))

        refunded_before_release = MoneyModel.from_dict(d.pop("refunded_before_release"))

        reserve_held = MoneyModel.from_dict(d.pop("reserve_held"))

        reserve_released = MoneyModel.from_dict(d.pop("reserve_released"))

        transaction = d.pop("transaction")

        type_ = d.pop("type")

        def _parse_reserve_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reserve_reason = _parse_reserve_reason(d.pop("reserve_reason", UNSET))

        def _parse_slot_fee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        slot_fee = _parse_slot_fee(d.pop("slot_fee", UNSET))

        balance_transaction_read = cls(
            affiliate_commission=affiliate_commission,
            available_on=available_on,
            commission=commission,
            created=created,
            fees=fees,
            fulfilment_fees=fulfilment_fees,
            gross=gross,
            id=id,
            net=net,
            order=order,
            payout=payout,
            processing_fees=processing_fees,
            refund=refund,
            refunded_before_release=refunded_before_release,
            reserve_held=reserve_held,
            reserve_released=reserve_released,
            transaction=transaction,
            type_=type_,
            reserve_reason=reserve_reason,
            slot_fee=slot_fee,
        )

        balance_transaction_read.additional_properties = d
        return balance_transaction_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payee_read import PayeeRead
    from ..models.settlement_run_read_holds_item import SettlementRunReadHoldsItem
    from ..models.settlement_run_read_reconciliation_type_0 import SettlementRunReadReconciliationType0


T = TypeVar("T", bound="SettlementRunRead")


@_attrs_define
class SettlementRunRead:
    """
    Attributes:
        attempts (int):
        created_at (datetime.datetime):
        error (None | str):
        finished_at (datetime.datetime | None):
        holds (list[SettlementRunReadHoldsItem]):
        id (str):
        key (str):
        merchant_id (None | str):
        merchants_held (int):
        payouts (int):
        status (str):
        window_start (datetime.datetime):
        payee (None | PayeeRead | Unset):
        reconciliation (None | SettlementRunReadReconciliationType0 | Unset):
    """

    attempts: int
    created_at: datetime.datetime
    error: None | str
    finished_at: datetime.datetime | None
    holds: list[SettlementRunReadHoldsItem]
    id: str
    key: str
    merchant_id: None | str
    merchants_held: int
    payouts: int
    status: str
    window_start: datetime.datetime
    payee: None | PayeeRead | Unset = UNSET
    reconciliation: None | SettlementRunReadReconciliationType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.payee_read import PayeeRead  # noqa: PLC0415
        from ..models.settlement_run_read_reconciliation_type_0 import SettlementRunReadReconciliationType0  # noqa: PLC0415

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        error: None | str
        error = self.error

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        holds = []
        for holds_item_data in self.holds:
            holds_item = holds_item_data.to_dict()
            holds.append(holds_item)

        id = self.id

        key = self.key

        merchant_id: None | str
        merchant_id = self.merchant_id

        merchants_held = self.merchants_held

        payouts = self.payouts

        status = self.status

        window_start = self.window_start.isoformat()

        payee: dict[str, Any] | None | Unset
        if isinstance(self.payee, Unset):
            payee = UNSET
        elif isinstance(self.payee, PayeeRead):
            payee = self.payee.to_dict()
        else:
            payee = self.payee

        reconciliation: dict[str, Any] | None | Unset
        if isinstance(self.reconciliation, Unset):
            reconciliation = UNSET
        elif isinstance(self.reconciliation, SettlementRunReadReconciliationType0):
            reconciliation = self.reconciliation.to_dict()
        else:
            reconciliation = self.reconciliation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "error": error,
                "finished_at": finished_at,
                "holds": holds,
                "id": id,
                "key": key,
                "merchant_id": merchant_id,
                "merchants_held": merchants_held,
                "payouts": payouts,
                "status": status,
                "window_start": window_start,
            }
        )
        if payee is not UNSET:
            field_dict["payee"] = payee
        if reconciliation is not UNSET:
            field_dict["reconciliation"] = reconciliation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payee_read import PayeeRead  # noqa: PLC0415
        from ..models.settlement_run_read_holds_item import SettlementRunReadHoldsItem  # noqa: PLC0415
        from ..models.settlement_run_read_reconciliation_type_0 import SettlementRunReadReconciliationType0  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        holds = []
        _holds = d.pop("holds")
        for holds_item_data in _holds:
            holds_item = SettlementRunReadHoldsItem.from_dict(holds_item_data)

            holds.append(holds_item)

        id = d.pop("id")

        key = d.pop("key")

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        merchants_held = d.pop("merchants_held")

        payouts = d.pop("payouts")

        status = d.pop("status")

        window_start = datetime.datetime.fromisoformat(d.pop("window_start"))

        def _parse_payee(data: object) -> None | PayeeRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payee_type_0 = PayeeRead.from_dict(data)

                return payee_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayeeRead | Unset, data)

        payee = _parse_payee(d.pop("payee", UNSET))

        def _parse_reconciliation(data: object) -> None | SettlementRunReadReconciliationType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reconciliation_type_0 = SettlementRunReadReconciliationType0.from_dict(data)

                return reconciliation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettlementRunReadReconciliationType0 | Unset, data)

        reconciliation = _parse_reconciliation(d.pop("reconciliation", UNSET))

        settlement_run_read = cls(
            attempts=attempts,
            created_at=created_at,
            error=error,
            finished_at=finished_at,
            holds=holds,
            id=id,
            key=key,
            merchant_id=merchant_id,
            merchants_held=merchants_held,
            payouts=payouts,
            status=status,
            window_start=window_start,
            payee=payee,
            reconciliation=reconciliation,
        )

        settlement_run_read.additional_properties = d
        return settlement_run_read

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

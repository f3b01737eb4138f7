from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LedgerTransactionRead")


@_attrs_define
class LedgerTransactionRead:
    """
    Attributes:
        fx_rate (None | str):
        id (int):
        idempotency_key (str):
        kind (str):
        occurred_at (datetime.datetime):
        reference (str):
    """

    fx_rate: None | str
    id: int
    idempotency_key: str
    kind: str
    occurred_at: datetime.datetime
    reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fx_rate: None | str
        fx_rate = self.fx_rate

        id = self.id

        idempotency_key = self.idempotency_key

        kind = self.kind

        occurred_at = self.occurred_at.isoformat()

        reference = self.reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fx_rate": fx_rate,
                "id": id,
                "idempotency_key": idempotency_key,
                "kind": kind,
                "occurred_at": occurred_at,
                "reference": reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_fx_rate(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fx_rate = _parse_fx_rate(d.pop("fx_rate"))

        id = d.pop("id")

        idempotency_key = d.pop("idempotency_key")

        kind = d.pop("kind")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        reference = d.pop("reference")

        ledger_transaction_read = cls(
            fx_rate=fx_rate,
            id=id,
            idempotency_key=idempotency_key,
            kind=kind,
            occurred_at=occurred_at,
            reference=reference,
        )

        ledger_transaction_read.additional_properties = d
        return ledger_transaction_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fx_read import FxRead
    from ..models.money_model import MoneyModel
    from ..models.payee_read import PayeeRead


T = TypeVar("T", bound="PayoutRead")


@_attrs_define
class PayoutRead:
    """
    Attributes:
        amount (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        arrival_date (datetime.date | None):
        created_at (datetime.datetime):
        debited (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        destination (str):
        failure_code (None | str):
        failure_message (None | str):
        fx (FxRead):
        id (str):
        merchant_id (None | str):
        method (str):
        payee (PayeeRead): Who is paid: a merchant or a creator.
        run_id (str):
        status (str):
    """

    amount: MoneyModel
    arrival_date: datetime.date | None
    created_at: datetime.datetime
    debited: MoneyModel
    destination: str
    failure_code: None | str
    failure_message: None | str
    fx: FxRead
    id: str
    merchant_id: None | str
    method: str
    payee: PayeeRead
    run_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        arrival_date: None | str
        if isinstance(self.arrival_date, datetime.date):
            arrival_date = self.arrival_date.isoformat()
        else:
            arrival_date = self.arrival_date

        created_at = self.created_at.isoformat()

        debited = self.debited.to_dict()

        destination = self.destination

        failure_code: None | str
        failure_code = self.failure_code

        failure_message: None | str
        failure_message = self.failure_message

        fx = self.fx.to_dict()

        id = self.id

        merchant_id: None | str
        merchant_id = self.merchant_id

        method = self.method

        payee = self.payee.to_dict()

        run_id = self.run_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "arrival_date": arrival_date,
                "created_at": created_at,
                "debited": debited,
                "destination": destination,
                "failure_code": failure_code,
                "failure_message": failure_message,
                "fx": fx,
                "id": id,
                "merchant_id": merchant_id,
                "method": method,
                "payee": payee,
                "run_id": run_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fx_read import FxRead  # noqa: PLC0415
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.payee_read import PayeeRead  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyModel.from_dict(d.pop("amount"))

        def _parse_arrival_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                arrival_date_type_0 = datetime.date.fromisoformat(data)

                return arrival_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        arrival_date = _parse_arrival_date(d.pop("arrival_date"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        debited = MoneyModel.from_dict(d.pop("debited"))

        destination = d.pop("destination")

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        def _parse_failure_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_message = _parse_failure_message(d.pop("failure_message"))

        fx = FxRead.from_dict(d.pop("fx"))

        id = d.pop("id")

        def _parse_merchant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id"))

        method = d.pop("method")

        payee = PayeeRead.from_dict(d.pop("payee"))

        run_id = d.pop("run_id")

        status = d.pop("status")

        payout_read = cls(
            amount=amount,
            arrival_date=arrival_date,
            created_at=created_at,
            debited=debited,
            destination=destination,
            failure_code=failure_code,
            failure_message=failure_message,
            fx=fx,
            id=id,
            merchant_id=merchant_id,
            method=method,
            payee=payee,
            run_id=run_id,
            status=status,
        )

        payout_read.additional_properties = d
        return payout_read

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

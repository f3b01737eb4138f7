from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trader_verification import TraderVerification

if TYPE_CHECKING:
    from ..models.trader_address import TraderAddress


T = TypeVar("T", bound="TraderRead")


@_attrs_define
class TraderRead:
    """
    Attributes:
        address (None | TraderAddress):
        email (None | str):
        legal_name (None | str):
        merchant_id (str):
        missing (list[str]): What stands between the merchant and sales to the EU: each field not given, and
            `verification` while an admin has not verified the information
        phone (None | str):
        registration_number (None | str):
        self_certification (bool):
        self_certified_at (datetime.datetime | None):
        trade_register (None | str):
        updated_at (datetime.datetime | None):
        updated_by (None | str):
        verification (TraderVerification):
    """

    address: None | TraderAddress
    email: None | str
    legal_name: None | str
    merchant_id: str
    missing: list[str]
    phone: None | str
    registration_number: None | str
    self_certification: bool
    self_certified_at: datetime.datetime | None
    trade_register: None | str
    updated_at: datetime.datetime | None
    updated_by: None | str
    verification: TraderVerification
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.trader_address import TraderAddress  # noqa: PLC0415

        address: dict[str, Any] | None
        if isinstance(self.address, TraderAddress):
            address = self.address.to_dict()
        else:
            address = self.address

        email: None | str
        email = self.email

        legal_name: None | str
        legal_name = self.legal_name

        merchant_id = self.merchant_id

        missing = self.missing

        phone: None | str
        phone = self.phone

        registration_number: None | str
        registration_number = self.registration_number

        self_certification = self.self_certification

        self_certified_at: None | str
        if isinstance(self.self_certified_at, datetime.datetime):
            self_certified_at = self.self_certified_at.isoformat()
        else:
            self_certified_at = self.self_certified_at

        trade_register: None | str
        trade_register = self.trade_register

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        updated_by: None | str
        updated_by = self.updated_by

        verification = self.verification.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "email": email,
                "legal_name": legal_name,
                "merchant_id": merchant_id,
                "missing": missing,
                "phone": phone,
                "registration_number": registration_number,
                "self_certification": self_certification,
                "self_certified_at": self_certified_at,
                "trade_register": trade_register,
                "updated_at": updated_at,
                "updated_by": updated_by,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trader_address import TraderAddress  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_address(data: object) -> None | TraderAddress:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = TraderAddress.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraderAddress, data)

        address = _parse_address(d.pop("address"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_legal_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        legal_name = _parse_legal_name(d.pop("legal_name"))

        merchant_id = d.pop("merchant_id")

        missing = cast(list[str], d.pop("missing"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_registration_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        registration_number = _parse_registration_number(d.pop("registration_number"))

        self_certification = d.pop("self_certification")

        def _parse_self_certified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                self_certified_at_type_0 = datetime.datetime.fromisoformat(data)

                return self_certified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        self_certified_at = _parse_self_certified_at(d.pop("self_certified_at"))

        def _parse_trade_register(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trade_register = _parse_trade_register(d.pop("trade_register"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        def _parse_updated_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_by = _parse_updated_by(d.pop("updated_by"))

        verification = TraderVerification(d.pop("verification"))

        trader_read = cls(
            address=address,
            email=email,
            legal_name=legal_name,
            merchant_id=merchant_id,
            missing=missing,
            phone=phone,
            registration_number=registration_number,
            self_certification=self_certification,
            self_certified_at=self_certified_at,
            trade_register=trade_register,
            updated_at=updated_at,
            updated_by=updated_by,
            verification=verification,
        )

        trader_read.additional_properties = d
        return trader_read

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

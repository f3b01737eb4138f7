from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trader_address import TraderAddress


T = TypeVar("T", bound="TraderIn")


@_attrs_define
class TraderIn:
    """The trader information, whole (a `PUT` replaces what is on file). Anything left out is named in
    `missing` until it is given.

        Attributes:
            address (None | TraderAddress | Unset):
            email (None | str | Unset):
            legal_name (None | str | Unset):
            phone (None | str | Unset): E.164: a plus sign and 7 to 15 digits
            registration_number (None | str | Unset):
            self_certification (bool | Unset): The trader certifies that it offers only products and services that comply
                with EU law Default: False.
            trade_register (None | str | Unset): The trade register (or similar public register) holding the number
    """

    address: None | TraderAddress | Unset = UNSET
    email: None | str | Unset = UNSET
    legal_name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    registration_number: None | str | Unset = UNSET
    self_certification: bool | Unset = False
    trade_register: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.trader_address import TraderAddress  # noqa: PLC0415

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, TraderAddress):
            address = self.address.to_dict()
        else:
            address = self.address

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        legal_name: None | str | Unset
        if isinstance(self.legal_name, Unset):
            legal_name = UNSET
        else:
            legal_name = self.legal_name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        registration_number: None | str | Unset
        if isinstance(self.registration_number, Unset):
            registration_number = UNSET
        else:
            registration_number = self.registration_number

        self_certification = self.self_certification

        trade_register: None | str | Unset
        if isinstance(self.trade_register, Unset):
            trade_register = UNSET
        else:
            trade_register = self.trade_register

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if address is not UNSET:
            field_dict["address"] = address
        if email is not UNSET:
            field_dict["email"] = email
        if legal_name is not UNSET:
            field_dict["legal_name"] = legal_name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if registration_number is not UNSET:
            field_dict["registration_number"] = registration_number
        if self_certification is not UNSET:
            field_dict["self_certification"] = self_certification
        if trade_register is not UNSET:
            field_dict["trade_register"] = trade_register

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trader_address import TraderAddress  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_address(data: object) -> None | TraderAddress | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = TraderAddress.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraderAddress | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_legal_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        legal_name = _parse_legal_name(d.pop("legal_name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_registration_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration_number = _parse_registration_number(d.pop("registration_number", UNSET))

        self_certification = d.pop("self_certification", UNSET)

        def _parse_trade_register(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trade_register = _parse_trade_register(d.pop("trade_register", UNSET))

        trader_in = cls(
            address=address,
            email=email,
            legal_name=legal_name,
            phone=phone,
            registration_number=registration_number,
            self_certification=self_certification,
            trade_register=trade_register,
        )

        return trader_in

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductRegistration")


@_attrs_define
class ProductRegistration:
    """A registration the product holds for a document the rules may require (a BPOM notification number
    for cosmetics sold into Indonesia, a UN38.3 test summary for batteries).

        Attributes:
            document (str): The document as the rules name it, e.g. `BPOM notification` (compared ignoring case)
            number (str):
            countries (list[str] | None | Unset): Where the registration holds (None: wherever asked)
    """

    document: str
    number: str
    countries: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        document = self.document

        number = self.number

        countries: list[str] | None | Unset
        if isinstance(self.countries, Unset):
            countries = UNSET
        elif isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "document": document,
                "number": number,
            }
        )
        if countries is not UNSET:
            field_dict["countries"] = countries

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document = d.pop("document")

        number = d.pop("number")

        def _parse_countries(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                countries_type_0 = cast(list[str], data)

                return countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        countries = _parse_countries(d.pop("countries", UNSET))

        product_registration = cls(
            document=document,
            number=number,
            countries=countries,
        )

        return product_registration

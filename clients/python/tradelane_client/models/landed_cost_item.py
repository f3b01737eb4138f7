from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_in import MoneyIn


T = TypeVar("T", bound="LandedCostItem")


@_attrs_define
class LandedCostItem:
    """
    Attributes:
        hs_code (str): HS code, 6 to 10 digits (dots and spaces allowed); the first six an HS 2022 subheading
        quantity (int):
        unit_price (MoneyIn): Money given to the service (a request body): at most `MAX_DIGITS` digits in minor units.
            Takes a
            `MoneyModel` too (checked the same). Example: {'amount': '12.50', 'currency': 'USD'}.
        origin_country (None | str | Unset): Where the goods were made (default: the consignment's origin_country)
        weight_g (int | None | Unset): Weight of one unit
    """

    hs_code: str
    quantity: int
    unit_price: MoneyIn
    origin_country: None | str | Unset = UNSET
    weight_g: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        hs_code = self.hs_code

        quantity = self.quantity

        unit_price = self.unit_price.to_dict()

        origin_country: None | str | Unset
        if isinstance(self.origin_country, Unset):
            origin_country = UNSET
        else:
            origin_country = self.origin_country

        weight_g: int | None | Unset
        if isinstance(self.weight_g, Unset):
            weight_g = UNSET
        else:
            weight_g = self.weight_g

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "hs_code": hs_code,
                "quantity": quantity,
                "unit_price": unit_price,
            }
        )
        if origin_country is not UNSET:
            field_dict["origin_country"] = origin_country
        if weight_g is not UNSET:
            field_dict["weight_g"] = weight_g

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_in import MoneyIn  # noqa: PLC0415

        d = dict(src_dict)
        hs_code = d.pop("hs_code")

        quantity = d.pop("quantity")

        unit_price = MoneyIn.from_dict(d.pop("unit_price"))

        def _parse_origin_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        origin_country = _parse_origin_country(d.pop("origin_country", UNSET))

        def _parse_weight_g(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        weight_g = _parse_weight_g(d.pop("weight_g", UNSET))

        landed_cost_item = cls(
            hs_code=hs_code,
            quantity=quantity,
            unit_price=unit_price,
            origin_country=origin_country,
            weight_g=weight_g,
        )

        return landed_cost_item

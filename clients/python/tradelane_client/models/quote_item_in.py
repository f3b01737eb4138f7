from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.positive_money import PositiveMoney


T = TypeVar("T", bound="QuoteItemIn")


@_attrs_define
class QuoteItemIn:
    """
    Attributes:
        quantity (int):
        sku (str):
        unit_price (PositiveMoney): Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A
            zero or negative
            amount is named on `<field>.amount`. Example: {'amount': '12.50', 'currency': 'USD'}.
        category (None | str | Unset):
        dimensions_cm (list[float | str] | None | Unset):
        hs_code (None | str | Unset):
        origin_country (None | str | Unset):
        weight_g (int | None | Unset):
    """

    quantity: int
    sku: str
    unit_price: PositiveMoney
    category: None | str | Unset = UNSET
    dimensions_cm: list[float | str] | None | Unset = UNSET
    hs_code: None | str | Unset = UNSET
    origin_country: None | str | Unset = UNSET
    weight_g: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        quantity = self.quantity

        sku = self.sku

        unit_price = self.unit_price.to_dict()

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        dimensions_cm: list[float | str] | None | Unset
        if isinstance(self.dimensions_cm, Unset):
            dimensions_cm = UNSET
        elif isinstance(self.dimensions_cm, list):
            dimensions_cm = []
            for dimensions_cm_type_0_item_data in self.dimensions_cm:
                dimensions_cm_type_0_item: float | str
                dimensions_cm_type_0_item = dimensions_cm_type_0_item_data
                dimensions_cm.append(dimensions_cm_type_0_item)

        else:
            dimensions_cm = self.dimensions_cm

        hs_code: None | str | Unset
        if isinstance(self.hs_code, Unset):
            hs_code = UNSET
        else:
            hs_code = self.hs_code

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
                "quantity": quantity,
                "sku": sku,
                "unit_price": unit_price,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if dimensions_cm is not UNSET:
            field_dict["dimensions_cm"] = dimensions_cm
        if hs_code is not UNSET:
            field_dict["hs_code"] = hs_code
        if origin_country is not UNSET:
            field_dict["origin_country"] = origin_country
        if weight_g is not UNSET:
            field_dict["weight_g"] = weight_g

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        quantity = d.pop("quantity")

        sku = d.pop("sku")

        unit_price = PositiveMoney.from_dict(d.pop("unit_price"))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_dimensions_cm(data: object) -> list[float | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                dimensions_cm_type_0 = []
                _dimensions_cm_type_0 = data
                for dimensions_cm_type_0_item_data in _dimensions_cm_type_0:

                    def _parse_dimensions_cm_type_0_item(data: object) -> float | str:
                        return cast(float | str, data)

                    dimensions_cm_type_0_item = _parse_dimensions_cm_type_0_item(dimensions_cm_type_0_item_data)

                    dimensions_cm_type_0.append(dimensions_cm_type_0_item)

                return dimensions_cm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float | str] | None | Unset, data)

        dimensions_cm = _parse_dimensions_cm(d.pop("dimensions_cm", UNSET))

        def _parse_hs_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hs_code = _parse_hs_code(d.pop("hs_code", UNSET))

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

        quote_item_in = cls(
            quantity=quantity,
            sku=sku,
            unit_price=unit_price,
            category=category,
            dimensions_cm=dimensions_cm,
            hs_code=hs_code,
            origin_country=origin_country,
            weight_g=weight_g,
        )

        return quote_item_in

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.product_registration import ProductRegistration


T = TypeVar("T", bound="ProductCreate")


@_attrs_define
class ProductCreate:
    """
    Attributes:
        category (str):
        hs_code (str):
        merchant_id (str):
        name (str):
        origin_country (str):
        sku (str):
        weight_g (int):
        dimensions_cm (list[float | str] | None | Unset):
        goods (list[str] | Unset):
        registrations (list[ProductRegistration] | Unset):
    """

    category: str
    hs_code: str
    merchant_id: str
    name: str
    origin_country: str
    sku: str
    weight_g: int
    dimensions_cm: list[float | str] | None | Unset = UNSET
    goods: list[str] | Unset = UNSET
    registrations: list[ProductRegistration] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        hs_code = self.hs_code

        merchant_id = self.merchant_id

        name = self.name

        origin_country = self.origin_country

        sku = self.sku

        weight_g = self.weight_g

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

        goods: list[str] | Unset = UNSET
        if not isinstance(self.goods, Unset):
            goods = self.goods

        registrations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.registrations, Unset):
            registrations = []
            for registrations_item_data in self.registrations:
                registrations_item = registrations_item_data.to_dict()
                registrations.append(registrations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "hs_code": hs_code,
                "merchant_id": merchant_id,
                "name": name,
                "origin_country": origin_country,
                "sku": sku,
                "weight_g": weight_g,
            }
        )
        if dimensions_cm is not UNSET:
            field_dict["dimensions_cm"] = dimensions_cm
        if goods is not UNSET:
            field_dict["goods"] = goods
        if registrations is not UNSET:
            field_dict["registrations"] = registrations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_registration import ProductRegistration  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        hs_code = d.pop("hs_code")

        merchant_id = d.pop("merchant_id")

        name = d.pop("name")

        origin_country = d.pop("origin_country")

        sku = d.pop("sku")

        weight_g = d.pop("weight_g")

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

        goods = cast(list[str], d.pop("goods", UNSET))

        _registrations = d.pop("registrations", UNSET)
        registrations: list[ProductRegistration] | Unset = UNSET
        if _registrations is not UNSET:
            registrations = []
            for registrations_item_data in _registrations:
                registrations_item = ProductRegistration.from_dict(registrations_item_data)

                registrations.append(registrations_item)

        product_create = cls(
            category=category,
            hs_code=hs_code,
            merchant_id=merchant_id,
            name=name,
            origin_country=origin_country,
            sku=sku,
            weight_g=weight_g,
            dimensions_cm=dimensions_cm,
            goods=goods,
            registrations=registrations,
        )

        return product_create

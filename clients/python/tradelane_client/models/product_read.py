from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.product_registration import ProductRegistration
    from ..models.stock_level import StockLevel


T = TypeVar("T", bound="ProductRead")


@_attrs_define
class ProductRead:
    """
    Attributes:
        category (str):
        dimensions_cm (list[str] | None):
        goods (list[str]):
        hs_code (str):
        id (str):
        merchant_id (str):
        name (str):
        origin_country (str):
        sku (str):
        weight_g (int):
        available (int | Unset):  Default: 0.
        registrations (list[ProductRegistration] | Unset):
        stock (list[StockLevel] | Unset):
    """

    category: str
    dimensions_cm: list[str] | None
    goods: list[str]
    hs_code: str
    id: str
    merchant_id: str
    name: str
    origin_country: str
    sku: str
    weight_g: int
    available: int | Unset = 0
    registrations: list[ProductRegistration] | Unset = UNSET
    stock: list[StockLevel] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        dimensions_cm: list[str] | None
        if isinstance(self.dimensions_cm, list):
            dimensions_cm = self.dimensions_cm

        else:
            dimensions_cm = self.dimensions_cm

        goods = self.goods

        hs_code = self.hs_code

        id = self.id

        merchant_id = self.merchant_id

        name = self.name

        origin_country = self.origin_country

        sku = self.sku

        weight_g = self.weight_g

        available = self.available

        registrations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.registrations, Unset):
            registrations = []
            for registrations_item_data in self.registrations:
                registrations_item = registrations_item_data.to_dict()
                registrations.append(registrations_item)

        stock: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.stock, Unset):
            stock = []
            for stock_item_data in self.stock:
                stock_item = stock_item_data.to_dict()
                stock.append(stock_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "dimensions_cm": dimensions_cm,
                "goods": goods,
                "hs_code": hs_code,
                "id": id,
                "merchant_id": merchant_id,
                "name": name,
                "origin_country": origin_country,
                "sku": sku,
                "weight_g": weight_g,
            }
        )
        if available is not UNSET:
            field_dict["available"] = available
        if registrations is not UNSET:
            field_dict["registrations"] = registrations
        if stock is not UNSET:
            field_dict["stock"] = stock

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_registration import ProductRegistration  # noqa: PLC0415
        from ..models.stock_level import StockLevel  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        def _parse_dimensions_cm(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                dimensions_cm_type_0 = cast(list[str], data)

                return dimensions_cm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        dimensions_cm = _parse_dimensions_cm(d.pop("dimensions_cm"))

        goods = cast(list[str], d.pop("goods"))

        hs_code = d.pop("hs_code")

        id = d.pop("id")

        merchant_id = d.pop("merchant_id")

        name = d.pop("name")

        origin_country = d.pop("origin_country")

        sku = d.pop("sku")

        weight_g = d.pop("weight_g")

        available = d.pop("available", UNSET)

        _registrations = d.pop("registrations", UNSET)
        registrations: list[ProductRegistration] | Unset = UNSET
        if _registrations is not UNSET:
            registrations = []
            for registrations_item_data in _registrations:
                registrations_item = ProductRegistration.from_dict(registrations_item_data)

                registrations.append(registrations_item)

        _stock = d.pop("stock", UNSET)
        stock: list[StockLevel] | Unset = UNSET
        if _stock is not UNSET:
            stock = []
            for stock_item_data in _stock:
                stock_item = StockLevel.from_dict(stock_item_data)

                stock.append(stock_item)

        product_read = cls(
            category=category,
            dimensions_cm=dimensions_cm,
            goods=goods,
            hs_code=hs_code,
            id=id,
            merchant_id=merchant_id,
            name=name,
            origin_country=origin_country,
            sku=sku,
            weight_g=weight_g,
            available=available,
            registrations=registrations,
            stock=stock,
        )

        product_read.additional_properties = d
        return product_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.affiliate_plan_kind import AffiliatePlanKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.affiliate_plan_create_categories import AffiliatePlanCreateCategories
    from ..models.affiliate_plan_create_products import AffiliatePlanCreateProducts


T = TypeVar("T", bound="AffiliatePlanCreate")


@_attrs_define
class AffiliatePlanCreate:
    """
    Attributes:
        kind (AffiliatePlanKind):
        categories (AffiliatePlanCreateCategories | Unset): Rates per category
        creators (list[str] | Unset): A targeted plan's creators (an open plan: none)
        effective_from (datetime.datetime | None | Unset): Now by default; never in the past
        effective_to (datetime.datetime | None | Unset):
        merchant_id (None | str | Unset): Admin: the merchant publishing; a merchant key: itself
        name (str | Unset):  Default: ''.
        products (AffiliatePlanCreateProducts | Unset): Rates per product, by SKU
        rate_bps (int | None | Unset): The rate for every sale no other rate names
    """

    kind: AffiliatePlanKind
    categories: AffiliatePlanCreateCategories | Unset = UNSET
    creators: list[str] | Unset = UNSET
    effective_from: datetime.datetime | None | Unset = UNSET
    effective_to: datetime.datetime | None | Unset = UNSET
    merchant_id: None | str | Unset = UNSET
    name: str | Unset = ""
    products: AffiliatePlanCreateProducts | Unset = UNSET
    rate_bps: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        categories: dict[str, Any] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories.to_dict()

        creators: list[str] | Unset = UNSET
        if not isinstance(self.creators, Unset):
            creators = self.creators

        effective_from: None | str | Unset
        if isinstance(self.effective_from, Unset):
            effective_from = UNSET
        elif isinstance(self.effective_from, datetime.datetime):
            effective_from = self.effective_from.isoformat()
        else:
            effective_from = self.effective_from

        effective_to: None | str | Unset
        if isinstance(self.effective_to, Unset):
            effective_to = UNSET
        elif isinstance(self.effective_to, datetime.datetime):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        merchant_id: None | str | Unset
        if isinstance(self.merchant_id, Unset):
            merchant_id = UNSET
        else:
            merchant_id = self.merchant_id

        name = self.name

        products: dict[str, Any] | Unset = UNSET
        if not isinstance(self.products, Unset):
            products = self.products.to_dict()

        rate_bps: int | None | Unset
        if isinstance(self.rate_bps, Unset):
            rate_bps = UNSET
        else:
            rate_bps = self.rate_bps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if categories is not UNSET:
            field_dict["categories"] = categories
        if creators is not UNSET:
            field_dict["creators"] = creators
        if effective_from is not UNSET:
            field_dict["effective_from"] = effective_from
        if effective_to is not UNSET:
            field_dict["effective_to"] = effective_to
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id
        if name is not UNSET:
            field_dict["name"] = name
        if products is not UNSET:
            field_dict["products"] = products
        if rate_bps is not UNSET:
            field_dict["rate_bps"] = rate_bps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affiliate_plan_create_categories import AffiliatePlanCreateCategories  # noqa: PLC0415
        from ..models.affiliate_plan_create_products import AffiliatePlanCreateProducts  # noqa: PLC0415

        d = dict(src_dict)
        kind = AffiliatePlanKind(d.pop("kind"))

        _categories = d.pop("categories", UNSET)
        categories: AffiliatePlanCreateCategories | Unset
        if isinstance(_categories, Unset):
            categories = UNSET
        else:
            categories = AffiliatePlanCreateCategories.from_dict(_categories)

        creators = cast(list[str], d.pop("creators", UNSET))

        def _parse_effective_from(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_from_type_0 = datetime.datetime.fromisoformat(data)

                return effective_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        effective_from = _parse_effective_from(d.pop("effective_from", UNSET))

        def _parse_effective_to(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_to_type_0 = datetime.datetime.fromisoformat(data)

                return effective_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        effective_to = _parse_effective_to(d.pop("effective_to", UNSET))

        def _parse_merchant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id", UNSET))

        name = d.pop("name", UNSET)

        _products = d.pop("products", UNSET)
        products: AffiliatePlanCreateProducts | Unset
        if isinstance(_products, Unset):
            products = UNSET
        else:
            products = AffiliatePlanCreateProducts.from_dict(_products)

        def _parse_rate_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_bps = _parse_rate_bps(d.pop("rate_bps", UNSET))

        affiliate_plan_create = cls(
            kind=kind,
            categories=categories,
            creators=creators,
            effective_from=effective_from,
            effective_to=effective_to,
            merchant_id=merchant_id,
            name=name,
            products=products,
            rate_bps=rate_bps,
        )

        return affiliate_plan_create

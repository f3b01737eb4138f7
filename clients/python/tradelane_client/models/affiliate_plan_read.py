from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.affiliate_plan_kind import AffiliatePlanKind

if TYPE_CHECKING:
    from ..models.affiliate_plan_read_categories import AffiliatePlanReadCategories
    from ..models.affiliate_plan_read_products import AffiliatePlanReadProducts


T = TypeVar("T", bound="AffiliatePlanRead")


@_attrs_define
class AffiliatePlanRead:
    """
    Attributes:
        categories (AffiliatePlanReadCategories):
        created_at (datetime.datetime):
        creators (list[str]):
        effective_from (datetime.datetime):
        effective_to (datetime.datetime | None):
        id (str):
        kind (AffiliatePlanKind):
        merchant_id (str):
        name (str):
        products (AffiliatePlanReadProducts):
        rate_bps (int | None):
    """

    categories: AffiliatePlanReadCategories
    created_at: datetime.datetime
    creators: list[str]
    effective_from: datetime.datetime
    effective_to: datetime.datetime | None
    id: str
    kind: AffiliatePlanKind
    merchant_id: str
    name: str
    products: AffiliatePlanReadProducts
    rate_bps: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = self.categories.to_dict()

        created_at = self.created_at.isoformat()

        creators = self.creators

        effective_from = self.effective_from.isoformat()

        effective_to: None | str
        if isinstance(self.effective_to, datetime.datetime):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        id = self.id

        kind = self.kind.value

        merchant_id = self.merchant_id

        name = self.name

        products = self.products.to_dict()

        rate_bps: int | None
        rate_bps = self.rate_bps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "created_at": created_at,
                "creators": creators,
                "effective_from": effective_from,
                "effective_to": effective_to,
                "id": id,
                "kind": kind,
                "merchant_id": merchant_id,
                "name": name,
                "products": products,
                "rate_bps": rate_bps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affiliate_plan_read_categories import AffiliatePlanReadCategories  # noqa: PLC0415
        from ..models.affiliate_plan_read_products import AffiliatePlanReadProducts  # noqa: PLC0415

        d = dict(src_dict)
        categories = AffiliatePlanReadCategories.from_dict(d.pop("categories"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creators = cast(list[str], d.pop("creators"))

        effective_from = datetime.datetime.fromisoformat(d.pop("effective_from"))

        def _parse_effective_to(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_to_type_0 = datetime.datetime.fromisoformat(data)

                return effective_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        effective_to = _parse_effective_to(d.pop("effective_to"))

        id = d.pop("id")

        kind = AffiliatePlanKind(d.pop("kind"))

        merchant_id = d.pop("merchant_id")

        name = d.pop("name")

        products = AffiliatePlanReadProducts.from_dict(d.pop("products"))

        def _parse_rate_bps(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rate_bps = _parse_rate_bps(d.pop("rate_bps"))

        affiliate_plan_read = cls(
            categories=categories,
            created_at=created_at,
            creators=creators,
            effective_from=effective_from,
            effective_to=effective_to,
            id=id,
            kind=kind,
            merchant_id=merchant_id,
            name=name,
            products=products,
            rate_bps=rate_bps,
        )

        affiliate_plan_read.additional_properties = d
        return affiliate_plan_read

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="DeMinimis")


@_attrs_define
class DeMinimis:
    """
    Attributes:
        duty_applied (bool): Duty is charged: the consignment is not relieved by the threshold
        duty_threshold (MoneyModel | None): In the destination's currency; null: no duty relief
        tax_applied (bool): Tax is charged: the consignment is not relieved by the threshold
        tax_threshold (MoneyModel | None): In the destination's currency; null: no tax relief
    """

    duty_applied: bool
    duty_threshold: MoneyModel | None
    tax_applied: bool
    tax_threshold: MoneyModel | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        duty_applied = self.duty_applied

        duty_threshold: dict[str, Any] | None
        if isinstance(self.duty_threshold, MoneyModel):
            duty_threshold = self.duty_threshold.to_dict()
        else:
            duty_threshold = self.duty_threshold

        tax_applied = self.tax_applied

        tax_threshold: dict[str, Any] | None
        if isinstance(self.tax_threshold, MoneyModel):
            tax_threshold = self.tax_threshold.to_dict()
        else:
            tax_threshold = self.tax_threshold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duty_applied": duty_applied,
                "duty_threshold": duty_threshold,
                "tax_applied": tax_applied,
                "tax_threshold": tax_threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        duty_applied = d.pop("duty_applied")

        def _parse_duty_threshold(data: object) -> MoneyModel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                duty_threshold_type_0 = MoneyModel.from_dict(data)

                return duty_threshold_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyModel | None, data)

        duty_threshold = _parse_duty_threshold(d.pop("duty_threshold"))

        tax_applied = d.pop("tax_applied")

        def _parse_tax_threshold(data: object) -> MoneyModel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tax_threshold_type_0 = MoneyModel.from_dict(data)

                return tax_threshold_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyModel | None, data)

        tax_threshold = _parse_tax_threshold(d.pop("tax_threshold"))

        de_minimis = cls(
            duty_applied=duty_applied,
            duty_threshold=duty_threshold,
            tax_applied=tax_applied,
            tax_threshold=tax_threshold,
        )

        de_minimis.additional_properties = d
        return de_minimis

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_window_confidence import DeliveryWindowConfidence
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeliveryWindow")


@_attrs_define
class DeliveryWindow:
    """
    Attributes:
        confidence (DeliveryWindowConfidence):
        days_likely (int):
        days_max (int):
        days_min (int):
        earliest (datetime.date):
        latest (datetime.date):
        likely (datetime.date):
        coverage (str | Unset):  Default: '0.8'.
    """

    confidence: DeliveryWindowConfidence
    days_likely: int
    days_max: int
    days_min: int
    earliest: datetime.date
    latest: datetime.date
    likely: datetime.date
    coverage: str | Unset = "0.8"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confidence = self.confidence.value

        days_likely = self.days_likely

        days_max = self.days_max

        days_min = self.days_min

        earliest = self.earliest.isoformat()

        latest = self.latest.isoformat()

        likely = self.likely.isoformat()

        coverage = self.coverage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confidence": confidence,
                "days_likely": days_likely,
                "days_max": days_max,
                "days_min": days_min,
                "earliest": earliest,
                "latest": latest,
                "likely": likely,
            }
        )
        if coverage is not UNSET:
            field_dict["coverage"] = coverage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        confidence = DeliveryWindowConfidence(d.pop("confidence"))

        days_likely = d.pop("days_likely")

        days_max = d.pop("days_max")

        days_min = d.pop("days_min")

        earliest = datetime.date.fromisoformat(d.pop("earliest"))

        latest = datetime.date.fromisoformat(d.pop("latest"))

        likely = datetime.date.fromisoformat(d.pop("likely"))

        coverage = d.pop("coverage", UNSET)

        delivery_window = cls(
            confidence=confidence,
            days_likely=days_likely,
            days_max=days_max,
            days_min=days_min,
            earliest=earliest,
            latest=latest,
            likely=likely,
            coverage=coverage,
        )

        delivery_window.additional_properties = d
        return delivery_window

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

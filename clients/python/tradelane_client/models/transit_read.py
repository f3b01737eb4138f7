from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transit_read_source import TransitReadSource

if TYPE_CHECKING:
    from ..models.days_read import DaysRead


T = TypeVar("T", bound="TransitRead")


@_attrs_define
class TransitRead:
    """
    Attributes:
        clearance (DaysRead):
        last_mile (DaysRead):
        line_haul (DaysRead):
        samples (int):
        source (TransitReadSource):
    """

    clearance: DaysRead
    last_mile: DaysRead
    line_haul: DaysRead
    samples: int
    source: TransitReadSource
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        clearance = self.clearance.to_dict()

        last_mile = self.last_mile.to_dict()

        line_haul = self.line_haul.to_dict()

        samples = self.samples

        source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clearance": clearance,
                "last_mile": last_mile,
                "line_haul": line_haul,
                "samples": samples,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.days_read import DaysRead  # noqa: PLC0415

        d = dict(src_dict)
        clearance = DaysRead.from_dict(d.pop("clearance"))

        last_mile = DaysRead.from_dict(d.pop("last_mile"))

        line_haul = DaysRead.from_dict(d.pop("line_haul"))

        samples = d.pop("samples")

        source = TransitReadSource(d.pop("source"))

        transit_read = cls(
            clearance=clearance,
            last_mile=last_mile,
            line_haul=line_haul,
            samples=samples,
            source=source,
        )

        transit_read.additional_properties = d
        return transit_read

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

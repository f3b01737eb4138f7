from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simulation_read_by_country import SimulationReadByCountry
    from ..models.simulation_read_samples_item import SimulationReadSamplesItem


T = TypeVar("T", bound="SimulationRead")


@_attrs_define
class SimulationRead:
    """
    Attributes:
        by_country (SimulationReadByCountry):
        changed (int):
        days (int):
        key (str):
        replayed (int):
        samples (list[SimulationReadSamplesItem]):
        version (int):
    """

    by_country: SimulationReadByCountry
    changed: int
    days: int
    key: str
    replayed: int
    samples: list[SimulationReadSamplesItem]
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_country = self.by_country.to_dict()

        changed = self.changed

        days = self.days

        key = self.key

        replayed = self.replayed

        samples = []
        for samples_item_data in self.samples:
            samples_item = samples_item_data.to_dict()
            samples.append(samples_item)

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_country": by_country,
                "changed": changed,
                "days": days,
                "key": key,
                "replayed": replayed,
                "samples": samples,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simulation_read_by_country import SimulationReadByCountry  # noqa: PLC0415
        from ..models.simulation_read_samples_item import SimulationReadSamplesItem  # noqa: PLC0415

        d = dict(src_dict)
        by_country = SimulationReadByCountry.from_dict(d.pop("by_country"))

        changed = d.pop("changed")

        days = d.pop("days")

        key = d.pop("key")

        replayed = d.pop("replayed")

        samples = []
        _samples = d.pop("samples")
        for samples_item_data in _samples:
            samples_item = SimulationReadSamplesItem.from_dict(samples_item_data)

            samples.append(samples_item)

        version = d.pop("version")

        simulation_read = cls(
            by_country=by_country,
            changed=changed,
            days=days,
            key=key,
            replayed=replayed,
            samples=samples,
            version=version,
        )

        simulation_read.additional_properties = d
        return simulation_read

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.history_reject import HistoryReject


T = TypeVar("T", bound="HistoryImportRead")


@_attrs_define
class HistoryImportRead:
    """What an import of past deliveries did. Rows that fail a check are skipped and listed (the first
    1,000); the others are imported together. A record id known already counts as a duplicate.

        Attributes:
            duplicates (int):
            imported (int):
            received (int):
            rejected (int):
            rejects (list[HistoryReject]):
            rejects_listed (int):
            samples_fed (int): Deliveries recorded as transit samples of their lanes
    """

    duplicates: int
    imported: int
    received: int
    rejected: int
    rejects: list[HistoryReject]
    rejects_listed: int
    samples_fed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duplicates = self.duplicates

        imported = self.imported

        received = self.received

        rejected = self.rejected

        rejects = []
        for rejects_item_data in self.rejects:
            rejects_item = rejects_item_data.to_dict()
            rejects.append(rejects_item)

        rejects_listed = self.rejects_listed

        samples_fed = self.samples_fed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duplicates": duplicates,
                "imported": imported,
                "received": received,
                "rejected": rejected,
                "rejects": rejects,
                "rejects_listed": rejects_listed,
                "samples_fed": samples_fed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.history_reject import HistoryReject  # noqa: PLC0415

        d = dict(src_dict)
        duplicates = d.pop("duplicates")

        imported = d.pop("imported")

        received = d.pop("received")

        rejected = d.pop("rejected")

        rejects = []
        _rejects = d.pop("rejects")
        for rejects_item_data in _rejects:
            rejects_item = HistoryReject.from_dict(rejects_item_data)

            rejects.append(rejects_item)

        rejects_listed = d.pop("rejects_listed")

        samples_fed = d.pop("samples_fed")

        history_import_read = cls(
            duplicates=duplicates,
            imported=imported,
            received=received,
            rejected=rejected,
            rejects=rejects,
            rejects_listed=rejects_listed,
            samples_fed=samples_fed,
        )

        history_import_read.additional_properties = d
        return history_import_read

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

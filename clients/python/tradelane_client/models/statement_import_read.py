from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.statement_import_read_format import StatementImportReadFormat

if TYPE_CHECKING:
    from ..models.statement_import_read_unmatched_item import StatementImportReadUnmatchedItem


T = TypeVar("T", bound="StatementImportRead")


@_attrs_define
class StatementImportRead:
    """
    Attributes:
        duplicates (int):
        failed (int):
        format_ (StatementImportReadFormat): The statement's format
        lines (int): Entries read that concern payouts (booked debits and returns)
        paid (int):
        unmatched (list[StatementImportReadUnmatchedItem]):
    """

    duplicates: int
    failed: int
    format_: StatementImportReadFormat
    lines: int
    paid: int
    unmatched: list[StatementImportReadUnmatchedItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duplicates = self.duplicates

        failed = self.failed

        format_ = self.format_.value

        lines = self.lines

        paid = self.paid

        unmatched = []
        for unmatched_item_data in self.unmatched:
            unmatched_item = unmatched_item_data.to_dict()
            unmatched.append(unmatched_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duplicates": duplicates,
                "failed": failed,
                "format": format_,
                "lines": lines,
                "paid": paid,
                "unmatched": unmatched,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.statement_import_read_unmatched_item import StatementImportReadUnmatchedItem  # noqa: PLC0415

        d = dict(src_dict)
        duplicates = d.pop("duplicates")

        failed = d.pop("failed")

        format_ = StatementImportReadFormat(d.pop("format"))

        lines = d.pop("lines")

        paid = d.pop("paid")

        unmatched = []
        _unmatched = d.pop("unmatched")
        for unmatched_item_data in _unmatched:
            unmatched_item = StatementImportReadUnmatchedItem.from_dict(unmatched_item_data)

            unmatched.append(unmatched_item)

        statement_import_read = cls(
            duplicates=duplicates,
            failed=failed,
            format_=format_,
            lines=lines,
            paid=paid,
            unmatched=unmatched,
        )

        statement_import_read.additional_properties = d
        return statement_import_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.version_read_rows_item import VersionReadRowsItem
    from ..models.version_read_tests_item import VersionReadTestsItem


T = TypeVar("T", bound="VersionRead")


@_attrs_define
class VersionRead:
    """
    Attributes:
        approver (None | str):
        author (str):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        decision_note (str):
        effective_from (datetime.datetime):
        effective_to (datetime.datetime | None):
        number (int):
        reason (str):
        rolled_back_from (int | None):
        rows (list[VersionReadRowsItem]):
        source_url (str):
        status (str):
        submitted_at (datetime.datetime | None):
        tests (list[VersionReadTestsItem]):
    """

    approver: None | str
    author: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str
    effective_from: datetime.datetime
    effective_to: datetime.datetime | None
    number: int
    reason: str
    rolled_back_from: int | None
    rows: list[VersionReadRowsItem]
    source_url: str
    status: str
    submitted_at: datetime.datetime | None
    tests: list[VersionReadTestsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approver: None | str
        approver = self.approver

        author = self.author

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_note = self.decision_note

        effective_from = self.effective_from.isoformat()

        effective_to: None | str
        if isinstance(self.effective_to, datetime.datetime):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        number = self.number

        reason = self.reason

        rolled_back_from: int | None
        rolled_back_from = self.rolled_back_from

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        source_url = self.source_url

        status = self.status

        submitted_at: None | str
        if isinstance(self.submitted_at, datetime.datetime):
            submitted_at = self.submitted_at.isoformat()
        else:
            submitted_at = self.submitted_at

        tests = []
        for tests_item_data in self.tests:
            tests_item = tests_item_data.to_dict()
            tests.append(tests_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approver": approver,
                "author": author,
                "created_at": created_at,
                "decided_at": decided_at,
                "decision_note": decision_note,
                "effective_from": effective_from,
                "effective_to": effective_to,
                "number": number,
                "reason": reason,
                "rolled_back_from": rolled_back_from,
                "rows": rows,
                "source_url": source_url,
                "status": status,
                "submitted_at": submitted_at,
                "tests": tests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_read_rows_item import VersionReadRowsItem  # noqa: PLC0415
        from ..models.version_read_tests_item import VersionReadTestsItem  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_approver(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        approver = _parse_approver(d.pop("approver"))

        author = d.pop("author")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        decision_note = d.pop("decision_note")

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

        number = d.pop("number")

        reason = d.pop("reason")

        def _parse_rolled_back_from(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rolled_back_from = _parse_rolled_back_from(d.pop("rolled_back_from"))

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = VersionReadRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        source_url = d.pop("source_url")

        status = d.pop("status")

        def _parse_submitted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submitted_at_type_0 = datetime.datetime.fromisoformat(data)

                return submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        submitted_at = _parse_submitted_at(d.pop("submitted_at"))

        tests = []
        _tests = d.pop("tests")
        for tests_item_data in _tests:
            tests_item = VersionReadTestsItem.from_dict(tests_item_data)

            tests.append(tests_item)

        version_read = cls(
            approver=approver,
            author=author,
            created_at=created_at,
            decided_at=decided_at,
            decision_note=decision_note,
            effective_from=effective_from,
            effective_to=effective_to,
            number=number,
            reason=reason,
            rolled_back_from=rolled_back_from,
            rows=rows,
            source_url=source_url,
            status=status,
            submitted_at=submitted_at,
            tests=tests,
        )

        version_read.additional_properties = d
        return version_read

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

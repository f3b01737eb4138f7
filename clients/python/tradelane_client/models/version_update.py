from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.test_case import TestCase
    from ..models.version_update_rows_type_0_item import VersionUpdateRowsType0Item


T = TypeVar("T", bound="VersionUpdate")


@_attrs_define
class VersionUpdate:
    """
    Attributes:
        effective_from (datetime.datetime | None | Unset):
        effective_to (datetime.datetime | None | Unset):
        reason (None | str | Unset):
        rows (list[VersionUpdateRowsType0Item] | None | Unset):
        source_url (None | str | Unset):
        tests (list[TestCase] | None | Unset):
    """

    effective_from: datetime.datetime | None | Unset = UNSET
    effective_to: datetime.datetime | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    rows: list[VersionUpdateRowsType0Item] | None | Unset = UNSET
    source_url: None | str | Unset = UNSET
    tests: list[TestCase] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        rows: list[dict[str, Any]] | None | Unset
        if isinstance(self.rows, Unset):
            rows = UNSET
        elif isinstance(self.rows, list):
            rows = []
            for rows_type_0_item_data in self.rows:
                rows_type_0_item = rows_type_0_item_data.to_dict()
                rows.append(rows_type_0_item)

        else:
            rows = self.rows

        source_url: None | str | Unset
        if isinstance(self.source_url, Unset):
            source_url = UNSET
        else:
            source_url = self.source_url

        tests: list[dict[str, Any]] | None | Unset
        if isinstance(self.tests, Unset):
            tests = UNSET
        elif isinstance(self.tests, list):
            tests = []
            for tests_type_0_item_data in self.tests:
                tests_type_0_item = tests_type_0_item_data.to_dict()
                tests.append(tests_type_0_item)

        else:
            tests = self.tests

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if effective_from is not UNSET:
            field_dict["effective_from"] = effective_from
        if effective_to is not UNSET:
            field_dict["effective_to"] = effective_to
        if reason is not UNSET:
            field_dict["reason"] = reason
        if rows is not UNSET:
            field_dict["rows"] = rows
        if source_url is not UNSET:
            field_dict["source_url"] = source_url
        if tests is not UNSET:
            field_dict["tests"] = tests

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_case import TestCase  # noqa: PLC0415
        from ..models.version_update_rows_type_0_item import VersionUpdateRowsType0Item  # noqa: PLC0415

        d = dict(src_dict)

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

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_rows(data: object) -> list[VersionUpdateRowsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rows_type_0 = []
                _rows_type_0 = data
                for rows_type_0_item_data in _rows_type_0:
                    rows_type_0_item = VersionUpdateRowsType0Item.from_dict(rows_type_0_item_data)

                    rows_type_0.append(rows_type_0_item)

                return rows_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[VersionUpdateRowsType0Item] | None | Unset, data)

        rows = _parse_rows(d.pop("rows", UNSET))

        def _parse_source_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_url = _parse_source_url(d.pop("source_url", UNSET))

        def _parse_tests(data: object) -> list[TestCase] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tests_type_0 = []
                _tests_type_0 = data
                for tests_type_0_item_data in _tests_type_0:
                    tests_type_0_item = TestCase.from_dict(tests_type_0_item_data)

                    tests_type_0.append(tests_type_0_item)

                return tests_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TestCase] | None | Unset, data)

        tests = _parse_tests(d.pop("tests", UNSET))

        version_update = cls(
            effective_from=effective_from,
            effective_to=effective_to,
            reason=reason,
            rows=rows,
            source_url=source_url,
            tests=tests,
        )

        return version_update

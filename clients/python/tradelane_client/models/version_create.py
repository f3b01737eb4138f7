from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.test_case import TestCase
    from ..models.version_create_rows_item import VersionCreateRowsItem


T = TypeVar("T", bound="VersionCreate")


@_attrs_define
class VersionCreate:
    """
    Attributes:
        effective_from (datetime.datetime):
        reason (str):
        rows (list[VersionCreateRowsItem]):
        effective_to (datetime.datetime | None | Unset):
        source_url (str | Unset):  Default: ''.
        tests (list[TestCase] | Unset):
    """

    effective_from: datetime.datetime
    reason: str
    rows: list[VersionCreateRowsItem]
    effective_to: datetime.datetime | None | Unset = UNSET
    source_url: str | Unset = ""
    tests: list[TestCase] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        effective_from = self.effective_from.isoformat()

        reason = self.reason

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        effective_to: None | str | Unset
        if isinstance(self.effective_to, Unset):
            effective_to = UNSET
        elif isinstance(self.effective_to, datetime.datetime):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        source_url = self.source_url

        tests: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tests, Unset):
            tests = []
            for tests_item_data in self.tests:
                tests_item = tests_item_data.to_dict()
                tests.append(tests_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_from": effective_from,
                "reason": reason,
                "rows": rows,
            }
        )
        if effective_to is not UNSET:
            field_dict["effective_to"] = effective_to
        if source_url is not UNSET:
            field_dict["source_url"] = source_url
        if tests is not UNSET:
            field_dict["tests"] = tests

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_case import TestCase  # noqa: PLC0415
        from ..models.version_create_rows_item import VersionCreateRowsItem  # noqa: PLC0415

        d = dict(src_dict)
        effective_from = datetime.datetime.fromisoformat(d.pop("effective_from"))

        reason = d.pop("reason")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = VersionCreateRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

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

        source_url = d.pop("source_url", UNSET)

        _tests = d.pop("tests", UNSET)
        tests: list[TestCase] | Unset = UNSET
        if _tests is not UNSET:
            tests = []
            for tests_item_data in _tests:
                tests_item = TestCase.from_dict(tests_item_data)

                tests.append(tests_item)

        version_create = cls(
            effective_from=effective_from,
            reason=reason,
            rows=rows,
            effective_to=effective_to,
            source_url=source_url,
            tests=tests,
        )

        return version_create

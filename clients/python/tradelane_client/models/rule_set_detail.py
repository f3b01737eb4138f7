from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scope import Scope
    from ..models.version_read import VersionRead


T = TypeVar("T", bound="RuleSetDetail")


@_attrs_define
class RuleSetDetail:
    """
    Attributes:
        created_at (datetime.datetime):
        created_by (str):
        description (str):
        id (str):
        key (str):
        name (str):
        scope (Scope):
        topic (str):
        versions (list[VersionRead]):
        active_version (int | None | Unset):
        scheduled_versions (list[int] | Unset):
    """

    created_at: datetime.datetime
    created_by: str
    description: str
    id: str
    key: str
    name: str
    scope: Scope
    topic: str
    versions: list[VersionRead]
    active_version: int | None | Unset = UNSET
    scheduled_versions: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        description = self.description

        id = self.id

        key = self.key

        name = self.name

        scope = self.scope.to_dict()

        topic = self.topic

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        active_version: int | None | Unset
        if isinstance(self.active_version, Unset):
            active_version = UNSET
        else:
            active_version = self.active_version

        scheduled_versions: list[int] | Unset = UNSET
        if not isinstance(self.scheduled_versions, Unset):
            scheduled_versions = self.scheduled_versions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "created_by": created_by,
                "description": description,
                "id": id,
                "key": key,
                "name": name,
                "scope": scope,
                "topic": topic,
                "versions": versions,
            }
        )
        if active_version is not UNSET:
            field_dict["active_version"] = active_version
        if scheduled_versions is not UNSET:
            field_dict["scheduled_versions"] = scheduled_versions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scope import Scope  # noqa: PLC0415
        from ..models.version_read import VersionRead  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        description = d.pop("description")

        id = d.pop("id")

        key = d.pop("key")

        name = d.pop("name")

        scope = Scope.from_dict(d.pop("scope"))

        topic = d.pop("topic")

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = VersionRead.from_dict(versions_item_data)

            versions.append(versions_item)

        def _parse_active_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        active_version = _parse_active_version(d.pop("active_version", UNSET))

        scheduled_versions = cast(list[int], d.pop("scheduled_versions", UNSET))

        rule_set_detail = cls(
            created_at=created_at,
            created_by=created_by,
            description=description,
            id=id,
            key=key,
            name=name,
            scope=scope,
            topic=topic,
            versions=versions,
            active_version=active_version,
            scheduled_versions=scheduled_versions,
        )

        rule_set_detail.additional_properties = d
        return rule_set_detail

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

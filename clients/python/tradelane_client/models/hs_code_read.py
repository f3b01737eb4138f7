from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hs_code_read_level import HsCodeReadLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="HsCodeRead")


@_attrs_define
class HsCodeRead:
    """
    Attributes:
        chapter (str):
        chapter_description (str):
        code (str):
        description (str):
        edition (str):
        level (HsCodeReadLevel):
        section (str):
        section_name (str):
        heading (None | str | Unset):
        heading_description (None | str | Unset):
        national_suffix (None | str | Unset):
    """

    chapter: str
    chapter_description: str
    code: str
    description: str
    edition: str
    level: HsCodeReadLevel
    section: str
    section_name: str
    heading: None | str | Unset = UNSET
    heading_description: None | str | Unset = UNSET
    national_suffix: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chapter = self.chapter

        chapter_description = self.chapter_description

        code = self.code

        description = self.description

        edition = self.edition

        level = self.level.value

        section = self.section

        section_name = self.section_name

        heading: None | str | Unset
        if isinstance(self.heading, Unset):
            heading = UNSET
        else:
            heading = self.heading

        heading_description: None | str | Unset
        if isinstance(self.heading_description, Unset):
            heading_description = UNSET
        else:
            heading_description = self.heading_description

        national_suffix: None | str | Unset
        if isinstance(self.national_suffix, Unset):
            national_suffix = UNSET
        else:
            national_suffix = self.national_suffix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chapter": chapter,
                "chapter_description": chapter_description,
                "code": code,
                "description": description,
                "edition": edition,
                "level": level,
                "section": section,
                "section_name": section_name,
            }
        )
        if heading is not UNSET:
            field_dict["heading"] = heading
        if heading_description is not UNSET:
            field_dict["heading_description"] = heading_description
        if national_suffix is not UNSET:
            field_dict["national_suffix"] = national_suffix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chapter = d.pop("chapter")

        chapter_description = d.pop("chapter_description")

        code = d.pop("code")

        description = d.pop("description")

        edition = d.pop("edition")

        level = HsCodeReadLevel(d.pop("level"))

        section = d.pop("section")

        section_name = d.pop("section_name")

        def _parse_heading(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        heading = _parse_heading(d.pop("heading", UNSET))

        def _parse_heading_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        heading_description = _parse_heading_description(d.pop("heading_description", UNSET))

        def _parse_national_suffix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        national_suffix = _parse_national_suffix(d.pop("national_suffix", UNSET))

        hs_code_read = cls(
            chapter=chapter,
            chapter_description=chapter_description,
            code=code,
            description=description,
            edition=edition,
            level=level,
            section=section,
            section_name=section_name,
            heading=heading,
            heading_description=heading_description,
            national_suffix=national_suffix,
        )

        hs_code_read.additional_properties = d
        return hs_code_read

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

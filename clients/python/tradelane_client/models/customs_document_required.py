from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customs_document_required_kind import CustomsDocumentRequiredKind

T = TypeVar("T", bound="CustomsDocumentRequired")


@_attrs_define
class CustomsDocumentRequired:
    """
    Attributes:
        document (str): The form, identifier or requirement (CN22, IOSS, EORI, ...)
        kind (CustomsDocumentRequiredKind):
        party (None | str): Who provides it: sender, recipient, importer or carrier
        rule_set (str):
        version (int):
    """

    document: str
    kind: CustomsDocumentRequiredKind
    party: None | str
    rule_set: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document = self.document

        kind = self.kind.value

        party: None | str
        party = self.party

        rule_set = self.rule_set

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "document": document,
                "kind": kind,
                "party": party,
                "rule_set": rule_set,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document = d.pop("document")

        kind = CustomsDocumentRequiredKind(d.pop("kind"))

        def _parse_party(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        party = _parse_party(d.pop("party"))

        rule_set = d.pop("rule_set")

        version = d.pop("version")

        customs_document_required = cls(
            document=document,
            kind=kind,
            party=party,
            rule_set=rule_set,
            version=version,
        )

        customs_document_required.additional_properties = d
        return customs_document_required

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LogisticsDocumentRequired")


@_attrs_define
class LogisticsDocumentRequired:
    """A document a sale needs, the rule set and version requiring it, and what it is about: one SKU (a
    restricted-goods requirement, answered by the product's registration) or one shipment's consignment
    (customs forms and identifiers, by warehouse).

        Attributes:
            document (str):
            rule_set (str):
            version (int):
            kind (None | str | Unset): form, identifier or requirement (customs documents)
            party (None | str | Unset):
            registration (None | str | Unset): The product's registration number for it
            sku (None | str | Unset):
            warehouse (None | str | Unset):
    """

    document: str
    rule_set: str
    version: int
    kind: None | str | Unset = UNSET
    party: None | str | Unset = UNSET
    registration: None | str | Unset = UNSET
    sku: None | str | Unset = UNSET
    warehouse: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document = self.document

        rule_set = self.rule_set

        version = self.version

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        else:
            kind = self.kind

        party: None | str | Unset
        if isinstance(self.party, Unset):
            party = UNSET
        else:
            party = self.party

        registration: None | str | Unset
        if isinstance(self.registration, Unset):
            registration = UNSET
        else:
            registration = self.registration

        sku: None | str | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        warehouse: None | str | Unset
        if isinstance(self.warehouse, Unset):
            warehouse = UNSET
        else:
            warehouse = self.warehouse

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "document": document,
                "rule_set": rule_set,
                "version": version,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if party is not UNSET:
            field_dict["party"] = party
        if registration is not UNSET:
            field_dict["registration"] = registration
        if sku is not UNSET:
            field_dict["sku"] = sku
        if warehouse is not UNSET:
            field_dict["warehouse"] = warehouse

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document = d.pop("document")

        rule_set = d.pop("rule_set")

        version = d.pop("version")

        def _parse_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_party(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        party = _parse_party(d.pop("party", UNSET))

        def _parse_registration(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration = _parse_registration(d.pop("registration", UNSET))

        def _parse_sku(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        def _parse_warehouse(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        warehouse = _parse_warehouse(d.pop("warehouse", UNSET))

        logistics_document_required = cls(
            document=document,
            rule_set=rule_set,
            version=version,
            kind=kind,
            party=party,
            registration=registration,
            sku=sku,
            warehouse=warehouse,
        )

        logistics_document_required.additional_properties = d
        return logistics_document_required

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookSecretRead")


@_attrs_define
class WebhookSecretRead:
    """A carrier's new webhook secret: shown this once (only its hash is kept). The carrier sends it in
    `header` with each push to `POST /v1/carriers/{carrier}/webhooks`.

        Attributes:
            carrier (str):
            header (str):
            secret (str):
    """

    carrier: str
    header: str
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        carrier = self.carrier

        header = self.header

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "carrier": carrier,
                "header": header,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        carrier = d.pop("carrier")

        header = d.pop("header")

        secret = d.pop("secret")

        webhook_secret_read = cls(
            carrier=carrier,
            header=header,
            secret=secret,
        )

        webhook_secret_read.additional_properties = d
        return webhook_secret_read

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

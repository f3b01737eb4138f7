from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FxQuoteConsume")


@_attrs_define
class FxQuoteConsume:
    """
    Attributes:
        consumer (str): What uses the rate: an order or payout id
    """

    consumer: str

    def to_dict(self) -> dict[str, Any]:
        consumer = self.consumer

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consumer": consumer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consumer = d.pop("consumer")

        fx_quote_consume = cls(
            consumer=consumer,
        )

        return fx_quote_consume

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SupplementaryRateUpdate")


@_attrs_define
class SupplementaryRateUpdate:
    """
    Attributes:
        as_of (datetime.date):
        rate (str): Units of the currency for one unit of `base`
        source (str):
        base (str | Unset): EUR, or a currency the ECB publishes (for a peg: USD) Default: 'EUR'.
    """

    as_of: datetime.date
    rate: str
    source: str
    base: str | Unset = "EUR"

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        rate = self.rate

        source = self.source

        base = self.base

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "as_of": as_of,
                "rate": rate,
                "source": source,
            }
        )
        if base is not UNSET:
            field_dict["base"] = base

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        rate = d.pop("rate")

        source = d.pop("source")

        base = d.pop("base", UNSET)

        supplementary_rate_update = cls(
            as_of=as_of,
            rate=rate,
            source=source,
            base=base,
        )

        return supplementary_rate_update

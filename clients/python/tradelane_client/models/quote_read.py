from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quote_option import QuoteOption
    from ..models.quote_read_destination import QuoteReadDestination
    from ..models.quote_read_fx_item import QuoteReadFxItem
    from ..models.ranking import Ranking
    from ..models.rejected import Rejected


T = TypeVar("T", bound="QuoteRead")


@_attrs_define
class QuoteRead:
    """
    Attributes:
        created_at (datetime.datetime):
        currency (str):
        destination (QuoteReadDestination):
        expires_at (datetime.datetime):
        id (str):
        incoterm (str):
        merchant_id (str):
        objective (str):
        options (list[QuoteOption]):
        rejected (list[Rejected]):
        rules_applied (list[str]):
        blocked (list[str] | Unset):
        channel (str | Unset):  Default: 'marketplace'.
        expired (bool | Unset):  Default: False.
        fx (list[QuoteReadFxItem] | Unset):
        ranking (None | Ranking | Unset): How the options are ordered: the objective and its main parameters
    """

    created_at: datetime.datetime
    currency: str
    destination: QuoteReadDestination
    expires_at: datetime.datetime
    id: str
    incoterm: str
    merchant_id: str
    objective: str
    options: list[QuoteOption]
    rejected: list[Rejected]
    rules_applied: list[str]
    blocked: list[str] | Unset = UNSET
    channel: str | Unset = "marketplace"
    expired: bool | Unset = False
    fx: list[QuoteReadFxItem] | Unset = UNSET
    ranking: None | Ranking | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.ranking import Ranking  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        currency = self.currency

        destination = self.destination.to_dict()

        expires_at = self.expires_at.isoformat()

        id = self.id

        incoterm = self.incoterm

        merchant_id = self.merchant_id

        objective = self.objective

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        rejected = []
        for rejected_item_data in self.rejected:
            rejected_item = rejected_item_data.to_dict()
            rejected.append(rejected_item)

        rules_applied = self.rules_applied

        blocked: list[str] | Unset = UNSET
        if not isinstance(self.blocked, Unset):
            blocked = self.blocked

        channel = self.channel

        expired = self.expired

        fx: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fx, Unset):
            fx = []
            for fx_item_data in self.fx:
                fx_item = fx_item_data.to_dict()
                fx.append(fx_item)

        ranking: dict[str, Any] | None | Unset
        if isinstance(self.ranking, Unset):
            ranking = UNSET
        elif isinstance(self.ranking, Ranking):
            ranking = self.ranking.to_dict()
        else:
            ranking = self.ranking

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "currency": currency,
                "destination": destination,
                "expires_at": expires_at,
                "id": id,
                "incoterm": incoterm,
                "merchant_id": merchant_id,
                "objective": objective,
                "options": options,
                "rejected": rejected,
                "rules_applied": rules_applied,
            }
        )
        if blocked is not UNSET:
            field_dict["blocked"] = blocked
        if channel is not UNSET:
            field_dict["channel"] = channel
        if expired is not UNSET:
            field_dict["expired"] = expired
        if fx is not UNSET:
            field_dict["fx"] = fx
        if ranking is not UNSET:
            field_dict["ranking"] = ranking

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_option import QuoteOption  # noqa: PLC0415
        from ..models.quote_read_destination import QuoteReadDestination  # noqa: PLC0415
        from ..models.quote_read_fx_item import QuoteReadFxItem  # noqa: PLC0415
        from ..models.ranking import Ranking  # noqa: PLC0415
        from ..models.rejected import Rejected  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        destination = QuoteReadDestination.from_dict(d.pop("destination"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        incoterm = d.pop("incoterm")

        merchant_id = d.pop("merchant_id")

        objective = d.pop("objective")

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = QuoteOption.from_dict(options_item_data)

            options.append(options_item)

        rejected = []
        _rejected = d.pop("rejected")
        for rejected_item_data in _rejected:
            rejected_item = Rejected.from_dict(rejected_item_data)

            rejected.append(rejected_item)

        rules_applied = cast(list[str], d.pop("rules_applied"))

        blocked = cast(list[str], d.pop("blocked", UNSET))

        channel = d.pop("channel", UNSET)

        expired = d.pop("expired", UNSET)

        _fx = d.pop("fx", UNSET)
        fx: list[QuoteReadFxItem] | Unset = UNSET
        if _fx is not UNSET:
            fx = []
            for fx_item_data in _fx:
                fx_item = QuoteReadFxItem.from_dict(fx_item_data)

                fx.append(fx_item)

        def _parse_ranking(data: object) -> None | Ranking | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ranking_type_0 = Ranking.from_dict(data)

                return ranking_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Ranking | Unset, data)

        ranking = _parse_ranking(d.pop("ranking", UNSET))

        quote_read = cls(
            created_at=created_at,
            currency=currency,
            destination=destination,
            expires_at=expires_at,
            id=id,
            incoterm=incoterm,
            merchant_id=merchant_id,
            objective=objective,
            options=options,
            rejected=rejected,
            rules_applied=rules_applied,
            blocked=blocked,
            channel=channel,
            expired=expired,
            fx=fx,
            ranking=ranking,
        )

        quote_read.additional_properties = d
        return quote_read

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.affiliate_read import AffiliateRead
    from ..models.logistics_document_required import LogisticsDocumentRequired
    from ..models.money_model import MoneyModel
    from ..models.order_line_read import OrderLineRead
    from ..models.order_read_destination import OrderReadDestination
    from ..models.order_settlement_read import OrderSettlementRead
    from ..models.shipment_read import ShipmentRead


T = TypeVar("T", bound="OrderRead")


@_attrs_define
class OrderRead:
    """
    Attributes:
        created_at (datetime.datetime):
        delivered_at (datetime.datetime | None):
        destination (OrderReadDestination):
        fx_quote_id (None | str):
        id (str):
        lines (list[OrderLineRead]):
        merchant_id (str):
        option_id (str):
        quote_id (str):
        shipments (list[ShipmentRead]):
        status (str):
        total (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        affiliate (AffiliateRead | None | Unset):
        channel (str | Unset):  Default: 'marketplace'.
        documents (list[LogisticsDocumentRequired] | Unset): The documents the sale's rules require, with the rule set
            and version of each
        settlement (None | OrderSettlementRead | Unset):
    """

    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    destination: OrderReadDestination
    fx_quote_id: None | str
    id: str
    lines: list[OrderLineRead]
    merchant_id: str
    option_id: str
    quote_id: str
    shipments: list[ShipmentRead]
    status: str
    total: MoneyModel
    affiliate: AffiliateRead | None | Unset = UNSET
    channel: str | Unset = "marketplace"
    documents: list[LogisticsDocumentRequired] | Unset = UNSET
    settlement: None | OrderSettlementRead | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.affiliate_read import AffiliateRead  # noqa: PLC0415
        from ..models.order_settlement_read import OrderSettlementRead  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        destination = self.destination.to_dict()

        fx_quote_id: None | str
        fx_quote_id = self.fx_quote_id

        id = self.id

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        merchant_id = self.merchant_id

        option_id = self.option_id

        quote_id = self.quote_id

        shipments = []
        for shipments_item_data in self.shipments:
            shipments_item = shipments_item_data.to_dict()
            shipments.append(shipments_item)

        status = self.status

        total = self.total.to_dict()

        affiliate: dict[str, Any] | None | Unset
        if isinstance(self.affiliate, Unset):
            affiliate = UNSET
        elif isinstance(self.affiliate, AffiliateRead):
            affiliate = self.affiliate.to_dict()
        else:
            affiliate = self.affiliate

        channel = self.channel

        documents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.documents, Unset):
            documents = []
            for documents_item_data in self.documents:
                documents_item = documents_item_data.to_dict()
                documents.append(documents_item)

        settlement: dict[str, Any] | None | Unset
        if isinstance(self.settlement, Unset):
            settlement = UNSET
        elif isinstance(self.settlement, OrderSettlementRead):
            settlement = self.settlement.to_dict()
        else:
            settlement = self.settlement

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "delivered_at": delivered_at,
                "destination": destination,
                "fx_quote_id": fx_quote_id,
                "id": id,
                "lines": lines,
                "merchant_id": merchant_id,
                "option_id": option_id,
                "quote_id": quote_id,
                "shipments": shipments,
                "status": status,
                "total": total,
            }
        )
        if affiliate is not UNSET:
            field_dict["affiliate"] = affiliate
        if channel is not UNSET:
            field_dict["channel"] = channel
        if documents is not UNSET:
            field_dict["documents"] = documents
        if settlement is not UNSET:
            field_dict["settlement"] = settlement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affiliate_read import AffiliateRead  # noqa: PLC0415
        from ..models.logistics_document_required import LogisticsDocumentRequired  # noqa: PLC0415
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.order_line_read import OrderLineRead  # noqa: PLC0415
        from ..models.order_read_destination import OrderReadDestination  # noqa: PLC0415
        from ..models.order_settlement_read import OrderSettlementRead  # noqa: PLC0415
        from ..models.shipment_read import ShipmentRead  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        destination = OrderReadDestination.from_dict(d.pop("destination"))

        def _parse_fx_quote_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fx_quote_id = _parse_fx_quote_id(d.pop("fx_quote_id"))

        id = d.pop("id")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        merchant_id = d.pop("merchant_id")

        option_id = d.pop("option_id")

        quote_id = d.pop("quote_id")

        shipments = []
        _shipments = d.pop("shipments")
        for shipments_item_data in _shipments:
            shipments_item = ShipmentRead.from_dict(shipments_item_data)

            shipments.append(shipments_item)

        status = d.pop("status")

        total = MoneyModel.from_dict(d.pop("total"))

        def _parse_affiliate(data: object) -> AffiliateRead | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                affiliate_type_0 = AffiliateRead.from_dict(data)

                return affiliate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AffiliateRead | None | Unset, data)

        affiliate = _parse_affiliate(d.pop("affiliate", UNSET))

        channel = d.pop("channel", UNSET)

        _documents = d.pop("documents", UNSET)
        documents: list[LogisticsDocumentRequired] | Unset = UNSET
        if _documents is not UNSET:
            documents = []
            for documents_item_data in _documents:
                documents_item = LogisticsDocumentRequired.from_dict(documents_item_data)

                documents.append(documents_item)

        def _parse_settlement(data: object) -> None | OrderSettlementRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settlement_type_0 = OrderSettlementRead.from_dict(data)

                return settlement_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderSettlementRead | Unset, data)

        settlement = _parse_settlement(d.pop("settlement", UNSET))

        order_read = cls(
            created_at=created_at,
            delivered_at=delivered_at,
            destination=destination,
            fx_quote_id=fx_quote_id,
            id=id,
            lines=lines,
            merchant_id=merchant_id,
            option_id=option_id,
            quote_id=quote_id,
            shipments=shipments,
            status=status,
            total=total,
            affiliate=affiliate,
            channel=channel,
            documents=documents,
            settlement=settlement,
        )

        order_read.additional_properties = d
        return order_read

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

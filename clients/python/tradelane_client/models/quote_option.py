from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quote_option_duties_collected import QuoteOptionDutiesCollected
from ..models.quote_option_source import QuoteOptionSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.breakdown import Breakdown
    from ..models.delivery_window import DeliveryWindow
    from ..models.logistics_document_required import LogisticsDocumentRequired
    from ..models.money_model import MoneyModel
    from ..models.quote_option_landed_cost_type_0 import QuoteOptionLandedCostType0
    from ..models.shipment_plan import ShipmentPlan


T = TypeVar("T", bound="QuoteOption")


@_attrs_define
class QuoteOption:
    """
    Attributes:
        breakdown (Breakdown):
        delivery_window (DeliveryWindow):
        duties_collected (QuoteOptionDutiesCollected):
        explanation (str):
        id (str):
        reasons (list[str]):
        shipments (list[ShipmentPlan]):
        tags (list[str]):
        total (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        documents (list[LogisticsDocumentRequired] | Unset): Every document the option's rules require, with its rule
            version
        landed_cost (None | QuoteOptionLandedCostType0 | Unset):
        source (QuoteOptionSource | Unset):  Default: QuoteOptionSource.SHEET.
    """

    breakdown: Breakdown
    delivery_window: DeliveryWindow
    duties_collected: QuoteOptionDutiesCollected
    explanation: str
    id: str
    reasons: list[str]
    shipments: list[ShipmentPlan]
    tags: list[str]
    total: MoneyModel
    documents: list[LogisticsDocumentRequired] | Unset = UNSET
    landed_cost: None | QuoteOptionLandedCostType0 | Unset = UNSET
    source: QuoteOptionSource | Unset = QuoteOptionSource.SHEET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.quote_option_landed_cost_type_0 import QuoteOptionLandedCostType0  # noqa: PLC0415

        breakdown = self.breakdown.to_dict()

        delivery_window = self.delivery_window.to_dict()

        duties_collected = self.duties_collected.value

        explanation = self.explanation

        id = self.id

        reasons = self.reasons

        shipments = []
        for shipments_item_data in self.shipments:
            shipments_item = shipments_item_data.to_dict()
            shipments.append(shipments_item)

        tags = self.tags

        total = self.total.to_dict()

        documents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.documents, Unset):
            documents = []
            for documents_item_data in self.documents:
                documents_item = documents_item_data.to_dict()
                documents.append(documents_item)

        landed_cost: dict[str, Any] | None | Unset
        if isinstance(self.landed_cost, Unset):
            landed_cost = UNSET
        elif isinstance(self.landed_cost, QuoteOptionLandedCostType0):
            landed_cost = self.landed_cost.to_dict()
        else:
            landed_cost = self.landed_cost

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "breakdown": breakdown,
                "delivery_window": delivery_window,
                "duties_collected": duties_collected,
                "explanation": explanation,
                "id": id,
                "reasons": reasons,
                "shipments": shipments,
                "tags": tags,
                "total": total,
            }
        )
        if documents is not UNSET:
            field_dict["documents"] = documents
        if landed_cost is not UNSET:
            field_dict["landed_cost"] = landed_cost
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.breakdown import Breakdown  # noqa: PLC0415
        from ..models.delivery_window import DeliveryWindow  # noqa: PLC0415
        from ..models.logistics_document_required import LogisticsDocumentRequired  # noqa: PLC0415
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.quote_option_landed_cost_type_0 import QuoteOptionLandedCostType0  # noqa: PLC0415
        from ..models.shipment_plan import ShipmentPlan  # noqa: PLC0415

        d = dict(src_dict)
        breakdown = Breakdown.from_dict(d.pop("breakdown"))

        delivery_window = DeliveryWindow.from_dict(d.pop("delivery_window"))

        duties_collected = QuoteOptionDutiesCollected(d.pop("duties_collected"))

        explanation = d.pop("explanation")

        id = d.pop("id")

        reasons = cast(list[str], d.pop("reasons"))

        shipments = []
        _shipments = d.pop("shipments")
        for shipments_item_data in _shipments:
            shipments_item = ShipmentPlan.from_dict(shipments_item_data)

            shipments.append(shipments_item)

        tags = cast(list[str], d.pop("tags"))

        total = MoneyModel.from_dict(d.pop("total"))

        _documents = d.pop("documents", UNSET)
        documents: list[LogisticsDocumentRequired] | Unset = UNSET
        if _documents is not UNSET:
            documents = []
            for documents_item_data in _documents:
                documents_item = LogisticsDocumentRequired.from_dict(documents_item_data)

                documents.append(documents_item)

        def _parse_landed_cost(data: object) -> None | QuoteOptionLandedCostType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                landed_cost_type_0 = QuoteOptionLandedCostType0.from_dict(data)

                return landed_cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuoteOptionLandedCostType0 | Unset, data)

        landed_cost = _parse_landed_cost(d.pop("landed_cost", UNSET))

        _source = d.pop("source", UNSET)
        source: QuoteOptionSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = QuoteOptionSource(_source)

        quote_option = cls(
            breakdown=breakdown,
            delivery_window=delivery_window,
            duties_collected=duties_collected,
            explanation=explanation,
            id=id,
            reasons=reasons,
            shipments=shipments,
            tags=tags,
            total=total,
            documents=documents,
            landed_cost=landed_cost,
            source=source,
        )

        quote_option.additional_properties = d
        return quote_option

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

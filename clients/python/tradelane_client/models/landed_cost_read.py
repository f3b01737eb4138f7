from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.landed_cost_read_collected import LandedCostReadCollected
from ..models.landed_cost_read_collection import LandedCostReadCollection
from ..models.landed_cost_read_incoterm import LandedCostReadIncoterm
from ..models.landed_cost_read_supply import LandedCostReadSupply
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charge_read import ChargeRead
    from ..models.customs_document_required import CustomsDocumentRequired
    from ..models.de_minimis import DeMinimis
    from ..models.fee_line import FeeLine
    from ..models.fx_used import FxUsed
    from ..models.landed_cost_line import LandedCostLine
    from ..models.money_model import MoneyModel
    from ..models.rule_applied import RuleApplied


T = TypeVar("T", bound="LandedCostRead")


@_attrs_define
class LandedCostRead:
    """
    Attributes:
        charges (list[ChargeRead]): Each duty, tax kind and fee, its scheme and collection
        collected (LandedCostReadCollected): Where the duties, taxes and fees are collected: the scheme's rule first,
            then the incoterm (DDP: prepaid at checkout; DAP: at the border)
        collection (LandedCostReadCollection): Where the scheme collects: checkout (a point-of-sale scheme such as IOSS
            or UK VAT, or a domestic sale) or border (at import)
        currency (str):
        date (datetime.date):
        de_minimis (DeMinimis):
        destination_currency (str):
        due_at_checkout (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        due_on_delivery (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        duties (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        fee_lines (list[FeeLine]):
        fees (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        fx (list[FxUsed]):
        goods (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        incoterm (LandedCostReadIncoterm):
        lines (list[LandedCostLine]):
        notes (list[str]):
        rules_applied (list[RuleApplied]):
        scheme (None | str): The scheme that applied: import, domestic, OSS, or the point-of-sale scheme
        shipping (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
            carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
        supply (LandedCostReadSupply): domestic: shipped from inside the destination's tax territory (no customs, its
            VAT/GST)
        taxes (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        total (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
            money. Example: {'amount': '12.50', 'currency': 'USD'}.
        documents (list[CustomsDocumentRequired] | Unset): What the consignment needs, by the documents rules in force
    """

    charges: list[ChargeRead]
    collected: LandedCostReadCollected
    collection: LandedCostReadCollection
    currency: str
    date: datetime.date
    de_minimis: DeMinimis
    destination_currency: str
    due_at_checkout: MoneyModel
    due_on_delivery: MoneyModel
    duties: MoneyModel
    fee_lines: list[FeeLine]
    fees: MoneyModel
    fx: list[FxUsed]
    goods: MoneyModel
    incoterm: LandedCostReadIncoterm
    lines: list[LandedCostLine]
    notes: list[str]
    rules_applied: list[RuleApplied]
    scheme: None | str
    shipping: MoneyModel
    supply: LandedCostReadSupply
    taxes: MoneyModel
    total: MoneyModel
    documents: list[CustomsDocumentRequired] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        charges = []
        for charges_item_data in self.charges:
            charges_item = charges_item_data.to_dict()
            charges.append(charges_item)

        collected = self.collected.value

        collection = self.collection.value

        currency = self.currency

        date = self.date.isoformat()

        de_minimis = self.de_minimis.to_dict()

        destination_currency = self.destination_currency

        due_at_checkout = self.due_at_checkout.to_dict()

        due_on_delivery = self.due_on_delivery.to_dict()

        duties = self.duties.to_dict()

        fee_lines = []
        for fee_lines_item_data in self.fee_lines:
            fee_lines_item = fee_lines_item_data.to_dict()
            fee_lines.append(fee_lines_item)

        fees = self.fees.to_dict()

        fx = []
        for fx_item_data in self.fx:
            fx_item = fx_item_data.to_dict()
            fx.append(fx_item)

        goods = self.goods.to_dict()

        incoterm = self.incoterm.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        notes = self.notes

        rules_applied = []
        for rules_applied_item_data in self.rules_applied:
            rules_applied_item = rules_applied_item_data.to_dict()
            rules_applied.append(rules_applied_item)

        scheme: None | str
        scheme = self.scheme

        shipping = self.shipping.to_dict()

        supply = self.supply.value

        taxes = self.taxes.to_dict()

        total = self.total.to_dict()

        documents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.documents, Unset):
            documents = []
            for documents_item_data in self.documents:
                documents_item = documents_item_data.to_dict()
                documents.append(documents_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "charges": charges,
                "collected": collected,
                "collection": collection,
                "currency": currency,
                "date": date,
                "de_minimis": de_minimis,
                "destination_currency": destination_currency,
                "due_at_checkout": due_at_checkout,
                "due_on_delivery": due_on_delivery,
                "duties": duties,
                "fee_lines": fee_lines,
                "fees": fees,
                "fx": fx,
                "goods": goods,
                "incoterm": incoterm,
                "lines": lines,
                "notes": notes,
                "rules_applied": rules_applied,
                "scheme": scheme,
                "shipping": shipping,
                "supply": supply,
                "taxes": taxes,
                "total": total,
            }
        )
        if documents is not UNSET:
            field_dict["documents"] = documents

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charge_read import ChargeRead  # noqa: PLC0415
        from ..models.customs_document_required import CustomsDocumentRequired  # noqa: PLC0415
        from ..models.de_minimis import DeMinimis  # noqa: PLC0415
        from ..models.fee_line import FeeLine  # noqa: PLC0415
        from ..models.fx_used import FxUsed  # noqa: PLC0415
        from ..models.landed_cost_line import LandedCostLine  # noqa: PLC0415
        from ..models.money_model import MoneyModel  # noqa: PLC0415
        from ..models.rule_applied import RuleApplied  # noqa: PLC0415

        d = dict(src_dict)
        charges = []
        _charges = d.pop("charges")
        for charges_item_data in _charges:
            charges_item = ChargeRead.from_dict(charges_item_data)

            charges.append(charges_item)

        collected = LandedCostReadCollected(d.pop("collected"))

        collection = LandedCostReadCollection(d.pop("collection"))

        currency = d.pop("currency")

        date = datetime.date.fromisoformat(d.pop("date"))

        de_minimis = DeMinimis.from_dict(d.pop("de_minimis"))

        destination_currency = d.pop("destination_currency")

        due_at_checkout = MoneyModel.from_dict(d.pop("due_at_checkout"))

        due_on_delivery = MoneyModel.from_dict(d.pop("due_on_delivery"))

        duties = MoneyModel.from_dict(d.pop("duties"))

        fee_lines = []
        _fee_lines = d.pop("fee_lines")
        for fee_lines_item_data in _fee_lines:
            fee_lines_item = FeeLine.from_dict(fee_lines_item_data)

            fee_lines.append(fee_lines_item)

        fees = MoneyModel.from_dict(d.pop("fees"))

        fx = []
        _fx = d.pop("fx")
        for fx_item_data in _fx:
            fx_item = FxUsed.from_dict(fx_item_data)

            fx.append(fx_item)

        goods = MoneyModel.from_dict(d.pop("goods"))

        incoterm = LandedCostReadIncoterm(d.pop("incoterm"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LandedCostLine.from_dict(lines_item_data)

            lines.append(lines_item)

        notes = cast(list[str], d.pop("notes"))

        rules_applied = []
        _rules_applied = d.pop("rules_applied")
        for rules_applied_item_data in _rules_applied:
            rules_applied_item = RuleApplied.from_dict(rules_applied_item_data)

            rules_applied.append(rules_applied_item)

        def _parse_scheme(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scheme = _parse_scheme(d.pop("scheme"))

        shipping = MoneyModel.from_dict(d.pop("shipping"))

        supply = LandedCostReadSupply(d.pop("supply"))

        taxes = MoneyModel.from_dict(d.pop("taxes"))

        total = MoneyModel.from_dict(d.pop("total"))

        _documents = d.pop("documents", UNSET)
        documents: list[CustomsDocumentRequired] | Unset = UNSET
        if _documents is not UNSET:
            documents = []
            for documents_item_data in _documents:
                documents_item = CustomsDocumentRequired.from_dict(documents_item_data)

                documents.append(documents_item)

        landed_cost_read = cls(
            charges=charges,
            collected=collected,
            collection=collection,
            currency=currency,
            date=date,
            de_minimis=de_minimis,
            destination_currency=destination_currency,
            due_at_checkout=due_at_checkout,
            due_on_delivery=due_on_delivery,
            duties=duties,
            fee_lines=fee_lines,
            fees=fees,
            fx=fx,
            goods=goods,
            incoterm=incoterm,
            lines=lines,
            notes=notes,
            rules_applied=rules_applied,
            scheme=scheme,
            shipping=shipping,
            supply=supply,
            taxes=taxes,
            total=total,
            documents=documents,
        )

        landed_cost_read.additional_properties = d
        return landed_cost_read

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_model import MoneyModel


T = TypeVar("T", bound="OrderSettlementRead")


@_attrs_define
class OrderSettlementRead:
    """Where the payment went, in the order's currency: goods + shipping + duties + import_taxes + fx_markup
    = the amount paid; merchant_net = goods - commission - affiliate_commission - fulfilment_fees.

        Attributes:
            affiliate_commission (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float
                ever carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            collected_by (str):
            commission (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            duties (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
                money. Example: {'amount': '12.50', 'currency': 'USD'}.
            fulfilment_fees (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            fx_markup (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            goods (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries
                money. Example: {'amount': '12.50', 'currency': 'USD'}.
            import_taxes (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            merchant_net (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            merchant_net_settled (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float
                ever carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            platform_commission (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float
                ever carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            processing (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            shipping (MoneyModel): Money on the wire. `amount` is a string; a JSON number is refused so no float ever
                carries money. Example: {'amount': '12.50', 'currency': 'USD'}.
            tax_jurisdiction (None | str):
            tax_scheme (None | str):
    """

    affiliate_commission: MoneyModel
    collected_by: str
    commission: MoneyModel
    duties: MoneyModel
    fulfilment_fees: MoneyModel
    fx_markup: MoneyModel
    goods: MoneyModel
    import_taxes: MoneyModel
    merchant_net: MoneyModel
    merchant_net_settled: MoneyModel
    platform_commission: MoneyModel
    processing: MoneyModel
    shipping: MoneyModel
    tax_jurisdiction: None | str
    tax_scheme: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliate_commission = self.affiliate_commission.to_dict()

        collected_by = self.collected_by

        commission = self.commission.to_dict()

        duties = self.duties.to_dict()

        fulfilment_fees = self.fulfilment_fees.to_dict()

        fx_markup = self.fx_markup.to_dict()

        goods = self.goods.to_dict()

        import_taxes = self.import_taxes.to_dict()

        merchant_net = self.merchant_net.to_dict()

        merchant_net_settled = self.merchant_net_settled.to_dict()

        platform_commission = self.platform_commission.to_dict()

        processing = self.processing.to_dict()

        shipping = self.shipping.to_dict()

        tax_jurisdiction: None | str
        tax_jurisdiction = self.tax_jurisdiction

        tax_scheme: None | str
        tax_scheme = self.tax_scheme

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliate_commission": affiliate_commission,
                "collected_by": collected_by,
                "commission": commission,
                "duties": duties,
                "fulfilment_fees": fulfilment_fees,
                "fx_markup": fx_markup,
                "goods": goods,
                "import_taxes": import_taxes,
                "merchant_net": merchant_net,
                "merchant_net_settled": merchant_net_settled,
                "platform_commission": platform_commission,
                "processing": processing,
                "shipping": shipping,
                "tax_jurisdiction": tax_jurisdiction,
                "tax_scheme": tax_scheme,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_model import MoneyModel  # noqa: PLC0415

        d = dict(src_dict)
        affiliate_commission = MoneyModel.from_dict(d.pop("affiliate_commission"))

        collected_by = d.pop("collected_by")

        commission = MoneyModel.from_dict(d.pop("commission"))

        duties = MoneyModel.from_dict(d.pop("duties"))

        fulfilment_fees = MoneyModel.from_dict(d.pop("fulfilment_fees"))

        fx_markup = MoneyModel.from_dict(d.pop("fx_markup"))

        goods = MoneyModel.from_dict(d.pop("goods"))

        import_taxes = MoneyModel.from_dict(d.pop("import_taxes"))

        merchant_net = MoneyModel.from_dict(d.pop("merchant_net"))

        merchant_net_settled = MoneyModel.from_dict(d.pop("merchant_net_settled"))

        platform_commission = MoneyModel.from_dict(d.pop("platform_commission"))

        processing = MoneyModel.from_dict(d.pop("processing"))

        shipping = MoneyModel.from_dict(d.pop("shipping"))

        def _parse_tax_jurisdiction(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tax_jurisdiction = _parse_tax_jurisdiction(d.pop("tax_jurisdiction"))

        def _parse_tax_scheme(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tax_scheme = _parse_tax_scheme(d.pop("tax_scheme"))

        order_settlement_read = cls(
            affiliate_commission=affiliate_commission,
            collected_by=collected_by,
            commission=commission,
            duties=duties,
            fulfilment_fees=fulfilment_fees,
            fx_markup=fx_markup,
            goods=goods,
            import_taxes=import_taxes,
            merchant_net=merchant_net,
            merchant_net_settled=merchant_net_settled,
            platform_commission=platform_commission,
            processing=processing,
            shipping=shipping,
            tax_jurisdiction=tax_jurisdiction,
            tax_scheme=tax_scheme,
        )

        order_settlement_read.additional_properties = d
        return order_settlement_read

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

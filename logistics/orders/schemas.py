"""Request and response bodies of orders, shipments, tracking events, returns and return analytics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, model_validator

from compliance.topics.market import SalesChannel
from core.limits import EventTime
from core.money import MoneyModel, PositiveMoney
from logistics.schemas import DocumentRequired

ShipmentStatus = Literal[
    "pending",
    "picked_up",
    "in_transit",
    "customs_hold",
    "customs_cleared",
    "out_for_delivery",
    "delivered",
    "delivery_failed",
    "returned_to_sender",
    "lost",
]
IncidentReason = Literal[
    "customs_delay",
    "customs_documents",
    "duties_unpaid",
    "prohibited",
    "address_issue",
    "recipient_absent",
    "damaged",
    "weather",
    "carrier_delay",
    "other",
]
ReturnReason = Literal["wrong_size", "damaged", "not_as_described", "changed_mind", "late", "other"]
Id = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: PositiveMoney
    provider: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = Field(
        description='The payment provider, compared case-insensitively: "Stripe" is "stripe"'
    )
    reference: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = Field(
        description="The provider's payment id, compared exactly (Stripe's ids are case-sensitive). "
        "A (provider, reference) pair backs one order: reusing it is a 409 `payment-already-used`."
    )


class AffiliateIn(BaseModel):
    """The creator who brought the order. Its rate comes from the merchant's affiliate plans (targeted for
    the creator, else open, else the policy's); `plan` and `rate_bps` are kept for shops that state a
    targeted rate agreed outside Tradelane: it applies when the merchant has no targeted plan for the
    creator, and must match the plan's rate when it has one."""

    model_config = ConfigDict(extra="forbid")

    creator_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    rate_bps: int | None = Field(default=None, ge=0, le=5000)
    plan: Literal["targeted", "open"] = "open"

    @model_validator(mode="after")
    def _rate_for_targeted(self) -> AffiliateIn:
        if self.plan == "targeted" and self.rate_bps is None:
            raise ValueError("a targeted plan needs rate_bps")
        if self.plan == "open" and self.rate_bps is not None:
            raise ValueError("the open plan uses the policy's rate: leave rate_bps out")
        return self


class AffiliateRead(BaseModel):
    """The creator of an order and the rate it earns: `plan` says where the rate came from (`targeted`,
    `open`, `policy`, or `order` for a rate the shop stated), `plan_id` and `scope` (`sku`, `category`,
    `all`) which plan and which of its rates."""

    creator_id: str
    rate_bps: int | None = None
    plan: str
    plan_id: str | None = None
    scope: str | None = None


class OrderCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "quote_id": "quo_01JF8Z3K9V6Q2W4X5Y7Z8A9B0C",
                    "option_id": "qopt_01JF8Z3K9V6Q2W4X5Y7Z8A9B0D",
                    "payment": {
                        "amount": {"amount": "54.90", "currency": "EUR"},
                        "provider": "stripe",
                        "reference": "pi_3PqLx2Ez9aB7cD1e0F4gH5iJ",
                    },
                }
            ]
        },
    )

    quote_id: Id
    option_id: Id
    payment: PaymentIn
    affiliate: AffiliateIn | None = None
    channel: SalesChannel | None = Field(
        default=None,
        description="Where the sale happens; the quote's channel when left out. The rules in force for it "
        "are asked again as the order is placed",
    )


class Window(BaseModel):
    earliest: date
    likely: date
    latest: date


class ShipmentEventIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "event_id": "dhl-7781203-0004",
                    "status": "customs_hold",
                    "occurred_at": "2026-03-04T06:12:00Z",
                    "reason": "customs_documents",
                    "location": "Leipzig hub, DE",
                }
            ]
        },
    )

    event_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    status: ShipmentStatus
    occurred_at: EventTime
    reason: IncidentReason | None = None
    location: Annotated[str, StringConstraints(max_length=200)] = ""


class ShipmentEventRead(BaseModel):
    event_id: str
    status: str
    reason: str | None
    location: str
    occurred_at: datetime
    applied: bool


class ShipmentRead(BaseModel):
    id: str
    order_id: str
    merchant_id: str
    warehouse_id: str
    carrier: str
    service: str
    origin_country: str
    destination_country: str
    items: list[dict[str, Any]]
    status: str
    reason: str | None
    tracking_number: str | None
    label: dict[str, Any] | None
    declaration: dict[str, Any] | None
    booking_messages: list[str]
    quoted_window: Window
    window: Window
    delivered_at: datetime | None
    events: list[ShipmentEventRead] = []
    duplicate: bool = False


class OrderLineRead(BaseModel):
    sku: str
    category: str
    quantity: int
    unit_price: MoneyModel
    returned_quantity: int


class OrderSettlementRead(BaseModel):
    """Where the payment went, in the order's currency: goods + shipping + duties + import_taxes + fx_markup
    = the amount paid; merchant_net = goods - commission - affiliate_commission - fulfilment_fees."""

    goods: MoneyModel
    shipping: MoneyModel
    duties: MoneyModel
    import_taxes: MoneyModel
    fx_markup: MoneyModel
    commission: MoneyModel = Field(description="platform commission and payment processing")
    platform_commission: MoneyModel
    processing: MoneyModel
    affiliate_commission: MoneyModel
    fulfilment_fees: MoneyModel = Field(description="charged when the order ships and returns are received")
    merchant_net: MoneyModel
    merchant_net_settled: MoneyModel = Field(description="the merchant's net in its settlement currency")
    collected_by: str
    tax_jurisdiction: str | None
    tax_scheme: str | None


class OrderRead(BaseModel):
    id: str
    merchant_id: str
    quote_id: str
    option_id: str
    status: str
    total: MoneyModel
    destination: dict[str, Any]
    channel: str = "marketplace"
    fx_quote_id: str | None
    lines: list[OrderLineRead]
    shipments: list[ShipmentRead]
    created_at: datetime
    delivered_at: datetime | None
    settlement: OrderSettlementRead | None = None
    affiliate: AffiliateRead | None = None
    documents: list[DocumentRequired] = Field(
        default_factory=list,
        description="The documents the sale's rules require, with the rule set and version of each",
    )


class ReturnItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    quantity: int = Field(ge=1, le=10_000)
    reason: ReturnReason = "other"


class ReturnCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "order_id": "ord_01JF8Z3K9V6Q2W4X5Y7Z8A9B0C",
                    "items": [{"sku": "TEE-BASIC-M", "quantity": 1, "reason": "wrong_size"}],
                }
            ]
        },
    )

    order_id: Id
    items: list[ReturnItemIn] = Field(max_length=100)


class ReturnReceive(BaseModel):
    model_config = ConfigDict(extra="forbid")

    restockable_quantity: dict[str, Annotated[int, Field(ge=0, le=10_000)]] = {}
    """Units per SKU that inspection found fit to sell again: they go back on hand."""
    refundable_quantity: dict[str, Annotated[int, Field(ge=0, le=10_000)]] | None = None
    """Units per SKU to refund; a SKU left out is refunded none. Unset: every returned unit (full refund)."""
    reject: StrictBool = False
    """True when inspection refuses the return: nothing is refunded."""


class ReturnLineRead(BaseModel):
    sku: str
    category: str
    quantity: int
    reason: str
    restocked: int
    refunded: int


class ReturnLabelRead(BaseModel):
    """The label that takes the parcel back to the centre, booked with the carrier after the commit."""

    carrier_code: str | None
    service_code: str | None
    tracking_number: str | None
    """None until booked (or when the carrier refused: see `messages`)."""
    label: dict[str, Any] | None
    booked_at: datetime | None
    messages: list[str]


class ReturnRead(BaseModel):
    id: str
    order_id: str
    merchant_id: str
    status: str
    resolution: str
    warehouse: str | None
    items_value: MoneyModel
    return_cost: MoneyModel
    refund: MoneyModel
    explanation: str
    items: list[ReturnLineRead]
    return_label: ReturnLabelRead | None
    created_at: datetime
    refunded_at: datetime | None


class ReturnRateRow(BaseModel):
    key: str
    orders: int
    units_sold: int
    units_returned: int
    rate: float
    top_reasons: list[str]
    flagged: bool


class ReturnAnalytics(BaseModel):
    group_by: str
    threshold: float
    data: list[ReturnRateRow]


class TrackingPushRead(BaseModel):
    """What a carrier's push did: its shipment, the events recorded anew and those already known."""

    shipment: str
    new: int
    duplicates: int

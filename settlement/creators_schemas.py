"""Request and response bodies of creators (payees beside merchants), affiliate plans and slot fees."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from core.creators import CreatorCreate, CreatorRead
from core.limits import WindowDateTime
from core.models import TraderVerification
from core.money import Money, MoneyModel, PositiveMoney
from settlement.affiliates import Plan
from settlement.models import AffiliatePlanKind, SlotFee
from settlement.schemas import PayoutSettingChangeRead, PayoutSettingsRead, PayoutSettingsUpdate

Bps = Annotated[int, Field(ge=0, le=10_000)]
Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class CreatorOnboard(CreatorCreate):
    """A creator and, optionally, its payout settings (the body of `PUT /v1/payout-settings`)."""

    payout_settings: PayoutSettingsUpdate | None = None


class CreatorUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    verification: TraderVerification | None = Field(
        default=None, description="Identity verification: payouts of an unverified creator are held"
    )


class CreatorOnboarded(CreatorRead):
    payout_settings: PayoutSettingsRead | None = None
    payout_setting_change: PayoutSettingChangeRead | None = None
    """A part of the settings waiting for approval (a hold below the policy's minimum)."""


class CreatorList(BaseModel):
    data: list[CreatorRead]
    has_more: bool


class AffiliatePlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    merchant_id: str | None = Field(
        default=None, max_length=40, description="Admin: the merchant publishing; a merchant key: itself"
    )
    kind: AffiliatePlanKind
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    creators: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=500, description="A targeted plan's creators (an open plan: none)"
    )
    rate_bps: Bps | None = Field(default=None, description="The rate for every sale no other rate names")
    categories: dict[Key, Bps] = Field(default_factory=dict, description="Rates per category")
    products: dict[Key, Bps] = Field(default_factory=dict, description="Rates per product, by SKU")
    effective_from: WindowDateTime | None = Field(
        default=None, description="Now by default; never in the past"
    )
    effective_to: WindowDateTime | None = None


class AffiliatePlanRead(BaseModel):
    id: str
    merchant_id: str
    kind: AffiliatePlanKind
    name: str
    creators: list[str]
    """A targeted plan's creators (a creator reading it sees itself only)."""
    rate_bps: int | None
    categories: dict[str, int]
    products: dict[str, int]
    effective_from: datetime
    effective_to: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, plan: Plan, *, creator_id: str | None = None) -> AffiliatePlanRead:
        r = plan.row
        creators = [c for c in plan.creators if creator_id is None or c == creator_id]
        return cls(
            id=r.id,
            merchant_id=r.merchant_id,
            kind=AffiliatePlanKind(r.kind),
            name=r.name,
            creators=creators,
            rate_bps=plan.rates.get(("all", "")),
            categories={v: bps for (scope, v), bps in sorted(plan.rates.items()) if scope == "category"},
            products={v: bps for (scope, v), bps in sorted(plan.rates.items()) if scope == "sku"},
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            created_at=r.created_at,
        )


class AffiliatePlanList(BaseModel):
    data: list[AffiliatePlanRead]
    has_more: bool


class SlotFeeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    merchant_id: str | None = Field(
        default=None, max_length=40, description="Admin: the merchant charged; a merchant key: itself"
    )
    creator_id: str = Field(min_length=1, max_length=40)
    campaign: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    amount: PositiveMoney
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class SlotFeeRead(BaseModel):
    id: str
    merchant_id: str
    creator_id: str
    campaign: str
    amount: MoneyModel
    note: str
    transaction: int
    """The ledger transaction: merchant available -> creator available."""
    created_at: datetime
    status: Literal["charged"] = "charged"

    @classmethod
    def of(cls, fee: SlotFee) -> SlotFeeRead:
        return cls(
            id=fee.id,
            merchant_id=fee.merchant_id,
            creator_id=fee.creator_id,
            campaign=fee.campaign,
            amount=MoneyModel.of(Money.from_minor(fee.amount_minor, fee.currency)),
            note=fee.note,
            transaction=fee.txn_id,
            created_at=fee.created_at,
        )


class SlotFeeList(BaseModel):
    data: list[SlotFeeRead]
    has_more: bool

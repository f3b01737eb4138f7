"""Creators as payees: onboarding (admin), affiliate plans (merchants publish, creators read what is offered
to them) and slot fees (a merchant charged for a creator's campaign). A creator's balance, payouts, lines,
statements and payout settings are the same endpoints as a merchant's (`settlement.api`).

Who sees what: an admin, everything; a merchant, its own plans and slot fees and no creator's profile; a
creator, itself, the open plans, the targeted plans naming it (without the other creators they name) and its
own slot fees. Another's object is a 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Response

from core.auth import Principal
from core.creators import CreatorRead, get_creator, list_creators
from core.errors import InvalidInput
from core.http import AdminPrincipal, SessionDep, api_router, requires
from core.idempotency import HEADER
from core.models import Role
from core.pagination import PageDep
from settlement import affiliates, creators, slot_fees
from settlement.creators_schemas import (
    AffiliatePlanCreate,
    AffiliatePlanList,
    AffiliatePlanRead,
    CreatorList,
    CreatorOnboard,
    CreatorOnboarded,
    CreatorUpdate,
    SlotFeeCreate,
    SlotFeeList,
    SlotFeeRead,
)
from settlement.models import AffiliatePlanKind
from settlement.schemas import PayoutSettingChangeRead, PayoutSettingsRead

router = api_router(prefix="/v1", tags=["creators"])

CreatorOrAdmin = Annotated[Principal, Depends(requires(Role.creator, Role.admin))]
MerchantOrAdmin = Annotated[Principal, Depends(requires(Role.merchant, Role.admin))]
Party = Annotated[Principal, Depends(requires(Role.merchant, Role.creator, Role.admin))]
MerchantQuery = Annotated[str | None, Query(max_length=40, description="Admin: this merchant's only")]
CreatorQuery = Annotated[str | None, Query(max_length=40, description="Admin: this creator's only")]
IdempotencyKey = Annotated[str | None, Header(alias=HEADER, max_length=255)]


def _acting_merchant(principal: Principal, named: str | None) -> str:
    """The merchant a plan or slot fee is for: a merchant key's own (naming another merchant is a 404), or
    the one an admin names."""
    merchant_id = principal.merchant_scope(named)
    if not merchant_id:
        raise InvalidInput.for_field("merchant_id", "name the merchant")
    return merchant_id


def _scopes(principal: Principal, merchant_id: str | None, creator_id: str | None) -> tuple[str | None, ...]:
    """(merchant, creator) a list is limited to: a merchant's or creator's own; an admin's filters."""
    if principal.role is Role.merchant:
        return principal.merchant_id, None
    if principal.role is Role.creator:
        return None, principal.creator_id
    return merchant_id, creator_id


# --- creators ---------------------------------------------------------------------------------------------


@router.post("/creators", status_code=201, summary="Onboard a creator with its payout settings (admin)")
def post_creator(session: SessionDep, principal: AdminPrincipal, data: CreatorOnboard) -> CreatorOnboarded:
    done = creators.onboard_creator(
        session, data=data, payout_settings=data.payout_settings, actor=principal.actor_id
    )
    return CreatorOnboarded(
        **CreatorRead.model_validate(done.creator).model_dump(),
        payout_settings=PayoutSettingsRead.of(done.settings) if done.settings else None,
        payout_setting_change=PayoutSettingChangeRead.of(done.change) if done.change else None,
    )


@router.get("/creators", summary="Creators, newest first (admin)")
def get_creators(session: SessionDep, _: AdminPrincipal, page: PageDep) -> CreatorList:
    rows, more = list_creators(session, page=page)
    return CreatorList(data=[CreatorRead.model_validate(c) for c in rows], has_more=more)


@router.get("/creators/{creator_id}", summary="One creator (admin, or that creator)")
def get_one_creator(session: SessionDep, principal: CreatorOrAdmin, creator_id: str) -> CreatorRead:
    return CreatorRead.model_validate(get_creator(session, creator_id=creator_id, principal=principal))


@router.patch("/creators/{creator_id}", summary="Change a creator's name or verification (admin)")
def patch_creator(
    session: SessionDep, _: AdminPrincipal, creator_id: str, data: CreatorUpdate
) -> CreatorRead:
    return CreatorRead.model_validate(
        creators.update_creator(
            session, creator_id=creator_id, name=data.name, verification=data.verification
        )
    )


# --- affiliate plans --------------------------------------------------------------------------------------


@router.post(
    "/affiliate-plans",
    status_code=201,
    summary="Publish an affiliate plan: an open rate, or targeted rates for named creators",
    description=(
        "Rates per product (SKU), per category, and for every other sale (`rate_bps`), in force from "
        "`effective_from` (now) to `effective_to` (open-ended). An order's creator earns the rate of the "
        "merchant's targeted plan naming it, else of its open plan (product, then category, then every "
        "sale), else the policy's open-plan rate; a later plan supersedes an earlier one for the scopes it "
        "names, and an order keeps the rate it was placed under. A merchant publishes for itself; an admin "
        "for any."
    ),
)
def post_affiliate_plan(
    session: SessionDep, principal: MerchantOrAdmin, data: AffiliatePlanCreate
) -> AffiliatePlanRead:
    spec = affiliates.PlanSpec(
        merchant_id=_acting_merchant(principal, data.merchant_id),
        kind=AffiliatePlanKind(data.kind),
        name=data.name,
        creators=data.creators,
        rate_bps=data.rate_bps,
        categories=dict(data.categories),
        products=dict(data.products),
        effective_from=data.effective_from,
        effective_to=data.effective_to,
    )
    return AffiliatePlanRead.of(affiliates.publish_plan(session, spec=spec, actor=principal.actor_id))


@router.get("/affiliate-plans", summary="Affiliate plans, newest first (a creator: those offered to it)")
def get_affiliate_plans(
    session: SessionDep,
    principal: Party,
    page: PageDep,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> AffiliatePlanList:
    merchant, creator = _scopes(principal, merchant_id, creator_id)
    rows, more = affiliates.list_plans(session, merchant_id=merchant, creator_id=creator, page=page)
    seen_by = principal.creator_id if principal.role is Role.creator else None
    return AffiliatePlanList(data=[AffiliatePlanRead.of(p, creator_id=seen_by) for p in rows], has_more=more)


@router.get("/affiliate-plans/{plan_id}", summary="One affiliate plan")
def get_affiliate_plan(session: SessionDep, principal: Party, plan_id: str) -> AffiliatePlanRead:
    merchant, creator = _scopes(principal, None, None)
    plan = affiliates.get_plan(session, plan_id=plan_id, merchant_id=merchant, creator_id=creator)
    return AffiliatePlanRead.of(plan, creator_id=creator)


# --- slot fees --------------------------------------------------------------------------------------------


@router.post(
    "/slot-fees",
    status_code=201,
    summary="Charge a merchant a creator's slot fee for a campaign (merchant: itself; admin)",
    description=(
        "The amount leaves the merchant's available balance (never more than it has available: 409) and is "
        "credited to the creator's available balance, paid in the next settlement run. Once per "
        "Idempotency-Key (or, without one, per creator and campaign): a replay answers the first fee (200)."
    ),
    responses={200: {"model": SlotFeeRead, "description": "The fee charged before under this key"}},
)
def post_slot_fee(
    session: SessionDep,
    principal: MerchantOrAdmin,
    data: SlotFeeCreate,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> SlotFeeRead:
    done = slot_fees.charge_slot_fee(
        session,
        merchant_id=_acting_merchant(principal, data.merchant_id),
        creator_id=data.creator_id,
        campaign=data.campaign,
        amount=data.amount.to_money(),
        key=idempotency_key,
        note=data.note,
        actor=principal.actor_id,
    )
    if not done.created:
        response.status_code = 200
    return SlotFeeRead.of(done.fee)


@router.get("/slot-fees", summary="Slot fees, newest first (a merchant: charged to it; a creator: its own)")
def get_slot_fees(
    session: SessionDep,
    principal: Party,
    page: PageDep,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> SlotFeeList:
    merchant, creator = _scopes(principal, merchant_id, creator_id)
    rows, more = slot_fees.list_slot_fees(session, merchant_id=merchant, creator_id=creator, page=page)
    return SlotFeeList(data=[SlotFeeRead.of(f) for f in rows], has_more=more)


@router.get("/slot-fees/{fee_id}", summary="One slot fee")
def get_slot_fee(session: SessionDep, principal: Party, fee_id: str) -> SlotFeeRead:
    merchant, creator = _scopes(principal, None, None)
    return SlotFeeRead.of(
        slot_fees.get_slot_fee(session, fee_id=fee_id, merchant_id=merchant, creator_id=creator)
    )

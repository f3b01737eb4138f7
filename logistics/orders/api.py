"""Orders, shipments and tracking events, returns and return analytics."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request

from core.auth import Principal
from core.http import AdminPrincipal, SessionDep, ShopPrincipal, api_router, requires
from core.limits import WindowDateTime
from core.models import Role
from core.openapi import problems
from logistics import analytics
from logistics.analytics import GroupBy
from logistics.orders import returns, shipments, tracking
from logistics.orders import service as orders
from logistics.orders.schemas import (
    OrderCreate,
    OrderRead,
    ReturnAnalytics,
    ReturnCreate,
    ReturnRead,
    ReturnReceive,
    ShipmentEventIn,
    ShipmentRead,
    TrackingPushRead,
)

router = api_router(prefix="/v1")
Id = Annotated[str, Path(max_length=40)]
Reader = Annotated[Principal, Depends(requires(Role.shop, Role.admin, Role.merchant))]
"""Orders, shipments and returns are read by the shop, admins and the merchant whose they are."""
Analyst = Annotated[Principal, Depends(requires(Role.admin, Role.merchant))]


@router.post(
    "/orders",
    status_code=201,
    tags=["orders"],
    summary="Place a paid order from a quote option",
    responses=problems(410),
)
def create_order(session: SessionDep, who: ShopPrincipal, data: OrderCreate) -> OrderRead:
    return orders.create_order(session, principal=who, data=data)


@router.get("/orders/{order_id}", tags=["orders"], summary="An order with its shipments")
def get_order(session: SessionDep, who: Reader, order_id: Id) -> OrderRead:
    return orders.get_order(session, principal=who, order_id=order_id)


@router.get("/shipments/{shipment_id}", tags=["orders"], summary="A shipment, its events and its window")
def get_shipment(session: SessionDep, who: Reader, shipment_id: Id) -> ShipmentRead:
    return shipments.get_shipment(session, principal=who, shipment_id=shipment_id)


@router.post("/shipments/{shipment_id}/events", tags=["orders"], summary="A carrier's tracking event (admin)")
def record_event(
    session: SessionDep, _: AdminPrincipal, shipment_id: Id, data: ShipmentEventIn
) -> ShipmentRead:
    return shipments.record_event(session, shipment_id=shipment_id, data=data)


async def _raw_body(request: Request) -> bytes:
    return await request.body()


@router.post(
    "/carriers/{carrier}/webhooks",
    tags=["orders"],
    summary="A carrier's tracking push (its webhook secret in X-Webhook-Secret; no API key)",
    responses=problems(401, 404),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "description": "A tracker in karrio's unified form"}
                }
            },
        }
    },
)
def post_carrier_webhook(
    session: SessionDep,
    carrier: Annotated[str, Path(min_length=1, max_length=40)],
    body: Annotated[bytes, Depends(_raw_body)],
    secret: Annotated[str | None, Header(alias="X-Webhook-Secret", max_length=200)] = None,
) -> TrackingPushRead:
    return tracking.carrier_push(session, carrier_code=carrier, secret=secret, body=body)


@router.post("/returns", status_code=201, tags=["returns"], summary="Ask to return items of an order")
def create_return(session: SessionDep, who: ShopPrincipal, data: ReturnCreate) -> ReturnRead:
    return returns.create_return(session, principal=who, data=data)


@router.get("/returns/{return_id}", tags=["returns"], summary="A return")
def get_return(session: SessionDep, who: Reader, return_id: Id) -> ReturnRead:
    return returns.get_return(session, principal=who, return_id=return_id)


@router.post("/returns/{return_id}/ship", tags=["returns"], summary="The return parcel is on its way (admin)")
def ship_return(session: SessionDep, _: AdminPrincipal, return_id: Id) -> ReturnRead:
    return returns.ship_return(session, return_id=return_id)


@router.post("/returns/{return_id}/receive", tags=["returns"], summary="The centre received a return (admin)")
def receive_return(session: SessionDep, _: AdminPrincipal, return_id: Id, data: ReturnReceive) -> ReturnRead:
    return returns.receive_return(session, return_id=return_id, data=data)


@router.get(
    "/analytics/returns",
    tags=["returns"],
    summary="Return rates (merchants: their own)",
    operation_id="getReturnAnalytics",
)
def return_analytics(
    session: SessionDep,
    who: Analyst,
    group_by: GroupBy = "category",
    start: Annotated[WindowDateTime | None, Query(alias="from")] = None,
    end: Annotated[WindowDateTime | None, Query(alias="to")] = None,
    merchant_id: str | None = None,
    threshold: Annotated[Decimal | None, Query(gt=0, le=1)] = None,
) -> ReturnAnalytics:
    return analytics.return_analytics(
        session,
        principal=who,
        group_by=group_by,
        start=start,
        end=end,
        merchant_id=merchant_id,
        threshold=threshold,
    )

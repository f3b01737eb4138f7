"""The events feed and webhook endpoints: `/v1/events`, `/v1/event-types`, `/v1/webhook-endpoints`.

Every role may read the feed and keep endpoints, each limited to what it sees elsewhere: a merchant (or a
creator) the events about itself; a shop, a compliance officer or an admin the types its role reads
(`core.events.readable_types`). A merchant's endpoints are its own; a shop's are shared by the shop keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Body, Path, Query, Request
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from core import events, idempotency, webhooks
from core.http import PrincipalDep, SessionDep, api_router
from core.limits import WindowDateTime
from core.models import DeliveryStatus, EndpointStatus, Role
from core.pagination import Page, PageDep

router = api_router(prefix="/v1")
Id = Annotated[str, Path(max_length=40)]
EventTypeName = Annotated[str, Field(min_length=1, max_length=60)]


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    type: str
    subject_id: str = Field(description="The object the event is about")
    merchant_id: str | None
    creator_id: str | None
    created_at: datetime
    data: dict[str, Any] = Field(description="The object (or the change) as the event reports it")


class EventTypeRead(BaseModel):
    name: str
    description: str
    roles: list[Role] = Field(
        description="Roles that receive it; `merchant` and `creator` only for the events about them"
    )


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=2000, description="An http(s) URL of a public host")
    event_types: list[EventTypeName] = Field(
        min_length=1,
        max_length=50,
        validation_alias=AliasChoices("event_types", "events"),
        description="Event types to deliver (`GET /v1/event-types`), or `*`; also taken as `events`",
    )
    description: str = Field(default="", max_length=200)


class WebhookEndpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    url: str
    description: str
    event_types: list[str]
    status: EndpointStatus
    failing_since: datetime | None
    owner_role: Role
    merchant_id: str | None
    creator_id: str | None
    created_at: datetime


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str | None = Field(
        description="The signing secret (`whsec_...`, Standard Webhooks), shown this once: a replay of the"
        " creation (same `Idempotency-Key`) answers null and a `note`, since the secret is stored nowhere"
    )
    note: str | None = None


class WebhookDeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    endpoint_id: str
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    response_status: int | None
    error: str | None
    duration_ms: int | None
    replay_of: str | None
    created_at: datetime


@router.get("/events", tags=["events"], summary="Events this key may see, newest first")
def list_events(
    session: SessionDep,
    who: PrincipalDep,
    page: PageDep,
    type: Annotated[list[EventTypeName] | None, Query(max_length=20, description="Only these types")] = None,
    since: Annotated[WindowDateTime | None, Query(description="Created at or after")] = None,
    until: Annotated[WindowDateTime | None, Query(description="Created before")] = None,
) -> Page[EventRead]:
    """A client catching up after an outage asks for the events since a little before the last one it has,
    and pages back with `starting_after` until `has_more` is false."""
    rows, more = events.list_events(
        session, principal=who, page=page, types=type or (), since=since, until=until
    )
    return Page(data=[EventRead.model_validate(e) for e in rows], has_more=more)


@router.get("/events/{event_id}", tags=["events"], summary="One event")
def get_event(session: SessionDep, who: PrincipalDep, event_id: Id) -> EventRead:
    return EventRead.model_validate(events.get_event(session, principal=who, event_id=event_id))


@router.get("/event-types", tags=["events"], summary="The event types this key's role receives")
def list_event_types(who: PrincipalDep) -> dict[str, list[EventTypeRead]]:
    return {
        "data": [
            EventTypeRead(name=t.name, description=t.description, roles=sorted(t.readers))
            for t in events.event_types()
            if who.role in t.readers
        ]
    }


@router.post(
    "/webhook-endpoints",
    status_code=201,
    tags=["webhooks"],
    summary="Add a webhook endpoint; its signing secret is shown once",
)
def create_endpoint(
    request: Request, session: SessionDep, who: PrincipalDep, data: WebhookEndpointCreate
) -> WebhookEndpointCreated:
    endpoint, secret = webhooks.create_endpoint(
        session, principal=who, url=data.url, event_types=data.event_types, description=data.description
    )
    read = WebhookEndpointRead.model_validate(endpoint).model_dump()
    idempotency.store_instead(
        request, WebhookEndpointCreated(**read, secret=None, note=idempotency.SHOWN_ONCE)
    )
    return WebhookEndpointCreated(**read, secret=secret)


@router.get("/webhook-endpoints", tags=["webhooks"], summary="This key's webhook endpoints, newest first")
def list_endpoints(session: SessionDep, who: PrincipalDep, page: PageDep) -> Page[WebhookEndpointRead]:
    rows, more = webhooks.list_endpoints(session, principal=who, page=page)
    return Page(data=[WebhookEndpointRead.model_validate(e) for e in rows], has_more=more)


@router.get("/webhook-endpoints/{endpoint_id}", tags=["webhooks"], summary="One webhook endpoint")
def get_endpoint(session: SessionDep, who: PrincipalDep, endpoint_id: Id) -> WebhookEndpointRead:
    endpoint = webhooks.get_endpoint(session, principal=who, endpoint_id=endpoint_id)
    return WebhookEndpointRead.model_validate(endpoint)


@router.delete(
    "/webhook-endpoints/{endpoint_id}",
    tags=["webhooks"],
    summary="Delete a webhook endpoint: nothing more is sent to it",
)
def delete_endpoint(session: SessionDep, who: PrincipalDep, endpoint_id: Id) -> WebhookEndpointRead:
    endpoint = webhooks.delete_endpoint(session, principal=who, endpoint_id=endpoint_id)
    return WebhookEndpointRead.model_validate(endpoint)


@router.get(
    "/webhook-endpoints/{endpoint_id}/deliveries",
    tags=["webhooks"],
    summary="An endpoint's delivery log, newest first",
)
def list_deliveries(
    session: SessionDep,
    who: PrincipalDep,
    endpoint_id: Id,
    page: PageDep,
    status: DeliveryStatus | None = None,
) -> Page[WebhookDeliveryRead]:
    rows, more = webhooks.list_deliveries(
        session, principal=who, endpoint_id=endpoint_id, page=page, status=status
    )
    return Page(data=[WebhookDeliveryRead.model_validate(d) for d in rows], has_more=more)


@router.post(
    "/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/replay",
    status_code=202,
    tags=["webhooks"],
    summary="Send a delivery's event again, as a new delivery",
)
def replay_delivery(
    session: SessionDep,
    who: PrincipalDep,
    endpoint_id: Id,
    delivery_id: Id,
    _body: Annotated[dict[str, Any] | None, Body()] = None,
) -> WebhookDeliveryRead:
    again = webhooks.replay(session, principal=who, endpoint_id=endpoint_id, delivery_id=delivery_id)
    return WebhookDeliveryRead.model_validate(again)

"""The kernel's endpoints: health, readiness, metrics, who-am-I, merchants (with their trader information)
and API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from core import auth, idempotency
from core.celery_app import broker_reachable
from core.db import probe_database
from core.errors import ServiceUnavailable
from core.http import AdminPrincipal, PrincipalDep, SessionDep, api_router
from core.merchants import (
    MerchantCreate,
    MerchantNotFound,
    MerchantRead,
    MerchantUpdate,
    create_merchant,
    get_merchant,
    get_trader,
    list_merchants,
    list_trader_events,
    put_trader,
    set_trader_verification,
    update_merchant,
)
from core.metrics import payload as metrics_payload
from core.models import Role
from core.observability import READINESS
from core.pagination import Page, PageDep
from core.traders import TraderEventRead, TraderIn, TraderRead, TraderVerificationSet

ops = APIRouter(tags=["operations"])


@ops.get("/healthz", summary="The process is up", operation_id="getHealth")
async def healthz() -> dict[str, str]:
    """Answered on the event loop: no thread, no connection, never queued behind requests."""
    return {"status": "ok"}


_probes = anyio.CapacityLimiter(2)
"""Threads of their own for readiness probes, so a saturated request thread pool cannot hold them up."""


@ops.get(
    "/readyz",
    summary="The database and the task broker answer; the reference rates are within their age",
    operation_id="getReadiness",
)
async def readyz() -> dict[str, Any]:
    """Each check on a connection of its own (never the request pool), each within two seconds; then what
    the domains registered (`core.observability.register_readiness`), each reported with its detail."""
    checks: dict[str, str] = {}
    details: dict[str, dict[str, Any]] = {}
    with anyio.move_on_after(3):
        database = await anyio.to_thread.run_sync(probe_database, 2.0, limiter=_probes)
        checks["database"] = "ok" if database else "unreachable"
        broker = await anyio.to_thread.run_sync(broker_reachable, limiter=_probes)
        checks["broker"] = "ok" if broker else "unreachable"
        for name, probe in READINESS.items():
            ready, detail = await anyio.to_thread.run_sync(probe, limiter=_probes)
            checks[name] = "ok" if ready else str(detail.get("state", "not ready"))
            details[name] = detail
    checks.setdefault("database", "timeout")
    checks.setdefault("broker", "timeout")
    for name in READINESS:
        checks.setdefault(name, "timeout")
    failing = [f"{k} {v}" for k, v in checks.items() if v != "ok"]
    failing += [str(d["why"]) for d in details.values() if "why" in d]
    if failing:
        raise ServiceUnavailable(
            "not ready: " + ", ".join(failing), headers={"Retry-After": "5"}, extensions={"checks": details}
        )
    return {"status": "ready", **checks, **details}  # a registered check answers its detail


@ops.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    operation_id="getMetrics",
    responses={
        200: {
            "content": {
                "text/plain": {
                    "schema": {"type": "string"},
                    "example": "# HELP http_requests_total HTTP requests\n"
                    "# TYPE http_requests_total counter\n"
                    'http_requests_total{method="GET",route="/v1/payouts",status="200"} 42.0\n',
                }
            }
        }
    },
)
def metrics() -> Response:
    payload, content_type = metrics_payload()
    return Response(payload, media_type=content_type)


v1 = api_router(prefix="/v1")


class MeRead(BaseModel):
    key_id: str
    role: Role
    merchant_id: str | None
    creator_id: str | None = None


@v1.get("/me", tags=["auth"], summary="The role and merchant (or creator) of the calling key")
def me(principal: PrincipalDep) -> MeRead:
    return MeRead(
        key_id=principal.actor_id,
        role=principal.role,
        merchant_id=principal.merchant_id,
        creator_id=principal.creator_id,
    )


@v1.post("/merchants", tags=["merchants"], status_code=201, summary="Create a merchant (admin)")
def post_merchant(session: SessionDep, principal: AdminPrincipal, data: MerchantCreate) -> MerchantRead:
    return MerchantRead.model_validate(create_merchant(session, data=data, actor=principal.actor_id))


@v1.get("/merchants", tags=["merchants"], summary="List merchants, newest first (admin)")
def get_merchants(session: SessionDep, _: AdminPrincipal, page: PageDep) -> Page[MerchantRead]:
    rows, more = list_merchants(session, page=page)
    return Page(data=[MerchantRead.model_validate(m) for m in rows], has_more=more)


@v1.get("/merchants/{merchant_id}", tags=["merchants"], summary="One merchant (admin, or that merchant)")
def get_one_merchant(session: SessionDep, principal: PrincipalDep, merchant_id: str) -> MerchantRead:
    """Any other key (another merchant's, a shop's, an officer's, a creator's) gets the same 404 as for a
    merchant that does not exist: it learns nothing of which merchants there are."""
    _admin_or_own(principal, merchant_id)
    return MerchantRead.model_validate(get_merchant(session, merchant_id=merchant_id))


def _admin_or_own(principal: PrincipalDep, merchant_id: str) -> None:
    if principal.role is not Role.admin and not (
        principal.role is Role.merchant and principal.merchant_id == merchant_id
    ):
        raise MerchantNotFound(f"no merchant {merchant_id}")


@v1.patch("/merchants/{merchant_id}", tags=["merchants"], summary="Update a merchant (admin)")
def patch_merchant(
    session: SessionDep, principal: AdminPrincipal, merchant_id: str, data: MerchantUpdate
) -> MerchantRead:
    merchant = update_merchant(session, merchant_id=merchant_id, data=data, actor=principal.actor_id)
    return MerchantRead.model_validate(merchant)


@v1.get(
    "/merchants/{merchant_id}/trader",
    tags=["merchants"],
    summary="A merchant's trader information (EU DSA art. 30) and its verification (admin, or that merchant)",
)
def get_merchant_trader(session: SessionDep, principal: PrincipalDep, merchant_id: str) -> TraderRead:
    """`missing` names what stands between the merchant and sales to the EU. Any other key gets the 404 of
    a merchant that does not exist."""
    _admin_or_own(principal, merchant_id)
    return get_trader(session, merchant_id=merchant_id, principal=principal)


@v1.put(
    "/merchants/{merchant_id}/trader",
    tags=["merchants"],
    summary="Give a merchant's trader information, whole (admin, or that merchant)",
)
def put_merchant_trader(
    session: SessionDep, principal: PrincipalDep, merchant_id: str, data: TraderIn
) -> TraderRead:
    """New information waits for an admin's verification (`pending`); the same information given again
    changes nothing."""
    _admin_or_own(principal, merchant_id)
    return put_trader(session, merchant_id=merchant_id, data=data, principal=principal)


@v1.post(
    "/merchants/{merchant_id}/trader/verification",
    tags=["merchants"],
    summary="Set a merchant's trader verification (admin); `verified` needs the information complete",
)
def post_merchant_trader_verification(
    session: SessionDep, principal: AdminPrincipal, merchant_id: str, data: TraderVerificationSet
) -> TraderRead:
    return set_trader_verification(session, merchant_id=merchant_id, data=data, actor=principal.actor_id)


@v1.get(
    "/merchants/{merchant_id}/trader/events",
    tags=["merchants"],
    summary="Changes of a merchant's trader information and state, newest first (admin, or that merchant)",
)
def get_merchant_trader_events(
    session: SessionDep, principal: PrincipalDep, merchant_id: str, page: PageDep
) -> Page[TraderEventRead]:
    _admin_or_own(principal, merchant_id)
    rows, more = list_trader_events(session, merchant_id=merchant_id, principal=principal, page=page)
    return Page(data=[TraderEventRead.model_validate(e) for e in rows], has_more=more)


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"role": "merchant", "merchant_id": "mer_demo_lumen", "label": "Lumen's shop backend"}
            ]
        },
    )
    role: Role
    merchant_id: str | None = None
    creator_id: str | None = Field(default=None, description="The creator a `creator` key is bound to")
    label: str = ""


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    role: Role
    merchant_id: str | None
    creator_id: str | None = None
    label: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str | None = Field(
        description="The secret key, shown this once: a replay of the creation (same `Idempotency-Key`)"
        " answers with null and a `note`, since the secret is kept nowhere"
    )
    note: str | None = None


@v1.post(
    "/api-keys", tags=["auth"], status_code=201, summary="Issue an API key (admin); the key is shown once"
)
def post_api_key(
    request: Request, session: SessionDep, _: AdminPrincipal, data: ApiKeyCreate
) -> ApiKeyCreated:
    issued = auth.create_api_key(
        session, role=data.role, merchant_id=data.merchant_id, creator_id=data.creator_id, label=data.label
    )
    read = ApiKeyRead.model_validate(issued.record).model_dump()
    idempotency.store_instead(request, ApiKeyCreated(**read, key=None, note=idempotency.SHOWN_ONCE))
    return ApiKeyCreated(**read, key=issued.secret)


@v1.get("/api-keys", tags=["auth"], summary="List API keys without their secrets (admin)")
def get_api_keys(session: SessionDep, _: AdminPrincipal) -> dict[str, Any]:
    return {"data": [ApiKeyRead.model_validate(k) for k in auth.list_api_keys(session)], "has_more": False}


@v1.post("/api-keys/{key_id}/revoke", tags=["auth"], summary="Revoke an API key (admin)")
def revoke_api_key(
    session: SessionDep,
    _: AdminPrincipal,
    key_id: str,
    _body: Annotated[dict[str, Any] | None, Body()] = None,
) -> ApiKeyRead:
    return ApiKeyRead.model_validate(auth.revoke_api_key(session, key_id=key_id))

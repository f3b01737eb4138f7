"""How every API route runs: one unit of work per request, idempotency, and the auth dependencies.

`UnitOfWorkRoute` opens the request's session, runs the endpoint, and commits *before* the response is sent
(a 2xx/3xx answer means the change is durable) or rolls back on an error answer or exception. For a POST with
`Idempotency-Key` it claims the key first and stores the response in the same transaction as the effect.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from core import idempotency
from core.auth import Principal, authenticate
from core.db import new_session
from core.errors import Conflict, ServiceUnavailable
from core.models import Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ConcurrentUpdate(Conflict):
    slug, title = "concurrent-update", "Conflicting concurrent change"


class UnitOfWorkRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            claim: idempotency.Claim | None = None
            key = request.headers.get(idempotency.HEADER)
            if key is not None and request.method == "POST":
                body = await request.body()
                claim = await run_in_threadpool(
                    idempotency.begin,
                    authorization=request.headers.get("authorization"),
                    key=key,
                    method=request.method,
                    path=request.url.path,
                    body=body,
                )
                if claim.replay is not None:
                    r = claim.replay
                    return Response(
                        r.body,
                        status_code=r.status_code,
                        media_type=r.content_type,
                        headers={"Idempotent-Replayed": "true"},
                    )
                request.state.principal = claim.principal
            session = new_session(write=request.method not in SAFE_METHODS)
            request.state.session = session
            try:
                response = await handler(request)
                if response.status_code >= 400 or request.method in SAFE_METHODS:
                    await run_in_threadpool(session.rollback)
                    if claim is not None and claim.record_id is not None:
                        await run_in_threadpool(idempotency.release, claim.record_id)
                    return response
                if claim is not None and claim.record_id is not None:
                    idempotency.complete(
                        session,
                        claim.record_id,
                        status_code=response.status_code,
                        body=bytes(getattr(response, "body", b"")),
                        content_type=response.media_type or "application/json",
                    )
                await run_in_threadpool(session.commit)
                return response
            except BaseException as exc:
                await run_in_threadpool(session.rollback)
                if claim is not None and claim.record_id is not None:
                    await run_in_threadpool(idempotency.release, claim.record_id)
                if isinstance(exc, IntegrityError):
                    raise ConcurrentUpdate(
                        "the change conflicts with another one made at the same time; retry"
                    ) from None
                if isinstance(exc, OperationalError) and "locked" in str(exc):
                    raise ServiceUnavailable(
                        "the database is busy; retry shortly", headers={"Retry-After": "1"}
                    ) from None
                raise
            finally:
                await run_in_threadpool(session.close)

        return run


def api_router(**kwargs: Any) -> APIRouter:
    """A router whose routes run as units of work: use this in every domain's `api.py`."""
    return APIRouter(route_class=UnitOfWorkRoute, **kwargs)


def get_session(request: Request) -> Session:
    session: Session = request.state.session
    return session


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer tlk_...`")


def get_principal(
    request: Request,
    session: SessionDep,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = authenticate(session, request.headers.get("authorization"))
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def requires(*roles: Role) -> Callable[[Principal], Principal]:
    def dependency(principal: PrincipalDep) -> Principal:
        return principal.require(*roles)

    return dependency


AdminPrincipal = Annotated[Principal, Depends(requires(Role.admin))]
ShopPrincipal = Annotated[Principal, Depends(requires(Role.shop, Role.admin))]
MerchantPrincipal = Annotated[Principal, Depends(requires(Role.merchant, Role.admin))]
OfficerPrincipal = Annotated[Principal, Depends(requires(Role.compliance_officer, Role.admin))]

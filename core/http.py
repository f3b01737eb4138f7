"""How every API route runs: one unit of work per request, idempotency, and the auth dependencies.

A request never holds a connection while it waits for anything. `UnitOfWorkRoute` gives the request a session
that has no connection yet; the dependencies that run on the event loop (the principal, from the process's key
cache) take none. A synchronous endpoint runs in one worker thread together with everything that needs the
connection: the endpoint itself, the validation and JSON serialisation of its answer, storing the answer
for an `Idempotency-Key`, and the commit (a write that answers 2xx/3xx; a 2xx means the change is durable)
or rollback (a read or an error answer). The session is closed, its connection back in the pool, before
the thread returns the finished response to the event loop.

For a POST with `Idempotency-Key` the key is claimed first, in a short transaction of its own, and the answer
stored in the same transaction as the effect.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import ResponseValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from core import idempotency
from core.auth import Principal, principal_for
from core.db import new_session, write_last
from core.errors import Conflict, ServiceUnavailable
from core.models import Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_REQUEST, _RESPONSE = "tradelane_request__", "tradelane_response__"
_WRITE_LAST = "tradelane_write_last"
"""`session.info` flag: open the unit with `core.db.write_last` once the endpoint's thread starts."""


class ConcurrentUpdate(Conflict):
    slug, title = "concurrent-update", "Conflicting concurrent change"


def _busy(detail: str) -> ServiceUnavailable:
    return ServiceUnavailable(detail, headers={"Retry-After": "1"})


def _translate(exc: BaseException) -> BaseException:
    """Database failures that a retry can cure, as the 409 or 503 a client can act on."""
    if isinstance(exc, IntegrityError):
        return ConcurrentUpdate("the change conflicts with another one made at the same time; retry")
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return _busy("the database connection was lost; retry")
    if isinstance(exc, PoolTimeout):
        return _busy("no database connection was free in time; retry shortly")
    if isinstance(exc, OperationalError):
        message = str(exc)
        if "deadlock detected" in message or "could not serialize access" in message:
            return _busy("the change collided with another one made at the same time; retry")
        if "locked" in message:
            return _busy("the database is busy; retry shortly")
        if "canceling statement due to statement timeout" in message:
            return _busy("the database took too long to answer; retry shortly")
    return exc


class UnitOfWorkRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self.in_thread = not inspect.iscoroutinefunction(endpoint) and not inspect.isgeneratorfunction(
            endpoint
        )
        super().__init__(path, _in_unit_of_work(endpoint, self) if self.in_thread else endpoint, **kwargs)

    def render(self, result: Any, sub: Response) -> Response:
        """The endpoint's answer as FastAPI would make it (validated against the response model, then JSON),
        made here so it happens in the endpoint's thread, before the transaction ends."""
        if isinstance(result, Response):
            return result
        status = sub.status_code or self.status_code or 200
        field = self.response_field
        if field is not None:
            value, errors = field.validate(result, {}, loc=("response",))
            if errors:
                raise ResponseValidationError(errors=errors, body=result)
            options: dict[str, Any] = {
                "include": self.response_model_include,
                "exclude": self.response_model_exclude,
                "by_alias": self.response_model_by_alias,
                "exclude_unset": self.response_model_exclude_unset,
                "exclude_defaults": self.response_model_exclude_defaults,
                "exclude_none": self.response_model_exclude_none,
            }
            if isinstance(self.response_class, DefaultPlaceholder):
                response = Response(
                    field.serialize_json(value, **options), status, media_type="application/json"
                )
            else:
                response = self.response_class(field.serialize(value, **options), status)
        else:
            cls = (
                self.response_class.value
                if isinstance(self.response_class, DefaultPlaceholder)
                else self.response_class
            )
            response = (cls or JSONResponse)(jsonable_encoder(result), status)
        if status < 200 or status in (204, 304):
            response.body = b""
            del response.headers["content-length"]
        response.headers.raw.extend(sub.headers.raw)
        return response

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
                request.state.claim = claim
            session = new_session(write=request.method not in SAFE_METHODS)
            request.state.session = session
            try:
                response = await handler(request)
                if not self.in_thread:
                    await run_in_threadpool(_finish, request, session, response)
            except BaseException as exc:
                if session.in_transaction():
                    await run_in_threadpool(session.close)
                if claim is not None and claim.record_id is not None:
                    await run_in_threadpool(idempotency.release, claim.record_id)
                translated = _translate(exc)
                if translated is exc:
                    raise
                raise translated from None
            if response.status_code >= 400 and claim is not None and claim.record_id is not None:
                await run_in_threadpool(idempotency.release, claim.record_id)
            return response

        return run


def _finish(request: Request, session: Session, response: Response) -> None:
    """End the request's transaction: commit a write answered 2xx/3xx (with its idempotent answer), roll
    back anything else; then give the connection back."""
    try:
        if response.status_code >= 400 or request.method in SAFE_METHODS:
            session.rollback()
            return
        claim: idempotency.Claim | None = getattr(request.state, "claim", None)
        if claim is not None and claim.record_id is not None:
            idempotency.complete(
                session,
                claim.record_id,
                status_code=response.status_code,
                body=idempotency.stored_body(request, bytes(getattr(response, "body", b""))),
                content_type=response.media_type or "application/json",
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _in_unit_of_work(fn: Callable[..., Any], route: UnitOfWorkRoute) -> Callable[..., Any]:
    """`fn` run with the request's transaction around it, in the same worker thread (see the module)."""
    signature = inspect.signature(fn, eval_str=True)
    # FastAPI hands the request (and the sub-response) to one parameter each: reuse the endpoint's own
    own = {
        p.annotation: name for name, p in signature.parameters.items() if p.annotation in (Request, Response)
    }
    request_name, response_name = own.get(Request, _REQUEST), own.get(Response, _RESPONSE)
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=cls)
        for name, cls in ((request_name, Request), (response_name, Response))
        if cls not in own
    ]

    def endpoint(**kwargs: Any) -> Response:
        request: Request = kwargs[request_name] if Request in own else kwargs.pop(request_name)
        sub: Response = kwargs[response_name] if Response in own else kwargs.pop(response_name)
        session: Session = request.state.session
        try:
            if session.info.pop(_WRITE_LAST, False):
                write_last(session)
            response = route.render(fn(**kwargs), sub)
        except BaseException:
            session.close()
            raise
        _finish(request, session, response)
        return response

    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra]
    )
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(endpoint, attr, getattr(fn, attr))
    return endpoint


def api_router(**kwargs: Any) -> APIRouter:
    """A router whose routes run as units of work: use this in every domain's `api.py`."""
    return APIRouter(route_class=UnitOfWorkRoute, **kwargs)


async def get_session(request: Request) -> Session:
    session: Session = request.state.session
    return session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_write_last_session(request: Request) -> Session:
    """The request's session, to be opened with `core.db.write_last` (SQLite's write lock taken only at the
    unit's first write) when its endpoint starts."""
    session: Session = request.state.session
    session.info[_WRITE_LAST] = True
    return session


WriteLastSessionDep = Annotated[Session, Depends(get_write_last_session)]

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer tlk_...`")


async def get_principal(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The request's principal from the process's key cache, on the event loop; a thread only on a miss."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    authorization = request.headers.get("authorization")
    principal = principal_for(authorization, io=False)
    if principal is None:
        principal = await run_in_threadpool(principal_for, authorization)
    assert principal is not None  # with io=True it answers or raises
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


ROLES_REQUIRED: dict[Callable[..., Any], tuple[Role, ...]] = {}
"""The roles each `requires` dependency admits, read by the OpenAPI document (`core.openapi`)."""


def requires(*roles: Role) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    async def dependency(principal: PrincipalDep) -> Principal:
        return principal.require(*roles)

    ROLES_REQUIRED[dependency] = roles
    return dependency


AdminPrincipal = Annotated[Principal, Depends(requires(Role.admin))]
ShopPrincipal = Annotated[Principal, Depends(requires(Role.shop, Role.admin))]
MerchantPrincipal = Annotated[Principal, Depends(requires(Role.merchant, Role.admin))]
OfficerPrincipal = Annotated[Principal, Depends(requires(Role.compliance_officer, Role.admin))]

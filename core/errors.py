"""The error family and its RFC 9457 `application/problem+json` rendering.

Services raise `AppError` subclasses (never `HTTPException`); the handlers installed by `install_handlers`
turn them, request-validation errors, malformed JSON and anything unexpected into problem documents. No stack
trace or internal detail ever reaches a client: an unexpected error is logged with the request id and answered
with a bare 500 problem.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

PROBLEM_JSON = "application/problem+json"
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
log = logging.getLogger("tradelane.errors")


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class AppError(Exception):
    """An expected failure with an HTTP status. Subclass per condition: `<Thing><Condition>`."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = list(errors)
        self.headers = headers or {}
        self.extensions = extensions or {}
        """More members of the problem document (RFC 9457 extensions), JSON-able."""

    @classmethod
    def for_field(cls, field: str, message: str) -> AppError:
        return cls(message, errors=[FieldError(field, message)])


class MalformedRequest(AppError):
    status, slug, title = 400, "malformed-request", "Malformed request"


class InvalidInput(AppError):
    status, slug, title = 422, "invalid-input", "Invalid input"


class Unauthenticated(AppError):
    status, slug, title = 401, "unauthenticated", "Authentication required"


class Forbidden(AppError):
    status, slug, title = 403, "forbidden", "Not allowed for this role"


class NotFound(AppError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, slug, title = 409, "conflict", "Conflict"


class Gone(AppError):
    status, slug, title = 410, "gone", "Gone"


class PayloadTooLarge(AppError):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class TooManyRequests(AppError):
    status, slug, title = 429, "too-many-requests", "Too many requests"


class ServiceUnavailable(AppError):
    status, slug, title = 503, "unavailable", "Service unavailable"


def problem(
    status: int,
    *,
    slug: str,
    title: str,
    detail: str,
    errors: Sequence[FieldError] = (),
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        **(extensions or {}),
        "type": f"/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": [{"field": e.field, "message": e.message} for e in errors],
    }
    if instance:
        body["instance"] = instance
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def render(exc: AppError, instance: str | None = None) -> JSONResponse:
    return problem(
        exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        instance=instance,
        headers=exc.headers,
        extensions=exc.extensions,
    )


def _field_name(loc: Sequence[int | str]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def validation_errors(raw: Sequence[Any]) -> list[FieldError]:
    out = []
    for err in raw:
        message = str(err.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        out.append(FieldError(_field_name(err.get("loc", ())), message))
    return out


def documented_methods(request: Request) -> str | None:
    """The methods the OpenAPI document gives the request's path, for a 405's `Allow` (the router's own names
    only the first route's). A concrete path wins over a templated one, as OpenAPI matches them; `None` for a
    path the document does not describe."""
    paths: dict[str, dict[str, Any]] = request.app.openapi()["paths"]
    path = request.scope["path"]
    found = sorted((t.count("{"), t) for t in paths if compile_path(t)[0].match(path))
    if not found:
        return None
    return ", ".join(sorted(m.upper() for m in paths[found[0][1]] if m.upper() in API_METHODS))


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return render(exc, instance=request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = exc.errors()
        if any(e.get("type") == "json_invalid" for e in raw):
            return problem(
                400,
                slug="malformed-request",
                title="Malformed request",
                detail="The request body is not valid JSON.",
                errors=[FieldError("body", "invalid JSON")],
                instance=request.url.path,
            )
        errors = validation_errors(raw)
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5]) or "Invalid input"
        return problem(
            422,
            slug="invalid-input",
            title="Invalid input",
            detail=detail,
            errors=errors,
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed", 413: "Request body too large"}
        title = titles.get(exc.status_code, "Request failed")
        detail = exc.detail if isinstance(exc.detail, str) else title
        headers = dict(getattr(exc, "headers", None) or {})
        allow = documented_methods(request) if exc.status_code == 405 else None
        if allow:
            headers["Allow"] = allow
        return problem(
            exc.status_code,
            slug=title.lower().replace(" ", "-"),
            title=title,
            detail=detail,
            instance=request.url.path,
            headers=headers,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        """The last resort: a problem still, and the connection closed cleanly (the server drops it after
        an unhandled error, so the client is told not to reuse it)."""
        log.error("unhandled error", exc_info=exc, extra={"path": request.url.path})
        return problem(
            500,
            slug="internal",
            title="Internal error",
            detail="The request could not be completed. It has been logged; retry later.",
            instance=request.url.path,
            headers={"Connection": "close"},
        )

"""The OpenAPI document tells every answer an operation can give, the problem+json ones included.

FastAPI documents an operation's success and a 422 shaped as its own validation error; ours answer every
failure as an RFC 9457 problem (`core.errors`). `document_problems` rewrites the generated document once, in
one place: each operation lists the problem statuses that the shared machinery can give it, derived from what
the operation has (a key, path or query parameters, a body, a write method), each with the `Problem` schema as
`application/problem+json`. A route that can answer a status of its own (a 410 for an expired quote) declares
it with `responses=problems(410)` on its decorator.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from core.errors import PROBLEM_JSON

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
REASONS = {
    400: "Malformed request (the body is not valid JSON)",
    401: "No API key, or an unknown or revoked one",
    403: "The key's role may not do this",
    404: "Not found (or not this key's to see)",
    409: "Conflicts with the current state, a concurrent change, or an earlier use of the Idempotency-Key",
    410: "Gone: expired",
    413: "The request body is too large",
    415: "Unsupported media type",
    422: "Invalid input: `errors` names each bad field",
    503: "Busy or not ready; retry after `Retry-After` seconds",
}


class ProblemField(BaseModel):
    field: str = Field(description="The bad field, dotted (`lines.0.quantity`)")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(description="A URI reference naming the kind of problem, e.g. `/problems/not-found`")
    title: str
    status: int
    detail: str
    errors: list[ProblemField] = Field(description="Each bad field, when the input was at fault")
    instance: str | None = Field(default=None, description="The request path")


def _response(status: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": REASONS.get(status, "Problem"),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status == 503:
        out["headers"] = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}}
    return out


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Extra problem answers of one route, for its decorator's `responses=`."""
    return {status: _response(status) for status in statuses}


def statuses_for(method: str, operation: dict[str, Any]) -> set[int]:
    """The problem statuses the shared machinery can give an operation (see the module)."""
    out = {503}
    params = operation.get("parameters", [])
    body = "requestBody" in operation
    if operation.get("security"):
        out |= {401, 403}
    if params or body:
        out |= {404, 422}
    if body:
        out |= {400, 413}
    if method in WRITE_METHODS:
        out |= {409}
    return out


def _schemas() -> dict[str, Any]:
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {"Problem": schema, **defs}


def add_problems(document: dict[str, Any]) -> dict[str, Any]:
    """`document` (an OpenAPI dict) with problem answers for every operation, changed in place."""
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "put", "post", "delete", "patch", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses_for(method, operation)):
                responses[str(status)] = _response(status)
            for status, answer in responses.items():
                if status.startswith(("4", "5")):
                    answer["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(_schemas())
    return document


def document_problems(app: FastAPI) -> None:
    """Make `app`'s OpenAPI document (built once, on first use) list its problem answers."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

"""The OpenAPI document tells every answer an operation can give, and enough for a client generator.

FastAPI documents an operation's success and a 422 shaped as its own validation error; ours answer every
failure as an RFC 9457 problem (`core.errors`). `document_problems` rewrites the generated document once, in
one place, by rules that new routes follow by construction:

- problems: each operation lists the problem statuses that the shared machinery can give it, derived from
  what the operation has (a key, path or query parameters, a body, a write method), each with the `Problem`
  schema as `application/problem+json`. A route that can answer a status of its own (a 410 for an expired
  quote) declares it with `responses=problems(410)` on its decorator. (429 is answered by the console's
  sign-in only, never by the API.)
- operationId: a verb and the resource's nouns from the method and path (`POST /v1/quotes` -> `createQuote`,
  `GET /v1/payouts` -> `listPayouts`, `POST /v1/payouts/{payout_id}/confirm` -> `confirmPayout`); a route
  whose path does not say what it does names itself with `operation_id=` on its decorator.
- roles: read from the route's `requires(...)` dependency (`core.http`), as `x-roles` and a sentence of the
  description; a route with a key but no such dependency admits every role and scopes what it shows.
- `Idempotency-Key`: a header of every authenticated POST run as a unit of work (`core.http`), with
  `Idempotent-Replayed` on its success.
- examples: every JSON request body and 2xx answer has one (`core.openapi_examples`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel, Field

from core.errors import PROBLEM_JSON
from core.http import ROLES_REQUIRED, UnitOfWorkRoute
from core.idempotency import HEADER as IDEMPOTENCY_KEY
from core.idempotency import MAX_KEY_LENGTH
from core.models import Role
from core.openapi_examples import ExampleMaker

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
ALL_ROLES = tuple(role.value for role in Role)
ACTIONS = frozenset(
    {
        "approve",
        "cancel",
        "confirm",
        "consume",
        "convert",
        "evaluate",
        "export",
        "fail",
        "import",
        "receive",
        "reject",
        "replay",
        "resume",
        "revoke",
        "rollback",
        "ship",
        "simulate",
        "submit",
        "suspend",
        "test",
    }
)
"""A path's last word that is a verb: the operation is that action (`/payouts/{payout_id}/confirm`)."""
COLLECTION_VERBS = {"post": "create", "put": "set", "patch": "update", "delete": "delete"}
ITEM_VERBS = {"get": "get", "put": "set", "patch": "update", "delete": "delete", "post": "create"}
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
    for _path, method, operation in _operations(document):
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


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, path_item in document.get("paths", {}).items():
        for method, operation in path_item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def _words(segment: str) -> list[str]:
    return [w for w in re.split(r"[-_.]", segment) if w]


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _camel(words: list[str]) -> str:
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])


def operation_id_for(method: str, path: str) -> str:
    """The operationId a method and path make (see the module): a verb, then the resource's nouns, each
    singular where a parameter names one of them."""
    tokens: list[tuple[str, str]] = []  # ("word", segment) or ("param", the suffix after it, e.g. "csv")
    for segment in path.strip("/").split("/"):
        if segment in ("", "v1"):
            continue
        param = re.fullmatch(r"\{[^}]+\}(?:\.(\w+))?", segment)
        tokens.append(("param", param.group(1) or "") if param else ("word", segment))
    verb = None
    if len(tokens) > 1 and tokens[-1][0] == "word" and tokens[-1][1] in ACTIONS:
        verb = tokens.pop()[1]
    nouns: list[str] = []
    suffix: list[str] = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "param":
            suffix = _words(value)
            continue
        words = _words(value)
        named = i + 1 < len(tokens) and tokens[i + 1][0] == "param"
        last = i == len(tokens) - 1
        if named or (last and verb is None and method == "post"):
            words[-1] = _singular(words[-1])
        nouns += words
        suffix = []
    if verb is None:
        if tokens and tokens[-1][0] == "param":
            verb = ITEM_VERBS.get(method, method)
        elif method == "get":
            verb = "list" if nouns and _singular(nouns[-1]) != nouns[-1] else "get"
        else:
            verb = COLLECTION_VERBS.get(method, method)
    return _camel([verb, *nouns, *suffix])


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from _dependencies(sub)


def roles_of(route: RouteContext) -> tuple[str, ...]:
    """The roles a route's `requires` dependencies admit (all of them when it has none)."""
    allowed = set(ALL_ROLES)
    for sub in _dependencies(route.dependant):
        roles = ROLES_REQUIRED.get(sub.call) if sub.call is not None else None
        if roles is not None:
            allowed &= {role.value for role in roles}
    return tuple(role for role in ALL_ROLES if role in allowed)


def _roles_sentence(roles: tuple[str, ...] | None) -> str:
    if roles is None:
        return "No API key needed."
    if roles == ALL_ROLES:
        return "Roles: any API key; each key sees only what is its own (anything else is a 404)."
    return "Roles: " + ", ".join(f"`{r}`" for r in roles) + "."


def _idempotency_header() -> dict[str, Any]:
    return {
        "name": IDEMPOTENCY_KEY,
        "in": "header",
        "required": False,
        "description": "Makes the request safe to retry: a replay with the same key answers the first answer "
        "(with `Idempotent-Replayed: true`); the same key with another body is a 409. Kept 24 hours by "
        "default.",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
        "example": "order-7781-attempt-1",
    }


def _describe(method: str, operation: dict[str, Any], route: RouteContext | None) -> None:
    """operationId, roles and `Idempotency-Key` of one operation, from its route."""
    path = operation.pop("x-path")
    explicit = route.operation_id if route is not None else None
    operation["operationId"] = explicit or operation_id_for(method, path)
    roles = None
    if operation.get("security"):
        roles = roles_of(route) if route is not None else ALL_ROLES
    operation["x-roles"] = list(roles or ())
    sentence = _roles_sentence(roles)
    description = operation.get("description", "").strip()
    operation["description"] = f"{description}\n\n{sentence}" if description else sentence
    if (
        method == "post"
        and roles is not None
        and route is not None
        and isinstance(route.original_route, UnitOfWorkRoute)
    ):
        parameters = operation.setdefault("parameters", [])
        if not any(p["in"] == "header" and p["name"].lower() == IDEMPOTENCY_KEY.lower() for p in parameters):
            parameters.append(_idempotency_header())  # unless the route asks for it itself (required)
        for status, answer in operation["responses"].items():
            if status.startswith("2"):
                answer.setdefault("headers", {})["Idempotent-Replayed"] = {
                    "description": "`true` when this is the stored answer to an earlier request with the "
                    "same `Idempotency-Key`",
                    "schema": {"type": "string", "enum": ["true"]},
                }


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _add_examples(document: dict[str, Any]) -> None:
    """An example for every JSON request body and 2xx answer that has none (see `core.openapi_examples`)."""
    maker = ExampleMaker(document.get("components", {}))
    for _path, _method, operation in _operations(document):
        contents = [operation.get("requestBody", {}).get("content", {})]
        contents += [
            answer.get("content", {})
            for status, answer in operation["responses"].items()
            if status.startswith("2")
        ]
        for content in contents:
            for media_type, media in content.items():
                if media.get("schema") == {"type": "string"} and not media_type.startswith("text/plain"):
                    media["schema"]["format"] = "binary"  # a file (CSV, YAML, JSON lines), sent as is
                if "example" in media or "examples" in media or not _is_json(media_type):
                    continue
                if "schema" in media:
                    media["example"] = maker.example(media["schema"])


def _unique_titles(schemas: dict[str, Any]) -> None:
    """Give each schema a title of its own: generators name classes by title, and pydantic titles a model's
    output schema (`ZoneSpec-Output`) and two models of one name in two modules
    (`logistics__schemas__DestinationIn`) alike. A schema whose key is its title keeps it; the others take
    one made from their key (`ZoneSpecOutput`, `LogisticsDestinationIn`)."""
    titles: dict[str, list[str]] = {}
    for key, schema in schemas.items():
        titles.setdefault(str(schema.get("title", key)), []).append(key)
    for title, keys in titles.items():
        for key in keys if len(keys) > 1 else ():
            if key != title:
                parts = [p for p in re.split(r"[^A-Za-z0-9]+", key) if p and p != "schemas"]
                schemas[key]["title"] = "".join(p[:1].upper() + p[1:] for p in parts)


def api_routes(app: FastAPI) -> dict[tuple[str, str], RouteContext]:
    """Each API route of `app` (as included, with its full path) by lowercase method and path template."""
    out: dict[tuple[str, str], RouteContext] = {}
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.path_format:
            for method in context.methods or ():
                out[(method.lower(), context.path_format)] = context
    return out


def describe_api(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    """`document`, `app`'s OpenAPI dict, with problems, operationIds, roles, idempotency and examples."""
    add_problems(document)
    routes = api_routes(app)
    _unique_titles(document.get("components", {}).get("schemas", {}))
    for path, method, operation in _operations(document):
        operation["x-path"] = path
        _describe(method, operation, routes.get((method, path)))
    _add_examples(document)
    return document


def document_problems(app: FastAPI) -> None:
    """Make `app`'s OpenAPI document (built once, on first use) describe its operations (`describe_api`)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe_api(app, build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

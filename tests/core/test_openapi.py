"""The OpenAPI document describes every operation as a client generator needs it: problem answers, an
operationId, roles, `Idempotency-Key`, examples that hold; a 405 names every allowed method."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from core.http import UnitOfWorkRoute
from core.models import Role
from core.openapi import api_routes, operation_id_for
from tests.conftest import Keys
from tests.core.test_api_basics import assert_problem

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
METHODS = {"get", "put", "post", "delete", "patch"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items() if m in METHODS]


def _examples(op: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(where, media type, media object) of the request body and of each 2xx answer with a body."""
    out = [("request", t, m) for t, m in op.get("requestBody", {}).get("content", {}).items()]
    for status, answer in op["responses"].items():
        if status.startswith("2"):
            out += [(status, t, m) for t, m in answer.get("content", {}).items()]
    return out


def _check(spec: dict[str, Any], schema: dict[str, Any], value: Any) -> list[str]:
    """Why `value` breaks `schema` (a schema of `spec`, its `$ref`s resolved in `spec`'s components)."""
    validator = jsonschema_rs.Draft202012Validator({**schema, "components": spec["components"]})
    return [f"{e.instance_path}: {e.message}"[:300] for e in validator.iter_errors(value)]


def test_every_operation_is_described_for_a_client_generator(app: FastAPI) -> None:
    """The walk: each operation has a readable, unique operationId, its roles, `Idempotency-Key` where the
    route takes it, problem answers only as problem+json, and an example of each body and success that
    validates against its own schema."""
    spec = app.openapi()
    assert "ValidationError" not in json.dumps(spec)  # HTTPValidationError and ValidationError alike
    routes = api_routes(app)
    missing: list[str] = []
    ids: dict[str, str] = {}
    for method, path, op in _operations(spec):
        where = f"{method.upper()} {path}"
        route = routes[(method, path)]
        op_id = op.get("operationId", "")
        if not re.fullmatch(r"[a-z][a-zA-Z0-9]+", op_id) or op_id in ids:
            missing.append(f"{where}: operationId {op_id!r} (also {ids.get(op_id)})")
        ids[op_id] = where
        roles = op.get("x-roles")
        if not isinstance(roles, list) or not set(roles) <= {r.value for r in Role}:
            missing.append(f"{where}: x-roles {roles!r}")
        elif bool(roles) != bool(op.get("security")) or ("Roles:" in op["description"]) != bool(roles):
            missing.append(f"{where}: roles and security disagree or the description does not say them")
        takes_key = (
            method == "post"
            and isinstance(route.original_route, UnitOfWorkRoute)
            and bool(op.get("security"))
        )
        header = [
            p for p in op.get("parameters", []) if p["in"] == "header" and p["name"] == "Idempotency-Key"
        ]
        if takes_key != bool(header):
            missing.append(f"{where}: Idempotency-Key documented {bool(header)}, taken {takes_key}")
        for status, answer in op["responses"].items():
            if status[0] in "45" and answer.get("content") != PROBLEM:
                missing.append(f"{where}: {status} is not a documented problem")
        for what, media_type, media in _examples(op):
            if "example" not in media:
                missing.append(f"{where}: no example of the {what} body ({media_type})")
            elif "json" in media_type:
                broken = _check(spec, media.get("schema", {}), media["example"])
                missing += [f"{where}: the {what} example breaks its schema: {b}" for b in broken]
    assert not missing, "\n".join(missing)


def test_examples_declared_on_models_are_valid_models(app: FastAPI) -> None:
    """A request body's declared examples (`json_schema_extra`) pass the model's own validation, its
    validators included, not only the JSON schema."""
    checked = 0
    for route in api_routes(app).values():
        field = route.body_field
        model = field.field_info.annotation if field is not None else None
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        extra = model.model_config.get("json_schema_extra")
        extra = extra if isinstance(extra, dict) else {}
        declared = list(extra.get("examples", [])) + ([extra["example"]] if "example" in extra else [])
        for example in declared:
            model.model_validate(example)
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("post", "/v1/quotes", "createQuote"),
        ("get", "/v1/payouts", "listPayouts"),
        ("get", "/v1/payouts/{payout_id}", "getPayout"),
        ("post", "/v1/payouts/{payout_id}/confirm", "confirmPayout"),
        ("put", "/v1/fx/markups/{base}/{quote}", "setFxMarkup"),
        ("post", "/v1/rules/{key}/versions/{number}/approve", "approveRuleVersion"),
        ("get", "/v1/tax-liabilities/{period}.csv", "getTaxLiabilityCsv"),
        ("get", "/v1/balance", "getBalance"),
        ("delete", "/v1/webhook-endpoints/{endpoint_id}", "deleteWebhookEndpoint"),
        ("get", "/v1/webhook-endpoints/{endpoint_id}/deliveries", "listWebhookEndpointDeliveries"),
    ],
)
def test_operation_ids_come_from_the_method_and_path(method: str, path: str, expected: str) -> None:
    assert operation_id_for(method, path) == expected


def test_roles_are_those_of_the_route(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    assert paths["/v1/quotes"]["post"]["x-roles"] == ["shop", "admin"]
    assert paths["/v1/merchants"]["post"]["x-roles"] == ["admin"]
    assert paths["/v1/me"]["get"]["x-roles"] == [r.value for r in Role]
    assert paths["/healthz"]["get"]["x-roles"] == []
    assert "Roles: `shop`, `admin`." in paths["/v1/quotes"]["post"]["description"]


def test_every_failure_answer_is_a_documented_problem(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"Problem", "ProblemField"} <= set(spec["components"]["schemas"])
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for method, path, op in _operations(spec):
        failures = {s: r for s, r in op["responses"].items() if s[0] in "45"}
        assert "503" in failures, (method, path)
        for status, answer in failures.items():
            assert answer["content"] == PROBLEM, (method, path, status)
        if op.get("security"):
            assert {"401", "403"} <= set(failures), (method, path)
        if op.get("parameters") or "requestBody" in op:
            assert {"404", "422"} <= set(failures), (method, path)
        if "requestBody" in op:
            assert {"400", "413"} <= set(failures), (method, path)
        if method != "get":
            assert "409" in failures, (method, path)


def test_statuses_of_their_own_are_declared_by_their_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "410" in paths["/v1/orders"]["post"]["responses"]
    assert "410" in paths["/v1/fx/quotes/{quote_id}/consume"]["post"]["responses"]
    assert "415" in paths["/v1/services/{code}/rate-sheets/import"]["post"]["responses"]
    assert "415" not in paths["/v1/services/{code}/rate-sheets"]["post"]["responses"]
    health = paths["/healthz"]["get"]["responses"]
    assert set(health) == {"200", "503"}


def test_a_documented_problem_matches_what_is_answered(client: TestClient, keys: Keys) -> None:
    spec = client.get("/openapi.json").json()
    problem = spec["components"]["schemas"]["Problem"]
    body = assert_problem(client.get("/v1/merchants/mer_nope", headers=keys.h(keys.admin)), 404)
    assert set(problem["required"]) <= set(body) <= set(problem["properties"])


def test_method_not_allowed_names_every_method_of_the_path(client: TestClient, keys: Keys) -> None:
    r = client.request("OPTIONS", "/v1/merchants", headers=keys.h(keys.admin))
    assert_problem(r, 405)
    assert r.headers["allow"] == "GET, POST"
    r = client.delete(f"/v1/merchants/{keys.merchant_a}", headers=keys.h(keys.admin))
    assert_problem(r, 405)
    assert r.headers["allow"] == "GET, PATCH"
    # a concrete path before a templated one, as OpenAPI matches them: not GET /v1/rules/{key}
    r = client.request("OPTIONS", "/v1/rules/evaluate", headers=keys.h(keys.officer))
    assert_problem(r, 405)
    assert r.headers["allow"] == "POST"

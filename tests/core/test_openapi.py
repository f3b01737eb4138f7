"""The OpenAPI document lists the problem answers of every operation; a 405 names every allowed method."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Keys
from tests.core.test_api_basics import assert_problem

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
METHODS = {"get", "put", "post", "delete", "patch"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items() if m in METHODS]


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

"""Problem documents, operations endpoints, merchants and pagination through the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Keys

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}


def assert_problem(r, status: int, field: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert "Traceback" not in r.text
    if field is not None:
        assert field in {e["field"] for e in body["errors"]}, body
    return body


def test_health_ready_metrics_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/me", "/v1/merchants", "/v1/merchants/{merchant_id}"} <= set(paths)
    client.get("/v1/me")
    metrics = client.get("/metrics").text
    assert 'http_requests_total{method="GET",route="/v1/me",status="401"}' in metrics
    assert "http_request_duration_seconds_bucket" in metrics


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc12345-req"}).headers["x-request-id"]
        == "abc12345-req"
    )
    assert len(client.get("/healthz").headers["x-request-id"]) == 32


def test_me(client: TestClient, keys: Keys) -> None:
    assert_problem(client.get("/v1/me"), 401)
    body = client.get("/v1/me", headers=keys.h(keys.merchant)).json()
    assert body["role"] == "merchant"
    assert body["merchant_id"] == keys.merchant_a


def test_malformed_json_is_400(client: TestClient, keys: Keys) -> None:
    r = client.post(
        "/v1/merchants",
        content=b"{not json",
        headers=keys.h(keys.admin, **{"Content-Type": "application/json"}),
    )
    assert_problem(r, 400, "body")


def test_validation_is_422_naming_each_field(client: TestClient, keys: Keys) -> None:
    r = client.post(
        "/v1/merchants",
        json={"name": "", "country": "XX", "settlement_currency": "USX"},
        headers=keys.h(keys.admin),
    )
    body = assert_problem(r, 422)
    assert {e["field"] for e in body["errors"]} == {"name", "country", "settlement_currency"}
    assert_problem(
        client.post("/v1/merchants", json={"name": "x", "country": "SG"}, headers=keys.h(keys.admin)),
        422,
        "settlement_currency",
    )
    assert_problem(client.post("/v1/merchants", json=[1, 2], headers=keys.h(keys.admin)), 422)


def test_body_over_one_mebibyte_is_413(client: TestClient, keys: Keys) -> None:
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    assert_problem(
        client.post(
            "/v1/merchants", content=big, headers=keys.h(keys.admin, **{"Content-Type": "application/json"})
        ),
        413,
    )

    # a streamed body without Content-Length is counted as it arrives
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 65536

    r = client.post("/v1/merchants", content=chunks(), headers=keys.h(keys.admin))
    assert_problem(r, 413)


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/v1/nope"), 404)
    assert_problem(client.delete("/healthz"), 405)


def test_merchant_lifecycle_and_tenancy(client: TestClient, keys: Keys) -> None:
    r = client.post(
        "/v1/merchants",
        json={"name": "Gamma Goods", "country": "SG", "settlement_currency": "SGD"},
        headers=keys.h(keys.admin),
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["id"].startswith("mer_")
    assert created["trader_verification"] == "unverified"
    assert created["created_at"].endswith("Z") or created["created_at"].endswith("+00:00")
    got = client.get(f"/v1/merchants/{created['id']}", headers=keys.h(keys.admin)).json()
    assert got == created
    r = client.patch(
        f"/v1/merchants/{created['id']}", json={"trader_verification": "verified"}, headers=keys.h(keys.admin)
    )
    assert r.json()["trader_verification"] == "verified"
    # a merchant sees itself, and gets 404 (not 403) for another merchant
    assert client.get(f"/v1/merchants/{keys.merchant_a}", headers=keys.h(keys.merchant)).status_code == 200
    assert_problem(client.get(f"/v1/merchants/{keys.merchant_b}", headers=keys.h(keys.merchant)), 404)
    assert_problem(client.get("/v1/merchants/mer_missing", headers=keys.h(keys.admin)), 404)


def test_pagination(client: TestClient, keys: Keys) -> None:
    for i in range(5):
        client.post(
            "/v1/merchants",
            json={"name": f"M{i}", "country": "MY", "settlement_currency": "MYR"},
            headers=keys.h(keys.admin),
        )
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"starting_after": cursor} if cursor else {})}
        page = client.get("/v1/merchants", params=params, headers=keys.h(keys.admin)).json()
        seen += [m["id"] for m in page["data"]]
        if not page["has_more"]:
            break
        cursor = page["data"][-1]["id"]
    assert len(seen) == 7  # two from the fixture, five here
    assert seen == sorted(seen, reverse=True)
    assert len(set(seen)) == 7
    assert_problem(client.get("/v1/merchants", params={"limit": 0}, headers=keys.h(keys.admin)), 422, "limit")
    assert_problem(
        client.get("/v1/merchants", params={"limit": 101}, headers=keys.h(keys.admin)), 422, "limit"
    )


@pytest.mark.parametrize(
    "bad", [{"name": "x"}, {"name": "x", "country": "SG", "settlement_currency": "SGD", "x": 1}]
)
def test_bad_input_changes_nothing(client: TestClient, keys: Keys, bad: dict) -> None:  # type: ignore[type-arg]
    before = client.get("/v1/merchants", headers=keys.h(keys.admin)).json()["data"]
    assert client.post("/v1/merchants", json=bad, headers=keys.h(keys.admin)).status_code == 422
    assert client.get("/v1/merchants", headers=keys.h(keys.admin)).json()["data"] == before

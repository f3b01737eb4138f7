from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Keys


def test_me_without_key_is_401_problem(client: TestClient) -> None:
    r = client.get("/v1/me")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 401
    assert body["type"] == "/problems/unauthenticated"


def test_me_as_admin(client: TestClient, keys: Keys) -> None:
    r = client.get("/v1/me", headers=keys.h(keys.admin))
    assert r.status_code == 200
    assert r.json()["role"] == "admin"

"""API keys and roles: 401 without a valid key, 403 for a role that may not,
404 for another tenant's object."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.auth import authenticate, create_api_key, revoke_api_key
from core.errors import InvalidInput, Unauthenticated
from core.models import ApiKey, Role
from tests.conftest import Keys

PUBLIC = {"/healthz", "/readyz", "/metrics"}
SIGNED = {"/v1/webhooks/stripe"}  # authenticated by Stripe's signature, not an API key (tested in settlement)


def _operations(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item]


def test_every_v1_route_needs_a_key(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    operations = [(m, p) for m, p in _operations(app) if p.startswith("/v1") and p not in SIGNED]
    assert len(operations) >= 7
    for method, template in operations:
        path = re.sub(r"\{[^}]+\}", "x", template)
        r = client.request(method, path, json={})
        assert r.status_code == 401, f"{method} {template} answered {r.status_code} without a key"
        r = client.request(method, path, json={}, headers={"Authorization": "Bearer tlk_bogus"})
        assert r.status_code == 401, f"{method} {template} accepted a bogus key"


def test_public_routes_are_only_operations(app) -> None:  # type: ignore[no-untyped-def]
    public = {p for _, p in _operations(app) if not p.startswith("/v1")}
    assert public <= PUBLIC


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Basic abc",
        "Bearer",
        "Bearer tlk_",
        "bearer sk_test_123",
        "Bearer tlk_01aaaaaaaaaaaaaaaaaaaaaaaa_wrongsecret",
    ],
)
def test_malformed_or_unknown_keys_are_401(client: TestClient, keys: Keys, header: str) -> None:
    r = client.get("/v1/me", headers={"Authorization": header} if header else {})
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_wrong_secret_for_a_real_key_id_is_401(client: TestClient, keys: Keys) -> None:
    prefix = "tlk_" + keys.admin.removeprefix("tlk_").split("_", 1)[0]
    tampered = keys.admin[:-1] + ("A" if keys.admin[-1] != "A" else "B")
    assert client.get("/v1/me", headers=keys.h(tampered)).status_code == 401
    assert client.get("/v1/me", headers=keys.h(prefix + "_x")).status_code == 401


@pytest.mark.parametrize("role", ["shop", "merchant", "officer"])
def test_admin_routes_are_403_for_other_roles(client: TestClient, keys: Keys, role: str) -> None:
    key = {"shop": keys.shop, "merchant": keys.merchant, "officer": keys.officer}[role]
    for method, path in [
        ("GET", "/v1/merchants"),
        ("POST", "/v1/merchants"),
        ("GET", "/v1/api-keys"),
        ("POST", "/v1/api-keys"),
    ]:
        r = client.request(method, path, json={}, headers=keys.h(key))
        assert r.status_code == 403, (method, path, r.status_code)
        assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("role", ["shop", "officer", "other_merchant"])
def test_one_merchant_is_for_admin_or_that_merchant_only(client: TestClient, keys: Keys, role: str) -> None:
    key = {"shop": keys.shop, "officer": keys.officer, "other_merchant": keys.other_merchant}[role]
    missing = client.get("/v1/merchants/mer_missing", headers=keys.h(key))
    assert missing.status_code == 404
    r = client.get(f"/v1/merchants/{keys.merchant_a}", headers=keys.h(key))
    assert r.status_code == 404, r.text  # the same answer as for a merchant that does not exist
    assert r.headers["content-type"] == "application/problem+json"
    assert "Alpha" not in r.text
    assert r.json()["type"] == missing.json()["type"]
    path = f"/v1/merchants/{keys.merchant_a}"
    assert client.get(path, headers=keys.h(keys.admin)).status_code == 200
    assert client.get(path, headers=keys.h(keys.merchant)).status_code == 200


def test_key_secrets_are_stored_only_as_hashes(session: Session) -> None:
    issued = create_api_key(session, role=Role.shop)
    stored = session.exec(select(ApiKey).where(ApiKey.id == issued.record.id)).one()
    secret = issued.secret.removeprefix("tlk_").split("_", 1)[1]  # the secret itself may contain "_"
    assert secret not in stored.secret_hash
    assert len(stored.secret_hash) == 64
    assert authenticate(session, f"Bearer {issued.secret}").role is Role.shop


def test_revoked_key_stops_working(client: TestClient, keys: Keys) -> None:
    r = client.post("/v1/api-keys", json={"role": "shop", "label": "checkout"}, headers=keys.h(keys.admin))
    assert r.status_code == 201
    created = r.json()
    assert client.get("/v1/me", headers=keys.h(created["key"])).json()["role"] == "shop"
    listed = client.get("/v1/api-keys", headers=keys.h(keys.admin)).json()["data"]
    assert created["id"] in {k["id"] for k in listed}
    assert all("key" not in k and "secret_hash" not in k for k in listed)
    r = client.post(f"/v1/api-keys/{created['id']}/revoke", headers=keys.h(keys.admin))
    assert r.json()["revoked_at"] is not None
    assert client.get("/v1/me", headers=keys.h(created["key"])).status_code == 401


def test_merchant_keys_must_name_an_existing_merchant(session: Session, keys: Keys) -> None:
    with pytest.raises(InvalidInput):
        create_api_key(session, role=Role.merchant)
    with pytest.raises(InvalidInput):
        create_api_key(session, role=Role.merchant, merchant_id="mer_nope")
    with pytest.raises(InvalidInput):
        create_api_key(session, role=Role.shop, merchant_id=keys.merchant_a)


def test_revoke_in_service(session: Session) -> None:
    issued = create_api_key(session, role=Role.admin)
    revoke_api_key(session, key_id=issued.record.id)
    with pytest.raises(Unauthenticated):
        authenticate(session, f"Bearer {issued.secret}")

"""Trader information (EU DSA art. 30) through the API: a merchant gives and sees only its own, an admin
verifies it, every change is recorded with who made it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from core.auth import principal_for
from core.merchants import merchant_info
from tests.conftest import Keys

INFO: dict[str, Any] = {
    "legal_name": "Alpha Apparel Trading Ltd.",
    "address": {"line1": "12 Harbour Road", "city": "Shenzhen", "postal_code": "518000", "country": "CN"},
    "email": "legal@alpha.example",
    "phone": "+8675512345678",
    "registration_number": "91440300MA5ALPHA1",
    "trade_register": "National Enterprise Credit Information Publicity System",
    "self_certification": True,
}


def _new_merchant(client: TestClient, keys: Keys, **extra: Any) -> str:
    body = {"name": "Gamma Goods", "country": "CN", "settlement_currency": "USD", **extra}
    r = client.post("/v1/merchants", json=body, headers=keys.h(keys.admin))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _merchant_key(client: TestClient, keys: Keys, merchant_id: str) -> str:
    r = client.post(
        "/v1/api-keys", json={"role": "merchant", "merchant_id": merchant_id}, headers=keys.h(keys.admin)
    )
    assert r.status_code == 201, r.text
    return str(r.json()["key"])


def test_a_merchant_gives_its_information_and_an_admin_verifies_it(client: TestClient, keys: Keys) -> None:
    mid = _new_merchant(client, keys)
    own = _merchant_key(client, keys, mid)
    path = f"/v1/merchants/{mid}/trader"
    r = client.get(path, headers=keys.h(own))
    assert r.status_code == 200, r.text
    assert r.json()["verification"] == "unverified"
    assert r.json()["missing"] == [
        "legal_name",
        "address",
        "email",
        "phone",
        "registration_number",
        "trade_register",
        "self_certification",
        "verification",
    ]

    r = client.put(path, json=INFO, headers=keys.h(own))
    assert r.status_code == 200, r.text
    given = r.json()
    assert (given["verification"], given["missing"]) == ("pending", ["verification"])
    assert given["address"]["city"] == "Shenzhen"
    assert given["self_certified_at"] is not None
    assert merchant_info(mid).trader_missing == ("verification",)

    r = client.post(f"{path}/verification", json={"state": "verified"}, headers=keys.h(own))
    assert r.status_code == 403  # a merchant does not verify itself
    r = client.post(
        f"{path}/verification",
        json={"state": "verified", "reason": "registry extract checked"},
        headers=keys.h(keys.admin),
    )
    assert r.status_code == 200, r.text
    assert (r.json()["verification"], r.json()["missing"]) == ("verified", [])
    assert merchant_info(mid).trader_missing == ()
    assert client.get(f"/v1/merchants/{mid}", headers=keys.h(own)).json()["trader_verification"] == "verified"

    # the same information again changes nothing; new information waits for verification again
    assert client.put(path, json=INFO, headers=keys.h(own)).json()["verification"] == "verified"
    moved = {**INFO, "address": {**INFO["address"], "line1": "8 New Pier"}}
    r = client.put(path, json=moved, headers=keys.h(own))
    assert (r.json()["verification"], r.json()["missing"]) == ("pending", ["verification"])

    events = client.get(f"{path}/events", headers=keys.h(own)).json()["data"]
    admin_id = principal_for(f"Bearer {keys.admin}").actor_id
    own_id = principal_for(f"Bearer {own}").actor_id
    assert [(e["action"], e["state_before"], e["state_after"], e["actor"]) for e in events] == [
        ("information", "verified", "pending", own_id),
        ("verification", "pending", "verified", admin_id),
        ("information", "unverified", "pending", own_id),
    ]
    assert events[1]["reason"] == "registry extract checked"
    assert events[0]["information"]["address"]["line1"] == "8 New Pier"


def test_only_the_merchant_itself_and_admins_see_or_change_its_information(
    client: TestClient, keys: Keys
) -> None:
    path = f"/v1/merchants/{keys.merchant_a}/trader"
    for key in (keys.other_merchant, keys.shop, keys.officer):
        for method, body in (("GET", None), ("PUT", INFO)):
            r = client.request(method, path, json=body, headers=keys.h(key))
            assert r.status_code == 404, (method, r.text)  # as for a merchant that does not exist
            assert "Alpha" not in r.text
        assert client.get(f"{path}/events", headers=keys.h(key)).status_code == 404
        r = client.post(f"{path}/verification", json={"state": "rejected"}, headers=keys.h(key))
        assert r.status_code == 403
    assert client.get(path, headers=keys.h(keys.merchant)).json()["legal_name"] == "Alpha Apparel Ltd."
    assert client.get(path, headers=keys.h(keys.admin)).status_code == 200
    r = client.put(path, json={**INFO, "legal_name": "Alpha Apparel GmbH"}, headers=keys.h(keys.admin))
    assert r.status_code == 200, r.text  # an admin may give it for the merchant
    assert client.get("/v1/merchants/mer_missing/trader", headers=keys.h(keys.admin)).status_code == 404


def test_verification_needs_complete_information(client: TestClient, keys: Keys) -> None:
    mid = _new_merchant(client, keys)
    partial = {k: v for k, v in INFO.items() if k not in ("phone", "trade_register")}
    partial["self_certification"] = False
    r = client.put(f"/v1/merchants/{mid}/trader", json=partial, headers=keys.h(keys.admin))
    assert r.json()["missing"] == ["phone", "trade_register", "self_certification", "verification"]
    r = client.post(
        f"/v1/merchants/{mid}/trader/verification", json={"state": "verified"}, headers=keys.h(keys.admin)
    )
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["type"] == "/problems/trader-information-incomplete"
    assert problem["missing"] == ["phone", "trade_register", "self_certification"]
    assert {e["field"] for e in problem["errors"]} == {
        "trader.phone",
        "trader.trade_register",
        "trader.self_certification",
    }
    r = client.post(
        f"/v1/merchants/{mid}/trader/verification",
        json={"state": "rejected", "reason": "no registry entry"},
        headers=keys.h(keys.admin),
    )
    assert r.json()["verification"] == "rejected"


def test_bad_information_is_a_422_naming_the_field(client: TestClient, keys: Keys) -> None:
    path = f"/v1/merchants/{keys.merchant_a}/trader"
    for patch, field in (
        ({"phone": "0341 2345"}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"self_certification": "yes"}, "self_certification"),
        ({"address": {**INFO["address"], "country": "XX"}}, "address.country"),
        ({"legal_name": ""}, "legal_name"),
        ({"website": "x"}, "website"),
    ):
        r = client.put(path, json={**INFO, **patch}, headers=keys.h(keys.merchant))
        assert r.status_code == 422, (patch, r.text)
        assert field in {e["field"] for e in r.json()["errors"]}, r.json()


def test_information_given_at_creation_counts(client: TestClient, keys: Keys) -> None:
    mid = _new_merchant(client, keys, trader=INFO, trader_verification="verified")
    r = client.get(f"/v1/merchants/{mid}/trader", headers=keys.h(keys.admin))
    assert (r.json()["verification"], r.json()["missing"]) == ("verified", [])
    events = client.get(f"/v1/merchants/{mid}/trader/events", headers=keys.h(keys.admin)).json()["data"]
    assert sorted((e["action"], e["state_before"], e["state_after"], e["reason"]) for e in events) == [
        ("information", "unverified", "pending", ""),  # both in the same instant: ids do not order them
        ("verification", "pending", "verified", "given at creation"),
    ]


def test_a_state_set_by_patch_is_recorded(client: TestClient, keys: Keys) -> None:
    r = client.patch(
        f"/v1/merchants/{keys.merchant_b}",
        json={"trader_verification": "rejected"},
        headers=keys.h(keys.admin),
    )
    assert r.status_code == 200, r.text
    events = client.get(f"/v1/merchants/{keys.merchant_b}/trader/events", headers=keys.h(keys.admin))
    first = events.json()["data"][0]
    assert (first["state_before"], first["state_after"]) == ("verified", "rejected")
    assert first["actor"] == principal_for(f"Bearer {keys.admin}").actor_id
    assert merchant_info(keys.merchant_b).trader_missing == ("verification",)

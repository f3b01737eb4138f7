"""Idempotency-Key: replays, conflicts, concurrency, failures that free the key, expiry."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from core.clock import frozen, utc_now
from core.db import unit_of_work
from core.models import IdempotencyRecord, Merchant
from tests.conftest import Keys

BODY = {"name": "Idem Imports", "country": "TH", "settlement_currency": "THB"}


def merchant_count() -> int:
    with unit_of_work(write=False) as s:
        return s.exec(select(func.count()).select_from(Merchant).where(Merchant.name == BODY["name"])).one()


def post(client: TestClient, keys: Keys, key: str, body: dict | None = None, who: str | None = None):  # type: ignore[no-untyped-def, type-arg]
    return client.post(
        "/v1/merchants", json=body or BODY, headers=keys.h(who or keys.admin, **{"Idempotency-Key": key})
    )


def test_replay_returns_the_first_status_and_body(client: TestClient, keys: Keys) -> None:
    first = post(client, keys, "k-1")
    assert first.status_code == 201
    again = post(client, keys, "k-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    # key order and spacing do not make a different request
    reordered = client.post(
        "/v1/merchants",
        content=b'{"settlement_currency":"THB","country":"TH",  "name":"Idem Imports"}',
        headers=keys.h(keys.admin, **{"Idempotency-Key": "k-1", "Content-Type": "application/json"}),
    )
    assert reordered.json() == first.json()
    assert merchant_count() == 1


def test_same_key_different_body_is_409(client: TestClient, keys: Keys) -> None:
    assert post(client, keys, "k-2").status_code == 201
    r = post(client, keys, "k-2", {**BODY, "name": "Other"})
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/idempotency-key-reused"
    assert merchant_count() == 1


def test_keys_belong_to_their_principal(client: TestClient, keys: Keys, session: Session) -> None:
    from core.auth import create_api_key
    from core.models import Role

    second_admin = create_api_key(session, role=Role.admin).secret
    session.commit()
    assert post(client, keys, "shared").status_code == 201
    assert post(client, keys, "shared", who=second_admin).status_code == 201
    assert merchant_count() == 2


def test_failed_request_frees_the_key(client: TestClient, keys: Keys) -> None:
    assert post(client, keys, "k-3", {**BODY, "country": "XX"}).status_code == 422
    assert post(client, keys, "k-3").status_code == 201
    assert merchant_count() == 1


def test_bad_key_and_bad_auth(client: TestClient, keys: Keys) -> None:
    assert post(client, keys, "x" * 256).status_code == 422
    r = client.post("/v1/merchants", json=BODY, headers={"Idempotency-Key": "k-4"})
    assert r.status_code == 401
    assert merchant_count() == 0


def test_concurrent_requests_with_one_key_have_one_effect(app, keys: Keys) -> None:  # type: ignore[no-untyped-def]
    statuses: list[int] = []
    bodies: list[dict] = []  # type: ignore[type-arg]
    barrier = threading.Barrier(8)

    def worker() -> None:
        with TestClient(app) as c:
            barrier.wait()
            r = post(c, keys, "race")
            statuses.append(r.status_code)
            if r.status_code == 201:
                bodies.append(r.json())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert merchant_count() == 1
    assert set(Counter(statuses)) <= {201, 409}
    assert statuses.count(201) >= 1
    assert all(b == bodies[0] for b in bodies)


def test_stale_claim_is_taken_over_and_expired_keys_are_reused(client: TestClient, keys: Keys) -> None:
    assert post(client, keys, "k-5").status_code == 201
    with frozen(utc_now() + timedelta(hours=25)):
        r = post(client, keys, "k-5", {**BODY, "name": "Idem Imports"})
        assert r.status_code == 201
        assert "idempotent-replayed" not in r.headers
    assert merchant_count() == 2
    # a claim left in progress by a crashed process
    with unit_of_work() as s:
        s.add(
            IdempotencyRecord(
                principal="key_x",
                key="crashed",
                request_hash="h",
                method="POST",
                path="/",
                created_at=utc_now() - timedelta(minutes=10),
                locked_at=utc_now() - timedelta(minutes=10),
            )
        )
    from core import idempotency

    with unit_of_work() as s:
        from core.auth import Principal
        from core.models import Role

        claim = idempotency._claim(
            s, Principal("key_x", Role.admin), key="crashed", digest="h2", method="POST", path="/"
        )
    assert claim is not None
    assert claim.replay is None


def test_purge_removes_only_expired_records(client: TestClient, keys: Keys) -> None:
    from core.idempotency import purge_expired

    post(client, keys, "k-6")
    with unit_of_work() as s:
        assert purge_expired(s) == 0
    with frozen(utc_now() + timedelta(hours=25)), unit_of_work() as s:
        assert purge_expired(s) == 1

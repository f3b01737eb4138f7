"""The request path: limits that hold together, backpressure, the key cache and its revocation, snapshots."""

from __future__ import annotations

import asyncio
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from core import snapshots
from core.auth import create_api_key, principal_for
from core.backpressure import Saturated, Slots
from core.clock import utc_now
from core.config import ConfigError, get_settings, load_settings
from core.db import ReadOnlyUnit, unit_of_work
from core.errors import Unauthenticated
from core.merchants import MerchantCreate, MerchantNotFound, create_merchant, merchant_info
from core.models import ApiKey, Role
from main import create_app
from tests.conftest import Keys

# --- settings -------------------------------------------------------------------------------------------


def test_a_pool_smaller_than_the_in_flight_limit_stops_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_DB_POOL_SIZE", "4")
    monkeypatch.setenv("APP_MAX_IN_FLIGHT", "10")
    with pytest.raises(ConfigError, match="APP_DB_POOL_SIZE"):
        load_settings()
    monkeypatch.setenv("APP_DB_MAX_OVERFLOW", "6")
    assert load_settings().max_in_flight == 10


def test_too_few_threads_for_the_in_flight_limit_stops_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_MAX_IN_FLIGHT", "4")
    monkeypatch.setenv("APP_THREADS", "2")
    with pytest.raises(ConfigError, match="APP_THREADS"):
        load_settings()


# --- slots ----------------------------------------------------------------------------------------------


async def test_slots_run_up_to_the_limit_and_queue_the_rest_in_order() -> None:
    slots = Slots(2, max_queued=10, timeout=5)
    await slots.acquire()
    await slots.acquire()
    order: list[int] = []

    async def waiter(n: int) -> None:
        await slots.acquire()
        order.append(n)

    tasks = [asyncio.create_task(waiter(n)) for n in range(3)]
    await asyncio.sleep(0.01)
    assert (slots.running, slots.queued, order) == (2, 3, [])
    for _ in range(3):
        slots.release()
        await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2]
    assert slots.running == 2  # the three took over the released slots one by one


async def test_a_full_queue_sheds_at_once() -> None:
    slots = Slots(1, max_queued=1, timeout=5)
    await slots.acquire()
    queued = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0.01)
    start = time.perf_counter()
    with pytest.raises(Saturated):
        await slots.acquire()
    assert time.perf_counter() - start < 0.05
    slots.release()
    await queued


async def test_a_wait_that_runs_out_sheds_and_leaves_no_trace() -> None:
    slots = Slots(1, max_queued=5, timeout=0.05)
    await slots.acquire()
    with pytest.raises(Saturated):
        await slots.acquire()
    assert slots.queued == 0
    slots.release()
    assert slots.running == 0


async def test_a_cancelled_waiter_does_not_swallow_a_slot() -> None:
    slots = Slots(1, max_queued=5, timeout=5)
    await slots.acquire()
    task = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    slots.release()
    assert (slots.running, slots.queued) == (0, 0)
    await asyncio.wait_for(slots.acquire(), 0.1)


def test_a_saturated_process_answers_503_with_retry_after(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_MAX_IN_FLIGHT", "1")
    monkeypatch.setenv("APP_MAX_QUEUED", "0")
    get_settings.cache_clear()
    app = create_app()
    keys = Keys()
    with TestClient(app) as client:
        # hold the only slot from inside a request: the limiter is per event loop, reached through the app
        limiter = next(m for m in app.user_middleware if m.cls.__name__ == "InFlightLimit")
        assert limiter.kwargs["limit"] == 1
        r = client.get("/v1/me", headers=Keys.h(keys.shop))
        assert r.status_code == 200
        stack = app.middleware_stack
        while stack is not None and type(stack).__name__ != "InFlightLimit":
            stack = getattr(stack, "app", None)
        assert stack is not None
        slots = client.portal.call(stack.slots)  # type: ignore[union-attr]
        slots.running = 1  # as if a request were running
        r = client.get("/v1/me", headers=Keys.h(keys.shop))
        assert r.status_code == 503
        assert r.headers["retry-after"] == "1"
        assert r.json()["type"] == "/problems/overloaded"
        assert client.get("/healthz").status_code == 200  # never limited
        slots.running = 0
        assert client.get("/v1/me", headers=Keys.h(keys.shop)).status_code == 200


# --- the key cache ----------------------------------------------------------------------------------------


def test_the_key_cache_answers_without_the_database_once_warm(session: Session) -> None:
    issued = create_api_key(session, role=Role.shop)
    session.commit()
    header = f"Bearer {issued.secret}"
    assert principal_for(header) is not None
    assert principal_for(header, io=False) is not None
    with pytest.raises(Unauthenticated):
        principal_for(header[:-2] + "xx")  # a wrong secret for a cached id
    with pytest.raises(Unauthenticated):
        principal_for("Bearer tlk_" + "a" * 26 + "_nope")


def test_a_key_revoked_elsewhere_is_refused_within_a_second(db_url: str) -> None:
    """Another process revokes: this one learns it from the generation, through its refresher thread."""
    with unit_of_work() as s:
        issued = create_api_key(s, role=Role.shop)
    header = f"Bearer {issued.secret}"
    snapshots.start_refresher()
    try:
        assert principal_for(header) is not None
        with unit_of_work() as s:  # what the other process commits: the row and the generation, no local hook
            record = s.get(ApiKey, issued.record.id)
            assert record is not None
            record.revoked_at = utc_now()
            s.add(record)
            snapshots.bump(s, "api_keys")
        deadline = time.monotonic() + 1.0
        refused = False
        while time.monotonic() < deadline and not refused:
            try:
                principal_for(header, io=False) or principal_for(header)
            except Unauthenticated:
                refused = True
            else:
                time.sleep(0.02)
        assert refused, "the revocation was not seen within 1 s"
    finally:
        snapshots.stop_refresher()


# --- snapshots ---------------------------------------------------------------------------------------------


def test_a_snapshot_is_rebuilt_only_when_its_generation_moves(db_url: str) -> None:
    loads: list[int] = []

    def load(_s: Session, generation: int, _previous: object) -> int:
        loads.append(generation)
        return generation

    snap: snapshots.Snapshot[int] = snapshots.Snapshot("test_counter", load=load)
    try:
        assert snap.current() == 0
        snapshots.refresh_all()
        assert loads == [0]
        with unit_of_work() as s:
            snapshots.bump(s, "test_counter")
        snapshots.refresh_all()
        assert snap.current() == 1
        assert loads == [0, 1]
        with unit_of_work() as s:
            snapshots.bump(s, "test_counter", then=snap.invalidate)
        assert snap.current() == 2  # the writing process reads its own write at once
    finally:
        snapshots._registry.remove(snap)


def test_merchants_are_kept_per_process_and_follow_their_changes(client: TestClient, keys: Keys) -> None:
    with pytest.raises(MerchantNotFound):
        merchant_info("mer_not_yet")  # a miss is not remembered ...
    with unit_of_work() as s:
        create_merchant(
            s,
            data=MerchantCreate(name="Late", country="SG", settlement_currency="SGD"),
            merchant_id="mer_not_yet",
        )
    assert merchant_info("mer_not_yet").settlement_currency == "SGD"  # ... so the new merchant is found
    r = client.patch(
        f"/v1/merchants/{keys.merchant_a}", headers=Keys.h(keys.admin), json={"settlement_currency": "EUR"}
    )
    assert r.status_code == 200, r.text
    assert merchant_info(keys.merchant_a).settlement_currency == "EUR"
    with pytest.raises(MerchantNotFound):
        merchant_info(keys.merchant_b, principal=principal_for(f"Bearer {keys.merchant}"))


def test_a_read_unit_on_postgresql_runs_without_a_transaction_and_refuses_writes(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite read units keep their snapshot transaction")
    with unit_of_work(write=False) as s:
        assert s.connection().connection.driver_connection.autocommit  # type: ignore[union-attr]
        with pytest.raises(ReadOnlyUnit):
            s.execute(text("UPDATE merchants SET name = name"))

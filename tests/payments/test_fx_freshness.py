"""Reference rates with an age limit: counted in TARGET business days from the publication of the freshest
rates to today's clock; older rates are refused for FX locks and shipping quotes (503 naming the age) unless a
refresh brings newer ones first; `/readyz` reports the age and is not ready past the limit; `/metrics` shows
the age, the limit and the refresh task's last run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.clock import frozen
from core.config import get_settings
from core.db import unit_of_work
from payments import fx_quotes
from payments.demo import seed_demo
from payments.freshness import business_days_after
from payments.fx import ecb_rates
from payments.tasks import refresh_fx_rates
from tests.conftest import Keys
from tests.payments.conftest import Served, closed_port

LAST_ECB_DAY = date(2026, 10, 30)
"""The bundled history's last publication day (a Friday): the tests' instants count from it."""
FX_LOCK = {
    "sell_currency": "USD",
    "buy_currency": "EUR",
    "sell_amount": {"amount": "1000.00", "currency": "USD"},
    "lock_seconds": 600,
}


def test_business_days_count_target_publication_days() -> None:
    assert business_days_after(date(2026, 10, 30), date(2026, 10, 30)) == 0
    assert business_days_after(date(2026, 10, 30), date(2026, 11, 1)) == 0  # the weekend
    assert business_days_after(date(2026, 10, 30), date(2026, 11, 6)) == 5
    assert business_days_after(date(2026, 10, 30), date(2026, 11, 9)) == 6
    assert business_days_after(date(2026, 12, 24), date(2026, 12, 28)) == 1  # 25 Dec shut, 26 Dec a Saturday
    assert business_days_after(date(2026, 4, 2), date(2026, 4, 7)) == 1  # Good Friday, Easter Monday
    assert business_days_after(date(2025, 12, 31), date(2026, 1, 2)) == 1  # New Year's Day


@pytest.fixture
def limit_5(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    assert ecb_rates().last_date >= LAST_ECB_DAY
    monkeypatch.setenv("APP_FX_MAX_AGE_BUSINESS_DAYS", "5")
    get_settings.cache_clear()
    fx_quotes.invalidate()
    yield
    get_settings.cache_clear()
    fx_quotes.invalidate()


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def _quote_cart(keys: Keys) -> dict[str, Any]:
    return {
        "merchant_id": keys.merchant_a,
        "destination": {"country": "ID"},
        "items": [
            {
                "sku": "MUG-1",
                "quantity": 1,
                "weight_g": 500,
                "hs_code": "691200",
                "unit_price": {"amount": "12.50", "currency": "USD"},
            }
        ],
        "currency": "IDR",
    }


def _only_for_bundle(day: date) -> bool:
    """The bundle may be newer than the one these instants were chosen for: then skip."""
    return ecb_rates().publication_date(day) != LAST_ECB_DAY


def test_stale_rates_refuse_fx_locks_and_quotes(client: TestClient, keys: Keys, limit_5: None) -> None:
    if _only_for_bundle(date(2026, 11, 9)):
        pytest.skip("the bundled ECB history is newer than 2026-10-30")
    with frozen(_at(date(2026, 11, 6))):  # 5 business days: still within the limit
        fresh = client.post("/v1/fx/quotes", json=FX_LOCK, headers=keys.h(keys.shop))
        assert fresh.status_code == 201, fresh.text
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["fx_rates"] == {
            "state": "ok",
            "rates_as_of": "2026-10-30",
            "age_business_days": 5,
            "max_age_business_days": 5,
            "limit_source": "setting",
        }
    with frozen(_at(date(2026, 11, 9))):  # 6 business days: refused
        for path, body in (("/v1/fx/quotes", FX_LOCK), ("/v1/quotes", _quote_cart(keys))):
            r = client.post(path, json=body, headers=keys.h(keys.shop))
            assert r.status_code == 503, (path, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.headers["retry-after"] == "300"
            problem = r.json()
            assert problem["type"].endswith("/fx-rates-too-old")
            assert "2026-10-30, 6 TARGET business days old on 2026-11-09 (limit 5)" in problem["detail"]
            assert (problem["age_business_days"], problem["max_age_business_days"]) == (6, 5)
        not_ready = client.get("/readyz")
        assert not_ready.status_code == 503
        assert "fx_rates stale" in not_ready.json()["detail"]
        assert "6 TARGET business days old" in not_ready.json()["detail"]
        metrics = client.get("/metrics").text
        assert "fx_reference_rates_age_business_days 6.0" in metrics
        assert "fx_reference_rates_max_age_business_days 5.0" in metrics
        assert "fx_reference_rates_stale 1.0" in metrics


def test_a_refresh_that_brings_fresh_rates_lets_the_lock_through(
    client: TestClient,
    keys: Keys,
    limit_5: None,
    monkeypatch: pytest.MonkeyPatch,
    ecb_server: tuple[str, Served],
) -> None:
    """With a live provider, stale rates send the refresh task first (in-process here); the fresh rates it
    stores price the lock, and its run is on /metrics."""
    monkeypatch.setenv("APP_FX_PROVIDER", "live")
    monkeypatch.setenv("APP_FX_ECB_URL", ecb_server[0])
    get_settings.cache_clear()
    monkeypatch.setattr(fx_quotes, "_last_kick", [0.0])
    with frozen(_at(date(2026, 11, 25))):
        r = client.post("/v1/fx/quotes", json=FX_LOCK, headers=keys.h(keys.shop))
        assert r.status_code == 201, r.text
        assert (r.json()["rate_date"], r.json()["source"]) == ("2026-11-25", "ecb")
        assert client.get("/readyz").json()["fx_rates"]["age_business_days"] == 0
        metrics = client.get("/metrics").text
    assert 'fx_refresh_last_ok{provider="ecb-daily"} 1.0' in metrics
    assert 'fx_refresh_last_stored_rows{provider="ecb-daily"} 3.0' in metrics
    assert "fx_reference_rates_stale 0.0" in metrics


def test_a_failed_refresh_leaves_the_refusal_and_is_on_metrics(
    client: TestClient,
    keys: Keys,
    limit_5: None,
    monkeypatch: pytest.MonkeyPatch,
    ecb_server: tuple[str, Served],
) -> None:
    monkeypatch.setenv("APP_FX_PROVIDER", "live")
    monkeypatch.setenv("APP_FX_LIVE_TIMEOUT_SECONDS", "2")
    monkeypatch.setenv("APP_FX_LIVE_RETRIES", "0")
    monkeypatch.setenv("APP_FX_ECB_URL", ecb_server[0])
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")  # forex-python: no network
    monkeypatch.delenv("NO_PROXY", raising=False)
    get_settings.cache_clear()
    monkeypatch.setattr(fx_quotes, "_last_kick", [0.0])
    ecb_server[1].status = 503
    with frozen(_at(date(2026, 11, 25))):
        r = client.post("/v1/fx/quotes", json=FX_LOCK, headers=keys.h(keys.shop))
        assert r.status_code == 503, r.text
        metrics = client.get("/metrics").text
    assert 'fx_refresh_last_ok{provider="live"} 0.0' in metrics
    assert 'fx_refresh_last_stored_rows{provider="live"} 0.0' in metrics


def test_the_demo_records_that_it_runs_on_the_bundled_history(
    client: TestClient, keys: Keys, limit_5: None
) -> None:
    """The demo says in its database that it has no age limit, and why: quotes go through on the bundled
    history, while /readyz and /metrics still say how old it is."""
    with unit_of_work() as s:
        seed_demo(s)
    refresh_fx_rates.apply(throw=True)  # the embedded provider has nothing to fetch: the run says so
    with frozen(_at(date(2026, 12, 7))):
        assert client.post("/v1/fx/quotes", json=FX_LOCK, headers=keys.h(keys.shop)).status_code == 201
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        rates = ready.json()["fx_rates"]
        assert (rates["state"], rates["limit_source"]) == ("ok", "policy")
        assert rates["max_age_business_days"] is None
        assert "bundled with the install" in rates["limit_reason"]
        metrics = client.get("/metrics").text
    assert "fx_reference_rates_max_age_business_days" not in metrics
    assert 'fx_refresh_last_ok{provider="ecb"} 1.0' in metrics

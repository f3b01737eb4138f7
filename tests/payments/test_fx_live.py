"""The refresh task's live sources: the ECB's daily file over HTTP (served here by a local server or httpx's
MockTransport: there is no network in tests) loaded through CurrencyConverter, forex-python as the fallback
in a child process killed at the timeout, and a malformed file refused with the stored rates left as they
were."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlmodel import select

from core.clock import frozen
from core.config import get_settings
from core.db import unit_of_work
from core.money import Money
from payments import fx, fx_live
from payments.errors import LiveRatesUnavailable
from payments.fx import EurRate, ecb_rates
from payments.fx_live import EcbDailyRates, ForexPythonRates
from payments.models import FxRate
from payments.tasks import refresh_fx_rates
from tests.payments.conftest import DAILY_CSV, Served, closed_port, daily_zip

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def at_now() -> Iterator[None]:
    with frozen(NOW):
        yield


@pytest.fixture
def no_proxy_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """forex-python's child process reaches its HTTPS source only through a proxy that refuses at once."""
    dead = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTPS_PROXY", "https_proxy"):  # the local ECB server is plain HTTP, and reached directly
        monkeypatch.setenv(name, dead)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)


@pytest.fixture
def live(
    db_url: str, ecb_server: tuple[str, Served], no_proxy_network: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Served]:
    monkeypatch.setenv("APP_FX_PROVIDER", "live")
    monkeypatch.setenv("APP_FX_LIVE_TIMEOUT_SECONDS", "3")
    monkeypatch.setenv("APP_FX_LIVE_RETRIES", "0")
    monkeypatch.setenv("APP_FX_ECB_URL", ecb_server[0])
    get_settings.cache_clear()
    yield ecb_server[1]
    get_settings.cache_clear()


def _store(as_of: date, **rates: str) -> None:
    with unit_of_work() as s:
        fx.store_rates(s, {c: EurRate(c, Decimal(r), as_of, (fx.LIVE_SOURCE,)) for c, r in rates.items()})


def _stored() -> list[tuple[str, str, date, Decimal]]:
    with unit_of_work(write=False) as s:
        return sorted((r.source, r.quote, r.as_of, r.rate) for r in s.exec(select(FxRate)))


# --- the ECB file ------------------------------------------------------------------------------------------


def test_the_daily_file_is_loaded_through_currency_converter_as_decimals() -> None:
    rates = fx_live.load_ecb_file(daily_zip(), today=NOW.date())
    assert rates == {
        "USD": EurRate("USD", Decimal("1.0512"), date(2026, 11, 25), ("ecb",)),
        "JPY": EurRate("JPY", Decimal("162.30"), date(2026, 11, 25), ("ecb",)),
        "GBP": EurRate("GBP", Decimal("0.87040"), date(2026, 11, 25), ("ecb",)),
    }
    as_csv = fx_live.load_ecb_file(DAILY_CSV.encode(), today=NOW.date())  # the CSV itself loads as well
    assert as_csv == rates


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"<html><body>Service unavailable</body></html>", "malformed ECB file"),
        (b"PK\x03\x04 not really a zip", "BadZipFile"),
        (daily_zip("Date, USD, \n25 November 2026, 1.05x, \n"), "malformed ECB file"),
        (daily_zip("Date, USD, \n31 November 2026, 1.05, \n"), "malformed ECB file"),
        (daily_zip("Date, USD, \n26 November 2026, 1.05, \n"), "after today"),
        (daily_zip("Date, USD, \n25 November 2026, 0, \n"), "USD rate"),
        (daily_zip("Date, XYZ, \n25 November 2026, 1.5, \n"), "no rates"),
    ],
)
def test_a_malformed_file_is_refused_whole(content: bytes, why: str) -> None:
    with pytest.raises(LiveRatesUnavailable, match=why):
        fx_live.load_ecb_file(content, today=NOW.date())


def test_network_errors_and_5xx_are_retried_with_backoff() -> None:
    answers: list[Any] = [
        httpx.ConnectError("refused"),
        httpx.Response(503),
        httpx.Response(200, content=daily_zip()),
    ]
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    pauses: list[float] = []
    source = EcbDailyRates(
        url="https://ecb.test/eurofxref.zip",
        timeout=1,
        retries=2,
        transport=httpx.MockTransport(handle),
        sleep=pauses.append,
    )
    assert source.eur_rates(NOW.date())["USD"].rate == Decimal("1.0512")
    assert (len(seen), pauses) == (3, [0.5, 1.0])


def test_a_4xx_is_not_retried_and_retries_end() -> None:
    calls: list[int] = []

    def handle(_: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(404 if len(calls) == 1 else 500)

    def source(retries: int) -> EcbDailyRates:
        return EcbDailyRates(
            url="https://ecb.test/x",
            timeout=1,
            retries=retries,
            transport=httpx.MockTransport(handle),
            sleep=lambda _: None,
        )

    with pytest.raises(LiveRatesUnavailable, match="HTTP 404"):
        source(3).fetch()
    assert len(calls) == 1
    with pytest.raises(LiveRatesUnavailable, match="HTTP 500"):
        source(2).fetch()
    assert len(calls) == 4


def test_a_slow_server_times_out(ecb_server: tuple[str, Served]) -> None:
    url, served = ecb_server
    served.delay = 1.0
    started = time.monotonic()
    with pytest.raises(LiveRatesUnavailable, match="ReadTimeout"):
        EcbDailyRates(url=url, timeout=0.2, retries=1, sleep=lambda _: None).fetch()
    assert time.monotonic() - started < 2.5  # two attempts of 0.2 s, not two of the server's 1 s
    assert served.hits == 2


# --- forex-python, the fallback ---------------------------------------------------------------------------


def test_forex_python_answers_are_decoded_as_decimals_on_the_publication_day() -> None:
    rates = fx_live.decode_forex_rates(
        '{"USD": "1.0512", "JPY": "162.3", "XYZ": "2", "GBP": "-1", "CHF": "x"}', as_of=date(2026, 11, 20)
    )
    assert rates == {
        "USD": EurRate("USD", Decimal("1.0512"), date(2026, 11, 20), ("forex-python",)),
        "JPY": EurRate("JPY", Decimal("162.3"), date(2026, 11, 20), ("forex-python",)),
    }
    with pytest.raises(LiveRatesUnavailable, match="no usable rates"):
        fx_live.decode_forex_rates('{"XYZ": "2"}', as_of=date(2026, 11, 20))
    assert fx_live.publication_day(date(2026, 11, 22)) == date(2026, 11, 20)  # a Sunday: Friday's rates
    assert fx_live.publication_day(date(2026, 12, 27)) == date(2026, 12, 24)  # before 25 and 26 December


def test_forex_python_without_network_fails_cleanly(no_proxy_network: None) -> None:
    with pytest.raises(LiveRatesUnavailable, match=r"ProxyError|ConnectionError"):
        ForexPythonRates(timeout=20).eur_rates(NOW.date())


def test_a_hung_forex_python_is_killed_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    silent = socket.socket()  # a proxy that accepts and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    try:
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{silent.getsockname()[1]}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        started = time.monotonic()
        with pytest.raises(LiveRatesUnavailable, match=r"within 1\.5 s"):
            ForexPythonRates(timeout=1.5).eur_rates(NOW.date())
        assert time.monotonic() - started < 4
    finally:
        silent.close()


class Answering:
    name = "forex-python"

    def eur_rates(self, on: date) -> dict[str, EurRate]:
        return {"USD": EurRate("USD", Decimal("1.06"), on, ("forex-python",))}


def test_a_timeout_of_the_ecb_falls_back_to_the_next_source(ecb_server: tuple[str, Served]) -> None:
    url, served = ecb_server
    served.delay = 1.0
    ecb = EcbDailyRates(url=url, timeout=0.2, retries=0)
    fetched = fx_live.fetch_live_rates(on=NOW.date(), sources=[ecb, Answering()])
    assert fetched.provider == "forex-python"
    assert fetched.rates["USD"].rate == Decimal("1.06")
    assert len(fetched.errors) == 1
    assert "ecb-daily: ECB file: ReadTimeout" in fetched.errors[0]


# --- the refresh task -------------------------------------------------------------------------------------


def test_refresh_stores_the_ecb_file_once(live: Served, at_now: None) -> None:
    first = refresh_fx_rates.apply(throw=True).result
    assert (first["ok"], first["provider"], first["stored"], first["rates_as_of"], first["age_days"]) == (
        True,
        "ecb-daily",
        3,
        "2026-11-25",
        0,
    )
    assert refresh_fx_rates.apply(throw=True).result["stored"] == 0  # a retry or a second run adds nothing
    assert _stored() == [
        ("ecb", "GBP", date(2026, 11, 25), Decimal("0.87040")),
        ("ecb", "JPY", date(2026, 11, 25), Decimal("162.30")),
        ("ecb", "USD", date(2026, 11, 25), Decimal("1.0512")),
    ]
    with unit_of_work(write=False) as s:
        c = fx.convert(s, Money(Decimal("105.12"), "USD"), "EUR")
    assert (c.result.amount, c.rate_date, c.source) == (Decimal("100.00"), date(2026, 11, 25), "ecb")


def test_a_malformed_file_leaves_the_stored_rates_as_they_were(live: Served, at_now: None) -> None:
    _store(date(2026, 11, 20), USD="1.05", JPY="160")
    before = _stored()
    live.body = daily_zip("Date, USD, \n25 November 2026, N/A?, \n")
    report = refresh_fx_rates.apply(throw=True).result
    assert report["ok"] is False
    assert "ecb-daily: malformed ECB file" in report["error"]
    assert "forex-python:" in report["error"]  # the fallback was tried, and had no network either
    assert (report["rates_as_of"], report["age_days"], report["stored"]) == ("2026-11-20", 5, 0)
    assert _stored() == before
    with unit_of_work(write=False) as s:
        c = fx.convert(s, Money(Decimal("105.00"), "USD"), "EUR")
    assert (c.result.amount, c.rate_date, c.cross.age_days) == (Decimal("100.00"), date(2026, 11, 20), 5)


def test_refresh_without_any_source_falls_back_to_the_bundle(live: Served, at_now: None) -> None:
    live.status = 503
    report = refresh_fx_rates.apply(throw=True).result
    assert report["ok"] is False
    assert "HTTP 503" in report["error"]
    assert report["rates_as_of"] == ecb_rates().last_date.isoformat()
    assert report["age_days"] == (NOW.date() - ecb_rates().last_date).days


def test_refresh_is_a_no_op_for_the_ecb_provider(db_url: str, ecb_server: tuple[str, Served]) -> None:
    assert get_settings().fx_provider == "ecb"
    report = refresh_fx_rates.apply(throw=True).result
    assert report["provider"] == "ecb"
    assert "skipped" in report
    assert ecb_server[1].hits == 0

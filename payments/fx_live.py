"""Live reference rates for the refresh task: the ECB's daily file, and forex-python when it fails.

- `EcbDailyRates` fetches the ECB's daily reference file with httpx (a timeout per attempt, retries with
  backoff after a network error or a 5xx) and loads it into `CurrencyConverter` through its constructor, which
  takes a file path; the rates are read back with its public `currencies`, `bounds` and `convert`. A file that
  does not load, carries no usable rate or is dated in the future is refused whole: nothing is stored.
- `ForexPythonRates` is the fallback: forex-python's public `CurrencyRates.get_rates`, run in a child process
  that is killed at the same timeout (the library's HTTP calls take none, and a thread cannot be stopped).

Only the refresh task calls these; requests never wait on the network.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

import httpx
from currency_converter import CurrencyConverter

from core.config import get_settings
from payments.errors import LiveRatesUnavailable
from payments.freshness import is_publication_day
from payments.fx import ECB_SOURCE, LIVE_SOURCE, MAX_RATE, MIN_RATE, PIVOT, EurRate, RateProvider, is_currency

BACKOFF_SECONDS = 0.5
"""The pause before the first retry of the ECB file; doubled before each next one."""


def _usable(code: object, value: object) -> bool:
    return (
        isinstance(code, str)
        and code != PIVOT
        and is_currency(code)
        and isinstance(value, Decimal)
        and value.is_finite()
        and MIN_RATE <= value <= MAX_RATE
    )


def load_ecb_file(content: bytes, *, today: date) -> dict[str, EurRate]:
    """The rates of an ECB reference file (zip or CSV) of its latest day, read through `CurrencyConverter`.

    Raises LiveRatesUnavailable naming what is wrong: not a file CurrencyConverter reads, no usable rate, a
    day after `today`."""
    suffix = ".zip" if content.startswith(b"PK") else ".csv"
    with tempfile.TemporaryDirectory(prefix="ecb-") as folder:
        path = Path(folder) / f"eurofxref{suffix}"
        path.write_bytes(content)
        try:
            converter = CurrencyConverter(str(path), decimal=True)
            day = converter.bounds[PIVOT].last_date
        except Exception as exc:  # a bad zip, header, number or date: the library raises any
            raise LiveRatesUnavailable(f"malformed ECB file: {type(exc).__name__}: {exc}") from exc
    if day > today:
        raise LiveRatesUnavailable(f"malformed ECB file: dated {day.isoformat()}, after today ({today})")
    rates: dict[str, EurRate] = {}
    for code in sorted(converter.currencies):
        if code == PIVOT or not is_currency(code) or converter.bounds[code].last_date != day:
            continue
        value = converter.convert(Decimal(1), PIVOT, code, date=day)
        if not _usable(code, value):
            raise LiveRatesUnavailable(f"malformed ECB file: {code} rate {value!r} out of range")
        rates[code] = EurRate(code, value, day, (ECB_SOURCE,))
    if not rates:
        raise LiveRatesUnavailable("malformed ECB file: no rates")
    return rates


class EcbDailyRates:
    """The ECB's daily reference file over HTTP (`settings.fx_ecb_url`)."""

    name = "ecb-daily"

    def __init__(
        self,
        *,
        url: str,
        timeout: float,
        retries: int,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._url, self._timeout, self._retries = url, timeout, retries
        self._transport, self._sleep = transport, sleep

    def fetch(self) -> bytes:
        """The file's bytes; a network error, a timeout or a 5xx is retried with backoff, a 4xx is not."""
        pause = BACKOFF_SECONDS
        with httpx.Client(timeout=self._timeout, transport=self._transport, follow_redirects=True) as client:
            for attempt in range(self._retries + 1):
                try:
                    response = client.get(self._url)
                except httpx.TransportError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                else:
                    if response.status_code == 200:
                        return response.content
                    problem = f"HTTP {response.status_code} from {self._url}"
                    if response.status_code < 500:
                        break
                if attempt < self._retries:
                    self._sleep(pause)
                    pause *= 2
        raise LiveRatesUnavailable(f"ECB file: {problem}")

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        return load_ecb_file(self.fetch(), today=on)


_FOREX_CHILD = """
import json, sys
from datetime import date
from forex_python.converter import CurrencyRates
rates = CurrencyRates(force_decimal=True).get_rates("EUR", date.fromisoformat(sys.argv[1]))
json.dump({str(k): str(v) for k, v in (rates or {}).items()}, sys.stdout)
"""


def publication_day(on: date) -> date:
    """The last ECB publication day on or before `on` (forex-python mirrors the ECB and does not say)."""
    while not is_publication_day(on):
        on -= timedelta(days=1)
    return on


class ForexPythonRates:
    """forex-python's rates against the euro for a day, in a child process killed at `timeout`."""

    name = "forex-python"

    def __init__(self, *, timeout: float) -> None:
        self._timeout = timeout

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        try:
            done = subprocess.run(
                [sys.executable, "-c", _FOREX_CHILD, on.isoformat()],
                capture_output=True,
                timeout=self._timeout,
                check=False,
                text=True,
            )
        except subprocess.TimeoutExpired:
            raise LiveRatesUnavailable(f"did not answer within {self._timeout:g} s") from None
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise LiveRatesUnavailable(last)
        return decode_forex_rates(done.stdout, as_of=publication_day(on))


def decode_forex_rates(text: str, *, as_of: date) -> dict[str, EurRate]:
    """forex-python's answer (`{code: decimal text}`): unknown codes and nonsense values are dropped."""
    try:
        raw = json.loads(text)
    except ValueError:
        raise LiveRatesUnavailable("forex-python answered no JSON") from None
    rates: dict[str, EurRate] = {}
    for code, text_value in (raw if isinstance(raw, dict) else {}).items():
        try:
            value = Decimal(str(text_value))
        except InvalidOperation:
            continue
        if _usable(code, value):
            rates[code] = EurRate(code, value, as_of, (LIVE_SOURCE,))
    if not rates:
        raise LiveRatesUnavailable("forex-python answered no usable rates")
    return rates


@dataclass(frozen=True, slots=True)
class Fetched:
    rates: Mapping[str, EurRate]
    provider: str
    """The source that answered (None of them: `rates` is empty)."""
    errors: tuple[str, ...]
    """What each source that failed before it said."""


class NamedProvider(RateProvider, Protocol):
    name: str


def default_sources() -> list[NamedProvider]:
    """The ECB's file, then forex-python, each behind `fx_live_timeout_seconds`."""
    settings = get_settings()
    timeout = settings.fx_live_timeout_seconds
    return [
        EcbDailyRates(url=settings.fx_ecb_url, timeout=timeout, retries=settings.fx_live_retries),
        ForexPythonRates(timeout=timeout),
    ]


def fetch_live_rates(*, on: date, sources: Sequence[NamedProvider] | None = None) -> Fetched:
    """The first source's rates that answers usable ones; LiveRatesUnavailable with every source's error
    when none does."""
    errors: list[str] = []
    for source in sources if sources is not None else default_sources():
        try:
            return Fetched(source.eur_rates(on), source.name, tuple(errors))
        except LiveRatesUnavailable as exc:
            errors.append(f"{source.name}: {exc}")
    raise LiveRatesUnavailable("; ".join(errors) or "no live source")

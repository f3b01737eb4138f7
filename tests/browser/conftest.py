"""Real-browser fixtures: `python main.py serve` as a process with demo data, and Debian's Chromium driven by
Playwright (never Playwright's own browser downloads).

Without /usr/bin/chromium the browser tests skip, saying why; under CI=true a missing Chromium is a failure.
`UPDATE_SCREENSHOTS=1` rewrites the PNGs in docs/screenshots/ from the pages the tests visit.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlencode

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)

from main import ROOT

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1366, "height": 900}
SCREENSHOTS = ROOT / "docs" / "screenshots"
TIMEOUT_MS = 15_000
"""Generous for one wait (a page's first render, a form post); a passing run waits far less."""

COOKIE = "tradelane_session"


@pytest.fixture(scope="package", autouse=True)
def chromium() -> Path:
    """Debian's Chromium, or a skip saying why (a failure under CI=true: there this stage is mandatory)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true the browser tests are mandatory", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


# --- the service ----------------------------------------------------------------------------------------


@dataclass
class Served:
    """A running `main.py serve` with the demo data: its address, the demo API keys and people."""

    base: str
    data_dir: Path
    keys: dict[str, str]
    passwords: dict[str, str]
    log: Path

    def url(self, path: str) -> str:
        """A console page's address (`path` as the console names it, e.g. `/merchant/payouts`)."""
        return f"{self.base}/console{path}"

    def api(self, method: str, path: str, role: str, body: object = None) -> tuple[int, object]:
        """Call the HTTP API with the demo key of `role`; returns the status and the decoded JSON body."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("Authorization", f"Bearer {self.keys[role]}")
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def get(self, path: str, role: str) -> dict[str, object]:
        status, body = self.api("GET", path, role)
        assert status == 200, (path, status, body)
        assert isinstance(body, dict)
        return body

    def people(self) -> dict[str, str]:
        """Each console person's e-mail by id (`usr_...`: the actor the API's audit log names)."""
        with closing(sqlite3.connect(f"file:{self.data_dir / 'tradelane.db'}?mode=ro", uri=True)) as db:
            return dict(db.execute("SELECT id, email FROM users").fetchall())

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90
    )
    if done.returncode != 0:
        pytest.fail(f"main.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="package")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`main.py serve --no-worker` on a free port with a fresh data dir, seeded with `main.py seed-demo`.

    The console's flows run no background tasks, so no worker is started. The database is migrated first,
    then the server starts while the demo data is seeded (the two overlap: seeding is the slow part)."""
    data_dir = tmp_path_factory.mktemp("served")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env.update({"APP_DATA_DIR": str(data_dir), "APP_LOG_LEVEL": "WARNING"})
    _run(env, "migrate")
    log = data_dir / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        seeded = json.loads(_run(env, "seed-demo").stdout)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("serve did not answer:\n" + log.read_text()[-3000:])
            time.sleep(0.1)
        yield Served(
            base=base,
            data_dir=data_dir,
            keys=seeded["api_keys"],
            passwords={u["email"]: u["password"] for u in seeded["console_users"]},
            log=log,
        )
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# --- the browser ----------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"], headless=True)
    expect.set_options(timeout=TIMEOUT_MS)
    yield launched
    launched.close()


@dataclass
class Pages:
    """Opens pages, each in its own browser context (its own cookies: one signed-in person a context)."""

    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self) -> Page:
        context = self.browser.new_context(viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(
    browser: Browser, served: Served, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Pages]:
    opened = Pages(browser)
    yield opened
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:  # keep what each page showed, for the failure's reader
        for n, context in enumerate(opened.contexts):
            for m, page in enumerate(context.pages):
                try:
                    page.screenshot(path=tmp_path / f"failed-{n}-{m}.png", full_page=True)
                except Exception as exc:  # a dead page must not hide the failure
                    print(f"no screenshot of {page.url}: {exc}")  # noqa: T201
        print(f"screenshots of the pages at the failure: {tmp_path}")  # noqa: T201
        print(f"the end of the server's log ({served.log}):\n{served.log_tail()}")  # noqa: T201
    opened.close()
    assert not opened.errors, "JavaScript errors on the pages:\n" + "\n".join(opened.errors)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


class SignIn(Protocol):
    def __call__(self, page: Page, email: str, *, then: str | None = None) -> Page: ...


@pytest.fixture
def sign_in(served: Served) -> SignIn:
    """Sign `page` in as the demo person `email` through the sign-in form; waits for their home page, or for
    the console page `then` (the form's `next`)."""

    def as_person(page: Page, email: str, *, then: str | None = None) -> Page:
        page.goto(served.url("/login") + (f"?{urlencode({'next': then})}" if then else ""))
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(served.passwords[email])
        page.get_by_role("button", name="Sign in").click()
        if then:
            page.wait_for_url(served.url(then))
        else:
            page.wait_for_url(lambda url: "/console/" in url and "/console/login" not in url)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert any(c["name"] == COOKIE for c in page.context.cookies()), "no session cookie after sign-in"
        return page

    return as_person


class Shoot(Protocol):
    def __call__(self, page: Page, name: str, *, full_page: bool = False) -> None: ...


@pytest.fixture(scope="session")
def shoot() -> Shoot:
    """Save the page as docs/screenshots/<name>.png, only when UPDATE_SCREENSHOTS=1 (else nothing)."""
    update = os.environ.get("UPDATE_SCREENSHOTS") == "1"

    def save(page: Page, name: str, *, full_page: bool = False) -> None:
        if not update:
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_load_state("networkidle")
        page.mouse.move(0, VIEWPORT["height"] - 1)  # no hover highlight on the last control clicked
        if full_page:  # from the top, else the fixed header is drawn where the page was scrolled to
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(
            path=SCREENSHOTS / f"{name}.png", full_page=full_page, animations="disabled", caret="hide"
        )

    return save

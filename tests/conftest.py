"""Test fixtures: every test gets its own database built by the migrations.

SQLite (default): the migrations run once into a template file, copied for each test.
PostgreSQL: set TEST_DATABASE_URL (make test does, in its second stage); the run creates its own database,
migrates it once as TEST_DATABASE_URL's user (the owner), and empties every table after each test. The tests
connect as a role of the run's own, given the service's rights by the migration (`core.privileges`): no
UPDATE, DELETE or TRUNCATE on the append-only tables, as in production.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

_RUN_DIR = Path(tempfile.mkdtemp(prefix="tradelane-tests-"))
os.environ.update(
    {
        "APP_ENV": "test",
        "APP_DATA_DIR": str(_RUN_DIR),
        "APP_TASKS_EAGER": "true",
        "APP_BROKER_URL": "memory://",
        "APP_LOG_JSON": "true",
        "APP_LOG_LEVEL": "WARNING",
        # Tests run offline on the bundled ECB history at today's date, so its age grows every day: no age
        # limit unless a test sets one (tests/payments/test_fx_freshness.py).
        "APP_FX_MAX_AGE_BUSINESS_DAYS": "0",
    }
)
os.environ.pop("APP_DATABASE_URL", None)

import pytest  # noqa: E402
from celery.result import _set_task_join_will_block  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from core import snapshots  # noqa: E402
from core.auth import create_api_key  # noqa: E402
from core.config import get_settings  # noqa: E402
from core.db import engine_for, unit_of_work  # noqa: E402
from core.merchants import MerchantCreate, create_merchant  # noqa: E402
from core.models import Role, TraderVerification  # noqa: E402
from core.traders import TraderAddress, TraderIn  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL")
APP_ROLE = f"tradelane_app_{uuid.uuid4().hex[:10]}"
"""The service's role in the PostgreSQL stage (made by the migration, dropped with the run's database)."""


@pytest.fixture(autouse=True)
def _results_may_be_waited_on() -> None:
    """A worker started in this process (tests/core/test_scale_out.py) marks it as one where waiting on a
    task's result would block a task; each test starts without that mark."""
    _set_task_join_will_block(False)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> None:
    """argon2id still, with the smallest cost: the production profile takes ~50 ms a hash by design."""
    from argon2 import PasswordHasher

    from core.people import use_hasher

    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def as_owner(url: str) -> str:
    """The owner's URL of a test database: on PostgreSQL, TEST_DATABASE_URL's user; on SQLite, `url`."""
    if not PG_URL:
        return url
    owner = make_url(PG_URL)
    return (
        make_url(url)
        .set(username=owner.username, password=owner.password)
        .render_as_string(hide_password=False)
    )


def _migrate(url: str, app_url: str | None = None) -> None:
    from main import run_migrations

    run_migrations(url=url, app_url=app_url)
    engine_for(url).dispose()  # closing the last connection checkpoints SQLite's WAL into the file
    engine_for.cache_clear()


@pytest.fixture(scope="session")
def database_template() -> Iterator[str]:
    """A migrated database for the run: a SQLite template file, or a fresh PostgreSQL database."""
    if PG_URL:
        name = f"tradelane_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        owner = make_url(PG_URL).set(database=name)
        url = owner.set(username=APP_ROLE, password=None).render_as_string(hide_password=False)
        _migrate(owner.render_as_string(hide_password=False), url)
        yield url
        engine_for.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{APP_ROLE}"'))
        admin.dispose()
    else:
        url = f"sqlite:///{_RUN_DIR / 'template.db'}"
        _migrate(url)
        yield url
    shutil.rmtree(_RUN_DIR, ignore_errors=True)


def _truncate_all(url: str) -> None:
    engine = engine_for(as_owner(url))
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables"
                    " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )
            )
        ]
        if tables:
            conn.execute(
                text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
            )


@pytest.fixture
def db_url(database_template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This test's own database, and the settings pointing at it."""
    if PG_URL:
        url = database_template
    else:
        target = tmp_path / "app.db"
        shutil.copyfile(make_url(database_template).database or "", target)
        url = f"sqlite:///{target}"
    monkeypatch.setenv("APP_DATABASE_URL", url)
    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path))
    # NiceGUI is one app per process: API tests build many apps, so they leave the console out; the console's
    # own tests run its pages through NiceGUI's user simulation, and the e2e tests serve it for real.
    monkeypatch.setenv("APP_CONSOLE_ENABLED", "false")
    get_settings.cache_clear()
    yield url
    if PG_URL:
        _truncate_all(url)
        snapshots.forget_all()  # the counters restart: a copy of the same number would be another data's
    engine_for(url).dispose()
    if not PG_URL:
        engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def owner_db_url(db_url: str) -> str:
    """This test's database as its owner, for tests that migrate it down and up: they migrate up again with
    `main.run_migrations(url=owner_db_url, app_url=db_url)`, which gives the service's role its rights."""
    return as_owner(db_url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A unit of work for service tests: committed at the end of the test if it did not raise."""
    with unit_of_work() as s:
        yield s


@pytest.fixture
def app(db_url: str):  # type: ignore[no-untyped-def]
    from main import create_app

    return create_app()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def trader_of(name: str, country: str) -> TraderIn:
    """Complete trader information (EU DSA art. 30) for a test merchant."""
    return TraderIn(
        legal_name=f"{name} Ltd.",
        address=TraderAddress(line1="1 Market St", city="Testville", postal_code="10000", country=country),
        email="trader@merchant.example",
        phone="+491701234567",
        registration_number="HRB 10000",
        trade_register="Test trade register",
        self_certification=True,
    )


def merchant_create(
    name: str,
    country: str,
    currency: str,
    *,
    verification: TraderVerification = TraderVerification.verified,
    trader: bool = True,
) -> MerchantCreate:
    """A merchant as tests make it: with complete trader information, verified unless said otherwise, so it
    may sell to the EU (`compliance.gate.check_trader`)."""
    return MerchantCreate(
        name=name,
        country=country,
        settlement_currency=currency,
        trader_verification=verification,
        trader=trader_of(name, country) if trader else None,
    )


class Keys:
    """One API key per role, and two merchants with a key each (verified traders: they sell to the EU)."""

    def __init__(self) -> None:
        with unit_of_work() as s:
            self.merchant_a = create_merchant(s, data=merchant_create("Alpha Apparel", "CN", "USD")).id
            self.merchant_b = create_merchant(s, data=merchant_create("Beta Batik", "ID", "IDR")).id
            self.admin = create_api_key(s, role=Role.admin).secret
            self.shop = create_api_key(s, role=Role.shop).secret
            self.officer = create_api_key(s, role=Role.compliance_officer).secret
            self.merchant = create_api_key(s, role=Role.merchant, merchant_id=self.merchant_a).secret
            self.other_merchant = create_api_key(s, role=Role.merchant, merchant_id=self.merchant_b).secret

    @staticmethod
    def h(key: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}", **extra}


@pytest.fixture
def keys(db_url: str) -> Keys:
    return Keys()

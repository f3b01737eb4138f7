"""One settings object for the whole service, read from `APP_*` environment variables.

Nothing else reads `os.environ`. A bad value stops the service at start with a message naming the variable.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A setting has a value the service cannot start with."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = ROOT / "var"
    database_url: str = ""
    """SQLAlchemy URL the service connects with. Empty means a SQLite file under `data_dir`."""
    migration_database_url: str = ""
    """The same database as the owner of its tables, for `migrate` (empty: `database_url`). On PostgreSQL,
    when its user differs from `database_url`'s, `migrate` gives that user the service's rights: no UPDATE,
    DELETE or TRUNCATE on the append-only tables (`core.privileges`)."""
    broker_url: str = "embedded"
    """`embedded` (kombu's SQLAlchemy transport on a SQLite file), `memory://` or a Redis URL."""
    result_backend: str = ""
    tasks_eager: bool = False
    """Run background tasks in-process at enqueue time instead of through a worker."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    history_max_bytes: int = Field(default=512 * 1024 * 1024, ge=1024)
    """The largest transit history one `POST /v1/transit-history` takes (streamed to a temporary file, never
    held in memory; about 130 bytes a record)."""
    db_pool_size: int = Field(default=10, ge=1, le=500)
    """Database connections each API process keeps: at least `max_in_flight`, so no running request waits."""
    db_max_overflow: int = Field(default=0, ge=0, le=500)
    db_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=120)
    """How long a unit of work waits for a connection before answering 503 (with the limits right, never)."""
    db_statement_timeout_ms: int = Field(default=15_000, ge=0, le=3_600_000)
    """PostgreSQL cancels a statement running longer (0: no limit). Tasks and commands share it."""
    max_in_flight: int = Field(default=2, ge=1, le=1000)
    """Requests one API process runs at once; more wait in a bounded queue (backpressure). A process runs
    Python on one core at a time: two requests overlap one's database wait with the other's work, more only
    contend for the interpreter (on 2 cores under 200 connections, 2 spent 1.9-2.6 ms of server CPU a
    request where 4 spent 2.9-3.5 ms; 1 left the core idle during each round trip)."""
    max_queued: int = Field(default=256, ge=0, le=100_000)
    """Requests one process lets wait for a slot; past it a request is answered 503 at once."""
    queue_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    """The longest a request waits for a slot before it is answered 503 with `Retry-After`."""
    threads: int = Field(default=0, ge=0, le=1000)
    """Worker threads per API process for the endpoints (0: `max_in_flight` + 8)."""
    snapshot_refresh_ms: int = Field(default=250, ge=20, le=60_000)
    """How often each process looks for changed keys, rules, carriers, warehouses and rates."""
    principal_cache_seconds: int = Field(default=60, ge=0, le=3600)
    """The longest an API key's look-up is trusted without asking the database (revocation is immediate)."""
    idempotency_ttl_hours: int = Field(default=24, ge=1, le=24 * 30)
    stripe_api_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    fx_provider: Literal["ecb", "live"] = "ecb"
    fx_live_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    """The longest one attempt at a live rate source may take (the ECB file, then forex-python)."""
    fx_ecb_url: str = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref.zip"
    """The ECB's daily reference rates, in the zip (or CSV) format `CurrencyConverter` reads."""
    fx_live_retries: int = Field(default=2, ge=0, le=10)
    """Retries of the ECB file after a network error or a 5xx, with backoff (0.5 s, doubled each time)."""
    fx_default_markup_bps: int = Field(default=50, ge=0, le=2000)
    fx_max_age_business_days: int = Field(default=5, ge=0, le=3650)
    """Reference rates published more than this many TARGET business days before today are refused for FX
    locks and shipping quotes (503), and `/readyz` is not ready; 0: no limit. An installation may set its own
    limit in the database (`payments.freshness.set_age_policy`), as the offline demo does."""
    payout_provider: Literal["bank_file", "stripe"] = "bank_file"
    settlement_run_minutes: int = Field(default=60, ge=1, le=24 * 60)
    payout_change_cooling_off_hours: int = Field(default=24, ge=0, le=24 * 30)
    """Hours after an admin approves a change of a merchant's bank account, payout currency, method or a hold
    below the policy's minimum before it takes effect; payouts in the meantime go to the old account."""
    tracking_clock_skew_seconds: int = Field(default=300, ge=0, le=3600)
    """How far ahead of our clock a tracking event may be dated (a carrier's clock runs a little fast); a
    later one is refused, as is one dated before its shipment was created."""
    return_window_days: int = Field(default=30, ge=14, le=365)
    """Days after delivery a shopper may ask to return (never under the EU's 14)."""
    returnless_share: Decimal = Field(default=Decimal("0.5"), gt=0, le=1)
    """Refund without taking the goods back when that would cost more than this share of their value."""
    return_rate_flag: Decimal = Field(default=Decimal("0.15"), gt=0, lt=1)
    """Return analytics flag a category, SKU or merchant whose return rate is above this."""
    otlp_endpoint: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    """An OpenTelemetry collector's OTLP/HTTP address (`http://collector:4318`): traces are sent there; none
    when unset (`core.tracing`)."""
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    """How long one webhook delivery may take to connect, send and be answered before it counts as failed."""
    webhook_allow_private_targets: bool | None = None
    """Let webhook endpoints point at loopback, private or link-local addresses (a closed network). Unset: yes
    in `development` and `test` (a receiver on this machine), no in `production`. Off: such URLs are refused
    when an endpoint is made and again when each delivery resolves the name."""
    point_of_sale_schemes: list[str] = Field(default=["IOSS"], max_length=20)
    """The optional point-of-sale tax schemes the platform is registered for (`APP_POINT_OF_SALE_SCHEMES`,
    a JSON list): a consignment such a scheme covers has its import VAT collected at checkout whatever the
    incoterm. Mandatory schemes (UK VAT up to GBP 135, AU GST up to AUD 1,000, SG GST up to SGD 400) apply
    regardless. `[]`: the platform collects no optional scheme (IOSS consignments pay VAT at the border)."""
    secret_key: SecretStr | None = None
    """Signs the console's form tokens. Unset: one is made once and kept in `data_dir/secret-key`, so every
    process of one installation shares it. Set it when several machines serve the console."""
    console_enabled: bool = True
    console_session_hours: int = Field(default=12, ge=1, le=24 * 30)
    console_secure_cookie: bool = False
    """Mark the session cookie `Secure` (set it when the console is served over HTTPS)."""
    sign_in_max_failures: int = Field(default=5, ge=1, le=100)
    """Failed sign-ins per address (and four times that per client) within 15 minutes before a pause."""
    karrio_dhl_express_site_id: str | None = None
    karrio_dhl_express_password: SecretStr | None = None
    karrio_dhl_express_account_number: str | None = None
    karrio_dhl_express_account_country: str | None = None
    karrio_dhl_express_test_mode: bool = True
    karrio_fedex_api_key: SecretStr | None = None
    karrio_fedex_secret_key: SecretStr | None = None
    karrio_fedex_account_number: str | None = None
    karrio_fedex_track_api_key: SecretStr | None = None
    karrio_fedex_track_secret_key: SecretStr | None = None
    karrio_fedex_account_country: str | None = None
    karrio_fedex_test_mode: bool = True
    karrio_easyship_access_token: SecretStr | None = None
    karrio_easyship_account_country: str | None = None
    karrio_easyship_test_mode: bool = True
    live_rate_deadline_seconds: float = Field(default=2.0, gt=0, le=30)
    """How long a quote waits for the carriers priced live (all asked at once); a carrier that has not
    answered by then is priced from its rate sheet."""
    tracking_poll_limit: int = Field(default=200, ge=1, le=10_000)
    """Shipments one tracking poll asks their carriers about, the most overdue first."""
    tracking_poll_minutes: int = Field(default=30, ge=1, le=24 * 60)
    """How often a shipment in transit is asked about; doubled after each poll that brings nothing new."""
    tracking_poll_max_hours: int = Field(default=24, ge=1, le=24 * 7)
    """The longest wait between two polls of one shipment."""

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _known_database(cls, v: str) -> str:
        if v and not v.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        return v

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, v: str) -> str:
        if v != "embedded" and not v.startswith(("redis://", "rediss://", "memory://", "sqla+", "amqp://")):
            raise ValueError("must be 'embedded', memory://, redis://, amqp:// or sqla+<url>")
        return v

    @property
    def private_webhook_targets(self) -> bool:
        """Whether webhook endpoints may point at loopback or private addresses (see the setting)."""
        if self.webhook_allow_private_targets is not None:
            return self.webhook_allow_private_targets
        return self.env != "production"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'tradelane.db'}"

    @property
    def owner_db_url(self) -> str:
        """Where migrations run: the owner's URL, or the service's own."""
        return self.migration_database_url or self.db_url

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @property
    def celery_broker_url(self) -> str:
        if self.broker_url == "embedded":
            return f"sqla+sqlite:///{self.data_dir / 'broker.db'}"
        return self.broker_url

    @property
    def celery_result_backend(self) -> str:
        if self.result_backend:
            return self.result_backend
        if self.broker_url.startswith(("redis://", "rediss://")):
            return self.broker_url
        return f"db+sqlite:///{self.data_dir / 'task-results.db'}"

    @property
    def thread_count(self) -> int:
        return self.threads or self.max_in_flight + 8


def _check_limits(settings: Settings) -> None:
    """Settings that are each valid but together would let requests wait for connections or threads."""
    connections = settings.db_pool_size + settings.db_max_overflow
    if connections < settings.max_in_flight:
        raise ConfigError(
            f"invalid configuration: APP_DB_POOL_SIZE ({settings.db_pool_size}) + APP_DB_MAX_OVERFLOW "
            f"({settings.db_max_overflow}) must be at least APP_MAX_IN_FLIGHT ({settings.max_in_flight}): "
            "each running request holds one connection"
        )
    if settings.threads and settings.threads < settings.max_in_flight:
        raise ConfigError(
            f"invalid configuration: APP_THREADS ({settings.threads}) must be at least APP_MAX_IN_FLIGHT "
            f"({settings.max_in_flight}), or 0 for the default"
        )


def load_settings() -> Settings:
    """Read the settings; turn pydantic's error into one naming each bad `APP_*` variable."""
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"APP_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None
    _check_limits(settings)
    return settings


@lru_cache
def get_settings() -> Settings:
    return load_settings()

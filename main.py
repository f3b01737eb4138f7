"""Tradelane: the API factory and the command line.

python main.py serve        API, worker and beat together on the embedded default (Ctrl-C stops all)
python main.py worker       a Celery worker (add --beat to run the scheduler in it)
python main.py beat         the Celery beat scheduler alone
python main.py migrate      apply the database migrations
python main.py seed-demo    demo merchants, keys and data (idempotent)
python main.py apikey create|list|revoke
python main.py user create|list|disable   people who sign in to the console at /console
python main.py import-history FILE   past deliveries (CSV or JSON lines) for the learned delivery windows
python main.py import-statement FILE   a bank statement (CSV, camt.053/054, MT940) confirms and fails payouts
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import click
from fastapi import FastAPI
from sqlmodel import Session

from core.config import ConfigError, Settings, get_settings

ROOT = Path(__file__).resolve().parent


def _settings_or_exit() -> Settings:
    try:
        return get_settings()
    except ConfigError as exc:
        raise SystemExit(str(exc)) from None


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """An API process: endpoint threads sized by the settings, snapshots refreshed in the background."""
    import anyio.to_thread

    from core import metrics, snapshots

    anyio.to_thread.current_default_thread_limiter().total_tokens = get_settings().thread_count
    await anyio.to_thread.run_sync(snapshots.warm)
    # What is loaded by now (code, snapshots, bundled indexes) lives as long as the process: keep it out of
    # the cyclic collector, whose full passes over it stalled every request in the process for tens of ms.
    gc.freeze()
    snapshots.start_refresher()
    try:
        yield
    finally:
        snapshots.stop_refresher()
        metrics.process_ended()


def create_app() -> FastAPI:
    settings = _settings_or_exit()
    from carriers.api import router as carriers_router
    from compliance.api import router as compliance_router
    from core.backpressure import InFlightLimit
    from core.errors import install_handlers
    from core.events_api import router as events_router
    from core.limits import InputGuard
    from core.observability import BodyLimitMiddleware, RequestContextMiddleware, configure_logging
    from core.openapi import document_problems
    from core.routes import ops, v1
    from customs.api import router as customs_router
    from logistics.api import history_router
    from logistics.api import router as logistics_router
    from logistics.orders.api import router as orders_router
    from payments.api import router as fx_router
    from payments.health import register_health
    from settlement.api import router as settlement_router
    from settlement.creators_api import router as creators_router

    configure_logging(settings.log_level, json_logs=settings.log_json)
    app = FastAPI(
        title="Tradelane",
        version="0.1.0",
        summary="Cross-border logistics and payments: quotes, customs, FX, compliance, settlement.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        lifespan=_lifespan,
    )
    install_handlers(app)
    # bodies streamed by their endpoint, with a limit of their own (the endpoint guards each record)
    streamed = {("POST", "/v1/transit-history"): settings.history_max_bytes}
    app.add_middleware(InputGuard, streamed=streamed)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, allowances=streamed)
    app.add_middleware(
        InFlightLimit,
        limit=settings.max_in_flight,
        max_queued=settings.max_queued,
        timeout=settings.queue_timeout_seconds,
    )
    app.add_middleware(RequestContextMiddleware)
    # Routes are matched in this order, one by one: the checkout's and the merchants' hot paths first.
    app.include_router(ops)
    app.include_router(v1)
    app.include_router(logistics_router)
    app.include_router(history_router)
    app.include_router(settlement_router)
    app.include_router(creators_router)
    app.include_router(orders_router)
    app.include_router(fx_router)
    register_health()
    app.include_router(customs_router)
    app.include_router(carriers_router)
    app.include_router(compliance_router)
    app.include_router(events_router)
    document_problems(app)
    if settings.console_enabled:
        from console.app import mount

        mount(app)
    if settings.otlp_endpoint:  # core.tracing loads OpenTelemetry: only where it is used
        from core.tracing import configure_tracing

        configure_tracing("api", app)
    return app


def demo_seeders() -> list[Callable[[Session], object]]:
    """Each domain's demo data, in dependency order; each seeder is idempotent."""
    from carriers.demo import seed_demo as seed_carriers_demo
    from compliance.defaults import load_defaults
    from logistics.demo import seed_demo as seed_logistics_demo
    from logistics.orders.demo import seed_demo as seed_orders_demo
    from payments.demo import seed_demo as seed_fx_demo
    from settlement.demo import seed_demo as seed_settlement_demo

    return [
        load_defaults,
        seed_fx_demo,
        seed_carriers_demo,
        seed_logistics_demo,
        seed_settlement_demo,
        seed_orders_demo,
    ]


# --- command line ---------------------------------------------------------------------------------


@click.group()
def cli() -> None:
    """Tradelane service commands."""
    _settings_or_exit()


def run_migrations(revision: str = "head", *, url: str | None = None, app_url: str | None = None) -> None:
    """Migrate as the owner (`url`, default `APP_MIGRATION_DATABASE_URL` or `APP_DATABASE_URL`), then give
    the service's role (`app_url`, default `APP_DATABASE_URL` when `url` is not given) its rights when it
    is another PostgreSQL role (`core.privileges`)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy.engine import make_url
    from sqlmodel import SQLModel

    from core.db import engine_for
    from core.privileges import app_role_of, append_only_tables, grant_app_role

    settings = get_settings()
    owner = url or settings.owner_db_url
    app = app_url or (None if url else settings.db_url)
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.cmd_opts = None
    cfg.set_main_option("sqlalchemy.url", owner.replace("%", "%%"))
    command.upgrade(cfg, revision)
    role = app_role_of(owner, app) if app else None
    if role is not None and app is not None:
        with engine_for(owner).begin() as conn:  # the models are loaded: the migrations imported them
            grant_app_role(
                conn,
                role=role,
                password=make_url(app).password,
                append_only=append_only_tables(SQLModel.metadata),
            )


@cli.command()
@click.option("--revision", default="head", show_default=True)
def migrate(revision: str) -> None:
    """Apply the database migrations (as the owner), then give the service's role its rights."""
    from core.privileges import AppRoleError

    try:
        run_migrations(revision)
    except AppRoleError as exc:
        raise SystemExit(f"migrate: {exc}") from None
    click.echo(f"database at {revision}")


@cli.command("seed-demo")
def seed_demo() -> None:
    """Create the demo merchants, one API key per role (var/demo-keys.json), the console's demo people and
    the demo data; print the keys and how to sign in as each person, as JSON."""
    from core.db import unit_of_work
    from core.demo import demo_keys, seed_merchants, seed_users

    started = time.monotonic()

    def step(name: str) -> None:  # progress on stderr: stdout carries the JSON alone
        click.echo(f"seed-demo: {name} ({time.monotonic() - started:.1f} s)", err=True)

    with unit_of_work() as session:
        step("merchants")
        seed_merchants(session)
        for seed_domain in demo_seeders():
            step(seed_domain.__module__)
            seed_domain(session)
            # committed before the next domain's seeder, whose services read the process's snapshots (the
            # FX age policy the FX demo records, the rules in force) from committed data
            session.commit()
        step("console users")
        users = seed_users(session)
    with unit_of_work() as session:
        step("API keys")
        keys = demo_keys(session)
    click.echo(f"seed-demo: done in {time.monotonic() - started:.1f} s", err=True)
    click.echo(json.dumps({"api_keys": keys, "console_users": users}, indent=2))


@cli.group()
def apikey() -> None:
    """Issue, list and revoke API keys."""


@apikey.command("create")
@click.option(
    "--role", required=True, type=click.Choice(["shop", "merchant", "creator", "compliance_officer", "admin"])
)
@click.option("--merchant", "merchant_id", default=None, help="Merchant id, for a merchant key")
@click.option("--creator", "creator_id", default=None, help="Creator id, for a creator key")
@click.option("--label", default="")
def apikey_create(role: str, merchant_id: str | None, creator_id: str | None, label: str) -> None:
    """Create a key; the key alone is printed on the last line."""
    from core.auth import create_api_key
    from core.db import unit_of_work
    from core.errors import AppError
    from core.models import Role

    try:
        with unit_of_work() as session:
            issued = create_api_key(
                session, role=Role(role), merchant_id=merchant_id, creator_id=creator_id, label=label
            )
    except AppError as exc:
        raise click.ClickException(exc.detail) from None
    bound = merchant_id or creator_id
    click.echo(f"created {issued.record.id} ({role}{' for ' + bound if bound else ''})")
    click.echo(issued.secret)


@apikey.command("list")
def apikey_list() -> None:
    """List keys (never their secrets)."""
    from core.auth import list_api_keys
    from core.db import unit_of_work

    with unit_of_work(write=False) as session:
        for k in list_api_keys(session):
            state = "revoked" if k.revoked_at else "active"
            click.echo(f"{k.id}\t{k.role}\t{k.merchant_id or k.creator_id or '-'}\t{state}\t{k.label}")


@apikey.command("revoke")
@click.argument("key_id")
def apikey_revoke(key_id: str) -> None:
    """Revoke a key by its id (key_...)."""
    from core.auth import revoke_api_key
    from core.db import unit_of_work
    from core.errors import AppError

    try:
        with unit_of_work() as session:
            revoke_api_key(session, key_id=key_id)
    except AppError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"revoked {key_id}")


@cli.group()
def user() -> None:
    """Create, list and disable the people who sign in to the console."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["merchant", "compliance_officer", "admin"]))
@click.option("--merchant", "merchant_id", default=None, help="Merchant id, for a merchant user")
@click.option("--name", "display_name", default="")
@click.password_option(help="Asked for when not given (at least 10 characters)")
def user_create(email: str, role: str, merchant_id: str | None, display_name: str, password: str) -> None:
    """Create a person; the new user's id is printed."""
    from core.db import unit_of_work
    from core.errors import AppError
    from core.models import Role
    from core.people import create_user

    try:
        with unit_of_work() as session:
            created = create_user(
                session,
                email=email,
                password=password,
                role=Role(role),
                merchant_id=merchant_id,
                display_name=display_name,
                created_by="cli",
            )
            user_id, address = created.id, created.email
    except AppError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"created {user_id} {address} ({role})")


@user.command("list")
def user_list() -> None:
    """List people: id, e-mail, role, merchant, state."""
    from core.db import unit_of_work
    from core.people import list_users

    with unit_of_work(write=False) as session:
        rows, _ = list_users(session, limit=10_000)
        for u in rows:
            state = "disabled" if u.disabled_at else "active"
            click.echo(f"{u.id}\t{u.email}\t{u.role}\t{u.merchant_id or '-'}\t{state}")


@user.command("disable")
@click.argument("user_id")
def user_disable(user_id: str) -> None:
    """Disable a person by id (usr_...); their sessions end at once."""
    from core.db import unit_of_work
    from core.errors import AppError
    from core.people import disable_user

    try:
        with unit_of_work() as session:
            disable_user(session, user_id=user_id)
    except AppError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"disabled {user_id}")


@cli.command("import-statement")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "camt", "mt940"]),
    default=None,
    help="Default: by the statement's first characters",
)
def import_statement(file: Path, fmt: str | None) -> None:
    """Import a bank statement from FILE in one transaction (as POST /v1/bank-statements): booked debits
    confirm payouts, returns fail them; lines imported before change nothing."""
    from core.db import unit_of_work
    from core.errors import AppError
    from settlement import payouts

    media = {"csv": "text/csv", "camt": "application/xml", "mt940": "application/x-mt940"}
    try:
        with unit_of_work() as session:
            r = payouts.import_statement(
                session, content=file.read_bytes(), media_type=media[fmt] if fmt else None
            )
    except AppError as exc:
        fields = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        raise click.ClickException(fields or exc.detail) from None
    for line in r.unmatched:
        click.echo(f"{line['line']}: {line['reference']}: {line['reason']}")
    click.echo(
        f"{r.format}: {r.lines} payout lines, {r.paid} paid, {r.failed} failed, {r.duplicates} imported "
        f"before, {len(r.unmatched)} unmatched"
    )


@cli.command("import-history")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default=None, help="Default: by suffix")
def import_history(file: Path, fmt: str | None) -> None:
    """Import past deliveries from FILE in one transaction (see POST /v1/transit-history): bad rows are
    listed by line and field and skipped, records imported before are skipped."""
    from core.db import unit_of_work
    from core.errors import AppError
    from logistics import history

    try:
        chosen = history.format_of_path(file.name) if fmt is None else history.FORMATS[fmt]
        with (
            file.open("rb") as stream,
            click.progressbar(length=file.stat().st_size, label="importing", file=sys.stderr) as bar,
            unit_of_work() as session,
        ):

            def progress(_rows: int) -> None:
                bar.update(stream.tell() - bar.pos)

            tally = history.import_history(session, stream=stream, fmt=chosen, progress=progress)
            bar.update(file.stat().st_size - bar.pos)
    except AppError as exc:
        raise click.ClickException(exc.detail) from None
    for reject in tally.rejects:
        click.echo(f"line {reject.line}: {reject.field}: {reject.message}")
    if tally.rejected > len(tally.rejects):
        click.echo(f"... and {tally.rejected - len(tally.rejects)} more rejected rows")
    click.echo(
        f"{tally.received} rows: {tally.imported} imported, {tally.duplicates} known already, "
        f"{tally.rejected} rejected; {tally.samples_fed} deliveries fed to the learned transit profiles"
    )


@cli.command()
@click.option("--beat", is_flag=True, help="Run the beat scheduler inside this worker")
@click.option("--concurrency", default=2, show_default=True)
@click.option("--parent-fd", default=None, type=int, hidden=True, help="From serve: end on EOF")
def worker(beat: bool, concurrency: int, parent_fd: int | None) -> None:
    """Run a Celery worker."""
    from core.celery_app import celery_app
    from core.supervision import exit_with_parent

    if parent_fd is not None:
        exit_with_parent(pipe_fd=parent_fd)
    settings = get_settings()
    argv = [
        "worker",
        "--loglevel",
        settings.log_level,
        "--concurrency",
        str(concurrency),
        "--pool",
        "threads",
    ]
    if beat:  # one beat per installation: core.celery_app.SingleBeatScheduler waits for the scheduler lock
        argv += ["--beat", "--schedule", str(settings.data_dir / "beat-schedule")]
    if settings.otlp_endpoint:
        from core.tracing import configure_tracing

        configure_tracing("worker")
    celery_app.worker_main(argv)


@cli.command()
@click.option("--parent-fd", default=None, type=int, hidden=True, help="From serve: end on EOF")
def beat(parent_fd: int | None) -> None:
    """Run the Celery beat scheduler (a second one waits until the first ends)."""
    from core.celery_app import celery_app
    from core.supervision import exit_with_parent

    if parent_fd is not None:
        exit_with_parent(pipe_fd=parent_fd)
    settings = get_settings()
    if settings.otlp_endpoint:
        from core.tracing import configure_tracing

        configure_tracing("beat")
    celery_app.start(
        ["beat", "--loglevel", settings.log_level, "--schedule", str(settings.data_dir / "beat-schedule")]
    )


def served_app() -> FastAPI:
    """The app factory of `serve`: an API process spawned by uvicorn (`--workers N`) ends with `serve`."""
    from core.supervision import exit_with_parent, is_spawned_child

    if is_spawned_child():
        exit_with_parent()
    return create_app()


def _stop_on_sigterm(signum: int, _frame: object) -> None:
    # uvicorn handles SIGTERM itself while it serves, then raises it again: end with SystemExit, so that
    # serve's `finally` stops the embedded worker and scheduler (SIG_DFL would end serve at once and leave
    # them running).
    raise SystemExit(128 + signum)


def _start_child(*command: str) -> tuple[subprocess.Popen[bytes], int]:
    """`main.py <command>` as a child that watches a pipe to this process (and, on Linux, gets SIGTERM from
    the kernel when this process dies); returns the child and the pipe's write end to keep open."""
    from core.supervision import parent_pipe

    read_end, write_end = parent_pipe()
    try:
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), *command, "--parent-fd", str(read_end)],
            cwd=ROOT,
            pass_fds=(read_end,),
        )
    finally:
        os.close(read_end)
    return child, write_end


def _stop_child(child: subprocess.Popen[bytes], *, timeout: float = 15.0) -> None:
    child.terminate()
    try:
        child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


METRICS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def _metrics_folder(data_dir: Path) -> Path:
    """A fresh folder for the samples of this process and its children, named in the environment before
    prometheus-client is imported here (it picks its in-memory or shared-file values once, on import)."""
    folder = data_dir / "metrics" / str(os.getpid())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[METRICS_ENV] = str(folder)
    return folder


def _serve_api(host: str, port: int, workers: int) -> None:
    """uvicorn on `host:port`; several processes each listen on a socket of their own (core/serving.py)."""
    import uvicorn

    from core.serving import ReusePortWorkers, reuse_port_supported

    if workers <= 1 or not reuse_port_supported():
        uvicorn.run("main:served_app", factory=True, host=host, port=port, workers=workers, log_config=None)
        return
    config = uvicorn.Config(
        "main:served_app", factory=True, host=host, port=port, workers=workers, log_config=None
    )
    with suppress(KeyboardInterrupt):
        ReusePortWorkers(config).run()


@cli.command()
@click.option("--host", default=None)
@click.option("--port", default=None, type=int)
@click.option("--workers", default=1, show_default=True, help="API processes (scale-out set-up)")
@click.option("--no-worker", is_flag=True, help="Do not start the embedded worker and scheduler")
def serve(host: str | None, port: int | None, workers: int, no_worker: bool) -> None:
    """Serve the API; on the embedded default also a worker with beat. Ctrl-C or SIGTERM stops all; the
    children end with serve however it ends (core/supervision.py)."""
    settings = get_settings()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.is_sqlite:
        run_migrations()
    # every process this one starts counts into one folder, so /metrics answers their sum (core/metrics.py)
    folder = None if os.environ.get(METRICS_ENV) else _metrics_folder(settings.data_dir)
    children: list[tuple[subprocess.Popen[bytes], int]] = []
    try:
        if not no_worker and not settings.tasks_eager and settings.broker_url == "embedded":
            # the worker and the scheduler as processes of their own: a scheduler forked from a worker
            # would inherit the worker's open metrics files (core/metrics.py)
            children = [_start_child("worker"), _start_child("beat")]
        _serve_api(host or settings.host, port or settings.port, workers)
    finally:
        for child, _ in children:
            _stop_child(child)
        for _, pipe_end in children:
            os.close(pipe_end)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    cli()

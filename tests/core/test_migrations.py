"""Migrations build the schema the models describe, and go down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from core.db import engine_for
from main import ROOT, run_migrations


def _config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def test_models_match_migrations(db_url: str) -> None:
    engine = engine_for(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_downgrade_to_base_and_upgrade_again(db_url: str, owner_db_url: str) -> None:
    cfg = _config(owner_db_url)
    engine = engine_for(owner_db_url)
    command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    run_migrations(url=owner_db_url, app_url=db_url)
    assert {"merchants", "api_keys", "idempotency_records"} <= set(inspect(engine).get_table_names())

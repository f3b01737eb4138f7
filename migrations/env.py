"""Alembic environment: the database URL comes from the service's settings (or `-x url=...`)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import carriers.models  # noqa: F401
import compliance.models  # noqa: F401
import core.models  # noqa: F401  (registers the kernel's tables)
import logistics.models
import logistics.orders.models  # noqa: F401
import payments.models  # noqa: F401
import settlement.models  # noqa: F401
from core.config import get_settings
from core.db import engine_for

config = context.config
url = (
    context.get_x_argument(as_dictionary=True).get("url")
    or config.get_main_option("sqlalchemy.url")
    or get_settings().db_url
)
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_for(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

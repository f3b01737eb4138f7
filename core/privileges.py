"""Append-only by privilege: on PostgreSQL the service connects as a role of its own that may only INSERT and
SELECT on the append-only tables (no UPDATE, DELETE or TRUNCATE), and has the usual rights on the others.

Migrations run as the owner (`APP_MIGRATION_DATABASE_URL`); after them `grant_app_role` gives the
service's role (the user of `APP_DATABASE_URL`) its rights, creating the role when it is missing and the
owner may create roles. The grants are made again after every migration, so a new table gets its rights
with it. A domain marks a table append-only with `__table_args__ = (..., APPEND_ONLY)`; the triggers that
refuse UPDATE and DELETE (on SQLite, the only guard) are the migrations' own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection, make_url

APPEND_ONLY: dict[str, Any] = {"info": {"append_only": True}}
"""`__table_args__` entry of a table whose rows are never changed nor removed once written."""


class AppRoleError(RuntimeError):
    """The service's role cannot be made or given its rights with the owner's privileges."""


def append_only_tables(metadata: MetaData) -> list[str]:
    return sorted(name for name, table in metadata.tables.items() if table.info.get("append_only"))


def app_role_of(owner_url: str, app_url: str) -> str | None:
    """The service's role when it is another than the owner's on the same PostgreSQL database, else None."""
    owner, app = make_url(owner_url), make_url(app_url)
    if owner.get_backend_name() != "postgresql" or app.get_backend_name() != "postgresql":
        return None
    if not app.username or app.username == owner.username:
        return None
    if (owner.host, owner.port, owner.database) != (app.host, app.port, app.database):
        raise AppRoleError(
            "APP_MIGRATION_DATABASE_URL and APP_DATABASE_URL must name the same database "
            f"({owner.host}:{owner.port}/{owner.database} and {app.host}:{app.port}/{app.database})"
        )
    return app.username


def _run(conn: Connection, template: str, *args: str) -> None:
    """A statement made by PostgreSQL's `format()` (%I quotes an identifier, %L a literal)."""
    marks = "".join(f", CAST(:a{i} AS text)" for i in range(len(args)))
    values = {"t": template, **{f"a{i}": a for i, a in enumerate(args)}}
    statement = conn.execute(text(f"SELECT format(CAST(:t AS text){marks})"), values).scalar_one()
    conn.exec_driver_sql(statement)


def _ensure_role(conn: Connection, role: str, password: str | None) -> None:
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None:
        return
    allowed = conn.execute(
        text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar_one()
    if not allowed:
        raise AppRoleError(
            f"the role {role} does not exist and the owner may not create roles: "
            f"CREATE ROLE {role} LOGIN (as a superuser), then migrate again"
        )
    if password:
        _run(conn, "CREATE ROLE %I LOGIN PASSWORD %L", role, password)
    else:
        _run(conn, "CREATE ROLE %I LOGIN", role)


def grant_app_role(conn: Connection, *, role: str, password: str | None, append_only: Iterable[str]) -> None:
    """Give `role` (made if missing) the service's rights on the schema `public` of this database: SELECT,
    INSERT, UPDATE and DELETE on every table, only SELECT and INSERT on `append_only`, only SELECT on the
    migrations' own table, the sequences' values; never TRUNCATE, REFERENCES or TRIGGER. Run as the owner."""
    _ensure_role(conn, role, password)
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    _run(conn, "GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I", database, role)
    _run(conn, "GRANT USAGE ON SCHEMA public TO %I", role)
    _run(conn, "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I", role)
    _run(conn, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I", role)
    _run(conn, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I", role)
    for table in ("alembic_version", *append_only):
        _run(conn, "REVOKE UPDATE, DELETE, TRUNCATE ON TABLE %I FROM %I", table, role)
    _run(conn, "REVOKE INSERT ON TABLE alembic_version FROM %I", role)

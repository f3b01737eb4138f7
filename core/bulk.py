"""New rows of several tables written at once, for a unit that computes first and writes at its end.

A shipping quote writes its FX locks, the quote and its decision records. On PostgreSQL they go as one
statement: data-modifying CTEs, one per table, each table's rows passed as one array per column and
expanded by `unnest`. One round trip and one prepared statement whatever the row counts, where an
executemany per table costs a pipeline each and SQLAlchemy's per-statement work each. Elsewhere (SQLite)
each table's rows go with one executemany.

Every row names every column of its table (a missing one is a programming error, not a default). Values go
through the column type's own bind processing, so a `TypeDecorator` (UTC times, exact decimals) sees them as
it would in an ORM insert; a JSON column takes a `str` as JSON already serialised (written as it is) and
anything else through `json.dumps`, as the column would.
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import JSON, Table, bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session

Batch = tuple[Table, Sequence[Mapping[str, Any]]]


class _JSONText(TypeDecorator[str]):
    """A JSON column's value serialised already: sent as it is."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> None:  # noqa: ARG002
        return None


def insert_rows(session: Session, batches: Sequence[Batch]) -> None:
    """Insert every batch's rows in the unit's transaction: one statement on PostgreSQL."""
    batches = [(table, rows) for table, rows in batches if rows]
    for table, rows in batches:
        _check(table, rows)
    if not batches:
        return
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        for table, rows in batches:
            conn.execute(_insert(table), [_json_texts(table, row) for row in rows])
        return
    params: dict[str, list[Any]] = {}
    for i, (table, rows) in enumerate(batches):
        for name, convert in _converters(table, conn.dialect):
            params[f"t{i}_{name}"] = [convert(row[name]) for row in rows]
    conn.exec_driver_sql(_unnest_statement(tuple(table for table, _ in batches), conn.dialect), params)


def _names(table: Table) -> list[str]:
    return [column.name for column in table.columns]


def _check(table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    names = set(_names(table))
    for row in rows:
        if row.keys() != names:
            missing, extra = sorted(names - row.keys()), sorted(row.keys() - names)
            raise ValueError(f"a row of {table.name} lacks {missing} or has unknown {extra}")


def _is_json(table: Table, name: str) -> bool:
    return isinstance(table.columns[name].type, JSON)


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _json_texts(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _json_text(v) if _is_json(table, k) else v for k, v in row.items()}


@lru_cache(maxsize=32)
def _insert(table: Table) -> Any:
    """An INSERT whose JSON columns take serialised text (see `_JSONText`)."""
    text = _JSONText()
    return insert(table).values(
        **{name: bindparam(name, type_=text) for name in _names(table) if _is_json(table, name)}
    )


@lru_cache(maxsize=32)
def _converters(table: Table, dialect: Dialect) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each column's name with what turns a row's value into the value sent (its type's bind processing)."""
    out: list[tuple[str, Callable[[Any], Any]]] = []
    for column in table.columns:
        name = column.name
        if _is_json(table, name):
            out.append((name, _json_text))
            continue
        processor = column.type.bind_processor(dialect)
        out.append((name, processor if processor is not None else _same))
    return tuple(out)


def _same(value: Any) -> Any:
    return value


@lru_cache(maxsize=32)
def _unnest_statement(tables: tuple[Table, ...], dialect: Dialect) -> str:
    """`WITH t0 AS (INSERT ... SELECT * FROM unnest(...)), ... INSERT ...` for these tables, in order."""
    parts = []
    for i, table in enumerate(tables):
        names = _names(table)
        arrays = ", ".join(
            f"%(t{i}_{name})b::{table.columns[name].type.compile(dialect=dialect)}[]" for name in names
        )
        columns = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
        target = dialect.identifier_preparer.format_table(table)
        parts.append(f"INSERT INTO {target} ({columns}) SELECT * FROM unnest({arrays})")
    *first, last = parts
    if not first:
        return last
    ctes = ", ".join(f"w{i} AS ({sql})" for i, sql in enumerate(first))
    return f"WITH {ctes} {last}"


P = ParamSpec("P")
R = TypeVar("R")


def collections_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with the cyclic garbage collector paused (reference counting still frees what it drops).

    A bulk step builds hundreds of thousands of small tuples and lists at once; each few hundred new ones
    start a collection, and every so often one that walks every object the process holds, so the collector
    alone took a fifth of a bulk sale's time. Paused, it collects once the step returns (enabled again).
    Concurrent calls in other threads at worst resume it early; it is never left paused."""

    @functools.wraps(fn)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused

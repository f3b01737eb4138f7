"""Plain rows in bulk, on PostgreSQL and SQLite: rows looked up by key (one array parameter, each key through
its index), inserted (COPY for large batches, values dumped once per distinct object), updated from sets,
and the array parameters and join settings these statements need. The ledger and the settlement steps write
through these; none of them builds an ORM object per row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from psycopg.adapt import PyFormat, Transformer
from sqlalchemy import ARRAY, ColumnElement, any_, bindparam, text
from sqlmodel import Session

COPY_THRESHOLD = 500
"""Batches larger than this go through PostgreSQL's COPY."""
_IN_CHUNK = 900


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def day_param(session: Session, day: date) -> Any:
    """A date for a textual query: the ISO string SQLite stores, the date itself for PostgreSQL."""
    return day.isoformat() if dialect(session) == "sqlite" else day


def chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


_SEP = "\x1f"
"""The unit separator: never in an id or a key (they are printable, see `check_id`)."""


def text_array(name: str, values: Sequence[str]) -> tuple[str, Any]:
    """PostgreSQL: SQL for a text[] parameter `name` and the value to bind. The strings go as one string
    split by the server (the driver dumps a list element by element: a tenth of a second of Python for
    50,000 keys); a list when a string holds the separator."""
    joined = _SEP.join(values)
    if values and joined.count(_SEP) == len(values) - 1 and all(values):  # '' would split to nothing
        return f"string_to_array(:{name}, chr(31))", joined
    return f"CAST(:{name} AS text[])", list(values)


def bigint_array(name: str, values: Iterable[int]) -> tuple[str, str]:
    """PostgreSQL: SQL for a bigint[] parameter `name` and the value to bind (see `text_array`)."""
    return f"CAST(string_to_array(:{name}, ',') AS bigint[])", ",".join(map(str, values))


def one_of(session: Session, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`: on PostgreSQL `column = ANY(array)` with the values as one parameter, so the
    statement's text is the same for any number of values (an IN list is a parameter per value, expanded,
    compiled and parsed again for each length); an IN list on SQLite."""
    if dialect(session) == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(list(values))  # type: ignore[no-any-return]


def keyed_rows(
    session: Session, table: str, key: str, columns: Sequence[str], keys: Sequence[str], *, lock: bool = False
) -> list[Any]:
    """The rows of `table` whose text `key` is one of `keys` (in key order), optionally locked.

    PostgreSQL takes the keys as one array parameter, sorted, and looks each one up in the key's index (a
    LATERAL subquery is always a nested loop): a batch costs what its keys cost, whatever the table's size
    and statistics. A plain join lets the planner hash the whole table for every batch, which makes a bulk
    load quadratic. Rows are locked in key order. SQLite: IN lists."""
    if not keys:
        return []
    cols = ", ".join(f"t.{c}" for c in columns)
    if dialect(session) == "postgresql":
        array, value = text_array("keys", keys)
        sql = (
            f"SELECT {cols} FROM (SELECT DISTINCT key FROM unnest({array}) AS u(key)"
            " ORDER BY key) AS k CROSS JOIN LATERAL"
            f" (SELECT * FROM {table} x WHERE x.{key} = k.key" + (" FOR UPDATE" if lock else "") + ") AS t"
            " ORDER BY k.key"
        )
        return list(session.execute(text(sql), {"keys": value}).all())
    out: list[Any] = []
    for chunk in chunks(sorted(set(keys))):
        names = {f"k{i}": v for i, v in enumerate(chunk)}
        marks = ", ".join(":" + n for n in names)
        sql = f"SELECT {cols} FROM {table} t WHERE t.{key} IN ({marks}) ORDER BY t.{key}"
        out.extend(session.execute(text(sql), names))
    return out


_JSON_COLUMNS = {"details", "holds", "order_ids"}


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dict | list):
        return json.dumps(v)
    return v


_PG_MAX_PARAMS = 65_535


def bulk_insert(session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert plain rows fast, in one statement on PostgreSQL: COPY for large batches, else one multi-row
    INSERT (a ledger transaction's entries must arrive in one statement: the balance check is per
    statement, see `post_many`). SQLite: the driver's executemany."""
    if not rows:
        return
    json_at = [i for i, c in enumerate(columns) if c in _JSON_COLUMNS]
    conn = session.connection()
    raw = conn.connection.driver_connection
    assert raw is not None
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        for i in json_at:  # a row is copied only when it has a value to serialise
            rows = [r if r[i] is None else (*r[:i], json.dumps(r[i]), *r[i + 1 :]) for r in rows]
        with raw.cursor() as cur:
            if len(rows) >= COPY_THRESHOLD or len(rows) * len(columns) > _PG_MAX_PARAMS:
                with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for r in _dumped_once(rows, cur):
                        copy.write_row(r)
            else:
                marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
                values = ", ".join([marks] * len(rows))
                cur.execute(f"INSERT INTO {table} ({names}) VALUES {values}", [v for r in rows for v in r])
        return
    marks = ", ".join(["?"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    simple = all(type(v) in (int, str) for v in rows[0]) and not json_at
    cursor = raw.cursor()
    try:
        if simple:
            cursor.executemany(sql, rows)
        else:
            cursor.executemany(sql, [tuple(_sqlite_value(v) for v in r) for r in rows])
    finally:
        cursor.close()


def _dumped_once(rows: Sequence[Sequence[Any]], cursor: Any) -> Iterable[Sequence[Any]]:
    """The rows for COPY with the times and decimals of the columns where the first row has one replaced by
    the text the driver sends for them, dumped once: the driver spends some 2 µs on a datetime and 1 µs on a
    Decimal, and a batch's rows share a handful of each (its `occurred_at` and `created_at`, the rates).
    UTC datetimes are dumped once per distinct time (equal ones dump to the same text), decimals once per
    object (equal decimals may differ in scale; the rows hold every one of them alive meanwhile, so no id
    is reused); other values (None, other zones) go to the driver as they are."""
    at = [i for i, v in enumerate(rows[0]) if type(v) is datetime or type(v) is Decimal]
    if not at:
        return rows
    transformer = Transformer(cursor)
    times: dict[datetime, str] = {}
    decimals: dict[int, str] = {}
    out = []
    for r in rows:
        r = list(r)
        for i in at:
            v = r[i]
            if type(v) is datetime and v.tzinfo is UTC:
                t = times.get(v)
                if t is None:
                    t = times[v] = _text(transformer, v)
                r[i] = t
            elif type(v) is Decimal:
                t = decimals.get(id(v))
                if t is None:
                    t = decimals[id(v)] = _text(transformer, v)
                r[i] = t
        out.append(r)
    return out


def _text(transformer: Any, value: Any) -> str:
    """The text the driver sends for `value` (never NULL: a time or a decimal)."""
    dumped = transformer.get_dumper(value, PyFormat.TEXT).dump(value)
    assert dumped is not None
    return bytes(dumped).decode()


_JOIN_SETTINGS = ("enable_hashjoin", "enable_mergejoin")


@contextmanager
def index_lookups(session: Session) -> Iterator[None]:
    """PostgreSQL: join the statements run inside by index lookups (nested loops) only, for the rest of the
    statement's transaction at most. For a batch of keys against a large table whose statistics lag behind
    bulk loads (or were never taken): the planner would otherwise hash the whole table for every batch."""
    before = session.execute(
        text("SELECT " + ", ".join(f"current_setting('{g}')" for g in _JOIN_SETTINGS))
    ).one()
    for g in _JOIN_SETTINGS:
        session.execute(text(f"SELECT set_config('{g}', 'off', true)"))
    yield  # on an error the transaction is rolled back, and the settings with it
    for g, value in zip(_JOIN_SETTINGS, before, strict=True):
        session.execute(text("SELECT set_config(:g, :v, true)"), {"g": g, "v": value})


def update_rows(
    session: Session, table: str, key: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Set `columns` of the rows keyed by the first value of each row: one set-based UPDATE on PostgreSQL
    (through a temporary table filled by COPY), executemany on SQLite."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD:
        tmp = f"tmp_upd_{table}_{hashlib.md5(','.join(columns).encode()).hexdigest()[:8]}"
        session.execute(
            text(
                f"CREATE TEMP TABLE IF NOT EXISTS {tmp} ON COMMIT DELETE ROWS AS "
                f"SELECT {key}, {', '.join(columns)} FROM {table} WITH NO DATA"
            )
        )
        session.execute(text(f"TRUNCATE {tmp}"))
        bulk_insert(session, tmp, (key, *columns), rows)
        sets = ", ".join(f"{c} = t.{c}" for c in columns)
        with index_lookups(session):
            session.execute(text(f"UPDATE {table} SET {sets} FROM {tmp} t WHERE {table}.{key} = t.{key}"))
        session.execute(text(f"TRUNCATE {tmp}"))
        return
    sets = ", ".join(f"{c} = :{c}" for c in columns)
    stmt = text(f"UPDATE {table} SET {sets} WHERE {key} = :{key}")
    if conn.dialect.name == "sqlite":
        rows = [tuple(_sqlite_value(v) for v in r) for r in rows]
    session.execute(stmt, [dict(zip((key, *columns), r, strict=True)) for r in rows])

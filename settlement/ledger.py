"""The double-entry ledger: accounts, balanced transactions posted once under an idempotency key, balances.

Every write goes through `post_many` (one posting is a batch of one), so the order path and bulk imports
write the same rows:

1. each posting must sum to zero per currency (`LedgerUnbalanced` otherwise; PostgreSQL checks it again at
   commit with a deferred constraint trigger);
2. postings whose idempotency key exists are not written again: the caller gets the original id;
3. the payee accounts touched (`is_tracked`) are locked in ascending id order and their cached balance and
   version moved *before* the entries are inserted, so one account's entries are in transaction-id order of
   commit and two writers never deadlock on accounts;
4. transactions and entries are inserted in bulk (PostgreSQL `COPY` for large batches), never one ORM object
   per row;
5. a batch of sales or refunds keeps each order's transaction to the money that is someone's in particular
   (the shopper's payment, the payees', the authorities') and pools the platform's revenue and FX legs: one
   pool transaction per batch and time moves them to their accounts (`RevenuePool`).

Entries are never updated or deleted (triggers refuse it); a correction is a new transaction. Balances of
payee accounts (merchants', creators' but a creator's pending) are cached on the account;
`balance_from_entries` recomputes any balance from the entries.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from psycopg.adapt import PyFormat, Transformer
from sqlalchemy import ARRAY, ColumnElement, Table, any_, bindparam, func, insert, select, text, update
from sqlmodel import Session, col

from core.clock import utc_now
from core.money import Money
from settlement.errors import LedgerUnbalanced
from settlement.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    OwnerType,
)

AccountKey = tuple[str, str, str, str]
"""(owner_type, owner_id, kind, currency)."""

PLATFORM = "platform"
COPY_THRESHOLD = 500
"""Batches larger than this go through PostgreSQL's COPY."""
_IN_CHUNK = 900


# Plain strings: a batch builds millions of account keys, and an enum member's `.value` is a Python-level
# property (`_value_` is its plain attribute).
_MERCHANT = OwnerType.merchant.value
_PLATFORM = OwnerType.platform.value
_CREATOR = OwnerType.creator.value
_PENDING = AccountKind.pending.value
_CLEARING = AccountKind.clearing.value
POOLED_KINDS = frozenset(
    k.value
    for k in (
        AccountKind.fx,
        AccountKind.commission,
        AccountKind.processing_fees,
        AccountKind.fulfillment_fees,
        AccountKind.shipping,
    )
)
"""The platform's accounts whose legs a batch pools: its revenue and its FX positions. The shopper's payment
(cash) stays on each order's transaction."""


def merchant_account(merchant_id: str, kind: AccountKind, currency: str) -> AccountKey:
    return (_MERCHANT, merchant_id, kind._value_, currency)


def platform_account(kind: AccountKind, currency: str) -> AccountKey:
    return (_PLATFORM, PLATFORM, kind._value_, currency)


def creator_account(creator_id: str, kind: AccountKind, currency: str) -> AccountKey:
    return (_CREATOR, creator_id, kind._value_, currency)


def payee_account(payee_type: str, payee_id: str, kind: AccountKind, currency: str) -> AccountKey:
    """A payee's account: a merchant's or a creator's (the payee is the ledger owner)."""
    return (payee_type, payee_id, kind._value_, currency)


def affiliate_account(affiliate_id: str, currency: str) -> AccountKey:
    """Where a sale's affiliate commission accrues: the creator's pending balance (released to its available
    balance with the order's money, `settlement.service.releases`)."""
    return (_CREATOR, affiliate_id, _PENDING, currency)


def is_tracked(key: AccountKey) -> bool:
    """Payee accounts keep a cached balance (and are locked by every posting), except a creator's pending:
    every sale the creator brings writes it, from any merchant, so a cached balance there would be one hot
    row; its balance is the sum of its entries, like the platform's accounts."""
    owner = key[0]
    return owner == _MERCHANT or (owner == _CREATOR and key[2] != _PENDING)


@dataclass(slots=True)
class Posting:
    """A transaction to post: `lines` are (account, signed minor units); positive means owed more."""

    key: str
    kind: str
    reference: str
    occurred_at: datetime
    lines: list[tuple[AccountKey, int]]
    fx_rate: Decimal | None = None
    fx_quote_id: str | None = None
    details: dict[str, Any] | None = None


@dataclass(slots=True)
class Posted:
    ids: dict[str, int] = field(default_factory=dict)
    """Idempotency key -> transaction id, for new and replayed postings alike."""
    new: set[str] = field(default_factory=set)
    entries: int = 0


def check_balanced(posting: Posting) -> None:
    lines = posting.lines
    first = lines[0][0][3] if lines else ""
    total, one_currency = 0, True
    for key, amount in lines:
        if type(amount) is not int:  # bool and other int subclasses too
            raise LedgerUnbalanced.for_field("amount", "ledger amounts are integer minor units")
        total += amount
        if key[3] != first:
            one_currency = False
    if one_currency and lines:  # most postings: one sum, no dictionary
        if total == 0:
            return
        totals = {first: total}
    else:
        totals = {}
        for key, amount in lines:
            totals[key[3]] = totals.get(key[3], 0) + amount
    bad = {c: t for c, t in totals.items() if t != 0}
    if bad or not posting.lines:
        raise LedgerUnbalanced(
            f"transaction {posting.key} does not sum to zero per currency: {bad or 'no lines'}"
        )


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def day_param(session: Session, day: date) -> Any:
    """A date for a textual query: the ISO string SQLite stores, the date itself for PostgreSQL."""
    return day.isoformat() if dialect(session) == "sqlite" else day


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterable[Sequence[Any]]:
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


# --- accounts --------------------------------------------------------------------------------------------


_CACHE = "settlement.ledger.accounts"


def account_ids(session: Session, keys: Iterable[AccountKey]) -> dict[AccountKey, int]:
    """The id of each account, creating the missing ones (concurrent creators are harmless)."""
    cache: dict[AccountKey, int] = session.info.setdefault(_CACHE, {})
    wanted = {k for k in keys if k not in cache}
    if wanted:
        _load_accounts(session, wanted, cache)
        missing = [k for k in wanted if k not in cache]
        if missing:
            table: Table = LedgerAccount.__table__  # type: ignore[attr-defined]
            now = utc_now()
            rows = [
                {
                    "owner_type": k[0],
                    "owner_id": k[1],
                    "kind": k[2],
                    "currency": k[3],
                    "balance_minor": 0,
                    "version": 0,
                    "created_at": now,
                }
                for k in sorted(missing)
            ]
            if dialect(session) == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                stmt: Any = pg_insert(table).on_conflict_do_nothing()
            else:
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                stmt = sqlite_insert(table).on_conflict_do_nothing()
            session.execute(stmt, rows)
            _load_accounts(session, set(missing), cache)
    return {k: cache[k] for k in keys}


def _load_accounts(session: Session, keys: set[AccountKey], cache: dict[AccountKey, int]) -> None:
    """Look accounts up by (owner_type, owner_id): the unique index's leading columns."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        by_type[k[0]].add(k[1])
    pg = dialect(session) == "postgresql"
    for owner_type, owners in by_type.items():
        chunks: Iterable[Sequence[str]] = [sorted(owners)] if pg else _chunks(sorted(owners))
        for chunk in chunks:
            if pg:
                array, value = text_array("owners", chunk)
                where = f"owner_id = ANY({array})"
                params: dict[str, Any] = {"t": owner_type, "owners": value}
            else:
                params = {"t": owner_type, **{f"o{i}": o for i, o in enumerate(chunk)}}
                where = f"owner_id IN ({', '.join(f':o{i}' for i in range(len(chunk)))})"
            rows = session.execute(
                text(
                    "SELECT id, owner_type, owner_id, kind, currency FROM ledger_accounts"
                    f" WHERE owner_type = :t AND {where}"
                ),
                params,
            )
            for id_, ot, oid, kind, cur in rows:
                cache[(ot, oid, kind, cur)] = int(id_)


def forget_accounts(session: Session) -> None:
    session.info.pop(_CACHE, None)


# --- posting ---------------------------------------------------------------------------------------------


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
    for chunk in _chunks(sorted(set(keys))):
        names = {f"k{i}": v for i, v in enumerate(chunk)}
        marks = ", ".join(":" + n for n in names)
        sql = f"SELECT {cols} FROM {table} t WHERE t.{key} IN ({marks}) ORDER BY t.{key}"
        out.extend(session.execute(text(sql), names))
    return out


def existing_transactions(session: Session, keys: Sequence[str]) -> dict[str, int]:
    rows = keyed_rows(
        session, "ledger_transactions", "idempotency_key", ("idempotency_key", "id"), list(keys)
    )
    return {k: int(i) for k, i in rows}


def lock_accounts(session: Session, ids: Iterable[int], *, skip_locked: bool = False) -> list[int]:
    """Lock accounts in ascending id order (PostgreSQL; SQLite's writer lock already serialises)."""
    ordered = sorted(set(ids))
    if dialect(session) != "postgresql" or not ordered:
        return ordered
    array, value = bigint_array("ids", ordered)
    sql = f"SELECT id FROM ledger_accounts WHERE id = ANY({array}) ORDER BY id FOR UPDATE"
    if skip_locked:
        sql += " SKIP LOCKED"
    return [int(i) for i in session.execute(text(sql), {"ids": value}).scalars()]


def _move_balances(session: Session, deltas: Mapping[int, int]) -> None:
    ids = lock_accounts(session, deltas)
    if dialect(session) == "postgresql" and ids:
        moved = [i for i in ids if deltas[i] != 0]
        id_array, id_value = bigint_array("ids", moved)
        delta_array, delta_value = bigint_array("deltas", [deltas[i] for i in moved])
        session.execute(
            text(
                "UPDATE ledger_accounts a"
                " SET balance_minor = a.balance_minor + d.delta, version = a.version + 1"
                f" FROM unnest({id_array}, {delta_array}) AS d(id, delta)"
                " WHERE a.id = d.id"
            ),
            {"ids": id_value, "deltas": delta_value},
        )
        return
    rows = [{"b_id": i, "b_delta": deltas[i]} for i in ids if deltas[i] != 0]
    if rows:
        table: Table = LedgerAccount.__table__  # type: ignore[attr-defined]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                balance_minor=table.c.balance_minor + bindparam("b_delta"),
                version=table.c.version + 1,
            ),
            rows,
        )


def reserve_ids(session: Session, n: int) -> list[int]:
    """`n` new transaction ids, ascending, for postings to pass to `post_many` (`txn_ids`)."""
    return _allocate_ids(session, n) if n else []


def _allocate_ids(session: Session, n: int) -> list[int]:
    if dialect(session) == "postgresql":  # one string, not a row per id
        ids = session.execute(
            text(
                "SELECT string_agg(nextval(pg_get_serial_sequence('ledger_transactions', 'id'))::text, ',')"
                " FROM generate_series(1, :n)"
            ),
            {"n": n},
        ).scalar_one()
        return sorted(map(int, ids.split(",")))
    # SQLite: the writing unit of work holds the database's write lock (BEGIN IMMEDIATE).
    top = session.execute(select(func.coalesce(func.max(col(LedgerTransaction.id)), 0))).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + n))


def platform_lines(legs: Iterable[tuple[str, str, int]]) -> list[tuple[AccountKey, int]]:
    """Lines on the platform's accounts from `(kind, currency, amount)` legs."""
    return [((_PLATFORM, PLATFORM, kind, currency), amount) for kind, currency, amount in legs]


class RevenuePool:
    """The platform's revenue and FX legs of a batch of postings (sales, refunds), pooled.

    Each posting of the batch keeps what is someone's in particular (the shopper's payment, the payees' and
    the authorities' lines) and, instead of its legs on the platform's revenue and FX accounts
    (`POOLED_KINDS`), one line per currency on the platform's clearing account (`clear`), so it still
    balances per currency. `postings` gives, per `occurred_at`, one pool posting that takes the clearing sums
    back out and puts each account's sum on it: every cent still has an account that says whose it is, the
    platform's accounts end where per-posting legs would have put them, and the clearing account at zero.
    An order's own amounts stay on its settlement row."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._sums: dict[datetime, dict[tuple[str, str], int]] = {}
        self._count: dict[datetime, int] = defaultdict(int)

    def clear(self, at: datetime, legs: Iterable[tuple[str, str, int]]) -> list[tuple[AccountKey, int]]:
        """The clearing lines of a posting at `at` for its platform `legs` `(kind, currency, amount)`."""
        sums = self._sums.get(at)
        if sums is None:
            sums = self._sums[at] = defaultdict(int)
        self._count[at] += 1
        cleared: dict[str, int] = {}
        for kind, currency, amount in legs:
            sums[(kind, currency)] += amount
            cleared[currency] = cleared.get(currency, 0) + amount
        return [((_PLATFORM, PLATFORM, _CLEARING, c), amount) for c, amount in cleared.items()]

    def postings(self, token: str) -> list[Posting]:
        """The pool postings (keys `{kind}:{token}:{n}`), one per `occurred_at` cleared."""
        out = []
        for n, (at, sums) in enumerate(self._sums.items()):
            totals: dict[str, int] = defaultdict(int)
            for (_, currency), amount in sums.items():
                totals[currency] += amount
            lines = [((_PLATFORM, PLATFORM, _CLEARING, c), -t) for c, t in sorted(totals.items())]
            lines += platform_lines((k, c, amount) for (k, c), amount in sorted(sums.items()))
            details = {"postings": self._count[at]}
            out.append(Posting(f"{self.kind}:{token}:{n}", self.kind, token, at, lines, details=details))
        return out


def post_many(
    session: Session,
    postings: Sequence[Posting],
    *,
    unseen: bool = False,
    txn_ids: Mapping[str, int] | None = None,
) -> Posted:
    """Post each balanced posting once; a posting whose key is already in the ledger is not written again.

    `unseen`: the caller knows none of the keys is in the ledger (they name a token just minted, or rows
    written in the same transaction as their postings were not found), so they are not looked up. Were one
    there after all (a concurrent writer), the unique key refuses the batch and the caller's transaction is
    rolled back: nothing is posted twice.

    `txn_ids`: the transaction id of each new posting by key, taken by the caller from the transactions' id
    sequence (`reserve_ids`, or `nextval` in the statement that linked rows to the transactions before they
    were posted); ids are otherwise taken here."""
    result = Posted()
    if not postings:
        return result
    unique: dict[str, Posting] = {}
    for p in postings:
        check_balanced(p)
        unique.setdefault(p.key, p)
    if not unseen:
        result.ids.update(existing_transactions(session, list(unique)))
    todo = [p for k, p in unique.items() if k not in result.ids]
    if not todo:
        return result
    ids = account_ids(session, {k for p in todo for k, _ in p.lines})
    tracked = {k: i for k, i in ids.items() if is_tracked(k)}
    deltas: dict[int, int] = defaultdict(int)
    for p in todo:
        for k, amount in p.lines:
            i = tracked.get(k)
            if i is not None:
                deltas[i] += amount
    _move_balances(session, deltas)

    ids_of = _allocate_ids(session, len(todo)) if txn_ids is None else [txn_ids[p.key] for p in todo]
    now = utc_now()
    txn_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[int, int, int, int, str]] = []
    for txn_id, p in zip(ids_of, todo, strict=True):
        txn_rows.append(
            (
                txn_id,
                p.key,
                p.kind,
                p.reference,
                p.occurred_at,
                p.fx_rate,
                p.fx_quote_id,
                p.details,
                now,
            )
        )
        line = 0
        for k, amount in p.lines:
            if amount:
                entry_rows.append((txn_id, line, ids[k], amount, k[3]))
                line += 1
        result.ids[p.key] = txn_id
        result.new.add(p.key)
    bulk_insert(session, "ledger_transactions", TXN_COLUMNS, txn_rows)
    if not _copy_entries(session, entry_rows):
        bulk_insert(session, "ledger_entries", ENTRY_COLUMNS, entry_rows)
    result.entries = len(entry_rows)
    return result


def _copy_entries(session: Session, rows: list[tuple[int, int, int, int, str]]) -> bool:
    """PostgreSQL, a batch past `COPY_THRESHOLD`: the entries as COPY text written here, one formatted line
    per entry (the driver's row-by-row adaptation cost over a microsecond an entry). Every value is an int
    (`check_balanced` refuses other amounts; ids and line numbers are ours) but the currency, which is sent
    as it is when none of the batch's needs escaping. False: nothing written (`bulk_insert` does it)."""
    if len(rows) < COPY_THRESHOLD or dialect(session) != "postgresql":
        return False
    if any(c in currency for currency in {r[4] for r in rows} for c in "\\\t\n\r"):
        return False
    raw = session.connection().connection.driver_connection
    assert raw is not None
    data = "".join([f"{t}\t{n}\t{a}\t{m}\t{c}\n" for t, n, a, m, c in rows])
    sql = f"COPY ledger_entries ({', '.join(ENTRY_COLUMNS)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:
        copy.write(data)
    return True


def post(session: Session, posting: Posting) -> LedgerTransaction:
    """Post one transaction (or find it, on a replay) and return it."""
    posted = post_many(session, [posting])
    txn = session.get(LedgerTransaction, posted.ids[posting.key])
    assert txn is not None
    return txn


TXN_COLUMNS = (
    "id",
    "idempotency_key",
    "kind",
    "reference",
    "occurred_at",
    "fx_rate",
    "fx_quote_id",
    "details",
    "created_at",
)
ENTRY_COLUMNS = ("transaction_id", "line", "account_id", "amount_minor", "currency")
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


# --- balances and statements -----------------------------------------------------------------------------


def balance_from_entries(session: Session, account_id: int) -> int:
    total = session.execute(
        select(func.coalesce(func.sum(col(LedgerEntry.amount_minor)), 0)).where(
            col(LedgerEntry.account_id) == account_id
        )
    ).scalar_one()
    return int(total)


def merchant_balances(session: Session, merchant_id: str) -> dict[str, list[Money]]:
    """The merchant's cached balances by kind, one Money per currency the merchant has any account in (zero
    where a kind has no account yet in that currency: a sale whose fees take it all never reaches
    `available`)."""
    return payee_balances(session, OwnerType.merchant.value, merchant_id)


@lru_cache(maxsize=1)
def _payee_accounts() -> Any:
    """A payee's accounts with their cached balances: built once, on the table (a plain select skips the
    ORM's compile and result steps; read on every balance request)."""
    a = LedgerAccount.__table__.c  # type: ignore[attr-defined]
    return (
        select(a.id, a.kind, a.currency, a.balance_minor)
        .where(a.owner_type == bindparam("owner_type"), a.owner_id == bindparam("owner_id"))
        .order_by(a.currency)
    )


def payee_balances(session: Session, payee_type: str, payee_id: str) -> dict[str, list[Money]]:
    """A payee's balances by kind (available, pending, reserved, in transit), one Money per currency it has
    any account in: cached balances, and sums of entries for accounts that keep none (a creator's pending)."""
    kinds = (AccountKind.available, AccountKind.pending, AccountKind.reserved, AccountKind.in_transit)
    found: dict[tuple[str, str], int] = {}
    rows = session.execute(_payee_accounts(), {"owner_type": payee_type, "owner_id": payee_id})
    for account_id, kind, currency, minor in rows:
        tracked = is_tracked((payee_type, payee_id, kind, currency))
        found[(kind, currency)] = int(minor) if tracked else balance_from_entries(session, int(account_id))
    currencies = sorted({currency for _, currency in found})
    return {k.value: [Money.from_minor(found.get((k.value, c), 0), c) for c in currencies] for k in kinds}


def transaction_entries(session: Session, txn_id: int) -> list[tuple[AccountKey, int]]:
    rows = session.execute(
        select(
            col(LedgerAccount.owner_type),
            col(LedgerAccount.owner_id),
            col(LedgerAccount.kind),
            col(LedgerAccount.currency),
            col(LedgerEntry.amount_minor),
        )
        .join(LedgerAccount, col(LedgerAccount.id) == col(LedgerEntry.account_id))
        .where(col(LedgerEntry.transaction_id) == txn_id)
        .order_by(col(LedgerEntry.line))
    )
    return [((ot, oid, kind, cur), int(amount)) for ot, oid, kind, cur, amount in rows]


def reversal_of(session: Session, txn_id: int) -> list[tuple[AccountKey, int]]:
    """The lines that undo a transaction exactly."""
    return [(k, -amount) for k, amount in transaction_entries(session, txn_id)]


def unbalanced_transactions(session: Session, *, limit: int = 100) -> list[int]:
    """Transactions whose entries do not sum to zero per currency (there should be none)."""
    stmt = (
        select(col(LedgerEntry.transaction_id))
        .group_by(col(LedgerEntry.transaction_id), col(LedgerEntry.currency))
        .having(func.sum(col(LedgerEntry.amount_minor)) != 0)
        .limit(limit)
    )
    return [int(t) for t in session.execute(stmt).scalars()]


def cached_balance_drift(session: Session) -> list[tuple[int, int, int]]:
    """Payee accounts keeping a cached balance (`is_tracked`) whose cached balance differs from the sum of
    their entries: (id, cached, sum)."""
    sums = (
        select(
            col(LedgerEntry.account_id).label("account_id"),
            func.sum(col(LedgerEntry.amount_minor)).label("s"),
        )
        .group_by(col(LedgerEntry.account_id))
        .subquery()
    )
    stmt = (
        select(col(LedgerAccount.id), col(LedgerAccount.balance_minor), func.coalesce(sums.c.s, 0))
        .outerjoin(sums, sums.c.account_id == col(LedgerAccount.id))
        .where(
            (col(LedgerAccount.owner_type) == OwnerType.merchant.value)
            | (
                (col(LedgerAccount.owner_type) == OwnerType.creator.value)
                & (col(LedgerAccount.kind) != AccountKind.pending.value)
            ),
            col(LedgerAccount.balance_minor) != func.coalesce(sums.c.s, 0),
        )
    )
    return [(int(a), int(b), int(c)) for a, b, c in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class StatementLine:
    transaction_id: int
    occurred_at: datetime
    kind: str
    reference: str
    account_kind: str
    currency: str
    amount_minor: int
    balance_minor: int
    """The account's running balance after this entry (entries in `occurred_at`, transaction, line order)."""
    account_id: int = 0


def statement_lines(
    session: Session,
    *,
    merchant_id: str | None = None,
    start: datetime,
    end: datetime,
    owner: tuple[str, str] | None = None,
) -> list[StatementLine]:
    """Every entry on the merchant's (or `owner`'s: a payee's type and id) accounts whose transaction
    occurred in [start, end) (the date a statement
    prints, not the date it was recorded), in (occurred_at, transaction, line) order, with each account's
    running balance in that order: the balance before `start` is the sum of the entries that occurred
    before it, so one month's closing balance is the next month's opening balance."""
    sql = text(
        """
        WITH acc AS (
            SELECT id, kind, currency FROM ledger_accounts
            WHERE owner_type = :owner_type AND owner_id = :owner_id
        ),
        opening AS (
            SELECT e.account_id, COALESCE(SUM(e.amount_minor), 0) AS amount
            FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.account_id IN (SELECT id FROM acc) AND t.occurred_at < :start
            GROUP BY e.account_id
        )
        SELECT t.id, t.occurred_at, t.kind, t.reference, a.kind, e.currency, e.amount_minor,
               COALESCE(o.amount, 0) + SUM(e.amount_minor) OVER (
                   PARTITION BY e.account_id ORDER BY t.occurred_at, e.transaction_id, e.line
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS balance,
               e.account_id
        FROM ledger_entries e
        JOIN acc a ON a.id = e.account_id
        JOIN ledger_transactions t ON t.id = e.transaction_id
        LEFT JOIN opening o ON o.account_id = e.account_id
        WHERE t.occurred_at >= :start AND t.occurred_at < :end
        ORDER BY t.occurred_at, t.id, e.line
        """
    )
    owner_type, owner_id = owner or (OwnerType.merchant.value, merchant_id or "")
    sql = sql.bindparams(owner_type=owner_type, owner_id=owner_id)
    from core.models import UTCDateTime

    sql = sql.bindparams(
        bindparam("start", start, type_=UTCDateTime()), bindparam("end", end, type_=UTCDateTime())
    )
    out = []
    for tid, occurred, kind, ref, akind, cur, amount, balance, account_id in session.execute(sql):
        out.append(
            StatementLine(
                int(tid),
                _as_datetime(occurred),
                kind,
                ref,
                akind,
                cur,
                int(amount),
                int(balance),
                int(account_id),
            )
        )
    return out


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def insert_rows(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Plain Core executemany for a handful of rows of `model`'s table."""
    if rows:
        session.execute(insert(model.__table__), list(rows))

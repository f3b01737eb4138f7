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

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, text, update
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
from settlement.rows import (  # the bulk row helpers, for the ledger's callers too
    COPY_THRESHOLD,
    bigint_array,
    bulk_insert,
    chunks,
    day_param,  # noqa: F401
    dialect,
    index_lookups,  # noqa: F401
    keyed_rows,
    one_of,  # noqa: F401
    text_array,
    update_rows,  # noqa: F401
)

AccountKey = tuple[str, str, str, str]
"""(owner_type, owner_id, kind, currency)."""

PLATFORM = "platform"


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
        parts: Iterable[Sequence[str]] = [sorted(owners)] if pg else chunks(sorted(owners))
        for chunk in parts:
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

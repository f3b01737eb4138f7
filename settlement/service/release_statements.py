"""PostgreSQL: deliveries and releases as one statement per pass.

A pass locks its orders, groups them per merchant and settlement currency, takes one ledger transaction id
per group from the transactions' sequence, marks every order (status, amounts, the link to its group's
transaction) and returns the groups' sums, all in one statement: each order row is written once, with no
read of it into this process and no rewrite through a temporary table. The caller posts the groups'
transactions with those ids in the same database transaction (`ledger.post_many(..., txn_ids=...)`), so an
order never links to a transaction that is not there once the transaction commits.

Delivered orders wait for their release in `settlement_order_due` and released orders' reserves in
`settlement_reserve_holds`; a pass takes its rows in due order, skipping rows another worker holds (`SKIP
LOCKED`), deletes them, writes the next step's rows, and links each order to its group's transaction in
`settlement_order_links`. No column of `settlement_orders` that a pass changes is indexed, so its update of
an order stays on the row's page (HOT); a reserve pass reads and writes no order row at all (a hold carries
its merchant, currency and amount; a refund taking from a reserve locks its hold). Deliveries name their
orders; their per-merchant days (hold, compliance, calendar) are computed by the caller and sent per order
with the transaction id of its group. Every statement joins the orders by their key only
(`ledger.index_lookups`), in key order (the order the rows were written in, so a pass walks the table's
pages in order rather than at random): the rest is windows and grouping over the pass's own rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from settlement import ledger

_NEXT_ID = "nextval(pg_get_serial_sequence('ledger_transactions', 'id'))"
_RESERVE = "CASE WHEN {p}pending_minor <= 0 THEN 0 ELSE LEAST({p}reserve_planned_minor, {p}pending_minor) END"
"""The part of an order's pending money held back as its return reserve when the order is released."""


@contextmanager
def _by_key(session: Session) -> Iterator[None]:
    """Orders reached through their key's index only, whatever the table's size and statistics: no hash or
    merge join (`ledger.index_lookups`) and no scan of the whole table (on a small or freshly loaded table
    the planner would otherwise read all of it once per order given)."""
    before = session.execute(
        text("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
    ).one()
    # a pass sorts its orders a few times (by key, by merchant): in memory rather than in temporary files
    session.execute(
        text("SELECT set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true)")
    )
    with ledger.index_lookups(session):
        yield
    session.execute(
        text("SELECT set_config('enable_seqscan', :v, true), set_config('work_mem', :w, true)"),
        {"v": before[0], "w": before[1]},
    )


@dataclass(slots=True)
class Group:
    """The orders of a pass released by one ledger transaction (`txn_id`; None when they move nothing)."""

    txn_id: int | None
    merchant_id: str
    currency: str
    pending: int = 0
    released: int = 0
    reserve: int = 0
    orders: int = 0
    creators: dict[str, int] = field(default_factory=dict)
    """Affiliate commission released with the orders' money, per creator."""


def _groups(rows: Sequence[Any]) -> list[Group]:
    """Groups from rows `('g', txn, merchant, currency, pending, released, reserve, orders, None)` and
    `('c', txn, merchant, currency, amount, 0, 0, 0, creator)`."""
    groups: dict[tuple[Any, str, str], Group] = {}
    for kind, txn, mid, cur, a, b, c, n, creator in rows:
        g = groups.get((txn, mid, cur))
        if g is None:
            g = groups[(txn, mid, cur)] = Group(None if txn is None else int(txn), mid, cur)
        if kind == "g":
            g.pending, g.released, g.reserve, g.orders = int(a), int(b), int(c), int(n)
        elif kind == "c":
            g.creators[creator] = int(a)
    return list(groups.values())


def _due_filter(order_ids: Sequence[str] | None, due: str) -> tuple[str, str, dict[str, Any]]:
    """The extra condition, the order and the parameters of a pass over the rows of `order_ids` or over
    every due row (in the order of `due`, the date its index starts with)."""
    if order_ids is None:
        return "", f"{due}, order_id", {}
    array, value = ledger.text_array("ids", sorted(set(order_ids)))
    return f"AND order_id = ANY({array})", "order_id", {"ids": value}


def _queued(step: str, where: str, order: str, condition: str, columns: str) -> str:
    """CTEs `q` (the step's due queue rows, locked) and `due` (their orders still in `condition`, locked in
    key order, skipping rows another writer holds), `due` with the queue row's `qid` and `columns` of the
    order `o`."""
    return f"""
    q AS MATERIALIZED (
        SELECT ctid AS qid, order_id FROM settlement_order_due
        WHERE step = '{step}' AND due_on <= :day {where}
        ORDER BY {order} LIMIT :lim FOR UPDATE SKIP LOCKED
    ),
    due AS MATERIALIZED (
        SELECT k.qid, {columns}
        FROM (SELECT qid, order_id FROM q ORDER BY order_id COLLATE "C") k CROSS JOIN LATERAL
             (SELECT * FROM settlement_orders x WHERE x.order_id = k.order_id AND {condition}
              FOR UPDATE SKIP LOCKED) o
    )"""


_GROUPED = """
linked AS MATERIALIZED (
    SELECT i.*, max(first_id) OVER (PARTITION BY merchant_id COLLATE "C", cur COLLATE "C") AS txn FROM ided i
)"""


def _step_done(table: str, orders: str) -> str:
    """CTEs that delete `linked`'s rows of `table` (the queue's or the holds') and link each transaction to
    its orders (`orders`: the FROM clause of `linked` rows `l` and their order ids `order_id`)."""
    return f"""
    done AS (  -- the rows by their address (locked, so it stays): no join to plan
        DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT qid FROM linked))
    ),
    links AS (
        INSERT INTO settlement_order_links (txn_id, order_ids)
        SELECT l.txn, json_agg(order_id ORDER BY order_id COLLATE "C") FROM {orders}
        WHERE l.txn IS NOT NULL GROUP BY l.txn
    )"""


_HOLD_ORDERS = "linked l CROSS JOIN LATERAL json_array_elements_text(l.order_ids) e(order_id)"
"""The order ids of the holds a reserve pass took."""
_HOLD = (
    "settlement_reserve_holds (release_txn_id, release_on, merchant_id, currency, amount_minor, order_ids)"
)


def release_pending(
    session: Session, *, day: date, order_ids: Sequence[str] | None, limit: int
) -> list[Group]:
    """Release delivered orders whose `available_on` has come: pending -> available less the reserve ->
    reserved, the creators' commission left with them; one group per merchant and currency. Orders with a
    reserve are queued for its release."""
    where, order, params = _due_filter(order_ids, "due_on")
    reserve = _RESERVE.format(p="o.")
    columns = f"""o.order_id, o.merchant_id, o.settlement_currency AS cur, o.pending_minor AS pending,
           {reserve} AS reserve, o.affiliate_id, o.affiliate_minor - o.affiliate_clawed_minor AS aff,
           o.reserve_release_on AS release_on"""
    sql = f"""
    WITH {_queued("release", where, order, "x.status = 'delivered'", columns)},
    sized AS (
        SELECT d.*, row_number() OVER w AS rn,
               (sum(pending) OVER w <> 0 OR sum(pending - reserve) OVER w <> 0 OR sum(reserve) OVER w <> 0
                OR bool_or(affiliate_id IS NOT NULL AND aff <> 0) OVER w) AS moves
        FROM due d WINDOW w AS (PARTITION BY merchant_id COLLATE "C", cur COLLATE "C")
    ),
    ided AS (SELECT s.*, CASE WHEN rn = 1 AND moves THEN {_NEXT_ID} END AS first_id FROM sized s),
    {_GROUPED},
    {_step_done("settlement_order_due", "linked l")},
    held AS (
        INSERT INTO {_HOLD}
        SELECT txn, release_on, merchant_id, cur, sum(reserve),
               json_agg(order_id ORDER BY order_id COLLATE "C")
        FROM linked WHERE reserve <> 0 GROUP BY txn, release_on, merchant_id, cur
    ),
    marked AS (
        UPDATE settlement_orders o
        SET status = 'available', pending_minor = 0, released_minor = l.pending - l.reserve,
            reserve_minor = l.reserve, release_txn_id = l.txn
        FROM (SELECT * FROM linked ORDER BY order_id COLLATE "C") l WHERE o.order_id = l.order_id
    )
    SELECT 'g', txn, merchant_id, cur, sum(pending), sum(pending - reserve), sum(reserve), count(*),
           NULL::text
    FROM linked GROUP BY txn, merchant_id, cur
    UNION ALL
    SELECT 'c', txn, merchant_id, cur, sum(aff), 0, 0, 0, affiliate_id::text
    FROM linked WHERE txn IS NOT NULL AND affiliate_id IS NOT NULL AND aff <> 0
    GROUP BY txn, merchant_id, cur, affiliate_id
    """
    with _by_key(session):
        rows = session.execute(text(sql), {"day": day, "lim": limit, **params}).all()
    return _groups(rows)


def release_reserves(
    session: Session, *, day: date, order_ids: Sequence[str] | None, limit: int
) -> tuple[list[Group], int]:
    """Release the reserves whose return window has ended: reserved -> available, one group per merchant and
    currency (`reserve` is the group's sum, `orders` its orders). Only the holds are read and locked (a
    refund taking from a reserve holds its hold's lock: the pass skips it), and deleted. Returns the groups
    and the holds taken (at most `limit`)."""
    where, params = "", {}
    if order_ids is not None:  # the holds of these orders
        array, params["ids"] = ledger.text_array("ids", sorted(set(order_ids)))
        where = (
            "AND (release_txn_id, release_on) IN (SELECT o.release_txn_id, o.reserve_release_on"
            f" FROM settlement_orders o WHERE o.order_id = ANY({array}))"
        )
    sql = f"""
    WITH due AS MATERIALIZED (
        SELECT ctid AS qid, merchant_id, currency AS cur, amount_minor AS reserve, order_ids
        FROM settlement_reserve_holds WHERE release_on <= :day {where}
        ORDER BY release_on, release_txn_id LIMIT :lim FOR UPDATE SKIP LOCKED
    ),
    sized AS (
        SELECT d.*, row_number() OVER w AS rn, sum(reserve) OVER w AS total
        FROM due d WINDOW w AS (PARTITION BY merchant_id COLLATE "C", cur COLLATE "C")
    ),
    ided AS (SELECT s.*, CASE WHEN rn = 1 AND total <> 0 THEN {_NEXT_ID} END AS first_id FROM sized s),
    {_GROUPED},
    {_step_done("settlement_reserve_holds", _HOLD_ORDERS)}
    SELECT txn, merchant_id, cur, sum(reserve), sum(json_array_length(order_ids)), count(*)
    FROM linked GROUP BY txn, merchant_id, cur
    """
    with _by_key(session):
        rows = session.execute(text(sql), {"day": day, "lim": limit, **params}).all()
    groups = [
        Group(None if txn is None else int(txn), mid, cur, reserve=int(total), orders=int(n))
        for txn, mid, cur, total, n, _ in rows
    ]
    return groups, sum(int(r[5]) for r in rows)


@dataclass(slots=True)
class DeliveryDays:
    """What a delivery sets on an order, shared by the orders of a merchant delivered at the same time."""

    delivered_at: list[datetime] = field(default_factory=list)
    available_on: list[date] = field(default_factory=list)
    reserve_release_on: list[date] = field(default_factory=list)


def paid_orders(
    session: Session, order_ids: Sequence[str]
) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """The orders found, not locked (a delivery writes only orders still paid when it locks them, `deliver`):
    the paid ones per `(merchant_id, settlement_currency)` and the others. The rows are grouped here, as
    they stream in (grouping them in the statement sorts them: the planner takes an unnest for 10 rows)."""
    if not order_ids:
        return {}, []
    array, value = ledger.text_array("ids", sorted(set(order_ids)))
    sql = (
        "SELECT x.status = 'paid', x.order_id, x.merchant_id, x.settlement_currency"
        f" FROM unnest({array}) AS u(key) CROSS JOIN LATERAL"
        " (SELECT * FROM settlement_orders x WHERE x.order_id = u.key) AS x"
    )
    paid: dict[tuple[str, str], list[str]] = {}
    other: list[str] = []
    for is_paid, order_id, merchant_id, currency in session.execute(text(sql), {"ids": value}):
        if is_paid:
            group = paid.get((merchant_id, currency))
            if group is None:
                group = paid[(merchant_id, currency)] = []
            group.append(order_id)
        else:
            other.append(order_id)
    return paid, other


def deliver(
    session: Session, *, days: DeliveryDays, orders: Sequence[tuple[str, int, int]]
) -> tuple[list[Group], set[str] | None]:
    """Deliver paid orders `(order_id, days index, release transaction id or 0)`: set their days and, for
    those with a transaction id, release them (as `release_pending` does) and link them to it. Orders no
    longer paid (a concurrent delivery) are left as they are.

    Returns the released groups, with the transaction ids given, and the ids of the orders delivered when
    that is not all of `orders` (None when it is)."""
    orders = sorted(orders)
    ids, ids_value = ledger.text_array("ids", [o[0] for o in orders])
    cls, cls_value = ledger.bigint_array("cls", (o[1] + 1 for o in orders))
    txn, txn_value = ledger.bigint_array("txn", (o[2] for o in orders))
    reserve = _RESERVE.format(p="o.")
    released = "WHEN u.txn > 0 THEN"
    sql = f"""
    WITH upd AS (
        UPDATE settlement_orders o
        SET status = CASE {released} 'available' ELSE 'delivered' END,
            delivered_at = (CAST(:at AS timestamptz[]))[u.c],
            available_on = (CAST(:av AS date[]))[u.c],
            reserve_release_on = (CAST(:rel AS date[]))[u.c],
            pending_minor = CASE {released} 0 ELSE o.pending_minor END,
            released_minor = CASE {released} o.pending_minor - {reserve} ELSE o.released_minor END,
            reserve_minor = CASE {released} {reserve} ELSE o.reserve_minor END,
            release_txn_id = CASE {released} u.txn ELSE o.release_txn_id END
        FROM unnest({ids}, {cls}, {txn}) AS u(order_id, c, txn)
        WHERE o.order_id = u.order_id AND o.status = 'paid'
        RETURNING o.order_id, u.txn, o.merchant_id, o.settlement_currency AS cur,
                  o.released_minor AS released, o.reserve_minor AS reserve, o.affiliate_id,
                  o.affiliate_minor - o.affiliate_clawed_minor AS aff, o.available_on,
                  o.reserve_release_on
    ),
    links AS (  -- the groups that move money: the others get no transaction
        INSERT INTO settlement_order_links (txn_id, order_ids)
        SELECT txn, json_agg(order_id ORDER BY order_id COLLATE "C") FROM upd WHERE txn > 0 GROUP BY txn
        HAVING sum(released + reserve) <> 0 OR sum(released) <> 0 OR sum(reserve) <> 0
            OR bool_or(affiliate_id IS NOT NULL AND aff <> 0)
    ),
    queued AS (
        INSERT INTO settlement_order_due (order_id, step, due_on)
        SELECT order_id, 'release', available_on FROM upd WHERE txn = 0
    ),
    held AS (
        INSERT INTO {_HOLD}
        SELECT txn, reserve_release_on, merchant_id, cur, sum(reserve),
               json_agg(order_id ORDER BY order_id COLLATE "C")
        FROM upd WHERE txn > 0 AND reserve <> 0 GROUP BY txn, reserve_release_on, merchant_id, cur
    )
    SELECT 'g', txn, merchant_id, cur, sum(released + reserve), sum(released), sum(reserve), count(*),
           NULL::text
    FROM upd WHERE txn > 0 GROUP BY txn, merchant_id, cur
    UNION ALL
    SELECT 'c', txn, merchant_id, cur, sum(aff), 0, 0, 0, affiliate_id::text
    FROM upd WHERE txn > 0 AND affiliate_id IS NOT NULL AND aff <> 0
    GROUP BY txn, merchant_id, cur, affiliate_id
    UNION ALL
    SELECT 'n', NULL, NULL, NULL, n.n, 0, 0, 0,
           CASE WHEN n.n <> :n THEN (SELECT string_agg(order_id, chr(31)) FROM upd) END
    FROM (SELECT count(*) AS n FROM upd) n
    """
    params = {
        "ids": ids_value,
        "cls": cls_value,
        "txn": txn_value,
        "at": days.delivered_at,
        "av": days.available_on,
        "rel": days.reserve_release_on,
        "n": len(orders),
    }
    with _by_key(session):
        rows = session.execute(text(sql), params).all()
    done: set[str] | None = None
    for row in rows:
        if row[0] == "n" and row[8] is not None:
            done = set(row[8].split("\x1f"))
        elif row[0] == "n" and int(row[4]) == 0:
            done = set()
    return _groups([r for r in rows if r[0] != "n"]), done


def unlink(session: Session, order_ids: Sequence[str]) -> None:
    """Clear the release link of delivered orders whose group moved nothing (and got no transaction)."""
    if order_ids:
        array, value = ledger.text_array("ids", sorted(order_ids))
        with _by_key(session):
            session.execute(
                text(f"UPDATE settlement_orders SET release_txn_id = NULL WHERE order_id = ANY({array})"),
                {"ids": value},
            )

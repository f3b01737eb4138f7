"""payees: creators beside merchants (API keys bound to them), affiliate plans, slot fees; payout settings,
payouts, runs and payout setting changes name their payee (merchant or creator); the affiliate payable becomes
the creator's pending balance, and commission of orders already released becomes the creator's available
balance (docs/adr/0012-payees.md)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIGRATED = "migration-0014"
"""The reference of the ledger transactions this migration posts."""


def _str(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _settings_columns(first: list[sa.Column[str]]) -> list[sa.Column[object]]:
    return [
        *first,
        sa.Column("interval", _str(10), nullable=False),
        sa.Column("weekly_anchor", sa.Integer(), nullable=False),
        sa.Column("currency", _str(3), nullable=False),
        sa.Column("minimum_minor", sa.BigInteger(), nullable=False),
        sa.Column("method", _str(10), nullable=False),
        sa.Column("hold_business_days", sa.Integer(), nullable=False),
        sa.Column("account_holder", _str(140), nullable=True),
        sa.Column("iban", _str(34), nullable=True),
        sa.Column("bic", _str(11), nullable=True),
        sa.Column("account_number", _str(40), nullable=True),
        sa.Column("bank_code", _str(20), nullable=True),
        sa.Column("stripe_account", _str(60), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", _str(40), nullable=True),
    ]


_SETTINGS = (
    "interval, weekly_anchor, currency, minimum_minor, method, hold_business_days, account_holder, iban, bic,"
    " account_number, bank_code, stripe_account, version, updated_at, updated_by"
)


def _new_tables() -> None:
    op.create_table(
        "creators",
        sa.Column("id", _str(40), nullable=False),
        sa.Column("name", _str(200), nullable=False),
        sa.Column("handle", _str(100), nullable=True),
        sa.Column("country", _str(2), nullable=False),
        sa.Column("payout_currency", _str(3), nullable=False),
        sa.Column("verification", _str(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handle"),
    )
    op.create_table(
        "affiliate_plans",
        sa.Column("id", _str(40), nullable=False),
        sa.Column("merchant_id", _str(40), nullable=False),
        sa.Column("kind", _str(10), nullable=False),
        sa.Column("name", _str(200), nullable=False),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", _str(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_affiliate_plans_merchant", "affiliate_plans", ["merchant_id", "effective_from"])
    op.create_table(
        "affiliate_plan_rates",
        sa.Column("plan_id", _str(40), nullable=False),
        sa.Column("scope", _str(10), nullable=False),
        sa.Column("value", _str(64), nullable=False),
        sa.Column("rate_bps", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "scope", "value"),
    )
    op.create_table(
        "affiliate_plan_creators",
        sa.Column("plan_id", _str(40), nullable=False),
        sa.Column("creator_id", _str(40), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "creator_id"),
    )
    op.create_index(
        "ix_affiliate_plan_creators_creator", "affiliate_plan_creators", ["creator_id", "plan_id"]
    )
    op.create_table(
        "slot_fees",
        sa.Column("id", _str(40), nullable=False),
        sa.Column("key", _str(255), nullable=False),
        sa.Column("merchant_id", _str(40), nullable=False),
        sa.Column("creator_id", _str(40), nullable=False),
        sa.Column("campaign", _str(200), nullable=False),
        sa.Column("currency", _str(3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("note", _str(500), nullable=False),
        sa.Column("txn_id", sa.BigInteger(), nullable=False),
        sa.Column("created_by", _str(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("merchant_id", "key", name="uq_slot_fees_merchant_key"),
    )
    op.create_index("ix_slot_fees_creator", "slot_fees", ["creator_id", "id"])


def _api_keys_bind_creators() -> None:
    with op.batch_alter_table("api_keys") as b:
        b.add_column(sa.Column("creator_id", _str(40), nullable=True))
        b.create_foreign_key("fk_api_keys_creator_id", "creators", ["creator_id"], ["id"])
        b.create_index("ix_api_keys_creator_id", ["creator_id"], unique=False)


def _payout_settings_by_payee() -> None:
    """Keyed by (payee_type, payee_id): every existing row is a merchant's."""
    if op.get_bind().dialect.name == "postgresql":
        op.add_column(
            "payout_settings",
            sa.Column("payee_type", _str(10), nullable=False, server_default="merchant"),
        )
        op.alter_column("payout_settings", "payee_type", server_default=None)
        op.alter_column("payout_settings", "merchant_id", new_column_name="payee_id")
        op.drop_constraint("payout_settings_pkey", "payout_settings", type_="primary")
        op.create_primary_key("payout_settings_pkey", "payout_settings", ["payee_type", "payee_id"])
        return
    op.create_table(
        "payout_settings_new",
        *_settings_columns([sa.Column("payee_type", _str(10)), sa.Column("payee_id", _str(40))]),
        sa.PrimaryKeyConstraint("payee_type", "payee_id"),
    )
    op.execute(
        f"INSERT INTO payout_settings_new (payee_type, payee_id, {_SETTINGS})"
        f" SELECT 'merchant', merchant_id, {_SETTINGS} FROM payout_settings"
    )
    op.drop_table("payout_settings")
    op.rename_table("payout_settings_new", "payout_settings")


def _payee_columns(table: str, old_index: str, new_index: str) -> None:
    """`payee_type` and `payee_id` (NOT NULL) from `merchant_id`, which becomes nullable."""
    with op.batch_alter_table(table) as b:
        b.add_column(sa.Column("payee_type", _str(10), nullable=False, server_default="merchant"))
        b.add_column(sa.Column("payee_id", _str(40), nullable=True))
    op.execute(f"UPDATE {table} SET payee_id = merchant_id")
    with op.batch_alter_table(table) as b:
        b.alter_column("payee_type", existing_type=_str(10), server_default=None)
        b.alter_column("payee_id", existing_type=_str(40), nullable=False)
        b.alter_column("merchant_id", existing_type=_str(40), nullable=True)
        b.drop_index(old_index)
        b.create_index(new_index, ["payee_type", "payee_id", "id"], unique=False)


def _runs_by_payee() -> None:
    with op.batch_alter_table("settlement_runs") as b:
        b.add_column(sa.Column("payee_type", _str(10), nullable=True))
        b.add_column(sa.Column("payee_id", _str(40), nullable=True))
    op.execute(
        "UPDATE settlement_runs SET payee_type = 'merchant', payee_id = merchant_id"
        " WHERE merchant_id IS NOT NULL"
    )


def _now_param() -> sa.BindParameter[datetime]:
    return sa.bindparam("now", datetime.now(UTC), type_=sa.DateTime(timezone=True))


def _affiliates_become_creators() -> None:
    """The affiliate payable is the creator's pending balance. Commission of orders whose money was already
    released (status `available`) moves on to the creator's available balance, one ledger transaction per
    creator and currency, as a release does now: the ledger stays balanced and the cached balance of the
    available account (kept for creators) equals its entries."""
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE ledger_accounts SET owner_type = 'creator', kind = 'pending'"
            " WHERE owner_type = 'affiliate' AND kind = 'affiliate_payable'"
        )
    )
    released = bind.execute(
        sa.text(
            "SELECT affiliate_id, settlement_currency, SUM(affiliate_minor - affiliate_clawed_minor)"
            " FROM settlement_orders WHERE status = 'available' AND affiliate_id IS NOT NULL"
            " GROUP BY affiliate_id, settlement_currency"
            " HAVING SUM(affiliate_minor - affiliate_clawed_minor) <> 0"
            " ORDER BY affiliate_id, settlement_currency"
        )
    ).all()
    for creator, currency, amount in released:
        _move_to_available(bind, creator, currency, int(amount))


def _account_id(bind: sa.Connection, creator: str, kind: str, currency: str) -> int | None:
    found = bind.execute(
        sa.text(
            "SELECT id FROM ledger_accounts WHERE owner_type = 'creator' AND owner_id = :o AND kind = :k"
            " AND currency = :c"
        ),
        {"o": creator, "k": kind, "c": currency},
    ).scalar()
    return None if found is None else int(found)


def _move_to_available(bind: sa.Connection, creator: str, currency: str, amount: int) -> None:
    pending = _account_id(bind, creator, "pending", currency)
    if pending is None:  # pragma: no cover - a sale that named the affiliate wrote this account
        return
    bind.execute(
        sa.text(
            "INSERT INTO ledger_accounts (owner_type, owner_id, kind, currency, balance_minor, version,"
            " created_at) VALUES ('creator', :o, 'available', :c, 0, 0, :now)"
        ).bindparams(_now_param()),
        {"o": creator, "c": currency},
    )
    available = _account_id(bind, creator, "available", currency)
    key = f"{MIGRATED}:commission:{creator}:{currency}"[:200]
    bind.execute(
        sa.text(
            "INSERT INTO ledger_transactions (idempotency_key, kind, reference, occurred_at, created_at)"
            " VALUES (:k, 'commission_release', :r, :now, :now)"
        ).bindparams(_now_param()),
        {"k": key, "r": MIGRATED},
    )
    txn = bind.execute(
        sa.text("SELECT id FROM ledger_transactions WHERE idempotency_key = :k"), {"k": key}
    ).scalar_one()
    bind.execute(
        sa.text(
            "INSERT INTO ledger_entries (transaction_id, line, account_id, amount_minor, currency)"
            " VALUES (:t, 0, :p, :neg, :c), (:t, 1, :a, :pos, :c)"
        ),
        {"t": txn, "p": pending, "a": available, "neg": -amount, "pos": amount, "c": currency},
    )
    bind.execute(
        sa.text(
            "UPDATE ledger_accounts SET balance_minor = balance_minor + :pos, version = version + 1"
            " WHERE id = :a"
        ),
        {"a": available, "pos": amount},
    )


def upgrade() -> None:
    _new_tables()
    _api_keys_bind_creators()
    _payout_settings_by_payee()
    _payee_columns("payouts", "ix_payouts_merchant_id", "ix_payouts_payee")
    _payee_columns(
        "payout_setting_changes", "ix_payout_setting_changes_merchant", "ix_payout_setting_changes_payee"
    )
    _runs_by_payee()
    _affiliates_become_creators()


def _merchant_columns_back(table: str, new_index: str, old_index: str) -> None:
    # A creator's rows keep the creator's id where the merchant's was (the old code reads no creator).
    op.execute(f"UPDATE {table} SET merchant_id = payee_id WHERE merchant_id IS NULL")
    with op.batch_alter_table(table) as b:
        b.drop_index(new_index)
        b.alter_column("merchant_id", existing_type=_str(40), nullable=False)
        b.drop_column("payee_id")
        b.drop_column("payee_type")
        b.create_index(old_index, ["merchant_id", "id"], unique=False)


def _payout_settings_by_merchant() -> None:
    op.execute("DELETE FROM payout_settings WHERE payee_type <> 'merchant'")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("payout_settings_pkey", "payout_settings", type_="primary")
        op.drop_column("payout_settings", "payee_type")
        op.alter_column("payout_settings", "payee_id", new_column_name="merchant_id")
        op.create_primary_key("payout_settings_pkey", "payout_settings", ["merchant_id"])
        return
    op.create_table(
        "payout_settings_old",
        *_settings_columns([sa.Column("merchant_id", _str(40))]),
        sa.PrimaryKeyConstraint("merchant_id"),
    )
    op.execute(
        f"INSERT INTO payout_settings_old (merchant_id, {_SETTINGS}) SELECT payee_id, {_SETTINGS}"
        " FROM payout_settings"
    )
    op.drop_table("payout_settings")
    op.rename_table("payout_settings_old", "payout_settings")


def downgrade() -> None:
    # The creators' accounts go back to affiliate accounts (what was released or is on its way keeps its
    # kind: the ledger stays balanced; the old code pays no affiliate). Entries are never deleted.
    op.execute(
        "UPDATE ledger_accounts SET owner_type = 'affiliate', kind = 'affiliate_payable'"
        " WHERE owner_type = 'creator' AND kind = 'pending'"
    )
    op.execute("UPDATE ledger_accounts SET owner_type = 'affiliate' WHERE owner_type = 'creator'")
    with op.batch_alter_table("settlement_runs") as b:
        b.drop_column("payee_id")
        b.drop_column("payee_type")
    _merchant_columns_back(
        "payout_setting_changes", "ix_payout_setting_changes_payee", "ix_payout_setting_changes_merchant"
    )
    _merchant_columns_back("payouts", "ix_payouts_payee", "ix_payouts_merchant_id")
    _payout_settings_by_merchant()
    op.execute("DELETE FROM api_keys WHERE creator_id IS NOT NULL")
    with op.batch_alter_table("api_keys") as b:
        b.drop_index("ix_api_keys_creator_id")
        b.drop_constraint("fk_api_keys_creator_id", type_="foreignkey")
        b.drop_column("creator_id")
    op.drop_index("ix_slot_fees_creator", table_name="slot_fees")
    op.drop_table("slot_fees")
    op.drop_index("ix_affiliate_plan_creators_creator", table_name="affiliate_plan_creators")
    op.drop_table("affiliate_plan_creators")
    op.drop_table("affiliate_plan_rates")
    op.drop_index("ix_affiliate_plans_merchant", table_name="affiliate_plans")
    op.drop_table("affiliate_plans")
    op.drop_table("creators")

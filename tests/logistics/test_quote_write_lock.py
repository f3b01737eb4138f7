"""A quote holds SQLite's write lock only for its inserts: `core.db.write_last` on the quote route."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.db import new_session, write_last


def _other_writer_can_start(db_url: str) -> bool:
    """Can another connection take the write lock right now (without waiting)?"""
    other = sqlite3.connect(make_url(db_url).database or "", timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False
    finally:
        other.close()


def test_write_last_takes_the_lock_at_the_first_write(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    session = write_last(new_session(write=True))
    try:
        session.execute(text("SELECT count(*) FROM merchants")).scalar_one()
        assert _other_writer_can_start(db_url)  # reading holds no lock
        session.execute(text("UPDATE merchants SET name = name WHERE 0"))
        assert not _other_writer_can_start(db_url)  # the first write took it
        session.commit()
        assert _other_writer_can_start(db_url)
    finally:
        session.close()


def test_a_plain_write_session_still_locks_at_its_first_statement(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    session = new_session(write=True)
    try:
        session.execute(text("SELECT count(*) FROM merchants")).scalar_one()
        assert not _other_writer_can_start(db_url)
    finally:
        session.rollback()
        session.close()

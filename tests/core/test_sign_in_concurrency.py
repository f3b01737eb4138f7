"""On PostgreSQL: wrong passwords sent at once for one address still pause it after the allowed failures."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from core import people
from core.config import get_settings
from core.db import unit_of_work
from core.errors import TooManyRequests
from core.models import Role, SignInAttempt
from tests.concurrent import ROOM, at_once

pytestmark = pytest.mark.postgres


def test_failures_sent_at_once_are_counted_before_each_try(db_url: str) -> None:
    with unit_of_work() as s:
        people.create_user(s, email="ana@example.com", password="correct horse battery", role=Role.admin)

    def guess(i: int) -> object:
        with unit_of_work() as s:
            return people.sign_in(s, email="ana@example.com", password=f"guess {i}", client_ip="10.0.0.9")

    answers = at_once(ROOM, guess)
    limit = get_settings().sign_in_max_failures
    assert answers.count(None) == limit
    assert sum(isinstance(a, TooManyRequests) for a in answers) == ROOM - limit
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(SignInAttempt)).one() == limit

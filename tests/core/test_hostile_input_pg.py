"""The hostile amounts, dates and NUL characters on PostgreSQL, which refuses NULs in text and years outside
its range with errors of its own: each is still a 4xx problem naming the field, and nothing reaches the
database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.core.test_hostile_input import Demo, demo  # noqa: F401  (the fixture)
from tests.core.test_hostile_input import (
    test_amounts_beyond_18_digits_are_422_naming_the_field as amounts_beyond_18_digits,
)
from tests.core.test_hostile_input import test_amounts_that_must_be_positive_are_422 as amounts_not_positive
from tests.core.test_hostile_input import test_dates_outside_2000_to_2100_are_422 as dates_outside_window
from tests.core.test_hostile_input import test_events_and_payments_from_the_future_are_422 as future_events
from tests.core.test_hostile_input import test_integers_beyond_their_columns_are_422 as integers_too_large
from tests.core.test_hostile_input import test_nul_in_query_path_and_body_is_422 as nul_characters

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(db_url: str) -> None:
    assert make_url(db_url).get_backend_name() == "postgresql", "this module runs on PostgreSQL"


def test_amounts_on_postgresql(pg: None, client: TestClient, demo: Demo) -> None:  # noqa: F811
    amounts_beyond_18_digits(client, demo)
    amounts_not_positive(client, demo)


def test_dates_on_postgresql(pg: None, client: TestClient, demo: Demo) -> None:  # noqa: F811
    dates_outside_window(client, demo)
    future_events(client, demo)


def test_nul_characters_on_postgresql(pg: None, client: TestClient, demo: Demo) -> None:  # noqa: F811
    nul_characters(client, demo)


def test_integers_on_postgresql(pg: None, client: TestClient, demo: Demo) -> None:  # noqa: F811
    integers_too_large(client, demo)

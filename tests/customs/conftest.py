from __future__ import annotations

import pytest
from sqlmodel import Session

from compliance.defaults import load_defaults
from core.db import unit_of_work


@pytest.fixture
def defaults(db_url: str) -> None:
    """The default rule data, loaded as approved versions."""
    with unit_of_work() as s:
        load_defaults(s)


@pytest.fixture
def rules_session(session: Session, defaults: None) -> Session:
    return session

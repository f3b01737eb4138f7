from __future__ import annotations

import pytest
from sqlmodel import Session

from compliance.defaults import load_defaults
from core.auth import create_api_key
from core.db import unit_of_work
from core.models import Role
from tests.conftest import Keys


@pytest.fixture
def defaults(db_url: str) -> None:
    with unit_of_work() as s:
        load_defaults(s)


@pytest.fixture
def officer2(keys: Keys) -> str:
    """A second compliance officer, for four-eyes approvals."""
    with unit_of_work() as s:
        return create_api_key(s, role=Role.compliance_officer, label="second officer").secret


@pytest.fixture
def rules_session(session: Session, defaults: None) -> Session:
    return session

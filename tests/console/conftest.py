"""Console page tests: NiceGUI's user simulation (no browser) against a migrated database with demo people.

`signed_in(role)` gives a simulated person whose browser holds a real session cookie, obtained by posting the
real sign-in form.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from nicegui.testing import User
from nicegui.testing.user_simulation import user_simulation

from core.db import unit_of_work
from core.demo import seed_merchants, seed_users

MAIN = Path(__file__).with_name("console_main.py")

PASSWORDS = {
    "merchant@lumen.example": "lumen-demo-pass",
    "merchant@batik.example": "batik-demo-pass",
    "ana@tradelane.example": "officer-demo-1",
    "ben@tradelane.example": "officer-demo-2",
    "admin@tradelane.example": "admin-demo-pass",
}


@pytest.fixture
def people(db_url: str) -> None:
    with unit_of_work() as session:
        seed_merchants(session)
        seed_users(session)


@pytest.fixture
async def user(people: None) -> AsyncIterator[User]:
    async with user_simulation(main_file=MAIN) as simulated:
        yield simulated


async def post_sign_in(user: User, email: str, password: str) -> str:
    """Post the sign-in form as a browser would; returns where it redirected."""
    page = await user.http_client.get("/login")
    token = re.search(r'"name":"csrf","value":"([^"]+)"', page.text)
    assert token is not None, "the sign-in page carries a form token"
    response = await user.http_client.post(
        "/login", data={"email": email, "password": password, "csrf": token.group(1), "next": "/"}
    )
    assert response.status_code == 303
    return response.headers["location"]


SignIn = Callable[[str], Awaitable[User]]


@pytest.fixture
def sign_in(user: User) -> SignIn:
    async def as_person(email: str) -> User:
        location = await post_sign_in(user, email, PASSWORDS[email])
        assert "error" not in location, location
        return user

    return as_person

from __future__ import annotations

import pytest
from nicegui.testing import User
from sqlmodel import col, select

from core import people
from core.db import unit_of_work
from core.models import SignInAttempt, SignInSession
from tests.console.conftest import SignIn, post_sign_in


async def test_sign_in_page_has_the_form(user: User) -> None:
    await user.open("/login")
    await user.should_see(marker="email")
    await user.should_see(marker="password")
    await user.should_see("Sign in")


async def test_pages_send_a_stranger_to_sign_in(user: User) -> None:
    response = await user.http_client.get("/merchant")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/merchant")


async def test_wrong_password_is_refused_and_recorded(user: User) -> None:
    location = await post_sign_in(user, "ana@tradelane.example", "not-the-password")
    assert "error=credentials" in location
    await user.open(location)
    await user.should_see("The e-mail address or the password is not right.")
    assert people_cookie(user) is None
    with unit_of_work(write=False) as s:
        attempts = [(a.email, a.succeeded) for a in s.exec(select(SignInAttempt))]
    assert attempts == [("ana@tradelane.example", False)]


async def test_repeated_failures_pause_sign_in_even_with_the_right_password(user: User) -> None:
    for _ in range(5):
        await post_sign_in(user, "ben@tradelane.example", "guessing-again")
    location = await post_sign_in(user, "ben@tradelane.example", "officer-demo-2")
    assert "error=paused" in location
    # Another person is not paused by Ben's failures.
    assert "error" not in await post_sign_in(user, "ana@tradelane.example", "officer-demo-1")


async def test_a_forged_or_missing_form_token_is_refused(user: User) -> None:
    response = await user.http_client.post(
        "/login", data={"email": "ana@tradelane.example", "password": "officer-demo-1", "csrf": "1.2.3"}
    )
    assert "error=expired" in response.headers["location"]
    cross = await user.http_client.post(
        "/login",
        data={"email": "ana@tradelane.example", "password": "officer-demo-1"},
        headers={"origin": "https://evil.example"},
    )
    assert cross.status_code == 403


async def test_sign_in_sets_a_safe_cookie_and_sends_each_role_home(user: User) -> None:
    page = await user.http_client.get("/login")
    assert page.status_code == 200
    assert await post_sign_in(user, "merchant@lumen.example", "lumen-demo-pass") == "/merchant"
    raw = user.http_client.cookies.jar
    cookie = next(c for c in raw if c.name == "tradelane_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert (await user.http_client.get("/login")).headers["location"] == "/merchant"  # already signed in
    user.http_client.cookies.clear()
    assert await post_sign_in(user, "ana@tradelane.example", "officer-demo-1") == "/compliance"
    user.http_client.cookies.clear()
    assert await post_sign_in(user, "admin@tradelane.example", "admin-demo-pass") == "/admin"


async def test_sign_out_ends_the_session(sign_in: SignIn) -> None:
    user = await sign_in("ana@tradelane.example")
    token = people_cookie(user)
    assert token is not None
    page = await user.http_client.get("/compliance")
    assert page.status_code == 200
    out = await user.http_client.post("/logout", data={})
    assert out.status_code == 303
    assert_session_ended(token)
    user.http_client.cookies.set("tradelane_session", token)
    again = await user.http_client.get("/compliance")
    assert again.status_code == 303


async def test_sign_out_without_a_form_token_still_ends_the_server_session(sign_in: SignIn) -> None:
    user = await sign_in("ana@tradelane.example")
    token = people_cookie(user)
    assert token is not None
    host = user.http_client.base_url.host
    out = await user.http_client.post(
        "/logout", data={"csrf": "forged"}, headers={"origin": f"http://{host}"}
    )
    assert out.status_code == 303
    assert_session_ended(token)
    user.http_client.cookies.set("tradelane_session", token)  # a copy of the cookie is no longer a key
    assert (await user.http_client.get("/compliance")).status_code == 303


@pytest.mark.parametrize(
    "headers", [{"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}], ids=["origin", "fetch"]
)
async def test_a_cross_site_sign_out_changes_nothing(sign_in: SignIn, headers: dict[str, str]) -> None:
    user = await sign_in("ana@tradelane.example")
    token = people_cookie(user)
    out = await user.http_client.post("/logout", data={}, headers=headers)
    assert out.status_code == 403
    assert people_cookie(user) == token
    with unit_of_work(write=False) as s:
        assert s.exec(select(SignInSession).where(col(SignInSession.ended_at).is_not(None))).first() is None
    assert (await user.http_client.get("/compliance")).status_code == 200


def assert_session_ended(token: str) -> None:
    with unit_of_work(write=False) as s:
        row = s.exec(select(SignInSession).where(col(SignInSession.ended_at).is_not(None))).first()
        assert row is not None
        assert people.resolve(s, token) is None


async def test_a_role_is_sent_home_from_another_roles_pages(sign_in: SignIn) -> None:
    user = await sign_in("merchant@lumen.example")
    response = await user.http_client.get("/compliance")
    assert response.status_code == 303
    assert response.headers["location"] == "/merchant?denied=1"


def people_cookie(user: User) -> str | None:
    return user.http_client.cookies.get("tradelane_session")

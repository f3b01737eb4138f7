"""Sign-in and sign-out.

The sign-in page is a plain HTML form posted to `POST /console/login` (NiceGUI's websocket cannot set an
HttpOnly cookie). The sign-in form carries a signed token (a fresh one per page); a cross-site Origin (or
`Sec-Fetch-Site: cross-site`) is refused on both, so neither can be posted from another site. Sign-out needs
no token: it ends the server session (see `post_logout`).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from nicegui import ui
from starlette.concurrency import run_in_threadpool

from console import frame
from core import people
from core.config import get_settings
from core.db import unit_of_work
from core.errors import TooManyRequests
from core.models import Role

ERRORS = {
    "credentials": "The e-mail address or the password is not right.",
    "paused": "Too many failed sign-ins: wait 15 minutes and try again.",
    "expired": "The sign-in form had expired; please try again.",
    "signed-out": "",
}


def _safe_next(raw: str | None) -> str:
    if raw and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return "/"


def login_page(request: Request) -> Response | None:
    viewer = frame.viewer_of(request)
    target = _safe_next(request.query_params.get("next"))
    if viewer is not None:
        root = request.scope.get("root_path", "")
        return RedirectResponse(
            root + (frame.HOME[viewer.role] if target == "/" else target), status_code=303
        )
    error = ERRORS.get(request.query_params.get("error", ""), "")
    email = request.query_params.get("email", "")
    ui.colors(primary="#0f766e")
    with ui.column().classes("absolute-center items-stretch w-96 gap-3"):
        ui.label("Tradelane console").classes("text-2xl font-semibold text-center")
        ui.label("Merchants, compliance officers and admins sign in here.").classes(
            "text-sm text-gray-600 text-center"
        )
        if request.query_params.get("error") == "signed-out":
            ui.label("You have signed out.").classes("text-sm text-center text-teal-800").mark("signed-out")
        with (
            ui.card().classes("w-full"),
            ui.element("form")
            .props(f'method=post action="{frame.href("/login")}"')
            .classes("w-full flex flex-col gap-3"),
        ):
            ui.element("input").props(f'type=hidden name=csrf value="{people.form_token("sign-in")}"')
            ui.element("input").props(f'type=hidden name=next value="{quote(target)}"')
            ui.input("E-mail", value=email).props(
                "name=email type=email autocomplete=username outlined autofocus"
            ).classes("w-full").mark("email")
            password = (
                ui.input("Password", password=True)
                .props("name=password autocomplete=current-password outlined")
                .classes("w-full")
                .mark("password")
            )
            if error:
                password.error = error
            ui.button("Sign in").props("type=submit unelevated").classes("w-full").mark("sign-in")
    return None


def home_page(request: Request) -> Response:
    viewer = frame.viewer_of(request)
    root = request.scope.get("root_path", "")
    if viewer is None:
        return RedirectResponse(f"{root}/login", status_code=303)
    return RedirectResponse(root + frame.HOME[viewer.role], status_code=303)


PAGES: list[frame.PageSpec] = [("/login", login_page, "Sign in"), ("/", home_page, "Console")]


def _cross_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin is None:  # not a browser, or an old one: sign-in's form token still has to match
        return False
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] != host


def _cookie_path() -> str:
    return frame.PREFIX or "/"


def add_form_routes(app: FastAPI) -> None:
    @app.post("/login", include_in_schema=False)
    async def post_login(request: Request) -> Response:
        form = await request.form()
        root = request.scope.get("root_path", "")
        email = str(form.get("email", ""))[:254]
        target = _safe_next(str(form.get("next", "")).replace("%2F", "/"))

        def back(error: str) -> RedirectResponse:
            query = urlencode({"error": error, "email": email, "next": target})
            return RedirectResponse(f"{root}/login?{query}", status_code=303)

        if _cross_site(request):
            return PlainTextResponse("cross-site form posts are refused", status_code=403)
        if not people.check_form_token(str(form.get("csrf", "")), "sign-in"):
            return back("expired")

        def attempt() -> people.SignedIn | None:
            with unit_of_work() as session:
                return people.sign_in(
                    session,
                    email=email,
                    password=str(form.get("password", "")),
                    client_ip=request.client.host if request.client else "",
                    user_agent=request.headers.get("user-agent", ""),
                )

        try:
            signed_in = await run_in_threadpool(attempt)
        except TooManyRequests:
            return back("paused")
        if signed_in is None:
            return back("credentials")
        home = frame.HOME[Role(signed_in.user.role)]
        response = RedirectResponse(root + (home if target == "/" else target), status_code=303)
        response.set_cookie(
            people.COOKIE,
            signed_in.token,
            max_age=signed_in.expires_in_seconds,
            path=_cookie_path(),
            httponly=True,
            samesite="lax",
            secure=get_settings().console_secure_cookie,
        )
        return response

    @app.post("/logout", include_in_schema=False)
    async def post_logout(request: Request) -> Response:
        """Sign out: the session ends on the server whenever the cookie is cleared.

        Ending a session only takes access away, so no form token is asked for: a sign-out never leaves a
        live session behind a cleared cookie. A cross-site post is refused before anything is read and
        changes nothing; it would not carry the cookie anyway (SameSite=Lax).
        """
        if _cross_site(request):
            return PlainTextResponse("cross-site form posts are refused", status_code=403)
        root = request.scope.get("root_path", "")
        viewer = await run_in_threadpool(frame.viewer_of, request)
        if viewer is not None:

            def end() -> None:
                with unit_of_work() as session:
                    people.sign_out(session, viewer.token)

            await run_in_threadpool(end)
        response = RedirectResponse(f"{root}/login?error=signed-out", status_code=303)
        response.delete_cookie(people.COOKIE, path=_cookie_path())
        return response

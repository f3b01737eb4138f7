"""What every console page shares: who is signed in, the page frame with its navigation, running an action
against the services with its errors shown next to the fields, and formatting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from babel.numbers import format_currency
from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui
from sqlmodel import Session

from core import people
from core.auth import Principal
from core.db import unit_of_work
from core.errors import AppError
from core.models import Role
from core.money import Money

log = logging.getLogger("tradelane.console")

PREFIX = ""
"""Where the console is mounted (`/console` in the service; empty in the page tests)."""

T = TypeVar("T")


PageSpec = tuple[str, Callable[..., Any], str]
"""A page: its path under the console, the page function and its title."""


def href(path: str) -> str:
    """A console path for a native form's `action` or a raw `<a>`. Not for `ui.link`, `ui.navigate.to` or
    `ui.download`: NiceGUI adds the mount prefix to their paths in the browser itself."""
    return PREFIX + path


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person of one page view."""

    user_id: str
    email: str
    name: str
    role: Role
    merchant_id: str | None
    token: str
    session_id: str

    @property
    def principal(self) -> Principal:
        return Principal(actor_id=self.user_id, role=self.role, merchant_id=self.merchant_id)


def viewer_of(request: Request) -> Viewer | None:
    token = request.cookies.get(people.COOKIE)
    with unit_of_work(write=False) as session:
        found = people.resolve(session, token)
        if found is None or token is None:
            return None
        user, row = found
        return Viewer(
            user_id=user.id,
            email=user.email,
            name=user.display_name,
            role=Role(user.role),
            merchant_id=user.merchant_id,
            token=token,
            session_id=row.id,
        )


def to_sign_in(request: Request) -> RedirectResponse:
    root = request.scope.get("root_path", "")
    return RedirectResponse(
        f"{root}/login?next={request.url.path.removeprefix(root) or '/'}", status_code=303
    )


HOME = {
    Role.merchant: "/merchant",
    Role.compliance_officer: "/compliance",
    Role.admin: "/admin",
}

NAV: dict[Role, list[tuple[str, str]]] = {
    Role.merchant: [
        ("Overview", "/merchant"),
        ("Payouts", "/merchant/payouts"),
        ("Returns", "/merchant/returns"),
        ("Settings", "/merchant/settings"),
        ("Trader information", "/merchant/trader"),
    ],
    Role.compliance_officer: [
        ("Markets", "/compliance"),
        ("Rule sets", "/compliance/rules"),
        ("Audit log", "/compliance/audit"),
    ],
    Role.admin: [
        ("Merchants", "/admin"),
        ("People", "/admin/users"),
        ("API keys", "/admin/keys"),
        ("Settlement runs", "/admin/runs"),
        ("Delivery windows", "/admin/windows"),
        ("Markets", "/compliance"),
        ("Rule sets", "/compliance/rules"),
        ("Audit log", "/compliance/audit"),
    ],
}


def guard(request: Request, *roles: Role) -> Viewer | RedirectResponse:
    """The viewer if signed in with one of `roles`; else a redirect to sign-in (or to their own home)."""
    viewer = viewer_of(request)
    if viewer is None:
        return to_sign_in(request)
    if roles and viewer.role not in roles:
        root = request.scope.get("root_path", "")
        return RedirectResponse(f"{root}{HOME[viewer.role]}?denied=1", status_code=303)
    return viewer


@contextmanager
def page_frame(viewer: Viewer, title: str) -> Iterator[None]:
    """Header with the role's navigation and a sign-out form; the page's content goes inside."""
    ui.colors(primary="#0f766e")
    with ui.header().classes("items-center justify-between bg-teal-800 px-6 py-2"):
        with ui.row().classes("items-center gap-6"):
            ui.label("Tradelane").classes("text-lg font-bold tracking-wide")
            for label, path in NAV[viewer.role]:
                ui.link(label, path).classes("text-white no-underline hover:underline").mark(f"nav-{path}")
        with ui.row().classes("items-center gap-3"):
            ui.label(f"{viewer.email} · {viewer.role.value.replace('_', ' ')}").classes("text-sm opacity-90")
            with ui.element("form").props(f'method=post action="{href("/logout")}"').classes("m-0"):
                ui.button("Sign out").props("type=submit flat color=white dense").mark("sign-out")
    with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
        ui.label(title).classes("text-2xl font-semibold").mark("page-title")
        yield


def still_signed_in(viewer: Viewer, session: Session) -> bool:
    found = people.resolve(session, viewer.token)
    return found is not None and found[0].id == viewer.user_id


class SignedOut(Exception):
    """The session ended (signed out elsewhere, expired, disabled) while the page was open."""


def read(viewer: Viewer, fn: Callable[[Session, Principal], T]) -> T:
    """Run a read against the services as the viewer."""
    with unit_of_work(write=False) as session:
        if not still_signed_in(viewer, session):
            raise SignedOut
        return fn(session, viewer.principal)


def act(
    viewer: Viewer,
    fn: Callable[[Session, Principal], T],
    *,
    fields: dict[str, Any] | None = None,
    success: str | None = None,
) -> T | None:
    """Run a change as the viewer in one unit of work. An `AppError` is shown as a readable message: field
    errors next to the named inputs (`fields` maps a service field name to an input), the rest as a notice.
    Returns the result, or None when it failed (nothing was changed then)."""
    for element in (fields or {}).values():
        element.error = None
    try:
        with unit_of_work() as session:
            if not still_signed_in(viewer, session):
                raise SignedOut
            result = fn(session, viewer.principal)
    except SignedOut:
        ui.notify("Your session has ended; sign in again.", type="warning")
        ui.navigate.to("/login")
        return None
    except AppError as exc:
        show_error(exc, fields)
        return None
    if success:
        ui.notify(success, type="positive")
    return result


def show_error(exc: AppError, fields: dict[str, Any] | None = None) -> None:
    placed = False
    for err in exc.errors:
        element = _field_element(err.field, fields or {})
        if element is not None:
            element.error = err.message
            placed = True
    if not placed:
        ui.notify(exc.detail, type="negative", multi_line=True)


def _field_element(field: str, fields: dict[str, Any]) -> Any:
    if field in fields:
        return fields[field]
    # `data.rows[2].threshold` -> try `threshold`, then the longest known prefix.
    tail = field.rsplit(".", 1)[-1]
    if tail in fields:
        return fields[tail]
    for name in sorted(fields, key=len, reverse=True):
        if field.startswith(name):
            return fields[name]
    return None


def log_unexpected(exc: Exception) -> None:
    log.error("console action failed", exc_info=exc)


# --- formatting ----------------------------------------------------------------------------------------


def money(value: Money | dict[str, str] | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        amount, currency = Decimal(value["amount"]), value["currency"]
    else:
        amount, currency = value.amount, value.currency
    return format_currency(amount, currency, locale="en_US")


def when(value: datetime | date | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def empty_note(rows: Sequence[Any], text: str) -> None:
    if not rows:
        ui.label(text).classes("text-gray-500 italic").mark("empty")


class Pager:
    """Offset paging for a table: `limit` rows a page, buttons to go on and back, and a refresh callback."""

    def __init__(self, limit: int = 20) -> None:
        self.offset = 0
        self.limit = limit
        self.total = 0

    def controls(self, refresh: Callable[[], None]) -> None:
        with ui.row().classes("items-center gap-2"):
            first = self.offset + 1 if self.total else 0
            last = min(self.offset + self.limit, self.total)
            ui.label(f"{first} to {last} of {self.total}").classes("text-sm").mark("pager-range")

            def back() -> None:
                self.offset = max(0, self.offset - self.limit)
                refresh()

            def forward() -> None:
                self.offset += self.limit
                refresh()

            ui.button(icon="chevron_left", on_click=back).props("flat dense").mark("pager-back").set_enabled(
                self.offset > 0
            )
            ui.button(icon="chevron_right", on_click=forward).props("flat dense").mark(
                "pager-next"
            ).set_enabled(self.offset + self.limit < self.total)

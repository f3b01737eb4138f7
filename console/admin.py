"""Console pages for the admin role: merchants, people, API keys and settlement runs.

Each page calls the same service functions as the admin API, as the signed-in admin (`frame.read` /
`frame.act`); a service's `InvalidInput` is shown next to the field it names, anything else as a notice. Lists
page by cursor, newest first, as the API does (people, sorted by e-mail, by offset). A settlement run is
started the way `POST /v1/settlement-runs` starts it, after the commit, and the page polls its status until it
finishes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any, TypeVar

import pycountry
from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import background_tasks, ui
from nicegui import run as nicegui_run
from pydantic import ValidationError
from sqlmodel import Session, SQLModel

from console import frame, widgets
from core import auth, merchants, people
from core.auth import Principal
from core.config import get_settings
from core.db import after_commit
from core.errors import AppError, Conflict, FieldError, InvalidInput, validation_errors
from core.jobs import enqueue
from core.merchants import MerchantRead
from core.models import ApiKey, Merchant, Role, TraderVerification, User
from core.money import Money, UnknownCurrency, validate_currency
from core.pagination import PageParams
from settlement import payouts
from settlement.models import RunStatus, SettlementRun
from settlement.schemas import SettlementRunRead

PAGE_SIZE = 20
"""Rows a page in every admin list."""
POLL_SECONDS = 1.0
"""How often a page asks for the status of a settlement run it is waiting for."""
PERSON_ROLES = (Role.merchant, Role.compliance_officer, Role.admin)
KEY_ROLES = tuple(r for r in Role if r is not Role.creator)
"""A creator's key names its creator: issued with POST /v1/api-keys or `main.py apikey create --creator`."""
"""The roles a person can have; a shop is a program and gets an API key."""

E = TypeVar("E", bound=ui.element)
T = TypeVar("T")


# --- small building blocks ------------------------------------------------------------------------------


def _link(text: str, path: str) -> ui.link:
    """A link to a console page. NiceGUI's link component puts the mount prefix (`/console`) before a path
    starting with `/` in the browser, so it gets the bare console path; `frame.href` would prefix it twice."""
    return ui.link(text, path)


def _role_label(role: str) -> str:
    return role.replace("_", " ")


def _max_length(model: type[SQLModel], field: str) -> int:
    """The column's length, so a form refuses what the database would."""
    length = model.__table__.c[field].type.length  # type: ignore[attr-defined]
    return int(length)


def _load(viewer: frame.Viewer, fn: Callable[[Session, Principal], T]) -> T | None:
    """A read for a page or a refresh: None (with a notice) when the session ended or the service refused."""
    try:
        return frame.read(viewer, fn)
    except frame.SignedOut:
        ui.notify("Your session has ended; sign in again.", type="warning")
        ui.navigate.to("/login")
    except AppError as exc:
        frame.show_error(exc)
    return None


def _admin(principal: Principal) -> None:
    principal.require(Role.admin)


def _confirm(*, title: str, text: str, action: str, marker: str, on_confirm: Callable[[], None]) -> None:
    """Ask before a change that cannot be undone; the dialog is removed once it closes."""
    with ui.dialog() as dialog, ui.card().classes("w-96"):
        ui.label(title).classes("text-lg font-medium")
        ui.label(text).classes("text-sm")
        with ui.row().classes("w-full justify-end gap-2"):
            widgets.testid(ui.button("Cancel", on_click=dialog.close).props("flat"), "confirm-cancel")

            def go() -> None:
                on_confirm()
                if not dialog.is_deleted:
                    dialog.close()

            widgets.testid(ui.button(action, on_click=go).props("unelevated color=negative"), marker)
    dialog.on_value_change(lambda e: None if e.value or dialog.is_deleted else dialog.delete())
    dialog.open()


# --- merchants, as options and names ----------------------------------------------------------------------


def _merchant_page(session: Session, _: Principal, *, page: PageParams) -> tuple[list[MerchantRead], bool]:
    rows, more = merchants.list_merchants(session, page=page)
    return [MerchantRead.model_validate(m) for m in rows], more


def _all_merchants(session: Session, principal: Principal) -> dict[str, str]:
    """Every merchant's id and name, page by page through the service (for the merchant selects)."""
    found: list[MerchantRead] = []
    cursor: str | None = None
    while True:
        rows, more = _merchant_page(session, principal, page=PageParams(limit=100, starting_after=cursor))
        found.extend(rows)
        if not more or not rows:
            break
        cursor = rows[-1].id
    return {m.id: f"{m.name} ({m.id})" for m in sorted(found, key=lambda m: (m.name.lower(), m.id))}


def _merchant_options(viewer: frame.Viewer) -> dict[str, str]:
    return _load(viewer, _all_merchants) or {}


def _merchant_name(names: dict[str, str], merchant_id: str | None) -> str:
    if merchant_id is None:
        return "—"
    return names.get(merchant_id, merchant_id)


def _payee_name(names: dict[str, str], merchant_id: str | None, payee_id: str | None) -> str:
    """A run's (or a hold's) payee: the merchant's name, `creator <id>`, or every payee due."""
    if merchant_id:
        return _merchant_name(names, merchant_id)
    return f"creator {payee_id}" if payee_id else "all due"


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    return {c.alpha_2: f"{c.name} ({c.alpha_2})" for c in sorted(pycountry.countries, key=lambda c: c.name)}


def _is_currency(code: str) -> bool:
    try:
        validate_currency(code)
    except UnknownCurrency:
        return False
    return True


@lru_cache(maxsize=1)
def _currencies() -> dict[str, str]:
    return {
        c.alpha_3: f"{c.alpha_3} · {c.name}"
        for c in sorted(pycountry.currencies, key=lambda c: c.alpha_3)
        if _is_currency(c.alpha_3)
    }


def _invalid(errors: list[FieldError]) -> InvalidInput:
    return InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)


def merchant_create(
    *, name: str | None, country: str | None, currency: str | None, verification: str | None
) -> merchants.MerchantCreate:
    """The form's values as the API's `MerchantCreate`; what is missing or wrong is named by field."""
    missing = [
        FieldError(field, message)
        for field, value, message in (
            ("name", name, "enter the merchant's name"),
            ("country", country, "choose the country where the merchant is established"),
            ("settlement_currency", currency, "choose the currency payouts are made in"),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise _invalid(missing)
    try:
        return merchants.MerchantCreate(
            name=name or "",
            country=country or "",
            settlement_currency=currency or "",
            trader_verification=TraderVerification(verification or TraderVerification.unverified.value),
        )
    except ValidationError as exc:
        raise _invalid(validation_errors(exc.errors())) from None


# --- /admin: merchants ----------------------------------------------------------------------------------


def merchants_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    pager = widgets.CursorPager(PAGE_SIZE)
    with frame.page_frame(viewer, "Merchants"):

        def reload() -> None:
            listing.refresh()

        @ui.refreshable
        def listing() -> None:
            found = _load(viewer, partial(_merchant_page, page=pager.params))
            if found is None:
                return
            rows, pager.has_more = found
            frame.empty_note(rows, "No merchants yet: create the first one above.")
            if rows:
                _merchant_table(rows)
            pager.controls(reload, rows[-1].id if rows else None)

        def created() -> None:
            pager.reset()
            listing.refresh()

        _merchant_form(viewer, on_created=created)
        listing()
    return None


def _merchant_table(rows: Sequence[MerchantRead]) -> None:
    headers = ["Merchant", "Id", "Country", "Settlement currency", "Trader verification", "Created"]
    with widgets.table("merchants", headers):
        for m in rows:
            with widgets.row(f"merchant-{m.id}"):
                with widgets.cell():
                    _link(m.name, f"/merchant?merchant={m.id}").mark("merchant-link")
                widgets.text(m.id, classes="font-mono text-xs")
                widgets.text(_countries().get(m.country, m.country))
                widgets.text(m.settlement_currency)
                widgets.text(_role_label(m.trader_verification))
                widgets.text(frame.when(m.created_at))


def _merchant_form(viewer: frame.Viewer, *, on_created: Callable[[], None]) -> None:
    with ui.card().classes("w-full"):
        ui.label("New merchant").classes("text-lg font-medium")
        with ui.row().classes("w-full items-start gap-4"):
            name = widgets.testid(ui.input("Name"), "merchant-name").classes("w-64")
            country = widgets.testid(
                ui.select(_countries(), label="Country", with_input=True), "merchant-country"
            ).classes("w-64")
            currency = widgets.testid(
                ui.select(_currencies(), label="Settlement currency", with_input=True), "merchant-currency"
            ).classes("w-64")
            verification = widgets.testid(
                ui.select(
                    {v.value: _role_label(v.value) for v in TraderVerification},
                    label="Trader verification",
                    value=TraderVerification.unverified.value,
                ),
                "merchant-verification",
            ).classes("w-48")

            def create() -> None:
                def make(session: Session, principal: Principal) -> Merchant:
                    _admin(principal)
                    data = merchant_create(
                        name=name.value,
                        country=country.value,
                        currency=currency.value,
                        verification=verification.value,
                    )
                    return merchants.create_merchant(session, data=data)

                fields: dict[str, Any] = {
                    "name": name,
                    "country": country,
                    "settlement_currency": currency,
                    "trader_verification": verification,
                }
                merchant = frame.act(viewer, make, fields=fields)
                if merchant is None:
                    return
                ui.notify(f"Merchant {merchant.name} created ({merchant.id}).", type="positive")
                name.value = ""
                country.value = None
                currency.value = None
                on_created()

            widgets.testid(
                ui.button("Create merchant", on_click=create).props("unelevated"), "create-merchant"
            )


# --- /admin/users: people -------------------------------------------------------------------------------


def users_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    pager = frame.Pager(PAGE_SIZE)
    with frame.page_frame(viewer, "People"):
        names = _merchant_options(viewer)

        def reload() -> None:
            listing.refresh()

        @ui.refreshable
        def listing() -> None:
            found = _load(viewer, partial(_people_page, offset=pager.offset, limit=pager.limit))
            if found is None:
                return
            rows, pager.total = found
            if not rows and pager.offset > 0:  # the page emptied under us: go back to the first
                pager.offset = 0
                listing.refresh()
                return
            frame.empty_note(rows, "No people yet.")
            if rows:
                _user_table(viewer, rows, names, on_change=reload)
            pager.controls(reload)

        _user_form(viewer, names, on_created=reload)
        listing()
    return None


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: str
    email: str
    display_name: str
    role: str
    merchant_id: str | None
    last_sign_in_at: datetime | None
    disabled_at: datetime | None


def _people_page(session: Session, _: Principal, *, offset: int, limit: int) -> tuple[list[PersonRow], int]:
    rows, total = people.list_users(session, offset=offset, limit=limit)
    return [
        PersonRow(
            id=u.id,
            email=u.email,
            display_name=u.display_name,
            role=u.role,
            merchant_id=u.merchant_id,
            last_sign_in_at=u.last_sign_in_at,
            disabled_at=u.disabled_at,
        )
        for u in rows
    ], total


def _user_table(
    viewer: frame.Viewer, rows: Sequence[PersonRow], names: dict[str, str], *, on_change: Callable[[], None]
) -> None:
    headers = ["E-mail", "Name", "Role", "Merchant", "Last sign-in", "State", ""]
    with widgets.table("users", headers):
        for u in rows:
            with widgets.row(f"user-{u.email}"):
                widgets.text(u.email)
                widgets.text(u.display_name)
                widgets.text(_role_label(u.role))
                widgets.text(_merchant_name(names, u.merchant_id))
                widgets.text(frame.when(u.last_sign_in_at) if u.last_sign_in_at else "never")
                if u.disabled_at is not None:
                    disabled = f"disabled {frame.when(u.disabled_at)}"
                    widgets.text(disabled, marker="user-state", classes="text-red-700")
                else:
                    widgets.text("active", marker="user-state", classes="text-teal-800")
                with widgets.cell():
                    if u.disabled_at is None and u.id != viewer.user_id:
                        widgets.testid(
                            ui.button(
                                "Disable",
                                on_click=partial(_ask_disable, viewer, u.id, u.email, on_change),
                            ).props("flat dense color=negative"),
                            "disable-user",
                        )


def _ask_disable(viewer: frame.Viewer, user_id: str, email: str, on_change: Callable[[], None]) -> None:
    def disable() -> None:
        def run(session: Session, principal: Principal) -> User:
            _admin(principal)
            if user_id == principal.actor_id:
                raise InvalidInput("you cannot disable yourself: ask another admin")
            return people.disable_user(session, user_id=user_id)

        if frame.act(viewer, run, success=f"{email} is disabled and signed out.") is not None:
            on_change()

    _confirm(
        title=f"Disable {email}?",
        text="They are signed out at once and can no longer sign in. Their history stays.",
        action="Disable",
        marker="confirm-disable",
        on_confirm=disable,
    )


def _person_role(value: str | None) -> Role:
    if value not in {r.value for r in PERSON_ROLES}:
        raise InvalidInput.for_field("role", "choose a role: merchant, compliance officer or admin")
    return Role(value)


def _user_form(viewer: frame.Viewer, names: dict[str, str], *, on_created: Callable[[], None]) -> None:
    name_max = _max_length(User, "display_name")
    with ui.card().classes("w-full"):
        ui.label("New person").classes("text-lg font-medium")
        with ui.row().classes("w-full items-start gap-4"):
            email = widgets.testid(ui.input("E-mail").props("type=email"), "user-email").classes("w-64")
            name = widgets.testid(ui.input("Name").props(f"maxlength={name_max}"), "user-name").classes(
                "w-48"
            )
            role = widgets.testid(
                ui.select(
                    {r.value: _role_label(r.value) for r in PERSON_ROLES},
                    label="Role",
                    value=Role.compliance_officer.value,
                ),
                "user-role",
            ).classes("w-48")
            merchant = widgets.testid(
                ui.select(names, label="Merchant", with_input=True), "user-merchant"
            ).classes("w-64")
            merchant.bind_visibility_from(role, "value", value=Role.merchant.value)
            password = widgets.testid(
                ui.input(
                    "Password",
                    password=True,
                    password_toggle_button=True,
                ).props("autocomplete=new-password"),
                "user-password",
            ).classes("w-56")
            password.props(f'hint="at least {people.MIN_PASSWORD_LENGTH} characters"')

            def create() -> None:
                def make(session: Session, principal: Principal) -> User:
                    _admin(principal)
                    chosen = _person_role(role.value)
                    display = (name.value or "").strip()
                    if len(display) > name_max:
                        raise InvalidInput.for_field("name", f"at most {name_max} characters")
                    try:
                        return people.create_user(
                            session,
                            email=email.value or "",
                            password=password.value or "",
                            role=chosen,
                            merchant_id=(merchant.value or None) if chosen is Role.merchant else None,
                            display_name=display,
                            created_by=principal.actor_id,
                        )
                    except Conflict as exc:  # the one conflict here: the address is taken
                        raise Conflict.for_field("email", exc.detail) from None

                fields = {
                    "email": email,
                    "name": name,
                    "role": role,
                    "merchant": merchant,
                    "password": password,
                }
                created = frame.act(viewer, make, fields=fields)
                if created is None:
                    return
                ui.notify(f"{created.email} can sign in now.", type="positive")
                email.value = name.value = password.value = ""
                merchant.value = None
                on_created()

            widgets.testid(ui.button("Create person", on_click=create).props("unelevated"), "create-user")


# --- /admin/keys: API keys ------------------------------------------------------------------------------


def keys_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    pager = widgets.CursorPager(PAGE_SIZE)
    with frame.page_frame(viewer, "API keys"):
        names = _merchant_options(viewer)

        def reload() -> None:
            listing.refresh()

        @ui.refreshable
        def listing() -> None:
            found = _load(viewer, partial(_key_page, page=pager.params))
            if found is None:
                return
            rows, pager.has_more = found
            frame.empty_note(rows, "No API keys yet.")
            if rows:
                _key_table(viewer, rows, names, on_change=reload)
            pager.controls(reload, rows[-1].id if rows else None)

        def created() -> None:
            pager.reset()
            listing.refresh()

        _key_form(viewer, names, on_created=created)
        listing()
    return None


@dataclass(frozen=True, slots=True)
class KeyRow:
    id: str
    role: str
    merchant_id: str | None
    label: str
    created_at: datetime
    revoked_at: datetime | None


def _key_page(session: Session, _: Principal, *, page: PageParams) -> tuple[list[KeyRow], bool]:
    rows, more = auth.list_api_keys_page(session, page=page)
    return [
        KeyRow(
            id=k.id,
            role=k.role,
            merchant_id=k.merchant_id,
            label=k.label,
            created_at=k.created_at,
            revoked_at=k.revoked_at,
        )
        for k in rows
    ], more


def _key_table(
    viewer: frame.Viewer, rows: Sequence[KeyRow], names: dict[str, str], *, on_change: Callable[[], None]
) -> None:
    headers = ["Key", "Role", "Merchant", "Label", "Created", "Revoked", ""]
    with widgets.table("keys", headers):
        for k in rows:
            with widgets.row(f"key-{k.id}"):
                widgets.text(k.id, classes="font-mono text-xs")
                widgets.text(_role_label(k.role))
                widgets.text(_merchant_name(names, k.merchant_id))
                widgets.text(k.label or "—")
                widgets.text(frame.when(k.created_at))
                if k.revoked_at is not None:
                    widgets.text(frame.when(k.revoked_at), marker="key-revoked", classes="text-red-700")
                else:
                    widgets.text("in use", marker="key-active", classes="text-teal-800")
                with widgets.cell():
                    if k.revoked_at is None:
                        widgets.testid(
                            ui.button("Revoke", on_click=partial(_ask_revoke, viewer, k.id, on_change)).props(
                                "flat dense color=negative"
                            ),
                            "revoke-key",
                        )


def _ask_revoke(viewer: frame.Viewer, key_id: str, on_change: Callable[[], None]) -> None:
    def revoke() -> None:
        def run(session: Session, principal: Principal) -> ApiKey:
            _admin(principal)
            return auth.revoke_api_key(session, key_id=key_id)

        if frame.act(viewer, run, success=f"Key {key_id} is revoked.") is not None:
            on_change()

    _confirm(
        title=f"Revoke {key_id}?",
        text="Programs using this key are refused from now on. This cannot be undone.",
        action="Revoke",
        marker="confirm-revoke",
        on_confirm=revoke,
    )


def _key_form(viewer: frame.Viewer, names: dict[str, str], *, on_created: Callable[[], None]) -> None:
    label_max = _max_length(ApiKey, "label")
    with ui.card().classes("w-full"):
        ui.label("New API key").classes("text-lg font-medium")
        with ui.row().classes("w-full items-start gap-4"):
            role = widgets.testid(
                ui.select(
                    {r.value: _role_label(r.value) for r in KEY_ROLES}, label="Role", value=Role.shop.value
                ),
                "key-role",
            ).classes("w-48")
            merchant = widgets.testid(
                ui.select(names, label="Merchant", with_input=True), "key-merchant"
            ).classes("w-64")
            merchant.bind_visibility_from(role, "value", value=Role.merchant.value)
            label = widgets.testid(
                ui.input("Label", placeholder="what uses it, e.g. the Lumen web shop").props(
                    f"maxlength={label_max}"
                ),
                "key-label",
            ).classes("w-80")

            def create() -> None:
                def make(session: Session, principal: Principal) -> auth.IssuedKey:
                    _admin(principal)
                    if role.value not in {r.value for r in KEY_ROLES}:
                        raise InvalidInput.for_field("role", "choose the key's role")
                    chosen = Role(role.value)
                    text = (label.value or "").strip()
                    if len(text) > label_max:
                        raise InvalidInput.for_field("label", f"at most {label_max} characters")
                    return auth.create_api_key(
                        session,
                        role=chosen,
                        merchant_id=(merchant.value or None) if chosen is Role.merchant else None,
                        label=text,
                    )

                issued = frame.act(viewer, make, fields={"role": role, "merchant": merchant, "label": label})
                if issued is None:
                    return
                label.value = ""
                on_created()
                _show_secret_once(issued)

            widgets.testid(ui.button("Create key", on_click=create).props("unelevated"), "create-key")


def _show_secret_once(issued: auth.IssuedKey) -> None:
    """The full key, in a dialog that is deleted when it closes: only its hash is kept, so this is the one
    time anyone sees it."""
    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-[40rem] max-w-full"):
        ui.label(f"API key {issued.record.id}").classes("text-lg font-medium")
        ui.label("Copy the key now: it is shown only this once and cannot be shown again.").classes(
            "text-sm text-orange-800"
        )
        widgets.testid(ui.label(issued.secret), "key-secret").classes(
            "font-mono text-sm break-all bg-gray-100 rounded p-2 w-full select-all"
        )

        def copy() -> None:
            ui.clipboard.write(issued.secret)
            ui.notify("Copied to the clipboard.", type="positive")

        with ui.row().classes("w-full justify-end gap-2"):
            widgets.testid(ui.button("Copy", icon="content_copy", on_click=copy).props("flat"), "copy-key")
            widgets.testid(ui.button("Done", on_click=dialog.close).props("unelevated"), "key-done")
    dialog.on_value_change(lambda e: None if e.value or dialog.is_deleted else dialog.delete())
    dialog.open()


# --- /admin/runs: settlement runs -----------------------------------------------------------------------


def _execute_quietly(run_id: str) -> None:
    # execute_run logs a failure and records it on the run, which the page shows; nothing more to do here.
    with suppress(Exception):
        payouts.execute_run(run_id)


def _execute_in_process(run_id: str) -> None:
    """Execute in a worker thread of this process, so the page stays live while the run goes on."""
    background_tasks.create(nicegui_run.io_bound(_execute_quietly, run_id), name=f"settlement run {run_id}")


def dispatch_run(session: Session, run_id: str) -> None:
    """Execute the run after `session` commits, as the API does: through the `settlement.execute_run` task
    (a worker: the embedded one of `serve`, or Redis's), in this process only when tasks run eagerly."""
    if get_settings().tasks_eager:
        after_commit(session, lambda: _execute_in_process(run_id))
    else:
        enqueue(session, "settlement.execute_run", run_id=run_id)


@dataclass(frozen=True, slots=True)
class StartedRun:
    run_id: str
    attempts_before: int
    """How often the run had been executed when it was asked for: the window's run may exist already (it is
    executed again to pick up what became due), so only a later attempt tells about this start."""


def start_run(session: Session, principal: Principal, *, merchant_id: str | None) -> StartedRun:
    """Request the current window's run (or a merchant's run) and have it executed after the commit."""
    _admin(principal)
    run = payouts.request_run(session, merchant_id=merchant_id, requested_by=principal.actor_id)
    session.flush()
    dispatch_run(session, run.id)
    return StartedRun(run_id=run.id, attempts_before=run.attempts)


@dataclass(frozen=True, slots=True)
class RunRow:
    run: SettlementRunRead
    """The run as the API shows it, with its reconciliation."""
    requested_by: str
    """Who asked for it: a person's e-mail, an API key's id, or the schedule."""

    @property
    def reconciliation(self) -> dict[str, Any]:
        return self.run.reconciliation or {}


def _run_row(session: Session, run: SettlementRun) -> RunRow:
    who = run.requested_by or ""
    return RunRow(
        run=SettlementRunRead.of(
            run,
            payouts=payouts.runs_payout_count(session, run.id),
            reconciliation=payouts.reconcile(session, run_id=run.id),
        ),
        requested_by=people.names_of(session, {who}).get(who, who or "the schedule"),
    )


def _run_rows(session: Session, _: Principal, *, page: PageParams) -> tuple[list[RunRow], bool]:
    rows, more = payouts.list_runs(session, limit=page.limit, starting_after=page.starting_after)
    return [_run_row(session, r) for r in rows], more


def _one_run(session: Session, _: Principal, *, run_id: str) -> RunRow:
    return _run_row(session, payouts.get_run(session, run_id=run_id))


def run_finished(run: SettlementRunRead) -> bool:
    return run.status in (RunStatus.completed.value, RunStatus.failed.value)


def run_progress(row: RunRow, *, attempts_before: int = 0) -> str:
    """The run's state in words (`attempts_before`: executions that happened before the one awaited)."""
    run = row.run
    if run.attempts <= attempts_before:
        return "Queued: waiting for a worker to pick it up."
    if run.status == RunStatus.completed.value:
        held = f", {run.merchants_held} payees held" if run.merchants_held else ""
        return f"Completed: {run.payouts} payouts{held}."
    if run.status == RunStatus.failed.value:
        return f"Failed: {run.error or 'no reason recorded'}. Start it again to resume where it stopped."
    return f"Running: {run.payouts} payouts planned so far."


def _money_text(amount: str | Decimal, currency: str) -> str:
    return frame.money({"amount": str(amount), "currency": currency})


def _totals_text(reconciliation: dict[str, Any]) -> str:
    totals = reconciliation.get("totals") or []
    return ", ".join(_money_text(t["submitted"], t["currency"]) for t in totals) or "—"


def _status_badge(status: str) -> None:
    colour = {"completed": "positive", "failed": "negative"}.get(status, "warning")
    ui.badge(status, color=colour).mark("run-status-badge")


def runs_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    pager = widgets.CursorPager(PAGE_SIZE)
    with frame.page_frame(viewer, "Settlement runs"):
        names = _merchant_options(viewer)

        def reload() -> None:
            listing.refresh()

        @ui.refreshable
        def listing() -> None:
            found = _load(viewer, partial(_run_rows, page=pager.params))
            if found is None:
                return
            rows, pager.has_more = found
            frame.empty_note(rows, "No settlement runs yet.")
            if rows:
                _run_table(rows, names)
            pager.controls(reload, rows[-1].run.id if rows else None)

        def started() -> None:
            pager.reset()
            listing.refresh()

        _run_form(viewer, names, on_change=started)
        listing()
    return None


def _run_table(rows: Sequence[RunRow], names: dict[str, str]) -> None:
    headers = ["Run", "Status", "Window", "Merchant", "Requested", "Payouts", "Submitted", "Reconciliation"]
    with widgets.table("runs", headers):
        for row in rows:
            run = row.run
            with widgets.row(f"run-{run.id}"):
                with widgets.cell():
                    _link(run.id, f"/admin/runs/{run.id}").classes("font-mono text-xs").mark("run-link")
                with widgets.cell():
                    _status_badge(run.status)
                widgets.text(frame.when(run.window_start))
                widgets.text(_payee_name(names, run.merchant_id, run.payee.id if run.payee else None))
                widgets.text(frame.when(run.created_at))
                widgets.text(str(run.payouts))
                widgets.text(_totals_text(row.reconciliation))
                mismatches = len(row.reconciliation.get("mismatches") or [])
                if mismatches:
                    widgets.text(f"{mismatches} mismatches", classes="text-red-700 font-medium")
                else:
                    widgets.text("balanced", classes="text-teal-800")


def _run_form(viewer: frame.Viewer, names: dict[str, str], *, on_change: Callable[[], None]) -> None:
    with ui.card().classes("w-full"):
        ui.label("Start a settlement run").classes("text-lg font-medium")
        ui.label(
            "Pays every merchant whose payout is due in this window;"
            " name a merchant to pay only that one now."
        ).classes("text-sm text-gray-600")
        with ui.row().classes("w-full items-start gap-4"):
            merchant = widgets.testid(
                ui.select(names, label="Merchant (optional)", with_input=True, clearable=True), "run-merchant"
            ).classes("w-80")

            def start() -> None:
                started = frame.act(
                    viewer,
                    partial(start_run, merchant_id=merchant.value or None),
                    fields={"merchant_id": merchant},
                )
                if started is None:
                    return
                ui.notify(f"Settlement run {started.run_id} started.", type="info")
                on_change()
                progress.clear()
                with progress:
                    _watch_run(viewer, started, on_finished=on_change)

            widgets.testid(
                ui.button("Start a settlement run", on_click=start).props("unelevated"), "start-run"
            )
        progress = widgets.testid(ui.column().classes("w-full"), "run-progress")


def _watch_run(viewer: frame.Viewer, started: StartedRun, *, on_finished: Callable[[], None]) -> None:
    """Poll the run's status until this execution of it completes or fails."""
    run_id = started.run_id
    with ui.row().classes("items-center gap-3"):
        _link(run_id, f"/admin/runs/{run_id}").classes("font-mono text-xs").mark("run-link")
        status = widgets.testid(ui.label("Starting…"), "run-status")
    bar = ui.linear_progress(show_value=False).props("indeterminate").classes("w-full")

    def poll() -> None:
        row = _load(viewer, partial(_one_run, run_id=run_id))
        if row is None:
            timer.cancel()
            bar.delete()
            return
        status.text = run_progress(row, attempts_before=started.attempts_before)
        if row.run.attempts > started.attempts_before and run_finished(row.run):
            timer.cancel()
            bar.delete()
            status.classes("text-red-700" if row.run.status == RunStatus.failed.value else "text-teal-800")
            on_finished()

    timer = ui.timer(POLL_SECONDS, poll)


# --- /admin/runs/{run_id}: one run and its reconciliation -----------------------------------------------

ISSUES = {
    "ledger_amount_differs": "The ledger moved a different amount than the payout's",
    "not_submitted": "Never handed to the payout provider",
    "confirmed_amount_differs": "Confirmed with a different amount than the payout's",
    "confirmation_overdue": "No confirmation, more than three days after the expected arrival",
    "reported_amount_differs": "The provider reported another amount or currency; the payout stays open",
}


@dataclass(frozen=True, slots=True)
class RunDetail:
    row: RunRow
    currency_of: dict[str, str]
    """The payout currency of each payout named in a mismatch (mismatches are in its minor units)."""


def _run_detail(session: Session, principal: Principal, *, run_id: str) -> RunDetail:
    row = _one_run(session, principal, run_id=run_id)
    named = {m["payout"] for m in row.reconciliation.get("mismatches") or []}
    currency_of = {
        pid: payouts.get_payout(session, payout_id=pid, principal=principal).payout_currency for pid in named
    }
    return RunDetail(row=row, currency_of=currency_of)


def run_page(request: Request, run_id: str) -> RedirectResponse | None:
    viewer = frame.guard(request, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, f"Settlement run {run_id}"):
        _link("All settlement runs", "/admin/runs").mark("back-to-runs")
        names = _merchant_options(viewer)

        @ui.refreshable
        def content() -> None:
            try:
                detail = frame.read(viewer, partial(_run_detail, run_id=run_id))
            except frame.SignedOut:
                ui.navigate.to("/login")
                return
            except AppError as exc:
                ui.label(exc.detail).classes("text-gray-500 italic").mark("empty")
                return
            _run_summary(detail.row, names)
            _reconciliation(detail)
            if not run_finished(detail.row.run):
                ui.timer(POLL_SECONDS, content.refresh, once=True)

        content()
    return None


def _fact(label: str, value: str, *, marker: str | None = None) -> None:
    ui.label(label).classes("text-sm text-gray-600")
    text = ui.label(value).classes("text-sm")
    if marker:
        widgets.testid(text, marker)


def _run_summary(row: RunRow, names: dict[str, str]) -> None:
    run = row.run
    with ui.card().classes("w-full"), ui.grid(columns=2).classes("gap-x-8 gap-y-1"):
        _fact("Status", run_progress(row), marker="run-status")
        _fact("Window", frame.when(run.window_start))
        _fact("Payee", _payee_name(names, run.merchant_id, run.payee.id if run.payee else None))
        _fact("Requested", f"{frame.when(run.created_at)} by {row.requested_by}")
        _fact("Finished", frame.when(run.finished_at))
        _fact("Attempts", str(run.attempts))
        _fact("Payouts", str(run.payouts), marker="run-payouts")
        _fact("Payees held", str(run.merchants_held))
    holds = run.holds
    if holds:
        ui.label("Held by compliance").classes("text-lg font-medium")
        with widgets.table("run-holds", ["Payee", "Reasons"]):
            for hold in holds:
                with widgets.row("run-hold"):
                    widgets.text(_payee_name(names, hold.get("merchant_id"), hold.get("payee_id")))
                    widgets.text(", ".join(str(r) for r in hold.get("reasons") or []) or "—")


def _difference(a: str, b: str) -> Decimal:
    return Decimal(a) - Decimal(b)


def _reconciliation(detail: RunDetail) -> None:
    rec = detail.row.reconciliation
    mismatches: list[dict[str, Any]] = rec.get("mismatches") or []
    ui.label("Reconciliation").classes("text-xl font-semibold")
    ui.label(
        "What the ledger moved to in transit, what was handed to the payout providers,"
        " and what they confirmed."
    ).classes("text-sm text-gray-600")
    if rec.get("balanced"):
        widgets.testid(
            ui.label("Balanced: the ledger, the payouts submitted and the confirmations agree."),
            "reconciliation-balanced",
        ).classes("text-teal-800 font-medium")
    else:
        widgets.testid(
            ui.label(f"{len(mismatches)} mismatches need a look."), "reconciliation-mismatches"
        ).classes("text-red-700 font-medium")
    totals: list[dict[str, str]] = rec.get("totals") or []
    frame.empty_note(totals, "No payouts in this run, so there is nothing to reconcile.")
    if totals:
        _totals_table(totals)
    if mismatches:
        _mismatch_table(mismatches, detail.currency_of)


def _totals_table(totals: list[dict[str, str]]) -> None:
    headers = [
        "Currency",
        "Ledger (in transit)",
        "Submitted",
        "Ledger minus submitted",
        "Confirmed paid",
        "Failed",
        "Awaiting confirmation",
    ]
    with widgets.table("reconciliation-totals", headers):
        for t in totals:
            c = t["currency"]
            gap = _difference(t["ledger"], t["submitted"])
            awaiting = Decimal(t["submitted"]) - Decimal(t["confirmed"]) - Decimal(t["failed"])
            with widgets.row(f"total-{c}"):
                widgets.text(c)
                widgets.text(_money_text(t["ledger"], c))
                widgets.text(_money_text(t["submitted"], c))
                widgets.text(_money_text(gap, c), classes="text-red-700 font-medium" if gap else "")
                widgets.text(_money_text(t["confirmed"], c))
                widgets.text(_money_text(t["failed"], c))
                widgets.text(_money_text(awaiting, c))


def _minor_text(minor: int, currency: str | None) -> str:
    if currency is None:
        return f"{minor} (minor units)"
    return frame.money(Money.from_minor(minor, currency))


def _mismatch_table(mismatches: list[dict[str, Any]], currency_of: dict[str, str]) -> None:
    with widgets.table("reconciliation-issues", ["Payout", "Issue", "Expected", "Actual", "Difference"]):
        for m in mismatches:
            currency = currency_of.get(m["payout"])
            expected, actual = int(m["expected"]), int(m["actual"])
            with widgets.row("mismatch"):
                widgets.text(m["payout"], classes="font-mono text-xs")
                widgets.text(ISSUES.get(m["issue"], _role_label(m["issue"])), classes="text-red-700")
                widgets.text(_minor_text(expected, currency))
                reported = m.get("reported")  # a provider's report, in its own currency and units
                widgets.text(
                    f"{reported} (from {m.get('source')})" if reported else _minor_text(actual, currency)
                )
                gap = "—" if reported and not actual else _minor_text(actual - expected, currency)
                widgets.text(gap, classes="text-red-700 font-medium")


PAGES: list[frame.PageSpec] = [
    ("/admin", merchants_page, "Merchants"),
    ("/admin/users", users_page, "People"),
    ("/admin/keys", keys_page, "API keys"),
    ("/admin/runs", runs_page, "Settlement runs"),
    ("/admin/runs/{run_id}", run_page, "Settlement run"),
]

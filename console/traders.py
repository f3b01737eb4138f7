"""The trader information page (EU DSA art. 30): a merchant sees and gives its own; an admin, naming the
merchant with `?merchant=mer_...` (or picking one), sees it too and sets its verification state.

The page calls the same service functions as `GET`/`PUT /v1/merchants/{id}/trader` and
`POST /v1/merchants/{id}/trader/verification`, as the signed-in person. What is missing to sell to the EU is
shown above the form; the history of changes below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from nicegui import ui
from pydantic import ValidationError
from sqlmodel import Session

from console import frame
from console.merchant import Shown, _shown
from core import merchants
from core.auth import Principal
from core.errors import InvalidInput, validation_errors
from core.models import Role, TraderVerification
from core.pagination import PageParams
from core.traders import TraderEventRead, TraderIn, TraderRead, TraderVerificationSet

PATH = "/merchant/trader"
HISTORY_SIZE = 20
LABELS = {
    "legal_name": "Legal name",
    "address": "Address",
    "email": "Email",
    "phone": "Phone",
    "registration_number": "Registration number",
    "trade_register": "Trade register",
    "self_certification": "Self-certification",
    "verification": "Verification by the marketplace",
}
TEXT_FIELDS = (
    ("legal_name", "Legal name"),
    ("address.line1", "Address"),
    ("address.line2", "Address (second line)"),
    ("address.city", "City"),
    ("address.postal_code", "Postal code"),
    ("address.country", "Country (ISO code, e.g. DE)"),
    ("email", "Email"),
    ("phone", "Phone (+ and digits)"),
    ("registration_number", "Registration number"),
    ("trade_register", "Trade register"),
)
STATE_COLOURS = {"verified": "positive", "pending": "warning", "rejected": "negative", "unverified": "grey"}


@dataclass(frozen=True, slots=True)
class TraderView:
    trader: TraderRead
    events: list[TraderEventRead]


def _view(session: Session, principal: Principal, merchant_id: str) -> TraderView:
    trader = merchants.get_trader(session, merchant_id=merchant_id, principal=principal)
    rows, _ = merchants.list_trader_events(
        session, merchant_id=merchant_id, principal=principal, page=PageParams(limit=HISTORY_SIZE)
    )
    return TraderView(trader, [TraderEventRead.model_validate(e) for e in rows])


def trader_page(request: Request) -> Response | None:
    viewer = frame.guard(request, Role.merchant, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Trader information"):
        shown = _shown(viewer, request, PATH)
        if shown is None:
            return None
        box = ui.column().classes("w-full gap-4")

        def draw() -> None:
            box.clear()
            with box:
                view = frame.read(viewer, lambda s, p: _view(s, p, shown.id))
                _state(view.trader)
                _form(viewer, shown, view.trader, on_saved=draw)
                if viewer.role is Role.admin:
                    _verification(viewer, shown, view.trader, on_saved=draw)
                _history(view.events)

        draw()
    return None


def _state(trader: TraderRead) -> None:
    with ui.row().classes("items-center gap-3"):
        ui.label("Verification:")
        state = trader.verification.value
        ui.badge(state, color=STATE_COLOURS.get(state, "grey")).mark("trader-state")
    if trader.missing:
        missing = ", ".join(LABELS.get(m, m) for m in trader.missing)
        ui.label(f"Sales to the EU are refused until this is done: {missing}.").classes(
            "text-amber-800"
        ).mark("trader-missing")
    else:
        ui.label("Complete and verified: sales to the EU are open.").classes("text-green-700").mark(
            "trader-missing"
        )


def _value(trader: TraderRead, field: str) -> str:
    if field.startswith("address."):
        return str(getattr(trader.address, field.split(".", 1)[1], None) or "") if trader.address else ""
    return str(getattr(trader, field) or "")


def _form(viewer: frame.Viewer, shown: Shown, trader: TraderRead, *, on_saved: Callable[[], None]) -> None:
    with ui.card().classes("w-full max-w-3xl"):
        ui.label("Trader information").classes("text-lg font-medium")
        with ui.grid(columns=2).classes("w-full gap-4"):
            fields: dict[str, Any] = {
                name: ui.input(label, value=_value(trader, name)).classes("w-full").mark(f"trader-{name}")
                for name, label in TEXT_FIELDS
            }
        certify = ui.checkbox(
            "We offer only products and services that comply with EU law (self-certification)",
            value=trader.self_certification,
        ).mark("trader-self_certification")
        fields["self_certification"] = certify

        def save() -> None:
            raw = {name: element.value for name, element in fields.items()}
            saved = frame.act(viewer, lambda s, p: _put(s, p, shown.id, raw), fields=fields)
            if saved is not None:
                ui.notify("Trader information saved; it waits for the marketplace's verification.")
                on_saved()

        ui.button("Save trader information", on_click=save).props("unelevated").mark("save-trader")


def trader_in(raw: dict[str, Any]) -> TraderIn:
    """The form's values as the API's `TraderIn`: empty texts are not given; an address is given when any
    of its parts is. What is wrong is named by field."""
    texts = {k: (str(v).strip() or None) for k, v in raw.items() if k != "self_certification"}
    address = {k.split(".", 1)[1]: v for k, v in texts.items() if k.startswith("address.") and v}
    body: dict[str, Any] = {k: v for k, v in texts.items() if not k.startswith("address.") and v}
    if address:
        body["address"] = address
    body["self_certification"] = bool(raw.get("self_certification"))
    try:
        return TraderIn.model_validate(body)
    except ValidationError as exc:
        errors = validation_errors(exc.errors())
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors) from None


def _put(session: Session, principal: Principal, merchant_id: str, raw: dict[str, Any]) -> TraderRead:
    return merchants.put_trader(session, merchant_id=merchant_id, data=trader_in(raw), principal=principal)


def _verification(
    viewer: frame.Viewer, shown: Shown, trader: TraderRead, *, on_saved: Callable[[], None]
) -> None:
    with ui.card().classes("w-full max-w-3xl"):
        ui.label("Verification (admin)").classes("text-lg font-medium")
        with ui.row().classes("w-full items-start gap-4"):
            state = ui.select(
                {v.value: v.value for v in TraderVerification},
                value=trader.verification.value,
                label="State",
            ).classes("w-48")
            state.mark("trader-verification-state")
            reason = ui.input("Reason (kept in the history)").classes("w-96")
            reason.mark("trader-verification-reason")

            def save() -> None:
                def set_state(session: Session, principal: Principal) -> TraderRead:
                    principal.require(Role.admin)
                    data = TraderVerificationSet(state=TraderVerification(state.value), reason=reason.value)
                    return merchants.set_trader_verification(
                        session, merchant_id=shown.id, data=data, actor=principal.actor_id
                    )

                if frame.act(viewer, set_state, fields={"state": state, "reason": reason}) is not None:
                    ui.notify(f"Verification set to {state.value}.", type="positive")
                    on_saved()

            ui.button("Set verification", on_click=save).props("unelevated").mark("set-verification")


def _history(events: list[TraderEventRead]) -> None:
    ui.label("History").classes("text-xl font-semibold mt-4")
    frame.empty_note(events, "No changes yet.")
    if not events:
        return
    with (
        ui.element("q-markup-table")
        .props("flat bordered dense wrap-cells")
        .classes("w-full")
        .mark("trader-history")
    ):
        with ui.element("thead"), ui.element("tr"):
            for header in ("When", "Who", "What", "State", "Reason"):
                with ui.element("th").classes("text-left"):
                    ui.label(header)
        with ui.element("tbody"):
            for e in events:
                with ui.element("tr").mark("trader-history-row"):
                    for text in (
                        frame.when(e.at),
                        e.actor,
                        "information given" if e.action == "information" else "verification set",
                        f"{e.state_before.value} → {e.state_after.value}",
                        e.reason,
                    ):
                        with ui.element("td"):
                            ui.label(text)


PAGES: list[frame.PageSpec] = [(PATH, trader_page, "Trader information")]

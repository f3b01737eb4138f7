"""The merchant's pages: balances and the next payout, payouts down to their orders, return rates, payout
settings and the monthly statement (a CSV download behind the session cookie).

A merchant sees its own merchant only: another merchant named in `?merchant=` or another merchant's payout is
"not found", as the API answers. An admin names the merchant with `?merchant=mer_...`, or picks one. Every
read goes through the settlement and logistics services as the viewer's principal.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from nicegui import ui
from nicegui.events import ValueChangeEventArguments
from pydantic import ValidationError
from sqlmodel import Session

from console import frame
from console.widgets import Cell, CursorPager, markup_table
from core.auth import Principal
from core.clock import utc_now
from core.errors import AppError, Forbidden, InvalidInput, render, validation_errors
from core.merchants import get_merchant, list_merchants
from core.models import Role
from core.money import Money
from core.pagination import PageParams
from logistics import analytics
from logistics.orders.schemas import ReturnAnalytics, ReturnRateRow
from settlement import ledger, payout_changes, payouts, reports, reserves
from settlement.errors import PayoutSettingsMissing
from settlement.models import Payout, PayoutInterval, PayoutMethod, PayoutStatus
from settlement.payees import PayeeRef
from settlement.payouts import Line
from settlement.schemas import PayoutSettingChangeRead, PayoutSettingsRead, PayoutSettingsUpdate

PAGE_SIZE = 20
"""Rows a page, in every list of these pages."""
CHART_WEEKS = 26
STATEMENT_MONTHS = 12
PICKER_SIZE = 50

BALANCE_KINDS = [
    ("available", "Available"),
    ("pending", "Pending"),
    ("reserved", "Reserved"),
    ("in_transit", "In transit"),
]
LINE_KINDS = {
    "sale": "sale",
    "reserve_release": "reserve released",
    "refund": "refund",
    "payout": "payout",
    "payout_failure": "payout returned",
    "adjustment": "adjustment",
}
STATUS_COLOURS = {
    PayoutStatus.pending.value: "grey",
    PayoutStatus.submitting.value: "blue-grey",
    PayoutStatus.in_transit.value: "blue",
    PayoutStatus.paid.value: "positive",
    PayoutStatus.failed.value: "negative",
}

"""A table cell: its text, or a function drawing its content."""


# --- which merchant a page shows ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shown:
    """The merchant a page shows; an admin's links keep naming it."""

    id: str
    name: str
    settlement_currency: str
    named: bool
    """Named in the address (an admin's view): links carry `?merchant=`."""

    def link(self, path: str, **query: str) -> str:
        params = {**({"merchant": self.id} if self.named else {}), **{k: v for k, v in query.items() if v}}
        return path + (f"?{urlencode(params)}" if params else "")


# Reads hand the pages plain values, never ORM rows: a read's unit of work ends (and expires its rows) before
# the page is drawn.


def _shown_of(session: Session, principal: Principal, merchant_id: str) -> Shown:
    m = get_merchant(session, merchant_id=merchant_id, principal=principal)
    return Shown(m.id, m.name, m.settlement_currency, named=principal.role is Role.admin)


def _merchant_of(session: Session, principal: Principal, requested: str | None) -> Shown | None:
    """The merchant the principal may look at: its own for a merchant (another one is not found), the one
    asked for by an admin (None when none is)."""
    merchant_id = principal.merchant_scope(requested)
    return None if merchant_id is None else _shown_of(session, principal, merchant_id)


def _shown(viewer: frame.Viewer, request: Request, path: str) -> Shown | None:
    """The merchant to show; None (having said why, or offered a picker) when there is none."""
    requested = request.query_params.get("merchant") or None
    try:
        shown = frame.read(viewer, lambda s, p: _merchant_of(s, p, requested))
    except AppError as exc:
        _problem(exc)
        return None
    if shown is None:
        _picker(viewer, path)
        return None
    with ui.row().classes("items-center gap-4"):
        ui.label(f"{shown.name} · {shown.id}").classes("text-gray-600").mark("merchant-name")
        if shown.named:
            for label, target in frame.NAV[Role.merchant]:
                ui.link(label, shown.link(target)).mark(f"tab-{target}")
    return shown


def _problem(exc: AppError) -> None:
    with ui.card().classes("w-full bg-amber-50"):
        ui.label(f"{exc.title}: {exc.detail}").mark("problem")


def _picker(viewer: frame.Viewer, path: str) -> None:
    """An admin chooses the merchant, a page of merchants at a time."""
    ui.label("Choose the merchant to look at.")
    cursor = CursorPager()

    def draw(refresh: Callable[[], None]) -> None:
        page = PageParams(limit=PICKER_SIZE, starting_after=cursor.starting_after)
        rows, cursor.has_more = frame.read(viewer, lambda s, _: _merchant_page(s, page))

        def choose(e: ValueChangeEventArguments[Any]) -> None:
            if e.value:
                ui.navigate.to(f"{path}?{urlencode({'merchant': e.value})}")

        options = {mid: f"{name} ({mid})" for mid, name in rows}
        ui.select(options, label="Merchant", with_input=True, on_change=choose).classes("w-96").mark(
            "merchant-picker"
        )
        frame.empty_note(rows, "There are no merchants yet.")
        cursor.controls(refresh, rows[-1][0] if rows else None)

    _section(draw)


def _merchant_page(session: Session, page: PageParams) -> tuple[list[tuple[str, str]], bool]:
    rows, more = list_merchants(session, page=page)
    return [(m.id, m.name) for m in rows], more


# --- drawing helpers ------------------------------------------------------------------------------------


def _section(draw: Callable[[Callable[[], None]], None]) -> Callable[[], None]:
    """A part of the page drawn by `draw(refresh)`, redrawn by calling `refresh`."""
    box = ui.column().classes("w-full gap-2")

    def refresh() -> None:
        box.clear()
        with box:
            draw(refresh)

    refresh()
    return refresh


def _status(status: str) -> None:
    ui.badge(status.replace("_", " "), color=STATUS_COLOURS.get(status, "grey")).mark(f"status-{status}")


def _heading(text: str) -> None:
    ui.label(text).classes("text-xl font-semibold mt-4")


def _paged(items: Sequence[Any], draw_page: Callable[[Sequence[Any]], None]) -> None:
    """Offset paging over a list already read (a payout's lines, return rates)."""
    pager = frame.Pager(PAGE_SIZE)
    pager.total = len(items)

    def draw(refresh: Callable[[], None]) -> None:
        draw_page(items[pager.offset : pager.offset + pager.limit])
        pager.controls(refresh)

    _section(draw)


@dataclass(frozen=True, slots=True)
class PayoutFacts:
    """What the pages show of a payout."""

    id: str
    status: str
    amount: Money
    """Paid, in the payout currency."""
    debited: Money
    """Taken from the available balance, in the ledger currency."""
    fx_rate: Decimal | None
    fx_reference_rate: Decimal | None
    method: str
    destination: str
    created_at: datetime
    submitted_at: datetime | None
    arrival_date: date | None
    settled_at: datetime | None
    provider_reference: str | None
    failure_code: str | None
    failure_message: str | None

    @classmethod
    def of(cls, p: Payout) -> PayoutFacts:
        return cls(
            id=p.id,
            status=p.status,
            amount=Money.from_minor(p.payout_amount_minor, p.payout_currency),
            debited=Money.from_minor(p.amount_minor, p.currency),
            fx_rate=p.fx_rate,
            fx_reference_rate=p.fx_reference_rate,
            method=p.method,
            destination=p.destination,
            created_at=p.created_at,
            submitted_at=p.submitted_at,
            arrival_date=p.arrival_date,
            settled_at=p.settled_at,
            provider_reference=p.provider_reference,
            failure_code=p.failure_code,
            failure_message=p.failure_message,
        )


# --- lines of a payout (or of the next one) -------------------------------------------------------------

LINE_HEADERS = ["Kind", "Order", "Reference", "Gross", "Fees", "Reserve", "Net", "Available on", "Posted"]


def _line_cells(line: Line) -> list[Cell]:
    def m(minor: int) -> str:
        return frame.money(Money.from_minor(minor, line.currency))

    return [
        LINE_KINDS.get(line.type, line.type),
        line.order or "—",
        line.refund or line.payout or "—",
        m(line.gross),
        m(line.fees),
        _reserve_cell(line),
        m(line.net),
        frame.when(line.available_on),
        frame.when(line.created),
    ]


def _reserve_cell(line: Line) -> Cell:
    """What the line held back (or gave back) for returns, and why when the return rate raised it."""
    moved = line.reserve_released - line.reserve_held
    amount = frame.money(Money.from_minor(moved, line.currency)) if moved else "—"
    reason = line.reserve_reason
    if reason is None:
        return amount

    def draw() -> None:
        ui.label(amount)
        ui.label(f"raised: {reason}").classes("text-xs text-orange-800").mark(f"reserve-reason-{line.order}")

    return draw


def _line_totals(lines: Sequence[Line]) -> list[list[Cell]]:
    """Per currency, the lines' gross, fees, reserve and net, the payouts themselves left out: what was
    paid."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for line in lines:
        if line.type != "payout":
            t = sums[line.currency]
            t[0] += line.gross
            t[1] += line.fees
            t[2] += line.reserve_released - line.reserve_held
            t[3] += line.net
    return [
        [f"Total ({c})", "", "", *(frame.money(Money.from_minor(v, c)) for v in total), "", ""]
        for c, total in sorted(sums.items())
    ]


def _lines(lines: Sequence[Line], testid: str, empty: str) -> None:
    frame.empty_note(lines, empty)
    if lines:
        totals = _line_totals(lines)
        _paged(lines, lambda page: markup_table(testid, LINE_HEADERS, [_line_cells(x) for x in page], totals))


# --- /merchant: overview --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overview:
    balances: dict[str, list[Money]]
    next: reports.NextPayout
    on_the_way: list[PayoutFacts]
    weekly: reports.WeeklyActivity


def _overview_of(session: Session, merchant_id: str) -> Overview:
    on_the_way = reports.payouts_on_the_way(session, merchant_id=merchant_id)
    return Overview(
        balances=ledger.merchant_balances(session, merchant_id),
        next=reports.next_payout(session, merchant_id=merchant_id),
        on_the_way=[PayoutFacts.of(p) for p in on_the_way],
        weekly=reports.weekly_activity(session, merchant_id=merchant_id, weeks=CHART_WEEKS),
    )


def overview_page(request: Request) -> Response | None:
    viewer = frame.guard(request, Role.merchant, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Overview"):
        shown = _shown(viewer, request, "/merchant")
        if shown is not None:
            data = frame.read(viewer, lambda s, _: _overview_of(s, shown.id))
            _balances(data.balances)
            _next_payout(shown, data.next, data.on_the_way)
            _chart(data.weekly)
    return None


def _balances(balances: dict[str, list[Money]]) -> None:
    _heading("Balances")
    by_currency: dict[str, dict[str, Money]] = defaultdict(dict)
    for kind, amounts in balances.items():
        for amount in amounts:
            by_currency[amount.currency][kind] = amount
    frame.empty_note(list(by_currency), "No balances yet: nothing has been sold.")
    with ui.row().classes("gap-4"):
        for currency, kinds in sorted(by_currency.items()):
            with ui.card().classes("min-w-64").mark(f"balance-{currency}"):
                ui.label(currency).classes("text-lg font-semibold")
                for kind, label in BALANCE_KINDS:
                    with ui.row().classes("w-full justify-between gap-8"):
                        ui.label(label)
                        ui.label(frame.money(kinds.get(kind, Money.zero(currency)))).mark(
                            f"balance-{currency}-{kind}"
                        )


def _next_payout(shown: Shown, nxt: reports.NextPayout, on_the_way: list[PayoutFacts]) -> None:
    _heading("Next payout")
    for p in on_the_way:
        _on_the_way(shown, p)
    with ui.card().classes("w-full").mark("next-payout"):
        amounts = [frame.money(m) for m in nxt.available]
        ui.label(", ".join(amounts) or frame.money(Money.zero(shown.settlement_currency))).classes(
            "text-2xl"
        ).mark("next-payout-amount")
        ui.label(_when_paid(nxt)).mark("next-payout-when")
        if nxt.payout_currency and any(m.currency != nxt.payout_currency for m in nxt.available):
            ui.label(f"Paid in {nxt.payout_currency} at the exchange rate of the day.").classes("text-sm")
    _lines(nxt.lines, "next-payout-lines", "Nothing has become available since the last payout.")


def _on_the_way(shown: Shown, p: PayoutFacts) -> None:
    landing = f"should land on {frame.when(p.arrival_date)}" if p.arrival_date else "arrival not known yet"
    with ui.row().classes("items-center gap-3").mark("on-the-way"):
        ui.label("On its way:")
        ui.link(p.id, shown.link(f"/merchant/payouts/{p.id}"))
        _status(p.status)
        ui.label(f"{frame.money(p.amount)}, {landing}")


def _when_paid(nxt: reports.NextPayout) -> str:
    if nxt.blocked is not None or nxt.pays_on is None:
        return f"Not scheduled: {nxt.blocked or 'no payout day'}."
    landing = (
        f"should land on {frame.when(nxt.arrives_on)}" if nxt.arrives_on else "lands on the date Stripe gives"
    )
    return f"Paid out on {frame.when(nxt.pays_on)} ({nxt.interval} payouts); {landing}."


def _chart(weekly: reports.WeeklyActivity) -> None:
    _heading(f"Payouts and refunds per week (last {len(weekly.weeks)} weeks)")
    series = [
        *(_series(f"Payouts ({c})", amounts) for c, amounts in weekly.payouts.items()),
        *(_series(f"Refunds ({c})", amounts) for c, amounts in weekly.refunds.items()),
    ]
    frame.empty_note(series, "No payouts or refunds in these weeks.")
    if not series:
        return
    weeks = [f"{d.isocalendar().year}-W{d.isocalendar().week:02d}" for d in weekly.weeks]
    ui.echart(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "xAxis": {"type": "category", "data": weeks},
            "yAxis": {"type": "value"},
            "series": series,
        }
    ).classes("w-full h-80").props("data-testid=payouts-chart").mark("payouts-chart")


def _series(name: str, amounts: list[Money]) -> dict[str, Any]:
    # exact decimal strings: ECharts reads them as numbers
    return {"name": name, "type": "bar", "data": [m.format_amount() for m in amounts]}


# --- /merchant/payouts ----------------------------------------------------------------------------------

PAYOUT_HEADERS = ["Payout", "Status", "Amount", "Created", "Expected arrival", "Exchange rate"]


def payouts_page(request: Request) -> Response | None:
    viewer = frame.guard(request, Role.merchant, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Payouts"):
        shown = _shown(viewer, request, "/merchant/payouts")
        if shown is not None:
            status = request.query_params.get("status")
            _payouts(viewer, shown, status if status in STATUS_COLOURS else None)
    return None


def _payouts(viewer: frame.Viewer, shown: Shown, status: str | None) -> None:
    cursor = CursorPager()
    chosen: dict[str, str | None] = {"status": status}
    options = {"": "All", **{s: s.replace("_", " ") for s in STATUS_COLOURS}}
    select = ui.select(options, value=status or "", label="Status").classes("w-48").mark("status-filter")

    def read(session: Session, principal: Principal) -> tuple[list[PayoutFacts], bool]:
        rows, more = payouts.list_payouts(
            session,
            payee=PayeeRef.merchant(principal.merchant_scope(shown.id) or shown.id),
            status=chosen["status"],
            created_from=None,
            created_to=None,
            limit=PAGE_SIZE,
            starting_after=cursor.starting_after,
        )
        return [PayoutFacts.of(p) for p in rows], more

    def draw(refresh: Callable[[], None]) -> None:
        rows, cursor.has_more = frame.read(viewer, read)
        if rows:
            markup_table("payouts-table", PAYOUT_HEADERS, [_payout_cells(shown, p) for p in rows])
        which = chosen["status"]
        frame.empty_note(rows, f"No {which.replace('_', ' ')} payouts." if which else "No payouts yet.")
        cursor.controls(refresh, rows[-1].id if rows else None)

    refresh = _section(draw)

    def filter_by(e: ValueChangeEventArguments[Any]) -> None:
        chosen["status"] = e.value or None
        cursor.reset()
        refresh()

    select.on_value_change(filter_by)


def _payout_cells(shown: Shown, p: PayoutFacts) -> list[Cell]:
    return [
        lambda: ui.link(p.id, shown.link(f"/merchant/payouts/{p.id}")).mark(f"payout-{p.id}"),
        lambda: _status(p.status),
        frame.money(p.amount),
        frame.when(p.created_at),
        frame.when(p.arrival_date),
        _fx(p),
    ]


def _fx(p: PayoutFacts) -> str:
    if p.fx_rate is None:
        return "—"
    reference = f" (reference {p.fx_reference_rate})" if p.fx_reference_rate is not None else ""
    return f"1 {p.debited.currency} = {p.fx_rate} {p.amount.currency}{reference}"


# --- /merchant/payouts/{payout_id} ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayoutView:
    payout: PayoutFacts
    lines: list[Line]
    shown: Shown


def _payout_view(session: Session, principal: Principal, payout_id: str) -> PayoutView:
    payout = payouts.get_payout(session, payout_id=payout_id, principal=principal)
    return PayoutView(
        payout=PayoutFacts.of(payout),
        lines=payouts.payout_lines(session, payout=payout),
        shown=_shown_of(session, principal, payout.merchant_id or ""),
    )


def payout_page(request: Request, payout_id: str) -> Response | None:
    viewer = frame.guard(request, Role.merchant, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Payout"):
        try:
            view = frame.read(viewer, lambda s, p: _payout_view(s, p, payout_id))
        except AppError as exc:
            _problem(exc)
            return None
        ui.link("← All payouts", view.shown.link("/merchant/payouts")).mark("back-to-payouts")
        _payout_header(view.payout)
        _heading("Lines")
        _lines(view.lines, "payout-lines", "This payout has no lines.")
    return None


def _payout_header(p: PayoutFacts) -> None:
    facts: list[tuple[str, Cell]] = [
        ("Payout", p.id),
        ("Status", lambda: _status(p.status)),
        ("Amount", frame.money(p.amount)),
        ("Debited from the balance", frame.money(p.debited)),
        ("Exchange rate", _fx(p)),
        ("Method", f"{p.method.replace('_', ' ')} to {p.destination or '—'}"),
        ("Created", frame.when(p.created_at)),
        ("Handed over", frame.when(p.submitted_at)),
        ("Expected arrival", frame.when(p.arrival_date)),
        ("Settled", frame.when(p.settled_at)),
        ("Provider reference", p.provider_reference or "—"),
    ]
    if p.failure_code or p.failure_message:
        failure = ": ".join(x for x in (p.failure_code, p.failure_message) if x)
        facts.append(("Failure", failure))
    with ui.card().classes("w-full"), ui.grid(columns=2).classes("gap-x-8 gap-y-1"):
        for name, value in facts:
            ui.label(name).classes("text-gray-600")
            with ui.element("div").mark(f"fact-{name.lower().replace(' ', '-')}"):
                if callable(value):
                    value()
                else:
                    ui.label(value).classes("text-red-700" if name == "Failure" else "")


# --- /merchant/returns ----------------------------------------------------------------------------------

RETURN_HEADERS = ["Category", "Orders", "Units sold", "Units returned", "Return rate", "Top reasons", ""]


def returns_page(request: Request) -> Response | None:
    viewer = frame.guard(request, Role.merchant, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Returns"):
        shown = _shown(viewer, request, "/merchant/returns")
        if shown is not None:
            report = frame.read(
                viewer,
                lambda s, p: analytics.return_analytics(
                    s, principal=p, group_by="category", merchant_id=shown.id
                ),
            )
            _returns(report)
            rates = frame.read(viewer, lambda s, _: reserves.return_rates(s, merchant_id=shown.id))
            _reserves(rates)
    return None


def _returns(report: ReturnAnalytics) -> None:
    threshold = f"{report.threshold:.0%}"
    ui.label(
        f"Units returned of the units sold, by category; above {threshold} a category is flagged."
    ).classes("text-gray-600")
    frame.empty_note(report.data, "No orders yet, so no return rates.")
    if report.data:
        _paged(
            report.data,
            lambda page: markup_table(
                "returns-table", RETURN_HEADERS, [_return_cells(r, threshold) for r in page]
            ),
        )


def _return_cells(row: ReturnRateRow, threshold: str) -> list[Cell]:
    def flag() -> None:
        if row.flagged:
            ui.badge(f"over {threshold}", color="red").mark(f"flag-{row.key}")

    return [
        row.key,
        str(row.orders),
        str(row.units_sold),
        str(row.units_returned),
        f"{row.rate:.1%}",
        ", ".join(r.replace("_", " ") for r in row.top_reasons) or "—",
        flag,
    ]


RESERVE_HEADERS = ["Category", "Orders", "With a refund", "Sold", "Refunded", "Return rate", "Reserve", ""]


def _reserves(rates: reserves.ReturnRates) -> None:
    """The settlement side: the refunded value of the window's orders per category, and the reserve the
    category's new sales hold (raised while the rate is above the flag)."""
    _heading(f"Reserves on new sales (last {rates.window_days} days)")
    flag = f"{Decimal(rates.flag_bps) / 100:.4g}%"
    ui.label(
        f"Refunded value of the orders paid in the last {rates.window_days} days; with at least"
        f" {rates.min_orders} orders, a category above {flag} holds a higher return reserve on new sales"
        " until its rate falls back."
    ).classes("text-gray-600")
    frame.empty_note(rates.data, f"No orders in the last {rates.window_days} days.")
    if rates.data:
        _paged(
            rates.data,
            lambda page: markup_table("reserves-table", RESERVE_HEADERS, [_reserve_row(r) for r in page]),
        )


def _reserve_row(r: reserves.ReturnRate) -> list[Cell]:
    x = r.returns

    def flag() -> None:
        if r.flagged and r.reason is not None:
            ui.badge("reserve raised", color="orange").mark(f"reserve-flag-{x.category}")
            ui.label(r.reason).classes("text-xs").mark(f"reserve-why-{x.category}")

    return [
        x.category,
        str(x.orders),
        str(x.returned),
        frame.money(Money.from_minor(x.sold_minor, x.currency)),
        frame.money(Money.from_minor(x.refunded_minor, x.currency)),
        f"{x.rate:.1%}",
        f"{Decimal(r.reserve_bps) / 100:.4g}%",
        flag,
    ]


# --- /merchant/settings ---------------------------------------------------------------------------------


def settings_page(request: Request) -> Response | None:
    viewer = frame.guard(request, Role.merchant, Role.admin)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Settings"):
        shown = _shown(viewer, request, "/merchant/settings")
        if shown is not None:
            _settings_form(viewer, shown)
            _statement_download(shown)
    return None


def _current_settings(session: Session, principal: Principal, merchant_id: str) -> PayoutSettingsRead | None:
    try:
        row = payout_changes.get_settings_in_force(
            session, merchant_id=principal.merchant_scope(merchant_id) or ""
        )
    except PayoutSettingsMissing:
        return None
    return PayoutSettingsRead.of(row)


def _settings_form(viewer: frame.Viewer, shown: Shown) -> None:
    current = frame.read(viewer, lambda s, p: _current_settings(s, p, shown.id))
    _heading("Payout settings")
    status = ui.label(_version(current)).classes("text-sm text-gray-600").mark("settings-version")
    currency = current.currency if current else shown.settlement_currency
    minimum = current.minimum.amount if current else ""
    with ui.card().classes("w-full max-w-3xl"), ui.grid(columns=2).classes("w-full gap-4"):
        fields: dict[str, Any] = {
            "interval": ui.select(
                {i.value: i.value.capitalize() for i in PayoutInterval},
                value=current.interval if current else PayoutInterval.daily.value,
                label="Interval",
            ),
            "weekly_anchor": ui.select(
                dict(enumerate(calendar.day_name)),
                value=current.weekly_anchor if current else 0,
                label="Weekly payouts on or after",
            ),
            "currency": ui.input("Payout currency", value=currency),
            "minimum": ui.input("Minimum payout", value=minimum),
            "method": ui.select(
                {PayoutMethod.bank_file.value: "Bank transfer", PayoutMethod.stripe.value: "Stripe Connect"},
                value=current.method if current else PayoutMethod.bank_file.value,
                label="Method",
            ),
            "hold_business_days": ui.input(
                "Hold after delivery (business days)",
                value=str(current.hold_business_days) if current else "",
            ),
            **{
                name: ui.input(label, value=(getattr(current, name) or "") if current else "")
                for name, label in (
                    ("account_holder", "Account holder"),
                    ("iban", "IBAN"),
                    ("bic", "BIC"),
                    ("account_number", "Account number"),
                    ("bank_code", "Bank code"),
                    ("stripe_account", "Stripe account (acct_...)"),
                )
            },
        }
    for name, element in fields.items():
        element.classes("w-full").mark(f"setting-{name}")

    def save() -> None:
        raw = {name: element.value for name, element in fields.items()}
        saved = frame.act(viewer, lambda s, p: _put_settings(s, p, shown, raw), fields=fields)
        if saved is not None:
            row, pending = saved
            status.text = _version(row)
            if pending is None:
                ui.notify("Payout settings saved.", type="positive")
            else:
                ui.notify(
                    f"Payout settings saved; the change of {', '.join(pending.fields)} waits for an "
                    "admin's approval and takes effect after the cooling-off period. Payouts go to the "
                    "current account until then.",
                    type="warning",
                    multi_line=True,
                )

    ui.button("Save payout settings", on_click=save).props("unelevated").mark("save-settings")


def _version(row: PayoutSettingsRead | None) -> str:
    if row is None:
        return "No payout settings yet: nothing is paid out until they are saved."
    return f"Version {row.version}, saved {frame.when(row.updated_at)}."


def _put_settings(
    session: Session, principal: Principal, shown: Shown, raw: dict[str, Any]
) -> tuple[PayoutSettingsRead, PayoutSettingChangeRead | None]:
    """Parse the form as the API parses its body, then save through the same service function: a change
    that moves money waits for an admin's approval, as in the API."""
    merchant_id = principal.merchant_scope(shown.id) or shown.id

    def text(name: str) -> str | None:
        value = str(raw.get(name) or "").strip()
        return value or None

    body = {
        "interval": raw.get("interval"),
        "weekly_anchor": raw.get("weekly_anchor"),
        "currency": text("currency"),
        "minimum": {
            "amount": text("minimum") or "",
            "currency": text("currency") or shown.settlement_currency,
        },
        "method": raw.get("method"),
        "hold_business_days": text("hold_business_days"),
        **{
            name: text(name)
            for name in ("account_holder", "iban", "bic", "account_number", "bank_code", "stripe_account")
        },
    }
    try:
        data = PayoutSettingsUpdate.model_validate(body)
    except ValidationError as exc:
        errors = validation_errors(exc.errors())
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors) from None
    done = payout_changes.request_settings(
        session, merchant_id=merchant_id, data=data, actor=principal.actor_id
    )
    return (
        PayoutSettingsRead.of(done.settings),
        PayoutSettingChangeRead.of(done.change) if done.change is not None else None,
    )


def _months(today: date, count: int) -> list[str]:
    """The last `count` months, this one first, as YYYY-MM."""
    index = today.year * 12 + today.month - 1
    return [f"{(index - i) // 12:04d}-{(index - i) % 12 + 1:02d}" for i in range(count)]


def _statement_download(shown: Shown) -> None:
    _heading("Download statement")
    ui.label("The month's ledger lines with running balances, as CSV.").classes("text-gray-600")
    months = _months(utc_now().date(), STATEMENT_MONTHS)
    with ui.row().classes("items-center gap-4"):
        month = ui.select(months, value=months[0], label="Month").classes("w-40").mark("statement-month")
        link = (
            ui.link("Download statement (CSV)", _statement_href(shown, months[0]))
            .props("download")
            .mark("statement-link")
        )

    def retarget(e: ValueChangeEventArguments[Any]) -> None:
        link.props["href"] = _statement_href(shown, str(e.value))

    month.on_value_change(retarget)


def _statement_href(shown: Shown, month: str) -> str:
    return shown.link(f"/merchant/statements/{month}.csv")


# --- the statement download ------------------------------------------------------------------------------


def _statement(
    session: Session, principal: Principal, month: str, requested: str | None
) -> reports.Statement:
    reports.month_bounds(month)  # a bad month is named before the merchant, as the API does
    merchant = _merchant_of(session, principal, requested)
    if merchant is None:
        raise InvalidInput.for_field("merchant", "name the merchant (?merchant=)")
    return reports.statement_csv(session, merchant_id=merchant.id, month=month)


def statement_download(request: Request, month: str) -> Response:
    viewer = frame.viewer_of(request)
    if viewer is None:
        return frame.to_sign_in(request)
    if viewer.role not in (Role.merchant, Role.admin):
        return render(Forbidden("statements are for merchants and admins"), instance=request.url.path)
    requested = request.query_params.get("merchant") or None
    try:
        statement = frame.read(viewer, lambda s, p: _statement(s, p, month, requested))
    except frame.SignedOut:
        return frame.to_sign_in(request)
    except AppError as exc:
        return render(exc, instance=request.url.path)
    return Response(
        statement.content,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{statement.filename}"'},
    )


PAGES: list[frame.PageSpec] = [
    ("/merchant", overview_page, "Overview"),
    ("/merchant/payouts", payouts_page, "Payouts"),
    ("/merchant/payouts/{payout_id}", payout_page, "Payout"),
    ("/merchant/returns", returns_page, "Returns"),
    ("/merchant/settings", settings_page, "Settings"),
]


def add_download_routes(app: FastAPI) -> None:
    """`GET /merchant/statements/{month}.csv`: the statement, behind the session cookie (a sync route: FastAPI
    runs it in its thread pool)."""
    app.add_api_route(
        "/merchant/statements/{month}.csv",
        statement_download,
        methods=["GET"],
        include_in_schema=False,
        response_class=Response,
    )

"""Console pages for compliance officers (admins read them): markets, rule sets, versions, the audit log.

Every change goes through the same service functions as the API (`compliance.service`), as the signed-in
person (`actor` = their `usr_...` id), through `frame.act`, so a service's field errors show next to the
inputs. Admins see the same pages without any control that changes something. Stable names for tests: each
key control carries a NiceGUI marker and the same `data-testid` (see `testid`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import run, ui
from nicegui.events import ValueChangeEventArguments
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from sqlmodel import Session

from compliance import service
from compliance.errors import RuleSetNotFound
from compliance.models import RuleSet
from compliance.schemas import (
    AuditRead,
    Decision,
    MarketRead,
    Rejection,
    ResumeRequest,
    Rollback,
    RuleSetRead,
    SimulationRead,
    SimulationRequest,
    SuspendRequest,
    VersionCreate,
    VersionRead,
    VersionUpdate,
)
from compliance.topics import TOPIC_NAMES, TOPICS
from compliance.topics.market import MARKETS, Channel
from console import frame
from console.widgets import CursorPager, testid
from core import people
from core.auth import Principal
from core.clock import utc_now
from core.errors import AppError, InvalidInput, validation_errors
from core.merchants import validate_country
from core.models import Role
from core.pagination import PageParams

READERS = (Role.compliance_officer, Role.admin)
TIME_FORMAT = "%Y-%m-%d %H:%M"
PERSON = "usr_"

E = TypeVar("E", bound=ui.element)
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Row = dict[str, Any]
Fields = dict[str, Any]


# --- shared helpers ------------------------------------------------------------------------------------


def can_edit(viewer: frame.Viewer) -> bool:
    return viewer.role is Role.compliance_officer


def parsed(model: type[M], data: dict[str, Any]) -> M:
    """`model` from `data`; invalid input becomes an `InvalidInput` naming each field, as the API's would."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(exc.errors())
        detail = "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors[:3])
        raise InvalidInput(detail, errors=errors) from None


def load(
    viewer: frame.Viewer, fn: Callable[[Session, Principal], T], fields: Fields | None = None
) -> T | None:
    """A read as the viewer; a refused read shows its message (next to `fields` where it names one)."""
    for element in (fields or {}).values():
        element.error = None
    try:
        return frame.read(viewer, fn)
    except frame.SignedOut:
        ui.notify("Your session has ended; sign in again.", type="warning")
        ui.navigate.to("/login")
    except AppError as exc:
        frame.show_error(exc, fields)
    return None


def rebuild(box: ui.element, build: Callable[[], None]) -> None:
    box.clear()
    with box:
        build()


def time_text(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str | None, field: str, *, required: bool) -> datetime | None:
    """`YYYY-MM-DD` or `YYYY-MM-DD HH:MM` in UTC (an explicit offset is honoured)."""
    raw = (text or "").strip()
    if not raw:
        if required:
            raise InvalidInput.for_field(field, "enter a date such as 2026-07-01 or 2026-07-01 09:30 (UTC)")
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput.for_field(field, "use YYYY-MM-DD or YYYY-MM-DD HH:MM (UTC)") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_day(text: str | None, field: str) -> date | None:
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput.for_field(field, "use YYYY-MM-DD") from None


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def person(names: dict[str, str], actor: str | None) -> str:
    """A person's e-mail for their id; other actors (API keys, `system`) as they are."""
    if not actor:
        return "—"
    return names.get(actor, actor)


def people_in(values: Iterable[Any]) -> set[str]:
    """Every person id among `values` and, one level down, inside dicts (audit snapshots)."""
    found: set[str] = set()
    for value in values:
        inner = value.values() if isinstance(value, dict) else [value]
        found |= {v for v in inner if isinstance(v, str) and v.startswith(PERSON)}
    return found


def show(value: Any, names: dict[str, str] | None = None) -> str:
    """A cell or audit value as text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return (names or {}).get(value) or _time_or_text(value)
    if isinstance(value, list) and all(isinstance(v, str | int | Decimal) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _time_or_text(text: str) -> str:
    """A timestamp in an audit snapshot (ISO 8601) as the console writes times; other text as it is."""
    if len(text) >= 19 and text[4] == "-" and text[10] in "T ":
        try:
            return frame.when(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    return text


def safe_link(url: str, text: str = "source") -> None:
    if url.startswith(("https://", "http://")):
        ui.link(text, url, new_tab=True).classes("text-teal-800")
    elif url:
        ui.label(url).classes("text-sm")
    else:
        ui.label("—").classes("text-gray-400")


STATE_COLORS = {
    "draft": "grey-7",
    "pending_approval": "amber-9",
    "scheduled": "blue-8",
    "active": "positive",
    "superseded": "grey-5",
    "rejected": "negative",
}


def state_badge(state: str, name: str) -> None:
    ui.badge(state.replace("_", " "), color=STATE_COLORS.get(state, "grey")).mark(name)


def heading(text: str) -> None:
    ui.label(text).classes("text-lg font-semibold mt-2")


class Problems:
    """Where messages without an input of their own show (a table row, the test cases). It has the `error`
    attribute `frame.act` sets, but collects every message it is given instead of keeping the last."""

    def __init__(self, name: str) -> None:
        self.label = ui.label("").classes("text-sm text-red-700 whitespace-pre-line").mark(name)
        self.label.set_visibility(False)

    @property
    def error(self) -> str | None:
        return self.label.text or None

    @error.setter
    def error(self, message: str | None) -> None:
        if message is None:
            self.label.set_text("")
        else:
            self.label.set_text(f"{self.label.text}\n{message}" if self.label.text else message)
        self.label.set_visibility(bool(self.label.text))


class CellError:
    """A table cell's message: on the cell's input, and in full under its row (an input's own message line
    is as narrow as the input)."""

    def __init__(self, element: Any, problems: Problems, column: str) -> None:
        self.element, self.problems, self.column = element, problems, column

    @property
    def error(self) -> str | None:
        return self.element.error if self.element is not None else self.problems.error

    @error.setter
    def error(self, message: str | None) -> None:
        if self.element is not None:
            self.element.error = message
        self.problems.error = None if message is None else f"{self.column}: {message}"


def page_of(items: Sequence[T], pager: frame.Pager) -> Sequence[T]:
    """One page of a list read whole (bounded lists: markets, a rule set's versions and history)."""
    pager.total = len(items)
    if pager.offset >= pager.total:
        pager.offset = max(0, (pager.total - 1) // pager.limit * pager.limit)
    return items[pager.offset : pager.offset + pager.limit]


# --- table columns from a topic's row model -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a topic's table, read from its pydantic row model."""

    name: str
    kind: Literal["text", "integer", "flag", "choice", "list"]
    required: bool
    choices: tuple[str, ...]
    default: Any
    """The value a row without this key has (JSON-able); None when required."""
    help: str


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def column_of(name: str, info: FieldInfo) -> Column:
    base = _strip_annotated(info.annotation)
    if get_origin(base) in (Union, UnionType):
        args = [a for a in get_args(base) if a is not NoneType]
        base = _strip_annotated(args[0]) if len(args) == 1 else base
    origin = get_origin(base)
    kind: Literal["text", "integer", "flag", "choice", "list"] = "text"
    choices: tuple[str, ...] = ()
    if origin is Literal:
        kind, choices = "choice", tuple(str(a) for a in get_args(base))
    elif base is bool:
        kind = "flag"
    elif base is int:
        kind = "integer"
    elif origin is list:
        kind = "list"
        inner = _strip_annotated(get_args(base)[0]) if get_args(base) else None
        choices = tuple(str(a) for a in get_args(inner)) if get_origin(inner) is Literal else ()
    required = info.is_required()
    default = None if required else _jsonable(info.get_default(call_default_factory=True))
    return Column(name, kind, required, choices, default, info.description or "")


def columns_of(topic: str) -> list[Column]:
    return [column_of(name, info) for name, info in TOPICS[topic].row.model_fields.items()]


def cell_text(column: Column, row: Row) -> str:
    value = row.get(column.name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def cell_value(column: Column, raw: Any) -> Any:
    """What an input holds as the row's JSON value; None: leave the key out (the column's default)."""
    if column.kind == "flag":
        return bool(raw)
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if column.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if column.kind == "integer" and text.lstrip("-").isdigit():
        return int(text)
    return text


# --- the difference between two tables ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellChange:
    column: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class RowChange:
    kind: Literal["added", "removed", "changed"]
    before_index: int | None
    after_index: int | None
    cells: list[CellChange]
    """Changed cells; for an added or removed row, every cell it sets."""


def _filled(row: Row, defaults: Row) -> Row:
    return {**defaults, **{k: v for k, v in row.items() if v is not None}}


def _canonical(row: Row) -> str:
    return json.dumps(row, sort_keys=True, default=str)


def row_changes(before: Sequence[Row], after: Sequence[Row], defaults: Row | None = None) -> list[RowChange]:
    """Rows added, removed and changed (cell by cell) from `before` to `after`; a key left out of a row
    reads as its column's default. Unchanged rows are matched as blocks; among the rest, a row is "changed"
    when at least half its cells stay the same, so an inserted row shows as one addition."""
    old = [_filled(r, defaults or {}) for r in before]
    new = [_filled(r, defaults or {}) for r in after]
    matcher = difflib.SequenceMatcher(
        a=[_canonical(r) for r in old], b=[_canonical(r) for r in new], autojunk=False
    )
    out: list[RowChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out += _block_changes(old, new, before, after, range(i1, i2), range(j1, j2))
    return out


def _similarity(a: Row, b: Row) -> float:
    keys = set(a) | set(b)
    return sum(1 for k in keys if a.get(k) == b.get(k)) / len(keys) if keys else 1.0


def _block_changes(
    old: Sequence[Row],
    new: Sequence[Row],
    before: Sequence[Row],
    after: Sequence[Row],
    olds: range,
    news: range,
) -> list[RowChange]:
    """Within a block that differs: pair each old row, in order, with the most similar new row after the
    last one paired; unpaired rows are removed or added."""
    out: list[RowChange] = []
    remaining = list(news)
    for i in olds:
        scores = [(_similarity(old[i], new[j]), -j) for j in remaining]
        best = max(scores, default=(0.0, 0))
        if best[0] < 0.5:
            out.append(RowChange("removed", i, None, _set_cells(before[i], before=True)))
            continue
        j = -best[1]
        while remaining[0] != j:
            added = remaining.pop(0)
            out.append(RowChange("added", None, added, _set_cells(after[added], before=False)))
        remaining.pop(0)
        a, b = old[i], new[j]
        cells = [CellChange(c, a.get(c), b.get(c)) for c in dict.fromkeys([*a, *b]) if a.get(c) != b.get(c)]
        out.append(RowChange("changed", i, j, cells))
    out += [RowChange("added", None, j, _set_cells(after[j], before=False)) for j in remaining]
    return out


def _set_cells(row: Row, *, before: bool) -> list[CellChange]:
    return [
        CellChange(k, v, None) if before else CellChange(k, None, v)
        for k, v in row.items()
        if v is not None and v != ""
    ]


def dict_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[CellChange]:
    b, a = before or {}, after or {}
    return [CellChange(k, b.get(k), a.get(k)) for k in dict.fromkeys([*b, *a]) if b.get(k) != a.get(k)]


def row_change_view(change: RowChange, prefix: str) -> None:
    """One changed row, highlighted: green added, red struck-out removed, amber changed cell by cell."""
    index = change.after_index if change.after_index is not None else change.before_index
    style = {
        "added": "bg-green-50 border-l-4 border-green-600",
        "removed": "bg-red-50 border-l-4 border-red-600",
        "changed": "bg-amber-50 border-l-4 border-amber-500",
    }[change.kind]
    with ui.column().classes(f"w-full gap-0 px-3 py-1 {style}").mark(f"{prefix}-{change.kind}-{index}"):
        where = (
            f"row {(change.before_index or 0) + 1} → row {(change.after_index or 0) + 1}"
            if change.kind == "changed"
            else f"row {(index or 0) + 1}"
        )
        ui.label(f"{change.kind.capitalize()}: {where}").classes("text-sm font-medium")
        with ui.row().classes("gap-x-4 gap-y-0 flex-wrap"):
            for cell in change.cells:
                cell_change_view(cell, f"{prefix}-cell-{index}-{cell.column}", kind=change.kind)


def cell_change_view(cell: CellChange, name: str, *, kind: str, names: dict[str, str] | None = None) -> None:
    with ui.row().classes("items-baseline gap-1 text-sm").mark(name):
        ui.label(f"{cell.column}:").classes("text-gray-600")
        if kind != "added":
            ui.label(show(cell.before, names)).classes(
                "line-through text-red-700" if kind != "removed" else "text-red-700"
            )
        if kind == "changed":
            ui.label("→").classes("text-gray-500")
        if kind != "removed":
            ui.label(show(cell.after, names)).classes("text-green-800 font-medium")


# --- the audit log, shared by the audit page and a rule set's history ----------------------------------


def entity_link(entry: AuditRead) -> None:
    if entry.entity_type in ("rule_set", "rule_version"):
        key, _, number = entry.entity_id.partition("@")
        query = f"?version={number}" if number else ""
        ui.link(entry.entity_id, f"/compliance/rules/{key}{query}").classes("text-teal-800")
    elif entry.entity_type == "market":
        ui.link(f"market {entry.entity_id}", "/compliance").classes("text-teal-800")
    else:
        ui.label(entry.entity_id)


def audit_change_lines(key: str, before: Any, after: Any, names: dict[str, str], prefix: str) -> None:
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and all(isinstance(r, dict) for r in before + after)
    ):
        changes = row_changes(before, after)
        ui.label(f"{key}: {len(changes)} row change(s)").classes("text-sm text-gray-600")
        for change in changes:
            row_change_view(change, f"{prefix}-{key}")
        return
    if before is None and isinstance(after, list):
        ui.label(f"{key}: {len(after)} item(s)").classes("text-sm")
        return
    cell_change_view(
        CellChange(key, before, after),
        f"{prefix}-{key}",
        kind="added" if before is None else "removed" if after is None else "changed",
        names=names,
    )


def audit_entry_view(entry: AuditRead, names: dict[str, str]) -> None:
    prefix = f"audit-{entry.id}"
    with ui.card().classes("w-full gap-1 p-3").mark(prefix):
        with ui.row().classes("items-center gap-3 flex-wrap"):
            ui.label(frame.when(entry.at)).classes("text-sm text-gray-600")
            ui.label(person(names, entry.actor)).classes("font-medium").mark(f"{prefix}-actor")
            ui.badge(entry.action, color="teal-8").mark(f"{prefix}-action")
            entity_link(entry)
        if entry.reason:
            ui.label(f"Reason: {entry.reason}").classes("text-sm")
        with ui.row().classes("w-full gap-x-6 gap-y-0 flex-wrap"):
            for change in dict_changes(entry.before, entry.after):
                audit_change_lines(change.column, change.before, change.after, names, prefix)


def audit_names(session: Session, entries: Sequence[AuditRead]) -> dict[str, str]:
    ids = {e.actor for e in entries} | people_in([e.before for e in entries] + [e.after for e in entries])
    return people.names_of(session, ids)


# --- 1. markets --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarketsData:
    markets: list[MarketRead]
    names: dict[str, str]


def markets_data(session: Session) -> MarketsData:
    """Every market, suspended ones first, with the people by e-mail."""
    markets = service.list_markets(session, countries=MARKETS)
    ids = {m.suspended_by for m in markets if m.suspended_by}
    ids |= {m.suspension_approved_by for m in markets if m.suspension_approved_by}
    ids |= {m.pending_lift.requested_by for m in markets if m.pending_lift}
    ordered = sorted(markets, key=lambda m: (m.suspended_since is None, m.country))
    return MarketsData(ordered, people.names_of(session, ids))


def country_of(raw: str | None) -> str:
    try:
        return validate_country((raw or "").strip().upper())
    except ValueError as exc:
        raise InvalidInput.for_field("country", str(exc)) from None


class MarketsPage:
    box: ui.column

    def __init__(self, viewer: frame.Viewer) -> None:
        self.viewer = viewer
        self.pager = frame.Pager(limit=20)

    def build(self) -> None:
        if can_edit(self.viewer):
            self.suspend_form()
        self.box = ui.column().classes("w-full gap-2")
        self.refresh()

    def suspend_form(self) -> None:
        with ui.card().classes("w-full"):
            heading("Suspend a market")
            ui.label("A suspension is in force at once; another officer approves it afterwards.").classes(
                "text-sm text-gray-600"
            )
            with ui.row().classes("items-start gap-3 w-full"):
                country = testid(
                    ui.input("Country (ISO code)", autocomplete=sorted(MARKETS)).props("outlined dense"),
                    "suspend-country",
                ).classes("w-40")
                channel = (
                    testid(
                        ui.select(list(get_args(Channel)), value="all", label="Channel"),
                        "suspend-channel",
                    )
                    .props("outlined dense")
                    .classes("w-44")
                )
                reason = testid(ui.input("Reason").props("outlined dense"), "suspend-reason").classes("grow")
                source = testid(
                    ui.input("Legal source (link)").props("outlined dense"), "suspend-source-url"
                ).classes("grow")
            fields = {"country": country, "channel": channel, "reason": reason, "source_url": source}
            testid(
                ui.button("Suspend market", color="negative", on_click=partial(self.suspend, fields)),
                "suspend-market",
            )

    def suspend(self, fields: Fields) -> None:
        def act(session: Session, who: Principal) -> str:
            country = country_of(fields["country"].value)
            data = parsed(
                SuspendRequest,
                {
                    "reason": fields["reason"].value,
                    "channel": fields["channel"].value,
                    "source_url": (fields["source_url"].value or "").strip(),
                },
            )
            service.suspend_market(session, country=country, data=data, actor=who.actor_id)
            return country

        country = frame.act(self.viewer, act, fields=fields)
        if country is not None:
            ui.notify(
                f"{country} is suspended now; a second officer approves the suspension.", type="positive"
            )
            for name in ("country", "reason", "source_url"):
                fields[name].value = ""
            self.refresh()

    def refresh(self) -> None:
        data = load(self.viewer, lambda session, _: markets_data(session))
        if data is not None:
            rebuild(self.box, partial(self.render, data))

    def render(self, data: MarketsData) -> None:
        suspended = sum(1 for m in data.markets if m.suspended_since)
        ui.label(f"{len(data.markets)} markets, {suspended} suspended").classes("text-sm text-gray-600")
        frame.empty_note(data.markets, "No markets are configured.")
        with ui.grid(columns="auto auto auto auto auto 1fr auto").classes(
            "w-full gap-x-4 gap-y-2 items-center"
        ):
            for title in ("Market", "Status", "Since", "Suspended by", "Approval", "Reasons", ""):
                ui.label(title).classes("text-xs uppercase text-gray-500")
            for market in page_of(data.markets, self.pager):
                self.market_row(market, data.names)
        self.pager.controls(self.refresh)

    def market_row(self, m: MarketRead, names: dict[str, str]) -> None:
        cc = m.country
        ui.label(cc).classes("font-medium").mark(f"market-{cc}")
        status = "Suspended" if m.suspended_since else ("Open" if m.open else "Closed by rules")
        color = "negative" if m.suspended_since else ("positive" if m.open else "grey-7")
        ui.badge(status, color=color).mark(f"status-{cc}")
        ui.label(frame.when(m.suspended_since) if m.suspended_since else "—").classes("text-sm")
        ui.label(person(names, m.suspended_by) if m.suspended_by else "—").classes("text-sm").mark(
            f"suspended-by-{cc}"
        )
        if m.suspended_since is None:
            approval = "—"
        elif m.suspension_approved:
            approval = f"approved by {person(names, m.suspension_approved_by)}"
        else:
            approval = "not yet approved"
        if m.pending_lift is not None:
            approval += f"; resuming asked by {person(names, m.pending_lift.requested_by)}"
        ui.label(approval).classes("text-sm").mark(f"approval-{cc}")
        ui.label("; ".join(m.reasons) or "—").classes("text-sm")
        with ui.row().classes("items-center gap-2"):
            if can_edit(self.viewer) and m.suspended_since:
                self.suspension_actions(m)

    def suspension_actions(self, m: MarketRead) -> None:
        cc = m.country
        if not m.suspension_approved:
            testid(
                ui.button("Approve suspension", on_click=partial(self.approve, cc)).props("dense outline"),
                f"approve-suspension-{cc}",
            )
        if m.pending_lift is not None:
            self.lift_actions(cc)
            return
        reason = testid(ui.input("Reason to resume").props("dense outlined"), f"resume-reason-{cc}")
        testid(
            ui.button("Ask to resume", on_click=partial(self.resume, cc, reason)).props("dense"),
            f"resume-{cc}",
        )

    def lift_actions(self, cc: str) -> None:
        testid(
            ui.button("Approve resuming", on_click=partial(self.approve_lift, cc)).props("dense"),
            f"approve-resume-{cc}",
        )
        reason = testid(ui.input("Reason to refuse").props("dense outlined"), f"reject-resume-reason-{cc}")
        testid(
            ui.button("Refuse", on_click=partial(self.reject_lift, cc, reason)).props("dense outline"),
            f"reject-resume-{cc}",
        )

    def approve(self, country: str) -> None:
        done = frame.act(
            self.viewer,
            lambda session, who: service.approve_suspension(session, country=country, actor=who.actor_id),
            success=f"The suspension of {country} is approved.",
        )
        if done is not None:
            self.refresh()

    def resume(self, country: str, reason: ui.input) -> None:
        def act(session: Session, who: Principal) -> str:
            data = parsed(ResumeRequest, {"reason": reason.value})
            service.request_resume(session, country=country, actor=who.actor_id, reason=data.reason)
            return country

        success = f"Resuming {country} is asked; it stays suspended until another officer approves."
        if frame.act(self.viewer, act, fields={"reason": reason}, success=success) is not None:
            self.refresh()

    def approve_lift(self, country: str) -> None:
        done = frame.act(
            self.viewer,
            lambda session, who: service.approve_resume(session, country=country, actor=who.actor_id),
            success=f"{country} is open again.",
        )
        if done is not None:
            self.refresh()

    def reject_lift(self, country: str, reason: ui.input) -> None:
        def act(session: Session, who: Principal) -> str:
            data = parsed(Rejection, {"reason": reason.value})
            service.reject_resume(session, country=country, actor=who.actor_id, reason=data.reason)
            return country

        success = f"Resuming {country} is refused; it stays suspended."
        if frame.act(self.viewer, act, fields={"reason": reason}, success=success) is not None:
            self.refresh()


def markets_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, *READERS)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Markets"):
        MarketsPage(viewer).build()
    return None


# --- 2. rule sets ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleSetLine:
    key: str
    name: str
    topic: str
    scope: str
    active: int | None
    scheduled: list[tuple[int, datetime]]
    waiting: int
    drafts: int


def scope_text(rs: RuleSet) -> str:
    scope = service.scope_of(rs)
    if scope.type == "countries" and scope.countries:
        return (
            ", ".join(scope.countries) if len(scope.countries) <= 4 else f"{len(scope.countries)} countries"
        )
    return "a region" if scope.type == "region" else "global"


def rule_set_line(session: Session, rs: RuleSet) -> RuleSetLine:
    versions = [service.version_read(v) for v in service.versions_of(session, rs)]
    active = next((v.number for v in versions if v.status == "active"), None)
    return RuleSetLine(
        key=rs.key,
        name=rs.name,
        topic=rs.topic,
        scope=scope_text(rs),
        active=active,
        scheduled=[(v.number, v.effective_from) for v in versions if v.status == "scheduled"],
        waiting=sum(1 for v in versions if v.status == "pending_approval"),
        drafts=sum(1 for v in versions if v.status == "draft"),
    )


def rule_set_lines(
    session: Session, *, page: PageParams, topic: str | None, text: str | None
) -> tuple[list[RuleSetLine], bool]:
    rows, more = service.list_rule_sets(session, page=page, topic=topic, text=text, by_key=True)
    return [rule_set_line(session, rs) for rs in rows], more


def topic_label(topic: str) -> str:
    return topic.replace("_", " ")


class RuleSetsPage:
    box: ui.column
    topic: ui.select
    text: ui.input

    def __init__(self, viewer: frame.Viewer) -> None:
        self.viewer = viewer
        self.pager = CursorPager(limit=20)

    def build(self) -> None:
        with ui.row().classes("items-end gap-3"):
            options = {"": "All topics", **{t: topic_label(t) for t in TOPIC_NAMES}}
            self.topic = testid(
                ui.select(options, value="", label="Topic", on_change=self.search).props("outlined dense"),
                "rules-topic",
            ).classes("w-56")
            self.text = testid(
                ui.input("Key or name contains").props("outlined dense clearable"), "rules-search"
            ).classes("w-72")
            self.text.on("keydown.enter", self.search)
            testid(ui.button("Search", on_click=self.search), "rules-search-go")
        self.box = ui.column().classes("w-full gap-2")
        self.refresh()

    def search(self) -> None:
        self.pager.reset()
        self.refresh()

    def refresh(self) -> None:
        topic = self.topic.value or None
        text = (self.text.value or "").strip() or None
        found = load(
            self.viewer,
            lambda session, _: rule_set_lines(session, page=self.pager.params, topic=topic, text=text),
        )
        if found is not None:
            lines, more = found
            self.pager.took([line.key for line in lines], more)
            rebuild(self.box, partial(self.render, lines))

    def render(self, lines: list[RuleSetLine]) -> None:
        frame.empty_note(lines, "No rule sets match.")
        if lines:
            with ui.grid(columns="auto 1fr auto auto auto auto auto").classes(
                "w-full gap-x-4 gap-y-2 items-center"
            ):
                for title in ("Key", "Name", "Topic", "Scope", "Active", "Scheduled", "Open work"):
                    ui.label(title).classes("text-xs uppercase text-gray-500")
                for line in lines:
                    self.line(line)
        self.pager.controls(self.refresh)

    def line(self, line: RuleSetLine) -> None:
        ui.link(line.key, f"/compliance/rules/{line.key}").classes("text-teal-800").mark(
            f"rule-set-{line.key}"
        )
        ui.label(line.name).classes("text-sm")
        ui.label(topic_label(line.topic)).classes("text-sm")
        ui.label(line.scope).classes("text-sm")
        ui.label(f"v{line.active}" if line.active else "none").classes("text-sm").mark(f"active-{line.key}")
        scheduled = ", ".join(f"v{n} from {d:%Y-%m-%d}" for n, d in line.scheduled) or "—"
        ui.label(scheduled).classes("text-sm").mark(f"scheduled-{line.key}")
        work = []
        if line.waiting:
            work.append(f"{line.waiting} awaiting approval")
        if line.drafts:
            work.append(f"{line.drafts} draft(s)")
        ui.label(", ".join(work) or "—").classes("text-sm")


def rule_sets_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, *READERS)
    if isinstance(viewer, RedirectResponse):
        return viewer
    with frame.page_frame(viewer, "Rule sets"):
        RuleSetsPage(viewer).build()
    return None


# --- 3. one rule set: its versions, the draft editor, approval, simulation, history -------------------


@dataclass(frozen=True, slots=True)
class RuleSetView:
    rule_set: RuleSetRead
    versions: list[VersionRead]
    entries: list[AuditRead]
    """Newest first."""
    names: dict[str, str]

    def version(self, number: int | None) -> VersionRead | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def active(self) -> VersionRead | None:
        return self.version(self.rule_set.active_version)

    def default_selection(self) -> int | None:
        open_work = [v.number for v in self.versions if v.status in ("draft", "pending_approval")]
        if open_work:
            return max(open_work)
        if self.rule_set.active_version is not None:
            return self.rule_set.active_version
        return max((v.number for v in self.versions), default=None)

    def copy_source(self) -> VersionRead | None:
        """What a new draft starts from: the active version, else the newest approved, else the newest."""
        approved = [v for v in self.versions if v.status in ("scheduled", "superseded")]
        return self.active or (approved[-1] if approved else (self.versions[-1] if self.versions else None))

    def default_start(self) -> datetime:
        """Now, unless an approved version starts later: a new version has to start after it."""
        now = utc_now().replace(second=0, microsecond=0)
        starts = [
            v.effective_from for v in self.versions if v.status in ("active", "scheduled", "superseded")
        ]
        latest = max(starts, default=None)
        return latest + timedelta(days=1) if latest is not None and latest >= now else now

    def latest_start(self, excluding: int | None) -> VersionRead | None:
        approved = [
            v
            for v in self.versions
            if v.status in ("active", "scheduled", "superseded") and v.number != excluding
        ]
        return max(approved, key=lambda v: v.effective_from, default=None)


def rule_set_view(session: Session, key: str) -> RuleSetView:
    rs = service.get_rule_set(session, key=key)
    versions, entries = service.history(session, key=key)
    reads = [service.version_read(v) for v in versions]
    header = service.rule_set_read(rs, versions)
    audit = [AuditRead.model_validate(e) for e in reversed(entries)]
    ids = {rs.created_by} | {v.author for v in reads} | {v.approver for v in reads if v.approver}
    names = people.names_of(session, ids) | audit_names(session, audit)
    return RuleSetView(header, reads, audit, names)


def approval_message(v: VersionRead) -> str:
    if v.status == "active":
        return f"Version {v.number} is approved and in force now."
    if v.status == "scheduled":
        return f"Version {v.number} is approved and scheduled for {frame.when(v.effective_from)}."
    return f"Version {v.number} is approved ({v.status.replace('_', ' ')})."


class RuleSetPage:
    def __init__(self, viewer: frame.Viewer, key: str, selected: int | None) -> None:
        self.viewer = viewer
        self.key = key
        self.selected = selected
        self.composing = False
        """A new draft is open in the editor, not yet saved."""
        self.versions_pager = frame.Pager(limit=10)
        self.history_pager = frame.Pager(limit=10)
        self.boxes: dict[str, ui.column] = {}
        self.view: RuleSetView | None = None

    @property
    def editable(self) -> bool:
        return can_edit(self.viewer)

    def build(self) -> None:
        try:
            self.view = frame.read(self.viewer, lambda session, _: rule_set_view(session, self.key))
        except RuleSetNotFound:
            ui.label(f"There is no rule set {self.key!r}.").mark("not-found")
            ui.link("All rule sets", "/compliance/rules")
            return
        if self.view.version(self.selected) is None:
            self.selected = self.view.default_selection()
        for name in ("header", "versions", "panel", "history"):
            self.boxes[name] = ui.column().classes("w-full gap-2")
        self.render_all()

    def reload(self, selected: int | None = None, *, panel: bool = True) -> None:
        """Read the rule set again and redraw; `panel=False` keeps the version panel (and its messages)."""
        view = load(self.viewer, lambda session, _: rule_set_view(session, self.key))
        if view is None:
            return
        self.view = view
        if selected is not None:
            self.selected, self.composing = selected, False
        rebuild(self.boxes["header"], self.header)
        rebuild(self.boxes["versions"], self.versions)
        rebuild(self.boxes["history"], self.history)
        if panel:
            rebuild(self.boxes["panel"], self.panel)

    def render_all(self) -> None:
        for name, build in (
            ("header", self.header),
            ("versions", self.versions),
            ("panel", self.panel),
            ("history", self.history),
        ):
            rebuild(self.boxes[name], build)

    # header and versions

    def header(self) -> None:
        assert self.view is not None
        rs = self.view.rule_set
        ui.label(rs.name).classes("text-xl").mark("rule-set-name")
        if rs.description:
            ui.label(rs.description).classes("text-sm text-gray-700")
        scope = rs.scope.countries if rs.scope.type == "countries" else None
        with ui.row().classes("gap-6 text-sm flex-wrap items-center"):
            ui.label(f"Topic: {topic_label(rs.topic)}")
            ui.label(f"Scope: {', '.join(scope) if scope else rs.scope.type}")
            active = f"version {rs.active_version}" if rs.active_version else "no version in force"
            ui.label(f"Active: {active}").mark("active-version")
            scheduled = ", ".join(f"version {n}" for n in rs.scheduled_versions) or "none"
            ui.label(f"Scheduled: {scheduled}").mark("scheduled-versions")
            ui.link("Audit entries", f"/compliance/audit?rule_set={rs.key}").classes("text-teal-800")
        if self.editable:
            testid(ui.button("New draft", icon="add", on_click=self.compose), "new-draft")

    def versions(self) -> None:
        assert self.view is not None
        heading("Versions")
        frame.empty_note(self.view.versions, "This rule set has no versions yet.")
        if not self.view.versions:
            return
        newest_first = list(reversed(self.view.versions))
        with ui.grid(columns="auto auto auto auto auto 1fr auto").classes(
            "w-full gap-x-4 gap-y-1 items-center"
        ):
            for title in ("Version", "State", "Effective", "Author", "Approver", "Reason", "Source"):
                ui.label(title).classes("text-xs uppercase text-gray-500")
            for v in page_of(newest_first, self.versions_pager):
                self.version_line(v)
        self.versions_pager.controls(lambda: rebuild(self.boxes["versions"], self.versions))

    def version_line(self, v: VersionRead) -> None:
        assert self.view is not None
        names = self.view.names
        link = ui.link(f"v{v.number}", f"/compliance/rules/{self.key}?version={v.number}")
        link.classes("font-bold" if v.number == self.selected else "").mark(f"version-{v.number}")
        state_badge(v.status, f"state-{v.number}")
        ui.label(f"{frame.when(v.effective_from)} → {frame.when(v.effective_to)}").classes("text-sm")
        ui.label(person(names, v.author)).classes("text-sm").mark(f"author-{v.number}")
        ui.label(person(names, v.approver)).classes("text-sm").mark(f"approver-{v.number}")
        ui.label(v.reason or "—").classes("text-sm")
        safe_link(v.source_url)

    # the selected version

    def compose(self) -> None:
        self.composing, self.selected = True, None
        rebuild(self.boxes["versions"], self.versions)
        rebuild(self.boxes["panel"], self.panel)

    def panel(self) -> None:
        assert self.view is not None
        if self.composing:
            DraftEditor(self, None).build()
            return
        v = self.view.version(self.selected)
        if v is None:
            return
        with ui.card().classes("w-full gap-2").mark("version-panel"):
            with ui.row().classes("items-center gap-3"):
                ui.label(f"Version {v.number}").classes("text-lg font-semibold")
                state_badge(v.status, "selected-state")
            self.facts(v)
            if v.status == "draft" and self.editable:
                DraftEditor(self, v).build()
                return
            rows_table(columns_of(self.view.rule_set.topic), v.rows)
            if v.status != "active":
                DiffPanel(self.view, lambda: v.rows)
            tests_view(v.tests)
            if v.status in ("pending_approval", "draft"):
                SimulationPanel(self.viewer, self.key, v.number)
            if self.editable:
                self.actions(v)

    def facts(self, v: VersionRead) -> None:
        assert self.view is not None
        names = self.view.names
        with ui.grid(columns="auto 1fr").classes("gap-x-4 gap-y-0 text-sm"):
            for label, value in (
                ("Author", person(names, v.author)),
                ("Approver", person(names, v.approver) if v.approver else "—"),
                ("Effective", f"{frame.when(v.effective_from)} → {frame.when(v.effective_to)}"),
                ("Reason", v.reason or "—"),
                ("Decision", v.decision_note or "—"),
                ("Rolled back from", f"version {v.rolled_back_from}" if v.rolled_back_from else "—"),
                ("Submitted", frame.when(v.submitted_at)),
                ("Decided", frame.when(v.decided_at)),
            ):
                ui.label(label).classes("text-gray-500")
                ui.label(value)
            ui.label("Legal source").classes("text-gray-500")
            safe_link(v.source_url, v.source_url or "—")

    def actions(self, v: VersionRead) -> None:
        if v.status == "pending_approval":
            self.decision(v)
        elif v.status == "superseded":
            self.rollback_form(v)

    def decision(self, v: VersionRead) -> None:
        if v.author == self.viewer.user_id:
            ui.label("You wrote this version: another officer approves or rejects it.").classes(
                "text-sm text-amber-800"
            ).mark("own-version")
        with ui.row().classes("items-start gap-3 w-full"):
            note = testid(ui.input("Approval note (optional)").props("outlined dense"), "decision-note")
            testid(
                ui.button("Approve", color="positive", on_click=partial(self.approve, v.number, note)),
                "approve-version",
            )
            reason = testid(ui.input("Reason for rejecting").props("outlined dense"), "reject-reason")
            testid(
                ui.button("Reject", color="negative", on_click=partial(self.reject, v.number, reason)),
                "reject-version",
            )

    def approve(self, number: int, note: ui.input) -> None:
        def act(session: Session, who: Principal) -> VersionRead:
            data = parsed(Decision, {"note": note.value or ""})
            v = service.approve_version(
                session, key=self.key, number=number, actor=who.actor_id, note=data.note
            )
            return service.version_read(v)

        approved = frame.act(self.viewer, act, fields={"note": note})
        if approved is not None:
            ui.notify(approval_message(approved), type="positive")
            self.reload(number)

    def reject(self, number: int, reason: ui.input) -> None:
        def act(session: Session, who: Principal) -> int:
            data = parsed(Rejection, {"reason": reason.value})
            service.reject_version(
                session, key=self.key, number=number, actor=who.actor_id, reason=data.reason
            )
            return number

        rejected = frame.act(
            self.viewer, act, fields={"reason": reason}, success=f"Version {number} is rejected."
        )
        if rejected is not None:
            self.reload(number)

    def rollback_form(self, v: VersionRead) -> None:
        heading(f"Bring back version {v.number}")
        ui.label(
            "A new version with these rows, from the date below (default now), waiting for approval."
        ).classes("text-sm text-gray-600")
        with ui.row().classes("items-start gap-3 w-full"):
            reason = testid(ui.input("Reason").props("outlined dense"), "rollback-reason").classes("grow")
            start = testid(
                ui.input("Effective from (UTC, optional)", placeholder="YYYY-MM-DD HH:MM").props(
                    "outlined dense"
                ),
                "rollback-from",
            )
            fields = {"reason": reason, "effective_from": start}
            testid(
                ui.button("Roll back", on_click=partial(self.rollback, v.number, fields)), "rollback-version"
            )

    def rollback(self, number: int, fields: Fields) -> None:
        def act(session: Session, who: Principal) -> int:
            start = parse_time(fields["effective_from"].value, "effective_from", required=False)
            data = parsed(
                Rollback, {"to_version": number, "reason": fields["reason"].value, "effective_from": start}
            )
            v = service.rollback(
                session,
                key=self.key,
                to_version=data.to_version,
                actor=who.actor_id,
                reason=data.reason,
                effective_from=data.effective_from,
            )
            return v.number

        created = frame.act(self.viewer, act, fields=fields)
        if created is not None:
            ui.notify(
                f"Version {created} brings back version {number}'s rows; "
                "it waits for another officer's approval.",
                type="positive",
            )
            self.reload(created)

    # history

    def history(self) -> None:
        assert self.view is not None
        heading("History")
        entries = self.view.entries
        frame.empty_note(entries, "No audit entries for this rule set.")
        for entry in page_of(entries, self.history_pager):
            audit_entry_view(entry, self.view.names)
        if entries:
            self.history_pager.controls(lambda: rebuild(self.boxes["history"], self.history))


def rows_table(columns: list[Column], rows: Sequence[Row]) -> None:
    """A version's table, read only."""
    frame.empty_note(rows, "The table has no rows.")
    if not rows:
        return
    with (
        ui.element("div").classes("w-full overflow-x-auto"),
        ui.grid(columns=f"auto repeat({len(columns)}, max-content)").classes("gap-x-3 gap-y-1 text-sm"),
    ):
        ui.label("#").classes("text-xs text-gray-500")
        for c in columns:
            ui.label(c.name).classes("text-xs uppercase text-gray-500").tooltip(c.help or c.name)
        for i, row in enumerate(rows):
            ui.label(str(i + 1)).classes("text-gray-500")
            for c in columns:
                ui.label(cell_text(c, row) or "—").classes("max-w-xs break-words").mark(f"value-{i}-{c.name}")


def tests_view(tests: Sequence[dict[str, Any]]) -> None:
    with ui.expansion(f"Test cases ({len(tests)})").classes("w-full").mark("tests"):
        frame.empty_note(tests, "No test cases: submitting runs none.")
        for i, case in enumerate(tests):
            with ui.column().classes("gap-0 py-1"):
                ui.label(case.get("name") or f"test {i + 1}").classes("text-sm font-medium")
                ui.label(f"input: {show(case.get('input'))}").classes("text-xs font-mono")
                ui.label(f"expect: {show(case.get('expect'))}").classes("text-xs font-mono")


class DiffPanel:
    """The difference of a table against the active version, shown on demand and kept current."""

    def __init__(self, view: RuleSetView, rows: Callable[[], list[Row]]) -> None:
        self.rows = rows
        self.active = view.active
        self.columns = columns_of(view.rule_set.topic)
        self.open = False
        testid(
            ui.button("Difference against active", icon="compare_arrows", on_click=self.toggle), "diff"
        ).props("outline")
        self.box = ui.column().classes("w-full gap-1").mark("diff-view")
        self.box.set_visibility(False)

    def toggle(self) -> None:
        self.open = not self.open
        self.box.set_visibility(self.open)
        self.refresh()

    def refresh(self) -> None:
        if self.open:
            rebuild(self.box, self.render)

    def render(self) -> None:
        defaults = {c.name: c.default for c in self.columns if not c.required}
        base = self.active.rows if self.active else []
        changes = row_changes(base, self.rows(), defaults)
        against = f"version {self.active.number}" if self.active else "no active version (an empty table)"
        counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "removed", "changed")}
        ui.label(
            f"Against {against}: {counts['added']} added, {counts['removed']} removed, "
            f"{counts['changed']} changed"
        ).classes("text-sm font-medium").mark("diff-summary")
        if not changes:
            ui.label("No difference.").classes("text-gray-500 italic").mark("diff-none")
        for change in changes:
            row_change_view(change, "diff")


class SimulationPanel:
    """Replays recent recorded decisions with a version in force, off the event loop, with a spinner."""

    def __init__(self, viewer: frame.Viewer, key: str, number: int) -> None:
        self.viewer, self.key, self.number = viewer, key, number
        with ui.row().classes("items-start gap-3"):
            self.days = testid(
                ui.number("Days of decisions", value=SimulationRequest().days, min=1, precision=0).props(
                    "outlined dense"
                ),
                "simulate-days",
            ).classes("w-40")
            self.button = testid(ui.button("Simulate", icon="science", on_click=self.run), "simulate-version")
        self.box = ui.column().classes("w-full gap-1").mark("simulation")

    async def run(self) -> None:
        fields = {"days": self.days}
        try:
            request = parsed(SimulationRequest, {"days": self.days.value})
        except InvalidInput as exc:
            frame.show_error(exc, fields)
            return
        self.days.error = None
        self.button.disable()
        rebuild(self.box, self.running)
        result: SimulationRead | None = None
        try:
            result = await run.io_bound(frame.read, self.viewer, partial(self.simulate, request=request))
        except frame.SignedOut:
            ui.notify("Your session has ended; sign in again.", type="warning")
        except AppError as exc:
            frame.show_error(exc, fields)
        finally:
            self.button.enable()
        rebuild(self.box, partial(self.render, result) if result is not None else lambda: None)

    def running(self) -> None:
        with ui.row().classes("items-center gap-2").mark("simulation-running"):
            ui.spinner(size="md")
            ui.label("Replaying recorded decisions…").classes("text-sm")

    def simulate(self, session: Session, _: Principal, *, request: SimulationRequest) -> SimulationRead:
        return service.simulate(
            session, key=self.key, number=self.number, days=request.days, samples=request.samples
        )

    def render(self, result: SimulationRead) -> None:
        ui.label(
            f"Replayed {result.replayed} recorded decision(s) of the last {result.days} days: "
            f"{result.changed} would change with version {result.version}."
        ).classes("text-sm font-medium").mark("simulation-summary")
        if result.by_country:
            with ui.grid(columns=3).classes("gap-x-6 gap-y-0 text-sm"):
                for title in ("Country", "Replayed", "Would change"):
                    ui.label(title).classes("text-xs uppercase text-gray-500")
                for country, counts in result.by_country.items():
                    ui.label(country)
                    ui.label(str(counts["replayed"]))
                    ui.label(str(counts["changed"])).mark(f"simulation-changed-{country}")
        for i, sample in enumerate(result.samples):
            with ui.card().classes("w-full gap-0 p-2").mark(f"simulation-sample-{i}"):
                ui.label(
                    " · ".join(str(sample.get(k) or "—") for k in ("context", "subject_id", "country"))
                ).classes("text-sm")
                for cell in dict_changes(sample.get("before"), sample.get("after")):
                    cell_change_view(cell, f"simulation-sample-{i}-{cell.column}", kind="changed")


class DraftEditor:
    """Edits a draft (or composes a new one from the active version): its rows cell by cell, its window,
    reason and legal source. Saving shows every problem next to its cell or field and changes nothing."""

    table_box: ui.column

    def __init__(self, page: RuleSetPage, draft: VersionRead | None) -> None:
        assert page.view is not None
        self.page, self.view, self.viewer = page, page.view, page.viewer
        self.number = draft.number if draft else None
        source = draft or self.view.copy_source()
        self.rows: list[Row] = [dict(r) for r in source.rows] if source else []
        self.tests: list[dict[str, Any]] = list(source.tests) if source else []
        self.columns = columns_of(self.view.rule_set.topic)
        self.dirty = draft is None
        self.draft = draft
        self.source = source
        self.fields: Fields = {}
        self.cells: Fields = {}
        self.diff: DiffPanel | None = None

    def build(self) -> None:
        if self.draft is None:
            with ui.row().classes("items-center gap-3"):
                ui.label("New draft").classes("text-lg font-semibold")
                basis = f"a copy of version {self.source.number}" if self.source else "an empty table"
                ui.label(f"Starts as {basis}; nothing is saved until you save it.").classes(
                    "text-sm text-gray-600"
                )
        self.window_inputs()
        heading("Table")
        self.table_box = ui.column().classes("w-full gap-1")
        rebuild(self.table_box, self.table)
        with ui.row().classes("items-center gap-3"):
            testid(ui.button("Add row", icon="add", on_click=self.add_row).props("outline"), "add-row")
            testid(ui.button("Save draft", icon="save", on_click=self.save), "save-draft")
            testid(ui.button("Submit for approval", icon="send", on_click=self.submit), "submit-version")
        self.diff = DiffPanel(self.view, lambda: self.rows)
        tests_view(self.tests)
        self.fields["tests"] = Problems("tests-problems")
        if self.number is not None:
            SimulationPanel(self.viewer, self.page.key, self.number)

    def window_inputs(self) -> None:
        draft = self.draft
        start = draft.effective_from if draft else self.view.default_start()
        with ui.row().classes("items-start gap-3 w-full"):
            effective_from = testid(
                ui.input("Effective from (UTC)", value=time_text(start), placeholder="YYYY-MM-DD HH:MM"),
                "effective-from",
            ).classes("w-52")
            effective_to = testid(
                ui.input(
                    "Effective to (UTC, optional)",
                    value=time_text(draft.effective_to if draft else None),
                    placeholder="YYYY-MM-DD HH:MM",
                ),
                "effective-to",
            ).classes("w-52")
            reason = testid(ui.input("Reason", value=draft.reason if draft else ""), "reason").classes("grow")
            source = testid(
                ui.input(
                    "Legal source (link)", value=draft.source_url if draft else self.source_url_default()
                ),
                "source-url",
            ).classes("grow")
        for element in (effective_from, effective_to, reason, source):
            element.props("outlined dense").on_value_change(self.touched)
        latest = self.view.latest_start(self.number)
        if latest is not None:
            ui.label(
                f"Must start after version {latest.number}'s start ({frame.when(latest.effective_from)}); "
                "a start now or in the past puts it in force as soon as it is approved."
            ).classes("text-xs text-gray-600")
        self.fields |= {
            "effective_from": effective_from,
            "effective_to": effective_to,
            "reason": reason,
            "source_url": source,
        }

    def source_url_default(self) -> str:
        return self.source.source_url if self.source else ""

    def touched(self) -> None:
        self.dirty = True

    # the table

    def table(self) -> None:
        self.cells = {"rows": Problems("rows-problems")}
        if not self.rows:
            ui.label("The table has no rows; add one.").classes("text-gray-500 italic").mark("empty")
            return
        with (
            ui.element("div").classes("w-full overflow-x-auto"),
            ui.grid(columns=f"auto repeat({len(self.columns)}, max-content)").classes(
                "gap-x-2 gap-y-1 items-start"
            ),
        ):
            ui.label("#").classes("text-xs text-gray-500")
            for c in self.columns:
                title = f"{c.name} *" if c.required else c.name
                ui.label(title).classes("text-xs uppercase text-gray-500").tooltip(c.help or c.name)
            for i, row in enumerate(self.rows):
                self.row(i, row)

    def row(self, i: int, row: Row) -> None:
        with ui.row().classes("items-center gap-0 no-wrap pt-1"):
            ui.label(str(i + 1)).classes("text-gray-500 w-5")
            testid(
                ui.button(icon="delete", on_click=partial(self.remove_row, i)).props(
                    "flat dense round size=sm color=negative"
                ),
                f"remove-row-{i}",
            ).tooltip("Remove this row")
        cells = [self.cell(i, c, row) for c in self.columns]
        problems = Problems(f"row-problems-{i}")
        problems.label.style("grid-column: 1 / -1")
        self.cells[f"rows.{i}"] = problems
        for column, cell in zip(self.columns, cells, strict=True):
            own = cell if hasattr(cell, "error") else None
            self.cells[f"rows.{i}.{column.name}"] = CellError(own, problems, column.name)

    def cell(self, i: int, column: Column, row: Row) -> ui.element:
        name = f"cell-{i}-{column.name}"
        on_change = partial(self.on_cell, i, column)
        if column.kind == "flag":
            value = row.get(column.name, column.default)
            return testid(ui.checkbox(value=bool(value), on_change=on_change), name)
        if column.kind == "choice":
            options = {"": "—" if not column.required else "choose…", **{c: c for c in column.choices}}
            current = cell_text(column, row)
            options.setdefault(current, current)
            return testid(
                ui.select(options, value=current, on_change=on_change).props("outlined dense options-dense"),
                name,
            ).classes("min-w-28")
        placeholder = show(column.default) if column.default not in (None, "") else ""
        if column.kind == "list" and column.choices:
            placeholder = " / ".join(column.choices)
        return testid(
            ui.input(value=cell_text(column, row), placeholder=placeholder, on_change=on_change).props(
                "outlined dense"
            ),
            name,
        ).classes("w-32")

    def on_cell(self, i: int, column: Column, event: ValueChangeEventArguments[Any]) -> None:
        if i >= len(self.rows):
            return
        value = cell_value(column, event.value)
        if value is None:
            self.rows[i].pop(column.name, None)
        else:
            self.rows[i][column.name] = value
        self.dirty = True
        if self.diff is not None:
            self.diff.refresh()

    def add_row(self) -> None:
        self.rows.append({})
        self.changed_shape()

    def remove_row(self, i: int) -> None:
        del self.rows[i]
        self.changed_shape()

    def changed_shape(self) -> None:
        self.dirty = True
        rebuild(self.table_box, self.table)
        if self.diff is not None:
            self.diff.refresh()

    # saving and submitting

    def all_fields(self) -> Fields:
        return self.fields | self.cells

    def content(self) -> dict[str, Any]:
        effective_from = parse_time(self.fields["effective_from"].value, "effective_from", required=True)
        effective_to = parse_time(self.fields["effective_to"].value, "effective_to", required=False)
        if effective_from and effective_to and effective_to <= effective_from:
            raise InvalidInput.for_field("effective_to", "must be after the start")
        return {
            "rows": self.rows,
            "effective_from": effective_from,
            "effective_to": effective_to,
            "reason": self.fields["reason"].value,
            "source_url": (self.fields["source_url"].value or "").strip(),
        }

    def store(self, session: Session, who: Principal) -> int:
        content = self.content()
        if self.number is None:
            data = parsed(VersionCreate, {**content, "tests": self.tests})
            return service.create_version(session, key=self.page.key, data=data, actor=who.actor_id).number
        update = parsed(VersionUpdate, content)
        service.update_version(
            session, key=self.page.key, number=self.number, data=update, actor=who.actor_id
        )
        return self.number

    def save(self) -> None:
        number = frame.act(self.viewer, self.store, fields=self.all_fields())
        if number is not None:
            ui.notify(f"Draft version {number} is saved.", type="positive")
            self.page.reload(number)

    def submit(self) -> None:
        if self.dirty or self.number is None:
            number = frame.act(self.viewer, self.store, fields=self.all_fields())
            if number is None:
                return
            self.number, self.dirty = number, False
        number = self.number

        def act(session: Session, who: Principal) -> int:
            return service.submit_version(
                session, key=self.page.key, number=number, actor=who.actor_id
            ).number

        submitted = frame.act(self.viewer, act, fields=self.all_fields())
        if submitted is not None:
            ui.notify(f"Version {number} waits for another officer's approval.", type="positive")
            self.page.reload(number)
        else:
            self.page.selected, self.page.composing = number, False
            self.page.reload(panel=False)


def rule_set_page(request: Request, key: str) -> RedirectResponse | None:
    viewer = frame.guard(request, *READERS)
    if isinstance(viewer, RedirectResponse):
        return viewer
    raw = request.query_params.get("version", "")
    selected = int(raw) if raw.isdigit() else None
    with frame.page_frame(viewer, f"Rule set {key}"):
        RuleSetPage(viewer, key, selected).build()
    return None


# --- 4. the audit log ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditFilter:
    rule_set: str | None
    actor: str | None
    action: str | None
    since: datetime | None
    until: datetime | None


def actor_id_for(session: Session, text: str | None) -> str | None:
    """A person's id for their e-mail; text without an @ is taken as an actor id (an API key, `system`)."""
    raw = (text or "").strip()
    if not raw:
        return None
    if "@" not in raw:
        return raw
    try:
        email = people.normalise_email(raw)
    except AppError as exc:
        raise InvalidInput.for_field("actor", exc.detail) from None
    person = people.user_by_email(session, email)
    if person is None:
        raise InvalidInput.for_field("actor", f"nobody signs in with {email}")
    return person.id


@dataclass(frozen=True, slots=True)
class AuditPageData:
    entries: list[AuditRead]
    has_more: bool
    names: dict[str, str]


class AuditPage:
    box: ui.column

    def __init__(self, viewer: frame.Viewer, initial: dict[str, str]) -> None:
        self.viewer = viewer
        self.initial = initial
        self.pager = CursorPager(limit=20)
        self.inputs: dict[str, ui.input] = {}

    def build(self) -> None:
        with ui.row().classes("items-start gap-3 w-full"):
            for name, label in (
                ("rule_set", "Rule set key"),
                ("actor", "Actor (e-mail)"),
                ("action", "Action (e.g. version.approve)"),
                ("since", "From day (YYYY-MM-DD)"),
                ("until", "To day, inclusive"),
            ):
                element = ui.input(label, value=self.initial.get(name, "")).props("outlined dense clearable")
                element.on("keydown.enter", self.apply)
                self.inputs[name] = testid(element, f"audit-{name.replace('_', '-')}")
            testid(ui.button("Apply", icon="filter_alt", on_click=self.apply), "audit-apply")
        self.box = ui.column().classes("w-full gap-2")
        self.refresh()

    def apply(self) -> None:
        self.pager.reset()
        self.refresh()

    def criteria(self, session: Session) -> AuditFilter:
        since = parse_day(self.inputs["since"].value, "since")
        until = parse_day(self.inputs["until"].value, "until")
        return AuditFilter(
            rule_set=(self.inputs["rule_set"].value or "").strip() or None,
            actor=actor_id_for(session, self.inputs["actor"].value),
            action=(self.inputs["action"].value or "").strip() or None,
            since=day_start(since) if since else None,
            until=day_start(until) + timedelta(days=1) if until else None,
        )

    def query(self, session: Session, _: Principal) -> AuditPageData:
        f = self.criteria(session)
        rows, more = service.list_audit(
            session,
            page=self.pager.params,
            actor=f.actor,
            action=f.action,
            since=f.since,
            until=f.until,
            rule_set=f.rule_set,
        )
        entries = [AuditRead.model_validate(e) for e in rows]
        return AuditPageData(entries, more, audit_names(session, entries))

    def refresh(self) -> None:
        data = load(self.viewer, self.query, fields=dict(self.inputs))
        if data is not None:
            self.pager.took([str(e.id) for e in data.entries], data.has_more)
            rebuild(self.box, partial(self.render, data))

    def render(self, data: AuditPageData) -> None:
        frame.empty_note(data.entries, "No audit entries match.")
        for entry in data.entries:
            audit_entry_view(entry, data.names)
        self.pager.controls(self.refresh)


def audit_page(request: Request) -> RedirectResponse | None:
    viewer = frame.guard(request, *READERS)
    if isinstance(viewer, RedirectResponse):
        return viewer
    initial = {k: v for k, v in request.query_params.items() if k in ("rule_set", "actor", "action")}
    with frame.page_frame(viewer, "Audit log"):
        AuditPage(viewer, initial).build()
    return None


PAGES: list[frame.PageSpec] = [
    ("/compliance", markets_page, "Markets"),
    ("/compliance/rules", rule_sets_page, "Rule sets"),
    ("/compliance/rules/{key}", rule_set_page, "Rule set"),
    ("/compliance/audit", audit_page, "Audit log"),
]

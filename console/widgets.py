"""The console's building blocks, shared by every page module: test ids, cursor paging, and tables.

- `testid` names an element for the page tests (a NiceGUI marker) and for browser tests (`data-testid`).
- `CursorPager` pages over the API's cursor lists (`starting_after` the last id shown), back and forward.
- `table`, `row`, `cell`, `text`: an HTML table whose rows hold real elements (links, buttons).
- `markup_table`: a compact read-only table of text (or callables drawing a cell), with totals rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from core.pagination import PageParams

E = TypeVar("E", bound=ui.element)
Cell = str | Callable[[], Any]
"""A table cell: its text, or a function drawing its content."""


def testid(element: E, name: str) -> E:
    """Name a control for tests: a NiceGUI marker (page tests) and the same `data-testid` (browser tests)."""
    element.mark(name).props(f"data-testid={json.dumps(name)}")
    return element


class CursorPager:
    """Cursor paging as the API does it: each page starts after the last id of the one before; back and
    forward by page, with the page's number."""

    def __init__(self, limit: int = 20) -> None:
        self.limit = limit
        self.cursors: list[str | None] = [None]
        self.has_more = False
        self.last_id: str | None = None

    @property
    def starting_after(self) -> str | None:
        return self.cursors[-1]

    @property
    def params(self) -> PageParams:
        return PageParams(limit=self.limit, starting_after=self.cursors[-1])

    def reset(self) -> None:
        self.cursors = [None]

    def took(self, ids: Sequence[str], has_more: bool) -> None:
        """What the page shown holds: its ids (the last one starts the next page) and whether more follow."""
        self.last_id = ids[-1] if ids else None
        self.has_more = has_more

    def controls(self, refresh: Callable[[], None], last_id: str | None = None) -> None:
        """Back and next buttons; `last_id` (else the one `took` saw) starts the next page."""
        if last_id is not None:
            self.last_id = last_id

        def back() -> None:
            if len(self.cursors) > 1:
                self.cursors.pop()
            refresh()

        def forward() -> None:
            if self.last_id is not None:
                self.cursors.append(self.last_id)
            refresh()

        with ui.row().classes("items-center gap-2"):
            ui.label(f"Page {len(self.cursors)}").classes("text-sm").mark("pager-range")
            ui.button(icon="chevron_left", on_click=back).props("flat dense").mark("pager-back").set_enabled(
                len(self.cursors) > 1
            )
            ui.button(icon="chevron_right", on_click=forward).props("flat dense").mark(
                "pager-next"
            ).set_enabled(self.has_more and self.last_id is not None)


@contextmanager
def table(name: str, headers: Sequence[str]) -> Iterator[None]:
    """An HTML table whose rows (`row`) hold real elements: links and buttons work in every row."""
    with (
        ui.element("div").classes("w-full overflow-x-auto"),
        testid(ui.element("table"), name).classes("w-full text-sm text-left border-collapse"),
    ):
        with ui.element("thead"), ui.element("tr").classes("border-b border-gray-300"):
            for header in headers:
                with ui.element("th").classes("px-3 py-2 font-medium text-gray-600 whitespace-nowrap"):
                    ui.label(header)
        with ui.element("tbody"):
            yield


@contextmanager
def row(marker: str) -> Iterator[None]:
    with testid(ui.element("tr"), marker).classes("border-b border-gray-200 hover:bg-gray-50"):
        yield


@contextmanager
def cell() -> Iterator[None]:
    with ui.element("td").classes("px-3 py-2 align-middle"):
        yield


def text(value: str, *, marker: str | None = None, classes: str = "") -> None:
    with cell():
        label = ui.label(value).classes(classes)
        if marker:
            label.mark(marker)


def markup_table(
    name: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], totals: Sequence[Sequence[Cell]] = ()
) -> None:
    """A compact table of cells, then its totals rows; each row marked `<name>-row` or `<name>-total`."""
    with (
        ui.element("q-markup-table")
        .props(f"flat bordered dense wrap-cells data-testid={name}")
        .classes("w-full")
        .mark(name)
    ):
        with ui.element("thead"), ui.element("tr"):
            for header in headers:
                with ui.element("th").classes("text-left"):
                    ui.label(header)
        with ui.element("tbody"):
            for cells in rows:
                _markup_row(cells, f"{name}-row")
            for cells in totals:
                _markup_row(cells, f"{name}-total", "font-semibold bg-gray-50")


def _markup_row(cells: Sequence[Cell], marker: str, classes: str = "") -> None:
    with ui.element("tr").classes(classes).mark(marker):
        for content in cells:
            if callable(content):
                with ui.element("td"):
                    content()
            else:  # one element per text cell, not a cell holding a label: half the elements to build
                TextElement(tag="td", text=content)

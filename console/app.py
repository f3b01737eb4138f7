"""Mounting the console into the API process, and registering its pages.

NiceGUI keeps its pages on one process-wide app; `register()` (re)adds them, which the page tests also call
after NiceGUI's test harness resets its globals. `mount()` registers them and mounts NiceGUI at `/console`.
"""

from __future__ import annotations

from fastapi import FastAPI
from nicegui import app as nicegui_app
from nicegui import ui

from console import frame

MOUNT_PATH = "/console"


def _pages() -> list[frame.PageSpec]:
    from console import admin, compliance, merchant, sign_in, traders, windows

    return [*sign_in.PAGES, *merchant.PAGES, *traders.PAGES, *compliance.PAGES, *admin.PAGES, *windows.PAGES]


def register() -> None:
    """Add every page and the console's form endpoints to NiceGUI's app."""
    from console import sign_in

    for path, page, title in _pages():
        ui.page(path, title=f"{title} · Tradelane")(page)
    sign_in.add_form_routes(nicegui_app)
    from console import merchant

    merchant.add_download_routes(nicegui_app)
    nicegui_app.on_exception(frame.log_unexpected)


_mounted = False


def mount(app: FastAPI) -> None:
    """Serve the console at /console from this API process (once per process: NiceGUI is a singleton)."""
    global _mounted
    if _mounted:
        app.mount(MOUNT_PATH, nicegui_app)
        return
    frame.PREFIX = MOUNT_PATH
    register()
    ui.run_with(
        app,
        mount_path=MOUNT_PATH,
        title="Tradelane console",
        favicon="🚚",
        show_welcome_message=False,
        reconnect_timeout=10,
    )
    _mounted = True

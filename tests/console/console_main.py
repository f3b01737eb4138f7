"""The console alone, as NiceGUI's user simulation runs it (the service mounts the same pages at /console)."""

from nicegui import ui

from console.app import register

register()
ui.run(title="Tradelane console", show_welcome_message=False)

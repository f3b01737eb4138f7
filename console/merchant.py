"""Console pages for the merchant role (being written)."""

from __future__ import annotations

from console import frame

PAGES: list[frame.PageSpec] = []


def add_download_routes(app: object) -> None:
    """Statement downloads (CSV) behind the session cookie."""

"""Console pages for the admin role (being written)."""

from __future__ import annotations

from console import frame

PAGES: list[frame.PageSpec] = []

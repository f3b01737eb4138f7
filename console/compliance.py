"""Console pages for the compliance role (being written)."""

from __future__ import annotations

from console import frame

PAGES: list[frame.PageSpec] = []

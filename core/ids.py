"""Public ids: a type prefix and a lowercase ULID (`mer_01j9...`), opaque to clients, sortable by creation."""

from __future__ import annotations

import re

from ulid import ULID

_ID = re.compile(r"^[a-z]{2,5}_[0-9a-z]{26}$")


def new_id(prefix: str) -> str:
    return f"{prefix}_{str(ULID()).lower()}"


def looks_like(value: str, prefix: str) -> bool:
    return value.startswith(prefix + "_") and bool(_ID.match(value))

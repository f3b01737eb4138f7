"""Customs' expected failures."""

from __future__ import annotations

from core.errors import InvalidInput, NotFound


class HsCodeNotFound(NotFound):
    slug, title = "hs-code-not-found", "Not an HS code"


class NoCustomsRules(InvalidInput):
    """No import-threshold, duty or tax rule is in force for the destination on the date."""

    slug, title = "no-customs-rules", "No customs rules in force"


class DeclarationInvalid(InvalidInput):
    slug, title = "declaration-invalid", "The customs declaration is invalid"

"""The FX domain's expected failures."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, Gone, InvalidInput, NotFound, ServiceUnavailable

if TYPE_CHECKING:
    from payments.freshness import Freshness


class NoRate(InvalidInput):
    slug, title = "fx-no-rate", "No exchange rate"

    def __init__(self, currency: str, on: date, *, field: str) -> None:
        message = f"no rate for {currency} on {on.isoformat()}: add a supplementary rate"
        super().__init__(message, errors=[FieldError(field, message)])
        self.currency = currency
        self.on = on


class RateDateOutOfRange(InvalidInput):
    slug, title = "fx-date-out-of-range", "No rates for that date"


class FxQuoteNotFound(NotFound):
    slug, title = "fx-quote-not-found", "FX quote not found"


class FxQuoteExpired(Gone):
    slug, title = "fx-quote-expired", "FX quote expired"


class FxQuoteConsumed(Conflict):
    slug, title = "fx-quote-consumed", "FX quote already used"


class RatesTooOld(ServiceUnavailable):
    """The reference rates are older than the age limit: no FX lock or quote is priced on them."""

    slug, title = "fx-rates-too-old", "Reference rates too old"

    def __init__(self, state: Freshness) -> None:
        super().__init__(
            f"{state.describe()}: no FX lock or quote is priced on them until a refresh brings newer rates",
            headers={"Retry-After": "300"},
            extensions=state.as_dict(),
        )
        self.state = state


class LiveRatesUnavailable(RuntimeError):
    """The live rate provider did not answer usable rates in time (not an HTTP error: only tasks call it)."""

"""The carriers domain's expected failures."""

from __future__ import annotations

from core.errors import AppError, Conflict, InvalidInput, NotFound, Unauthenticated


class CarrierNotFound(NotFound):
    slug, title = "carrier-not-found", "Carrier not found"


class ServiceNotFound(NotFound):
    slug, title = "service-not-found", "Carrier service not found"


class RateSheetNotFound(NotFound):
    slug, title = "rate-sheet-not-found", "Rate sheet not found"


class BookingNotFound(NotFound):
    slug, title = "booking-not-found", "Booking not found"


class CarrierCodeTaken(Conflict):
    slug, title = "carrier-code-taken", "A carrier with this code exists"


class ServiceCodeTaken(Conflict):
    slug, title = "service-code-taken", "A service with this code exists"


class RateSheetOverlap(Conflict):
    slug, title = "rate-sheet-overlap", "A sheet for this service and origin starts on the same day"


class RateSheetInvalid(InvalidInput):
    slug, title = "rate-sheet-invalid", "The rate sheet is invalid"


class UnsupportedMediaType(AppError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class WebhookUnauthenticated(Unauthenticated):
    slug, title = "webhook-unauthenticated", "The carrier's webhook secret is missing or wrong"

"""Expected failures of orders, shipments and returns."""

from __future__ import annotations

from core.errors import Conflict, InvalidInput, NotFound


class OrderNotFound(NotFound):
    slug, title = "order-not-found", "Order not found"


class OrderExists(Conflict):
    slug, title = "order-exists", "The quote was already ordered"


class PaymentAlreadyUsed(Conflict):
    slug, title = "payment-already-used", "The payment already backs another order"


class UnitPriceNotPositive(InvalidInput):
    slug, title = "unit-price-not-positive", "A unit price must be more than zero"


class OptionNotFound(InvalidInput):
    slug, title = "option-not-found", "The quote has no such option"


class PaymentMismatch(InvalidInput):
    slug, title = "payment-mismatch", "The payment is not the option's total"


class QuoteNotOrderable(Conflict):
    slug, title = "quote-not-orderable", "The quote cannot be ordered: ask for a new quote"


class StockGone(Conflict):
    slug, title = "stock-gone", "Stock has gone since the quote"


class ShipmentNotFound(NotFound):
    slug, title = "shipment-not-found", "Shipment not found"


class ReturnNotFound(NotFound):
    slug, title = "return-not-found", "Return not found"


class ReturnNotEligible(InvalidInput):
    slug, title = "return-not-eligible", "The items cannot be returned"


class ReturnStateConflict(Conflict):
    slug, title = "return-state-conflict", "The return is not in a state that allows this"

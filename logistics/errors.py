"""Logistics' expected failures."""

from __future__ import annotations

from core.errors import AppError, Conflict, Gone, InvalidInput, NotFound, ServiceUnavailable


class WarehouseNotFound(NotFound):
    slug, title = "warehouse-not-found", "Warehouse not found"


class WarehouseCodeTaken(Conflict):
    slug, title = "warehouse-code-taken", "A warehouse with this code exists"


class ProductNotFound(NotFound):
    slug, title = "product-not-found", "Product not found"


class ProductSkuTaken(Conflict):
    slug, title = "product-sku-taken", "The merchant already has this SKU"


class QuoteNotFound(NotFound):
    slug, title = "quote-not-found", "Quote not found"


class QuoteExpired(Gone):
    slug, title = "quote-expired", "The quote has expired"


class CartInvalid(InvalidInput):
    slug, title = "cart-invalid", "The cart cannot be quoted"


class HistoryFormatUnsupported(AppError):
    status, slug, title = 415, "history-format-unsupported", "Unsupported transit history format"


class HistoryHeaderInvalid(InvalidInput):
    slug, title = "history-header-invalid", "The transit history's header is not usable"


class HistoryImportBusy(ServiceUnavailable):
    slug, title = "history-import-busy", "The database could not take the import now"

    def __init__(self) -> None:
        super().__init__(
            "the import collided with other work or ran out of time; nothing was imported, send it again",
            headers={"Retry-After": "5"},
        )

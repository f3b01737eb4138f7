"""Logistics API: quotes (shop), warehouses, products and stock (admin; merchants read their catalogue), the
transit history and the calibration of the windows learned from it (admin)."""

from __future__ import annotations

import json
import tempfile
import time
from typing import IO, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from core.auth import Principal
from core.db import unit_of_work
from core.http import AdminPrincipal, SessionDep, WriteLastSessionDep, api_router, requires
from core.metrics import QUOTE_SECONDS, QUOTES
from core.models import Role
from core.openapi import problems
from core.pagination import Page, PageDep
from logistics import analytics, catalog, history, quotes
from logistics.errors import HistoryImportBusy
from logistics.schemas import (
    HistoryImportRead,
    HistoryReject,
    ProductCreate,
    ProductRead,
    QuoteCreate,
    QuoteRead,
    StockLevel,
    StockSet,
    WarehouseCreate,
    WarehouseRead,
    WarehouseUpdate,
    WindowCalibration,
)

router = api_router(prefix="/v1")
history_router = APIRouter(prefix="/v1")
"""Routes that stream their body, then run a unit of work of their own (see `import_transit_history`)."""
SPOOL_IN_MEMORY = 1024 * 1024
"""An uploaded history is kept in memory up to this size, then in a temporary file."""

Shop = Annotated[Principal, Depends(requires(Role.shop, Role.admin))]
QuoteReader = Annotated[Principal, Depends(requires(Role.shop, Role.admin, Role.merchant))]
CatalogueReader = Annotated[Principal, Depends(requires(Role.admin, Role.merchant))]
Code = Annotated[str, Path(max_length=20)]


HISTORY_EXAMPLE = {
    "record_id": "mkt-778120",
    "carrier": "DHL",
    "service": "DHL-EXPRESS",
    "origin_warehouse": "",
    "origin_country": "CN",
    "destination_country": "DE",
    "destination_postcode": "10115",
    "handed_over_at": "2026-02-02T08:00:00Z",
    "delivered_at": "2026-02-07T15:20:00Z",
    "outcome": "delivered",
}
HISTORY_CSV_EXAMPLE = (
    ",".join(history.FIELDS) + "\n" + ",".join(HISTORY_EXAMPLE[f] for f in history.FIELDS) + "\n"
)
HISTORY_JSONL_EXAMPLE = json.dumps(HISTORY_EXAMPLE) + "\n"
"""One past delivery as each import format has it."""


WriteLastSession = WriteLastSessionDep
"""The request's session, taking SQLite's write lock only at its first write (see `core.db.write_last`)."""


@router.post(
    "/quotes", status_code=201, response_model=QuoteRead, tags=["quotes"], summary="Quote shipping for a cart"
)
def create_quote(session: WriteLastSession, who: Shop, data: QuoteCreate) -> Response:
    # serialised once, for storage and for the answer
    start = time.perf_counter()
    quoted = quotes.create_quote(session, principal=who, data=data)
    QUOTE_SECONDS.observe(time.perf_counter() - start)
    QUOTES.labels("options" if quoted.read.options else "no_options").inc()
    return Response(quoted.body, status_code=201, media_type="application/json")


@router.get("/quotes/{quote_id}", tags=["quotes"], summary="A quote, as answered (and whether it expired)")
def get_quote(
    session: SessionDep, who: QuoteReader, quote_id: Annotated[str, Path(max_length=40)]
) -> QuoteRead:
    return quotes.get_quote(session, principal=who, quote_id=quote_id)


@router.post("/warehouses", status_code=201, tags=["warehouses"], summary="Add a warehouse (admin)")
def create_warehouse(session: SessionDep, _: AdminPrincipal, data: WarehouseCreate) -> WarehouseRead:
    return catalog.warehouse_read(catalog.create_warehouse(session, data=data))


@router.get("/warehouses", tags=["warehouses"], summary="Warehouses (admin)")
def list_warehouses(session: SessionDep, _: AdminPrincipal, page: PageDep) -> Page[WarehouseRead]:
    rows, more = catalog.list_warehouses(session, page=page)
    return Page(data=[catalog.warehouse_read(w) for w in rows], has_more=more)


@router.get("/warehouses/{code}", tags=["warehouses"], summary="One warehouse (admin)")
def get_warehouse(session: SessionDep, _: AdminPrincipal, code: Code) -> WarehouseRead:
    return catalog.warehouse_read(catalog.get_warehouse(session, code=code))


@router.patch("/warehouses/{code}", tags=["warehouses"], summary="Change a warehouse (admin)")
def update_warehouse(
    session: SessionDep, _: AdminPrincipal, code: Code, data: WarehouseUpdate
) -> WarehouseRead:
    return catalog.warehouse_read(catalog.update_warehouse(session, code=code, data=data))


@router.post(
    "/products", status_code=201, tags=["products"], summary="Add a product to a merchant's catalogue"
)
def create_product(session: SessionDep, _: AdminPrincipal, data: ProductCreate) -> ProductRead:
    return catalog.product_read(catalog.create_product(session, data=data))


@router.get(
    "/products", tags=["products"], summary="The catalogue with stock (admin: all; merchant: its own)"
)
def list_products(
    session: SessionDep,
    who: CatalogueReader,
    page: PageDep,
    merchant_id: str | None = None,
    sku: str | None = None,
) -> Page[ProductRead]:
    rows, more = catalog.list_products(session, principal=who, page=page, merchant_id=merchant_id, sku=sku)
    return Page(data=rows, has_more=more)


@router.put("/stock", tags=["products"], summary="Set the units on hand of a SKU in a warehouse (admin)")
def set_stock(session: SessionDep, _: AdminPrincipal, data: StockSet) -> StockLevel:
    row = catalog.set_stock(session, data=data)
    return StockLevel(
        warehouse=data.warehouse,
        on_hand=row.on_hand,
        reserved=row.reserved,
        available=row.on_hand - row.reserved,
    )


def _import_history(spool: IO[bytes], fmt: history.Format) -> history.ImportTally:
    try:
        with unit_of_work() as session:
            return history.import_history(session, stream=spool, fmt=fmt)
    except OperationalError:  # locked, timed out, a lost connection: nothing was imported
        raise HistoryImportBusy from None


@history_router.post(
    "/transit-history",
    tags=["transit history"],
    summary="Import past deliveries, CSV or JSON lines (admin)",
    operation_id="importTransitHistory",
    responses=problems(415),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}, "example": HISTORY_CSV_EXAMPLE},
                "application/x-ndjson": {"schema": {"type": "string"}, "example": HISTORY_JSONL_EXAMPLE},
            },
        }
    },
)
async def import_transit_history(request: Request, _: AdminPrincipal) -> HistoryImportRead:
    """The body (`text/csv` with a header naming the fields, or `application/x-ndjson`: one JSON object a
    line) is streamed to a temporary file, not held in memory, and no database connection is taken until it
    is all in; then every row is checked and the good ones imported in one transaction. A record id imported
    before is skipped: sending a file again is harmless. Fields: record_id, carrier, service,
    origin_warehouse or origin_country, destination_country, destination_postcode, handed_over_at,
    delivered_at (ISO 8601 with an offset) and outcome (delivered, returned_to_sender or lost)."""
    fmt = history.format_of_media_type(request.headers.get("content-type", ""))
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        async for chunk in request.stream():
            spool.write(chunk)
        spool.seek(0)
        tally = await run_in_threadpool(_import_history, spool, fmt)  # type: ignore[arg-type]
    return HistoryImportRead(
        received=tally.received,
        imported=tally.imported,
        duplicates=tally.duplicates,
        rejected=tally.rejected,
        rejects=[HistoryReject(line=r.line, field=r.field, message=r.message) for r in tally.rejects],
        rejects_listed=len(tally.rejects),
        samples_fed=tally.samples_fed,
    )


@router.get(
    "/analytics/windows",
    tags=["transit history"],
    summary="How well the windows learned from the transit history hold, per lane (admin)",
    operation_id="getWindowCalibration",
)
def window_calibration(
    session: SessionDep,
    _: AdminPrincipal,
    carrier: Annotated[str | None, Query(max_length=40)] = None,
    service: Annotated[str | None, Query(max_length=40)] = None,
    destination: Annotated[str | None, Query(min_length=2, max_length=2, pattern="^[A-Z]{2}$")] = None,
) -> WindowCalibration:
    return analytics.window_calibration(session, carrier=carrier, service=service, destination=destination)

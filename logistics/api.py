"""Logistics API: quotes (shop), warehouses, products and stock (admin; merchants read their catalogue)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Response

from core.auth import Principal
from core.http import AdminPrincipal, PrincipalDep, SessionDep, WriteLastSessionDep, api_router, requires
from core.models import Role
from core.pagination import Page, PageDep
from logistics import catalog, quotes
from logistics.schemas import (
    ProductCreate,
    ProductRead,
    QuoteCreate,
    QuoteRead,
    StockLevel,
    StockSet,
    WarehouseCreate,
    WarehouseRead,
    WarehouseUpdate,
)

router = api_router(prefix="/v1")

Shop = Annotated[Principal, Depends(requires(Role.shop, Role.admin))]
CatalogueReader = Annotated[Principal, Depends(requires(Role.admin, Role.merchant))]
Code = Annotated[str, Path(max_length=20)]


WriteLastSession = WriteLastSessionDep
"""The request's session, taking SQLite's write lock only at its first write (see `core.db.write_last`)."""


@router.post(
    "/quotes", status_code=201, response_model=QuoteRead, tags=["quotes"], summary="Quote shipping for a cart"
)
def create_quote(session: WriteLastSession, who: Shop, data: QuoteCreate) -> Response:
    # serialised once, for storage and for the answer
    quoted = quotes.create_quote(session, principal=who, data=data)
    return Response(quoted.body, status_code=201, media_type="application/json")


@router.get("/quotes/{quote_id}", tags=["quotes"], summary="A quote, as answered (and whether it expired)")
def get_quote(
    session: SessionDep, who: PrincipalDep, quote_id: Annotated[str, Path(max_length=40)]
) -> QuoteRead:
    who.require(Role.shop, Role.admin, Role.merchant)
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

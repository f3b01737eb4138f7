"""Warehouses, the merchants' product catalogue and stock levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core import snapshots
from core.auth import Principal
from core.clock import utc_now
from core.ids import new_id
from core.merchants import get_merchant
from core.money import Money, MoneyModel
from core.pagination import PageParams, paginate
from logistics import errors, network
from logistics.models import Product, Stock, Warehouse
from logistics.schemas import (
    ProductCreate,
    ProductRead,
    ProductRegistration,
    StockLevel,
    StockSet,
    WarehouseCreate,
    WarehouseRead,
    WarehouseUpdate,
)


def bump_generation(session: Session) -> None:
    """Say that warehouses changed: other processes rebuild in the background, this one after its commit."""
    snapshots.bump(session, network.GENERATION, then=network.invalidate)


# --- warehouses -----------------------------------------------------------------------------------


def warehouse_read(w: Warehouse) -> WarehouseRead:
    return WarehouseRead(
        id=w.id,
        code=w.code,
        name=w.name,
        country=w.country,
        city=w.city,
        latitude=w.latitude,
        longitude=w.longitude,
        timezone=w.timezone,
        cutoff_local=w.cutoff_local,
        handling_days=w.handling_days,
        holiday_country=w.holiday_country,
        capabilities=w.capabilities,
        returns_centre=w.returns_centre,
        cost_per_order=MoneyModel.of(Money.from_minor(w.cost_per_order_minor, w.cost_currency)),
        active=w.active,
    )


def create_warehouse(
    session: Session, *, data: WarehouseCreate, warehouse_id: str | None = None
) -> Warehouse:
    if session.exec(select(Warehouse).where(Warehouse.code == data.code)).first() is not None:
        raise errors.WarehouseCodeTaken(f"a warehouse {data.code} exists")
    cost = data.cost_per_order.to_money() if data.cost_per_order else Money.zero("USD")
    w = Warehouse(
        id=warehouse_id or new_id("wh"),
        code=data.code,
        name=data.name,
        country=data.country,
        city=data.city,
        latitude=data.latitude,
        longitude=data.longitude,
        timezone=data.timezone,
        cutoff_local=data.cutoff_local,
        handling_days=data.handling_days,
        holiday_country=data.holiday_country or data.country,
        holiday_subdivision=data.holiday_subdivision,
        capabilities=data.capabilities,
        returns_centre=data.returns_centre,
        cost_per_order_minor=cost.to_minor(),
        cost_currency=cost.currency,
    )
    session.add(w)
    session.flush()
    bump_generation(session)
    return w


def get_warehouse(session: Session, *, code: str) -> Warehouse:
    w = session.exec(select(Warehouse).where(Warehouse.code == code)).first()
    if w is None:
        raise errors.WarehouseNotFound(f"no warehouse {code}")
    return w


def update_warehouse(session: Session, *, code: str, data: WarehouseUpdate) -> Warehouse:
    w = get_warehouse(session, code=code)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    cost = changes.pop("cost_per_order", None)
    for name, value in changes.items():
        setattr(w, name, value)
    if cost is not None:
        money = MoneyModel.model_validate(cost).to_money()
        w.cost_per_order_minor, w.cost_currency = money.to_minor(), money.currency
    session.add(w)
    session.flush()
    bump_generation(session)
    return w


def list_warehouses(session: Session, *, page: PageParams) -> tuple[Sequence[Warehouse], bool]:
    return paginate(session, select(Warehouse), Warehouse.id, page)


# --- products -------------------------------------------------------------------------------------


def create_product(session: Session, *, data: ProductCreate, product_id: str | None = None) -> Product:
    get_merchant(session, merchant_id=data.merchant_id)
    exists = session.exec(
        select(Product).where(Product.merchant_id == data.merchant_id, Product.sku == data.sku)
    ).first()
    if exists is not None:
        raise errors.ProductSkuTaken(f"{data.merchant_id} already has SKU {data.sku}")
    dims = data.dimensions_cm or (None, None, None)
    p = Product(
        id=product_id or new_id("prd"),
        merchant_id=data.merchant_id,
        sku=data.sku,
        name=data.name,
        weight_g=data.weight_g,
        length_cm=dims[0],
        width_cm=dims[1],
        height_cm=dims[2],
        hs_code=data.hs_code,
        origin_country=data.origin_country,
        category=data.category,
        goods=data.goods,
        registrations=[r.model_dump(mode="json") for r in data.registrations],
    )
    session.add(p)
    session.flush()
    return p


def registration_for(
    registrations: Sequence[Mapping[str, Any]] | None, *, document: str, country: str
) -> str | None:
    """The number of the product's registration for `document` (named as the rules name it, ignoring case)
    that holds in `country`; None when the product has none."""
    wanted = document.casefold()
    for r in registrations or ():
        countries = r.get("countries")
        if str(r.get("document", "")).casefold() == wanted and (not countries or country in countries):
            return str(r["number"])
    return None


def products_by_sku(session: Session, *, merchant_id: str, skus: Sequence[str]) -> dict[str, Product]:
    rows = session.exec(select(Product).where(Product.merchant_id == merchant_id, col(Product.sku).in_(skus)))
    return {p.sku: p for p in rows}


def stock_for(session: Session, *, product_ids: Sequence[str]) -> list[tuple[Stock, str]]:
    """Stock rows of these products with their warehouse codes (one query)."""
    rows = session.exec(
        select(Stock, Warehouse.code)
        .join(Warehouse, col(Warehouse.id) == Stock.warehouse_id)
        .where(col(Stock.product_id).in_(product_ids))
    )
    return [(s, code) for s, code in rows]


def product_read(p: Product, stock: Sequence[tuple[Stock, str]] = ()) -> ProductRead:
    dims = (
        [Decimal(p.length_cm), Decimal(p.width_cm), Decimal(p.height_cm)] if p.length_cm is not None else None
    )
    levels = [
        StockLevel(warehouse=code, on_hand=s.on_hand, reserved=s.reserved, available=s.on_hand - s.reserved)
        for s, code in stock
    ]
    return ProductRead(
        id=p.id,
        merchant_id=p.merchant_id,
        sku=p.sku,
        name=p.name,
        weight_g=p.weight_g,
        dimensions_cm=dims,
        hs_code=p.hs_code,
        origin_country=p.origin_country,
        category=p.category,
        goods=p.goods,
        registrations=[ProductRegistration.model_validate(r) for r in p.registrations or []],
        stock=sorted(levels, key=lambda s: s.warehouse),
        available=sum(s.available for s in levels),
    )


def list_products(
    session: Session,
    *,
    principal: Principal,
    page: PageParams,
    merchant_id: str | None = None,
    sku: str | None = None,
) -> tuple[list[ProductRead], bool]:
    stmt = select(Product)
    scope = principal.merchant_scope(merchant_id)
    if scope:
        stmt = stmt.where(Product.merchant_id == scope)
    if sku:
        stmt = stmt.where(Product.sku == sku)
    rows, more = paginate(session, stmt, Product.id, page)
    stock: dict[str, list[tuple[Stock, str]]] = {}
    for s, code in stock_for(session, product_ids=[p.id for p in rows]):
        stock.setdefault(s.product_id, []).append((s, code))
    return [product_read(p, stock.get(p.id, [])) for p in rows], more


def set_stock(session: Session, *, data: StockSet) -> Stock:
    """Set the units on hand (a stock count); refuses going below what is reserved."""
    w = get_warehouse(session, code=data.warehouse)
    product = products_by_sku(session, merchant_id=data.merchant_id, skus=[data.sku]).get(data.sku)
    if product is None:
        raise errors.ProductNotFound(f"{data.merchant_id} has no SKU {data.sku}")
    row = session.exec(
        select(Stock).where(Stock.warehouse_id == w.id, Stock.product_id == product.id)
    ).first()
    if row is None:
        row = Stock(warehouse_id=w.id, product_id=product.id, merchant_id=product.merchant_id)
    if data.on_hand < row.reserved:
        raise errors.CartInvalid.for_field(
            "on_hand", f"{row.reserved} units are reserved; on hand cannot be less"
        )
    row.on_hand, row.updated_at = data.on_hand, utc_now()
    session.add(row)
    session.flush()
    return row

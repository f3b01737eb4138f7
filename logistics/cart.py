"""What the planner plans: a cart's lines, and why a warehouse or service was left out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.money import Money


@dataclass(frozen=True, slots=True)
class CartLine:
    index: int
    sku: str
    quantity: int
    unit_price: Money
    weight_g: int
    dims_cm: tuple[Decimal, Decimal, Decimal] | None
    hs_code: str | None
    origin_country: str | None
    category: str | None
    goods: frozenset[str]
    product_id: str | None

    @property
    def value(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Refusal:
    warehouse: str | None
    service: str | None
    reason: str
    message: str

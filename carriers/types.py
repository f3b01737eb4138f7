"""What the planner asks carriers, as plain data. The carriers package fills these from its in-memory network.

The planner (logistics) never reads carrier tables: it calls `carriers.network.current()` for a snapshot and
asks it `services_from`, `rate` and `transit`. Everything here is immutable and free of ORM rows so a quote
can ask thousands of questions without a query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from core.money import Money

Mode = Literal["express", "dedicated_line", "postal"]

# Goods classes a service may or may not accept (a product's `goods` set uses the same words).
GOODS_CLASSES = ("general", "battery", "liquid", "cosmetics", "magnetic", "powder", "food", "fragile")


@dataclass(frozen=True, slots=True)
class Destination:
    country: str
    postal_code: str | None = None
    point: tuple[float, float] | None = None
    """(latitude, longitude)"""


@dataclass(frozen=True, slots=True)
class Parcel:
    weight_g: int
    dims_cm: tuple[Decimal, Decimal, Decimal] | None = None
    goods: frozenset[str] = frozenset({"general"})


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    code: str
    carrier_code: str
    carrier_name: str
    name: str
    mode: Mode
    tracked: bool
    ddp_capable: bool
    max_weight_g: int
    max_dims_cm: tuple[Decimal, Decimal, Decimal] | None
    accepts: frozenset[str]
    origins: frozenset[str]
    """Origin countries the service has rate sheets from."""
    goods_limits: tuple[tuple[str, str], ...] = ()
    """Conditions on accepted goods classes, e.g. (("battery", "in equipment, <= 100 Wh"),)."""


@dataclass(frozen=True, slots=True)
class RateQuote:
    service_code: str
    price: Money
    """In the sheet's currency: base + fuel + remote-area surcharges, at least the minimum charge."""
    billable_weight_g: int
    base: Money
    fuel: Money
    remote_area: Money
    zone: str
    sheet_id: str
    minimum_charge_applied: bool = False
    """True when the sheet's minimum charge raised the price above base + fuel + remote area."""
    source: Literal["sheet", "live"] = "sheet"
    """`live` when the carrier priced it through its API for this quote (`carriers.live`); `base`, `fuel` and
    `remote_area` are then the carrier's, in its currency, and `billable_weight_g` and `zone` the sheet's."""


@dataclass(frozen=True, slots=True)
class RateRefusal:
    service_code: str
    reason: Literal["no_lane", "too_heavy", "too_large", "goods_not_accepted", "no_sheet_in_force"]
    message: str


@dataclass(frozen=True, slots=True)
class DayPercentiles:
    p10: int
    p50: int
    p90: int


@dataclass(frozen=True, slots=True)
class TransitProfile:
    """Days per leg: line haul in calendar days; customs clearance and last mile in the destination's
    business days."""

    line_haul: DayPercentiles
    clearance: DayPercentiles
    last_mile: DayPercentiles
    source: Literal["sheet", "learned"] = "sheet"
    samples: int = 0
    extra: dict[str, str] = field(default_factory=dict)

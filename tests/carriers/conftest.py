"""Helpers for the carriers tests: sheet documents, services and in-memory networks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from carriers.network import CarrierNetwork
from carriers.rating import CompiledSheet
from carriers.sheets import RateSheetSpec, check_sheet
from carriers.types import ServiceInfo

ON = date(2026, 6, 1)


def sheet_doc(**overrides: Any) -> dict[str, Any]:
    """A small CNY sheet from CN: Indonesia by country, with breaks at 500 g and 1 kg, CNY 30 per extra kg."""
    doc: dict[str, Any] = {
        "name": "test sheet",
        "origin_country": "CN",
        "currency": "CNY",
        "effective_from": "2026-01-01",
        "dim_divisor": 5000,
        "zones": [
            {
                "code": "ID",
                "countries": ["ID"],
                "per_extra_kg": "30.00",
                "transit": {"line_haul": [3, 4, 6], "clearance": [1, 1, 2], "last_mile": [1, 2, 3]},
                "breaks": [{"max_weight_g": 500, "price": "18.00"}, {"max_weight_g": 1000, "price": "33.00"}],
            }
        ],
    }
    doc.update(overrides)
    return doc


def spec_of(doc: dict[str, Any]) -> RateSheetSpec:
    return check_sheet(RateSheetSpec.model_validate(doc))


def service_info(code: str = "line", **overrides: Any) -> ServiceInfo:
    fields: dict[str, Any] = {
        "code": code,
        "carrier_code": "yun",
        "carrier_name": "Yun",
        "name": f"Service {code}",
        "mode": "dedicated_line",
        "tracked": True,
        "ddp_capable": False,
        "max_weight_g": 30_000,
        "max_dims_cm": (Decimal(60), Decimal(50), Decimal(40)),
        "accepts": frozenset({"general", "cosmetics"}),
        "origins": frozenset({"CN"}),
    }
    fields.update(overrides)
    return ServiceInfo(**fields)


def network_of(*docs: dict[str, Any], info: ServiceInfo | None = None) -> CarrierNetwork:
    info = info or service_info()
    sheets = [CompiledSheet.from_spec(f"rsh_{i}", spec_of(d)) for i, d in enumerate(docs)]
    return CarrierNetwork([(info, sheets)])


@pytest.fixture
def doc() -> dict[str, Any]:
    return sheet_doc()

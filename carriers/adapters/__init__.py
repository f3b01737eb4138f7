"""Carrier adapters: the rate-sheet adapter (default, no network) and live carriers through karrio.

`adapter_for` picks a carrier's adapter: its live adapter when the carrier is set to one and the credentials
are configured in the settings passed in, else the rate-sheet adapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from carriers.adapters.base import (
    TRACKING_STATUSES,
    Address,
    Booking,
    BookingRequest,
    BookingResult,
    CancelResult,
    CarrierAdapter,
    CarrierMessage,
    CarrierRate,
    Label,
    RateRequest,
    RateResult,
    TrackingEvent,
    TrackingResult,
    TrackingStatus,
)
from carriers.adapters.ratesheet import RateSheetAdapter
from carriers.connectors import CONNECTORS, LIVE_ADAPTERS, configured
from carriers.service import get_carrier

if TYPE_CHECKING:
    from carriers.adapters.karrio_adapter import KarrioAdapter


def live_adapter(adapter: str, settings: object, *, carrier_code: str) -> KarrioAdapter | None:
    """The carrier's live adapter when `adapter` is a karrio connector configured in `settings`, else None.
    Karrio is imported here, at the first live carrier, not when the service starts: a service without
    credentials never loads it."""
    if not configured(adapter, settings):
        return None
    from carriers.adapters.karrio_adapter import karrio_adapter

    return karrio_adapter(adapter, settings, carrier_code=carrier_code)


def adapter_for(session: Session, *, carrier_code: str, settings: object) -> CarrierAdapter:
    carrier = get_carrier(session, code=carrier_code)
    live = live_adapter(carrier.adapter, settings, carrier_code=carrier.code)
    if live is not None:
        return live
    return RateSheetAdapter(session, carrier_code=carrier.code)


__all__ = [
    "CONNECTORS",
    "LIVE_ADAPTERS",
    "TRACKING_STATUSES",
    "Address",
    "Booking",
    "BookingRequest",
    "BookingResult",
    "CancelResult",
    "CarrierAdapter",
    "CarrierMessage",
    "CarrierRate",
    "Label",
    "RateRequest",
    "RateResult",
    "RateSheetAdapter",
    "TrackingEvent",
    "TrackingResult",
    "TrackingStatus",
    "adapter_for",
    "configured",
    "live_adapter",
]

"""Carrier adapters: the rate-sheet adapter (default, no network) and live carriers through karrio.

`adapter_for` picks a carrier's adapter: its live adapter when the carrier is set to one and the credentials
are configured in the settings passed in, else the rate-sheet adapter.
"""

from __future__ import annotations

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
from carriers.service import get_carrier


def adapter_for(session: Session, *, carrier_code: str, settings: object) -> CarrierAdapter:
    carrier = get_carrier(session, code=carrier_code)
    if carrier.adapter == "karrio_dhl_express":
        from carriers.adapters.karrio_adapter import dhl_express_adapter

        live = dhl_express_adapter(settings, carrier_code=carrier.code)
        if live is not None:
            return live
    return RateSheetAdapter(session, carrier_code=carrier.code)


__all__ = [
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
]

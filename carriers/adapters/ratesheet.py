"""The default adapter: prices from the rate sheets, bookings and tracking recorded here. No network.

- `rate` asks the network snapshot for each of the carrier's services (or the ones requested);
- `book` rates the parcel first (a service that cannot carry it refuses, as data), then records a booking
  whose tracking number is derived from the shipment id and the service, with a ZPL label;
- `track` returns the events recorded for the tracking number;
- `cancel` marks the booking cancelled unless the parcel has already been picked up.
"""

from __future__ import annotations

from sqlmodel import Session

from carriers import bookings
from carriers.adapters.base import (
    TRACKING_STATUSES,
    Booking,
    BookingRequest,
    BookingResult,
    CancelResult,
    CarrierMessage,
    CarrierRate,
    Label,
    RateRequest,
    RateResult,
    TrackingEvent,
    TrackingResult,
    TrackingStatus,
)
from carriers.errors import BookingNotFound
from carriers.network import CarrierNetwork, current
from carriers.types import Destination, RateQuote
from core.clock import utc_now


class RateSheetAdapter:
    def __init__(self, session: Session, *, carrier_code: str, network: CarrierNetwork | None = None) -> None:
        self.session = session
        self.carrier_code = carrier_code
        self._network = network

    @property
    def network(self) -> CarrierNetwork:
        return self._network if self._network is not None else current()

    def _message(self, code: str, message: str) -> CarrierMessage:
        return CarrierMessage(self.carrier_code, code, message)

    def _service_codes(self, request: RateRequest) -> list[str]:
        if request.service_codes:
            return list(request.service_codes)
        return [
            s.code
            for s in self.network.services_from(request.origin.country)
            if s.carrier_code == self.carrier_code
        ]

    def rate(self, request: RateRequest) -> RateResult:
        network = self.network
        on = request.on or utc_now().date()
        destination = Destination(
            request.destination.country, request.destination.postal_code, request.destination.point
        )
        rates: list[CarrierRate] = []
        messages: list[CarrierMessage] = []
        for code in self._service_codes(request):
            info = network.service(code)
            if info is None or info.carrier_code != self.carrier_code:
                messages.append(
                    self._message("unknown_service", f"{self.carrier_code} has no service {code}")
                )
                continue
            result = network.rate(
                code,
                origin_country=request.origin.country,
                destination=destination,
                parcel=request.parcel,
                on=on,
            )
            if isinstance(result, RateQuote):
                profile = network.transit(
                    code, origin_country=request.origin.country, destination=destination
                )
                surcharges = tuple(
                    (name, money)
                    for name, money in (("fuel", result.fuel), ("remote_area", result.remote_area))
                    if not money.is_zero()
                )
                rates.append(
                    CarrierRate(
                        service_code=code,
                        carrier_service=code,
                        price=result.price,
                        base=result.base,
                        surcharges=surcharges,
                        transit_days=(
                            profile.line_haul.p50 + profile.clearance.p50 + profile.last_mile.p50
                            if profile
                            else None
                        ),
                    )
                )
            else:
                messages.append(self._message(result.reason, result.message))
        return RateResult(tuple(rates), tuple(messages))

    def book(self, request: BookingRequest) -> BookingResult:
        priced = self.rate(
            RateRequest(
                origin=request.origin,
                destination=request.destination,
                parcel=request.parcel,
                service_codes=(request.service_code,),
            )
        )
        if not priced.rates:
            return BookingResult(None, priced.messages)
        info = self.network.service(request.service_code)
        try:
            booking = bookings.create_booking(
                self.session,
                shipment_id=request.shipment_id,
                service_code=request.service_code,
                carrier_code=self.carrier_code,
                service_name=info.name if info else request.service_code,
                origin_country=request.origin.country,
                destination_country=request.destination.country,
                postal_code=request.destination.postal_code,
            )
        except bookings.BookingCancelled as exc:
            return BookingResult(None, (self._message("cancelled", exc.detail),))
        return BookingResult(
            Booking(
                tracking_number=booking.tracking_number,
                service_code=booking.service_code,
                label=Label(booking.label_format, booking.label_data),
                carrier_reference=booking.id,
                price=priced.rates[0].price,
            )
        )

    def track(self, tracking_number: str) -> TrackingResult:
        try:
            booking = bookings.get_booking(self.session, tracking_number=tracking_number)
        except BookingNotFound as exc:
            return TrackingResult(tracking_number, messages=(self._message("not_found", exc.detail),))
        events = tuple(
            TrackingEvent(
                status=_status(e.status),
                occurred_at=e.occurred_at,
                location=e.location,
                description=e.description,
                code=e.code,
            )
            for e in bookings.events_of(self.session, booking)
        )
        return TrackingResult(
            tracking_number,
            status=events[-1].status if events else None,
            events=events,
            cancelled=booking.cancelled_at is not None,
        )

    def cancel(self, tracking_number: str) -> CancelResult:
        try:
            booking, refused = bookings.cancel_booking(self.session, tracking_number=tracking_number)
        except BookingNotFound as exc:
            return CancelResult(tracking_number, False, (self._message("not_found", exc.detail),))
        if refused is not None:
            return CancelResult(tracking_number, False, (self._message("not_cancellable", refused),))
        return CancelResult(booking.tracking_number, True)


def _status(value: str) -> TrackingStatus:
    if value not in TRACKING_STATUSES:  # pragma: no cover - record_tracking_event checks
        raise ValueError(f"unknown tracking status {value!r}")
    return value  # type: ignore[return-value]

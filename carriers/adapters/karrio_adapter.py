"""Live carriers through karrio: pure mappers between our adapter dataclasses and karrio's unified models
(RateRequest/RateDetails, ShipmentRequest/ShipmentDetails, TrackingRequest/TrackingDetails, Message), and a
client that only calls karrio's gateway (which does the HTTP).

Enabled only by configured credentials, read from the settings object passed in (`dhl_express_adapter`):
`karrio_dhl_express_site_id`, `karrio_dhl_express_password` (SecretStr), `karrio_dhl_express_account_number`,
`karrio_dhl_express_account_country` and `karrio_dhl_express_test_mode`. Without a site id and a password
there is no adapter and the carrier is served by its rate sheets.

Karrio's models carry weights and amounts as floats. Weights go to it as kilograms computed from our grams,
declared values leave our Money only at that boundary; amounts come back through their shortest decimal
text (`Decimal(str(x))`) and are rounded half-even to the currency's minor unit, so no binary float reaches
Money. Carrier-local event times without a zone are read as UTC (karrio gives no zone for them).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

with warnings.catch_warnings():  # karrio imports PyPDF2, which warns that it is deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    import karrio.sdk as karrio_sdk  # type: ignore[import-untyped]
    from karrio.core import models as km  # type: ignore[import-untyped]
from pydantic import SecretStr

from carriers.adapters.base import (
    Address,
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
from carriers.types import Parcel
from core.money import Money, UnknownCurrency

DHL_EXPRESS_SERVICES: dict[str, str] = {
    "dhl-express-worldwide": "dhl_express_worldwide_nondoc",
    "dhl-express-economy": "dhl_economy_select_nondoc",
}
"""Our service codes and karrio's DHL Express service names."""

# karrio's unified tracking statuses and ours
_STATUS: dict[str, TrackingStatus] = {
    "pending": "pending",
    "picked_up": "picked_up",
    "in_transit": "in_transit",
    "on_hold": "customs_hold",
    "delivery_delayed": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "ready_for_pickup": "out_for_delivery",
    "delivered": "delivered",
    "delivery_failed": "delivery_failed",
    "return_to_sender": "returned_to_sender",
    "unknown": "in_transit",
}
# carrier event codes that say more than karrio's status (DHL Express: clearance release / delay)
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?")
_CODE_STATUS: dict[str, TrackingStatus] = {
    "CR": "customs_cleared",
    "CD": "customs_hold",
    "CH": "customs_hold",
}


# --- configuration ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DhlExpressCredentials:
    site_id: str
    password: SecretStr
    account_number: str | None = None
    account_country: str | None = None
    test_mode: bool = True


def dhl_express_credentials(settings: object) -> DhlExpressCredentials | None:
    """The DHL Express credentials in `settings`, or None when they are not configured."""
    site_id = getattr(settings, "karrio_dhl_express_site_id", None)
    password = getattr(settings, "karrio_dhl_express_password", None)
    if not site_id or password is None:
        return None
    secret = password if isinstance(password, SecretStr) else SecretStr(str(password))
    if not secret.get_secret_value():
        return None
    return DhlExpressCredentials(
        site_id=str(site_id),
        password=secret,
        account_number=getattr(settings, "karrio_dhl_express_account_number", None) or None,
        account_country=getattr(settings, "karrio_dhl_express_account_country", None) or None,
        test_mode=bool(getattr(settings, "karrio_dhl_express_test_mode", True)),
    )


def dhl_express_gateway(credentials: DhlExpressCredentials, *, carrier_code: str = "dhl-express") -> Any:
    return karrio_sdk.gateway["dhl_express"].create(
        {
            "site_id": credentials.site_id,
            "password": credentials.password.get_secret_value(),
            "account_number": credentials.account_number,
            "account_country_code": credentials.account_country,
            "carrier_id": carrier_code,
            "test_mode": credentials.test_mode,
        }
    )


def dhl_express_adapter(settings: object, *, carrier_code: str = "dhl-express") -> KarrioAdapter | None:
    """The DHL Express adapter when its credentials are configured in `settings`, else None."""
    credentials = dhl_express_credentials(settings)
    if credentials is None:
        return None
    return KarrioAdapter(
        dhl_express_gateway(credentials, carrier_code=carrier_code),
        carrier_code=carrier_code,
        services=DHL_EXPRESS_SERVICES,
    )


# --- pure mappers: ours -> karrio -----------------------------------------------------------------------


def _kilograms(grams: int) -> float:  # karrio's Parcel takes float kilograms
    return float(Decimal(grams) / 1000)  # a weight, not money


def _centimetres(value: Decimal) -> float:  # and float centimetres
    return float(value)  # a length, not money


def _declared(value: Money) -> Any:
    """A declared value for karrio, whose customs models take float amounts: the currency's few decimals
    survive the conversion exactly in text (shortest repr), which is what the carrier receives."""
    return float(value.amount)  # karrio's float, leaving our Money at the boundary


def karrio_address(address: Address) -> Any:
    return km.Address(
        country_code=address.country,
        postal_code=address.postal_code,
        city=address.city,
        state_code=address.state,
        address_line1=address.street,
        person_name=address.name,
        company_name=address.company,
        phone_number=address.phone,
        email=address.email,
    )


def karrio_parcel(parcel: Parcel, *, reference: str | None = None) -> Any:
    dims = parcel.dims_cm
    return km.Parcel(
        weight=_kilograms(parcel.weight_g),
        weight_unit="KG",
        length=_centimetres(dims[0]) if dims else None,
        width=_centimetres(dims[1]) if dims else None,
        height=_centimetres(dims[2]) if dims else None,
        dimension_unit="CM" if dims else None,
        is_document=False,
        reference_number=reference,
    )


def karrio_rate_request(request: RateRequest, services: Mapping[str, str]) -> Any:
    wanted = [services[c] for c in request.service_codes if c in services] or list(services.values())
    options: dict[str, Any] = {}
    if request.declared_value is not None:
        options["currency"] = request.declared_value.currency
        options["declared_value"] = _declared(request.declared_value)
    return km.RateRequest(
        shipper=karrio_address(request.origin),
        recipient=karrio_address(request.destination),
        parcels=[karrio_parcel(request.parcel)],
        services=wanted,
        options=options,
    )


def karrio_shipment_request(request: BookingRequest, services: Mapping[str, str]) -> Any:
    options: dict[str, Any] = {"shipment_date": None}
    customs = None
    if request.origin.country != request.destination.country:
        value = request.declared_value
        customs = km.Customs(
            content_type="merchandise",
            content_description=request.contents,
            incoterm="DDU",
            duty=(
                km.Duty(paid_by="recipient", currency=value.currency, declared_value=_declared(value))
                if value is not None
                else None
            ),
            commodities=[
                km.Commodity(
                    description=request.contents,
                    quantity=1,
                    weight=_kilograms(request.parcel.weight_g),
                    weight_unit="KG",
                    value_amount=_declared(value) if value is not None else None,
                    value_currency=value.currency if value is not None else None,
                    origin_country=request.origin.country,
                )
            ],
        )
    return km.ShipmentRequest(
        service=services.get(request.service_code, request.service_code),
        shipper=karrio_address(request.origin),
        recipient=karrio_address(request.destination),
        parcels=[karrio_parcel(request.parcel, reference=request.shipment_id)],
        options={k: v for k, v in options.items() if v is not None},
        customs=customs,
        reference=request.reference or request.shipment_id,
        label_type="PDF",
    )


# --- pure mappers: karrio -> ours ------------------------------------------------------------------------


def money_from(value: Any, currency: str | None) -> Money | None:
    """A karrio amount (float or text) as Money, through its shortest decimal text, rounded half-even."""
    if value is None or not currency:
        return None
    try:
        return Money.of(Decimal(str(value)), currency, rounding=ROUND_HALF_EVEN)
    except (InvalidOperation, UnknownCurrency, ValueError):
        return None


def messages_from(messages: Iterable[Any] | None, carrier_code: str) -> tuple[CarrierMessage, ...]:
    return tuple(
        CarrierMessage(carrier_code, str(m.code or "error"), " ".join(str(m.message or "").split()))
        for m in messages or ()
    )


def rate_from(detail: Any, by_karrio: Mapping[str, str]) -> CarrierRate | None:
    price = money_from(detail.total_charge, detail.currency)
    if price is None:
        return None
    base = None
    surcharges: list[tuple[str, Money]] = []
    for charge in detail.extra_charges or ():
        amount = money_from(charge.amount, charge.currency or detail.currency)
        if amount is None:
            continue
        if str(charge.name).lower() == "base charge":
            base = amount
        else:
            surcharges.append((str(charge.name), amount))
    service = str(detail.service)
    return CarrierRate(
        service_code=by_karrio.get(service, service),
        carrier_service=service,
        price=price,
        base=base,
        surcharges=tuple(surcharges),
        transit_days=int(detail.transit_days) if detail.transit_days is not None else None,
    )


def booking_from(details: Any, *, service_code: str) -> Booking:
    selected = details.selected_rate
    price = money_from(selected.total_charge, selected.currency) if selected is not None else None
    docs = details.docs
    label = Label(str(details.label_type or "PDF"), "".join(str(docs.label or "").split()) if docs else "")
    meta = details.meta or {}
    return Booking(
        tracking_number=str(details.tracking_number),
        service_code=service_code,
        label=label,
        carrier_reference=str(details.shipment_identifier) if details.shipment_identifier else None,
        price=price,
        tracking_url=meta.get("carrier_tracking_link"),
    )


def status_from(status: str | None, *, code: str | None = None, reason: str | None = None) -> TrackingStatus:
    if code and code in _CODE_STATUS:
        return _CODE_STATUS[code]
    if reason:
        if reason == "carrier_parcel_lost":
            return "lost"
        if reason.startswith("customs_"):
            return "customs_hold"
    return _STATUS.get(status or "unknown", "in_transit")


def _event_time(event: Any) -> datetime:
    if event.timestamp:
        try:
            stamp = datetime.fromisoformat(str(event.timestamp).replace("Z", "+00:00"))
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        except ValueError:
            pass
    day = date.fromisoformat(str(event.date)) if event.date else date(1970, 1, 1)
    moment = time(0, 0)
    found = _CLOCK.match(str(event.time or ""))
    if found:
        hour, minute, half = int(found[1]), int(found[2]), (found[3] or "").upper()
        if half == "PM" and hour < 12:
            hour += 12
        elif half == "AM" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            moment = time(hour, minute)
    return datetime.combine(day, moment, tzinfo=UTC)


def tracking_from(details: Any, messages: tuple[CarrierMessage, ...] = ()) -> TrackingResult:
    events = sorted(
        (
            TrackingEvent(
                status=status_from(e.status, code=e.code, reason=e.reason),
                occurred_at=_event_time(e),
                location=" ".join(str(e.location or "").split()),
                description=" ".join(str(e.description or "").split()),
                code=str(e.code or ""),
            )
            for e in details.events or ()
        ),
        key=lambda e: e.occurred_at,
    )
    latest = status_from(details.status) if details.status else (events[-1].status if events else None)
    if events and events[-1].status in ("customs_hold", "customs_cleared", "lost"):
        latest = events[-1].status
    if details.delivered:
        latest = "delivered"
    estimated = None
    if details.estimated_delivery:
        try:
            estimated = date.fromisoformat(str(details.estimated_delivery)[:10])
        except ValueError:
            estimated = None
    return TrackingResult(
        tracking_number=str(details.tracking_number),
        status=latest,
        events=tuple(events),
        estimated_delivery=estimated,
        messages=messages,
    )


# --- the client ----------------------------------------------------------------------------------------


class KarrioAdapter:
    """A carrier reached through a karrio gateway. Karrio does the HTTP; everything else is mapping."""

    def __init__(self, gateway: Any, *, carrier_code: str, services: Mapping[str, str]) -> None:
        self.gateway = gateway
        self.carrier_code = carrier_code
        self.services = dict(services)
        self._by_karrio = {v: k for k, v in self.services.items()}

    def rate(self, request: RateRequest) -> RateResult:
        details, messages = (
            karrio_sdk.Rating.fetch(karrio_rate_request(request, self.services)).from_(self.gateway).parse()
        )
        rates = [rate_from(d, self._by_karrio) for d in details or ()]
        return RateResult(
            tuple(r for r in rates if r is not None), messages_from(messages, self.carrier_code)
        )

    def book(self, request: BookingRequest) -> BookingResult:
        details, messages = (
            karrio_sdk.Shipment.create(karrio_shipment_request(request, self.services))
            .from_(self.gateway)
            .parse()
        )
        booking = booking_from(details, service_code=request.service_code) if details is not None else None
        return BookingResult(booking, messages_from(messages, self.carrier_code))

    def track(self, tracking_number: str) -> TrackingResult:
        details, messages = (
            karrio_sdk.Tracking.fetch(km.TrackingRequest(tracking_numbers=[tracking_number]))
            .from_(self.gateway)
            .parse()
        )
        found = [d for d in details or () if str(d.tracking_number) == tracking_number] or list(details or ())
        mapped = messages_from(messages, self.carrier_code)
        if not found:
            return TrackingResult(tracking_number, messages=mapped)
        return tracking_from(found[0], mapped)

    def cancel(self, tracking_number: str) -> CancelResult:
        confirmation, messages = (
            karrio_sdk.Shipment.cancel(km.ShipmentCancelRequest(shipment_identifier=tracking_number))
            .from_(self.gateway)
            .parse()
        )
        cancelled = bool(confirmation is not None and getattr(confirmation, "success", False))
        return CancelResult(tracking_number, cancelled, messages_from(messages, self.carrier_code))

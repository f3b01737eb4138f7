"""Live carriers through karrio: pure mappers between our adapter dataclasses and karrio's unified models
(RateRequest/RateDetails, ShipmentRequest/ShipmentDetails, TrackingRequest/TrackingDetails, Message), and a
client that only calls karrio's gateway (which does the HTTP).

Enabled only by configured credentials, read from the settings object passed in (`karrio_adapter`; which
settings each connector reads is in `carriers.connectors`: DHL Express, FedEx and Easyship). Without
them there is no adapter and the carrier is served by its rate sheets.

Karrio's models carry weights and amounts as floats. Weights go to it as kilograms computed from our grams,
declared values leave our Money only at that boundary; amounts come back through their shortest decimal
text (`Decimal(str(x))`) and are rounded half-even to the currency's minor unit, so no binary float reaches
Money. Carrier-local event times without a zone are read as UTC (karrio gives no zone for them).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
    TrackingResult,
)
from carriers.adapters.tracking import tracking_from
from carriers.connectors import CONNECTORS, gateway_settings
from carriers.types import Parcel
from core.money import Money, UnknownCurrency

DHL_EXPRESS_SERVICES: dict[str, str] = dict(CONNECTORS["karrio_dhl_express"].services)
"""Our service codes and karrio's DHL Express service names."""
TRACKING_REFERENCE: dict[str, str] = {"easyship": "easyship_shipment_id"}
"""The tracking request option by which a karrio connector finds a shipment it booked (the booking's
carrier reference), for connectors that track by their own shipment id rather than the tracking number."""

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
    return karrio_adapter("karrio_dhl_express", settings, carrier_code=carrier_code)


def karrio_adapter(adapter: str, settings: object, *, carrier_code: str) -> KarrioAdapter | None:
    """The live adapter of a carrier set to `adapter` (`karrio_dhl_express`, `karrio_fedex`,
    `karrio_easyship`) when its credentials are configured in `settings`, else None."""
    connector = CONNECTORS.get(adapter)
    values = gateway_settings(adapter, settings, carrier_code=carrier_code)
    if connector is None or values is None:
        return None
    return KarrioAdapter(
        karrio_sdk.gateway[connector.karrio_name].create(values),
        carrier_code=carrier_code,
        services=connector.services,
        reference_option=TRACKING_REFERENCE.get(connector.karrio_name),
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
    # none named: ask for every service (a connector told several asks only for the first, as FedEx's does)
    wanted = [services[c] for c in request.service_codes if c in services]
    options: dict[str, Any] = {}
    if request.on is not None:
        options["shipment_date"] = request.on.isoformat()
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


# --- the client ----------------------------------------------------------------------------------------


class KarrioAdapter:
    """A carrier reached through a karrio gateway. Karrio does the HTTP; everything else is mapping."""

    def __init__(
        self,
        gateway: Any,
        *,
        carrier_code: str,
        services: Mapping[str, str],
        reference_option: str | None = None,
    ) -> None:
        self.gateway = gateway
        self.carrier_code = carrier_code
        self.services = dict(services)
        self.reference_option = reference_option
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

    def track(self, tracking_number: str, *, carrier_reference: str | None = None) -> TrackingResult:
        """The shipment's events. `carrier_reference` (the booking's) is how connectors that track by their
        own shipment id (Easyship) find it."""
        options: dict[str, Any] = {}
        if self.reference_option and carrier_reference:
            options[tracking_number] = {self.reference_option: carrier_reference}
        details, messages = (
            karrio_sdk.Tracking.fetch(km.TrackingRequest(tracking_numbers=[tracking_number], options=options))
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

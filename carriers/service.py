"""The carriers service: the catalogue (carriers, services), rate sheets, transit samples, and the generation
counter that tells every process to rebuild its network snapshot.

Functions take the session first and keyword-only arguments after it, raise domain errors and only flush.
Every write that changes what `carriers.network` answers bumps the generation (see `bump_generation`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from carriers import network
from carriers.errors import (
    CarrierCodeTaken,
    CarrierNotFound,
    RateSheetNotFound,
    RateSheetOverlap,
    ServiceCodeTaken,
    ServiceNotFound,
    WebhookUnauthenticated,
)
from carriers.models import (
    Carrier,
    CarrierService,
    RateSheet,
    RateSheetBreak,
    RateSheetRemoteArea,
    RateSheetZone,
    TransitSample,
)
from carriers.rating import SheetRows, rows_of
from carriers.repository import rows_of_sheets
from carriers.schemas import CarrierCreate, ServiceCreate, ServiceRead, ServiceUpdate
from carriers.sheets import (
    BreakSpec,
    RateSheetSpec,
    RemoteAreaSpec,
    TransitSpec,
    ZoneSpec,
    check_sheet,
)
from carriers.transit import LEARNED_AFTER
from core import snapshots
from core.clock import as_utc, utc_now
from core.errors import InvalidInput
from core.ids import new_id
from core.merchants import validate_country
from core.money import Money, currency_exponent
from core.pagination import PageParams, paginate

TRANSIT_REBUILD_EVERY = 10
"""Past LEARNED_AFTER samples, a lane's new sample triggers a rebuild only every this many samples."""


# --- generation -------------------------------------------------------------------------------------


def bump_generation(session: Session) -> None:
    """Say that carrier data changed: other processes rebuild in the background, this one after its commit."""
    snapshots.bump(session, network.GENERATION, then=network.invalidate)


# --- carriers ---------------------------------------------------------------------------------------


def create_carrier(session: Session, *, data: CarrierCreate, carrier_id: str | None = None) -> Carrier:
    if session.exec(select(Carrier).where(Carrier.code == data.code)).first() is not None:
        raise CarrierCodeTaken(f"a carrier {data.code} exists")
    carrier = Carrier(
        id=carrier_id or new_id("car"),
        code=data.code,
        name=data.name,
        adapter=data.adapter,
        active=data.active,
    )
    session.add(carrier)
    session.flush()
    bump_generation(session)
    return carrier


def get_carrier(session: Session, *, code: str) -> Carrier:
    carrier = session.exec(select(Carrier).where(Carrier.code == code)).first()
    if carrier is None:
        raise CarrierNotFound(f"no carrier {code}")
    return carrier


WEBHOOK_SECRET_HEADER = "X-Webhook-Secret"


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def set_webhook_secret(session: Session, *, code: str) -> str:
    """A new secret for the carrier's tracking pushes (`POST /v1/carriers/{carrier}/webhooks`), replacing any
    earlier one: returned once, kept only as its SHA-256 (a random 256-bit secret needs no slow hash)."""
    carrier = get_carrier(session, code=code)
    secret = "whsec_" + secrets.token_urlsafe(32)
    carrier.webhook_secret_hash = _secret_hash(secret)
    session.add(carrier)
    session.flush()
    return secret


def verify_webhook_secret(session: Session, *, code: str, presented: str | None) -> None:
    """Refuse (401) a push whose secret is missing or is not the carrier's, or for a carrier with none set or
    unknown, in constant time and with the same answer for each, naming no secret."""
    carrier = session.exec(select(Carrier).where(Carrier.code == code)).first()
    expected = carrier.webhook_secret_hash if carrier is not None else None
    given = _secret_hash(presented or "")
    if not (hmac.compare_digest(expected or "", given) and expected and presented):
        raise WebhookUnauthenticated(f"send the carrier's webhook secret in {WEBHOOK_SECRET_HEADER}")


def list_carriers(session: Session, *, page: PageParams) -> tuple[Sequence[Carrier], bool]:
    return paginate(session, select(Carrier), Carrier.id, page)


# --- services ---------------------------------------------------------------------------------------


def _dims(dims: tuple[Decimal, Decimal, Decimal] | None) -> dict[str, Decimal | None]:
    if dims is None:
        return {"max_length_cm": None, "max_width_cm": None, "max_height_cm": None}
    return {"max_length_cm": dims[0], "max_width_cm": dims[1], "max_height_cm": dims[2]}


def create_service(session: Session, *, data: ServiceCreate, service_id: str | None = None) -> CarrierService:
    carrier = get_carrier(session, code=data.carrier_code)
    if session.exec(select(CarrierService).where(CarrierService.code == data.code)).first() is not None:
        raise ServiceCodeTaken(f"a service {data.code} exists")
    service = CarrierService(
        id=service_id or new_id("svc"),
        code=data.code,
        carrier_id=carrier.id,
        name=data.name,
        mode=data.mode,
        tracked=data.tracked,
        ddp_capable=data.ddp_capable,
        max_weight_g=data.max_weight_g,
        accepts=sorted(set(data.accepts)),
        goods_limits={str(k): v for k, v in data.goods_limits.items()},
        active=data.active,
    )
    for name, value in _dims(data.max_dims_cm).items():
        setattr(service, name, value)
    session.add(service)
    session.flush()
    bump_generation(session)
    return service


def get_service(session: Session, *, code: str) -> CarrierService:
    service = session.exec(select(CarrierService).where(CarrierService.code == code)).first()
    if service is None:
        raise ServiceNotFound(f"no service {code}")
    return service


def update_service(session: Session, *, code: str, data: ServiceUpdate) -> CarrierService:
    service = get_service(session, code=code)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None and name != "max_dims_cm":
            raise InvalidInput.for_field(name, "may not be null")
    if "max_dims_cm" in changes:
        for name, value in _dims(data.max_dims_cm).items():
            setattr(service, name, value)
    for name in ("name", "mode", "tracked", "ddp_capable", "max_weight_g", "active"):
        if name in changes:
            setattr(service, name, changes[name])
    if "accepts" in changes and data.accepts is not None:
        service.accepts = sorted(set(data.accepts))
    if "goods_limits" in changes and data.goods_limits is not None:
        service.goods_limits = {str(k): v for k, v in data.goods_limits.items()}
    service.updated_at = utc_now()
    session.add(service)
    session.flush()
    bump_generation(session)
    return service


def list_services(
    session: Session, *, page: PageParams, carrier_code: str | None = None
) -> tuple[Sequence[CarrierService], bool]:
    stmt = select(CarrierService)
    if carrier_code is not None:
        stmt = stmt.where(CarrierService.carrier_id == get_carrier(session, code=carrier_code).id)
    return paginate(session, stmt, CarrierService.id, page)


def service_read(session: Session, service: CarrierService) -> ServiceRead:
    carrier = session.get(Carrier, service.carrier_id)
    origins = session.exec(
        select(RateSheet.origin_country).where(RateSheet.service_id == service.id).distinct()
    ).all()
    dims = (
        (service.max_length_cm, service.max_width_cm, service.max_height_cm)
        if service.max_length_cm is not None
        and service.max_width_cm is not None
        and service.max_height_cm is not None
        else None
    )
    return ServiceRead(
        id=service.id,
        code=service.code,
        carrier_code=carrier.code if carrier else "",
        name=service.name,
        mode=service.mode,  # type: ignore[arg-type]
        tracked=service.tracked,
        ddp_capable=service.ddp_capable,
        max_weight_g=service.max_weight_g,
        max_dims_cm=dims,
        accepts=list(service.accepts),
        goods_limits=dict(service.goods_limits),
        active=service.active,
        origins=sorted(origins),
        created_at=service.created_at,
        updated_at=service.updated_at,
    )


# --- rate sheets ------------------------------------------------------------------------------------


def _minor(amount: Decimal, currency: str) -> int:
    return Money(amount, currency).to_minor()


def create_rate_sheet(
    session: Session,
    *,
    service_code: str,
    spec: RateSheetSpec,
    source: str = "json",
    sheet_id: str | None = None,
) -> RateSheet:
    """Store a sheet (checked and rounded first). Sheets are immutable: to change prices, add a sheet that
    starts later."""
    service = get_service(session, code=service_code)
    spec = check_sheet(spec)
    clash = session.exec(
        select(RateSheet).where(
            RateSheet.service_id == service.id,
            RateSheet.origin_country == spec.origin_country,
            RateSheet.effective_from == spec.effective_from,
        )
    ).first()
    if clash is not None:
        raise RateSheetOverlap(
            f"sheet {clash.id} of {service_code} from {spec.origin_country} also starts on "
            f"{spec.effective_from}; start the new one on another day"
        )
    rows = rows_of(spec)
    sheet = RateSheet(
        id=sheet_id or new_id("rsh"),
        service_id=service.id,
        name=spec.name,
        origin_country=rows.origin_country,
        currency=rows.currency,
        effective_from=rows.effective_from,
        effective_to=rows.effective_to,
        dim_divisor=rows.dim_divisor,
        min_charge_minor=rows.min_charge_minor,
        fuel_surcharge_pct=rows.fuel_surcharge_pct,
        rounding=rows.rounding,
        source=source,
    )
    session.add(sheet)
    session.flush()
    for position, zone in enumerate(rows.zones):
        session.add(
            RateSheetZone(
                sheet_id=sheet.id,
                position=position,
                code=zone.code,
                countries=zone.countries,
                postal_prefixes=zone.postal_prefixes,
                postal_ranges=zone.postal_ranges,
                polygon=zone.polygon,
                per_extra_kg_minor=zone.per_extra_kg_minor,
                remote_surcharge_minor=zone.remote_surcharge_minor,
                transit=zone.transit,
            )
        )
        for weight, price in zone.breaks:
            session.add(
                RateSheetBreak(sheet_id=sheet.id, zone_code=zone.code, max_weight_g=weight, price_minor=price)
            )
    for position, (country, prefixes, surcharge) in enumerate(rows.remote_areas):
        session.add(
            RateSheetRemoteArea(
                sheet_id=sheet.id,
                position=position,
                country=country,
                postal_prefixes=prefixes,
                surcharge_minor=surcharge,
            )
        )
    session.flush()
    bump_generation(session)
    return sheet


def get_rate_sheet(session: Session, *, sheet_id: str) -> RateSheet:
    sheet = session.get(RateSheet, sheet_id)
    if sheet is None:
        raise RateSheetNotFound(f"no rate sheet {sheet_id}")
    return sheet


def list_rate_sheets(
    session: Session, *, service_code: str, page: PageParams
) -> tuple[Sequence[RateSheet], bool]:
    service = get_service(session, code=service_code)
    return paginate(session, select(RateSheet).where(RateSheet.service_id == service.id), RateSheet.id, page)


def spec_of_rows(name: str, rows: SheetRows) -> RateSheetSpec:
    """The sheet document of stored rows (already checked when stored, so not validated again)."""
    exponent = -currency_exponent(rows.currency)

    def amount(minor: int) -> Decimal:
        return Decimal(minor).scaleb(exponent)

    return RateSheetSpec.model_construct(
        name=name,
        origin_country=rows.origin_country,
        currency=rows.currency,
        effective_from=rows.effective_from,
        effective_to=rows.effective_to,
        dim_divisor=rows.dim_divisor,
        min_charge=amount(rows.min_charge_minor),
        fuel_surcharge_pct=rows.fuel_surcharge_pct,
        rounding=rows.rounding,  # type: ignore[arg-type]
        zones=[
            ZoneSpec.model_construct(
                code=z.code,
                countries=z.countries,
                postal_prefixes=z.postal_prefixes,
                postal_ranges=z.postal_ranges,
                polygon=z.polygon,
                per_extra_kg=None if z.per_extra_kg_minor is None else amount(z.per_extra_kg_minor),
                remote_surcharge=None
                if z.remote_surcharge_minor is None
                else amount(z.remote_surcharge_minor),
                transit=(
                    TransitSpec.model_construct(
                        line_haul=z.transit["line_haul"],
                        clearance=z.transit["clearance"],
                        last_mile=z.transit["last_mile"],
                    )
                    if z.transit
                    else None
                ),
                breaks=[BreakSpec.model_construct(max_weight_g=w, price=amount(p)) for w, p in z.breaks],
            )
            for z in rows.zones
        ],
        remote_areas=[
            RemoteAreaSpec.model_construct(country=c, postal_prefixes=p, surcharge=amount(m))
            for c, p, m in rows.remote_areas
        ],
    )


def sheet_spec(session: Session, sheet: RateSheet) -> RateSheetSpec:
    return spec_of_rows(sheet.name, rows_of_sheets(session, [sheet])[sheet.id])


def service_code_of(session: Session, sheet: RateSheet) -> str:
    service = session.get(CarrierService, sheet.service_id)
    return service.code if service else ""


# --- transit samples ----------------------------------------------------------------------------------


def _days(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        raise InvalidInput.for_field(name, "whole days between 0 and 365")
    return value


def record_transit(
    session: Session,
    *,
    service_code: str,
    origin_country: str,
    destination_country: str,
    zone: str,
    line_haul_days: int,
    clearance_days: int,
    last_mile_days: int,
    delivered_at: datetime,
) -> TransitSample:
    """Record a delivered shipment's legs on its lane (service x origin x zone, the quote's `zone`).

    The network is rebuilt after each of a lane's first LEARNED_AFTER samples (each moves the blend), then
    after every TRANSIT_REBUILD_EVERY-th: a busy lane does not rebuild the snapshot on every delivery.
    """
    get_service(session, code=service_code)
    for name, country in (("origin_country", origin_country), ("destination_country", destination_country)):
        try:
            validate_country(country)
        except ValueError as exc:
            raise InvalidInput.for_field(name, str(exc)) from None
    if delivered_at.tzinfo is None:
        raise InvalidInput.for_field("delivered_at", "a timezone-aware time")
    sample = TransitSample(
        service_code=service_code,
        origin_country=origin_country,
        destination_country=destination_country,
        zone=zone,
        line_haul_days=_days("line_haul_days", line_haul_days),
        clearance_days=_days("clearance_days", clearance_days),
        last_mile_days=_days("last_mile_days", last_mile_days),
        delivered_at=as_utc(delivered_at),
    )
    session.add(sample)
    session.flush()
    count = session.exec(
        select(func.count())
        .select_from(TransitSample)
        .where(
            TransitSample.service_code == service_code,
            TransitSample.origin_country == origin_country,
            TransitSample.zone == zone,
        )
    ).one()
    if count <= LEARNED_AFTER or count % TRANSIT_REBUILD_EVERY == 0:
        bump_generation(session)
    return sample

"""Carriers API: the catalogue, rate sheets (JSON, CSV and YAML) and a dry-run rating.

Admins read and write everything; the dry run (`POST /v1/rates`) is open to shops too.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request, Response

from carriers import service
from carriers.errors import UnsupportedMediaType
from carriers.network import current
from carriers.schemas import (
    CarrierCreate,
    CarrierRead,
    DaysRead,
    RateQuoteRead,
    RateRefusalRead,
    RateSheetRead,
    RateSheetSummary,
    RatesRead,
    RatesRequest,
    ServiceCreate,
    ServiceRead,
    ServiceUpdate,
    TransitRead,
    WebhookSecretRead,
)
from carriers.sheets import CSV_TYPES, YAML_TYPES, RateSheetSpec, parse_sheet, to_csv, to_yaml
from carriers.types import DayPercentiles, Destination, Parcel, RateQuote, TransitProfile
from core.clock import utc_now
from core.http import AdminPrincipal, SessionDep, ShopPrincipal, api_router
from core.money import MoneyModel
from core.openapi import problems
from core.pagination import Page, PageDep

router = api_router(prefix="/v1", tags=["carriers"])

CodePath = Annotated[str, Path(min_length=1, max_length=40)]
SheetIdPath = Annotated[str, Path(min_length=1, max_length=40)]


@router.post("/carriers", status_code=201, summary="Add a carrier (admin)")
def post_carrier(session: SessionDep, _: AdminPrincipal, data: CarrierCreate) -> CarrierRead:
    return CarrierRead.model_validate(service.create_carrier(session, data=data))


@router.get("/carriers", summary="List carriers, newest first (admin)")
def get_carriers(session: SessionDep, _: AdminPrincipal, page: PageDep) -> Page[CarrierRead]:
    rows, more = service.list_carriers(session, page=page)
    return Page(data=[CarrierRead.model_validate(c) for c in rows], has_more=more)


@router.post(
    "/carriers/{code}/webhook-secret",
    status_code=201,
    summary="A new secret for the carrier's tracking pushes, shown once (admin)",
)
def post_webhook_secret(session: SessionDep, _: AdminPrincipal, code: CodePath) -> WebhookSecretRead:
    secret = service.set_webhook_secret(session, code=code)
    return WebhookSecretRead(carrier=code, secret=secret, header=service.WEBHOOK_SECRET_HEADER)


@router.post("/services", status_code=201, summary="Add a service to a carrier (admin)")
def post_service(session: SessionDep, _: AdminPrincipal, data: ServiceCreate) -> ServiceRead:
    return service.service_read(session, service.create_service(session, data=data))


@router.get("/services", summary="List services, newest first (admin)")
def get_services(
    session: SessionDep,
    _: AdminPrincipal,
    page: PageDep,
    carrier: Annotated[str | None, Query(max_length=40, description="Only this carrier's services")] = None,
) -> Page[ServiceRead]:
    rows, more = service.list_services(session, page=page, carrier_code=carrier)
    return Page(data=[service.service_read(session, s) for s in rows], has_more=more)


@router.get("/services/{code}", summary="One service (admin)")
def get_service(session: SessionDep, _: AdminPrincipal, code: CodePath) -> ServiceRead:
    return service.service_read(session, service.get_service(session, code=code))


@router.patch("/services/{code}", summary="Change a service: limits, goods, active (admin)")
def patch_service(session: SessionDep, _: AdminPrincipal, code: CodePath, data: ServiceUpdate) -> ServiceRead:
    return service.service_read(session, service.update_service(session, code=code, data=data))


def _sheet_read(session: SessionDep, sheet_id: str) -> RateSheetRead:
    sheet = service.get_rate_sheet(session, sheet_id=sheet_id)
    spec = service.sheet_spec(session, sheet)
    return RateSheetRead(
        **spec.model_dump(),
        id=sheet.id,
        service_code=service.service_code_of(session, sheet),
        source=sheet.source,
        created_at=sheet.created_at,
    )


@router.get("/services/{code}/rate-sheets", summary="A service's rate sheets, newest first (admin)")
def get_service_sheets(
    session: SessionDep, _: AdminPrincipal, code: CodePath, page: PageDep
) -> Page[RateSheetSummary]:
    rows, more = service.list_rate_sheets(session, service_code=code, page=page)
    return Page(
        data=[
            RateSheetSummary(
                id=s.id,
                service_code=code,
                name=s.name,
                origin_country=s.origin_country,
                currency=s.currency,
                effective_from=s.effective_from,
                effective_to=s.effective_to,
                source=s.source,
                created_at=s.created_at,
            )
            for s in rows
        ],
        has_more=more,
    )


@router.post("/services/{code}/rate-sheets", status_code=201, summary="Add a rate sheet as JSON (admin)")
def post_rate_sheet(
    session: SessionDep, _: AdminPrincipal, code: CodePath, data: RateSheetSpec
) -> RateSheetRead:
    sheet = service.create_rate_sheet(session, service_code=code, spec=data, source="json")
    return _sheet_read(session, sheet.id)


async def _raw_body(request: Request) -> bytes:
    """The request body as sent (the endpoint stays synchronous; only reading the body awaits)."""
    return await request.body()


_EXAMPLE_SHEET = RateSheetSpec.model_validate(
    RateSheetSpec.model_config.get("json_schema_extra", {})["example"]  # type: ignore[index,union-attr]
)
_SHEET_FILES = {
    "text/csv": {"schema": {"type": "string"}, "example": to_csv(_EXAMPLE_SHEET)},
    "application/yaml": {"schema": {"type": "string"}, "example": to_yaml(_EXAMPLE_SHEET)},
}
"""The rate sheet's own example as the files it imports and exports."""
_IMPORT_BODY = {"requestBody": {"required": True, "content": _SHEET_FILES}}


@router.post(
    "/services/{code}/rate-sheets/import",
    status_code=201,
    summary="Import a rate sheet file: CSV (text/csv) or YAML (application/yaml) (admin)",
    description="One sheet per file; the formats are described in `carriers.sheets`. A bad file is refused "
    'with each error naming its place: `{"field": "row 7, column price"}` (CSV) or '
    '`{"field": "line 14, zones[0].breaks[1].price"}` (YAML).',
    openapi_extra=_IMPORT_BODY,
    responses=problems(415),
)
def import_rate_sheet(
    session: SessionDep,
    _: AdminPrincipal,
    code: CodePath,
    request: Request,
    body: Annotated[bytes, Depends(_raw_body)],
) -> RateSheetRead:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in CSV_TYPES | YAML_TYPES:
        raise UnsupportedMediaType(
            f"send the sheet as text/csv or application/yaml, not {media_type or 'nothing'}"
        )
    service.get_service(session, code=code)
    spec = parse_sheet(body, media_type=media_type)
    source = "csv" if media_type in CSV_TYPES else "yaml"
    sheet = service.create_rate_sheet(session, service_code=code, spec=spec, source=source)
    return _sheet_read(session, sheet.id)


@router.get("/rate-sheets/{sheet_id}", summary="One rate sheet with its zones and prices (admin)")
def get_rate_sheet(session: SessionDep, _: AdminPrincipal, sheet_id: SheetIdPath) -> RateSheetRead:
    return _sheet_read(session, sheet_id)


@router.get(
    "/rate-sheets/{sheet_id}/export",
    summary="A rate sheet as a CSV or YAML file (admin)",
    response_class=Response,
    responses={200: {"content": _SHEET_FILES}},
)
def export_rate_sheet(
    session: SessionDep,
    _: AdminPrincipal,
    sheet_id: SheetIdPath,
    format: Annotated[Literal["csv", "yaml"], Query(description="csv or yaml")] = "csv",
) -> Response:
    sheet = service.get_rate_sheet(session, sheet_id=sheet_id)
    spec = service.sheet_spec(session, sheet)
    if format == "csv":
        content, media_type = to_csv(spec), "text/csv; charset=utf-8"
    else:
        content, media_type = to_yaml(spec), "application/yaml"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{sheet.id}.{format}"'},
    )


# --- dry run ----------------------------------------------------------------------------------------


def _days(d: DayPercentiles) -> DaysRead:
    return DaysRead(p10=d.p10, p50=d.p50, p90=d.p90)


def _transit(profile: TransitProfile | None) -> TransitRead | None:
    if profile is None:
        return None
    return TransitRead(
        line_haul=_days(profile.line_haul),
        clearance=_days(profile.clearance),
        last_mile=_days(profile.last_mile),
        source=profile.source,
        samples=profile.samples,
    )


@router.post(
    "/rates",
    summary="Rate one parcel on every service from an origin (dry run; shop or admin)",
    operation_id="rateParcel",
)
def post_rates(_: ShopPrincipal, data: RatesRequest) -> RatesRead:
    network = current()
    on: date = data.on or utc_now().date()
    point = None
    if data.destination.point is not None:
        point = (float(data.destination.point.lat), float(data.destination.point.lon))  # geometry is float
    destination = Destination(data.destination.country, data.destination.postal_code, point)
    parcel = Parcel(data.parcel.weight_g, data.parcel.dims_cm, frozenset(data.parcel.goods))
    quotes: list[RateQuoteRead] = []
    refusals: list[RateRefusalRead] = []
    for info in network.services_from(data.origin_country):
        result = network.rate(
            info.code, origin_country=data.origin_country, destination=destination, parcel=parcel, on=on
        )
        if not isinstance(result, RateQuote):
            refusals.append(
                RateRefusalRead(service_code=info.code, reason=result.reason, message=result.message)
            )
            continue
        profile = network.transit(
            info.code, origin_country=data.origin_country, destination=destination, on=on
        )
        quotes.append(
            RateQuoteRead(
                service_code=info.code,
                carrier_code=info.carrier_code,
                service_name=info.name,
                mode=info.mode,
                price=MoneyModel.of(result.price),
                base=MoneyModel.of(result.base),
                fuel=MoneyModel.of(result.fuel),
                remote_area=MoneyModel.of(result.remote_area),
                minimum_charge_applied=result.minimum_charge_applied,
                billable_weight_g=result.billable_weight_g,
                zone=result.zone,
                sheet_id=result.sheet_id,
                transit=_transit(profile),
            )
        )
    quotes.sort(key=lambda q: (q.price.currency, q.price.to_money().amount, q.service_code))
    return RatesRead(origin_country=data.origin_country, on=on, quotes=quotes, refusals=refusals)

"""The settlement endpoints. A merchant or creator key (a payee's) sees only its own balance, payouts, lines,
statements and settings (another payee's payout is a 404); an admin sees any, naming the merchant with
`?merchant_id=` or the creator with `?creator_id=`. Runs,
confirmations, statement imports and the ledger's write endpoints are admin-only. The Stripe webhook takes no
API key: it is authenticated by Stripe's signature.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from core.auth import Principal
from core.errors import InvalidInput
from core.http import AdminPrincipal, MerchantPrincipal, SessionDep, api_router, requires
from core.jobs import enqueue
from core.limits import WindowDate
from core.merchants import MerchantNotFound, merchant_info
from core.models import Creator, Role
from core.money import Money, MoneyModel
from core.pagination import PageDep
from settlement import ledger, payout_changes, payouts, reports, reserves, service, taxes
from settlement.errors import PayoutNotFound
from settlement.payees import PayeeRef, PayeeType, payee_scope
from settlement.schemas import (
    BalanceRead,
    BalanceTransactionList,
    BalanceTransactionRead,
    DeliveryCreate,
    DeliveryRead,
    LedgerTransactionRead,
    PayeeRead,
    PayoutConfirm,
    PayoutFail,
    PayoutList,
    PayoutRead,
    PayoutSettingChangeDecision,
    PayoutSettingChangeList,
    PayoutSettingChangeRead,
    PayoutSettingsRead,
    PayoutSettingsUpdate,
    RefundCreate,
    ReturnRateList,
    SaleCreate,
    SettlementRunCreate,
    SettlementRunList,
    SettlementRunRead,
    StatementImportRead,
    TaxLiabilityList,
    TaxLiabilityRead,
    TaxRemittanceCreate,
    TaxRemittanceRead,
)

router = api_router(prefix="/v1", tags=["settlement"])

MerchantQuery = Annotated[str | None, Query(max_length=40, description="Admin: the merchant to look at")]
CreatorQuery = Annotated[str | None, Query(max_length=40, description="Admin: the creator to look at")]
STATEMENT_EXAMPLE = (
    ",".join(reports.STATEMENT_COLUMNS)
    + "\n2026-03-02,txn_01JF8Z3K9V6Q2W4X5Y7Z8A9B0C,sale,ord_01JF8Z3K9V6Q2W4X5Y7Z8A9B0C,pending,USD,"
    + "33.20,33.20,40.00,4.00,0.00,1.60,1.20,0.00,0.00,0.00,33.20\n"
)
VAT_RETURN_EXAMPLE = (
    "period,member_state_of_consumption,scheme,vat_rate,currency,taxable_amount,vat\n"
    "2026-03,DE,ioss,0.19,EUR,100.00,19.00\n"
)
PayeePrincipal = Annotated[Principal, Depends(requires(Role.merchant, Role.creator, Role.admin))]
"""A payee's key (a merchant's or a creator's, about itself) or an admin's (naming the payee)."""


def _merchant(principal: Principal, requested: str | None) -> str:
    merchant_id = principal.merchant_scope(requested)
    if merchant_id is None:
        raise InvalidInput.for_field("merchant_id", "name the merchant (?merchant_id=)")
    try:
        merchant_info(merchant_id)
    except MerchantNotFound:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}") from None
    return merchant_id


def _payee(
    session: SessionDep, principal: Principal, merchant_id: str | None, creator_id: str | None
) -> PayeeRef:
    """The payee a request is about (a payee's key: itself), which must exist (422 naming the field)."""
    ref = payee_scope(principal, merchant_id=merchant_id, creator_id=creator_id)
    if ref is None:
        raise InvalidInput.for_field(
            "merchant_id", "name the merchant (?merchant_id=) or creator (?creator_id=)"
        )
    if ref.type is PayeeType.merchant:
        _merchant(principal, ref.id)
    elif session.get(Creator, ref.id) is None:
        raise InvalidInput.for_field("creator_id", f"no creator {ref.id}")
    return ref


@router.get("/balance", summary="A payee's balances: available, pending, reserved, in transit")
def get_balance(
    session: SessionDep,
    principal: PayeePrincipal,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> BalanceRead:
    ref = _payee(session, principal, merchant_id, creator_id)
    b = ledger.payee_balances(session, ref.type.value, ref.id)
    conv = {k: [service_money(m) for m in v] for k, v in b.items()}
    return BalanceRead(merchant_id=ref.merchant_id, payee=PayeeRead.of(ref), **conv)


def service_money(m: Money) -> Any:
    return MoneyModel.of(m)


@router.get("/payouts", summary="Payouts, newest first (filter by status and creation date)")
def get_payouts(
    session: SessionDep,
    principal: PayeePrincipal,
    page: PageDep,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
    status: Annotated[str | None, Query(pattern="^(pending|submitting|in_transit|paid|failed)$")] = None,
    created_from: Annotated[WindowDate | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    created_to: Annotated[WindowDate | None, Query(description="YYYY-MM-DD, inclusive")] = None,
) -> PayoutList:
    scope = payee_scope(principal, merchant_id=merchant_id, creator_id=creator_id)
    rows, more = payouts.list_payouts(
        session,
        payee=scope,
        status=status,
        created_from=created_from,
        created_to=created_to,
        limit=page.limit,
        starting_after=page.starting_after,
    )
    return PayoutList(data=[PayoutRead.of(p) for p in rows], has_more=more)


@router.get("/payouts/{payout_id}", summary="One payout")
def get_payout(session: SessionDep, principal: PayeePrincipal, payout_id: str) -> PayoutRead:
    return PayoutRead.of(payouts.get_payout(session, payout_id=payout_id, principal=principal))


@router.get(
    "/balance-transactions",
    summary="The lines of a payout (or of the next payout): orders, refunds, in transaction order",
)
def get_balance_transactions(
    session: SessionDep,
    principal: PayeePrincipal,
    page: PageDep,
    payout: Annotated[str | None, Query(max_length=40)] = None,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> BalanceTransactionList:
    if payout is not None:
        p = payouts.get_payout(session, payout_id=payout, principal=principal)
        lines, more = payouts.payout_lines_page(
            session, payout=p, limit=page.limit, starting_after=page.starting_after
        )
    else:
        lines, more = payouts.upcoming_lines_page(
            session,
            payee=_payee(session, principal, merchant_id, creator_id),
            limit=page.limit,
            starting_after=page.starting_after,
        )
    return BalanceTransactionList(data=[BalanceTransactionRead.of(line) for line in lines], has_more=more)


@router.get(
    "/statements/{month}",
    summary="The month's ledger lines with running balances, as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": STATEMENT_EXAMPLE}}}},
)
def get_statement(
    session: SessionDep,
    principal: PayeePrincipal,
    month: str,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> Response:
    reports.month_bounds(month)  # a bad month is named before the payee
    ref = _payee(session, principal, merchant_id, creator_id)
    statement = reports.statement_csv(session, payee=ref, month=month)
    return Response(
        statement.content,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{statement.filename}"'},
    )


@router.get(
    "/payout-settings", summary="A payee's payout settings in force", operation_id="getPayoutSettings"
)
def get_payout_settings(
    session: SessionDep,
    principal: PayeePrincipal,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> PayoutSettingsRead:
    ref = _payee(session, principal, merchant_id, creator_id)
    return PayoutSettingsRead.of(payout_changes.get_settings_in_force(session, payee=ref))


@router.put(
    "/payout-settings",
    summary="Set the interval, minimum, currency, method and bank or Stripe account",
    description=(
        "Interval, weekly anchor, minimum and a longer hold apply at once (200, the settings). A change of "
        "the bank or Stripe account, payout currency or method, or a hold below the policy's minimum, waits "
        "for an admin's approval (another person than the requester) and a cooling-off period: 202, the "
        "pending change. A payee's first settings apply at once, except a hold below the minimum. A merchant "
        "or creator key sets its own; an admin names the payee (?merchant_id= or ?creator_id=)."
    ),
    responses={202: {"model": PayoutSettingChangeRead, "description": "A change waiting for approval"}},
)
def put_payout_settings(
    session: SessionDep,
    principal: PayeePrincipal,
    data: PayoutSettingsUpdate,
    response: Response,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
) -> PayoutSettingsRead | PayoutSettingChangeRead:
    ref = _payee(session, principal, merchant_id, creator_id)
    done = payout_changes.request_settings(session, payee=ref, data=data, actor=principal.actor_id)
    if done.change is not None:
        response.status_code = 202
        return PayoutSettingChangeRead.of(done.change)
    return PayoutSettingsRead.of(done.settings)


@router.get("/payout-setting-changes", summary="Changes of payout settings, newest first (a payee: its own)")
def get_payout_setting_changes(
    session: SessionDep,
    principal: PayeePrincipal,
    page: PageDep,
    merchant_id: MerchantQuery = None,
    creator_id: CreatorQuery = None,
    status: Annotated[
        str | None, Query(pattern="^(pending_approval|approved|applied|rejected|superseded)$")
    ] = None,
) -> PayoutSettingChangeList:
    scope = payee_scope(principal, merchant_id=merchant_id, creator_id=creator_id)
    rows, more = payout_changes.list_changes(session, payee=scope, status=status, page=page)
    return PayoutSettingChangeList(data=[PayoutSettingChangeRead.of(c) for c in rows], has_more=more)


@router.get("/payout-setting-changes/{change_id}", summary="One change of payout settings")
def get_payout_setting_change(
    session: SessionDep, principal: PayeePrincipal, change_id: str
) -> PayoutSettingChangeRead:
    return PayoutSettingChangeRead.of(
        payout_changes.get_change(session, change_id=change_id, scope=payee_scope(principal))
    )


@router.post(
    "/payout-setting-changes/{change_id}/approve",
    summary="Approve a change (admin; not the requester): in force after the cooling-off period",
)
def post_approve_payout_setting_change(
    session: SessionDep,
    principal: AdminPrincipal,
    change_id: str,
    data: PayoutSettingChangeDecision | None = None,
) -> PayoutSettingChangeRead:
    return PayoutSettingChangeRead.of(
        payout_changes.approve_change(
            session, change_id=change_id, actor=principal.actor_id, note=data.reason if data else ""
        )
    )


@router.post(
    "/payout-setting-changes/{change_id}/reject",
    summary="Reject a change, or withdraw one in its cooling-off period (admin): the settings stay",
)
def post_reject_payout_setting_change(
    session: SessionDep,
    principal: AdminPrincipal,
    change_id: str,
    data: PayoutSettingChangeDecision | None = None,
) -> PayoutSettingChangeRead:
    return PayoutSettingChangeRead.of(
        payout_changes.reject_change(
            session, change_id=change_id, actor=principal.actor_id, reason=data.reason if data else ""
        )
    )


# --- runs (admin) ------------------------------------------------------------------------------------------


def _run_read(session: SessionDep, run_id: str, *, reconcile: bool = False) -> SettlementRunRead:
    run = payouts.get_run(session, run_id=run_id)
    rec = payouts.reconcile(session, run_id=run_id) if reconcile else None
    return SettlementRunRead.of(run, payouts=payouts.runs_payout_count(session, run_id), reconciliation=rec)


@router.post(
    "/settlement-runs", status_code=202, summary="Start (or resume) the current window's run (admin)"
)
def post_settlement_run(
    session: SessionDep, principal: AdminPrincipal, data: SettlementRunCreate | None = None
) -> SettlementRunRead:
    run = payouts.request_run(
        session,
        merchant_id=data.merchant_id if data else None,
        creator_id=data.creator_id if data else None,
        requested_by=principal.actor_id,
    )
    session.flush()
    run_id = run.id
    # executed in the background once the request commits: by a worker (the embedded one of `serve`, or
    # Redis's), in this process only when tasks run eagerly; the client follows GET /v1/settlement-runs/{id}
    enqueue(session, "settlement.execute_run", run_id=run_id)
    return _run_read(session, run_id)


@router.get("/settlement-runs", summary="Settlement runs, newest first (admin)")
def get_settlement_runs(session: SessionDep, _: AdminPrincipal, page: PageDep) -> SettlementRunList:
    rows, more = payouts.list_runs(session, limit=page.limit, starting_after=page.starting_after)
    return SettlementRunList(
        data=[SettlementRunRead.of(r, payouts=payouts.runs_payout_count(session, r.id)) for r in rows],
        has_more=more,
    )


@router.get("/settlement-runs/{run_id}", summary="A run with its reconciliation (admin)")
def get_settlement_run(session: SessionDep, _: AdminPrincipal, run_id: str) -> SettlementRunRead:
    return _run_read(session, run_id, reconcile=True)


# --- confirmations (admin) and the Stripe webhook -----------------------------------------------------------


@router.post("/payouts/{payout_id}/confirm", summary="The bank paid the payout (admin)")
def post_confirm(
    session: SessionDep, _: AdminPrincipal, payout_id: str, data: PayoutConfirm | None = None
) -> PayoutRead:
    ext = f"admin:{payout_id}:{data.reference}" if data and data.reference else None
    return PayoutRead.of(
        payouts.confirm_payout(session, payout_id=payout_id, source="admin", external_id=ext)
    )


@router.post("/payouts/{payout_id}/fail", summary="The payout failed or came back (admin)")
def post_fail(session: SessionDep, _: AdminPrincipal, payout_id: str, data: PayoutFail) -> PayoutRead:
    return PayoutRead.of(
        payouts.fail_payout(
            session,
            payout_id=payout_id,
            failure_code=data.failure_code,
            failure_message=data.failure_message,
            source="admin",
        )
    )


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


_CAMT_EXAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-2026-11-25</MsgId><CreDtTm>2026-11-25T06:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-2026-11-25-1</Id><CreDtTm>2026-11-25T06:00:00Z</CreDtTm>
      <Ntry>
        <Amt Ccy="EUR">72.17</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <AcctSvcrRef>BANK-REF-1</AcctSvcrRef>
        <NtryDtls><TxDtls><Refs><EndToEndId>po_01KBQ6Z6W4ZP0J8J4M5W2B7H3X</EndToEndId></Refs></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""
_MT940_EXAMPLE = """:20:STMT-2026-11-25
:25:DE89370400440532013000
:28C:1/1
:60F:C261124EUR1000,00
:61:2611251125D72,17NTRFNONREF//BANK-REF-1
:86:/EREF/po_01KBQ6Z6W4ZP0J8J4M5W2B7H3X
:62F:C261125EUR927,83
"""
_STATEMENT_BODY = {
    "required": True,
    "description": "A bank statement: the project's CSV, camt.053 or camt.054 (ISO 20022, version 001.02) or "
    "MT940, chosen by the content type (or, for another one, by the statement's first characters)",
    "content": {
        "text/csv": {
            "schema": {"type": "string"},
            "example": "reference,amount,currency,status,failure_code\n"
            "po_01KBQ6Z6W4ZP0J8J4M5W2B7H3X,72.17,USD,paid,\n",
        },
        "application/xml": {"schema": {"type": "string"}, "example": _CAMT_EXAMPLE},
        "application/x-mt940": {"schema": {"type": "string"}, "example": _MT940_EXAMPLE},
    },
}


@router.post(
    "/bank-statements",
    summary="Import a bank statement (CSV, camt.053/camt.054 or MT940) to confirm and fail payouts (admin)",
    description="Booked debits confirm the payouts they name (by end-to-end id, else provider reference); "
    "returned entries fail them with the bank's reason code. A camt document is validated against its schema "
    "first, and a statement that is not readable is a 422 naming where; a line imported before is counted "
    "in `duplicates` and changes nothing.",
    openapi_extra={"requestBody": _STATEMENT_BODY},
    operation_id="importBankStatement",
)
def post_bank_statement(
    session: SessionDep, _: AdminPrincipal, body: RawBody, request: Request
) -> StatementImportRead:
    r = payouts.import_statement(session, content=body, media_type=request.headers.get("content-type"))
    return StatementImportRead(
        format=r.format,
        lines=r.lines,
        paid=r.paid,
        failed=r.failed,
        duplicates=r.duplicates,
        unmatched=r.unmatched,
    )


@router.post(
    "/webhooks/stripe",
    summary="Stripe events (signed; no API key)",
    operation_id="receiveStripeWebhook",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "description": "A Stripe event"}}},
        }
    },
)
def post_stripe_webhook(
    session: SessionDep,
    body: RawBody,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> JSONResponse:
    result = payouts.handle_stripe_webhook(session, payload=body, signature=stripe_signature)
    return JSONResponse(result)


# --- the ledger's write side (admin: imports, corrections of the order flow)


def _txn(t: Any) -> LedgerTransactionRead:
    return LedgerTransactionRead(
        id=t.id,
        idempotency_key=t.idempotency_key,
        kind=t.kind,
        reference=t.reference,
        occurred_at=t.occurred_at,
        fx_rate=str(t.fx_rate) if t.fx_rate is not None else None,
    )


def _decimal(value: str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        d = Decimal(value)
    except InvalidOperation:
        raise InvalidInput.for_field(field, "a decimal number as a string") from None
    if not d.is_finite() or d <= 0:
        raise InvalidInput.for_field(field, "must be a positive decimal")
    return d


@router.post("/settlement/sales", status_code=201, summary="Record a paid order in the ledger (admin)")
def post_sale(session: SessionDep, _: AdminPrincipal, data: SaleCreate) -> LedgerTransactionRead:
    t = service.record_sale(
        session,
        order_id=data.order_id,
        merchant_id=data.merchant_id,
        amount=data.amount.to_money(),
        category=data.category,
        fx_rate=_decimal(data.fx_rate, "fx_rate"),
        fx_quote_id=data.fx_quote_id,
        affiliate_id=data.affiliate_id,
        affiliate_bps=data.affiliate_bps,
        fulfillment=data.fulfillment,
        items=data.items,
        shipping_fee=data.shipping_fee.to_money() if data.shipping_fee else None,
        paid_at=data.paid_at,
    )
    return _txn(t)


@router.post("/settlement/deliveries", status_code=201, summary="Record a delivery (admin)")
def post_delivery(session: SessionDep, _: AdminPrincipal, data: DeliveryCreate) -> DeliveryRead:
    d = service.record_delivery(session, order_id=data.order_id, delivered_at=data.delivered_at)
    return DeliveryRead(
        order_id=d.order_id,
        delivered_at=d.delivered_at,
        available_on=d.available_on,
        reserve_release_on=d.reserve_release_on,
        hold_reasons=list(d.hold_reasons),
        released=d.released,
    )


@router.post("/settlement/refunds", status_code=201, summary="Record a refund (admin)")
def post_refund(session: SessionDep, _: AdminPrincipal, data: RefundCreate) -> LedgerTransactionRead:
    t = service.record_refund(
        session,
        refund_id=data.refund_id,
        order_id=data.order_id,
        amount=data.amount.to_money(),
        refunded_at=data.refunded_at,
    )
    return _txn(t)


__all__ = ["PayoutNotFound", "router"]


# --- duties and import taxes owed to authorities ----------------------------------------------------------

TaxReader = Annotated[Principal, Depends(requires(Role.admin, Role.compliance_officer))]


@router.get(
    "/tax-liabilities", summary="Duties and import taxes collected and owed, per jurisdiction (month)"
)
def get_tax_liabilities(
    session: SessionDep,
    _: TaxReader,
    period: Annotated[str, Query(description="YYYY-MM (UTC)", max_length=7)],
    jurisdiction: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
) -> TaxLiabilityList:
    rows = taxes.liabilities(session, period=period, jurisdiction=jurisdiction)
    return TaxLiabilityList(
        period=period,
        data=[
            TaxLiabilityRead(
                jurisdiction=r.jurisdiction,
                scheme=r.scheme,
                kind=r.kind,  # type: ignore[arg-type]
                currency=r.currency,
                collected=MoneyModel.of(r.collected),
                refunded=MoneyModel.of(r.refunded),
                remitted=MoneyModel.of(r.remitted),
                due=MoneyModel.of(r.due),
                orders=r.orders,
            )
            for r in rows
        ],
    )


@router.get(
    "/tax-liabilities/{period}.csv",
    summary="An IOSS-style VAT return for the month: member state, rate, taxable amount, VAT",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": VAT_RETURN_EXAMPLE}}}},
    operation_id="getVatReturn",
)
def get_tax_return(session: SessionDep, _: TaxReader, period: str) -> Response:
    taxes.period_bounds(period)
    return Response(
        taxes.return_csv(session, period=period),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="vat-return-{period}.csv"'},
    )


@router.post(
    "/tax-remittances",
    status_code=201,
    summary="Record a payment to an authority: moves the amount from payable to paid (admin, idempotent)",
)
def post_tax_remittance(
    session: SessionDep,
    principal: AdminPrincipal,
    data: TaxRemittanceCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=100)] = None,
) -> TaxRemittanceRead:
    key = idempotency_key or f"{data.jurisdiction.upper()}:{data.kind}:{data.period}:{data.reference}"
    r = taxes.remit(
        session,
        key=key,
        jurisdiction=data.jurisdiction,
        kind=data.kind,
        period=data.period,
        amount=data.amount.to_money(),
        reference=data.reference,
        actor=principal.actor_id,
    )
    return TaxRemittanceRead(
        id=r.id,
        jurisdiction=r.jurisdiction,
        kind=r.kind,
        period=r.period,
        amount=MoneyModel.of(Money.from_minor(r.amount_minor, r.currency)),
        reference=r.reference,
        transaction_id=r.txn_id,
        created_at=r.created_at,
    )


# --- return rates and the reserves they raise -------------------------------------------------------------


@router.get(
    "/return-rates",
    summary="The merchant's rolling return rate per category, whether it is flagged and the reserve new"
    " sales hold",
)
def get_return_rates(
    session: SessionDep, principal: MerchantPrincipal, merchant_id: MerchantQuery = None
) -> ReturnRateList:
    mid = _merchant(principal, merchant_id)
    return ReturnRateList.of(reserves.return_rates(session, merchant_id=mid))

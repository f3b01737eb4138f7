"""What providers report after a payout is submitted: confirmations, failures, Stripe webhooks, bank
statements."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import stripe
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.config import get_settings
from core.errors import InvalidInput
from core.events import NewEvent, declare, record_events
from core.models import Role
from core.money import Money
from settlement import ledger
from settlement.errors import (
    PayoutNotFound,
    PayoutStateConflict,
    StatementInvalid,
    WebhookSignatureInvalid,
)
from settlement.ledger import Posting, payee_account, platform_account
from settlement.models import (
    AccountKind,
    Payout,
    PayoutEvent,
    PayoutStatus,
)
from settlement.payouts.statements import read_statement
from settlement.rails import RailAmountRefused, to_rail_units

log = logging.getLogger(__name__)

PAYEES = (Role.merchant, Role.creator)
PAYOUT_SUBMITTED = declare("payout.submitted", "A payout was handed to its rail", readers=PAYEES)
PAYOUT_PAID = declare("payout.paid", "A payout arrived", readers=PAYEES)
PAYOUT_FAILED = declare(
    "payout.failed", "A payout failed or came back; its amount is available again", readers=PAYEES
)


ANNOUNCED = (
    "id",
    "merchant_id",
    "payee_type",
    "payee_id",
    "run_id",
    "status",
    "payout_amount_minor",
    "payout_currency",
    "arrival_date",
    "method",
    "destination",
    "failure_code",
    "failure_message",
)
"""The payout fields its events show (`announce_many` takes them as a mapping)."""


def announce(session: Session, payout: Payout, type: str) -> None:
    """Record the payout event `type` for its payee, in this transaction."""
    announce_many(session, [{name: getattr(payout, name) for name in ANNOUNCED}], type)


def announce_many(session: Session, payouts: Sequence[Mapping[str, Any]], type: str) -> None:
    """Record the payout event `type` for each payout (its `ANNOUNCED` fields), in this transaction."""
    events = []
    for p in payouts:
        currency = p["payout_currency"]
        # what MoneyModel.of(...).model_dump() gives for an amount of the currency, without a model per payout
        amount = {
            "amount": Money.from_minor(p["payout_amount_minor"], currency).format_amount(),
            "currency": currency,
        }
        obj = {
            "id": p["id"],
            "merchant_id": p["merchant_id"],
            "payee": {"type": p["payee_type"], "id": p["payee_id"]},
            "run_id": p["run_id"],
            "status": p["status"],
            "amount": amount,
            "arrival_date": p["arrival_date"].isoformat() if p["arrival_date"] else None,
            "method": p["method"],
            "destination": p["destination"],
            "failure_code": p["failure_code"],
            "failure_message": p["failure_message"],
        }
        creator = p["payee_id"] if p["payee_type"] == "creator" else None
        events.append(NewEvent(p["id"], {"object": obj}, merchant_id=p["merchant_id"], creator_id=creator))
    record_events(session, type, events)


def payout_event(
    session: Session,
    *,
    payout: Payout | None,
    kind: str,
    source: str,
    external_id: str | None = None,
    amount_minor: int | None = None,
    currency: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        PayoutEvent(
            payout_id=payout.id if payout else None,
            kind=kind,
            source=source,
            external_id=external_id,
            amount_minor=amount_minor,
            currency=currency,
            details=details,
        )
    )


def _locked_payout(session: Session, payout_id: str) -> Payout:
    payout = session.exec(
        select(Payout)
        .where(col(Payout.id) == payout_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if payout is None:
        raise PayoutNotFound(f"no payout {payout_id}")
    return payout


def _seen(session: Session, external_id: str | None) -> bool:
    if external_id is None:
        return False
    return (
        session.exec(select(col(PayoutEvent.id)).where(col(PayoutEvent.external_id) == external_id)).first()
        is not None
    )


@dataclass(frozen=True, slots=True)
class Report:
    """What a provider says was paid, in the rail's own units: Stripe's integer units, a statement's
    decimal amount (the bank's units are the currency's). `amount` None: the report carries none."""

    amount: int | Decimal | None
    currency: str
    units: Literal["stripe", "decimal"]


def expected_report(payout: Payout, units: Literal["stripe", "decimal"]) -> Report:
    """What a provider should report for `payout`: its amount in the units the rail was sent."""
    if units == "decimal":
        money = Money.from_minor(payout.payout_amount_minor, payout.payout_currency)
        return Report(money.amount, money.currency, units)
    try:
        sent = to_rail_units((payout.payout_amount_minor, payout.payout_currency), "stripe", call="payout")
    except RailAmountRefused:  # never sent to Stripe: no Stripe amount can confirm it
        return Report(None, payout.payout_currency, units)
    return Report(sent, payout.payout_currency, units)


def report_differs(payout: Payout, reported: Report) -> str | None:
    """Why `reported` is not what `payout` sent (None when it is): another currency or amount. Exact, in the
    rail's units: 1 JPY does not confirm USD 85.26, nor does USD 85.261."""
    expected = expected_report(payout, reported.units)
    if (
        reported.amount is not None
        and expected.amount is not None
        and reported.currency == expected.currency
        and reported.amount == expected.amount
    ):
        return None
    units = " (Stripe's units)" if reported.units == "stripe" else ""
    return (
        f"reported {reported.amount if reported.amount is not None else 'no amount'} {reported.currency[:3]}"
        f"{units}, expected {expected.amount} {expected.currency}"
    )


def record_mismatch(
    session: Session, payout: Payout, reported: Report, *, reason: str, source: str, external_id: str | None
) -> None:
    """Keep the report and leave the payout open: reconciliation lists it until a matching confirmation
    or a failure settles the payout."""
    expected = expected_report(payout, reported.units)
    payout_event(
        session,
        payout=payout,
        kind="mismatch",
        source=source,
        external_id=external_id,
        details={
            "reported_amount": None if reported.amount is None else str(reported.amount),
            "reported_currency": reported.currency[:3],
            "expected_amount": str(expected.amount),
            "expected_currency": expected.currency,
            "units": reported.units,
            "reason": reason[:300],
        },
    )
    log.warning(
        "payout report differs from the payout",
        extra={"payout_id": payout.id, "source": source, "reason": reason[:300]},
    )
    session.flush()


def confirm_payout(
    session: Session,
    *,
    payout_id: str,
    source: str,
    external_id: str | None = None,
    amount_minor: int | None = None,
    currency: str | None = None,
) -> Payout:
    """The payout arrived: in transit -> settled. Confirming a paid payout again changes nothing."""
    payout = _locked_payout(session, payout_id)
    if _seen(session, external_id) or payout.status == PayoutStatus.paid.value:
        return payout
    if payout.status not in (PayoutStatus.in_transit.value, PayoutStatus.submitting.value):
        raise PayoutStateConflict(
            f"payout {payout_id} is {payout.status}; only a submitted payout can be paid"
        )
    ledger.post(
        session,
        Posting(
            key=f"payout-paid:{payout.id}",
            kind="payout_paid",
            reference=payout.id,
            occurred_at=utc_now(),
            lines=[
                (
                    payee_account(
                        payout.payee_type, payout.payee_id, AccountKind.in_transit, payout.payout_currency
                    ),
                    -payout.payout_amount_minor,
                ),
                (platform_account(AccountKind.cash, payout.payout_currency), payout.payout_amount_minor),
            ],
        ),
    )
    payout.status = PayoutStatus.paid.value
    payout.settled_at = utc_now()
    session.add(payout)
    payout_event(
        session,
        payout=payout,
        kind="paid",
        source=source,
        external_id=external_id,
        amount_minor=payout.payout_amount_minor if amount_minor is None else amount_minor,
        currency=currency or payout.payout_currency,
    )
    announce(session, payout, PAYOUT_PAID)
    session.flush()
    return payout


def record_failure(
    session: Session,
    payout: Payout,
    *,
    failure_code: str,
    message: str | None,
    source: str,
    external_id: str | None = None,
) -> None:
    now = utc_now()
    if payout.status == PayoutStatus.paid.value:
        paid = ledger.existing_transactions(session, [f"payout-paid:{payout.id}"]).get(
            f"payout-paid:{payout.id}"
        )
        if paid is not None:
            ledger.post(
                session,
                Posting(
                    key=f"payout-returned:{payout.id}",
                    kind="payout_returned",
                    reference=payout.id,
                    occurred_at=now,
                    lines=ledger.reversal_of(session, paid),
                ),
            )
    ledger.post(
        session,
        Posting(
            key=f"payout-failed:{payout.id}",
            kind="payout_failure",
            reference=payout.id,
            occurred_at=now,
            lines=ledger.reversal_of(session, payout.ledger_txn_id),
            fx_rate=payout.fx_rate,
        ),
    )
    payout.status = PayoutStatus.failed.value
    payout.failure_code = failure_code[:60]
    payout.failure_message = (message or "")[:500] or None
    payout.settled_at = now
    session.add(payout)
    payout_event(
        session,
        payout=payout,
        kind="failed",
        source=source,
        external_id=external_id,
        amount_minor=payout.payout_amount_minor,
        currency=payout.payout_currency,
        details={"failure_code": failure_code},
    )
    announce(session, payout, PAYOUT_FAILED)
    session.flush()


def fail_payout(
    session: Session,
    *,
    payout_id: str,
    failure_code: str,
    failure_message: str | None = None,
    source: str,
    external_id: str | None = None,
) -> Payout:
    """The payout failed or came back: its amount is available again; failing it again changes nothing."""
    if not failure_code or len(failure_code) > 60:
        raise InvalidInput.for_field("failure_code", "1 to 60 characters")
    payout = _locked_payout(session, payout_id)
    if _seen(session, external_id) or payout.status == PayoutStatus.failed.value:
        return payout
    record_failure(
        session,
        payout,
        failure_code=failure_code,
        message=failure_message,
        source=source,
        external_id=external_id,
    )
    return payout


@dataclass(slots=True)
class StatementResult:
    format: str = "csv"
    lines: int = 0
    paid: int = 0
    failed: int = 0
    duplicates: int = 0
    unmatched: list[dict[str, str]] = field(default_factory=list)


def _statement_report(row: dict[str, str], n: str) -> Report:
    """A statement line's amount and currency, exactly as written (never rounded to the currency)."""
    currency = row["currency"].upper()
    try:
        amount = Decimal(row["amount"])
        Money(amount, currency)  # a known currency, a finite amount
    except (ValueError, ArithmeticError):
        raise StatementInvalid.for_field(
            f"line {n}.amount", f"not an amount: {row['amount']!r} {row['currency']!r}"
        ) from None
    return Report(amount, currency, "decimal")


def import_statement(
    session: Session, *, content: bytes | str, media_type: str | None = None
) -> StatementResult:
    """Read a bank statement (CSV, camt.053/camt.054 or MT940: `settlement.payouts.statements`, by its media
    type or its first characters) and apply its lines; a statement that is not readable changes nothing."""
    data = content.encode() if isinstance(content, str) else content
    kind, rows = read_statement(data, media_type=media_type)
    return apply_statement(session, rows=rows, kind=kind)


def apply_statement(session: Session, *, rows: list[dict[str, str]], kind: str = "csv") -> StatementResult:
    """Apply a statement's lines, each with `line`, `reference`, `amount`, `currency`, `status`
    (paid|failed|returned) and maybe `failure_code`.

    `reference` is the payout id (the SEPA end-to-end id) or the provider reference. A line seen before (the
    same fields, wherever it stands in the file) is skipped, so importing a statement again changes nothing.
    """
    out = StatementResult(format=kind)
    for raw in rows:
        n = raw["line"]
        row = {k: v for k, v in raw.items() if k != "line"}
        out.lines += 1
        ref, status = row["reference"], row["status"].lower()
        fingerprint = "stmt:" + hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
        if _seen(session, fingerprint):
            out.duplicates += 1
            continue
        payout = (
            session.get(Payout, ref)
            or session.exec(select(Payout).where(col(Payout.provider_reference) == ref)).first()
        )
        if payout is None or status not in ("paid", "failed", "returned"):
            out.unmatched.append(
                {
                    "line": n,
                    "reference": ref,
                    "reason": "unknown payout" if payout is None else "unknown status",
                }
            )
            payout_event(
                session,
                payout=None,
                kind="unmatched",
                source="statement",
                external_id=fingerprint,
                details=row,
            )
            continue
        reported = _statement_report(row, n)
        if status == "paid":
            if payout.status == PayoutStatus.failed.value:
                out.unmatched.append({"line": n, "reference": ref, "reason": "payout already failed"})
                payout_event(
                    session,
                    payout=payout,
                    kind="unmatched",
                    source="statement",
                    external_id=fingerprint,
                    details=row,
                )
                continue
            reason = report_differs(payout, reported)
            if reason is not None:
                out.unmatched.append({"line": n, "reference": ref, "reason": reason})
                record_mismatch(
                    session, payout, reported, reason=reason, source="statement", external_id=fingerprint
                )
                continue
            confirm_payout(session, payout_id=payout.id, source="statement", external_id=fingerprint)
            out.paid += 1
        else:
            fail_payout(
                session,
                payout_id=payout.id,
                failure_code=row.get("failure_code") or f"bank_{status}",
                source="statement",
                external_id=fingerprint,
            )
            out.failed += 1
    session.flush()
    return out


def _stripe_report(obj: dict[str, Any]) -> Report:
    """A Stripe payout object's amount (an integer in Stripe's units) and currency (lower case there)."""
    amount, currency = obj.get("amount"), obj.get("currency")
    return Report(
        amount if isinstance(amount, int) and not isinstance(amount, bool) else None,
        currency.upper() if isinstance(currency, str) else "",
        "stripe",
    )


STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300
"""Stripe's default tolerance: an event signed more than five minutes before or after now is refused."""


def _check_timestamp(signature: str) -> None:
    """Refuse a verified signature whose `t=` is outside the tolerance on either side: a replay of an old
    event, or one dated ahead (a clock the signer controls must not stretch the replay window)."""
    stamps = [part.strip()[2:] for part in signature.split(",") if part.strip().startswith("t=")]
    try:
        signed_at = int(stamps[0].strip())
    except (IndexError, ValueError):
        raise WebhookSignatureInvalid.for_field("Stripe-Signature", "no timestamp") from None
    skew = signed_at - int(utc_now().timestamp())
    if abs(skew) > STRIPE_WEBHOOK_TOLERANCE_SECONDS:
        side = "ahead of" if skew > 0 else "behind"
        raise WebhookSignatureInvalid.for_field(
            "Stripe-Signature",
            f"the timestamp is {abs(skew)} s {side} now; at most {STRIPE_WEBHOOK_TOLERANCE_SECONDS} s"
            " either way is accepted",
        )


def handle_stripe_webhook(session: Session, *, payload: bytes, signature: str | None) -> dict[str, str]:
    """Verify the signature (Stripe's scheme) and apply payout.paid, payout.failed or transfer.reversed."""
    event = _verified_event(payload, signature)
    event_id, kind = str(event.get("id", "")), str(event.get("type", ""))
    obj: dict[str, Any] = (event.get("data") or {}).get("object") or {}
    ext = f"stripe:{event_id}"
    if _seen(session, ext):
        return {"event": event_id, "result": "duplicate"}
    if kind not in _STRIPE_PAYOUT_EVENTS:
        payout_event(
            session, payout=None, kind="ignored", source="stripe", external_id=ext, details={"type": kind}
        )
        return {"event": event_id, "result": "ignored"}
    payout = _stripe_payout(session, kind, obj)
    if payout is None:
        details = {"type": kind, "object": obj.get("id")}
        payout_event(
            session, payout=None, kind="unmatched", source="stripe", external_id=ext, details=details
        )
        return {"event": event_id, "result": "unmatched"}
    if kind == "payout.paid":
        return {"event": event_id, "result": _stripe_paid(session, payout, obj, ext), "payout": payout.id}
    code = str(obj.get("failure_code") or ("transfer_reversed" if kind == "transfer.reversed" else "failed"))
    fail_payout(
        session,
        payout_id=payout.id,
        failure_code=code,
        failure_message=obj.get("failure_message"),
        source="stripe",
        external_id=ext,
    )
    return {"event": event_id, "result": "failed", "payout": payout.id}


_STRIPE_PAYOUT_EVENTS = ("payout.paid", "payout.failed", "transfer.reversed")


def _verified_event(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event, once its signature verifies and its timestamp is within tolerance on either side."""
    secret = get_settings().stripe_webhook_secret
    if secret is None:
        raise WebhookSignatureInvalid("no webhook secret is configured")
    try:  # the signature here, the timestamp below: stripe checks only the past side of it
        stripe.Webhook.construct_event(payload, signature, secret.get_secret_value(), tolerance=0)
    except (ValueError, stripe.SignatureVerificationError):
        raise WebhookSignatureInvalid.for_field("Stripe-Signature", "the signature does not verify") from None
    _check_timestamp(signature or "")
    event: dict[str, Any] = json.loads(payload)
    return event


def _stripe_payout(session: Session, kind: str, obj: dict[str, Any]) -> Payout | None:
    """The payout a Stripe payout or transfer event is about: by our metadata (or the transfer group), else
    by Stripe's id for the payout or the transfer."""
    meta = obj.get("metadata") or {}
    transfer = kind == "transfer.reversed"
    pid = meta.get("tradelane_payout") or (obj.get("transfer_group") if transfer else None)
    payout = session.get(Payout, pid) if pid else None
    if payout is None and obj.get("id"):
        column = col(Payout.provider_transfer) if transfer else col(Payout.provider_reference)
        payout = session.exec(select(Payout).where(column == str(obj["id"]))).first()
    return payout


def _stripe_paid(session: Session, payout: Payout, obj: dict[str, Any], ext: str) -> str:
    """Apply a payout.paid report: a failed payout is a conflict, a report of another amount or currency a
    mismatch (the payout stays open), else the payout is paid."""
    if payout.status == PayoutStatus.failed.value:
        details = {"type": "payout.paid"}
        payout_event(
            session, payout=payout, kind="unmatched", source="stripe", external_id=ext, details=details
        )
        return "conflict"
    reported = _stripe_report(obj)
    reason = report_differs(payout, reported)
    if reason is not None:
        record_mismatch(session, payout, reported, reason=reason, source="stripe", external_id=ext)
        return "mismatch"
    confirm_payout(session, payout_id=payout.id, source="stripe", external_id=ext)
    return "paid"

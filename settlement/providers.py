"""Payout providers behind one protocol: the bank-file provider (embedded default) and Stripe Connect.

A provider takes a batch of payout instructions and answers, per payout, whether it was handed over (with the
provider's reference and the expected arrival date) or refused (with a failure code). Handing over the same
batch again must not pay twice:

- `BankFileProvider` writes a SEPA `pain.001` (sepaxml; IBAN/BIC checked with schwifty) for EUR payouts to an
  IBAN and an ISO 20022 `pain.001.001.09` per other currency (`settlement.pain001`: any currency,
  accounts by IBAN or number, banks by BIC or clearing code), under `<data_dir>/payouts/`, named by the
  batch: a batch whose file exists is not written again. The bank confirms through
  `POST /v1/payouts/{id}/confirm|fail` or a statement import. The execution date is the first business
  day of the currency's calendar from today (TARGET2 for the SEPA file) and the expected arrival one (SEPA)
  or two business days after it.
- `StripeProvider` uses the official `stripe` package (`StripeClient`): a transfer to the payee's connected
  account (`transfer_group` = the payout id, idempotency key `<payout id>:transfer`; an existing transfer
  of the
  group is reused even after Stripe's idempotency keys expire), then a payout on the connected account
  (idempotency key `<payout id>:payout`). A payout Stripe refuses after the transfer has its transfer
  reversed (idempotency key `<payout id>:reversal`) before it is failed. A timeout or a 5xx is retried by the
  SDK with the same keys; one that persists propagates and leaves the payout `submitting`, to be submitted
  again with the same keys. Confirmations come by webhook (`payout.paid`, `payout.failed`,
  `transfer.reversed`).

Every amount sent goes through `settlement.rails.to_rail_units` (Stripe's units, SEPA cents, the currency's
ISO units); one a rail cannot take exactly is refused before anything is sent (`Submission(ok=False)` with
the rail's failure code), which fails the payout and returns its amount to the payee's available balance.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

import stripe
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer  # type: ignore[import-untyped]

from core.config import get_settings
from settlement import pain001
from settlement.errors import InvalidBankAccount
from settlement.rails import (
    RailAmountRefused,
    add_business_days,
    next_business_day,
    to_rail_units,
)

# The platform's own account the SEPA file debits. A deployment sets its own; these are the Bundesbank's
# published example account, so demo files validate.
PLATFORM_DEBTOR = {"name": "Tradelane Payouts", "IBAN": "DE89370400440532013000", "BIC": "COBADEFFXXX"}


@dataclass(frozen=True, slots=True)
class PayoutInstruction:
    payout_id: str
    payee_id: str
    """The merchant or creator paid."""
    amount_minor: int
    currency: str
    account_holder: str
    iban: str | None = None
    bic: str | None = None
    account_number: str | None = None
    bank_code: str | None = None
    stripe_account: str | None = None
    execution_date: date | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    payout_id: str
    ok: bool
    reference: str | None = None
    transfer: str | None = None
    arrival_date: date | None = None
    failure_code: str | None = None
    failure_message: str | None = None


class PayoutProvider(Protocol):
    name: str

    def submit(self, batch_id: str, instructions: Sequence[PayoutInstruction]) -> list[Submission]:
        """Hand the batch over; the same batch again must not pay twice."""
        ...


# --- bank details --------------------------------------------------------------------------------------


def check_iban(value: str, *, field: str = "iban") -> str:
    try:
        return str(IBAN(value).compact)
    except SchwiftyException as exc:
        raise InvalidBankAccount.for_field(field, f"not a valid IBAN: {exc}") from None


def check_bic(value: str, *, field: str = "bic") -> str:
    try:
        return str(BIC(value).compact)
    except SchwiftyException as exc:
        raise InvalidBankAccount.for_field(field, f"not a valid BIC: {exc}") from None


def bic_for(iban: str) -> str | None:
    found = IBAN(iban).bic
    return str(found.compact) if found is not None else None


def mask(value: str | None) -> str:
    if not value:
        return ""
    return "•••• " + value[-4:]


# --- the bank file -------------------------------------------------------------------------------------


def _write_once(path: Path, data: bytes) -> bool:
    """Write `path` atomically unless it exists; True if written now."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own: two executions handing the same batch over never write into one temporary file
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def bank_file_arrival(execution: date, *, sepa: bool, currency: str) -> date:
    """When a payout handed over in a bank file on `execution` should land, in the payout currency's
    business days (TARGET2 for euro): a SEPA credit transfer one business day after the bank executes it,
    another currency's transfer two. A file handed over on a weekend or holiday executes on the next
    business day, so the arrival is never a weekend or a holiday."""
    return add_business_days(execution, 1 if sepa else 2, "EUR" if sepa else currency)


def _refused(p: PayoutInstruction, exc: RailAmountRefused) -> Submission:
    return Submission(p.payout_id, False, failure_code=exc.code[:60], failure_message=exc.detail[:500])


class BankFileProvider:
    name = "bank_file"

    def __init__(self, directory: Path | None = None, *, today: Callable[[], date] | None = None) -> None:
        self.directory = directory or get_settings().data_dir / "payouts"
        self._today = today or (lambda: datetime.now(UTC).date())

    def sepa_xml(self, batch_id: str, items: Sequence[PayoutInstruction], execution: date) -> bytes:
        sepa = SepaTransfer(
            {**PLATFORM_DEBTOR, "currency": "EUR", "batch": True},
            schema="pain.001.001.03",
            clean=True,
        )
        sepa.msg_id = batch_id[:35]
        for p in items:
            assert p.iban is not None
            payment: dict[str, Any] = {
                "name": p.account_holder[:70],
                "IBAN": p.iban,
                "amount": to_rail_units((p.amount_minor, p.currency), "sepa"),  # EUR cents
                "execution_date": execution,
                "description": f"Tradelane payout {p.payout_id}"[:140],
                "endtoend_id": p.payout_id[:35],
            }
            if p.bic:
                payment["BIC"] = p.bic
            sepa.add_payment(payment)
        data: bytes = sepa.export(validate=False)
        pain001.validate(data, "pain.001.001.03")  # sepaxml would reload the schema for every file
        return data

    def submit(self, batch_id: str, instructions: Sequence[PayoutInstruction]) -> list[Submission]:
        today = self._today()
        sepa: list[PayoutInstruction] = []
        others: dict[str, list[PayoutInstruction]] = {}
        out: list[Submission] = []
        for p in instructions:
            if not (p.account_number or p.iban):
                out.append(
                    Submission(
                        p.payout_id,
                        False,
                        failure_code="no_bank_account",
                        failure_message="the payout settings have no bank account",
                    )
                )
                continue
            is_sepa = p.currency == "EUR" and bool(p.iban)
            try:  # refused here, before the file is written, rather than sent in the wrong units
                to_rail_units((p.amount_minor, p.currency), "sepa" if is_sepa else "bank_csv")
            except RailAmountRefused as exc:
                out.append(_refused(p, exc))
                continue
            if is_sepa:
                sepa.append(p)
            else:
                others.setdefault(p.currency, []).append(p)
        if sepa:
            name = f"{batch_id}-sepa-EUR.xml"
            execution = next_business_day(today, "EUR")
            _write_once(self.directory / name, self.sepa_xml(batch_id, sepa, execution))
            arrival = bank_file_arrival(execution, sepa=True, currency="EUR")
            out += [
                Submission(p.payout_id, True, reference=f"file:{name}", arrival_date=arrival) for p in sepa
            ]
        for currency, items in sorted(others.items()):
            name = f"{batch_id}-{currency}.xml"
            execution = next_business_day(today, currency)
            document = pain001.credit_transfer(batch_id, currency, items, execution, debtor=PLATFORM_DEBTOR)
            _write_once(self.directory / name, document)
            arrival = bank_file_arrival(execution, sepa=False, currency=currency)
            out += [
                Submission(p.payout_id, True, reference=f"file:{name}", arrival_date=arrival) for p in items
            ]
        return out


# --- Stripe Connect ------------------------------------------------------------------------------------


def _stripe_client_default() -> stripe.StripeClient:
    key = get_settings().stripe_api_key
    if key is None:
        raise RuntimeError("APP_STRIPE_API_KEY is not set")
    return stripe.StripeClient(key.get_secret_value(), max_network_retries=2)


stripe_client_factory: Callable[[], stripe.StripeClient] = _stripe_client_default
"""How the provider gets its client; tests point it at a local test double (the `http_client` hook)."""


class StripeProvider:
    name = "stripe"

    def __init__(self, client: stripe.StripeClient | None = None) -> None:
        self.client = client or stripe_client_factory()

    def submit(self, batch_id: str, instructions: Sequence[PayoutInstruction]) -> list[Submission]:  # noqa: ARG002
        return [self._one(p) for p in instructions]

    def _one(self, p: PayoutInstruction) -> Submission:
        if not p.stripe_account:
            return Submission(
                p.payout_id,
                False,
                failure_code="no_stripe_account",
                failure_message="the payout settings have no Stripe account",
            )
        try:  # both amounts in Stripe's units, refused before any call rather than sent wrong
            transfer_amount = to_rail_units((p.amount_minor, p.currency), "stripe", call="transfer")
            payout_amount = to_rail_units((p.amount_minor, p.currency), "stripe", call="payout")
        except RailAmountRefused as exc:
            return _refused(p, exc)
        currency = p.currency.lower()
        meta = {"tradelane_payout": p.payout_id}
        transfer: stripe.Transfer | None = None
        try:
            found = self.client.v1.transfers.list(params={"transfer_group": p.payout_id, "limit": 1})
            transfer = found.data[0] if found.data else None
            if transfer is None:
                transfer = self.client.v1.transfers.create(
                    params={
                        "amount": transfer_amount,
                        "currency": currency,
                        "destination": p.stripe_account,
                        "transfer_group": p.payout_id,
                        "metadata": meta,
                    },
                    options={"idempotency_key": f"{p.payout_id}:transfer"},
                )
            payout = self.client.v1.payouts.create(
                params={"amount": payout_amount, "currency": currency, "metadata": meta},
                options={"idempotency_key": f"{p.payout_id}:payout", "stripe_account": p.stripe_account},
            )
        except stripe.InvalidRequestError as exc:  # refused for good: the account, the amount, the currency
            if transfer is not None:
                self._take_back(p.payout_id, transfer)
            return Submission(
                p.payout_id,
                False,
                failure_code=str(exc.code or "invalid_request")[:60],
                failure_message=str(exc.user_message or exc)[:500],
            )
        arrival = (
            datetime.fromtimestamp(int(payout.arrival_date), UTC).date() if payout.arrival_date else None
        )
        return Submission(
            p.payout_id, True, reference=str(payout.id), transfer=str(transfer.id), arrival_date=arrival
        )

    def _take_back(self, payout_id: str, transfer: stripe.Transfer) -> None:
        """The payout was refused after its transfer: reverse the transfer before the payout is failed, so the
        money is back on the platform when the ledger gives it back to the payee (a later payout of it is a
        new transfer, never a second one beside this). An error here propagates: the payout stays
        submitting and the next attempt, with the same keys, finishes the reversal."""
        if transfer.reversed:
            return
        self.client.v1.transfers.reversals.create(
            transfer.id, options={"idempotency_key": f"{payout_id}:reversal"}
        )


def provider_for(method: str) -> PayoutProvider:
    if method == "stripe":
        return StripeProvider()
    return BankFileProvider()

"""Settlement's expected failures: each a 4xx problem."""

from __future__ import annotations

from core.errors import Conflict, InvalidInput, NotFound


class LedgerUnbalanced(InvalidInput):
    slug, title = "ledger-unbalanced", "Ledger transaction does not balance"


class OrderNotRecorded(NotFound):
    slug, title = "settlement-order-not-found", "Order not recorded in settlement"


class RefundExceedsOrder(InvalidInput):
    slug, title = "refund-exceeds-order", "Refund exceeds what is left of the order"


class IdempotencyMismatch(Conflict):
    slug, title = "settlement-replay-mismatch", "Replay with different data"


class PayoutNotFound(NotFound):
    slug, title = "payout-not-found", "Payout not found"


class PayoutSettingsMissing(NotFound):
    slug, title = "payout-settings-not-found", "No payout settings"


class PayoutStateConflict(Conflict):
    slug, title = "payout-state-conflict", "The payout is not in a state that allows this"


class RunNotFound(NotFound):
    slug, title = "settlement-run-not-found", "Settlement run not found"


class InvalidBankAccount(InvalidInput):
    slug, title = "invalid-bank-account", "Invalid bank account"


class WebhookSignatureInvalid(InvalidInput):
    status = 400
    slug, title = "webhook-signature-invalid", "Webhook signature invalid"


class StatementInvalid(InvalidInput):
    slug, title = "statement-invalid", "Bank statement not readable"


class TaxRemittanceExceedsDue(Conflict):
    slug, title = "tax-remittance-exceeds-due", "The remittance is more than is due"

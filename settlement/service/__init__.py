"""The settlement lifecycle of an order: sale, delivery, availability, refund. The orders code calls these
inside the order's own transaction (they only flush; the caller commits).

    record_sale(session, *, order_id, merchant_id, amount, category,
                fx_rate=None, fx_quote_id=None, affiliate_id=None, affiliate_bps=None,
                fulfillment="merchant", items=1, shipping_fee=None, paid_at=None) -> LedgerTransaction

        The order was paid: `amount` (Money, > 0) in the shopper's currency. When that is not the merchant's
        settlement currency, give the FX quote the order consumed (`fx_quote_id`: its `rate` is read with
        `payments.fx_quotes.get_fx_quote`; it must sell `amount.currency` and buy the settlement currency)
        and/or the locked `fx_rate` (units of the settlement currency per unit of the shopper's). `category`
        picks the commission and the return reserve (an unknown category gets the policy's default).
        `affiliate_id` (the creator) with `affiliate_bps` (the rate its plans give it,
        `settlement.affiliates.resolve_rate`) or without (the policy's open plan rate).
        `fulfillment="fully_managed"` charges pick/pack per item and `shipping_fee` (in the shopper's or the
        settlement currency) to the merchant. One ledger transaction (key `sale:<order_id>`): cash (and FX)
        debited; merchant pending, commission, processing and fulfillment fees and the creator's pending
        balance credited. A replay returns the original transaction and writes nothing; a replay with another
        merchant or amount is a 409.

    record_sales(session, *, sales: Sequence[SaleInput]) -> Recorded
        The same for many orders at once (imports, backfills): set-based, bulk inserts, the same rows.

    record_delivery(session, *, order_id, delivered_at=None) -> Delivery
        The order was delivered. Its net becomes available after the merchant's hold (payout settings'
        `hold_business_days`, else the policy's; default one business day, counted in the merchant's
        country with the `holidays` calendar) plus any extra days compliance's `payout_holds` imposes; the
        return reserve is held from then until the return window (policy `return_window_days` after
        delivery) ends. If that day has come, the funds are released at once. A replay returns the recorded
        delivery. `record_deliveries(session, *, deliveries=[(order_id, delivered_at), ...])` for many.

    record_refund(session, *, refund_id, order_id, amount, refunded_at=None) -> LedgerTransaction
        Refund `amount` (> 0, in the order's currency, at most what is left) to the shopper at the order's
        rate. Reversal entries (key `refund:<refund_id>`): the merchant is debited the refund less the
        commission refunded and the affiliate's clawback (proportional; the last refund takes the
        remainder, so a full refund undoes the split exactly); processing and fulfillment fees are not
        refunded. The debit comes from where the order's money is (pending, then its reserve) and the rest
        from available, which may go negative: a negative balance is netted from later payouts.

    record_refunds(session, *, refunds: Sequence[RefundInput]) -> Recorded

    release_due(session, *, as_of=None, order_ids=None) -> Released
        Moves due funds: delivered orders whose day has come (pending -> available, less the reserve ->
        reserved) and reserves whose return window has ended (reserved -> available); one transaction per
        merchant and currency per batch. Called by the settlement run and `settlement.release_reserves`.

Invalid input raises `core.errors.InvalidInput` (422) naming the field: `amount.amount` (zero or negative),
`amount.currency` (not the order's), `merchant_id` (unknown merchant), `fx_quote_id` / `fx_rate`.
"""

from settlement.service.common import FULFILLMENT_MODELS, MAX_GROSS_MINOR, Recorded, get_order
from settlement.service.refunds import RefundInput, record_refund, record_refunds
from settlement.service.releases import Delivery, Released, record_deliveries, record_delivery, release_due
from settlement.service.sales import ORDER_COLUMNS, SaleInput, record_sale, record_sales

__all__ = [
    "FULFILLMENT_MODELS",
    "MAX_GROSS_MINOR",
    "ORDER_COLUMNS",
    "Delivery",
    "Recorded",
    "RefundInput",
    "Released",
    "SaleInput",
    "get_order",
    "record_deliveries",
    "record_delivery",
    "record_refund",
    "record_refunds",
    "record_sale",
    "record_sales",
    "release_due",
]

"""Payments: FX rates and locked FX quotes, payment records, payout providers."""

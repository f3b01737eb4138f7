"""Settlement: double-entry ledger, commissions and fees, reserves, settlement runs, payouts, statements."""

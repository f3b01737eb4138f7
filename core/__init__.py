"""The kernel every domain builds on: settings, database, money, errors, auth, ids, idempotency, tasks."""

"""Compliance: regional rule sets with versions, effective dates, four-eyes approval, audit and simulation."""

"""Compliance rules: evaluations per second from the in-memory cache of approved versions.

The default rule data (65+ rule sets over 14 markets, with dated history) is loaded into a fresh SQLite
database; then the questions the quote path asks are timed on one core: the rows in force for a topic and a
country on a date, market access (rules plus suspensions, with a region polygon for sanctions), and restricted
goods for a three-line cart. Landed-cost calculations per second are in `benchmarks/customs.py`.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import rate, report, temp_service

temp_service()

from compliance.defaults import load_defaults  # noqa: E402
from compliance.evaluation import market_access, restricted_goods, rows_in_force, snapshot  # noqa: E402
from core.db import unit_of_work  # noqa: E402

with unit_of_work() as s:
    load_defaults(s)
snap = snapshot()
print(f"cache: {sum(len(v) for v in snap.by_topic.values())} rule sets over {len(snap.by_topic)} topics")

ON = date(2026, 11, 25)
report("rows_in_force(duties, DE)", *rate(lambda: rows_in_force("duties", country="DE", on=ON)))
report(
    "market_access(ID, social commerce)", *rate(lambda: market_access("ID", on=ON, channel="social_commerce"))
)
report(
    "market_access(UA, point in Crimea polygon)",
    *rate(lambda: market_access("UA", on=ON, point=(44.95, 34.1))),
)
report(
    "restricted_goods(AU, 3 lines)",
    *rate(lambda: restricted_goods("AU", on=ON, hs_codes=["610910", "854340", "330410"])),
)

"""The kernel's per-request cost: authentication, the unit of work, idempotent writes, money arithmetic.

Through FastAPI's in-process client on the embedded SQLite default, one core. Prints requests per second and
latency percentiles; the ratio compares an idempotent replay with the first write.
"""

from __future__ import annotations

import itertools
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import rate, report, temp_service

temp_service()

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="Using .httpx.")
from fastapi.testclient import TestClient  # noqa: E402

from core.auth import create_api_key  # noqa: E402
from core.db import unit_of_work  # noqa: E402
from core.models import Role  # noqa: E402
from core.money import Money  # noqa: E402
from main import create_app  # noqa: E402

with unit_of_work() as s:
    admin = create_api_key(s, role=Role.admin).secret
headers = {"Authorization": f"Bearer {admin}"}
client = TestClient(create_app())

report("GET /healthz (no auth, no database)", *rate(lambda: client.get("/healthz")))
report("GET /v1/me (key lookup + unit of work)", *rate(lambda: client.get("/v1/me", headers=headers)))
counter = itertools.count()
body = {"name": "Bench", "country": "SG", "settlement_currency": "SGD"}
writes, write_lat = rate(
    lambda: client.post(
        "/v1/merchants", json=body, headers={**headers, "Idempotency-Key": f"k{next(counter)}"}
    )
)
report("POST /v1/merchants (new Idempotency-Key)", writes, write_lat)
client.post("/v1/merchants", json=body, headers={**headers, "Idempotency-Key": "replay"})
replays, replay_lat = rate(
    lambda: client.post("/v1/merchants", json=body, headers={**headers, "Idempotency-Key": "replay"})
)
report("POST /v1/merchants (replayed key)", replays, replay_lat)
print(f"replay / first write: {replays / writes:.2f}x")

price = Money.of("12.50", "USD")
report("Money.allocate into 4 parts", *rate(lambda: price.allocate([70, 20, 7, 3]), seconds=1.0))
report("Money.of + quantize (KWD)", *rate(lambda: Money.of(Decimal("1.23456"), "KWD"), seconds=1.0))

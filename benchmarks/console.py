"""The console: a sign-in (argon2id verification by design dominates it) and the server side of a page view.

Through FastAPI's in-process client with the console mounted, on the embedded SQLite default with the demo
data, one core. A page view here is the HTTP GET that resolves the session, reads the services and builds the
page (the browser then connects its websocket); the sign-in posts the real form. Prints requests per second
and latency percentiles; the ratio compares a page view with a sign-in.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import rate, report, temp_service

temp_service()

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="Using .httpx.")
from fastapi.testclient import TestClient  # noqa: E402

from core.db import unit_of_work  # noqa: E402
from core.demo import seed_merchants, seed_users  # noqa: E402
from main import create_app, demo_seeders  # noqa: E402

with unit_of_work() as s:
    seed_merchants(s)
    for seed in demo_seeders():
        seed(s)
    seed_users(s)

with TestClient(create_app()) as client:
    form = client.get("/console/login").text
    match = re.search(r'"name":"csrf","value":"([^"]+)"', form)
    assert match is not None
    token = match.group(1)

    def sign_in() -> None:
        client.cookies.clear()
        r = client.post(
            "/console/login",
            data={"email": "merchant@lumen.example", "password": "lumen-demo-pass", "csrf": token},
            follow_redirects=False,
        )
        assert r.headers["location"] == "/console/merchant", r.headers["location"]

    signs, sign_lat = rate(sign_in, seconds=3.0)
    report("POST /console/login (argon2id verify)", signs, sign_lat)
    sign_in()
    for path in ("/console/merchant", "/console/merchant/payouts"):
        views, view_lat = rate(lambda p=path: client.get(p), seconds=3.0)  # type: ignore[misc]
        report(f"GET {path}", views, view_lat)
    print(f"payouts page views per sign-in: {views / signs:.1f}x")

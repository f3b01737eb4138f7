"""Transit history: import (CSV and JSON lines, streamed, idempotent per record id, bad rows reported and
skipped, nothing half-imported), the learned profiles it feeds, and the calibration report of its windows."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from carriers.network import current as carrier_network
from carriers.types import Destination
from core.clock import frozen
from core.db import unit_of_work
from core.demo import seed_merchants
from logistics import analytics, history
from logistics.history import FIELDS
from logistics.models import TransitRecord
from tests.conftest import Keys

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
START = datetime(2026, 1, 5, tzinfo=UTC)
LANES: dict[tuple[str, str, str, str], tuple[float, float]] = {
    # (carrier, service, origin, destination): lognormal transit, (median days, sigma)
    ("yunexpress", "yun-global-line", "CN", "US"): (8.0, 0.30),
    ("china-post", "china-post-epacket", "CN", "ID"): (12.0, 0.45),
    ("dhl-express", "dhl-express-worldwide", "CN", "DE"): (3.0, 0.25),
}
Z95 = 1.6449


@pytest.fixture
def network(db_url: str) -> None:
    from carriers.demo import seed_demo as carriers_demo
    from logistics.demo import seed_demo as logistics_demo

    with unit_of_work() as s:
        seed_merchants(s)
        carriers_demo(s)
        logistics_demo(s)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with frozen(NOW):
        yield


def record(i: int, **values: Any) -> dict[str, Any]:
    handed = START + timedelta(hours=i)
    base = {
        "record_id": f"mkt-{i}",
        "carrier": "yunexpress",
        "service": "yun-global-line",
        "origin_country": "CN",
        "destination_country": "US",
        "destination_postcode": "10001",
        "handed_over_at": handed.isoformat(),
        "delivered_at": (handed + timedelta(days=8)).isoformat(),
        "outcome": "delivered",
    }
    return {**base, **values}


def lognormal_history(
    lanes: dict[tuple[str, str, str, str], tuple[float, float]], per_lane: int, seed: int
) -> list[dict[str, Any]]:
    """Deliveries handed over through the year, transit lognormal per lane (seeded)."""
    rng = random.Random(seed)
    rows = []
    for (carrier, service, origin, destination), (median, sigma) in lanes.items():
        for i in range(per_lane):
            handed = START + timedelta(minutes=rng.randrange(240 * 24 * 60))
            transit = timedelta(days=median * math.exp(rng.gauss(0, sigma)))
            rows.append(
                {
                    "record_id": f"{service}-{destination}-{i}",
                    "carrier": carrier,
                    "service": service,
                    "origin_country": origin,
                    "destination_country": destination,
                    "handed_over_at": handed.isoformat(),
                    "delivered_at": (handed + transit).isoformat(),
                    "outcome": "delivered",
                }
            )
    rng.shuffle(rows)  # a file in no particular order: the report orders by hand-over
    return rows


def as_csv(rows: list[dict[str, Any]], fields: tuple[str, ...] = FIELDS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def as_jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def run_import(body: bytes, fmt: history.Format = "csv") -> history.ImportTally:
    with unit_of_work() as s:
        return history.import_history(s, stream=io.BytesIO(body), fmt=fmt)


def stored() -> dict[str, TransitRecord]:
    with unit_of_work(write=False) as s:
        rows = {r.record_id: r for r in s.exec(select(TransitRecord))}
        s.expunge_all()
    return rows


# --- import ---------------------------------------------------------------------------------------------


def test_bad_rows_are_reported_by_line_and_field_and_skipped(network: None) -> None:
    rows = [
        record(1),
        record(2, service="no-such-service"),
        record(3, carrier="dhl-express"),
        record(4, destination_country="XX"),
        record(5, handed_over_at="2026-03-01T10:00:00"),  # no offset
        record(6, delivered_at=(START - timedelta(days=1)).isoformat()),
        record(7, delivered_at=""),
        record(8, outcome="stolen"),
        record(9, record_id="bad\x00id"),
        record(10, origin_country="", origin_warehouse="SZX1"),
        record(11, origin_country="US", origin_warehouse="SZX1"),
        record(12, delivered_at=(NOW + timedelta(days=2)).isoformat()),
        record(13, outcome="lost", delivered_at=""),
    ]
    tally = run_import(as_csv(rows))
    assert (tally.received, tally.imported, tally.rejected, tally.duplicates) == (13, 3, 10, 0)
    assert [(r.line, r.field) for r in tally.rejects] == [
        (3, "service"),
        (4, "carrier"),
        (5, "destination_country"),
        (6, "handed_over_at"),
        (7, "delivered_at"),
        (8, "delivered_at"),
        (9, "outcome"),
        (10, "record_id"),
        (12, "origin_country"),
        (13, "delivered_at"),
    ]
    got = stored()
    assert sorted(got) == ["mkt-1", "mkt-10", "mkt-13"]
    assert got["mkt-1"].transit_days == 8
    assert got["mkt-10"].origin_country == "CN"  # the warehouse's country
    assert got["mkt-10"].origin_warehouse == "SZX1"
    assert got["mkt-13"].transit_days is None


def test_importing_again_changes_nothing_and_the_first_of_a_repeated_id_wins(network: None) -> None:
    rows = [record(i) for i in range(1, 6)]
    first = run_import(as_csv([*rows, record(1, destination_country="GB")]))
    assert (first.imported, first.duplicates, first.rejected) == (5, 1, 0)
    assert stored()["mkt-1"].destination_country == "US"
    again = run_import(as_jsonl([*rows, record(6)]), "jsonl")
    assert (again.received, again.imported, again.duplicates) == (6, 1, 5)
    assert len(stored()) == 6


def test_json_lines_refuse_hostile_lines_one_by_one(network: None) -> None:
    lines = [
        json.dumps(record(1)).encode(),
        b"[" * 100 + b"]" * 100,
        b'{"record_id": "x", ' + b'"destination_postcode": "' + b"9" * 5000 + b'"}',
        b"[1, 2]",
        b"not json",
        json.dumps({**record(2), "colour": "red"}).encode(),
        json.dumps({**record(3), "handed_over_at": 1767571200}).encode(),
        json.dumps(record(4, destination_postcode="1\u00000")).encode(),
        b"",
        json.dumps(record(5)).encode(),
    ]
    tally = run_import(b"\n".join(lines) + b"\n", "jsonl")
    assert [(r.line, r.field) for r in tally.rejects] == [
        (2, "line"),
        (3, "line"),
        (4, "line"),
        (5, "line"),
        (6, "colour"),
        (7, "handed_over_at"),
        (8, "destination_postcode"),
    ]
    assert (tally.imported, tally.rejected) == (2, 7)


def test_csv_refuses_hostile_lines_one_by_one(network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "READ_BYTES", 256)  # lines that straddle the blocks read
    good = as_csv([record(1), record(2)]).split(b"\n")
    body = b"\n".join(
        [
            good[0],
            good[1],
            b"," * 100_000,  # a line of many empty fields is never split into a list
            b"\xff\xfe not UTF-8",
            b'"line\nbreak",' + good[2].split(b",", 1)[1],  # a record id with a newline in it
            b"x" * 5_000,
            good[2].replace(b"mkt-2", b"mkt-3"),
        ]
    )
    tally = run_import(body)
    assert [(r.line, r.field, r.message) for r in tally.rejects] == [
        (3, "line", "is longer than 4096 bytes"),
        (4, "line", "is not UTF-8 text"),
        (6, "record_id", "must not contain control characters"),
        (7, "line", "is longer than 4096 bytes"),
    ]
    assert sorted(stored()) == ["mkt-1", "mkt-3"]


def test_a_header_that_names_no_usable_fields_is_a_422_before_anything_is_imported(network: None) -> None:
    from logistics.errors import HistoryHeaderInvalid

    with pytest.raises(HistoryHeaderInvalid) as refused:
        run_import(b"id,carrier\n1,ups\n")
    assert refused.value.errors[0].field == "header"
    with pytest.raises(HistoryHeaderInvalid):
        run_import(b"")
    # fields in any order, optional ones absent
    body = as_csv([record(1)], ("outcome", "record_id", "carrier", "service", "origin_country",
                                "destination_country", "handed_over_at", "delivered_at"))  # fmt: skip
    assert run_import(body).imported == 1


def test_an_import_that_fails_leaves_nothing_behind(network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any, **__: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(history, "feed_learned_profiles", broken)
    with pytest.raises(RuntimeError):
        run_import(as_csv([record(i) for i in range(1, 30)]))
    assert stored() == {}


def test_imported_deliveries_feed_the_lanes_learned_profiles(network: None) -> None:
    sheet_profile = carrier_network().transit(
        "yun-global-line", origin_country="CN", destination=Destination("US")
    )
    assert sheet_profile is not None
    assert sheet_profile.source == "sheet"
    rows = [record(i, delivered_at=(START + timedelta(hours=i, days=15)).isoformat()) for i in range(1, 41)]
    tally = run_import(as_csv(rows))
    assert tally.samples_fed == 40
    learned = carrier_network().transit("yun-global-line", origin_country="CN", destination=Destination("US"))
    assert learned is not None
    assert learned.source == "learned"
    assert learned.samples == 40
    assert learned.line_haul.p50 == 15
    assert run_import(as_csv(rows)).samples_fed == 0  # known records are not counted twice


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_streams_a_body_far_over_the_usual_limit(
    client: TestClient, keys: Keys, network: None
) -> None:
    rows = lognormal_history(LANES, 4_000, seed=7)  # 1.6 MB: the usual body limit is 1 MiB
    body = as_csv(rows)
    assert len(body) > 1.5 * 1024 * 1024

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 65_536):
            yield body[i : i + 65_536]

    r = client.post(
        "/v1/transit-history", content=chunks(), headers=keys.h(keys.admin, **{"Content-Type": "text/csv"})
    )
    assert r.status_code == 200, r.text
    assert r.json()["imported"] == 12_000
    assert r.json()["rejected"] == 0
    r = client.post(
        "/v1/transit-history",
        content=as_jsonl(rows[:10]),
        headers=keys.h(keys.admin, **{"Content-Type": "application/x-ndjson"}),
    )
    assert r.json()["duplicates"] == 10


def test_the_api_refuses_what_it_should(
    client: TestClient, keys: Keys, network: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_body = as_csv([record(1)])
    for key in (keys.shop, keys.merchant, keys.officer):
        r = client.post(
            "/v1/transit-history", content=csv_body, headers=keys.h(key, **{"Content-Type": "text/csv"})
        )
        assert r.status_code == 403
    r = client.post("/v1/transit-history", content=csv_body, headers={"Content-Type": "text/csv"})
    assert r.status_code == 401
    r = client.post(
        "/v1/transit-history",
        content=csv_body,
        headers=keys.h(keys.admin, **{"Content-Type": "application/json"}),
    )
    assert r.status_code == 415
    assert r.json()["errors"][0]["field"] == "content-type"
    r = client.post(
        "/v1/transit-history",
        content=b"a,b\n1,2\n",
        headers=keys.h(keys.admin, **{"Content-Type": "text/csv"}),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "header"
    nul = as_csv([record(1, record_id="a\x00b"), record(2)])
    r = client.post(
        "/v1/transit-history", content=nul, headers=keys.h(keys.admin, **{"Content-Type": "text/csv"})
    )
    assert r.status_code == 200
    assert r.json()["rejects"] == [
        {"line": 2, "field": "record_id", "message": "must not contain control characters"}
    ]
    assert stored().keys() == {"mkt-2"}


def test_the_history_limit_is_its_own(client: TestClient, keys: Keys, network: None) -> None:
    from core.config import get_settings
    from main import create_app

    get_settings.cache_clear()
    import os

    os.environ["APP_HISTORY_MAX_BYTES"] = "4096"
    try:
        small = TestClient(create_app(), raise_server_exceptions=False)
        body = as_csv([record(i) for i in range(100)])
        r = small.post(
            "/v1/transit-history", content=body, headers=keys.h(keys.admin, **{"Content-Type": "text/csv"})
        )
        assert r.status_code == 413
    finally:
        del os.environ["APP_HISTORY_MAX_BYTES"]
        get_settings.cache_clear()
    # other routes keep the usual limit
    r = client.post("/v1/warehouses", content=b"{" + b" " * 2_000_000 + b"}", headers=keys.h(keys.admin))
    assert r.status_code == 413


# --- the calibration report ----------------------------------------------------------------------------


def test_windows_learned_from_a_lognormal_history_hold_on_the_newest_fifth(
    client: TestClient, keys: Keys, network: None
) -> None:
    tally = run_import(as_csv(lognormal_history(LANES, 2_000, seed=15)))
    assert tally.imported == 6_000
    r = client.get("/v1/analytics/windows", headers=keys.h(keys.admin))
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["lanes"] == 3
    assert report["lanes_meeting_goal"] == 3
    assert report["inside"] >= 0.9
    for lane in report["data"]:
        median, sigma = LANES[
            (lane["carrier"], lane["service"], lane["origin_country"], lane["destination_country"])
        ]
        assert (lane["deliveries"], lane["fitted_on"], lane["scored"]) == (2_000, 1_600, 400)
        assert lane["inside"] >= 0.9, lane
        assert lane["inside"] + lane["early"] + lane["late"] == pytest.approx(1.0, abs=1e-3)
        assert lane["window_width_days"] <= lane["empirical_width_days"] + 1
        # the window is the distribution's p5-p95, in whole days from the hand-over day
        assert abs(lane["earliest_days"] - median * math.exp(-Z95 * sigma)) <= 1.0
        assert abs(lane["latest_days"] - median * math.exp(Z95 * sigma)) <= 1.5
        assert sum(d["deliveries"] for d in lane["holdout_days"]) == 400
        # what a quote promises from the same deliveries today: the learned profile's p10 to p90
        quoted = (lane["quoted_inside"], lane["quoted_early"], lane["quoted_late"])
        assert sum(quoted) == pytest.approx(1.0, abs=1e-3)
        assert 0.7 <= lane["quoted_inside"] < lane["inside"]
    one = client.get(
        "/v1/analytics/windows",
        params={"service": "china-post-epacket", "destination": "ID"},
        headers=keys.h(keys.admin),
    ).json()
    assert [lane["service"] for lane in one["data"]] == ["china-post-epacket"]
    assert (
        client.get("/v1/analytics/windows", params={"carrier": "ups"}, headers=keys.h(keys.admin)).json()[
            "lanes"
        ]
        == 0
    )
    assert client.get("/v1/analytics/windows", headers=keys.h(keys.shop)).status_code == 403
    assert (
        client.get(
            "/v1/analytics/windows", params={"destination": "usa"}, headers=keys.h(keys.admin)
        ).status_code
        == 422
    )


def test_the_holdout_is_the_newest_deliveries_so_a_lane_that_slows_down_misses(network: None) -> None:
    rng = random.Random(3)
    rows = []
    for i in range(500):
        handed = START + timedelta(hours=12 * i)
        median = 5.0 if i < 400 else 9.0  # the newest fifth takes longer
        transit = timedelta(days=median * math.exp(rng.gauss(0, 0.2)))
        rows.append(record(i, handed_over_at=handed.isoformat(), delivered_at=(handed + transit).isoformat()))
    run_import(as_csv(rows))
    with unit_of_work(write=False) as s:
        report = analytics.window_calibration(s, service="yun-global-line")
    (lane,) = report.data
    assert (lane.fitted_on, lane.scored) == (400, 100)
    assert lane.late is not None
    assert lane.late > 0.6
    assert lane.meets_goal is False
    assert lane.quoted_late is not None
    assert lane.quoted_late > 0.6


def test_a_lane_with_too_few_deliveries_is_listed_unscored(network: None) -> None:
    run_import(as_csv([record(i) for i in range(10)]))
    with unit_of_work(write=False) as s:
        (lane,) = analytics.window_calibration(s).data
    assert (lane.deliveries, lane.scored, lane.inside, lane.meets_goal) == (10, 0, None, None)


@pytest.mark.postgres
def test_imports_of_overlapping_files_at_once_keep_each_record_once(network: None) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    first = [record(i) for i in range(0, 2_000)]
    second = [record(i) for i in reversed(range(1_000, 3_000))]  # the other way round: no deadlock either
    barrier = Barrier(2)

    def run(rows: list[dict[str, Any]]) -> history.ImportTally:
        body = as_csv(rows)
        barrier.wait()
        with frozen(NOW):
            return run_import(body)

    with ThreadPoolExecutor(2) as pool:
        tallies = list(pool.map(run, [first, second]))
    assert sum(t.imported for t in tallies) == 3_000
    assert sum(t.duplicates for t in tallies) == 1_000
    assert len(stored()) == 3_000

"""The carriers API through the service's client: admin only for the catalogue and sheets, shops may dry-run
rates; bad input is a 422 naming the field (or the file's row and column); nothing is a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.carriers.conftest import sheet_doc
from tests.conftest import Keys

CARRIER = {"code": "yun", "name": "YunExpress"}
SERVICE = {
    "code": "yun-line",
    "carrier_code": "yun",
    "name": "Yun SEA line",
    "mode": "dedicated_line",
    "max_weight_g": 30000,
    "max_dims_cm": ["60", "50", "50"],
    "accepts": ["general", "battery"],
    "goods_limits": {"battery": "in equipment, at most 100 Wh"},
}


def admin(keys: Keys) -> dict[str, str]:
    return Keys.h(keys.admin)


@pytest.fixture
def catalogue(client: TestClient, keys: Keys) -> None:
    assert client.post("/v1/carriers", json=CARRIER, headers=admin(keys)).status_code == 201
    assert client.post("/v1/services", json=SERVICE, headers=admin(keys)).status_code == 201


def _sheet(client: TestClient, keys: Keys, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    r = client.post("/v1/services/yun-line/rate-sheets", json=doc or sheet_doc(), headers=admin(keys))
    assert r.status_code == 201, r.json()
    return r.json()  # type: ignore[no-any-return]


ADMIN_ROUTES = [
    ("POST", "/v1/carriers", CARRIER),
    ("GET", "/v1/carriers", None),
    ("POST", "/v1/services", SERVICE),
    ("GET", "/v1/services", None),
    ("GET", "/v1/services/yun-line", None),
    ("PATCH", "/v1/services/yun-line", {"active": False}),
    ("GET", "/v1/services/yun-line/rate-sheets", None),
    ("POST", "/v1/services/yun-line/rate-sheets", sheet_doc()),
    ("POST", "/v1/services/yun-line/rate-sheets/import", None),
    ("GET", "/v1/rate-sheets/rsh_x", None),
    ("GET", "/v1/rate-sheets/rsh_x/export", None),
]
RATES_BODY = {"origin_country": "CN", "destination": {"country": "ID"}, "parcel": {"weight_g": 500}}


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
def test_only_admins_may_use_the_catalogue(
    client: TestClient, keys: Keys, method: str, path: str, body: dict[str, Any] | None
) -> None:
    for key in (keys.shop, keys.merchant, keys.officer):
        r = client.request(method, path, json=body, headers=Keys.h(key))
        assert r.status_code == 403, (key, r.json())
        assert r.headers["content-type"] == "application/problem+json"
    assert client.request(method, path, json=body).status_code == 401


def test_shops_and_admins_may_dry_run_rates(client: TestClient, keys: Keys) -> None:
    assert client.post("/v1/rates", json=RATES_BODY, headers=Keys.h(keys.shop)).status_code == 200
    assert client.post("/v1/rates", json=RATES_BODY, headers=admin(keys)).status_code == 200
    assert client.post("/v1/rates", json=RATES_BODY, headers=Keys.h(keys.merchant)).status_code == 403
    assert client.post("/v1/rates", json=RATES_BODY).status_code == 401


def test_catalogue_round_trip(client: TestClient, keys: Keys, catalogue: None) -> None:
    r = client.get("/v1/services/yun-line", headers=admin(keys))
    body = r.json()
    assert r.status_code == 200
    assert body["carrier_code"] == "yun"
    assert body["max_dims_cm"] == ["60", "50", "50"]
    assert body["accepts"] == ["battery", "general"]
    assert body["origins"] == []
    assert client.post("/v1/carriers", json=CARRIER, headers=admin(keys)).status_code == 409
    assert client.post("/v1/services", json=SERVICE, headers=admin(keys)).status_code == 409
    r = client.patch(
        "/v1/services/yun-line", json={"max_weight_g": 20000, "max_dims_cm": None}, headers=admin(keys)
    )
    assert r.status_code == 200
    assert (r.json()["max_weight_g"], r.json()["max_dims_cm"]) == (20000, None)
    r = client.patch("/v1/services/yun-line", json={"name": None}, headers=admin(keys))
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "name", "message": "may not be null"}]
    carriers = client.get("/v1/carriers", headers=admin(keys)).json()
    assert [c["code"] for c in carriers["data"]] == ["yun"]
    assert carriers["has_more"] is False


def test_lists_paginate(client: TestClient, keys: Keys, catalogue: None) -> None:
    second = {**SERVICE, "code": "yun-line-2"}
    assert client.post("/v1/services", json=second, headers=admin(keys)).status_code == 201
    page = client.get("/v1/services?limit=1", headers=admin(keys)).json()
    assert [s["code"] for s in page["data"]] == ["yun-line-2"]
    assert page["has_more"] is True
    rest = client.get(
        f"/v1/services?limit=1&starting_after={page['data'][0]['id']}", headers=admin(keys)
    ).json()
    assert [s["code"] for s in rest["data"]] == ["yun-line"]
    assert rest["has_more"] is False
    only = client.get("/v1/services?carrier=yun", headers=admin(keys)).json()
    assert len(only["data"]) == 2
    assert client.get("/v1/services?carrier=nope", headers=admin(keys)).status_code == 404
    assert client.get("/v1/services?limit=0", headers=admin(keys)).status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**SERVICE, "mode": "teleport"}, "mode"),
        ({**SERVICE, "accepts": ["plutonium"]}, "accepts.0"),
        ({**SERVICE, "max_weight_g": 0}, "max_weight_g"),
        ({**SERVICE, "max_dims_cm": [60, 50.5, 50]}, "max_dims_cm.1"),
        ({**SERVICE, "code": "Bad Code"}, "code"),
        ({**SERVICE, "colour": "red"}, "colour"),
        ({**SERVICE, "tracked": 0}, "tracked"),  # a boolean is true or false, not a number or a word
        ({**SERVICE, "active": "yes"}, "active"),
    ],
)
def test_bad_services_are_422(client: TestClient, keys: Keys, body: dict[str, Any], field: str) -> None:
    r = client.post("/v1/services", json=body, headers=admin(keys))
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]], r.json()


def test_unknown_carrier_service_and_sheet_are_404(client: TestClient, keys: Keys) -> None:
    assert client.post("/v1/services", json=SERVICE, headers=admin(keys)).status_code == 404
    assert client.get("/v1/services/nope", headers=admin(keys)).status_code == 404
    assert client.patch("/v1/services/nope", json={"active": False}, headers=admin(keys)).status_code == 404
    assert (
        client.post("/v1/services/nope/rate-sheets", json=sheet_doc(), headers=admin(keys)).status_code == 404
    )
    assert client.get("/v1/rate-sheets/rsh_nope", headers=admin(keys)).status_code == 404
    assert client.get("/v1/rate-sheets/rsh_nope/export", headers=admin(keys)).status_code == 404


def test_json_sheet_read_and_export_round_trip(client: TestClient, keys: Keys, catalogue: None) -> None:
    created = _sheet(client, keys, sheet_doc(fuel_surcharge_pct="12.5"))
    assert created["id"].startswith("rsh_")
    assert created["service_code"] == "yun-line"
    assert created["source"] == "json"
    assert created["zones"][0]["breaks"][0] == {"max_weight_g": 500, "price": "18.00"}
    assert created["fuel_surcharge_pct"] == "12.5"
    assert client.get(f"/v1/rate-sheets/{created['id']}", headers=admin(keys)).json() == created
    listed = client.get("/v1/services/yun-line/rate-sheets", headers=admin(keys)).json()
    assert [s["id"] for s in listed["data"]] == [created["id"]]
    assert client.get("/v1/services/yun-line", headers=admin(keys)).json()["origins"] == ["CN"]

    for fmt, media in (("csv", "text/csv"), ("yaml", "application/yaml")):
        exported = client.get(f"/v1/rate-sheets/{created['id']}/export?format={fmt}", headers=admin(keys))
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith(media)
        assert f"{created['id']}.{fmt}" in exported.headers["content-disposition"]
        other = {**SERVICE, "code": f"yun-{fmt}"}
        assert client.post("/v1/services", json=other, headers=admin(keys)).status_code == 201
        imported = client.post(
            f"/v1/services/yun-{fmt}/rate-sheets/import",
            content=exported.content,
            headers={**admin(keys), "Content-Type": media},
        )
        assert imported.status_code == 201, imported.json()
        again = imported.json()
        assert again["source"] == fmt
        strip = ("id", "service_code", "source", "created_at")
        assert {k: v for k, v in again.items() if k not in strip} == {
            k: v for k, v in created.items() if k not in strip
        }
    assert (
        client.get(f"/v1/rate-sheets/{created['id']}/export?format=pdf", headers=admin(keys)).status_code
        == 422
    )


def test_a_sheet_starting_the_same_day_is_a_conflict(client: TestClient, keys: Keys, catalogue: None) -> None:
    _sheet(client, keys)
    r = client.post("/v1/services/yun-line/rate-sheets", json=sheet_doc(), headers=admin(keys))
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/rate-sheet-overlap"


def test_bad_json_sheets_name_the_field(client: TestClient, keys: Keys, catalogue: None) -> None:
    doc = sheet_doc()
    doc["zones"][0]["breaks"][1]["price"] = 33.5
    r = client.post("/v1/services/yun-line/rate-sheets", json=doc, headers=admin(keys))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "zones.0.breaks.1.price"
    doc = sheet_doc()
    doc["zones"][0]["breaks"][1]["max_weight_g"] = 100
    r = client.post("/v1/services/yun-line/rate-sheets", json=doc, headers=admin(keys))
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "zones.0.breaks.1.max_weight_g", "message": "weight breaks must strictly increase"}
    ]


BAD_CSV = """record,key,value,zone,countries,max_weight_g,price
term,origin_country,CN,,,,
term,currency,CNY,,,,
term,effective_from,2026-01-01,,,,
zone,,,ID,ID,,
rate,,,ID,,500,18.00
rate,,,ID,,1000,1O.00
"""


def test_a_bad_file_is_refused_with_row_and_column(client: TestClient, keys: Keys, catalogue: None) -> None:
    r = client.post(
        "/v1/services/yun-line/rate-sheets/import",
        content=BAD_CSV,
        headers={**admin(keys), "Content-Type": "text/csv; charset=utf-8"},
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"] == [
        {"field": "row 7, column price", "message": "'1O.00' is not a decimal amount"}
    ]
    r = client.post(
        "/v1/services/yun-line/rate-sheets/import",
        content="origin_country: CN\ncurrency: CNY\neffective_from: 2026-01-01\nzones: []\n",
        headers={**admin(keys), "Content-Type": "application/yaml"},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "line 4, zones"
    for content, media in ((b"\x00\xff", "text/csv"), (b"{{{", "application/yaml"), (b"", "text/csv")):
        r = client.post(
            "/v1/services/yun-line/rate-sheets/import",
            content=content,
            headers={**admin(keys), "Content-Type": media},
        )
        assert r.status_code == 422, r.json()


def test_import_needs_csv_or_yaml(client: TestClient, keys: Keys, catalogue: None) -> None:
    r = client.post(
        "/v1/services/yun-line/rate-sheets/import",
        content=BAD_CSV,
        headers={**admin(keys), "Content-Type": "application/pdf"},
    )
    assert r.status_code == 415
    assert r.json()["type"] == "/problems/unsupported-media-type"
    r = client.post("/v1/services/yun-line/rate-sheets/import", json={"a": 1}, headers=admin(keys))
    assert r.status_code in (415, 422)


def test_dry_run_rates_every_service_from_the_origin(client: TestClient, keys: Keys, catalogue: None) -> None:
    _sheet(client, keys, sheet_doc(fuel_surcharge_pct="10"))
    body = {
        "origin_country": "CN",
        "destination": {"country": "ID", "postal_code": "10110", "point": {"lat": "-6.2", "lon": "106.85"}},
        "parcel": {"weight_g": 700, "dims_cm": ["20", "15", "10"], "goods": ["general"]},
        "on": "2026-06-01",
    }
    r = client.post("/v1/rates", json=body, headers=Keys.h(keys.shop))
    assert r.status_code == 200, r.json()
    data = r.json()
    assert data["refusals"] == []
    (q,) = data["quotes"]
    assert q["service_code"] == "yun-line"
    assert q["carrier_code"] == "yun"
    assert q["mode"] == "dedicated_line"
    assert q["price"] == {"amount": "36.30", "currency": "CNY"}
    assert q["base"] == {"amount": "33.00", "currency": "CNY"}
    assert q["fuel"] == {"amount": "3.30", "currency": "CNY"}
    assert q["billable_weight_g"] == 700
    assert q["transit"]["line_haul"] == {"p10": 3, "p50": 4, "p90": 6}
    assert q["transit"]["source"] == "sheet"
    battery = {**body, "parcel": {"weight_g": 700, "goods": ["liquid"]}}
    refused = client.post("/v1/rates", json=battery, headers=Keys.h(keys.shop)).json()
    assert refused["quotes"] == []
    assert refused["refusals"][0]["reason"] == "goods_not_accepted"
    early = client.post("/v1/rates", json={**body, "on": "2025-01-01"}, headers=Keys.h(keys.shop)).json()
    assert early["refusals"][0]["reason"] == "no_sheet_in_force"
    client.patch("/v1/services/yun-line", json={"active": False}, headers=admin(keys))
    assert client.post("/v1/rates", json=body, headers=Keys.h(keys.shop)).json()["quotes"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"origin_country": "XX"}, "origin_country"),
        ({"destination": {"country": "ID", "point": {"lat": 91, "lon": 0}}}, "destination.point.lat"),
        ({"parcel": {"weight_g": -5}}, "parcel.weight_g"),
        ({"parcel": {"weight_g": 5, "dims_cm": ["0", "1", "1"]}}, "parcel.dims_cm"),
        ({"parcel": {"weight_g": 5, "goods": []}}, "parcel.goods"),
        ({"on": "yesterday"}, "on"),
    ],
)
def test_bad_rate_requests_are_422(
    client: TestClient, keys: Keys, change: dict[str, Any], field: str
) -> None:
    r = client.post("/v1/rates", json={**RATES_BODY, **change}, headers=Keys.h(keys.shop))
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]], r.json()


def test_openapi_documents_the_routes_and_the_file_import(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/v1/carriers", "/v1/services/{code}", "/v1/rate-sheets/{sheet_id}/export", "/v1/rates"):
        assert path in paths
    content = paths["/v1/services/{code}/rate-sheets/import"]["post"]["requestBody"]["content"]
    assert set(content) == {"text/csv", "application/yaml"}


def test_every_carriers_route_needs_a_valid_key(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    import re

    from carriers.api import router

    ours = {route.path for route in router.routes}  # type: ignore[attr-defined]
    operations = [(m.upper(), p) for p, item in app.openapi()["paths"].items() if p in ours for m in item]
    assert len(operations) == 13
    for method, template in operations:
        path = re.sub(r"\{[^}]+\}", "x", template)
        for headers in ({}, {"Authorization": "Bearer tlk_bogus"}):
            r = client.request(method, path, json={}, headers=headers)
            assert r.status_code == 401, f"{method} {template} answered {r.status_code}"

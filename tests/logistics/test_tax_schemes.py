"""Through the API: where each tax is collected follows the law before the incoterm, and what a quote says is
collected at checkout is what the order's settlement holds as tax payable.

A sale from the Leipzig warehouse to Berlin carries Germany's 19% VAT like an import does (a domestic sale,
no customs); a DAP quote to London for GBP 60 collects UK VAT at checkout (point of sale up to GBP 135);
above GBP 135 a DAP quote leaves duty and VAT to the shopper at the door, and the payment holds none.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.logistics.test_orders_api import LUMEN, DemoKeys, demo, order  # noqa: F401


def amount(m: dict[str, Any]) -> Decimal:
    return Decimal(m["amount"])


def quote(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
    *,
    sku: str,
    price: str,
    currency: str,
    country: str,
    city: str,
    incoterm: str = "DDP",
) -> dict[str, Any]:
    r = client.post(
        "/v1/quotes",
        headers=demo.h(demo.shop),
        json={
            "merchant_id": LUMEN,
            "destination": {"country": country, "city": city},
            "items": [{"sku": sku, "quantity": 1, "unit_price": {"amount": price, "currency": currency}}],
            "currency": currency,
            "incoterm": incoterm,
        },
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    assert body["options"], (body["rejected"], body["blocked"])
    return body


def place(client: TestClient, demo: DemoKeys, q: dict[str, Any], option: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    q = {**q, "options": [option]}
    r = order(client, demo, q)
    assert r.status_code == 201, r.text
    return r.json()["settlement"]  # type: ignore[no-any-return]


def test_leipzig_to_berlin_carries_19_percent_vat_at_checkout(client: TestClient, demo: DemoKeys) -> None:  # noqa: F811
    q = quote(
        client, demo, sku="HOODIE-FLEECE-L", price="40.00", currency="EUR", country="DE", city="Berlin",
        incoterm="DAP",
    )  # fmt: skip
    local = next(o for o in q["options"] if [s["warehouse"] for s in o["shipments"]] == ["LEJ1"])
    b = local["breakdown"]
    (landed,) = local["landed_cost"]["shipments"]
    assert (landed["supply"], landed["scheme"], landed["collected"]) == ("domestic", "domestic", "checkout")
    assert amount(b["duties"]) == amount(b["fees"]) == 0
    vat = ((amount(b["goods"]) + amount(b["shipping"])) * Decimal("0.19")).quantize(Decimal("0.01"))
    assert amount(b["taxes"]) == vat > 0
    assert landed["lines"][0]["tax_rate"] == "19"
    assert [(c["kind"], amount(c["amount"]), c["collected"]) for c in landed["charges"]] == [
        ("vat", vat, "checkout")
    ]
    assert local["duties_collected"] == "checkout"
    assert amount(local["total"]) == amount(b["goods"]) + amount(b["shipping"]) + vat

    st = place(client, demo, q, local)
    assert amount(st["import_taxes"]) == vat
    assert amount(st["duties"]) == 0
    assert (st["tax_jurisdiction"], st["tax_scheme"]) == ("DE", "domestic")


def test_dap_to_london_for_gbp_60_collects_vat_at_checkout(client: TestClient, demo: DemoKeys) -> None:  # noqa: F811
    q = quote(
        client, demo, sku="TEE-BASIC-M", price="60.00", currency="GBP", country="GB", city="London",
        incoterm="DAP",
    )  # fmt: skip
    option = q["options"][0]
    b = option["breakdown"]
    (landed,) = option["landed_cost"]["shipments"]
    assert landed["scheme"] == "UK VAT point of sale"
    assert amount(b["duties"]) == 0  # relieved up to GBP 135
    assert amount(b["taxes"]) == ((amount(b["goods"]) + amount(b["shipping"])) * Decimal("0.2")).quantize(
        Decimal("0.01")
    )
    assert [(c["kind"], c["scheme"], c["collected"]) for c in landed["charges"]] == [
        ("vat", "UK VAT point of sale", "checkout")
    ]
    assert option["duties_collected"] == "checkout"
    assert amount(option["total"]) == amount(b["goods"]) + amount(b["shipping"]) + amount(b["taxes"])

    st = place(client, demo, q, option)
    assert amount(st["import_taxes"]) == amount(b["taxes"])
    assert (st["tax_jurisdiction"], st["tax_scheme"]) == ("GB", "UK VAT point of sale")


def test_dap_to_london_above_gbp_135_leaves_duty_and_vat_to_the_door(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
) -> None:
    q = quote(
        client, demo, sku="TEE-BASIC-M", price="200.00", currency="GBP", country="GB", city="London",
        incoterm="DAP",
    )  # fmt: skip
    option = q["options"][0]
    (landed,) = option["landed_cost"]["shipments"]
    assert {(c["kind"], c["scheme"], c["collected"]) for c in landed["charges"]} == {
        ("duty", "import", "border"),
        ("vat", "import", "border"),
    }
    assert option["duties_collected"] == "door"
    b = option["breakdown"]
    assert amount(option["total"]) == amount(b["goods"]) + amount(b["shipping"])

    st = place(client, demo, q, option)
    assert amount(st["import_taxes"]) == amount(st["duties"]) == 0
    assert st["tax_jurisdiction"] is None

"""Through the API: an order shows where its payment went; fulfilment fees are charged when it ships."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from core.clock import utc_now
from tests.logistics.test_orders_api import DemoKeys, demo, event, order, quote  # noqa: F401


def amount(m: dict[str, Any]) -> Decimal:
    return Decimal(m["amount"])


def test_an_order_shows_its_split_and_is_charged_fulfilment_when_it_ships(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
) -> None:
    q = quote(client, demo, qty=4, price="25.00")
    option = q["options"][0]
    placed = order(client, demo, q)
    assert placed.status_code == 201, placed.text
    o = placed.json()
    st = o["settlement"]
    b = option["breakdown"]
    assert amount(st["goods"]) == amount(b["goods"]) == Decimal("100.00")
    assert amount(st["goods"]) + amount(st["shipping"]) + amount(st["duties"]) + amount(
        st["import_taxes"]
    ) + amount(st["fx_markup"]) == amount(option["total"])
    if option["duties_collected"] == "checkout":
        assert amount(st["duties"]) == amount(b["duties"]) + amount(b["fees"])
        assert amount(st["import_taxes"]) == amount(b["taxes"])
        assert st["tax_jurisdiction"] == "DE"
    assert amount(st["fulfilment_fees"]) == 0  # nothing has shipped yet
    net = amount(st["goods"]) - amount(st["commission"]) - amount(st["affiliate_commission"])
    assert amount(st["merchant_net"]) == net - amount(st["fulfilment_fees"])

    sid = o["shipments"][0]["id"]
    now = utc_now()
    for n, status in enumerate(["picked_up", "in_transit"]):
        assert event(client, demo, sid, f"split-{n}", status, now + timedelta(hours=n)).status_code == 200
    assert event(client, demo, sid, "split-0", "picked_up", now).status_code == 200  # a duplicate
    after = client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.lumen)).json()["settlement"]
    fees = amount(after["fulfilment_fees"])
    assert fees > 0
    assert amount(after["merchant_net"]) == net - fees
    assert amount(after["commission"]) == amount(st["commission"])  # fees are not commission

    again = event(client, demo, sid, "split-2", "in_transit", now + timedelta(hours=3))
    assert again.status_code == 200
    later = client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.lumen)).json()["settlement"]
    assert amount(later["fulfilment_fees"]) == fees  # charged once per shipment

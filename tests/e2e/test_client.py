"""End to end through the generated Python client (`clients/python`, `make client`): `python main.py serve`
as a process with the demo data, driven the way an integrating shop backend and an operator would drive it: a
quote, an order, tracking events up to delivery, a settlement run and the payout it makes, confirmed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from tradelane_client import AuthenticatedClient
from tradelane_client.api.orders import create_order, create_shipment_event, get_order
from tradelane_client.api.quotes import create_quote
from tradelane_client.api.settlement import (
    approve_payout_setting_change,
    confirm_payout,
    create_settlement_run,
    get_balance,
    get_payout_settings,
    get_settlement_run,
    list_payouts,
    set_payout_settings,
)
from tradelane_client.models import (
    BalanceRead,
    OrderCreate,
    OrderRead,
    PayoutConfirm,
    PayoutList,
    PayoutRead,
    PayoutSettingChangeDecision,
    PayoutSettingChangeRead,
    PayoutSettingsRead,
    PayoutSettingsUpdate,
    QuoteCreate,
    QuoteRead,
    SettlementRunCreate,
    SettlementRunRead,
    ShipmentEventIn,
    ShipmentRead,
)
from tradelane_client.types import Response

from main import ROOT
from tests.e2e.test_serve import _free_port

pytestmark = pytest.mark.slow

MERCHANT = "mer_demo_lumen"  # the demo merchant key's own
SETTINGS = (
    *("interval", "weekly_anchor", "currency", "minimum", "method", "hold_business_days", "account_holder"),
    *("iban", "bic", "account_number", "bank_code", "stripe_account"),
)
"""The fields of the payout settings that a merchant sets."""
T = TypeVar("T")


def answer(response: Response[Any], kind: type[T], status: int = 200) -> T:
    """The typed answer of a call, after checking its status."""
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, kind), response.parsed
    return response.parsed


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The service on a port of its own, with the demo data and one key per role. A payout setting change is
    in force once approved (no cooling-off), so the test can lower its merchant's hold."""
    folder = tmp_path_factory.mktemp("client-e2e")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env.update(
        {
            "APP_DATA_DIR": str(folder),
            "APP_LOG_LEVEL": "WARNING",
            "APP_PAYOUT_CHANGE_COOLING_OFF_HOURS": "0",
            "APP_FX_MAX_AGE_BUSINESS_DAYS": "0",  # the bundled reference rates, whatever their age
        }
    )
    base = f"http://127.0.0.1:{port}"
    log_path = folder / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(base, log_path)
        seeded = subprocess.run(
            [sys.executable, "main.py", "seed-demo"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
        yield base, json.loads(seeded.stdout)["api_keys"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_until_serving(base: str, log: Path, seconds: float = 120) -> None:
    """Wait for `/healthz` (migrations run first: a busy machine takes a while); fail with the log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail("serve did not answer: " + log.read_text()[-2000:])


def total(amounts: list[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))


def lower_the_hold(merchant: AuthenticatedClient, admin: AuthenticatedClient) -> None:
    """The merchant asks for no hold after delivery (below the policy's: a change an admin approves)."""
    current = answer(get_payout_settings.sync_detailed(client=merchant), PayoutSettingsRead)
    wanted = {k: v for k, v in current.to_dict().items() if k in SETTINGS}
    wanted.update(hold_business_days=0, minimum={"amount": "0", "currency": current.currency})
    requested = set_payout_settings.sync_detailed(
        client=merchant, body=PayoutSettingsUpdate.from_dict(wanted)
    )
    change = answer(requested, PayoutSettingChangeRead, 202)
    decision = PayoutSettingChangeDecision(reason="paid on delivery, as agreed")
    # the generated call sends `body` as JSON even when left unset: an optional body is given, if empty
    approved = approve_payout_setting_change.sync_detailed(
        change.id, client=admin, body=decision, idempotency_key=change.id
    )
    answer(approved, PayoutSettingChangeRead)
    in_force = answer(get_payout_settings.sync_detailed(client=merchant), PayoutSettingsRead)
    assert in_force.hold_business_days == 0


def place_order(shop: AuthenticatedClient) -> OrderRead:
    """A quote for two T-shirts to Berlin, and the order of its first option (sent twice: one order)."""
    body = QuoteCreate.from_dict(
        {
            "merchant_id": MERCHANT,
            "destination": {"country": "DE", "city": "Berlin", "postal_code": "10115"},
            "items": [
                {"sku": "TEE-BASIC-M", "quantity": 2, "unit_price": {"amount": "20.00", "currency": "EUR"}}
            ],
            "currency": "EUR",
        }
    )
    quote = answer(create_quote.sync_detailed(client=shop, body=body), QuoteRead, 201)
    assert quote.options, quote.to_dict()
    option = quote.options[0]
    order_body = OrderCreate.from_dict(
        {
            "quote_id": quote.id,
            "option_id": option.id,
            "payment": {
                "amount": option.total.to_dict(),
                "provider": "stripe",
                "reference": f"pi_{quote.id}",
            },
        }
    )
    placed = answer(
        create_order.sync_detailed(client=shop, body=order_body, idempotency_key=f"order-{quote.id}"),
        OrderRead,
        201,
    )
    replayed = create_order.sync_detailed(client=shop, body=order_body, idempotency_key=f"order-{quote.id}")
    assert answer(replayed, OrderRead, 201).id == placed.id
    assert replayed.headers.get("Idempotent-Replayed") == "true"
    assert placed.status == "placed"
    return placed


def deliver(admin: AuthenticatedClient, shipment_id: str) -> None:
    """The carrier's tracking events, as they happen, up to delivery."""
    for n, status in enumerate(
        ["picked_up", "in_transit", "customs_cleared", "out_for_delivery", "delivered"]
    ):
        event = ShipmentEventIn.from_dict(
            {"event_id": f"{shipment_id}-{n}", "status": status, "occurred_at": datetime.now(UTC).isoformat()}
        )
        shipment = answer(
            create_shipment_event.sync_detailed(shipment_id, client=admin, body=event), ShipmentRead
        )
        assert shipment.status == status


def settle(admin: AuthenticatedClient) -> SettlementRunRead:
    """A settlement run for the merchant, followed until it is done."""
    body = SettlementRunCreate.from_dict({"merchant_id": MERCHANT})
    run = answer(
        create_settlement_run.sync_detailed(client=admin, body=body, idempotency_key="run-e2e"),
        SettlementRunRead,
        202,
    )
    for _ in range(120):
        if run.status != "running":
            break
        time.sleep(0.5)
        run = answer(get_settlement_run.sync_detailed(run.id, client=admin), SettlementRunRead)
    assert run.status == "completed", run.to_dict()
    return run


def test_quote_to_payout_through_the_generated_client(served: tuple[str, dict[str, str]]) -> None:
    base, keys = served
    shop, admin, merchant = (
        AuthenticatedClient(base_url=base, token=keys[role], timeout=httpx.Timeout(30.0))
        for role in ("shop", "admin", "merchant")
    )
    lower_the_hold(merchant, admin)

    order = place_order(shop)
    assert len(order.shipments) == 1
    shipment_id = order.shipments[0].id
    before = answer(get_balance.sync_detailed(client=merchant), BalanceRead)

    deliver(admin, shipment_id)
    assert answer(get_order.sync_detailed(order.id, client=merchant), OrderRead).status == "delivered"
    after = answer(get_balance.sync_detailed(client=merchant), BalanceRead)
    assert total([Decimal(m.amount) for m in after.available]) > total(
        [Decimal(m.amount) for m in before.available]
    )

    run = settle(admin)
    assert run.payouts >= 1
    payouts = answer(list_payouts.sync_detailed(client=merchant, status="pending"), PayoutList).data
    payouts += answer(list_payouts.sync_detailed(client=merchant, status="in_transit"), PayoutList).data
    made = [p for p in payouts if p.run_id == run.id]
    assert len(made) == 1, [p.to_dict() for p in payouts]
    confirmation = PayoutConfirm(reference=f"bank-{made[0].id}")
    confirmed = confirm_payout.sync_detailed(
        made[0].id, client=admin, body=confirmation, idempotency_key=made[0].id
    )
    paid = answer(confirmed, PayoutRead)
    assert paid.status == "paid"
    assert Decimal(paid.amount.amount) > 0

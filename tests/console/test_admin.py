"""The admin pages: merchants, people, API keys and settlement runs, driven through NiceGUI's user simulation
against the real services."""

from __future__ import annotations

import sys
import time
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlmodel import col, select

from console import admin
from core import auth
from core.db import unit_of_work
from core.errors import Unauthenticated
from core.merchants import MerchantCreate, create_merchant
from core.models import ApiKey, Merchant, Role
from core.models import User as Person
from core.money import Money
from settlement import payouts, service
from settlement.models import Payout, SettlementRun
from tests.console.conftest import SignIn, post_sign_in
from tests.settlement.conftest import days_ago, make_merchant

ADMIN = "admin@tradelane.example"
ADMIN_PATHS = ["/admin", "/admin/users", "/admin/keys", "/admin/runs", "/admin/runs/run_anything"]


def one(user: User, marker: str) -> Any:
    """The single element with this marker on the page."""
    elements = user.find(marker=marker).elements
    assert len(elements) == 1, f"{len(elements)} elements marked {marker}"
    return next(iter(elements))


def fill(user: User, **values: Any) -> None:
    """Set form controls by marker (`user_email="..."` sets the element marked `user-email`)."""
    with user:
        for marker, value in values.items():
            one(user, marker.replace("_", "-")).value = value


def people_named(email: str) -> list[dict[str, Any]]:
    with unit_of_work(write=False) as s:
        return [p.model_dump() for p in s.exec(select(Person).where(col(Person.email) == email))]


def rows_of(user: User, table: str, prefix: str) -> set[str]:
    """The row markers (`prefix<id>`) of a table on the page."""
    with user:
        return {
            marker.removeprefix(prefix)
            for element in one(user, table).descendants()
            if element.tag == "tr"
            for marker in element._markers
            if marker.startswith(prefix)
        }


def key_count() -> int:
    with unit_of_work(write=False) as s:
        return len(s.exec(select(ApiKey.id)).all())


# --- who may see the admin pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "home"), [("ana@tradelane.example", "/compliance"), ("merchant@lumen.example", "/merchant")]
)
async def test_officers_and_merchants_are_sent_away_from_admin_pages(
    sign_in: SignIn, email: str, home: str
) -> None:
    user = await sign_in(email)
    for path in ADMIN_PATHS:
        response = await user.http_client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"{home}?denied=1"


async def test_a_stranger_is_sent_to_sign_in(user: User) -> None:
    response = await user.http_client.get("/admin/keys")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/admin/keys")


# --- merchants ---------------------------------------------------------------------------------------------


async def test_admin_lists_merchants_each_linking_to_its_view(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin")
    await user.should_see(marker="page-title", content="Merchants")
    with user.scope(marker="merchant-mer_demo_lumen"):
        await user.should_see("Lumen Home Goods")
        await user.should_see("China (CN)")
        await user.should_see("USD")
        link = one(user, "merchant-link")
    assert isinstance(link, ui.link)
    assert link.props["href"] == "/merchant?merchant=mer_demo_lumen"
    await user.should_see(marker="merchant-mer_demo_batik")


async def test_links_name_the_console_path_once_when_mounted(
    sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the service the console is mounted at /console and NiceGUI's link component adds that prefix in the
    browser: a link's href must be the bare console path, or the browser goes to /console/console/..."""
    user = await sign_in(ADMIN)
    monkeypatch.setattr(sys.modules["console.frame"], "PREFIX", "/console")
    await user.open("/admin")
    with user.scope(marker="merchant-mer_demo_lumen"):
        assert one(user, "merchant-link").props["href"] == "/merchant?merchant=mer_demo_lumen"


async def test_admin_creates_a_merchant_and_bad_input_is_shown_by_the_fields(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin")
    user.find(marker="create-merchant").click()
    assert one(user, "merchant-name").error == "enter the merchant's name"
    assert one(user, "merchant-country").error == "choose the country where the merchant is established"
    fill(user, merchant_name="F" * 201, merchant_country="NO", merchant_currency="NOK")
    user.find(marker="create-merchant").click()
    assert one(user, "merchant-name").error == "String should have at most 200 characters"
    assert one(user, "merchant-country").error is None
    with unit_of_work(write=False) as s:
        assert s.exec(select(Merchant).where(col(Merchant.country) == "NO")).first() is None

    fill(user, merchant_name="Fjord Outfitters", merchant_verification="pending")
    user.find(marker="create-merchant").click()
    await user.should_see("Fjord Outfitters")
    with unit_of_work(write=False) as s:
        made = s.exec(select(Merchant).where(col(Merchant.name) == "Fjord Outfitters")).one().model_dump()
    assert (made["country"], made["settlement_currency"], made["trader_verification"]) == (
        "NO",
        "NOK",
        "pending",
    )
    await user.should_see(marker=f"merchant-{made['id']}")
    assert one(user, "merchant-currency").error is None


async def test_the_merchant_list_pages(sign_in: SignIn) -> None:
    with unit_of_work() as s:
        for i in range(admin.PAGE_SIZE):
            create_merchant(
                s, data=MerchantCreate(name=f"Bulk {i:02d}", country="DE", settlement_currency="EUR")
            )
    with unit_of_work(write=False) as s:
        every = {m.id for m in s.exec(select(Merchant))}
    assert len(every) == admin.PAGE_SIZE + 4  # and the four demo merchants
    user = await sign_in(ADMIN)
    await user.open("/admin")
    first = rows_of(user, "merchants", "merchant-")
    assert len(first) == admin.PAGE_SIZE
    user.find(marker="pager-next").click()
    await user.should_see(marker="pager-range", content="Page 2")
    second = rows_of(user, "merchants", "merchant-")
    assert len(second) == 4
    assert first | second == every
    assert not one(user, "pager-next").enabled  # nothing after the last page
    user.find(marker="pager-back").click()
    await user.should_see(marker="pager-range", content="Page 1")
    assert rows_of(user, "merchants", "merchant-") == first


# --- people ------------------------------------------------------------------------------------------------


async def test_admin_lists_people(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/users")
    with user.scope(marker="user-merchant@lumen.example"):
        await user.should_see("Lumen Home Goods (mer_demo_lumen)")
        await user.should_see("merchant")
        await user.should_see(marker="user-state", content="active")
        await user.should_see(marker="disable-user")
    with user.scope(marker=f"user-{ADMIN}"):
        await user.should_not_see(marker="disable-user")  # nobody disables themselves here
    await user.should_see(marker="pager-range", content="1 to 5 of 5")


async def test_admin_creates_a_person_who_can_then_sign_in(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/users")
    await user.should_not_see(marker="user-merchant")  # only for the merchant role
    fill(user, user_role="merchant")
    await user.should_see(marker="user-merchant")
    user.find(marker="user-email").type("Clara@Lumen.example")
    user.find(marker="user-name").type("Clara Lumen")
    user.find(marker="user-password").type("a-long-enough-password")
    user.find(marker="create-user").click()
    assert one(user, "user-merchant").error == "a merchant user must name its merchant"
    assert people_named("clara@lumen.example") == []

    fill(user, user_merchant="mer_demo_lumen")
    user.find(marker="create-user").click()
    await user.should_see(marker="user-clara@lumen.example")
    (clara,) = people_named("clara@lumen.example")
    assert (clara["role"], clara["merchant_id"], clara["display_name"]) == (
        "merchant",
        "mer_demo_lumen",
        "Clara Lumen",
    )
    assert one(user, "user-password").value == ""  # the password does not stay in the form

    user.http_client.cookies.clear()  # the admin's browser signs out; Clara signs in
    assert await post_sign_in(user, "clara@lumen.example", "a-long-enough-password") == "/merchant"


async def test_a_taken_address_or_a_short_password_is_shown_by_its_field_and_creates_nobody(
    sign_in: SignIn,
) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/users")
    fill(user, user_role="compliance_officer")
    user.find(marker="user-email").type("ANA@tradelane.example")
    user.find(marker="user-password").type("long-enough-password")
    user.find(marker="create-user").click()
    await user.should_see("a user with the e-mail ana@tradelane.example already exists")
    assert one(user, "user-email").error == "a user with the e-mail ana@tradelane.example already exists"
    assert len(people_named("ana@tradelane.example")) == 1

    fill(user, user_email="dora@tradelane.example", user_password="short")
    user.find(marker="create-user").click()
    assert one(user, "user-password").error == "use at least 10 characters"
    assert one(user, "user-email").error is None
    assert people_named("dora@tradelane.example") == []

    fill(user, user_email="not-an-address")
    user.find(marker="create-user").click()
    assert one(user, "user-email").error == "enter an e-mail address such as ana@example.com"


async def test_admin_disables_a_person_after_confirming(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/users")
    with user.scope(marker="user-ben@tradelane.example"):
        user.find(marker="disable-user").click()
    await user.should_see("Disable ben@tradelane.example?")
    user.find(marker="confirm-cancel").click()
    await user.should_not_see(marker="confirm-disable")
    assert people_named("ben@tradelane.example")[0]["disabled_at"] is None

    with user.scope(marker="user-ben@tradelane.example"):
        user.find(marker="disable-user").click()
    user.find(marker="confirm-disable").click()
    await user.should_see(marker="user-state", content="disabled")  # the list has been refreshed
    with user.scope(marker="user-ben@tradelane.example"):
        await user.should_see(marker="user-state", content="disabled")
        await user.should_not_see(marker="disable-user")
    assert people_named("ben@tradelane.example")[0]["disabled_at"] is not None
    user.http_client.cookies.clear()
    assert "error=credentials" in await post_sign_in(user, "ben@tradelane.example", "officer-demo-2")


# --- API keys ----------------------------------------------------------------------------------------------


async def test_admin_lists_keys_without_their_secrets(sign_in: SignIn) -> None:
    with unit_of_work() as s:
        issued = auth.create_api_key(s, role=Role.merchant, merchant_id="mer_demo_batik", label="Batik shop")
    user = await sign_in(ADMIN)
    await user.open("/admin/keys")
    with user.scope(marker=f"key-{issued.record.id}"):
        await user.should_see("Batik shop")
        await user.should_see("Batik Nusantara (mer_demo_batik)")
        await user.should_see(marker="key-active")
    page = await user.http_client.get("/admin/keys")
    assert issued.secret.removeprefix(auth.KEY_PREFIX).split("_", 1)[1] not in page.text


async def test_no_keys_says_so(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/keys")
    await user.should_see("No API keys yet.")


async def test_a_new_key_is_shown_once_and_authenticates(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/keys")
    fill(user, key_role="merchant")
    user.find(marker="key-label").type("Lumen web shop")
    user.find(marker="create-key").click()
    assert one(user, "key-merchant").error == "a merchant key must name its merchant"
    assert key_count() == 0

    fill(user, key_merchant="mer_demo_lumen")
    user.find(marker="create-key").click()
    await user.should_see(marker="key-secret")
    secret = one(user, "key-secret").text
    assert secret.startswith(auth.KEY_PREFIX)
    with unit_of_work(write=False) as s:
        principal = auth.authenticate(s, f"Bearer {secret}")
    assert (principal.role, principal.merchant_id) == (Role.merchant, "mer_demo_lumen")
    await user.should_see(marker=f"key-{principal.actor_id}")

    user.find(marker="copy-key").click()
    await user.should_see("Copied to the clipboard.")
    user.find(marker="key-done").click()
    await user.should_not_see(marker="key-secret")
    await user.should_not_see(secret)
    await user.open("/admin/keys")
    await user.should_see("Lumen web shop")
    await user.should_not_see(secret)
    secret_part = secret.removeprefix(auth.KEY_PREFIX).split("_", 1)[1]  # a secret may itself contain "_"
    assert secret_part not in (await user.http_client.get("/admin/keys")).text


async def test_admin_revokes_a_key_after_confirming(sign_in: SignIn) -> None:
    with unit_of_work() as s:
        issued = auth.create_api_key(s, role=Role.shop, label="old shop")
    user = await sign_in(ADMIN)
    await user.open("/admin/keys")
    with user.scope(marker=f"key-{issued.record.id}"):
        user.find(marker="revoke-key").click()
    user.find(marker="confirm-revoke").click()
    await user.should_see(f"Key {issued.record.id} is revoked.")
    await user.should_see(marker="key-revoked")  # the list has been refreshed
    with user.scope(marker=f"key-{issued.record.id}"):
        await user.should_see(marker="key-revoked")
        await user.should_not_see(marker="revoke-key")
    with unit_of_work(write=False) as s, pytest.raises(Unauthenticated):
        auth.authenticate(s, f"Bearer {issued.secret}")


# --- settlement runs ---------------------------------------------------------------------------------------


def _due_sales() -> str:
    """A merchant with payout settings and two delivered orders past their hold: the next run pays it."""
    with unit_of_work() as s:
        mid = make_merchant(s, currency="USD", minimum="1.00")
        for i, amount in enumerate(["40.00", "25.50"]):
            service.record_sale(
                s,
                order_id=f"console{i}",
                merchant_id=mid,
                amount=Money.of(amount, "USD"),
                category="books",
                paid_at=days_ago(12),
            )
            service.record_delivery(s, order_id=f"console{i}", delivered_at=days_ago(10))
    return mid


async def test_a_run_started_from_the_page_completes_and_is_reconciled(
    sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    mid = _due_sales()
    user = await sign_in(ADMIN)
    await user.open("/admin/runs")
    await user.should_see("No settlement runs yet.")
    user.find(marker="start-run").click()
    await user.should_see(marker="run-status", content="Completed: 1 payouts", retries=100)
    with unit_of_work(write=False) as s:
        (run,) = [r.model_dump() for r in s.exec(select(SettlementRun))]
        (payout,) = [p.model_dump() for p in s.exec(select(Payout).where(col(Payout.merchant_id) == mid))]
    assert run["status"] == "completed"
    assert run["requested_by"].startswith("usr_")
    amount = payout["payout_amount_minor"]
    submitted = f"${Money.from_minor(amount, 'USD').amount:,}"
    with user.scope(marker=f"run-{run['id']}"):
        await user.should_see(marker="run-status-badge", content="completed")
        await user.should_see(submitted)
        await user.should_see("balanced")

    # asking again in the same window executes the same run again; the page waits for that execution, even
    # when the worker is slow to pick it up and the run still reads "completed" from the first time
    pages = sys.modules["console.admin"]
    execute = pages._execute_quietly

    def slowly(run_id: str) -> None:
        time.sleep(0.5)
        execute(run_id)

    monkeypatch.setattr(pages, "_execute_quietly", slowly)
    user.find(marker="start-run").click()
    await user.should_see(marker="run-status", content="Queued")
    await user.should_see(marker="run-status", content="Completed", retries=100)
    with unit_of_work(write=False) as s:
        (again,) = [r.model_dump() for r in s.exec(select(SettlementRun))]
        assert len(s.exec(select(Payout.id)).all()) == 1  # nobody is paid twice
    assert (again["id"], again["attempts"]) == (run["id"], 2)

    await user.open(f"/admin/runs/{run['id']}")
    await user.should_see(marker="run-status", content="Completed")
    await user.should_see(marker="run-payouts", content="1")
    await user.should_see(marker="reconciliation-balanced")
    with user.scope(marker="total-USD"):
        await user.should_see(submitted)
    await user.should_not_see(marker="reconciliation-issues")

    # the bank confirms less than was sent: the reconciliation flags it
    with unit_of_work() as s:
        payouts.confirm_payout(s, payout_id=payout["id"], source="admin", amount_minor=amount - 100)
    await user.open(f"/admin/runs/{run['id']}")
    await user.should_see(marker="reconciliation-mismatches", content="1 mismatches")
    with user.scope(marker="reconciliation-issues"):
        await user.should_see(payout["id"])
        await user.should_see("Confirmed with a different amount")
        await user.should_see("-$1.00")


async def test_a_provider_report_of_another_currency_is_listed_with_the_run(sign_in: SignIn) -> None:
    mid = _due_sales()
    with unit_of_work() as s:
        run_id = payouts.request_run(s).id
    payouts.execute_run(run_id)
    with unit_of_work() as s:
        (payout,) = [p.model_dump() for p in s.exec(select(Payout).where(col(Payout.merchant_id) == mid))]
        statement = f"reference,amount,currency,status\n{payout['id']},1,JPY,paid\n"
        assert payouts.import_statement(s, content=statement).paid == 0
    user = await sign_in(ADMIN)
    await user.open(f"/admin/runs/{run_id}")
    await user.should_see(marker="reconciliation-mismatches", content="1 mismatches")
    with user.scope(marker="reconciliation-issues"):
        await user.should_see(payout["id"])
        await user.should_see("The provider reported another amount or currency")
        await user.should_see("1 JPY (from statement)")


async def test_with_a_broker_the_run_is_enqueued_after_the_commit(
    sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.config import get_settings

    sent: list[tuple[Any, ...]] = []
    monkeypatch.setenv("APP_TASKS_EAGER", "false")
    monkeypatch.setenv("APP_BROKER_URL", "redis://broker.invalid:6379/0")
    get_settings.cache_clear()
    user = await sign_in(ADMIN)
    # the simulation imports the pages afresh for each test: patch the module its pages run in
    pages = sys.modules["console.admin"]
    monkeypatch.setattr(
        pages, "enqueue", lambda _session, name, **kwargs: sent.append((name, *kwargs.values()))
    )
    await user.open("/admin/runs")
    user.find(marker="start-run").click()
    await user.should_see(marker="run-status", content="Queued")
    with unit_of_work(write=False) as s:
        (run,) = [r.model_dump() for r in s.exec(select(SettlementRun))]
    assert sent == [("settlement.execute_run", run["id"])]
    assert run["attempts"] == 0


async def test_an_unknown_run_says_so(sign_in: SignIn) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/runs/run_nope")
    await user.should_see("no settlement run run_nope")

"""The merchant pages in NiceGUI's user simulation, over a ledger built through settlement's services: Lumen
(USD) has a paid payout, a failed one and one paid in EUR; Batik (IDR) has one in transit. Each page shows the
signed-in merchant's own numbers; Batik never sees Lumen's; an admin names or picks a merchant."""

from __future__ import annotations

import csv
import importlib
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from console import frame, merchant
from core.clock import utc_now
from core.db import unit_of_work
from core.money import Money
from settlement import ledger, payouts, reports, service
from settlement.models import PayoutMethod
from tests.console.conftest import SignIn

LUMEN, BATIK = "mer_demo_lumen", "mer_demo_batik"
LUMEN_USER, BATIK_USER = "merchant@lumen.example", "merchant@batik.example"
ADMIN, OFFICER = "admin@tradelane.example", "ana@tradelane.example"
IBAN = "DE02120300000000202051"


def days_ago(n: float) -> datetime:
    return utc_now() - timedelta(days=n)


def _settings(merchant_id: str, currency: str, minimum: str, **bank: str) -> None:
    with unit_of_work() as s:
        payouts.put_payout_settings(
            s,
            merchant_id=merchant_id,
            data=payouts.PayoutSettingsData(
                currency=currency,
                minimum=Money.of(minimum, currency),
                method=PayoutMethod.bank_file,
                account_holder="Holder",
                **bank,  # type: ignore[arg-type]
            ),
        )


def _sell(merchant_id: str, orders: dict[str, str], currency: str, *, delivered: float) -> None:
    with unit_of_work() as s:
        for order_id, amount in orders.items():
            service.record_sale(
                s,
                order_id=order_id,
                merchant_id=merchant_id,
                amount=Money.of(amount, currency),
                category="home",
                paid_at=days_ago(delivered + 2),
            )
            service.record_delivery(s, order_id=order_id, delivered_at=days_ago(delivered))


def _pay(merchant_id: str, *, at: datetime) -> str:
    """An on-demand run for the merchant at `at`: the id of the payout it made."""
    with unit_of_work() as s:
        run_id = payouts.request_run(s, merchant_id=merchant_id, now=at).id
    payouts.execute_run(run_id, now=at)
    with unit_of_work(write=False) as s:
        (newest,), _ = payouts.list_payouts(
            s,
            merchant_id=merchant_id,
            status=None,
            created_from=None,
            created_to=None,
            limit=1,
            starting_after=None,
        )
        return newest.id


@dataclass(frozen=True)
class Books:
    paid: str
    failed: str
    fx: str
    batik: str


@pytest.fixture
def books(people: None) -> Books:
    _settings(LUMEN, "USD", "1.00", account_number="6217000010001234567", bank_code="CCBCCNBJ")
    _settings(BATIK, "IDR", "1000", account_number="1230004567890", bank_code="BMRIIDJA")
    _sell(LUMEN, {"l1a": "40.00", "l1b": "25.00"}, "USD", delivered=40)
    paid = _pay(LUMEN, at=days_ago(35))
    with unit_of_work() as s:
        payouts.confirm_payout(s, payout_id=paid, source="admin")
        service.record_refund(
            s, refund_id="ref_l1", order_id="l1a", amount=Money.of("10.00", "USD"), refunded_at=days_ago(30)
        )
    _sell(LUMEN, {"l2": "60.00"}, "USD", delivered=25)
    failed = _pay(LUMEN, at=days_ago(20))
    with unit_of_work() as s:
        payouts.fail_payout(
            s,
            payout_id=failed,
            failure_code="account_closed",
            failure_message="The beneficiary's account is closed",
            source="admin",
        )
    _settings(LUMEN, "EUR", "1.00", iban=IBAN)
    fx = _pay(LUMEN, at=days_ago(10))
    _sell(LUMEN, {"l4": "15.00"}, "USD", delivered=5)
    _sell(BATIK, {"b1": "350000"}, "IDR", delivered=25)
    batik = _pay(BATIK, at=days_ago(20))
    with unit_of_work() as s:
        service.release_due(s, as_of=utc_now())
    return Books(paid=paid, failed=failed, fx=fx, batik=batik)


async def _sees_fact(user: User, marker: str, text: str) -> None:
    await user.should_see(marker=marker)
    with user.scope(marker=marker):
        await user.should_see(text)


def _one(user: User, marker: str) -> Any:
    (element,) = user.find(marker=marker).elements
    return element


# --- overview -------------------------------------------------------------------------------------------


async def test_overview_shows_the_merchants_balances_next_payout_and_weekly_chart(
    sign_in: SignIn, books: Books
) -> None:
    with unit_of_work(write=False) as s:
        balances = ledger.merchant_balances(s, LUMEN)
        paid_debited = payouts.get_payout(s, payout_id=books.paid).amount_minor
        fx_debited = payouts.get_payout(s, payout_id=books.fx).amount_minor
    (available,) = (m for m in balances["available"] if m.currency == "USD")
    assert available.amount > 0
    user = await sign_in(LUMEN_USER)
    await user.open("/merchant")
    await user.should_see(marker="balance-USD-available", content=frame.money(available))
    for kind in ("pending", "reserved", "in_transit"):
        for m in balances[kind]:
            await user.should_see(marker=f"balance-{m.currency}-{kind}", content=frame.money(m))
    # The next payout: what is available now, its lines down to the order made available since the EUR payout.
    await user.should_see(marker="next-payout-amount", content=frame.money(available))
    await user.should_see(marker="next-payout-when", content="should land on")
    with user.scope(marker="next-payout-lines"):
        await user.should_see("l4")
        await user.should_not_see("l1a")  # paid out before
    # The EUR payout is on its way.
    with user.scope(marker="on-the-way"):
        await user.should_see(books.fx)

    chart = _one(user, "payouts-chart")
    assert isinstance(chart, ui.echart)
    assert chart.props["data-testid"] == "payouts-chart"
    series = {s["name"]: [Money.of(v, "USD") for v in s["data"]] for s in chart.options["series"]}
    assert set(series) == {"Payouts (USD)", "Refunds (USD)"}
    # the failed payout is left out; the two others are counted in their weeks
    assert sum(m.to_minor() for m in series["Payouts (USD)"]) == paid_debited + fx_debited
    refund_weeks = [i for i, m in enumerate(series["Refunds (USD)"]) if m.amount]
    assert len(refund_weeks) == 1
    weeks = chart.options["xAxis"]["data"]
    year, week, _ = days_ago(30).isocalendar()
    assert weeks[refund_weeks[0]] == f"{year}-W{week:02d}"
    assert len(weeks) == merchant.CHART_WEEKS


# --- payouts --------------------------------------------------------------------------------------------


async def test_payouts_page_by_page_filtered_and_linked_to_their_detail(
    sign_in: SignIn, books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await sign_in(LUMEN_USER)
    # NiceGUI's harness imports the page modules afresh for each simulation: patch the one serving pages now.
    monkeypatch.setattr(importlib.import_module("console.merchant"), "PAGE_SIZE", 2)
    await user.open("/merchant/payouts")
    table = _one(user, "payouts-table")
    assert table.props["data-testid"] == "payouts-table"
    assert len(user.find(marker="payouts-table-row").elements) == 2
    await user.should_see(books.fx)  # newest first
    await user.should_see(books.failed)
    await user.should_not_see(books.paid)
    await user.should_not_see(books.batik)
    await user.should_see(marker="pager-range", content="Page 1")

    user.find(marker="pager-next").click()
    await user.should_see(marker="pager-range", content="Page 2")
    await user.should_see(books.paid)
    await user.should_not_see(books.fx)
    assert len(user.find(marker="payouts-table-row").elements) == 1
    user.find(marker="pager-back").click()
    await user.should_see(books.fx)

    user.find(marker="status-filter").click()
    user.find("failed").click()
    await user.should_see(books.failed)
    await user.should_not_see(books.fx)
    await user.should_not_see(books.paid)
    user.find(marker="status-filter").click()
    user.find("pending").click()
    await user.should_see("No pending payouts.")

    await user.open("/merchant/payouts?status=paid")
    user.find(marker=f"payout-{books.paid}").click()
    await user.should_see(marker="back-to-payouts")
    await _sees_fact(user, "fact-payout", books.paid)


async def test_a_payout_shows_its_header_and_its_lines_down_to_the_orders(
    sign_in: SignIn, books: Books
) -> None:
    with unit_of_work(write=False) as s:
        paid = payouts.get_payout(s, payout_id=books.paid)
        debited = frame.money(Money.from_minor(paid.amount_minor, "USD"))
        reference, arrival = paid.provider_reference, paid.arrival_date
        fx = payouts.get_payout(s, payout_id=books.fx)
        fx_amount = frame.money(Money.from_minor(fx.payout_amount_minor, "EUR"))
        fx_rates = f"1 USD = {fx.fx_rate} EUR (reference {fx.fx_reference_rate})"
    assert reference
    assert arrival
    user = await sign_in(LUMEN_USER)

    await user.open(f"/merchant/payouts/{books.paid}")
    await _sees_fact(user, "fact-status", "paid")
    await _sees_fact(user, "fact-amount", debited)
    await _sees_fact(user, "fact-provider-reference", reference)
    await _sees_fact(user, "fact-expected-arrival", frame.when(arrival))
    await user.should_see("l1a")
    await user.should_see("l1b")
    await user.should_not_see("l2")
    with user.scope(marker="payout-lines-total"):
        await user.should_see(debited)  # the lines add up to what left the balance

    await user.open(f"/merchant/payouts/{books.failed}")
    await _sees_fact(user, "fact-status", "failed")
    await _sees_fact(user, "fact-failure", "account_closed: The beneficiary's account is closed")
    await user.should_see("l2")
    await user.should_see("refund")
    await user.should_see("ref_l1")

    await user.open(f"/merchant/payouts/{books.fx}")
    await _sees_fact(user, "fact-amount", fx_amount)
    await _sees_fact(user, "fact-exchange-rate", fx_rates)
    await user.should_see("payout returned")  # the failed payout's money came back into this one


# --- who sees what --------------------------------------------------------------------------------------


async def test_batik_never_sees_lumens_payouts_or_balances(sign_in: SignIn, books: Books) -> None:
    user = await sign_in(BATIK_USER)
    await user.open(f"/merchant/payouts/{books.paid}")
    await user.should_see(marker="problem", content="not found")
    await user.should_not_see("l1a")
    await user.should_not_see(marker="fact-amount")

    await user.open(f"/merchant?merchant={LUMEN}")
    await user.should_see(marker="problem", content="Not found")
    await user.should_not_see(marker="balance-USD")

    await user.open("/merchant")
    with unit_of_work(write=False) as s:
        (idr,) = ledger.merchant_balances(s, BATIK)["in_transit"]
    await user.should_see(marker="merchant-name", content="Batik Nusantara")
    await user.should_see(marker="balance-IDR-in_transit", content=frame.money(idr))
    await user.should_not_see(marker="balance-USD")
    with user.scope(marker="on-the-way"):
        await user.should_see(books.batik)

    await user.open("/merchant/payouts")
    await user.should_see(books.batik)
    for other in (books.paid, books.failed, books.fx):
        await user.should_not_see(other)

    theirs = await user.http_client.get(f"/merchant/statements/{utc_now():%Y-%m}.csv?merchant={LUMEN}")
    assert theirs.status_code == 404
    assert books.paid not in theirs.text


async def test_an_admin_picks_a_merchant_or_names_one(sign_in: SignIn, books: Books) -> None:
    user = await sign_in(ADMIN)
    await user.open("/merchant")
    await user.should_see(marker="merchant-picker")
    await user.should_not_see(marker="balance-USD")
    user.find(marker="merchant-picker").click()
    user.find("Batik Nusantara (mer_demo_batik)").click()
    await user.should_see(marker="merchant-name", content=BATIK)
    await user.should_see(marker="balance-IDR")

    await user.open(f"/merchant/payouts?merchant={LUMEN}")
    await user.should_see(books.paid)
    await user.should_not_see(books.batik)
    link = _one(user, f"payout-{books.paid}")
    assert link.props["href"] == f"/merchant/payouts/{books.paid}?merchant={LUMEN}"
    await user.open(f"/merchant/payouts/{books.paid}")
    await _sees_fact(user, "fact-payout", books.paid)
    await user.open("/merchant?merchant=mer_unknown")
    await user.should_see(marker="problem", content="no merchant mer_unknown")


async def test_an_officer_is_sent_home(sign_in: SignIn) -> None:
    user = await sign_in(OFFICER)
    for path in (
        "/merchant",
        "/merchant/payouts",
        "/merchant/payouts/po_any",
        "/merchant/returns",
        "/merchant/settings",
    ):
        response = await user.http_client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/compliance?denied=1"
    statement = await user.http_client.get(f"/merchant/statements/{utc_now():%Y-%m}.csv?merchant={LUMEN}")
    assert statement.status_code == 403


# --- statement ------------------------------------------------------------------------------------------


async def test_the_statement_downloads_as_csv_and_only_with_a_session(sign_in: SignIn, books: Books) -> None:
    month = f"{utc_now():%Y-%m}"
    user = await sign_in(LUMEN_USER)
    await user.open("/merchant/settings")
    href = _one(user, "statement-link").props["href"]
    assert href == f"/merchant/statements/{month}.csv"
    response = await user.http_client.get(href)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="statement-{LUMEN}-{month}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    # a statement holds the entries that occurred in its month (the books go back 35 days)
    first = utc_now().date().replace(day=1)
    before = first - timedelta(days=1)
    for earlier_month in (f"{before:%Y-%m}", f"{before.replace(day=1) - timedelta(days=1):%Y-%m}"):
        earlier_rows = list(
            csv.DictReader(
                io.StringIO((await user.http_client.get(f"/merchant/statements/{earlier_month}.csv")).text)
            )
        )
        assert all(r["date"].startswith(earlier_month) for r in earlier_rows)
        rows = earlier_rows + rows
    assert list(rows[0])[:8] == [
        "date",
        "transaction",
        "type",
        "reference",
        "account",
        "currency",
        "amount",
        "balance",
    ]
    assert list(rows[0])[-1] == "net"
    references = {r["reference"] for r in rows}
    assert {books.paid, books.failed, books.fx, "ref_l1", "l1a", "l4"} <= references
    assert not {"b1", books.batik} & references
    (refund,) = (r for r in rows if r["type"] == "refund" and r["account"] == "available")
    assert refund["currency"] == "USD"
    assert Money.of(refund["amount"], "USD").amount < 0
    failed = [r for r in rows if r["reference"] == books.failed and r["type"] == "payout_failure"]
    assert failed, "the failed payout's reversal is on the statement"

    # another month: the link follows the choice, and that month has only its own lines
    earlier = f"{first - timedelta(days=1):%Y-%m}"
    user.find(marker="statement-month").click()
    user.find(earlier).click()
    href = _one(user, "statement-link").props["href"]
    assert href == f"/merchant/statements/{earlier}.csv"
    other = await user.http_client.get(href)
    assert other.text.splitlines()[0] == ",".join(reports.STATEMENT_COLUMNS)
    assert all(r["date"].startswith(earlier) for r in csv.DictReader(io.StringIO(other.text)))
    bad = await user.http_client.get("/merchant/statements/2026-13.csv")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "month", "message": "YYYY-MM"}]

    user.http_client.cookies.clear()
    refused = await user.http_client.get(f"/merchant/statements/{month}.csv")
    assert refused.status_code == 303
    assert refused.headers["location"].startswith("/login?next=/merchant/statements/")


# --- settings -------------------------------------------------------------------------------------------


def _saved() -> tuple[int, str | None, int]:
    with unit_of_work(write=False) as s:
        row = payouts.get_payout_settings(s, merchant_id=LUMEN)
        return row.version, row.iban, row.hold_business_days


async def test_settings_show_errors_next_to_the_field_and_change_nothing(
    sign_in: SignIn, books: Books
) -> None:
    before = _saved()
    assert before[1] == IBAN
    user = await sign_in(LUMEN_USER)
    await user.open("/merchant/settings")
    await user.should_see(marker="settings-version", content=f"Version {before[0]}")
    assert _one(user, "setting-currency").value == "EUR"
    assert _one(user, "setting-iban").value == IBAN

    user.find(marker="setting-iban").clear().type("DE00 1234 5678 9012")
    user.find(marker="save-settings").click()
    iban = _one(user, "setting-iban")
    assert iban.error, "the service's error is shown on the IBAN field"
    assert _one(user, "setting-account_holder").error is None
    assert _saved() == before

    user.find(marker="setting-iban").clear().type(IBAN)
    user.find(marker="setting-hold_business_days").clear().type("99")
    user.find(marker="save-settings").click()
    assert _one(user, "setting-hold_business_days").error
    assert _one(user, "setting-iban").error is None
    assert _saved() == before

    user.find(marker="setting-minimum").clear().type("1.001")
    user.find(marker="setting-hold_business_days").clear().type("2")
    user.find(marker="save-settings").click()
    assert _one(user, "setting-minimum").error
    assert _saved() == before

    user.find(marker="setting-minimum").clear().type("5.00")
    user.find(marker="save-settings").click()
    await user.should_see("Payout settings saved.")
    assert _saved() == (before[0] + 1, IBAN, 2)
    await user.should_see(marker="settings-version", content=f"Version {before[0] + 1}")


# --- returns --------------------------------------------------------------------------------------------


async def test_return_rates_flag_categories_over_the_threshold(sign_in: SignIn, people: None) -> None:
    from logistics.demo import seed_demo as seed_catalogue
    from logistics.orders.demo import seed_demo as seed_orders

    with unit_of_work() as s:
        seed_catalogue(s)
        seed_orders(s)
    user = await sign_in(LUMEN_USER)
    await user.open("/merchant/returns")
    await user.should_see(marker="returns-table")
    await user.should_see(marker="flag-footwear", content="over 15%")
    await user.should_see("apparel")
    await user.should_not_see(marker="flag-apparel")
    with user.scope(marker="returns-table"):
        await user.should_see("66.7%")  # two of the three pairs sold came back
        await user.should_see("wrong size")

    user.http_client.cookies.clear()
    batik = await sign_in(BATIK_USER)
    await batik.open("/merchant/returns")
    await batik.should_see("No orders yet, so no return rates.")
    await batik.should_not_see("footwear")

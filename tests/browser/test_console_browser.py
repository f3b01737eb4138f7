"""The console in a real browser: Debian's Chromium, driven by Playwright, against `main.py serve` with the
demo data. Sign-in and sign-out; a merchant's overview chart and payouts; two officers changing an import
threshold under four eyes; the admin's pages. With UPDATE_SCREENSHOTS=1 the pages are saved to
docs/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import COOKIE, Pages, Served, Shoot, SignIn

pytestmark = pytest.mark.slow

MERCHANT = "merchant@lumen.example"
ANA = "ana@tradelane.example"
BEN = "ben@tradelane.example"
ADMIN = "admin@tradelane.example"


def follow(page: Page, link: Locator, served: Served, path: str) -> None:
    """Click `link`, which must lead to the console page `path`, and wait for that page."""
    expect(link).to_be_visible()
    href = link.evaluate("a => a.href")  # as the browser resolved it
    assert href.split("?")[0] == served.url(path), (
        f"the link {link.inner_text()!r} goes to {href}, not {served.url(path)}"
        + (
            ": frame.href() adds the /console prefix and NiceGUI's ui.link adds it again"
            if "/console/console/" in href
            else ""
        )
    )
    link.click()
    page.wait_for_url(re.compile(re.escape(served.url(path)) + r"(\?.*)?$"))


def header_links_stay_in_the_console(page: Page, served: Served) -> None:
    hrefs = page.locator("header a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs, "the page has a header with links"
    wrong = [h for h in hrefs if not h.startswith(served.url("/")) or "/console/console/" in h]
    assert not wrong, f"header links outside the console (frame.href() and ui.link both add it?): {wrong}"


def test_sign_in_leads_back_to_the_page_and_sign_out_ends_the_session(
    served: Served, pages: Pages, shoot: Shoot
) -> None:
    page = pages.open()
    page.goto(served.url("/merchant/payouts"))  # a stranger is sent to sign in, and back after it
    page.wait_for_url(re.compile(re.escape(served.url("/login?next=/merchant/payouts")) + "$"))
    email, password = page.locator("input[name=email]"), page.locator("input[name=password]")
    sign_in_button = page.get_by_role("button", name="Sign in")
    expect(sign_in_button).to_be_visible()
    email.fill(MERCHANT)
    shoot(page, "sign-in")

    password.fill("not-the-password")
    sign_in_button.click()
    page.wait_for_url(re.compile(r"/console/login\?error=credentials"))
    expect(page.get_by_text("The e-mail address or the password is not right.")).to_be_visible()
    expect(email).to_have_value(MERCHANT)
    assert not [c for c in page.context.cookies() if c["name"] == COOKIE]

    password.fill(served.passwords[MERCHANT])
    sign_in_button.click()
    page.wait_for_url(served.url("/merchant/payouts"))
    expect(page.get_by_text(f"{MERCHANT} · merchant")).to_be_visible()
    session = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert len(session) == 1
    assert session[0]["httpOnly"]
    assert session[0]["path"] == "/console"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/console/login\?error=signed-out$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == COOKIE]
    page.goto(served.url("/merchant"))
    page.wait_for_url(re.compile(re.escape(served.url("/login?next=/merchant")) + "$"))


CHART_DRAWN = """chart => {
    const echart = getElement(chart)?.chart;  // NiceGUI's component for the element, and its ECharts
    if (!echart || !echart.getZr().animation.isFinished()) return null;
    return echart.getOption().series.map(s => ({name: s.name, data: s.data.map(Number)}));
}"""
"""The chart's series once ECharts has drawn them (its animation finished), else null."""


def test_merchant_sees_the_payouts_chart_payouts_and_a_payout(
    served: Served, pages: Pages, sign_in: SignIn, shoot: Shoot
) -> None:
    page = sign_in(pages.open(), MERCHANT)
    page.wait_for_url(served.url("/merchant"))
    expect(page).to_have_title(re.compile("^Overview"))
    chart = page.locator("[data-testid=payouts-chart]")
    chart.scroll_into_view_if_needed()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    series = page.wait_for_function(CHART_DRAWN, arg=chart.element_handle()).json_value()
    payouts_series = [s for s in series if s["name"].startswith("Payouts")]
    assert payouts_series, series
    assert any(v > 0 for s in payouts_series for v in s["data"]), series
    shoot(page, "merchant-overview", full_page=True)

    api = served.get("/v1/payouts?limit=100", "merchant")["data"]
    assert isinstance(api, list)
    assert api, "the demo merchant has payouts"
    header_links_stay_in_the_console(page, served)
    follow(page, page.locator("header").get_by_role("link", name="Payouts"), served, "/merchant/payouts")
    table = page.locator("[data-testid=payouts-table]")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    shown = [t.strip() for t in rows.locator("td:first-child a").all_inner_texts()]
    assert shown == [p["id"] for p in api][: len(shown)], (shown, api)
    first = api[0]
    expect(rows.first).to_contain_text(first["status"].replace("_", " "))
    expect(rows.first).to_contain_text(first["amount"]["amount"])
    shoot(page, "merchant-payouts")

    link = rows.first.get_by_role("link", name=first["id"])
    follow(page, link, served, f"/merchant/payouts/{first['id']}")
    expect(page).to_have_title(re.compile("^Payout"))
    expect(page.get_by_text(first["id"], exact=True).first).to_be_visible()
    expect(page.locator("body")).to_contain_text(first["amount"]["amount"])
    lines = page.locator("[data-testid=payout-lines]")
    expect(lines).to_be_visible()
    expect(lines.locator("tbody tr").first).to_be_visible()
    shoot(page, "merchant-payout")


def test_admin_sees_merchants_and_settlement_runs(
    served: Served, pages: Pages, sign_in: SignIn, shoot: Shoot
) -> None:
    page = sign_in(pages.open(), ADMIN)
    page.wait_for_url(served.url("/admin"))
    merchants = page.locator("[data-testid=merchants]")
    expect(merchants).to_be_visible()
    expect(merchants.locator("[data-testid=merchant-mer_demo_lumen]")).to_be_visible()
    assert merchants.locator("[data-testid^=merchant-mer_]").count() >= 4
    shoot(page, "admin-merchants")

    header_links_stay_in_the_console(page, served)
    follow(page, page.locator("header").get_by_role("link", name="Settlement runs"), served, "/admin/runs")
    runs = page.locator("[data-testid=runs]")
    expect(runs).to_be_visible()
    api = served.get("/v1/settlement-runs?limit=100", "admin")["data"]
    assert isinstance(api, list)
    assert api, "the demo data have a settlement run"
    expect(runs.locator(f"[data-testid=run-{api[0]['id']}]")).to_contain_text(api[0]["status"])
    shoot(page, "admin-runs")


RULE_SET = "au-import-thresholds"
"""An import-threshold rule set whose active version started in the past, with no later version scheduled:
an approved new version starting now is in force at once. Its test cases (AUD 500 relieved, AUD 1,500 not)
still pass with the duty threshold at AUD 1,200."""
THRESHOLD_CELL = "cell-0-duty_threshold"
NEW_THRESHOLD = "1200"


def test_two_officers_draft_approve_and_activate_a_threshold_change(
    served: Served, pages: Pages, sign_in: SignIn, shoot: Shoot
) -> None:
    listed = served.get("/v1/rules?topic=import_thresholds&limit=100", "compliance_officer")["data"]
    assert isinstance(listed, list)
    chosen = next((r for r in listed if r["key"] == RULE_SET), None)
    assert chosen is not None, f"the demo data have no {RULE_SET}: {[r['key'] for r in listed]}"
    assert chosen["active_version"] is not None, chosen
    assert not chosen["scheduled_versions"], chosen
    before = served.get(f"/v1/rules/{RULE_SET}", "compliance_officer")
    assert isinstance(before["versions"], list)
    old = next(v for v in before["versions"] if v["number"] == chosen["active_version"])
    assert old["rows"][0]["duty_threshold"] != NEW_THRESHOLD
    number = max(v["number"] for v in before["versions"]) + 1

    # Ana drafts the change and submits it.
    ana = sign_in(pages.open(), ANA)
    ana.wait_for_url(served.url("/compliance"))
    expect(ana).to_have_title(re.compile("^Markets"))
    expect(ana.get_by_text("Suspend a market")).to_be_visible()
    shoot(ana, "compliance-markets")

    ana.goto(served.url("/compliance/rules"))
    ana.locator("[data-testid=rules-search]").fill("import-thresholds")
    ana.locator("[data-testid=rules-search-go]").click()
    expect(ana.get_by_role("link", name=RULE_SET)).to_be_visible()
    shoot(ana, "compliance-rule-sets")

    ana.goto(served.url(f"/compliance/rules/{RULE_SET}"))
    expect(ana.get_by_text(f"Active: version {old['number']}")).to_be_visible()
    ana.locator("[data-testid=new-draft]").click()
    cell = ana.locator(f"[data-testid={THRESHOLD_CELL}]")  # Quasar puts the attribute on the <input> itself
    expect(cell).to_have_value(old["rows"][0]["duty_threshold"])
    cell.fill(NEW_THRESHOLD)
    ana.locator("[data-testid=reason]").fill("Browser test: duty threshold raised to AUD 1,200")
    ana.locator("[data-testid=source-url]").fill(
        "https://www.abf.gov.au/importing-exporting-and-manufacturing"
    )
    ana.locator("[data-testid=save-draft]").click()
    expect(ana.get_by_text(f"Draft version {number} is saved.")).to_be_visible()
    expect(cell).to_have_value(NEW_THRESHOLD)  # the saved draft, opened again in the editor

    ana.locator("[data-testid=diff]").click()
    expect(ana.get_by_text(f"Against version {old['number']}: 0 added, 0 removed, 1 changed")).to_be_visible()
    expect(ana.get_by_text("duty_threshold:")).to_be_visible()
    shoot(ana, "compliance-rule-set-draft")

    ana.locator("[data-testid=submit-version]").click()
    expect(ana.get_by_text(f"Version {number} waits for another officer's approval.")).to_be_visible()
    expect(ana.get_by_text("You wrote this version: another officer approves or rejects it.")).to_be_visible()
    ana.locator("[data-testid=approve-version]").click()  # four eyes: not her own
    expect(ana.get_by_text("was written by you; another officer must approve it")).to_be_visible()

    # Ben, in his own browser context, approves it; it is in force at once.
    ben = sign_in(pages.open(), BEN, then=f"/compliance/rules/{RULE_SET}")
    expect(ben.get_by_text(f"Version {number}", exact=True)).to_be_visible()
    expect(ben.get_by_text("You wrote this version")).to_have_count(0)
    approve = ben.locator("[data-testid=approve-version]")
    approve.scroll_into_view_if_needed()
    shoot(ben, "compliance-rule-set-approval")
    approve.click()
    expect(ben.get_by_text(f"Version {number} is approved and in force now.")).to_be_visible()
    expect(ben.get_by_text(f"Active: version {number}")).to_be_visible()
    expect(ben.locator("[data-testid=approve-version]")).to_have_count(0)

    ana.reload()
    expect(ana.get_by_text(f"Active: version {number}")).to_be_visible()

    # The API agrees, and its audit log names both people.
    after = served.get(f"/v1/rules/{RULE_SET}", "compliance_officer")
    assert after["active_version"] == number
    assert isinstance(after["versions"], list)
    new = next(v for v in after["versions"] if v["number"] == number)
    assert new["status"] == "active"
    assert new["rows"][0]["duty_threshold"] == NEW_THRESHOLD
    emails = served.people()
    assert (emails[new["author"]], emails[new["approver"]]) == (ANA, BEN)
    audit = served.get(f"/v1/audit?entity_id={RULE_SET}@{number}&limit=100", "compliance_officer")["data"]
    assert isinstance(audit, list)
    actions = {(e["action"], emails.get(e["actor"], e["actor"])) for e in audit}
    assert {("version.create", ANA), ("version.submit", ANA), ("version.approve", BEN)} <= actions, actions

    ben.goto(served.url("/compliance/audit"))
    expect(ben.get_by_text(f"{RULE_SET}@{number}").first).to_be_visible()
    expect(ben.get_by_text("version.approve").first).to_be_visible()
    expect(ben.get_by_text(ANA, exact=True).first).to_be_visible()
    shoot(ben, "compliance-audit")

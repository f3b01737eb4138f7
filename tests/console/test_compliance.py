"""The compliance pages in NiceGUI's user simulation: markets and suspensions, the four-eyes flow on a rule
set, validation next to the cells, simulation, rollback, the audit log, what admins and merchants may see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from nicegui.testing import User
from sqlmodel import select

from compliance import service
from compliance.defaults import load_defaults
from compliance.models import AuditEntry
from compliance.schemas import EvaluateRequest, SuspendRequest, VersionCreate
from console.compliance import row_changes
from core.clock import utc_now
from core.db import unit_of_work
from core.models import User as Person
from tests.console.conftest import SignIn

GB = "gb-import-thresholds"
ANA, BEN = "ana@tradelane.example", "ben@tradelane.example"


@pytest.fixture
def rules(people: None) -> None:
    with unit_of_work() as session:
        load_defaults(session)


def one(user: User, marker: str) -> Any:
    """The single element with `marker` (typed loosely: tests read `.text`, `.value`, `.error`)."""
    elements = user.find(marker=marker).elements
    assert len(elements) == 1, f"{len(elements)} elements marked {marker}"
    return next(iter(elements))


def enter(user: User, marker: str, text: str) -> None:
    user.find(marker=marker).clear().type(text)


async def switch(sign_in: SignIn, user: User, email: str) -> User:
    """Another person at the same browser: the first one's cookie goes, as after signing out."""
    user.http_client.cookies.clear()
    return await sign_in(email)


def person_id(email: str) -> str:
    with unit_of_work(write=False) as session:
        found = session.exec(select(Person.id).where(Person.email == email)).one()
    return found


def versions_of(key: str) -> list[Any]:
    with unit_of_work(write=False) as session:
        rs = service.get_rule_set(session, key=key)
        return [service.version_read(v) for v in service.versions_of(session, rs)]


def pending_gb_version(threshold: str, author: str) -> int:
    """A submitted version of the GB thresholds with another duty threshold, written by `author`."""
    active = next(v for v in versions_of(GB) if v.status == "active")
    rows = [{**active.rows[0], "duty_threshold": threshold}]
    with unit_of_work() as session:
        data = VersionCreate(
            rows=rows,
            tests=active.tests,  # type: ignore[arg-type]
            effective_from=utc_now() - timedelta(minutes=1),
            reason="Threshold review",
        )
        v = service.create_version(session, key=GB, data=data, actor=person_id(author))
        service.submit_version(session, key=GB, number=v.number, actor=person_id(author))
        return v.number


# --- markets --------------------------------------------------------------------------------------


async def test_markets_are_listed_and_a_suspension_needs_a_second_officer(
    sign_in: SignIn, rules: None
) -> None:
    user = await sign_in(ANA)
    await user.open("/compliance")
    assert one(user, "status-AT").text == "Open"
    assert one(user, "pager-range").text == "1 to 20 of 41"
    user.find(marker="pager-next").click()
    assert one(user, "status-TH").text == "Open"
    await user.should_see(marker="suspend-market")

    user.find(marker="suspend-market").click()  # no country, no reason: told next to the fields
    assert "ISO 3166-1" in (one(user, "suspend-country").error or "")
    enter(user, "suspend-country", "th")
    user.find(marker="suspend-market").click()
    assert one(user, "suspend-reason").error

    enter(user, "suspend-reason", "Sanctions review of courier partners")
    enter(user, "suspend-source-url", "https://example.org/notice-7")
    user.find(marker="suspend-market").click()
    await user.should_see("TH is suspended now")
    user.find(marker="pager-back").click()  # suspended markets come first
    assert one(user, "status-TH").text == "Suspended"
    assert one(user, "suspended-by-TH").text == ANA
    assert one(user, "approval-TH").text == "not yet approved"

    user.find(marker="approve-suspension-TH").click()
    await user.should_see("the officer who suspended a market cannot approve the suspension")
    assert one(user, "approval-TH").text == "not yet approved"

    user = await switch(sign_in, user, BEN)
    await user.open("/compliance")
    user.find(marker="approve-suspension-TH").click()
    await user.should_see("The suspension of TH is approved.")
    assert one(user, "approval-TH").text == f"approved by {BEN}"
    with unit_of_work(write=False) as session:
        (market,) = service.list_markets(session, countries=["TH"])
    assert market.suspension_approved_by == person_id(BEN)
    assert market.suspended_by == person_id(ANA)

    user.find(marker="resume-TH").click()  # a reason is required
    assert one(user, "resume-reason-TH").error
    enter(user, "resume-reason-TH", "Review closed")
    user.find(marker="resume-TH").click()
    await user.should_see("it stays suspended until another officer approves")
    assert one(user, "status-TH").text == "Suspended"
    assert one(user, "approval-TH").text == f"approved by {BEN}; resuming asked by {BEN}"
    user.find(marker="approve-resume-TH").click()  # not by the officer who asked
    await user.should_see("another officer must approve it")
    assert one(user, "status-TH").text == "Suspended"

    user = await switch(sign_in, user, ANA)
    await user.open("/compliance")
    user.find(marker="approve-resume-TH").click()
    await user.should_see("TH is open again.")
    user.find(marker="pager-next").click()  # back among the open markets, in order
    assert one(user, "status-TH").text == "Open"


# --- the four-eyes flow on a rule set ---------------------------------------------------------------


async def test_four_eyes_flow_on_import_thresholds(sign_in: SignIn, rules: None) -> None:
    user = await sign_in(ANA)
    await user.open(f"/compliance/rules/{GB}")
    assert one(user, "active-version").text == "Active: version 2"

    user.find(marker="new-draft").click()
    assert one(user, "cell-0-duty_threshold").value == "135"
    enter(user, "cell-0-duty_threshold", "150")
    enter(user, "reason", "Threshold raised by the Finance Act")
    enter(user, "source-url", "https://www.gov.uk/finance-act")

    user.find(marker="diff").click()
    await user.should_see(marker="diff-changed-0")
    cell = one(user, "diff-cell-0-duty_threshold")
    texts = [getattr(child, "text", "") for child in cell.descendants()]
    assert "135" in texts
    assert "150" in texts
    assert "1 changed" in one(user, "diff-summary").text

    user.find(marker="save-draft").click()
    await user.should_see("Draft version 3 is saved.")
    v3 = versions_of(GB)[2]
    assert (v3.status, v3.rows[0]["duty_threshold"], v3.author) == ("draft", "150", person_id(ANA))
    assert v3.reason == "Threshold raised by the Finance Act"

    user.find(marker="submit-version").click()
    await user.should_see("Version 3 waits for another officer's approval.")
    assert one(user, "state-3").text == "pending approval"

    user.find(marker="approve-version").click()
    await user.should_see("was written by you; another officer must approve it")
    assert versions_of(GB)[2].status == "pending_approval"

    user = await switch(sign_in, user, BEN)
    await user.open(f"/compliance/rules/{GB}?version=3")
    user.find(marker="approve-version").click()
    await user.should_see("Version 3 is approved and in force now.")
    assert one(user, "active-version").text == "Active: version 3"
    assert one(user, "state-3").text == "active"
    assert one(user, "state-2").text == "superseded"
    assert one(user, "author-3").text == ANA
    assert one(user, "approver-3").text == BEN
    v3 = versions_of(GB)[2]
    assert (v3.status, v3.approver) == ("active", person_id(BEN))

    await user.open(f"/compliance/audit?rule_set={GB}")
    with unit_of_work(write=False) as session:
        entries = {
            e.action: e.id for e in session.exec(select(AuditEntry).where(AuditEntry.entity_id == f"{GB}@3"))
        }
    assert one(user, f"audit-{entries['version.create']}-actor").text == ANA
    assert one(user, f"audit-{entries['version.submit']}-actor").text == ANA
    assert one(user, f"audit-{entries['version.approve']}-actor").text == BEN
    # the approval's before/after shows the approver by e-mail too
    await user.should_see(marker=f"audit-{entries['version.approve']}-approver")
    approver = one(user, f"audit-{entries['version.approve']}-approver")
    assert BEN in [getattr(child, "text", "") for child in approver.descendants()]


async def test_an_invalid_threshold_shows_next_to_its_cell_and_saves_nothing(
    sign_in: SignIn, rules: None
) -> None:
    user = await sign_in(ANA)
    await user.open(f"/compliance/rules/{GB}")
    user.find(marker="new-draft").click()

    user.find(marker="save-draft").click()  # no reason yet
    assert one(user, "reason").error
    enter(user, "reason", "Try a bad threshold")

    enter(user, "cell-0-duty_threshold", "-5")
    user.find(marker="save-draft").click()
    assert "greater than or equal to 0" in (one(user, "cell-0-duty_threshold").error or "")
    assert "duty_threshold: Input should be greater than or equal to 0" in one(user, "row-problems-0").text

    enter(user, "cell-0-duty_threshold", "lots")
    enter(user, "cell-0-currency", "XXQ")
    user.find(marker="save-draft").click()
    assert "decimal" in (one(user, "cell-0-duty_threshold").error or "")
    assert one(user, "cell-0-currency").error

    enter(user, "effective-from", "next tuesday")
    user.find(marker="save-draft").click()
    assert "YYYY-MM-DD" in (one(user, "effective-from").error or "")
    assert len(versions_of(GB)) == 2

    enter(user, "effective-from", "2020-06-01")  # before the active version's start
    enter(user, "cell-0-duty_threshold", "150")
    enter(user, "cell-0-currency", "GBP")
    user.find(marker="save-draft").click()
    await user.should_see("Draft version 3 is saved.")
    user.find(marker="submit-version").click()
    assert "overlaps an approved version" in (one(user, "effective-from").error or "")
    assert versions_of(GB)[2].status == "draft"


async def test_rows_can_be_added_and_removed_and_row_problems_are_shown(sign_in: SignIn, rules: None) -> None:
    user = await sign_in(ANA)
    await user.open(f"/compliance/rules/{GB}")
    user.find(marker="new-draft").click()
    user.find(marker="add-row").click()
    await user.should_see(marker="cell-1-currency")
    enter(user, "reason", "Add a courier row")
    user.find(marker="save-draft").click()
    assert "Field required" in (one(user, "cell-1-currency").error or "")
    enter(user, "cell-1-currency", "GBP")
    enter(user, "cell-1-channels", "courier")
    enter(user, "cell-1-country", "GB")
    user.find(marker="diff").click()
    await user.should_see(marker="diff-added-1")
    user.find(marker="save-draft").click()
    await user.should_see("Draft version 3 is saved.")
    assert versions_of(GB)[2].rows[1] == {"currency": "GBP", "channels": ["courier"], "country": "GB"}

    user.find(marker="remove-row-1").click()
    user.find(marker="save-draft").click()
    assert len(versions_of(GB)[2].rows) == 1


async def test_a_failing_test_case_is_shown_and_the_draft_is_kept(sign_in: SignIn, rules: None) -> None:
    user = await sign_in(ANA)
    await user.open(f"/compliance/rules/{GB}")
    user.find(marker="new-draft").click()
    enter(user, "cell-0-duty_threshold", "50")  # GBP 100 is no longer relieved: a test case fails
    enter(user, "reason", "Lower threshold")
    user.find(marker="submit-version").click()
    problems = one(user, "tests-problems")
    assert "GBP 100: no duty, VAT at checkout" in problems.text
    assert versions_of(GB)[2].status == "draft"


async def test_rejection_needs_a_reason(sign_in: SignIn, rules: None) -> None:
    number = pending_gb_version("140", ANA)
    user = await sign_in(BEN)
    await user.open(f"/compliance/rules/{GB}?version={number}")
    user.find(marker="reject-version").click()
    assert one(user, "reject-reason").error
    enter(user, "reject-reason", "The order is not published yet")
    user.find(marker="reject-version").click()
    await user.should_see(f"Version {number} is rejected.")
    assert one(user, f"state-{number}").text == "rejected"


async def test_simulation_replays_recorded_decisions(sign_in: SignIn, rules: None) -> None:
    with unit_of_work() as session:
        question = {"country": "GB", "origin": "CN", "currency": "GBP", "goods": "140"}
        service.evaluate(
            session,
            data=EvaluateRequest(topic="import_thresholds", country="GB", input=question),
            actor="system",
        )
    number = pending_gb_version("150", ANA)
    user = await sign_in(BEN)
    await user.open(f"/compliance/rules/{GB}?version={number}")
    user.find(marker="simulate-version").click()
    await user.should_see(marker="simulation-summary", retries=50)
    assert "1 would change" in one(user, "simulation-summary").text
    assert one(user, "simulation-changed-GB").text == "1"


async def test_rollback_brings_back_an_earlier_version_for_approval(sign_in: SignIn, rules: None) -> None:
    user = await sign_in(ANA)
    await user.open(f"/compliance/rules/{GB}?version=1")
    assert one(user, "selected-state").text == "superseded"
    enter(user, "rollback-reason", "The 2021 reform was annulled")
    user.find(marker="rollback-version").click()
    await user.should_see("Version 3 brings back version 1's rows")
    v3 = versions_of(GB)[2]
    assert (v3.status, v3.rolled_back_from, v3.rows) == ("pending_approval", 1, versions_of(GB)[0].rows)


# --- lists and the audit log ----------------------------------------------------------------------


async def test_rule_sets_page_filters_and_pages(sign_in: SignIn, rules: None) -> None:
    user = await sign_in(ANA)
    await user.open("/compliance/rules")
    assert one(user, "pager-range").text == "Page 1"
    await user.should_see(marker="rule-set-au-import-thresholds")  # in key order
    await user.should_not_see(marker="rule-set-jp-duties")
    user.find(marker="pager-next").click()
    assert one(user, "pager-range").text == "Page 2"
    await user.should_see(marker="rule-set-jp-duties")
    await user.should_not_see(marker="rule-set-au-import-thresholds")
    user.find(marker="pager-back").click()
    await user.should_see(marker="rule-set-au-import-thresholds")

    with user:
        one(user, "rules-topic").value = "import_thresholds"
    await user.should_see(marker=f"rule-set-{GB}")
    await user.should_not_see(marker="rule-set-us-duties")
    assert one(user, f"active-{GB}").text == "v2"
    assert "v4 from 2027-07-01" in one(user, "scheduled-us-import-thresholds").text

    enter(user, "rules-search", "GB")
    user.find(marker="rules-search-go").click()
    await user.should_see(marker=f"rule-set-{GB}")
    await user.should_not_see(marker="rule-set-us-import-thresholds")
    enter(user, "rules-search", "no such rule")
    user.find(marker="rules-search-go").click()
    await user.should_see("No rule sets match.")


async def test_audit_log_filters(sign_in: SignIn, rules: None) -> None:
    pending_gb_version("140", ANA)
    user = await sign_in(BEN)
    await user.open("/compliance/audit")
    await user.should_see("version.load_default")
    enter(user, "audit-actor", ANA)
    user.find(marker="audit-apply").click()
    await user.should_see("version.submit")
    await user.should_not_see("version.load_default")

    enter(user, "audit-actor", "nobody@tradelane.example")
    user.find(marker="audit-apply").click()
    assert "nobody signs in with" in (one(user, "audit-actor").error or "")

    user.find(marker="audit-actor").clear()
    enter(user, "audit-since", "yesterday")
    user.find(marker="audit-apply").click()
    assert one(user, "audit-since").error == "use YYYY-MM-DD"

    enter(user, "audit-since", "2001-01-01")
    enter(user, "audit-until", "2001-01-02")
    user.find(marker="audit-apply").click()
    await user.should_see("No audit entries match.")


# --- who sees what --------------------------------------------------------------------------------


async def test_admin_sees_rule_sets_but_no_editing_controls(sign_in: SignIn, rules: None) -> None:
    number = pending_gb_version("140", ANA)
    user = await sign_in("admin@tradelane.example")
    await user.open("/compliance/rules")
    enter(user, "rules-search", GB)
    user.find(marker="rules-search-go").click()
    await user.should_see(marker=f"rule-set-{GB}")
    assert one(user, f"active-{GB}").text == "v2"
    await user.open(f"/compliance/rules/{GB}?version={number}")
    assert one(user, f"state-{number}").text == "pending approval"
    await user.should_see(marker="simulate-version")
    for control in ("new-draft", "approve-version", "reject-version", "save-draft", "submit-version"):
        await user.should_not_see(marker=control)
    await user.open(f"/compliance/rules/{GB}?version=1")
    await user.should_not_see(marker="rollback-version")
    with unit_of_work() as session:
        service.suspend_market(
            session, country="TH", data=SuspendRequest(reason="Sanctions review"), actor=person_id(ANA)
        )
    await user.open("/compliance")
    assert one(user, "status-TH").text == "Suspended"
    assert one(user, "approval-TH").text == "not yet approved"
    for control in ("suspend-market", "approve-suspension-TH", "resume-TH"):
        await user.should_not_see(marker=control)
    await user.open("/compliance/audit")
    await user.should_see(marker="audit-apply")


async def test_a_merchant_is_redirected_away(sign_in: SignIn, rules: None) -> None:
    user = await sign_in("merchant@lumen.example")
    for path in ("/compliance", "/compliance/rules", f"/compliance/rules/{GB}", "/compliance/audit"):
        response = await user.http_client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/merchant?denied=1"


async def test_an_unknown_rule_set_says_so(sign_in: SignIn) -> None:
    user = await sign_in(ANA)
    await user.open("/compliance/rules/no-such-rules")
    await user.should_see("There is no rule set 'no-such-rules'.")


# --- the table difference -------------------------------------------------------------------------


def test_an_inserted_row_is_one_addition_and_defaults_are_not_changes() -> None:
    before = [{"country": "US", "rate": "5"}, {"country": "CA", "rate": "6"}]
    after = [{"country": "US", "rate": "5"}, {"country": "MX", "rate": "7"}, {"country": "CA", "rate": "6.5"}]
    changes = row_changes(before, after)
    kinds = [(c.kind, c.before_index, c.after_index) for c in changes]
    assert kinds == [("added", None, 1), ("changed", 1, 2)]
    assert [(c.column, c.before, c.after) for c in changes[1].cells] == [("rate", "6", "6.5")]
    assert row_changes([{"basis": "goods"}], [{}], {"basis": "goods"}) == []
    (removed,) = row_changes([{"country": "US"}, {"country": "CA"}], [{"country": "US"}])
    assert (removed.kind, removed.before_index) == ("removed", 1)

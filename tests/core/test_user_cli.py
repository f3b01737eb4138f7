"""`python main.py user create|list|disable`, run in-process with click's runner."""

from __future__ import annotations

from click.testing import CliRunner

from core import people
from core.db import unit_of_work
from main import cli


def test_create_list_disable_a_person(db_url: str) -> None:
    runner = CliRunner()
    created = runner.invoke(
        cli,
        ["user", "create", "--email", "Ana@Example.com", "--role", "compliance_officer", "--name", "Ana"],
        input="a long enough password\na long enough password\n",
    )
    assert created.exit_code == 0, created.output
    user_id = created.output.split()[-3]
    assert user_id.startswith("usr_")
    assert "a long enough password" not in runner.invoke(cli, ["user", "list"]).output
    assert (
        f"{user_id}\tana@example.com\tcompliance_officer\t-\tactive"
        in runner.invoke(cli, ["user", "list"]).output
    )
    with unit_of_work() as session:
        assert people.sign_in(session, email="ana@example.com", password="a long enough password") is not None

    assert runner.invoke(cli, ["user", "disable", user_id]).exit_code == 0
    assert "disabled" in runner.invoke(cli, ["user", "list"]).output


def test_bad_input_is_a_clear_error_and_creates_nothing(db_url: str) -> None:
    runner = CliRunner()
    no_merchant = runner.invoke(
        cli,
        ["user", "create", "--email", "m@example.com", "--role", "merchant", "--password", "long enough pw"],
    )
    assert no_merchant.exit_code != 0
    assert "a merchant user must name its merchant" in no_merchant.output
    short = runner.invoke(
        cli, ["user", "create", "--email", "x@example.com", "--role", "admin", "--password", "short"]
    )
    assert "at least 10 characters" in short.output
    assert runner.invoke(cli, ["user", "list"]).output == ""
    assert runner.invoke(cli, ["user", "disable", "usr_missing"]).exit_code != 0

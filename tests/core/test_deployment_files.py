"""The deployment files stay in step with `main.py`: every process the Procfile, the Dockerfile and
compose.yaml start is a real command of `main.cli` with options it has, and every setting they give the
service's containers is a field of `core.config.Settings` (with the APP_ prefix)."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import click
import pytest
import yaml

from core.config import Settings
from main import ROOT, cli

SETTINGS = {f"APP_{name.upper()}" for name in Settings.model_fields}


def check_command(args: list[str]) -> click.Command:
    """The `main.py` command that `args` names, parsed as click would parse it (without running it);
    click.UsageError when a command or an option does not exist or a value does not fit."""
    command: click.Command = cli
    rest = list(args)
    name = "main.py"
    while isinstance(command, click.Group):
        if not rest:
            raise click.UsageError(f"{name} needs a command")
        name = rest.pop(0)
        found = command.commands.get(name)
        if found is None:
            raise click.UsageError(f"no such command: {name}")
        command = found
    command.make_context(name, rest)
    return command


def procfile() -> dict[str, list[str]]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = shlex.split(command)
    return processes


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    pairs = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            instruction, _, arguments = line.strip().partition(" ")
            pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def compose_services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    return services


def test_the_checker_refuses_unknown_commands_options_and_values() -> None:
    assert check_command(["serve", "--no-worker", "--workers", "2"]).name == "serve"
    assert check_command(["apikey", "list"]).name == "list"
    for wrong in (["serv"], ["serve", "--threads", "2"], ["serve", "--workers", "two"], ["apikey"], []):
        with pytest.raises(click.UsageError):
            check_command(wrong)


def test_the_procfile_runs_the_api_twice_a_worker_and_beat_with_real_commands() -> None:
    processes = procfile()
    assert set(processes) == {"api", "worker", "beat"}
    for name, argv in processes.items():
        assert argv[:2] == ["python", "main.py"], name
        check_command(argv[2:])
    assert processes["api"][2:] == ["serve", "--no-worker", "--workers", "2"]
    assert processes["worker"][2] == "worker"
    assert processes["beat"][2] == "beat"


def test_the_dockerfile_is_multi_stage_non_root_with_main_py_as_entrypoint_and_a_healthcheck() -> None:
    pairs = dockerfile()
    stages = [arguments for instruction, arguments in pairs if instruction == "FROM"]
    assert len(stages) >= 2
    assert all(" AS " in stage.upper() for stage in stages)
    users = [arguments for instruction, arguments in pairs if instruction == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}
    entrypoint = [json.loads(arguments) for instruction, arguments in pairs if instruction == "ENTRYPOINT"]
    assert entrypoint == [["python", "main.py"]]
    (default,) = [json.loads(arguments) for instruction, arguments in pairs if instruction == "CMD"]
    check_command(default)
    (healthcheck,) = [arguments for instruction, arguments in pairs if instruction == "HEALTHCHECK"]
    assert "/healthz" in healthcheck
    for instruction, arguments in pairs:
        if instruction == "ENV":
            for name in re.findall(r"(\w+)=", arguments):
                assert not name.startswith("APP_") or name in SETTINGS, name


def test_compose_runs_migrate_api_worker_and_beat_from_the_image_with_real_settings() -> None:
    services = compose_services()
    assert {"postgres", "redis", "migrate", "api", "worker", "beat"} <= set(services)
    ours = {name: service for name, service in services.items() if service.get("image") == "tradelane"}
    assert set(ours) == {"migrate", "api", "worker", "beat"}
    for name, service in ours.items():
        assert service["build"] == "."
        command = check_command(service["command"])
        assert command.name == {"api": "serve"}.get(name, name)
        environment = service["environment"]
        assert isinstance(environment, dict), name
        unknown = set(environment) - SETTINGS
        assert not unknown, f"{name}: {unknown} are not settings"
        assert environment["APP_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert environment["APP_BROKER_URL"].startswith("redis://")
    assert ours["migrate"]["restart"] == "no"
    for name in ("api", "worker", "beat"):
        assert ours[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}

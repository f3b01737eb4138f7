"""Settings fail loudly and by name; logs are JSON with a request id and never carry secrets."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from core.config import ConfigError, load_settings
from core.observability import JsonFormatter, redact
from main import ROOT
from tests.conftest import Keys


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("APP_PORT", "eighty"),
        ("APP_DATABASE_URL", "mysql://x"),
        ("APP_FX_PROVIDER", "yahoo"),
        ("APP_BROKER_URL", "kafka://x"),
        ("APP_TASKS_EAGER", "maybe"),
    ],
)
def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=var):
        load_settings()


def test_bad_setting_stops_the_cli_with_the_name() -> None:
    r = subprocess.run(
        [sys.executable, "main.py", "migrate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "APP_PORT": "eighty"},
        timeout=60,
    )
    assert r.returncode != 0
    assert "APP_PORT" in r.stderr


def test_stripe_key_is_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_STRIPE_API_KEY", "sk_test_51Habcdefghijklmnop")
    settings = load_settings()
    assert "sk_test" not in repr(settings)
    assert "sk_test" not in str(settings.model_dump())


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Bearer tlk_01aaaaaaaaaaaaaaaaaaaaaaaa_s3cr3tPart-xyz",
        "key=tlk_01aaaaaaaaaaaaaaaaaaaaaaaa_s3cr3tPart-xyz",
        "stripe sk_live_51Hs3cr3tPart",
        "whsec_s3cr3tPart",
        '{"password": "s3cr3tPart"}',
    ],
)
def test_redact(text: str) -> None:
    assert "s3cr3tPart" not in redact(text)


def test_requests_are_logged_as_json_without_keys(
    client: TestClient, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client.get("/v1/me", headers=keys.h(keys.admin))
    client.get("/v1/me", headers=keys.h(keys.admin[:-3] + "zzz"))
    client.post("/v1/merchants", json={"name": keys.shop}, headers=keys.h(keys.admin))
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records]
    access = [json.loads(line) for line in lines if '"tradelane.access"' in line]
    assert access
    assert {"request_id", "route", "status", "duration_ms"} <= set(access[0])
    secret_parts = [k.removeprefix("tlk_").split("_", 1)[1] for k in (keys.admin, keys.shop)]
    for line in lines:
        for part in secret_parts:
            assert part not in line

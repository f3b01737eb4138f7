"""Schemathesis over the whole API: every operation of the OpenAPI document, under a key of each role, through
its coverage, fuzzing and stateful phases, in process against the ASGI app on SQLite with the demo data.

A run fails on any 5xx and on any answer the document does not describe (a status, content type, header or
body it does not declare), on a request that breaks the document and is still accepted, on a 405 whose
`Allow` is wrong, on an operation that ignores its key, and on any operation left untested. The seed is fixed
and fuzzing bounded, so a run is repeatable; each failure is reported with a curl command to replay it.

`make test` runs this as a stage of its own (`make test-fuzz`), the roles shared between two processes.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from sqlalchemy.engine import make_url

from core.config import get_settings
from core.db import engine_for, unit_of_work
from tests.conftest import PG_URL

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

ROLES = ("admin", "shop", "merchant", "creator", "compliance_officer")
SEED = 20_261_207
FUZZ_EXAMPLES = 10
"""Fuzzing cases per operation and role (the coverage phase's deterministic cases come on top)."""
STATEFUL_STEPS = 6
PHASES = ("coverage", "fuzzing", "stateful")

CHECKS: dict[str, dict[str, Any]] = {
    "not_a_server_error": {"enabled": True},
    "status_code_conformance": {"enabled": True},
    "content_type_conformance": {"enabled": True},
    "response_schema_conformance": {"enabled": True},
    "response_headers_conformance": {"enabled": True},
    "negative_data_rejection": {
        "enabled": True,
        # a body too large for any route is refused before it is read: a rejection like the others
        "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429],
    },
    "missing_required_header": {"enabled": True},
    "ignored_auth": {"enabled": True},
    "unsupported_method": {"enabled": True},
    "allow_header_conformance": {"enabled": True},
    "use_after_free": {"enabled": True},
    "ensure_resource_availability": {"enabled": True},
    # Off: valid by the document is not valid by the business. Codes are checked against ISO registries,
    # ids must exist and belong to the key, states must allow the step; those refusals are documented 4xx
    # problems, which this check would count as failures.
    "positive_data_acceptance": {"enabled": False},
}


def _config(key: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},  # each run stands alone: no cases replayed from an earlier one
            "headers": {"Authorization": f"Bearer {key}"},
            "continue-on-failure": True,
            "generation": {"max-examples": FUZZ_EXAMPLES, "database": "none"},
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
            },
            "checks": CHECKS,
        }
    )


@dataclass
class Run:
    operations: set[str]
    cases: int = 0
    tested: dict[str, set[str]] = field(default_factory=lambda: {p: set() for p in PHASES})
    failures: list[str] = field(default_factory=list)

    def record(self, event: events.EngineEvent) -> None:
        if isinstance(event, events.ScenarioFinished):
            self._scenario(event)
        elif isinstance(event, events.NonFatalError):
            self.failures.append(f"{event.label}: error: {event.info.message}")
        elif isinstance(event, events.FatalError):
            self.failures.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.Interrupted):
            self.failures.append("interrupted")

    def _scenario(self, event: events.ScenarioFinished) -> None:
        recorder = event.recorder
        self.cases += len(recorder.cases)
        phase = event.phase.value
        if phase in self.tested and event.status is not Status.SKIP:
            labels = {recorder.label} if phase != "stateful" else self._stateful_operations(recorder)
            self.tested[phase] |= labels
        seen = set()
        for checks in recorder.checks.values():
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                failure = info.failure
                what = (check.name, failure.title, failure.message)
                if what in seen:
                    continue
                seen.add(what)
                self.failures.append(
                    f"[{phase}] {recorder.label}: {check.name}: {failure.title}\n"
                    f"    {failure.message.strip()}\n    {info.code_sample.strip()}"
                )

    @staticmethod
    def _stateful_operations(recorder: Any) -> set[str]:
        return {
            f"{node.value.operation.method.upper()} {node.value.operation.path}"
            for node in recorder.cases.values()
        }


@pytest.fixture(scope="module")
def demo_database(
    database_template: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The migrated database with the demo data and one demo key per role, built once for the module."""
    from core.demo import demo_keys, seed_merchants
    from main import demo_seeders

    folder = tmp_path_factory.mktemp("demo")
    target = folder / "demo.db"
    shutil.copyfile(make_url(database_template).database or "", target)
    url = f"sqlite:///{target}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("APP_DATABASE_URL", url)
        env.setenv("APP_DATA_DIR", str(folder))
        get_settings.cache_clear()
        with unit_of_work() as session:
            seed_merchants(session)
            for seed in demo_seeders():
                seed(session)
        with unit_of_work() as session:
            keys = demo_keys(session)
        engine_for(url).dispose()  # the last connection checkpoints the WAL into the file
        engine_for.cache_clear()
    get_settings.cache_clear()
    return target, keys


def _fuzz(key: str) -> Run:
    from main import create_app

    app = create_app()
    with TestClient(app):  # the lifespan: snapshots warm, as when served
        schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=_config(key))
        spec = app.openapi()
        run = Run(operations={f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item})
        for event in from_schema(schema).execute():
            run.record(event)
    return run


@pytest.mark.skipif(bool(PG_URL), reason="copies the demo database as a SQLite file")
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_conforms_under_each_role(
    role: str, db_url: str, demo_database: tuple[Path, dict[str, str]]
) -> None:
    seeded, keys = demo_database
    shutil.copyfile(seeded, make_url(db_url).database or "")
    run = _fuzz(keys[role])

    sys.stdout.write(  # shown by make test-fuzz (pytest -rP)
        f"schemathesis {role}: {len(run.operations)} operations, {run.cases} cases, "
        f"coverage {len(run.tested['coverage'])}, fuzzing {len(run.tested['fuzzing'])}, "
        f"stateful {len(run.tested['stateful'])} operations reached, {len(run.failures)} failures\n"
    )
    assert not run.failures, f"{len(run.failures)} failures under the {role} key:\n" + "\n".join(run.failures)
    for phase in ("coverage", "fuzzing"):
        assert run.tested[phase] == run.operations, (phase, sorted(run.operations - run.tested[phase]))
    assert run.tested["stateful"], "the stateful phase reached no operation"

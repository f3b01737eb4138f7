"""Write the Python client of the API (`clients/python/`) from the OpenAPI document of `main.create_app()`.

`python scripts/generate_client.py [TARGET]` (`make client`) writes it to TARGET (`clients/python` unless
given): the document is built in process (no server, no database), handed to openapi-python-client with
`clients/python/config.yml`, and the result formatted by ruff, so a regeneration of an unchanged API is
identical byte for byte (tests/core/test_client_fresh.py compares them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "clients" / "python"
CONFIG = CLIENT / "config.yml"
KEPT = ("config.yml",)
"""Files of `clients/python` that are not generated."""


def document() -> dict[str, object]:
    os.environ.setdefault("APP_DATA_DIR", tempfile.mkdtemp(prefix="tradelane-client-"))
    sys.path.insert(0, str(ROOT))
    from main import create_app

    return create_app().openapi()


def _allowed_warnings_only(output: str) -> None:
    """Fail on any warning of the generator but a file type it leaves out beside one it takes (a statement as
    camt XML or MT940 beside its CSV, see `config.yml`): every operation is in the client."""
    warnings = output.count("WARNING")
    allowed = output.count("Unsupported content type")
    if warnings != allowed or "Unable to" in output or "will not be generated" in output:
        raise SystemExit("openapi-python-client could not generate every part of the client:\n" + output)


def generate(target: Path) -> None:
    """The client, generated into `target` (replaced), with `config.yml` beside it."""
    with tempfile.TemporaryDirectory(prefix="tradelane-client-") as tmp:
        spec = Path(tmp) / "openapi.json"
        spec.write_text(json.dumps(document(), indent=2, sort_keys=True) + "\n")
        out = Path(tmp) / "out"
        generated = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(spec),
                "--config",
                str(CONFIG),
                "--meta",
                "uv",
                "--output-path",
                str(out),
            ],
            check=True,
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        _allowed_warnings_only(generated.stdout + generated.stderr)
        # with the generated pyproject.toml's settings, as `make lint` checks it in place
        ruff = [sys.executable, "-m", "ruff"]
        subprocess.run([*ruff, "check", "--fix-only", "--exit-zero", "-q", str(out)], check=True, cwd=out)
        subprocess.run([*ruff, "format", "-q", str(out)], check=True, cwd=out)
        config = CONFIG.read_bytes()
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(out, target)
        for name in KEPT:
            (target / name).write_bytes(config if name == "config.yml" else b"")


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else CLIENT)

"""The generated Python client (`clients/python`) is the one the API's document makes today: `make client`
regenerates it; this test regenerates it into a temporary folder and fails on any difference."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

from main import ROOT


def _differences(cmp: filecmp.dircmp[str], where: Path) -> list[str]:
    out = [str(where / name) for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    for name, sub in cmp.subdirs.items():
        out += _differences(sub, where / name)
    return out


def test_the_generated_client_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "python"
    subprocess.run(
        [sys.executable, "scripts/generate_client.py", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    kept = ROOT / "clients" / "python"
    cmp = filecmp.dircmp(kept, fresh, ignore=["__pycache__", ".ruff_cache", ".mypy_cache"])
    stale = _differences(cmp, Path("clients/python"))
    assert not stale, f"the client is stale (run `make client`): {sorted(stale)[:20]}"
    assert (fresh / "tradelane_client" / "api" / "quotes" / "create_quote.py").is_file()

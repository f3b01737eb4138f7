"""Remake the console's screenshots in docs/screenshots/: the browser tests with UPDATE_SCREENSHOTS=1.

    .venv/bin/python scripts/screenshots.py [pytest options]

Needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium). The pages are those the tests visit,
with a fresh copy of the demo data, at 1366x900.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    command = [sys.executable, "-m", "pytest", "tests/browser", "-m", "slow", "-q", *sys.argv[1:]]
    sys.exit(subprocess.call(command, cwd=ROOT, env={**os.environ, "UPDATE_SCREENSHOTS": "1"}))

"""``python -m regcore`` is the command line."""

from __future__ import annotations

import subprocess
import sys


def test_python_m_regcore_runs_the_command_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "regcore", "check", "--bundled"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "circular_09_2024.reg: ổn — 118 quy tắc" in proc.stdout

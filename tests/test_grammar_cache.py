"""The analysed grammar is kept between processes (``REGCORE_CACHE_DIR``): a second process
loads it from there and decides exactly as the first; an unusable folder only turns it off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "th-2025-dt-dai-thao-duong.json"


def _eval(cache: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regcore", "eval", str(EXAMPLE), "--as-of", "2026-11-22",
         "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REGCORE_CACHE_DIR": cache},
    )  # fmt: skip


def test_a_second_process_uses_the_cache_and_decides_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = _eval(str(folder))
    files = list(folder.glob("grammar-*.lark"))
    assert len(files) == 1 and files[0].stat().st_size > 10_000
    assert (folder.stat().st_mode & 0o777) == 0o700  # only the user can write it
    second = _eval(str(folder))
    assert first.returncode == second.returncode == 0  # a compliant example
    assert first.stdout == second.stdout and '"status": "compliant"' in first.stdout
    uncached = _eval("off")
    assert uncached.stdout == first.stdout


def test_an_unusable_cache_folder_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    r = _eval(str(blocker / "cache"))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and '"status": "compliant"' in r.stdout

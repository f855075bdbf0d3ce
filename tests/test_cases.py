"""The circular's tests as data (tests/cases/**): every case passes, one pytest test per case."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

import regcore
from regcore.cases import Case, load_cases, render_result, run_case

CASES_DIR = Path(__file__).parent / "cases"
ALL_CASES = load_cases([CASES_DIR])


@cache
def _rules(paths: tuple[str, ...]) -> Any:
    return regcore.load(*paths)


@pytest.mark.parametrize(
    "case", ALL_CASES, ids=[f"{Path(c.file).relative_to(CASES_DIR)}::{c.index}" for c in ALL_CASES]
)
def test_case(case: Case) -> None:
    result = run_case(_rules(case.rules), case)
    assert result.passed, render_result(result)

"""The circular's tests as data (tests/cases/**): every case passes, one pytest test per case."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

import regcore
from regcore.cases import Case, load_cases, render_result, run_case

CASES_DIR = Path(__file__).parent / "cases"
# the decisions each case of the bundled circular exercised (for the coverage test at the end)
EXERCISED: dict[int, tuple[Any, ...]] = {}
ALL_CASES = load_cases([CASES_DIR])


@cache
def _rules(paths: tuple[str, ...]) -> Any:
    return regcore.load(*paths)


@pytest.mark.parametrize(
    "case", ALL_CASES, ids=[f"{Path(c.file).relative_to(CASES_DIR)}::{c.index}" for c in ALL_CASES]
)
def test_case(case: Case) -> None:
    result = run_case(_rules(case.rules), case)
    if case.rules == ():
        EXERCISED[id(case)] = result.exercised
    assert result.passed, render_result(result)


def test_every_executable_provision_of_the_circular_is_exercised() -> None:
    """Runs after the cases above (file order): with all of them run, `regcore coverage` finds
    no unit of the circular missing and no executable unit untested."""
    from regcore.coverage import coverage, untested_or_missing

    bundled = [c for c in ALL_CASES if c.rules == ()]
    if len(EXERCISED) < len(bundled):
        pytest.skip("only a selection of the cases ran")
    exercised = [d for ds in EXERCISED.values() for d in ds]
    cov = coverage(_rules(()).checked, exercised)
    assert [u.cite() for u in untested_or_missing(cov)] == []
    assert cov.counts["missing"] == 0
    assert cov.counts["tested"] == cov.counts["executable"] >= 128

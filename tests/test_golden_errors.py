"""Golden tests: what a legal officer sees for the mistakes they plausibly make in a .reg file.

Each ``tests/golden/errors/NN_short_name.reg`` is a small valid rule file (a header in force
«theo khoản 1 Điều 45», a few inputs, Điều/khoản/điểm headings, rules) with exactly one
mistake. Its first lines are comments the test reads:

    # mistake: what was got wrong, in a few words
    # expect: E104              codes of all the diagnostics, in the order they are rendered
    # xfail vi en codes: why    optional: a known bug (see below)

Beside it, ``NN_short_name.vi.txt`` and ``NN_short_name.en.txt`` hold the expected rendering
(Vietnamese, and ``--lang en``) of the diagnostics, produced through the public path the CLI
uses: ``regcore.loader.load_texts`` then ``exc.render(lang=…)`` for a file with errors, or
``regcore.diagnostics.render_all(checked.warnings, …)`` for a file with warnings only. The file
is always named ``tests/golden/errors/NAME.reg`` (relative), so the ``-->`` lines do not depend
on the working directory.

Updating the expected files (after an intended change of a message, hint or caret):

    REGCORE_UPDATE_GOLDEN=1 /work/venv/bin/pytest tests/test_golden_errors.py

rewrites every ``.vi.txt``/``.en.txt`` from the current output; then READ the diff: a golden
file that snapshots a wrong code, a caret off the mistake or an unhelpful hint is worthless.

Known bugs are marked in the .reg file with ``# xfail TARGETS: reason``, TARGETS among ``vi``,
``en`` (that rendering) and ``codes`` (the code list). The expected files of an xfail target
hold the rendering the proposed fix gives, not today's output, and the update mode leaves
them alone. The xfail is strict: once the fix lands the test XPASSes, which fails the run;
then delete the ``# xfail`` line. ``tests/golden/errors/PROPOSED_FIXES.diff`` holds the fixes
(``git apply`` it; with it every xfail target passes and no other test changes).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, NamedTuple

import pytest

from regcore.diagnostics import render_all
from regcore.errors import RuleCheckError, RuleSyntaxError
from regcore.loader import load_texts
from regcore.messages import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "errors"
REL = "tests/golden/errors"
UPDATE = os.environ.get("REGCORE_UPDATE_GOLDEN") == "1"

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
TARGETS = {"vi", "en", "codes"}

_EXPECT = re.compile(r"^# expect:\s*(?P<codes>.+?)\s*$", re.M)
_XFAIL = re.compile(r"^# xfail (?P<targets>[a-z ]+):\s*(?P<reason>.+?)\s*$", re.M)


class Case(NamedTuple):
    name: str
    path: Path
    codes: tuple[str, ...]
    xfail: dict[str, str]  # target ("vi", "en", "codes") -> reason

    @property
    def rel(self) -> str:
        return f"{REL}/{self.path.name}"

    def expected_file(self, lang: Lang) -> Path:
        return self.path.with_name(f"{self.name}.{lang}.txt")


def _header(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def _case(path: Path) -> Case:
    head = _header(path)
    m = _EXPECT.search(head)
    codes = tuple(m.group("codes").split()) if m else ()
    xfail: dict[str, str] = {}
    for x in _XFAIL.finditer(head):
        for target in x.group("targets").split():
            xfail[target] = x.group("reason")
    return Case(path.stem, path, codes, xfail)


CASES = [_case(p) for p in sorted(GOLDEN.glob("*.reg"))]


class Outcome(NamedTuple):
    codes: tuple[str, ...]
    rendered: dict[str, str]
    failed: bool  # the checker raised (errors); False: warnings only, exit status 0


def _normalise(text: str) -> str:
    """The rendering with the file path relative to the repository, whatever the cwd."""
    return text.replace(ROOT.as_posix() + "/", "").replace(str(ROOT) + os.sep, "")


@functools.cache
def _run(path: Path) -> Outcome:
    case = _case(path)
    text = path.read_text(encoding="utf-8")
    try:
        checked = load_texts([(text, case.rel)])
    except (RuleSyntaxError, RuleCheckError) as exc:
        codes = tuple(d.code for d in exc.diagnostics)
        rendered = {lang: _normalise(exc.render(lang=lang)) for lang in LANGS}
        return Outcome(codes, rendered, failed=True)
    codes = tuple(d.code for d in checked.warnings)
    rendered = {lang: _normalise(render_all(checked.warnings, lang=lang)) for lang in LANGS}
    return Outcome(codes, rendered, failed=False)


def _marks(case: Case, target: str) -> list[pytest.MarkDecorator]:
    if target not in case.xfail:
        return []
    return [pytest.mark.xfail(strict=True, reason=f"{case.name}: {case.xfail[target]}")]


# ------------------------------------------------------------------------------ the cases


def test_the_golden_cases_are_well_formed(cli_runs: object) -> None:
    # (cli_runs: starts the CLI subprocesses early; they are checked by the last test.)
    assert len(CASES) >= 30
    for case in CASES:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", case.name), case.name
        assert _header(case.path).startswith("# mistake: "), case.name
        assert case.codes, f"{case.name}: no «# expect: CODE» line"
        for code in case.codes:
            assert code in CATALOGUE, f"{case.name}: {code} is not in the catalogue"
        assert set(case.xfail) <= TARGETS, f"{case.name}: xfail targets {set(case.xfail)}"
    numbers = [case.name[:2] for case in CASES]
    assert len(numbers) == len(set(numbers)), "two cases share a number"
    stray = {
        p.name
        for p in GOLDEN.iterdir()
        if p.suffix == ".txt" and p.name.rsplit(".", 2)[0] not in {c.name for c in CASES}
    }
    assert not stray, f"expected files without a .reg: {sorted(stray)}"


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.name, marks=_marks(c, "codes")) for c in CASES],
)
def test_codes(case: Case) -> None:
    outcome = _run(case.path)
    assert outcome.codes, f"{case.name} checks clean: it shows no mistake"
    assert outcome.codes[0] == case.codes[0]
    assert outcome.codes == case.codes
    # Only warnings: the file is accepted (exit status 0); any error: it is rejected.
    assert outcome.failed == any(c.startswith("E") for c in case.codes)


@pytest.mark.parametrize(
    ("case", "lang"),
    [
        pytest.param(c, lang, id=f"{c.name}-{lang}", marks=_marks(c, lang))
        for c in CASES
        for lang in LANGS
    ],
)
def test_rendering(case: Case, lang: Lang) -> None:
    actual = _run(case.path).rendered[lang] + "\n"
    expected_file = case.expected_file(lang)
    if UPDATE and lang not in case.xfail:
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert expected_file.exists(), (
        f"{expected_file.name} is missing: run with REGCORE_UPDATE_GOLDEN=1, then read it"
    )
    assert actual == expected_file.read_text(encoding="utf-8")


def test_renderings_point_into_the_file() -> None:
    """Every diagnostic names this file, a real line, and shows that line of the source."""
    for case in CASES:
        if case.xfail:
            continue
        source = case.path.read_text(encoding="utf-8").split("\n")
        rendered = _run(case.path).rendered["vi"]
        places = re.findall(r"^ *--> (.+):(\d+):(\d+)$", rendered, re.M)
        assert len(places) == len(case.codes), case.name
        for file, line, column in places:
            assert file == case.rel, case.name
            assert 1 <= int(line) <= len(source), case.name
            assert f"{line} | {source[int(line) - 1]}" in rendered, case.name
            assert 1 <= int(column) <= len(source[int(line) - 1]) + 1, case.name


# ------------------------------------------------------------------------------ the CLI

CLI_CASES = [("01_missing_then", 1), ("05_misspelt_input", 1), ("46_unused_input", 0)]


@pytest.fixture(scope="module")
def cli_runs() -> Iterator[dict[str, subprocess.Popen[str]]]:
    """``python -m regcore.cli check FILE`` for the CLI cases, started as soon as the module's
    first test runs, so that the interpreters' start-up (building the parser takes most of
    it) overlaps the in-process checks instead of adding to the module's time."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "regcore.cli", "check", f"{REL}/{name}.reg"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for name, _ in CLI_CASES
    }
    yield procs
    for proc in procs.values():
        if proc.returncode is None:
            proc.kill()
            proc.communicate()


def test_cli_exit_status_and_no_traceback(cli_runs: dict[str, subprocess.Popen[str]]) -> None:
    """``python -m regcore.cli check FILE``: 1 for errors, 0 for warnings only, no traceback."""
    for name, status in CLI_CASES:
        out, err = cli_runs[name].communicate(timeout=120)
        both = out + err
        assert "Traceback" not in both, both
        assert cli_runs[name].returncode == status, both
        case = _case(GOLDEN / f"{name}.reg")
        assert case.codes[0] in out, both
        expected = case.expected_file("vi").read_text(encoding="utf-8").rstrip("\n")
        assert expected in out, both

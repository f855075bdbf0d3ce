"""Rule authors' example cases: a dossier, an as_of and the decisions expected.

A case file is YAML or JSON::

    rules: [../provincial.reg]        # optional, relative to this file (default: the circular)
    base: dossiers/tinh_de_tai.json   # optional base dossier, relative to this file
    as_of: 2026-11-22                 # default evaluation date of the cases below
    cases:
      - name: "Gia hạn đúng 01 tháng trước khi kết thúc hợp đồng"
        set:                           # changes to (a copy of) the base dossier, by path
          contract.end: 2027-07-31
          extensions: [{requested_on: 2027-06-30, months: 6, approved_by: co_quan_quan_ly}]
        unset: [acceptance]            # keys removed from the dossier
        status: compliant              # optional: the dossier's expected status
        expect:
          - id: extension.request_timing
            subject: 1
            outcome: satisfied
            cite: điểm c khoản 3 Điều 21   # the document's name may be left out
            value: …                       # also: due, done_on, authority, missing, because
          - id: call.second_round
            absent: true                   # no such decision in the result

A case may give a whole ``dossier:`` mapping instead of (or as the base for) ``set``. A file
holding a single case may put its keys at the top level. Only the fields an expectation names
are compared; ``because`` lists citations or decision ids that must appear somewhere in the
decision's argument, ``missing`` dossier paths that must be among those named.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from attrs import field, frozen

from regcore.errors import RegError
from regcore.result import Because, Decision, Result, document_name, to_json_value

__all__ = [
    "Case",
    "CaseError",
    "CaseResult",
    "Expectation",
    "Mismatch",
    "case_files",
    "junit_xml",
    "load_case_file",
    "load_cases",
    "render_result",
    "run_case",
    "run_cases",
]

_FIELDS: Final = (
    "outcome",
    "value",
    "cite",
    "due",
    "done_on",
    "authority",
    "missing",
    "because",
)
_EXPECT_KEYS: Final = frozenset({"id", "subject", "absent", *_FIELDS})
_CASE_KEYS: Final = frozenset(
    {"name", "dossier", "base", "set", "unset", "as_of", "status", "expect", "rules"}
)
_FILE_KEYS: Final = frozenset({"rules", "base", "as_of", "cases", "name"})


class CaseError(RegError):
    """A case file that cannot be read: names the file and the place in it."""


@frozen
class Expectation:
    id: str
    subject: str | None
    has_subject: bool
    fields: Mapping[str, Any]
    absent: bool = False

    def label(self) -> str:
        return f"{self.id} [{self.subject}]" if self.has_subject else self.id


@frozen
class Case:
    name: str
    file: str
    index: int
    dossier: Mapping[str, Any]
    as_of: dt.date
    expect: tuple[Expectation, ...]
    status: str | None = None
    rules: tuple[str, ...] = ()


@frozen
class Mismatch:
    decision: str
    field: str
    expected: Any
    actual: Any


@frozen
class CaseResult:
    case: Case
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None
    exercised: tuple[Decision, ...] = field(default=(), eq=False)
    # The case's rule files could not be loaded: the error, with its diagnostics to render.
    rules_error: RegError | None = field(default=None, eq=False, repr=False)

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None


# ----------------------------------------------------------------------------- reading


def _is_case_file(path: Path) -> bool:
    """In a folder, a YAML/JSON file is a case file when it holds ``cases`` or ``expect``;
    others (the dossiers that cases use as their base) are left alone."""
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        return False
    data = _read_data(path)
    return isinstance(data, dict) and ("cases" in data or "expect" in data)


def case_files(paths: Iterable[str | Path]) -> list[Path]:
    """The case files named, and those under the folders named (sorted, recursively)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(q for q in sorted(p.rglob("*")) if q.is_file() and _is_case_file(q))
        elif p.exists():
            out.append(p)
        else:
            raise CaseError(f"{p}: không có tệp hoặc thư mục này / no such file or folder")
    return out


def load_cases(paths: Iterable[str | Path]) -> list[Case]:
    return [c for f in case_files(paths) for c in load_case_file(f)]


def _read_data(path: Path) -> Any:
    from regcore.dossier import parse_dossier_text

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{path}: không đọc được / cannot be read ({exc})") from None
    fmt: Literal["json", "yaml"] = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        return parse_dossier_text(text, fmt, str(path))
    except RegError as exc:
        raise CaseError(exc.message) from None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CaseError(f"{where}: cần ngày dạng YYYY-MM-DD / expected a date YYYY-MM-DD") from None


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise CaseError(
            f"{where}: khóa không hợp lệ / unknown key {unknown[0]!r} "
            f"(dùng / use: {', '.join(sorted(allowed))})"
        )


def load_case_file(path: str | Path) -> list[Case]:
    path = Path(path)
    data = _read_data(path)
    name = str(path)
    if not isinstance(data, dict):
        raise CaseError(f"{name}: cần một bảng (mapping) / expected a mapping")
    if "cases" in data:
        _check_keys(data, _FILE_KEYS, name)
        raw_cases = data["cases"]
        if not isinstance(raw_cases, list):
            raise CaseError(f"{name}: cases: cần một danh sách / expected a list")
        defaults = {k: v for k, v in data.items() if k != "cases"}
    else:
        raw_cases, defaults = [data], {}
    out: list[Case] = []
    for i, raw in enumerate(raw_cases):
        where = f"{name}: cases[{i}]" if "cases" in data else name
        if not isinstance(raw, dict):
            raise CaseError(f"{where}: cần một bảng (mapping) / expected a mapping")
        _check_keys(raw, _CASE_KEYS, where)
        out.append(_case(path, i, {**defaults, **raw}, where))
    return out


def _case(path: Path, index: int, raw: Mapping[str, Any], where: str) -> Case:
    base_dir = path.parent
    dossier: Any = {}
    if "base" in raw:
        dossier = _read_data(base_dir / str(raw["base"]))
    if "dossier" in raw:
        dossier = raw["dossier"]
    if not isinstance(dossier, dict):
        raise CaseError(f"{where}: dossier: cần một bảng (mapping) / expected a mapping")
    dossier = copy.deepcopy(dossier)
    sets = raw.get("set") or {}
    if not isinstance(sets, dict):
        raise CaseError(f"{where}: set: cần một bảng đường dẫn → giá trị / expected path: value")
    for p, value in sets.items():
        _assign(dossier, str(p), copy.deepcopy(value), f"{where}: set: {p}")
    unset = raw.get("unset") or []
    if not isinstance(unset, list):
        raise CaseError(f"{where}: unset: cần một danh sách đường dẫn / expected a list of paths")
    for p in unset:
        _delete(dossier, str(p), f"{where}: unset: {p}")
    if "as_of" not in raw:
        raise CaseError(f"{where}: thiếu as_of / as_of is missing")
    expect_raw = raw.get("expect") or []
    if not isinstance(expect_raw, list):
        raise CaseError(f"{where}: expect: cần một danh sách / expected a list")
    expect = tuple(_expectation(e, f"{where}: expect[{j}]") for j, e in enumerate(expect_raw))
    if not expect and "status" not in raw:
        raise CaseError(f"{where}: không có gì để kiểm tra / nothing expected (expect, status)")
    rules = raw.get("rules") or []
    if isinstance(rules, str):
        rules = [rules]
    case_name = str(raw.get("name") or f"case {index + 1}")
    return Case(
        name=case_name,
        file=str(path),
        index=index,
        dossier=dossier,
        as_of=_date(raw["as_of"], f"{where}: as_of"),
        expect=expect,
        status=None if raw.get("status") is None else str(raw["status"]),
        rules=tuple(str(base_dir / str(r)) for r in rules),
    )


def _expectation(raw: Any, where: str) -> Expectation:
    if not isinstance(raw, dict) or "id" not in raw:
        raise CaseError(f"{where}: cần một bảng có «id» / expected a mapping with an id")
    _check_keys(raw, _EXPECT_KEYS, where)
    has_subject = "subject" in raw
    subject = raw.get("subject")
    return Expectation(
        id=str(raw["id"]),
        subject=None if subject is None else str(subject),
        has_subject=has_subject,
        fields={k: raw[k] for k in _FIELDS if k in raw},
        absent=bool(raw.get("absent", False)),
    )


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str, where: str) -> list[str | int]:
    steps: list[str | int] = []
    pos = 0
    for m in _STEP.finditer(path):
        if m.start() != pos and not (m.start() == pos + 1 and path[pos] == "."):
            break
        steps.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if pos != len(path) or not steps:
        raise CaseError(f"{where}: đường dẫn không hợp lệ / bad path (a.b[0].c)")
    return steps


def _walk(doc: Any, steps: list[str | int], where: str, create: bool) -> Any:
    node = doc
    for step, nxt in itertools.pairwise(steps):
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise CaseError(f"{where}: không có phần tử [{step}] / no element [{step}]")
            node = node[step]
        else:
            if not isinstance(node, dict):
                raise CaseError(f"{where}: {step!r} không nằm trong một bảng / not in a mapping")
            if step not in node or node[step] is None:
                if not create:
                    raise CaseError(f"{where}: không có khóa {step!r} / no key {step!r}")
                node[step] = [] if isinstance(nxt, int) else {}
            node = node[step]
    return node


def _assign(doc: Any, path: str, value: Any, where: str) -> None:
    steps = _steps(path, where)
    parent = _walk(doc, steps, where, create=True)
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(parent, list) or last > len(parent):
            raise CaseError(f"{where}: không có phần tử [{last}] / no element [{last}]")
        if last == len(parent):
            parent.append(value)
        else:
            parent[last] = value
    elif isinstance(parent, dict):
        parent[last] = value
    else:
        raise CaseError(f"{where}: {last!r} không nằm trong một bảng / not in a mapping")


def _delete(doc: Any, path: str, where: str) -> None:
    steps = _steps(path, where)
    parent = _walk(doc, steps, where, create=False)
    last = steps[-1]
    try:
        del parent[last]
    except (KeyError, IndexError, TypeError):
        raise CaseError(f"{where}: không có / not present") from None


# ----------------------------------------------------------------------------- running


def _short_cite(cite: str, document: str) -> str:
    suffix = " " + document_name(document)
    return cite[: -len(suffix)] if cite.endswith(suffix) else cite


def _cite_matches(expected: str, citation: Any) -> bool:
    full = citation.cite("vi")
    return expected.strip() in (full, _short_cite(full, citation.document))


def _walk_because(nodes: Iterable[Because]) -> Iterator[Because]:
    for n in nodes:
        yield n
        yield from _walk_because(n.children)


def _node_label(n: Because) -> str:
    if n.id:
        return n.id
    return "" if n.citation is None else _short_cite(n.citation.cite(), n.citation.document)


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(expected) - float(actual)) <= 1e-9
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _same(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, dt.date):
        expected = expected.isoformat()
    return bool(expected == actual)


def _compare(e: Expectation, d: Decision) -> list[Mismatch]:
    out: list[Mismatch] = []
    label = e.label() if e.has_subject or d.subject is None else f"{e.id} [{d.subject}]"
    data = d.to_dict("vi")
    for name, want in e.fields.items():
        if name == "cite":
            if not _cite_matches(str(want), d.citation):
                out.append(Mismatch(label, name, want, _short_cite(d.cite, d.citation.document)))
        elif name == "because":
            wants = want if isinstance(want, list) else [want]
            nodes = list(_walk_because(d.because))
            for w in wants:
                ok = any(
                    n.id == str(w) or (n.citation is not None and _cite_matches(str(w), n.citation))
                    for n in nodes
                )
                if not ok:
                    seen = [_node_label(n) for n in nodes if n.id or n.citation is not None]
                    out.append(Mismatch(label, name, w, seen))
        elif name == "authority":
            got = d.authority_vi
            if want != got and want != d.authority_en:
                out.append(Mismatch(label, name, want, got))
        elif name == "missing":
            wants = want if isinstance(want, list) else [want]
            got_missing = list(data.get("missing", []))
            if any(w not in got_missing for w in wants):
                out.append(Mismatch(label, name, wants, got_missing))
        elif name == "value":
            got = data.get("value", "∅ (no value)")
            if not _same(want, got):
                out.append(Mismatch(label, name, want, got))
        else:
            got = data.get(name)
            if not _same(want, got):
                out.append(Mismatch(label, name, want, got))
    return out


def run_case(rules: Any, case: Case) -> CaseResult:
    """Evaluate one case with a loaded rule set and compare what it expects."""
    try:
        result: Result = rules.evaluate(case.dossier, as_of=case.as_of)
    except RegError as exc:
        return CaseResult(case, error=exc.message)
    mismatches: list[Mismatch] = []
    exercised: list[Decision] = []
    if case.status is not None and case.status != result.status:
        mismatches.append(Mismatch("status", "status", case.status, result.status))
    for e in case.expect:
        found = [d for d in result.decisions if d.id == e.id]
        if e.has_subject:
            found = [d for d in found if d.subject == e.subject]
        if e.absent:
            if found:
                got = [f"{d.outcome} [{d.subject}]" if d.subject else d.outcome for d in found]
                mismatches.append(Mismatch(e.label(), "absent", "∅ (no decision)", got))
            continue
        if not found:
            others = sorted({d.subject or "" for d in result.decisions if d.id == e.id})
            got_text = f"subjects {others}" if others else _no_decision(rules, result, e.id)
            mismatches.append(Mismatch(e.label(), "decision", "present", got_text))
            continue
        if len(found) > 1:
            unsubjected = [d for d in found if d.subject is None]
            if len(unsubjected) != 1:
                subjects = [d.subject for d in found]
                mismatches.append(
                    Mismatch(e.label(), "subject", "one decision (give «subject»)", subjects)
                )
                continue
            found = unsubjected
        exercised.append(found[0])
        mismatches.extend(_compare(e, found[0]))
    return CaseResult(case, tuple(mismatches), exercised=tuple(exercised))


def _no_decision(rules: Any, result: Result, ident: str) -> str:
    """Why an expected decision is not in the result: none for this dossier, or an id that the
    rule set does not have at all (a typo, a renamed rule), with the closest ids."""
    import difflib

    checked = getattr(rules, "checked", None)
    known = set(getattr(checked, "rules", None) or ()) | {d.id for d in result.decisions}
    if ident in known or not known:
        return "∅ (no decision)"
    close = difflib.get_close_matches(ident, sorted(known), n=3)
    hint = f"; có phải ý bạn là / did you mean: {', '.join(close)}?" if close else ""
    return (
        f"không có mã quyết định này trong các quy tắc / no such decision id in the rules: "
        f"{ident}{hint}"
    )


def run_cases(
    cases: Sequence[Case],
    load: Callable[[tuple[str, ...]], Any] | None = None,
) -> list[CaseResult]:
    """Run cases in order, loading each distinct rule set once. Rule files that cannot be
    loaded make an error result (``rules_error``) of every case that uses them."""
    if load is None:
        from regcore.api import load as _load

        def load(paths: tuple[str, ...]) -> Any:
            return _load(*paths)

    loaded: dict[tuple[str, ...], Any] = {}
    out: list[CaseResult] = []
    for c in cases:
        if c.rules not in loaded:
            try:
                loaded[c.rules] = load(c.rules)
            except RegError as exc:
                loaded[c.rules] = exc
        rules = loaded[c.rules]
        if isinstance(rules, RegError):
            out.append(CaseResult(c, error=_rules_error_line(rules), rules_error=rules))
        else:
            out.append(run_case(rules, c))
    return out


def _rules_error_line(exc: RegError) -> str:
    """One line for a rule set that does not load: where its first error is, how many."""
    diags = getattr(exc, "diagnostics", None)
    if not diags:
        return f"không nạp được tệp quy tắc / cannot load the rules: {exc.message}"
    errors = [d for d in diags if d.severity == "error"] or list(diags)
    first = errors[0]
    where = f"{first.span.file}:{first.span.line}:{first.span.column}"
    return (
        f"tệp quy tắc có {len(errors)} lỗi / the rule file has {len(errors)} error(s): "
        f"{where} {first.code} {first.message('en')}"
    )


# ----------------------------------------------------------------------------- reporting


def _show(value: Any) -> str:
    import json

    if isinstance(value, str):
        return value
    return json.dumps(to_json_value(value), ensure_ascii=False)


def render_result(r: CaseResult) -> str:
    """One line for a passing case; the expected/actual diff for a failing one."""
    head = f"{r.case.file} :: {r.case.name}"
    if r.passed:
        return f"PASS  {head}"
    lines = [f"FAIL  {head}"]
    if r.error is not None:
        lines.append(f"    lỗi / error: {r.error}")
    current = None
    for m in r.mismatches:
        if m.decision != current:
            lines.append(f"    {m.decision}")
            current = m.decision
        lines.append(f"      {m.field}:")
        lines.append(f"        - mong đợi / expected: {_show(m.expected)}")
        lines.append(f"        + thực tế / actual:    {_show(m.actual)}")
    return "\n".join(lines)


def junit_xml(results: Sequence[CaseResult]) -> str:
    """JUnit XML: one testsuite per case file, one testcase per case."""
    suites = ET.Element("testsuites", name="regcore test")
    by_file: dict[str, list[CaseResult]] = {}
    for r in results:
        by_file.setdefault(r.case.file, []).append(r)
    total = failures = errors = 0
    for file, items in by_file.items():
        fails = sum(1 for r in items if r.error is None and not r.passed)
        errs = sum(1 for r in items if r.error is not None)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=file,
            tests=str(len(items)),
            failures=str(fails),
            errors=str(errs),
        )
        for r in items:
            tc = ET.SubElement(suite, "testcase", classname=file, name=r.case.name)
            if r.error is not None:
                text = render_result(r)
                render = getattr(r.rules_error, "render", None)
                if render is not None:
                    text += "\n\n" + render(lang="vi")
                ET.SubElement(tc, "error", message=r.error).text = text
            elif not r.passed:
                first = r.mismatches[0]
                msg = f"{first.decision} {first.field}: expected {_show(first.expected)}"
                ET.SubElement(tc, "failure", message=msg).text = render_result(r)
        total += len(items)
        failures += fails
        errors += errs
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )

"""The ``regcore`` command line (the outermost layer): argument parsing, exit codes, output.

Every user mistake ends as a message and an exit code, never a traceback: rule-file errors
are rendered diagnostics, other bad input a one-line message naming the file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from regcore.diagnostics import Diagnostic, render_all
from regcore.errors import RegError
from regcore.loader import load_documents
from regcore.resources import bundled_regulation

__all__ = ["main"]

Lang = Literal["vi", "en"]


def _lang(args: argparse.Namespace) -> Lang:
    return "en" if args.lang == "en" else "vi"


def _color(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def cmd_check(args: argparse.Namespace) -> int:
    """Check each file on its own; a provincial file (``mở rộng "…"``) with its base."""
    files: list[str] = list(args.files)
    if args.bundled or not files:
        files.insert(0, str(bundled_regulation()))
    lang = _lang(args)
    color = _color(sys.stdout) and args.format == "text"
    status = 0
    all_diags: list[Diagnostic] = []
    summaries: list[str] = []
    for group in _groups(files):
        try:
            checked = load_documents(group)
        except RegError as exc:
            diags = getattr(exc, "diagnostics", None)
            if diags is None:
                print(exc.message, file=sys.stderr)
            else:
                all_diags.extend(diags)
            status = 1
            continue
        all_diags.extend(checked.warnings)
        n_rules = sum(len(v) for v in checked.rules.values())
        name = " + ".join(Path(f).name for f in group)
        if lang == "vi":
            summaries.append(f"{name}: ổn — {n_rules} quy tắc, {len(checked.warnings)} cảnh báo")
        else:
            summaries.append(f"{name}: ok — {n_rules} rules, {len(checked.warnings)} warnings")
    _print_diagnostics(args, all_diags, lang, color)
    if args.format == "text":
        for line in summaries:
            print(line)
    return status


def _groups(files: Sequence[str]) -> list[list[str]]:
    """Which files are checked together: each alone, a layer after the base it extends."""
    texts: dict[str, str] = {}
    for f in files:
        try:
            texts[f] = Path(f).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return [_chain(f, texts) for f in files]


def _chain(name: str, texts: Mapping[str, str]) -> list[str]:
    """The files ``name`` is loaded with, base first: the documents it extends (``mở rộng "…"``),
    found by number among ``texts`` (a file named by the user wins), else the bundled circular."""
    from regcore.parser import document_number, extends_of

    known = dict(texts)
    bundled = str(bundled_regulation())
    if bundled not in known:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            known[bundled] = Path(bundled).read_text(encoding="utf-8")
    numbers: dict[str, str] = {}
    for f, text in known.items():  # the user's files first, then the bundled one
        number = document_number(text)
        if number is not None:
            numbers.setdefault(number, f)
    chain = [name]
    seen = {name}
    f = name
    while f in known:
        base_number = extends_of(known[f])
        base = numbers.get(base_number) if base_number else None
        if base is None or base in seen:
            break
        chain.insert(0, base)
        seen.add(base)
        f = base
    return chain


def _with_bases(files: Sequence[str]) -> list[str]:
    """The rule files to load for an evaluation: those given, each after the documents it
    extends; a provincial layer alone brings the bundled circular it extends (as ``check``)."""
    out: list[str] = []
    for group in _groups(files):
        out.extend(f for f in group if f not in out)
    return out


def _print_diagnostics(
    args: argparse.Namespace, diags: Sequence[Diagnostic], lang: Lang, color: bool
) -> None:
    ds = list(diags)
    if args.format == "json":
        print(json.dumps([d.to_dict(lang) for d in ds], ensure_ascii=False, indent=2))
    elif ds:
        print(render_all(ds, lang=lang, color=color))
        print()


def cmd_fmt(args: argparse.Namespace) -> int:
    from regcore.fmt import format_text

    status = 0
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            print(f"{name}: {exc.strerror}", file=sys.stderr)
            status = 2 if status == 0 else status
            continue
        try:
            out = format_text(text, file=name, keywords=args.keywords)
        except RegError as exc:
            print(
                exc.render(lang=_lang(args)) if hasattr(exc, "render") else exc.message,
                file=sys.stderr,
            )
            status = 2
            continue
        if args.check:
            if out != text:
                word = "chưa đúng định dạng" if _lang(args) == "vi" else "is not formatted"
                print(f"{name}: {word}")
                status = max(status, 1)
        elif args.stdout:
            sys.stdout.write(out)
        elif out != text:
            path.write_text(out, encoding="utf-8")
    return status


# ----------------------------------------------------------------------------- evaluation

EXIT_COMPLIANT, EXIT_NON_COMPLIANT, EXIT_INPUT, EXIT_OTHER = 0, 1, 2, 3


def _rules(args: argparse.Namespace) -> Any:
    from regcore.api import load

    return load(*_with_bases(args.rules or []), culture_day_off=not args.no_culture_day)


def _as_of(args: argparse.Namespace) -> dt.date:
    if args.as_of is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(args.as_of)
    except ValueError:
        msg = f"--as-of {args.as_of}: cần ngày dạng YYYY-MM-DD / expected YYYY-MM-DD"
        raise RegError(msg) from None


def _dossier_sources(inputs: Sequence[str]) -> Iterator[Any]:
    """Files, folders (their .json/.yaml/.yml files, sorted) or «-» for JSON Lines on stdin."""
    for name in inputs:
        if name == "-":
            from regcore.dossier import parse_dossier_text

            for n, line in enumerate(sys.stdin, 1):
                if not line.strip():
                    continue
                try:
                    yield parse_dossier_text(line, "json", file=f"stdin:{n}")
                except RegError as exc:
                    yield _BadLine(exc.message)
            continue
        path = Path(name)
        if path.is_dir():
            yield from (
                str(p)
                for p in sorted(path.iterdir())
                if p.suffix.lower() in (".json", ".yaml", ".yml")
            )
        else:
            yield name


class _BadLine(dict[str, Any]):
    """A JSON Lines input that is not JSON: evaluated as an error result, not dropped."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


def _exit_code(statuses: Iterable[str]) -> int:
    seen = set(statuses)
    if "error" in seen:
        return EXIT_INPUT
    if "non_compliant" in seen:
        return EXIT_NON_COMPLIANT
    if seen - {"compliant"}:
        return EXIT_OTHER
    return EXIT_COMPLIANT


def cmd_eval(args: argparse.Namespace) -> int:
    from regcore.api import ErrorResult
    from regcore.batch import Summary, progress, render_summary
    from regcore.render import render_html, render_jsonl, render_markdown, render_text

    rules = _rules(args)
    as_of = _as_of(args)
    lang = _lang(args)
    results: list[Any] = []
    statuses: list[str] = []
    sources = list(_dossier_sources(args.dossiers))
    stream = (ErrorResult(None, s.message) if isinstance(s, _BadLine) else None for s in sources)
    bad = list(stream)
    good = [s for s, b in zip(sources, bad, strict=True) if b is None]
    evaluated = iter(rules.evaluate_many(good, as_of=as_of, workers=args.workers, only=args.only))
    many = len(sources) > 1
    show = args.progress == "always" or (args.progress == "auto" and many and sys.stderr.isatty())
    summary = Summary()
    for b in progress(bad, total=len(bad), lang=lang, enabled=show):
        r = b if b is not None else next(evaluated)
        statuses.append(r.status)
        summary.add(r)
        if args.format == "jsonl":
            for line in render_jsonl([r], lang=lang):
                print(line, flush=True)
        else:
            results.append(r)
        if isinstance(r, ErrorResult):
            where = f"{r.source}: " if r.source and not r.message.startswith(r.source) else ""
            print(f"{where}{r.message}", file=sys.stderr)
    ok = [r for r in results if not isinstance(r, ErrorResult)]
    if args.format == "json":
        payload: Any = [r.to_dict(lang) for r in results]
        if len(payload) == 1:
            payload = payload[0]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif args.format == "md":
        print(render_markdown(results, lang=lang))
    elif args.format == "html":
        print(render_html(results, lang=lang))
    elif args.format == "text" and ok:
        color = _color(sys.stdout)
        print("\n\n".join(render_text(r, lang=lang, color=color) for r in ok))
    if many and not args.no_summary:
        sys.stdout.flush()
        print(render_summary(summary, lang=lang, color=_color(sys.stderr)), file=sys.stderr)
    return _exit_code(statuses)


def cmd_explain(args: argparse.Namespace) -> int:
    from regcore.render import explain_text

    rules = _rules(args)
    result = rules.evaluate(args.dossier, as_of=_as_of(args))
    lang = _lang(args)
    matches = [d for d in result.decisions if d.id == args.id]
    if args.subject is not None:
        matches = [d for d in matches if d.subject == args.subject]
    if not matches:
        known = sorted({d.id for d in result.decisions})
        close = difflib.get_close_matches(args.id, known, n=3)
        hint = f" — có phải ý bạn là / did you mean: {', '.join(close)}" if close else ""
        print(f"{args.id}: không có quyết định này / no such decision{hint}", file=sys.stderr)
        return EXIT_INPUT
    print("\n\n".join(explain_text(d, lang, result=result) for d in matches))
    return _exit_code([result.status])


def cmd_deadlines(args: argparse.Namespace) -> int:
    rules = _rules(args)
    result = rules.evaluate(args.dossier, as_of=_as_of(args))
    lang = _lang(args)
    if args.format == "ics":
        sys.stdout.write(_ics(result, lang))
        return 0
    if args.format == "json":
        print(json.dumps([d.to_dict(lang) for d in result.deadlines], ensure_ascii=False, indent=2))
        return 0
    from regcore.i18n import fmt_date
    from regcore.render import state_word, state_words

    # The state in the reader's language (JSON keeps the codes); one column wide for every word.
    width = max(8, *(len(w) for w in state_words(lang).values()))
    for d in result.deadlines:
        subject = f" [{d.subject}]" if d.subject else ""
        done = f" ({fmt_date(d.done_on, lang)})" if d.done_on else ""
        cite = d.citation.cite(lang)
        state = state_word(d.state, lang).ljust(width)
        print(f"{fmt_date(d.due, lang)}  {state} {d.id}{subject}{done}  — {cite}")
    return 0


def _ics(result: Any, lang: Lang) -> str:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//regcore//deadlines//VI")
    cal.add("version", "2.0")
    for d in result.deadlines:
        ev = icalendar.Event()
        subject = f" [{d.subject}]" if d.subject else ""
        ev.add("uid", f"{result.dossier}-{d.id}-{d.subject or ''}@regcore")
        ev.add("summary", f"{d.id}{subject} ({d.state})")
        ev.add("description", d.citation.cite(lang))
        ev.add("dtstart", d.due)
        ev.add("dtend", d.due + dt.timedelta(days=1))
        ev.add("dtstamp", dt.datetime.combine(result.as_of, dt.time(0, 0), tzinfo=dt.UTC))
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def cmd_test(args: argparse.Namespace) -> int:
    from regcore.api import load
    from regcore.cases import junit_xml, load_cases, render_result, run_cases

    cases = load_cases(args.cases)
    default = tuple(args.rules or ())
    culture = not args.no_culture_day

    def _load(paths: tuple[str, ...]) -> Any:
        return load(*_with_bases(paths or default), culture_day_off=culture)

    results = run_cases(cases, _load)
    lang = _lang(args)
    # A rule set that does not load: its diagnostics once, its cases as errors (in JUnit too).
    broken: list[RegError] = []
    for r in results:
        if r.rules_error is not None and all(r.rules_error is not b for b in broken):
            broken.append(r.rules_error)
    for exc in broken:
        render = getattr(exc, "render", None)
        print(render(lang=lang) if render else exc.message, file=sys.stderr)
    for r in results:
        if not r.passed or not args.quiet:
            print(render_result(r))
    passed = sum(1 for r in results if r.passed)
    failed = len(results) - passed
    if lang == "en":
        print(f"{len(results)} cases: {passed} passed, {failed} failed")
    else:
        print(f"{len(results)} trường hợp: {passed} đạt, {failed} không đạt")
    if args.junit:
        try:
            Path(args.junit).write_text(junit_xml(results), encoding="utf-8")
        except OSError as exc:
            raise RegError(f"--junit {args.junit}: {exc.strerror or exc}") from None
    if broken:
        return EXIT_INPUT
    return 0 if failed == 0 else 1


def _rule_text(spec: str) -> tuple[str, str]:
    """A rule file's text: a path, or «REV:PATH» read from git (the version before an edit)."""
    path = Path(spec)
    if path.exists() or ":" not in spec:
        try:
            return path.read_text(encoding="utf-8"), spec
        except OSError as exc:
            raise RegError(f"{spec}: {exc.strerror or exc}") from None
    import subprocess

    try:
        out = subprocess.run(
            ["git", "show", spec], capture_output=True, check=True, text=True, encoding="utf-8"
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        msg = f"{spec}: không đọc được từ git / cannot read from git: {detail.strip()}"
        raise RegError(msg) from None
    return out.stdout, spec


def _diff_bases(
    base: list[tuple[str, str]], versions: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The ``--base`` files, after the bases the two versions extend that are not among them
    (a provincial layer diffed alone brings the bundled circular, as ``check`` does)."""
    given = {name: text for text, name in base}
    extra: list[str] = []
    for text, name in versions:
        chain = _chain(name, {**given, name: text})
        extra.extend(f for f in chain if f not in given and f != name and f not in extra)
    return [*[_rule_text(f) for f in extra], *base]


def cmd_diff(args: argparse.Namespace) -> int:
    from regcore.api import RuleSet
    from regcore.diff import diff_results, render_diff

    culture = not args.no_culture_day
    base = [_rule_text(b) for b in args.base or []]
    old_text, new_text = _rule_text(args.old), _rule_text(args.new)
    base = _diff_bases(base, [old_text, new_text])
    old = RuleSet([*base, old_text], culture_day_off=culture)
    new = RuleSet([*base, new_text], culture_day_off=culture)
    as_of = _as_of(args)
    sources = list(_dossier_sources(args.dossiers))
    if any(isinstance(s, _BadLine) for s in sources):
        raise RegError("stdin: một dòng không phải JSON / a line is not JSON")
    before = old.evaluate_many(sources, as_of=as_of, workers=args.workers)
    after = new.evaluate_many(sources, as_of=as_of, workers=args.workers)
    report = diff_results(zip(before, after, strict=True))
    print(render_diff(report, lang=_lang(args), fmt=args.format))
    if report.errors:
        return 2
    return 1 if report.changes else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from regcore.cases import load_cases, run_cases
    from regcore.coverage import coverage, render_coverage, untested_or_missing

    if args.strict and not args.tests:
        raise RegError(
            "--strict cần --tests CASES (không chạy trường hợp nào thì không đo được việc kiểm thử)"
            " / --strict needs --tests CASES"
        )
    rules = _rules(args)
    exercised = None
    if args.tests:
        cases = load_cases(args.tests)
        results = run_cases(cases, lambda paths: _load_cases_rules(paths, rules, args))
        broken = next((r.rules_error for r in results if r.rules_error is not None), None)
        if broken is not None:
            raise broken
        exercised = [d for r in results if r.passed for d in r.exercised]
        failed = sum(1 for r in results if not r.passed)
        if failed:
            print(f"{failed} case(s) failed; run regcore test", file=sys.stderr)
    cov = coverage(rules.checked, exercised)
    print(render_coverage(cov, lang=_lang(args), fmt=args.format))
    if args.strict and untested_or_missing(cov):
        return 1
    return 0


def _load_cases_rules(paths: tuple[str, ...], default: Any, args: argparse.Namespace) -> Any:
    from regcore.api import load

    if not paths:
        return default
    return load(*_with_bases(paths), culture_day_off=not args.no_culture_day)


def cmd_schema(args: argparse.Namespace) -> int:
    from regcore.schema import json_schema

    rules = _rules(args)
    print(json.dumps(json_schema(rules.checked, lang=_lang(args)), ensure_ascii=False, indent=2))
    return 0


def _eval_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        action="append",
        help="rule file (repeat: a provincial file after its base); default: the bundled circular",
    )
    p.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: today)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")
    p.add_argument(
        "--no-culture-day",
        action="store_true",
        help="24 November (Ngày Văn hóa Việt Nam) is a working day",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="regcore",
        description="Thông tư 09/2024/TT-BKHCN as executable, explainable rules.",
    )
    p.add_argument("--version", action="version", version="regcore 0.1.0")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="parse and statically check rule files")
    c.add_argument("files", nargs="*", help=".reg files (a provincial file after its base)")
    c.add_argument(
        "--bundled",
        action="store_true",
        help="check the bundled circular (first, as the base of the given files)",
    )
    c.add_argument("--lang", choices=["vi", "en"], default="vi")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(func=cmd_check)

    f = sub.add_parser("fmt", help="rewrite rule files in canonical layout")
    f.add_argument("files", nargs="+")
    f.add_argument("--check", action="store_true", help="only report files not formatted")
    f.add_argument("--stdout", action="store_true", help="print instead of rewriting")
    f.add_argument(
        "--keywords",
        choices=["vi", "en"],
        default=None,
        help="convert to the Vietnamese or English keyword set",
    )
    f.add_argument("--lang", choices=["vi", "en"], default="vi")
    f.set_defaults(func=cmd_fmt)

    e = sub.add_parser("eval", help="evaluate dossiers")
    e.add_argument("dossiers", nargs="+", help="JSON/YAML files, folders, or - for JSON Lines")
    _eval_options(e)
    e.add_argument("--format", choices=["text", "json", "jsonl", "md", "html"], default="text")
    e.add_argument("--only", help="only decisions whose id starts with this")
    e.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    e.add_argument(
        "--progress",
        choices=["auto", "always", "never"],
        default="auto",
        help="progress bar on stderr (auto: several dossiers and stderr is a terminal)",
    )
    e.add_argument(
        "--no-summary",
        action="store_true",
        help="no summary table on stderr after several dossiers",
    )
    e.set_defaults(func=cmd_eval)

    x = sub.add_parser("explain", help="the because tree of one decision")
    x.add_argument("dossier")
    x.add_argument("id")
    x.add_argument("--subject")
    _eval_options(x)
    x.set_defaults(func=cmd_explain)

    d = sub.add_parser("deadlines", help="the dossier's calendar of deadlines")
    d.add_argument("dossier")
    _eval_options(d)
    d.add_argument("--format", choices=["text", "json", "ics"], default="text")
    d.set_defaults(func=cmd_deadlines)

    t = sub.add_parser("test", help="run rule authors' example cases (YAML or JSON)")
    t.add_argument("cases", nargs="+", help="case files or folders")
    t.add_argument(
        "--rules",
        action="append",
        help="rule files for cases that name none (default: the bundled circular)",
    )
    t.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    t.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    t.add_argument("--lang", choices=["vi", "en"], default="vi")
    t.add_argument("--no-culture-day", action="store_true", help=argparse.SUPPRESS)
    t.set_defaults(func=cmd_test)

    g = sub.add_parser(
        "diff", help="decisions that change between two versions of the rules, over dossiers"
    )
    g.add_argument("old", help="the rules before the edit (a file, or REV:PATH from git)")
    g.add_argument("new", help="the rules after the edit")
    g.add_argument("dossiers", nargs="+", help="JSON/YAML files, folders, or - for JSON Lines")
    g.add_argument(
        "--base", action="append", help="base rule file loaded before both (for a layer)"
    )
    g.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: today)")
    g.add_argument("--format", choices=["text", "md", "json"], default="text")
    g.add_argument("--lang", choices=["vi", "en"], default="vi")
    g.add_argument("--workers", type=int, default=1)
    g.add_argument("--no-culture-day", action="store_true", help=argparse.SUPPRESS)
    g.set_defaults(func=cmd_diff)

    v = sub.add_parser("coverage", help="which provisions carry executable rules, and are tested")
    _eval_options(v)
    v.add_argument("--tests", nargs="+", metavar="CASES", help="case files or folders to run")
    v.add_argument("--format", choices=["text", "md", "json"], default="text")
    v.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a unit is missing or an executable one is not tested",
    )
    v.set_defaults(func=cmd_coverage)

    s = sub.add_parser("schema", help="JSON Schema of dossiers, from the input declarations")
    _eval_options(s)
    s.set_defaults(func=cmd_schema)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except RegError as exc:
        render = getattr(exc, "render", None)
        print(render(lang=getattr(args, "lang", "vi")) if render else exc.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`regcore eval … | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())

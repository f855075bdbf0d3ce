"""The ``regcore`` command line (the outermost layer): argument parsing, exit codes, output.

Every user mistake ends as a message and an exit code, never a traceback: rule-file errors
are rendered diagnostics, other bad input a one-line message naming the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

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
    from regcore.parser import document_number, extends_of

    numbers: dict[str, str] = {}
    texts: dict[str, str] = {}
    # Files named on the command line come first: a base given there wins over the bundled one.
    for f in [*files, str(bundled_regulation())]:
        try:
            texts[f] = Path(f).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        number = document_number(texts[f])
        if number is not None:
            numbers.setdefault(number, f)
    groups: list[list[str]] = []
    for f in files:
        chain = [f]
        seen = {f}
        while f in texts:
            base_number = extends_of(texts[f])
            base = numbers.get(base_number) if base_number else None
            if base is None or base in seen:
                break
            chain.insert(0, base)
            seen.add(base)
            f = base
        groups.append(chain)
    return groups


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
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except RegError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())

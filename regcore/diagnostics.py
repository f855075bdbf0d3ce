"""Diagnostics for people: a stable code, a message in Vietnamese or English, the place in
the rule file, the source line with a caret, and a hint (the last stage of the front end).

Messages live in one catalogue (``messages.CATALOGUE``); passes create a :class:`Diagnostic`
with a code and the values to fill in, and this module renders it. Codes: E1xx syntax,
E2xx names and structure, E3xx types and units, W4xx lint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from attrs import field, frozen

from regcore.ast import Span
from regcore.messages import CATALOGUE

__all__ = ["Diagnostic", "render", "render_all", "sort_key"]

Lang = Literal["vi", "en"]


def _freeze(args: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in args.items()))


@frozen
class Diagnostic:
    code: str
    span: Span
    args: tuple[tuple[str, str], ...] = field(default=(), converter=_freeze)
    # The source text the span points into (for the excerpt); not part of equality.
    source: str = field(default="", eq=False, repr=False)

    @property
    def severity(self) -> Literal["error", "warning"]:
        return "warning" if self.code.startswith("W") else "error"

    def message(self, lang: Lang = "vi") -> str:
        return CATALOGUE[self.code].message(lang).format_map(dict(self.args))

    def hint(self, lang: Lang = "vi") -> str | None:
        args = dict(self.args)
        hint = CATALOGUE[self.code].hint(lang, args)
        return hint.format_map(args) if hint else None

    def label(self, lang: Lang = "vi") -> str:
        label = CATALOGUE[self.code].label(lang)
        return label.format_map(dict(self.args)) if label else ""

    def to_dict(self, lang: Lang = "vi") -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.span.file, d.span.line, d.span.column, d.code)


_RED = "\x1b[1;31m"
_YELLOW = "\x1b[1;33m"
_BLUE = "\x1b[1;34m"
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


def render(d: Diagnostic, lang: Lang = "vi", color: bool = False) -> str:
    """Render one diagnostic in the style of ruff and Catala."""

    def c(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    sev_color = _YELLOW if d.severity == "warning" else _RED
    span = d.span
    out = [f"{c(sev_color, d.code)} {c(_BOLD, d.message(lang))}"]
    out.append(f" {c(_BLUE, '-->')} {span.file}:{span.line}:{span.column}")
    lines = d.source.split("\n") if d.source else []
    if 1 <= span.line <= len(lines):
        text = lines[span.line - 1].rstrip("\r").expandtabs(1)
        num = str(span.line)
        pad = " " * len(num)
        width = 1
        if span.end_line == span.line and span.end_column > span.column:
            width = span.end_column - span.column
        width = max(1, min(width, max(1, len(text) - span.column + 1)))
        caret = " " * (span.column - 1) + "^" * width
        label = d.label(lang)
        out.append(f"{pad} {c(_BLUE, '|')}")
        out.append(f"{c(_BLUE, num)} {c(_BLUE, '|')} {text}")
        tail = f" {label}" if label else ""
        out.append(f"{pad} {c(_BLUE, '|')} {c(sev_color, caret + tail)}")
    hint = d.hint(lang)
    if hint:
        word = "gợi ý" if lang == "vi" else "hint"
        pad = " " * (len(str(span.line)) if lines else 1)
        out.append(f"{pad} {c(_BLUE, '=')} {word}: {hint}")
    return "\n".join(out)


def render_all(diags: Iterable[Diagnostic], lang: Lang = "vi", color: bool = False) -> str:
    return "\n\n".join(render(d, lang, color) for d in diags)

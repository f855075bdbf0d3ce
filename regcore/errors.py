"""The one exception family of regcore: every error a user can cause is a ``RegError``.

Rule-file errors carry the diagnostics (code, place, message, hint) that ``diagnostics``
renders; dossier errors carry the JSON path of what was wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from regcore.diagnostics import Diagnostic

__all__ = ["DossierError", "RegError", "RuleCheckError", "RuleSyntaxError"]


class RegError(Exception):
    """Base of every error regcore raises for bad input."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _RuleError(RegError):
    def __init__(self, diagnostics: Sequence[Diagnostic], lang: Literal["vi", "en"] = "vi") -> None:
        from regcore.diagnostics import render_all

        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        self.file: str | None = first.span.file if first else None
        self.line: int | None = first.span.line if first else None
        self.column: int | None = first.span.column if first else None
        super().__init__(render_all(self.diagnostics, lang=lang, color=False))

    def render(self, lang: Literal["vi", "en"] = "vi", color: bool = False) -> str:
        from regcore.diagnostics import render_all

        return render_all(self.diagnostics, lang=lang, color=color)


class RuleSyntaxError(_RuleError):
    """A rule file that does not parse (codes E1xx)."""


class RuleCheckError(_RuleError):
    """A rule file that parses but fails the static checks (codes E2xx, E3xx)."""


class DossierError(RegError):
    """A dossier that does not match the rule file's input declarations."""

    def __init__(self, message: str, path: str = "", file: str | None = None) -> None:
        self.path = path
        self.file = file
        where = f"{file}: " if file else ""
        at = f"{path}: " if path else ""
        super().__init__(f"{where}{at}{message}")

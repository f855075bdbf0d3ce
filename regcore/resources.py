"""Where the grammar and the bundled regulation live, in a source tree or an installed wheel.

The wheel carries ``grammar/`` and ``regulations/`` as ``regcore/_bundled/…``; a source
checkout (or an editable install) reads them from the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_regulation", "grammar_path", "regulations_dir"]

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PKG / "_bundled" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"regcore is installed without its {name}/ folder")


def grammar_path() -> Path:
    return _find("grammar") / "reg.lark"


def regulations_dir() -> Path:
    return _find("regulations")


def bundled_regulation() -> Path:
    """The circular bundled with the package (Thông tư 09/2024/TT-BKHCN)."""
    return regulations_dir() / "circular_09_2024.reg"

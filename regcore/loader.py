"""Loading rule files: read, parse, check (the front end's entry point for the API and CLI)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from regcore import ast
from regcore.checker import CheckedRules, check
from regcore.errors import RegError
from regcore.parser import parse

__all__ = ["load_documents", "load_texts"]


def load_documents(paths: Sequence[str | Path]) -> CheckedRules:
    """Parse and check rule files; later files extend earlier ones (provincial layers)."""
    texts: list[tuple[str, str]] = []
    for p in paths:
        try:
            texts.append((Path(p).read_text(encoding="utf-8"), str(p)))
        except OSError as exc:
            raise RegError(f"{p}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise RegError(f"{p}: not UTF-8 text / không phải văn bản UTF-8") from None
    return load_texts(texts)


def load_texts(texts: Sequence[tuple[str, str]]) -> CheckedRules:
    """Parse and check (text, file name) pairs, base document first."""
    docs = [_parse_cached(text, name) for text, name in texts]
    return check(docs)


@functools.lru_cache(maxsize=16)
def _parse_cached(text: str, name: str) -> ast.Document:
    """Parsing is most of a load (the circular is 270 KB, mostly law text); a syntax tree is
    immutable, so the same text loaded again in a process (a worker, a test, a server reloading
    its rules) reuses it. Errors are not cached: a broken file is reported every time."""
    return parse(text, file=name)

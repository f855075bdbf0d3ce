"""The Python API (``regcore.load``, ``RuleSet.evaluate``): the front end, the dossier loader
and the evaluator put together, with the reproducibility receipt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from regcore import __version__
from regcore.calendar import LegalCalendar
from regcore.checker import CheckedRules
from regcore.dossier import Dossier, load_dossier
from regcore.errors import RegError
from regcore.evaluator import Engine
from regcore.loader import load_texts
from regcore.resources import bundled_regulation
from regcore.result import Result

__all__ = ["ErrorResult", "RuleSet", "load", "loads"]

DossierSource = Mapping[str, Any] | str | os.PathLike[str]


class RuleSet:
    """A loaded, checked and compiled rule set. Immutable, thread-safe and picklable (a pickle
    carries the rule files' text and is compiled again when loaded)."""

    def __init__(self, texts: Sequence[tuple[str, str]], culture_day_off: bool = True) -> None:
        self._texts = tuple(texts)
        self._culture_day_off = culture_day_off
        self.checked: CheckedRules = load_texts(self._texts)
        self.calendar = LegalCalendar.default(culture_day_off=culture_day_off)
        self.engine = Engine(self.checked, self.calendar)
        self._rules_receipt = tuple(
            {
                "file": Path(name).name,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
            for text, name in self._texts
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (RuleSet, (self._texts, self._culture_day_off))

    @property
    def warnings(self) -> tuple[Any, ...]:
        return self.checked.warnings

    def load_dossier(self, source: DossierSource) -> Dossier:
        return load_dossier(source, self.checked)

    def evaluate(
        self,
        dossier: DossierSource | Dossier,
        as_of: dt.date | None = None,
        only: str | None = None,
    ) -> Result:
        """Evaluate one dossier (a mapping, a JSON/YAML path, or a loaded Dossier)."""
        d = dossier if isinstance(dossier, Dossier) else self.load_dossier(dossier)
        as_of = as_of or dt.date.today()
        receipt = {
            "engine": f"regcore {__version__}",
            "rules": [dict(r) for r in self._rules_receipt],
            "dossier_sha256": d.sha256,
            "calendar": self.calendar.version,
        }
        return self.engine.evaluate(
            d.data,
            as_of,
            d.id,
            [w.to_dict() for w in d.warnings],
            receipt,
            only=only,
        )

    def evaluate_many(
        self,
        dossiers: Iterable[DossierSource],
        as_of: dt.date | None = None,
        workers: int = 1,
        only: str | None = None,
    ) -> Iterator[Result | ErrorResult]:
        """Lazily yield one result per input, in input order; a dossier that fails validation
        yields an :class:`ErrorResult` instead of stopping the run."""
        as_of = as_of or dt.date.today()
        if workers <= 1:
            for item in dossiers:
                yield _one(self, item, as_of, only)
            return
        # Each worker receives the rule set once, at its start; then only dossiers travel, a
        # few at a time (one task per dossier made the parent the bottleneck). At most a few
        # tasks per worker are in flight, so the input is read lazily.
        window: deque[Future[list[Any]]] = deque()
        items = iter(dossiers)
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=(self,)
        ) as pool:
            while chunk := list(itertools.islice(items, _CHUNK)):
                window.append(pool.submit(_worker_many, chunk, as_of, only))
                if len(window) >= 3 * workers:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()


class ErrorResult:
    """The result for a dossier that could not be evaluated (bad input)."""

    status = "error"

    def __init__(
        self,
        source: str | None,
        message: str,
        path: str = "",
        errors: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.source = source
        self.message = message
        self.path = path
        self.errors = tuple(errors)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "format": 1,
            "dossier": self.source,
            "status": "error",
            "error": {
                "message": self.message,
                "path": self.path,
                "errors": [{"path": p, "message": m} for p, m in self.errors],
            },
        }


_WORKER_RULES: list[RuleSet] = []  # the rule set of a worker process (set once, at its start)


def _init_worker(rules: RuleSet) -> None:
    _WORKER_RULES[:] = [rules]


_CHUNK = 8  # dossiers per task sent to a worker


def _worker_many(items: Sequence[DossierSource], as_of: dt.date, only: str | None) -> list[Any]:
    return [_one(_WORKER_RULES[0], item, as_of, only) for item in items]


def _one(rules: RuleSet, item: DossierSource, as_of: dt.date, only: str | None) -> Any:
    try:
        return rules.evaluate(item, as_of, only=only)
    except RegError as exc:
        source = str(item) if isinstance(item, str | os.PathLike) else None
        if source is None and isinstance(item, Mapping):
            ident = item.get("id")
            source = ident if isinstance(ident, str) else None
        return ErrorResult(
            source, exc.message, getattr(exc, "path", ""), getattr(exc, "errors", ())
        )


def load(*paths: str | os.PathLike[str], culture_day_off: bool = True) -> RuleSet:
    """Load rule files (a provincial file after its base); none: the bundled circular."""
    files = [Path(p) for p in paths] or [bundled_regulation()]
    texts = []
    for p in files:
        try:
            texts.append((p.read_text(encoding="utf-8"), str(p)))
        except OSError as exc:
            raise RegError(f"{p}: {exc.strerror or exc}") from None
    return RuleSet(texts, culture_day_off=culture_day_off)


def loads(text: str, name: str = "<string>", culture_day_off: bool = True) -> RuleSet:
    return RuleSet([(text, name)], culture_day_off=culture_day_off)

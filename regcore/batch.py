"""Batch runs: a summary of many results (dossiers by status, the most frequent violations and
referrals with their citations), and progress on a terminal (rich)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from attrs import define, field

__all__ = ["Summary", "progress", "render_summary"]

T = TypeVar("T")

_STATUS_ORDER = (
    "non_compliant",
    "needs_review",
    "incomplete",
    "out_of_scope",
    "compliant",
    "error",
)


@define
class Summary:
    """Counts gathered one result at a time (so a stream need not be kept in memory)."""

    total: int = 0
    by_status: Counter[str] = field(factory=Counter)
    violated: Counter[tuple[str, str]] = field(factory=Counter)  # (id, cite) → dossiers
    referred: Counter[tuple[str, str]] = field(factory=Counter)

    def add(self, result: Any) -> None:
        self.total += 1
        self.by_status[str(getattr(result, "status", "error"))] += 1
        decisions = getattr(result, "decisions", None)
        if not decisions:
            return
        seen: set[tuple[str, str, str]] = set()
        for d in decisions:
            if d.outcome in ("violated", "referred"):
                seen.add((d.outcome, d.id, d.cite))
        for outcome, ident, cite in seen:
            target = self.violated if outcome == "violated" else self.referred
            target[(ident, cite)] += 1

    def statuses(self) -> list[tuple[str, int]]:
        order = {s: i for i, s in enumerate(_STATUS_ORDER)}
        return sorted(self.by_status.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))

    @staticmethod
    def top(counter: Counter[tuple[str, str]], n: int) -> list[tuple[str, str, int]]:
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(ident, cite, count) for (ident, cite), count in items[:n]]

    def to_dict(self, n: int = 10) -> dict[str, Any]:
        return {
            "dossiers": self.total,
            "by_status": dict(self.statuses()),
            "violations": [
                {"id": i, "cite": c, "dossiers": k} for i, c, k in self.top(self.violated, n)
            ],
            "referrals": [
                {"id": i, "cite": c, "dossiers": k} for i, c, k in self.top(self.referred, n)
            ],
        }


_WORDS = {
    "vi": {
        "title": "Tổng hợp {n} hồ sơ",
        "status": "Tình trạng",
        "count": "Số hồ sơ",
        "violations": "Vi phạm thường gặp nhất",
        "referrals": "Chuyển cấp có thẩm quyền thường gặp nhất",
        "id": "Quyết định",
        "cite": "Căn cứ",
        "progress": "Đánh giá hồ sơ",
    },
    "en": {
        "title": "Summary of {n} dossiers",
        "status": "Status",
        "count": "Dossiers",
        "violations": "Most frequent violations",
        "referrals": "Most frequent referrals",
        "id": "Decision",
        "cite": "Provision",
        "progress": "Evaluating dossiers",
    },
}


def render_summary(summary: Summary, lang: str = "vi", color: bool = False, n: int = 10) -> str:
    """The summary as terminal tables (rich), plain text when ``color`` is false."""
    import io

    from rich.console import Console
    from rich.table import Table

    from regcore.render import status_word

    w = _WORDS["en" if lang == "en" else "vi"]
    buf = io.StringIO()
    console = Console(
        file=buf, width=110, force_terminal=color, no_color=not color, highlight=False
    )
    statuses = Table(title=w["title"].format(n=summary.total), title_justify="left")
    statuses.add_column(w["status"])
    statuses.add_column(w["count"], justify="right")
    for status, count in summary.statuses():
        statuses.add_row(status_word(status, lang), str(count))
    console.print(statuses)
    for key, counter in (("violations", summary.violated), ("referrals", summary.referred)):
        rows = summary.top(counter, n)
        if not rows:
            continue
        table = Table(title=w[key], title_justify="left")
        table.add_column(w["id"])
        table.add_column(w["cite"])
        table.add_column(w["count"], justify="right")
        for ident, cite, count in rows:
            table.add_row(ident, cite, str(count))
        console.print(table)
    return buf.getvalue().rstrip("\n")


def progress(items: Iterable[T], total: int, lang: str = "vi", enabled: bool = True) -> Iterator[T]:
    """Yield ``items`` while a progress bar on stderr counts them (nothing when not enabled)."""
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    w = _WORDS["en" if lang == "en" else "vi"]
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task(w["progress"], total=total)
        for item in items:
            yield item
            bar.advance(task)

"""The impact of a rule edit: evaluate a corpus under two versions of the rules and list every
decision that changes (id, subject, dossier, old → new, citation), with a summary table."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from attrs import field, frozen

from regcore.result import Decision, Result, to_json_value

__all__ = ["Change", "DiffReport", "diff_results", "render_diff"]

_COMPARED = ("outcome", "value", "due", "done_on", "cite", "authority")


@frozen
class Change:
    dossier: str
    id: str
    subject: str | None
    old: dict[str, Any] | None  # None: the decision is new
    new: dict[str, Any] | None  # None: the decision is gone
    fields: tuple[str, ...]  # which of outcome, value, due, done_on, cite, authority changed
    # The decisions compared, for their words in another language (citation, authority).
    old_decision: Decision | None = field(default=None, eq=False, repr=False)
    new_decision: Decision | None = field(default=None, eq=False, repr=False)

    @property
    def cite(self) -> str:
        return self.cite_in("vi")

    def cite_in(self, lang: str = "vi") -> str:
        """The provision of the decision (after the edit, else before) in ``lang``."""
        side = self.new_view(lang) if self.new is not None else self.old_view(lang)
        return str(side.get("cite", "")) if side else ""

    def old_view(self, lang: str = "vi") -> dict[str, Any] | None:
        return _in_lang(self.old, self.old_decision, lang)

    def new_view(self, lang: str = "vi") -> dict[str, Any] | None:
        return _in_lang(self.new, self.new_decision, lang)


@frozen
class DiffReport:
    dossiers: int
    changes: tuple[Change, ...]
    status_changes: tuple[tuple[str, str, str], ...]  # (dossier, old status, new status)
    errors: tuple[tuple[str, str], ...] = ()

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "dossiers": self.dossiers,
            "changed_dossiers": len({c.dossier for c in self.changes}),
            "changes": [
                {
                    "dossier": c.dossier,
                    "id": c.id,
                    "subject": c.subject,
                    "fields": list(c.fields),
                    "old": c.old_view(lang),
                    "new": c.new_view(lang),
                }
                for c in self.changes
            ],
            "status_changes": [
                {"dossier": d, "old": o, "new": n} for d, o, n in self.status_changes
            ],
            "errors": [{"dossier": d, "message": m} for d, m in self.errors],
        }


def _view(d: Decision, lang: str = "vi") -> dict[str, Any]:
    """What is compared of a decision, with its citation and authority in ``lang``."""
    out: dict[str, Any] = {"outcome": d.outcome, "cite": d.citation.cite(lang)}
    if d.has_value:
        out["value"] = to_json_value(d.value)
    for k, v in (
        ("due", to_json_value(d.due)),
        ("done_on", to_json_value(d.done_on)),
        ("authority", d.authority_en if lang == "en" else d.authority_vi),
    ):
        if v is not None:
            out[k] = v
    return out


def _in_lang(
    view: dict[str, Any] | None, decision: Decision | None, lang: str
) -> dict[str, Any] | None:
    if view is None or decision is None or lang != "en":
        return view
    return _view(decision, lang)


def _key(d: Decision) -> tuple[str, str | None]:
    return (d.id, d.subject)


def diff_results(pairs: Iterable[tuple[Any, Any]]) -> DiffReport:
    """Compare (old, new) results of the same dossiers, in order."""
    changes: list[Change] = []
    statuses: list[tuple[str, str, str]] = []
    errors: list[tuple[str, str]] = []
    n = 0
    for old, new in pairs:
        n += 1
        if not isinstance(old, Result) or not isinstance(new, Result):
            bad = old if not isinstance(old, Result) else new
            errors.append((str(getattr(bad, "source", None) or "?"), str(bad.message)))
            continue
        name = old.dossier or f"#{n}"
        if old.status != new.status:
            statuses.append((name, old.status, new.status))
        before = {_key(d): d for d in old.decisions}
        after = {_key(d): d for d in new.decisions}
        order = list(before) + [k for k in after if k not in before]
        for key in order:
            a = _view(before[key]) if key in before else None
            b = _view(after[key]) if key in after else None
            if a == b:
                continue
            fields = tuple(f for f in _COMPARED if (a or {}).get(f) != (b or {}).get(f))
            changes.append(
                Change(name, key[0], key[1], a, b, fields, before.get(key), after.get(key))
            )
    return DiffReport(n, tuple(changes), tuple(statuses), tuple(errors))


def _side(view: dict[str, Any] | None, fields: Sequence[str]) -> str:
    if view is None:
        return "∅"
    parts = [str(view["outcome"])]
    for f in ("value", "due", "done_on"):
        if f in view and (f in fields or f == "value"):
            value = view[f]
            parts.append(f"{f}={json.dumps(value, ensure_ascii=False)}")
    if "authority" in fields and view.get("authority"):
        parts.append(f"authority={view['authority']}")
    return " ".join(parts)


_WORDS = {
    "vi": {
        "title": "Thay đổi khi áp dụng quy tắc mới: {c} quyết định trong {d}/{n} hồ sơ",
        "none": "Không có quyết định nào thay đổi trên {n} hồ sơ.",
        "dossier": "Hồ sơ",
        "decision": "Quyết định",
        "subject": "Đối tượng",
        "change": "Cũ → mới",
        "cite": "Căn cứ",
        "summary": "Tổng hợp theo quyết định",
        "count": "Số thay đổi",
        "status": "Tình trạng hồ sơ thay đổi",
        "errors": "Lỗi",
    },
    "en": {
        "title": "Changes under the new rules: {c} decisions in {d}/{n} dossiers",
        "none": "No decision changes across {n} dossiers.",
        "dossier": "Dossier",
        "decision": "Decision",
        "subject": "Subject",
        "change": "Old → new",
        "cite": "Provision",
        "summary": "Summary by decision",
        "count": "Changes",
        "status": "Dossier status changes",
        "errors": "Errors",
    },
}


def render_diff(report: DiffReport, lang: str = "vi", fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2)
    w = _WORDS["en" if lang == "en" else "vi"]
    changed = len({c.dossier for c in report.changes})
    if not report.changes and not report.errors:
        return w["none"].format(n=report.dossiers)
    title = w["title"].format(c=len(report.changes), d=changed, n=report.dossiers)
    rows = [
        (
            c.dossier,
            c.id,
            c.subject or "",
            f"{_side(c.old_view(lang), c.fields)} → {_side(c.new_view(lang), c.fields)}",
            c.cite_in(lang),
        )
        for c in report.changes
    ]
    by_id = Counter((c.id, c.cite_in(lang)) for c in report.changes)
    summary = [
        (i, cite, str(k)) for (i, cite), k in sorted(by_id.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if fmt == "md":
        out = [f"# {title}", ""]
        out += [
            f"| {w['dossier']} | {w['decision']} | {w['subject']} | {w['change']} | {w['cite']} |"
        ]
        out += ["|---|---|---|---|---|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        out += ["", f"## {w['summary']}", "", f"| {w['decision']} | {w['cite']} | {w['count']} |"]
        out += ["|---|---|---:|"] + ["| " + " | ".join(r) + " |" for r in summary]
        if report.status_changes:
            out += ["", f"## {w['status']}", ""]
            out += [f"- {d}: {o} → {n}" for d, o, n in report.status_changes]
        if report.errors:
            out += ["", f"## {w['errors']}", ""] + [f"- {d}: {m}" for d, m in report.errors]
        return "\n".join(out)
    import io

    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=160, no_color=True, highlight=False)
    table = Table(title=title, title_justify="left")
    for col in ("dossier", "decision", "subject", "change", "cite"):
        table.add_column(w[col])
    for row in rows:
        table.add_row(*row)
    console.print(table)
    totals = Table(title=w["summary"], title_justify="left")
    totals.add_column(w["decision"])
    totals.add_column(w["cite"])
    totals.add_column(w["count"], justify="right")
    for line in summary:
        totals.add_row(*line)
    console.print(totals)
    if report.status_changes:
        console.print(w["status"])
        for d, o, n in report.status_changes:
            console.print(f"  {d}: {o} → {n}")
    if report.errors:
        console.print(w["errors"])
        for d, m in report.errors:
            console.print(f"  {d}: {m}")
    return buf.getvalue().rstrip("\n")

"""Rendering, the last stage of the pipeline: evaluation results → text for people (a cited
argument for one decision, a terminal report, Markdown, a printable HTML page) and for machines
(JSON Lines), in Vietnamese or English.

Everything shown comes from the :class:`~regcore.result.Result`; nothing is computed again here.
Dossier and rule-file text is untrusted: HTML output escapes all of it, Markdown escapes what
would break a table or start a tag, terminal output drops control characters (so a dossier id
cannot move the cursor or recolour the screen). Output is deterministic: the same results give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from regcore.i18n import OUTCOME_WORDS, fmt_date, fmt_quantity
from regcore.result import Because, Citation, DeadlineEntry, Decision, Result, document_name

__all__ = [
    "OUTCOME_WORDS",
    "STATUS_WORDS",
    "explain_markdown",
    "explain_text",
    "render_html",
    "render_jsonl",
    "render_markdown",
    "render_text",
    "state_word",
    "state_words",
]


class SupportsToDict(Protocol):
    """A result-like object (a :class:`Result`, or an error result of a dossier that could not
    be evaluated, whose ``to_dict`` has ``status: "error"``)."""

    def to_dict(self, lang: str = ...) -> dict[str, Any]: ...


# ----------------------------------------------------------------------------- words


STATUS_WORDS: Mapping[str, Mapping[str, str]] = {
    "vi": {
        "compliant": "tuân thủ",
        "non_compliant": "không tuân thủ",
        "needs_review": "cần xem xét",
        "incomplete": "thiếu thông tin",
        "out_of_scope": "ngoài phạm vi",
        "error": "lỗi",
    },
    "en": {
        "compliant": "compliant",
        "non_compliant": "non-compliant",
        "needs_review": "needs review",
        "incomplete": "incomplete",
        "out_of_scope": "out of scope",
        "error": "error",
    },
}

_STATE_WORDS: Mapping[str, Mapping[str, str]] = {
    "vi": {"met": "đúng hạn", "missed": "trễ hạn", "open": "chưa đến hạn", "overdue": "quá hạn"},
    "en": {"met": "met", "missed": "missed", "open": "open", "overdue": "overdue"},
}

_WORDS: Mapping[str, Mapping[str, str]] = {
    "vi": {
        "provision": "Căn cứ",
        "because": "Vì",
        "value": "giá trị",
        "value_h": "Giá trị",
        "authority": "Thẩm quyền quyết định",
        "missing": "Thiếu",
        "due": "Hạn",
        "done_on": "Thực hiện",
        "not_done": "chưa thực hiện",
        "dossier": "Hồ sơ",
        "status": "Tình trạng",
        "as_of": "Ngày xét",
        "regulation": "Văn bản",
        "in_force": "hiệu lực từ",
        "decisions": "Quyết định",
        "deadlines": "Lịch thời hạn",
        "no_deadlines": "Không có thời hạn nào.",
        "warnings": "Cảnh báo",
        "decision": "Quyết định",
        "subject": "Đối tượng",
        "outcome": "Kết quả",
        "cite": "Căn cứ",
        "explanation": "Giải thích",
        "state": "Tình trạng",
        "deadline": "Thời hạn",
        "summary": "Tổng hợp",
        "frequent_violated": "Vi phạm thường gặp nhất",
        "frequent_referred": "Chuyển cấp có thẩm quyền thường gặp nhất",
        "count": "Số hồ sơ",
        "dossiers": "Các hồ sơ",
        "title_one": "Kết quả đánh giá hồ sơ nhiệm vụ",
        "title_many": "Kết quả đánh giá {n} hồ sơ nhiệm vụ",
        "unnamed": "(không có mã)",
        "error": "Không đánh giá được hồ sơ",
        "engine": "Đánh giá bởi",
        "calendar": "lịch ngày làm việc",
        "and_more": "và {n} mục khác",
    },
    "en": {
        "provision": "Provision",
        "because": "Because",
        "value": "value",
        "value_h": "Value",
        "authority": "Authority to decide",
        "missing": "Missing",
        "due": "Due",
        "done_on": "Done on",
        "not_done": "not done",
        "dossier": "Dossier",
        "status": "Status",
        "as_of": "As of",
        "regulation": "Regulation",
        "in_force": "in force from",
        "decisions": "Decisions",
        "deadlines": "Deadlines",
        "no_deadlines": "No deadlines.",
        "warnings": "Warnings",
        "decision": "Decision",
        "subject": "Subject",
        "outcome": "Outcome",
        "cite": "Provision",
        "explanation": "Explanation",
        "state": "State",
        "deadline": "Deadline",
        "summary": "Summary",
        "frequent_violated": "Most frequent violations",
        "frequent_referred": "Most frequent referrals",
        "count": "Dossiers",
        "dossiers": "Dossiers",
        "title_one": "Evaluation of a task dossier",
        "title_many": "Evaluation of {n} task dossiers",
        "unnamed": "(no id)",
        "error": "The dossier could not be evaluated",
        "engine": "Evaluated by",
        "calendar": "working-day calendar",
        "and_more": "and {n} more",
    },
}

MARKERS: Mapping[str, str] = {
    "satisfied": "[✓]",
    "violated": "[✗]",
    "unknown": "[?]",
    "referred": "[→]",
    "not_applicable": "[–]",
    "pending": "[⧗]",
}

# Most serious first: the order of the terminal report's groups and of the summary.
_SEVERITY = ("violated", "referred", "unknown", "pending", "satisfied", "not_applicable")
_STATUS_ORDER = (
    "error",
    "out_of_scope",
    "non_compliant",
    "needs_review",
    "incomplete",
    "compliant",
)

_ANSI = {
    "satisfied": "\x1b[32m",
    "violated": "\x1b[1;31m",
    "referred": "\x1b[1;33m",
    "unknown": "\x1b[33m",
    "not_applicable": "\x1b[2m",
    "pending": "\x1b[36m",
    "compliant": "\x1b[1;32m",
    "non_compliant": "\x1b[1;31m",
    "needs_review": "\x1b[1;33m",
    "incomplete": "\x1b[1;33m",
    "out_of_scope": "\x1b[1;35m",
    "error": "\x1b[1;31m",
    "met": "\x1b[32m",
    "missed": "\x1b[31m",
    "open": "\x1b[36m",
    "overdue": "\x1b[1;31m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
}
_RESET = "\x1b[0m"


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "vi"


def _w(lang: str, key: str) -> str:
    return _WORDS[_lang(lang)][key]


def outcome_word(outcome: str, lang: str = "vi") -> str:
    return OUTCOME_WORDS[_lang(lang)].get(outcome, outcome)


def status_word(status: str, lang: str = "vi") -> str:
    return STATUS_WORDS[_lang(lang)].get(status, status)


def state_word(state: str, lang: str = "vi") -> str:
    """A deadline's state (met, missed, open, overdue) as people read it: «trễ hạn», "missed"."""
    return _STATE_WORDS[_lang(lang)].get(state, state)


def state_words(lang: str = "vi") -> Mapping[str, str]:
    """Every deadline state word of a language (for aligning a column of them)."""
    return _STATE_WORDS[_lang(lang)]


_state_word = state_word


# ----------------------------------------------------------------------------- safe text

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _clean(text: object) -> str:
    """One line of untrusted text: control characters (ESC, CR, bidi overrides…) become visible
    escapes, line breaks a space; NFC so that columns stay screen cells."""
    s = unicodedata.normalize("NFC", str(text))

    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in "\n\r\t\u2028\u2029":
            return " "
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _CONTROL.sub(repl, s)


# What would end a table cell, open a tag, an autolink, a link or code, or start emphasis
# (an underscore inside a word does not: CommonMark's flanking rules).
_MD_SPECIAL = re.compile(r"[\\`*<|\[#]|(?<!\w)_|_(?!\w)")
_MD_BLOCK_START = re.compile(r"^(\s*(?:\d+)?)([>+=.)-])")


def _md(text: object) -> str:
    """Untrusted text inline in Markdown (a table cell, a heading): backslash escapes
    (CommonMark) for what would end a cell or start a tag, a link, code or emphasis."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), _clean(text))


def _md_block(text: object) -> str:
    """Untrusted text that starts a paragraph or a list item: :func:`_md`, and a backslash
    before what would open a block there (a quote, a list, a heading underline)."""
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _md(text))


def _h(text: object) -> str:
    return html.escape(_clean(text), quote=True)


def _width(s: str) -> int:
    """Screen cells of a string (wide East Asian characters take two, combining marks none)."""
    n = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


# ----------------------------------------------------------------------------- pieces


def _value_text(d: Decision, lang: str) -> str:
    """A decision's value as people read it: 84,5 điểm, 12 tháng, 31/07/2027, “dat”."""
    return fmt_quantity(d.value, d.unit, lang) if d.has_value and d.value is not None else ""


def _who(ident: str, subject: str | None) -> str:
    return f"{ident} [{subject}]" if subject is not None else ident


def _node_text(node: Because, lang: str) -> str:
    text = node.text_en if lang == "en" else node.text_vi
    # A node standing for a decision reads "id: …"; name its subject too, or the nodes of a
    # per-subject decision (one per application, ballot…) cannot be told apart.
    if node.id is not None and node.subject is not None and text.startswith(f"{node.id}:"):
        text = f"{_who(node.id, node.subject)}{text[len(node.id) :]}"
    return text


def _with_cite(text: str, cite: str | None) -> str:
    """Text followed by its citation in parentheses, unless the text already cites it."""
    if not cite or cite in text:
        return text
    return f"{text} ({cite})"


def _strip_cite(explanation: str, cite: str) -> str:
    """An explanation without its trailing "(cite)." for tables that have a citation column."""
    tail = f" ({cite})."
    if explanation.endswith(tail):
        return explanation[: -len(tail)] + "."
    return explanation


def _cited(explanation: str, cite: str) -> str:
    """An explanation that ends with its citation in parentheses, whether or not the evaluator
    wrote it there ("…: không áp dụng đối với hồ sơ này (điểm a khoản 4 Điều 7 …).")."""
    text = _strip_cite(explanation, cite)
    if text.endswith("."):
        return f"{text[:-1]} ({cite})."
    return f"{text} ({cite})"


def _regulation_line(regulation: Mapping[str, Any], lang: str) -> str:
    ident = regulation.get("id")
    name = document_name(str(ident), lang) if ident else ""
    title = regulation.get("title")
    text = f"{name} — {title}" if name and title else (name or str(title or ""))
    in_force = regulation.get("in_force")
    if in_force:
        try:
            day = fmt_date(dt.date.fromisoformat(str(in_force)), lang)
        except ValueError:
            day = str(in_force)
        text += f" ({_w(lang, 'in_force')} {day})"
    return text


def _error_message(data: Mapping[str, Any]) -> str:
    err = data.get("error")
    if isinstance(err, Mapping):
        msg = str(err.get("message") or "")
        path = err.get("path")
        return f"{path}: {msg}" if path else msg
    return str(err or "")


def _dossier_name(ident: object, lang: str) -> str:
    return _w(lang, "unnamed") if ident is None else str(ident)


# ----------------------------------------------------------------------------- explain


def explain_text(decision: Decision, lang: str = "vi", result: Result | None = None) -> str:
    """The full ``because`` tree of one decision as an indented, cited argument.

    The first line names the decision (id, subject, outcome, value); then its explanation,
    its provision, who decides (referred), what is missing (unknown), due date and date done
    (deadlines); then every ``because`` node with its citation in parentheses, children
    indented below their parent.

    Given the ``result`` the decision belongs to, a node that stands for another decision is
    expanded with that decision's own argument (its explanation when it was not met, then its
    ``because``), so the argument goes down to the facts; each decision is expanded once.
    """
    lang = _lang(lang)
    lines = [_clean(_headline(decision, lang)), _clean(decision.explanation(lang))]
    lines.extend(_clean(f"{k}: {v}") for k, v in _particulars(decision, lang))
    tree = _argument(decision, lang, result)
    if tree:
        lines.append(f"{_w(lang, 'because')}:")
        for depth, text, cite in tree:
            lines.append("  " * (depth + 1) + "- " + _clean(_with_cite(text, cite)))
    return "\n".join(lines)


def explain_markdown(decision: Decision, lang: str = "vi", result: Result | None = None) -> str:
    """:func:`explain_text` as Markdown: a heading, the explanation, the particulars as a list
    and the ``because`` tree as a nested list with each citation in italics."""
    lang = _lang(lang)
    value = _value_text(decision, lang)
    head = f"`{decision.id}`" if "`" not in decision.id else _md(decision.id)
    if decision.subject is not None:
        head += f" \\[{_md(decision.subject)}\\]"
    head += f" — {outcome_word(decision.outcome, lang)}"
    if value:
        head += f" — {_w(lang, 'value')} {_md(value)}"
    out = [f"### {head}", "", _md_block(decision.explanation(lang)), ""]
    out.extend(f"- **{k}:** {_md(v)}" for k, v in _particulars(decision, lang))
    tree = _argument(decision, lang, result)
    if tree:
        out += ["", f"**{_w(lang, 'because')}:**", ""]
        for depth, text, cite in tree:
            line = "  " * depth + "- " + _md_block(text)
            if cite is not None and cite not in text:
                line += f" — *{_md(cite)}*"
            out.append(line)
    return "\n".join(out)


def _headline(d: Decision, lang: str) -> str:
    head = f"{_who(d.id, d.subject)} — {outcome_word(d.outcome, lang)}"
    value = _value_text(d, lang)
    return f"{head} — {_w(lang, 'value')} {value}" if value else head


def _particulars(d: Decision, lang: str) -> list[tuple[str, str]]:
    """Provision; and who decides (referred), what is missing (unknown), due and done dates."""
    out = [(_w(lang, "provision"), d.citation.cite(lang))]
    authority = d.authority_en if lang == "en" else d.authority_vi
    if d.outcome == "referred" and authority:
        out.append((_w(lang, "authority"), authority))
    if d.missing:
        out.append((_w(lang, "missing"), ", ".join(d.missing)))
    if d.is_deadline or d.due is not None:
        out.append((_w(lang, "due"), fmt_date(d.due, lang)))
        done = fmt_date(d.done_on, lang) if d.done_on else _w(lang, "not_done")
        out.append((_w(lang, "done_on"), done))
    return out


def _argument(
    decision: Decision, lang: str, result: Result | None
) -> list[tuple[int, str, str | None]]:
    """The ``because`` tree flattened in reading order: (depth from 0, text, citation)."""
    out: list[tuple[int, str, str | None]] = []
    seen = {(decision.id, decision.subject)}

    def walk(node: Because, depth: int) -> None:
        cite = node.citation.cite(lang) if node.citation is not None else None
        out.append((depth, _node_text(node, lang), cite))
        children: Sequence[Because] = node.children
        if not children and result is not None and node.id is not None:
            key = (node.id, node.subject)
            sub = _find(result, node.id, node.subject)
            if sub is not None and key not in seen:
                seen.add(key)
                children = sub.because
                if sub.outcome in ("violated", "referred", "unknown"):
                    # why the sub-decision was not met: its own explanation, cited by the node
                    why = _strip_cite(sub.explanation(lang), sub.citation.cite(lang))
                    out.append((depth + 1, why, None))
        for child in children:
            walk(child, depth + 1)

    for node in decision.because:
        walk(node, 0)
    return out


def _find(result: Result, ident: str, subject: str | None) -> Decision | None:
    for d in result.decisions:
        if d.id == ident and d.subject == subject:
            return d
    return None


# ----------------------------------------------------------------------------- terminal


def render_text(result: SupportsToDict, lang: str = "vi", color: bool = False) -> str:
    """A report for a person at a terminal: the header (dossier, status, date, regulation),
    the decisions grouped from the most serious outcome down with a marker, explanation and
    provision each, the deadline calendar and the warnings. ANSI colour only when ``color``."""
    lang = _lang(lang)

    def c(style: str, text: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if color else text

    if not isinstance(result, Result):
        data = result.to_dict(lang)
        name = _dossier_name(data.get("dossier"), lang)
        return "\n".join(
            [
                c("bold", _clean(f"{_w(lang, 'dossier')}: {name}")),
                f"{_w(lang, 'status')}: {c('error', status_word('error', lang))}",
                _clean(f"{_w(lang, 'error')}: {_error_message(data)}"),
            ]
        )
    out: list[str] = [
        c("bold", _clean(f"{_w(lang, 'dossier')}: {_dossier_name(result.dossier, lang)}")),
        f"{_w(lang, 'status')}: {c(result.status, status_word(result.status, lang))}",
        f"{_w(lang, 'as_of')}: {fmt_date(result.as_of, lang)}",
        _clean(f"{_w(lang, 'regulation')}: {_regulation_line(result.regulation, lang)}"),
    ]
    counts = _counts(result.decisions)
    summary = ", ".join(f"{n} {outcome_word(o, lang)}" for o, n in counts)
    out += ["", c("bold", f"{_w(lang, 'decisions')} ({len(result.decisions)}): {summary}")]
    for outcome in _SEVERITY:
        group = [d for d in result.decisions if d.outcome == outcome]
        if not group:
            continue
        out.append("")
        out.append(c(outcome, f"{outcome_word(outcome, lang).capitalize()} ({len(group)})"))
        for d in group:
            out.extend(_text_decision(d, lang, c))
    out += ["", c("bold", _w(lang, "deadlines"))]
    out.extend(_text_deadlines(result.deadlines, lang, c))
    if result.warnings:
        out += ["", c("bold", _w(lang, "warnings"))]
        for w in result.warnings:
            out.append(_clean(f"  {w.get('path', '')}: {w.get('message', '')}"))
    engine = result.receipt.get("engine")
    if engine:
        foot = f"{_w(lang, 'engine')} {engine}"
        calendar = result.receipt.get("calendar")
        if calendar:
            foot += f"; {_w(lang, 'calendar')} {calendar}"
        out += ["", c("dim", _clean(foot))]
    return "\n".join(out)


def _counts(decisions: Sequence[Decision]) -> list[tuple[str, int]]:
    return [(o, n) for o in _SEVERITY if (n := sum(1 for d in decisions if d.outcome == o)) > 0]


def _text_decision(d: Decision, lang: str, c: Any) -> list[str]:
    head = _who(d.id, d.subject)
    value = _value_text(d, lang)
    if value:
        head += f" = {value}"
    lines = [f"  {c(d.outcome, MARKERS[d.outcome])} " + c("bold", _clean(head))]
    cite = d.citation.cite(lang)
    lines.append("      " + _clean(_cited(d.explanation(lang), cite)))
    authority = d.authority_en if lang == "en" else d.authority_vi
    if d.outcome == "referred" and authority:
        lines.append("      " + _clean(f"{_w(lang, 'authority')}: {authority}"))
    if d.missing:
        lines.append("      " + _clean(f"{_w(lang, 'missing')}: {', '.join(d.missing)}"))
    return lines


def _text_deadlines(deadlines: Sequence[DeadlineEntry], lang: str, c: Any) -> list[str]:
    if not deadlines:
        return ["  " + _w(lang, "no_deadlines")]
    header = [
        _w(lang, "due"),
        _w(lang, "done_on"),
        _w(lang, "state"),
        _w(lang, "deadline"),
        _w(lang, "cite"),
    ]
    rows = [
        [
            fmt_date(e.due, lang),
            fmt_date(e.done_on, lang) if e.done_on else "—",
            _state_word(e.state, lang),
            _clean(_who(e.id, e.subject)),
            _clean(e.citation.cite(lang)),
        ]
        for e in deadlines
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]

    def line(cells: list[str], states: str | None = None) -> str:
        parts = [_pad(cell, widths[i]) for i, cell in enumerate(cells[:-1])]
        if states is not None:
            parts[2] = c(states, parts[2])
        return ("  " + "  ".join([*parts, cells[-1]])).rstrip()

    out = [c("dim", line(header))]
    out.extend(line(r, e.state) for r, e in zip(rows, deadlines, strict=True))
    return out


# ----------------------------------------------------------------------------- Markdown


def render_markdown(results: Sequence[SupportsToDict], lang: str = "vi") -> str:
    """One Markdown document: for several results a summary table (dossiers by status), then
    a section per dossier with its decisions table and its deadlines table."""
    lang = _lang(lang)
    results = list(results)
    title = (
        _w(lang, "title_one")
        if len(results) == 1
        else _w(lang, "title_many").format(n=len(results))
    )
    out = [f"# {title}", ""]
    regulations = sorted(
        {_regulation_line(r.regulation, lang) for r in results if isinstance(r, Result)}
    )
    if len(regulations) == 1:
        out += [f"{_w(lang, 'regulation')}: {_md(regulations[0])}", ""]
    if len(results) > 1:
        out += [f"## {_w(lang, 'summary')}", ""]
        out += [
            f"| {_w(lang, 'status')} | {_w(lang, 'count')} | {_w(lang, 'dossiers')} |",
            "|---|---:|---|",
        ]
        for status, names in _by_status(results, lang):
            out.append(
                f"| {status_word(status, lang)} | {len(names)} | "
                + ", ".join(_md(n) for n in names)
                + " |"
            )
        out.append("")
        for key, rows in _frequent(results):
            out += [f"### {_w(lang, key)}", ""]
            out += [
                f"| {_w(lang, 'decision')} | {_w(lang, 'provision')} | {_w(lang, 'count')} |",
                "|---|---|---:|",
            ]
            out += [f"| `{i}` | {_md(c)} | {n} |" for i, c, n in rows]
            out.append("")
    for r in results:
        out.extend(_md_result(r, lang, regulations=len(regulations)))
    return "\n".join(out).rstrip("\n")


def _frequent(results: Sequence[SupportsToDict]) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """The most frequent violations and referrals over the results: (id, cite, dossiers)."""
    from regcore.batch import Summary

    summary = Summary()
    for r in results:
        summary.add(r)
    out = []
    for key, counter in (
        ("frequent_violated", summary.violated),
        ("frequent_referred", summary.referred),
    ):
        rows = summary.top(counter, 10)
        if rows:
            out.append((key, rows))
    return out


def _by_status(results: Sequence[SupportsToDict], lang: str) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for r in results:
        status: str
        name: object
        if isinstance(r, Result):
            status, name = r.status, r.dossier
        else:
            data = r.to_dict(lang)
            status, name = str(data.get("status", "error")), data.get("dossier")
        groups.setdefault(status, []).append(_dossier_name(name, lang))
    order = {s: i for i, s in enumerate(_STATUS_ORDER)}
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))


def _md_result(r: SupportsToDict, lang: str, regulations: int) -> list[str]:
    if not isinstance(r, Result):
        data = r.to_dict(lang)
        name = _dossier_name(data.get("dossier"), lang)
        return [
            f"## {_w(lang, 'dossier')} {_md(name)} — {status_word('error', lang)}",
            "",
            f"{_w(lang, 'error')}: {_md(_error_message(data))}",
            "",
        ]
    out = [
        f"## {_w(lang, 'dossier')} {_md(_dossier_name(r.dossier, lang))} — "
        f"{status_word(r.status, lang)}",
        "",
        f"- {_w(lang, 'status')}: **{status_word(r.status, lang)}**",
        f"- {_w(lang, 'as_of')}: {fmt_date(r.as_of, lang)}",
    ]
    if regulations != 1:
        out.append(f"- {_w(lang, 'regulation')}: {_md(_regulation_line(r.regulation, lang))}")
    counts = ", ".join(f"{n} {outcome_word(o, lang)}" for o, n in _counts(r.decisions))
    out.append(f"- {_w(lang, 'decisions')}: {counts or '—'}")
    out.append("")
    out += [f"### {_w(lang, 'decisions')}", ""]
    out.append(
        "| | "
        + " | ".join(
            _w(lang, k)
            for k in ("decision", "subject", "outcome", "value_h", "cite", "explanation")
        )
        + " |"
    )
    out.append("|---|---|---|---|---|---|---|")
    for d in r.decisions:
        cite = d.citation.cite(lang)
        explanation = _strip_cite(d.explanation(lang), cite)
        extra = _extra(d, lang)
        if extra:
            explanation += " " + extra
        cells = [
            MARKERS[d.outcome],
            f"`{d.id}`" if "`" not in d.id else _md(d.id),
            _md(d.subject) if d.subject is not None else "",
            outcome_word(d.outcome, lang),
            _md(_value_text(d, lang)),
            _md(cite),
            _md(explanation),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out += [f"### {_w(lang, 'deadlines')}", ""]
    if r.deadlines:
        out.append(
            "| "
            + " | ".join(
                _w(lang, k) for k in ("due", "done_on", "state", "deadline", "subject", "cite")
            )
            + " |"
        )
        out.append("|---|---|---|---|---|---|")
        for e in r.deadlines:
            cells = [
                fmt_date(e.due, lang),
                fmt_date(e.done_on, lang) if e.done_on else "—",
                _state_word(e.state, lang),
                f"`{e.id}`" if "`" not in e.id else _md(e.id),
                _md(e.subject) if e.subject is not None else "",
                _md(e.citation.cite(lang)),
            ]
            out.append("| " + " | ".join(cells) + " |")
    else:
        out.append(_w(lang, "no_deadlines"))
    out.append("")
    if r.warnings:
        out += [f"### {_w(lang, 'warnings')}", ""]
        for w in r.warnings:
            out.append(f"- {_md_block(w.get('path', ''))}: {_md(w.get('message', ''))}")
        out.append("")
    return out


def _extra(d: Decision, lang: str) -> str:
    """What a table row adds to the explanation: who decides, what is missing."""
    parts = []
    authority = d.authority_en if lang == "en" else d.authority_vi
    if d.outcome == "referred" and authority and authority not in d.explanation(lang):
        parts.append(f"{_w(lang, 'authority')}: {authority}.")
    if d.missing and not all(m in d.explanation(lang) for m in d.missing):
        parts.append(f"{_w(lang, 'missing')}: {', '.join(d.missing)}.")
    return " ".join(parts)


# ----------------------------------------------------------------------------- HTML

_CSS = """
:root { --ok: #1b7a3a; --bad: #b3261e; --ref: #9a5b00; --unk: #8a6d00; --na: #6b6b6b;
  --pend: #0b5d8a; --line: #d0d4d9; --head: #f1f3f5; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 14px;
  line-height: 1.45; color: #1d1f21; margin: 2em auto; max-width: 1200px; padding: 0 1.5em; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.3em; margin: 1.6em 0 .4em; padding-bottom: .2em; border-bottom: 2px solid #333; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
p.meta, ul.meta { color: #444; margin: .2em 0 .8em; }
ul.meta { list-style: none; padding: 0; }
ul.meta li { display: inline-block; margin-right: 1.5em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid var(--line); padding: .35em .5em; text-align: left;
  vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num { text-align: right; }
table.summary { width: auto; min-width: 40%; }
td.id, .nw { white-space: nowrap; }
td.cite { min-width: 11em; }
td.expl { min-width: 24em; }
td.id code { font-size: .92em; }
tr.o-violated td:first-child { border-left: 4px solid var(--bad); }
tr.o-referred td:first-child { border-left: 4px solid var(--ref); }
tr.o-unknown td:first-child { border-left: 4px solid var(--unk); }
tr.o-pending td:first-child { border-left: 4px solid var(--pend); }
tr.o-satisfied td:first-child { border-left: 4px solid var(--ok); }
tr.o-not_applicable td:first-child { border-left: 4px solid var(--na); }
tr.o-not_applicable td { color: var(--na); }
.badge { display: inline-block; padding: .05em .5em; border-radius: .8em; font-size: .9em;
  font-weight: 600; white-space: nowrap; color: #fff; }
.o-satisfied .badge, .badge.satisfied, .badge.met, .badge.compliant { background: var(--ok); }
.badge.violated, .badge.missed, .badge.overdue, .badge.non_compliant, .badge.error
  { background: var(--bad); }
.badge.referred, .badge.needs_review { background: var(--ref); }
.badge.unknown, .badge.incomplete { background: var(--unk); }
.badge.pending, .badge.open { background: var(--pend); }
.badge.not_applicable, .badge.out_of_scope { background: var(--na); }
.extra { display: block; color: #444; margin-top: .2em; }
footer { color: #666; font-size: .85em; margin-top: 2em; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.dossier + section.dossier { break-before: page; page-break-before: always; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  td.id { white-space: normal; word-break: break-word; }
  td.expl { min-width: 0; }
}
""".strip()


def render_html(results: Sequence[SupportsToDict], lang: str = "vi") -> str:
    """One self-contained, printable HTML page (inline CSS, no scripts, no external resources)
    with the content of :func:`render_markdown`. Every text from a dossier or a rule file is
    HTML-escaped."""
    lang = _lang(lang)
    results = list(results)
    title = (
        _w(lang, "title_one")
        if len(results) == 1
        else _w(lang, "title_many").format(n=len(results))
    )
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
    ]
    regulations = sorted(
        {_regulation_line(r.regulation, lang) for r in results if isinstance(r, Result)}
    )
    if len(regulations) == 1:
        out.append(f'<p class="meta">{_h(_w(lang, "regulation"))}: {_h(regulations[0])}</p>')
    if len(results) > 1:
        out += [
            f"<h2>{_h(_w(lang, 'summary'))}</h2>",
            '<table class="summary">',
            f"<thead><tr><th>{_h(_w(lang, 'status'))}</th><th>{_h(_w(lang, 'count'))}</th>"
            f"<th>{_h(_w(lang, 'dossiers'))}</th></tr></thead>",
            "<tbody>",
        ]
        for status, names in _by_status(results, lang):
            out.append(
                f'<tr><td><span class="badge {_h(status)}">{_h(status_word(status, lang))}'
                f'</span></td><td class="num">{len(names)}</td><td>'
                + ", ".join(_h(n) for n in names)
                + "</td></tr>"
            )
        out += ["</tbody>", "</table>"]
        for key, rows in _frequent(results):
            out += [
                f"<h3>{_h(_w(lang, key))}</h3>",
                '<table class="summary">',
                f"<thead><tr><th>{_h(_w(lang, 'decision'))}</th>"
                f"<th>{_h(_w(lang, 'provision'))}</th>"
                f"<th>{_h(_w(lang, 'count'))}</th></tr></thead>",
                "<tbody>",
            ]
            out += [
                f'<tr><td><code>{_h(i)}</code></td><td>{_h(c)}</td><td class="num">{n}</td></tr>'
                for i, c, n in rows
            ]
            out += ["</tbody>", "</table>"]
    for r in results:
        out.extend(_html_result(r, lang, regulations=len(regulations)))
    engines = sorted(
        {str(r.receipt.get("engine")) for r in results if isinstance(r, Result) and r.receipt}
        - {"None"}
    )
    if engines:
        out.append(f"<footer>{_h(_w(lang, 'engine'))} {_h(', '.join(engines))}</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out)


def _value_html(d: Decision, lang: str) -> str:
    """A value cell; a date on one line (2027-07-31 would break at its hyphens)."""
    text = _h(_value_text(d, lang))
    return f'<span class="nw">{text}</span>' if isinstance(d.value, dt.date) else text


def _cite_html(citation: Citation, lang: str) -> str:
    """A citation, its document number kept on one line ("09/2024/TT-BKHCN" would break at
    its hyphen in a narrow column)."""
    text = _h(citation.cite(lang))
    number = _h(citation.document)
    return text.replace(number, f'<span class="nw">{number}</span>', 1)


def _thead(lang: str, keys: Sequence[str]) -> str:
    return "<thead><tr>" + "".join(f"<th>{_h(_w(lang, k))}</th>" for k in keys) + "</tr></thead>"


def _badge(kind: str, text: str) -> str:
    return f'<span class="badge {_h(kind)}">{_h(text)}</span>'


def _html_result(r: SupportsToDict, lang: str, regulations: int) -> list[str]:
    if not isinstance(r, Result):
        data = r.to_dict(lang)
        name = _dossier_name(data.get("dossier"), lang)
        return [
            '<section class="dossier">',
            f"<h2>{_h(_w(lang, 'dossier'))} {_h(name)} "
            f"{_badge('error', status_word('error', lang))}</h2>",
            f"<p>{_h(_w(lang, 'error'))}: {_h(_error_message(data))}</p>",
            "</section>",
        ]
    name = _dossier_name(r.dossier, lang)
    counts = ", ".join(f"{n} {outcome_word(o, lang)}" for o, n in _counts(r.decisions))
    out = [
        '<section class="dossier">',
        f"<h2>{_h(_w(lang, 'dossier'))} {_h(name)} {_badge(r.status, status_word(r.status, lang))}"
        "</h2>",
        '<ul class="meta">',
        f"<li>{_h(_w(lang, 'as_of'))}: {_h(fmt_date(r.as_of, lang))}</li>",
    ]
    if regulations != 1:
        out.append(
            f"<li>{_h(_w(lang, 'regulation'))}: {_h(_regulation_line(r.regulation, lang))}</li>"
        )
    out += [f"<li>{_h(_w(lang, 'decisions'))}: {_h(counts or '—')}</li>", "</ul>"]
    out += [
        f"<h3>{_h(_w(lang, 'decisions'))}</h3>",
        "<table>",
        _thead(lang, ("decision", "subject", "outcome", "value_h", "cite", "explanation")),
        "<tbody>",
    ]
    for d in r.decisions:
        cite = d.citation.cite(lang)
        explanation = _h(_strip_cite(d.explanation(lang), cite))
        extra = _extra(d, lang)
        if extra:
            explanation += f'<span class="extra">{_h(extra)}</span>'
        out.append(
            f'<tr class="o-{_h(d.outcome)}">'
            f'<td class="id"><code>{_h(d.id)}</code></td>'
            f"<td>{_h(d.subject) if d.subject is not None else ''}</td>"
            f"<td>{_badge(d.outcome, outcome_word(d.outcome, lang))}</td>"
            f'<td class="val">{_value_html(d, lang)}</td>'
            f'<td class="cite">{_cite_html(d.citation, lang)}</td>'
            f'<td class="expl">{explanation}</td>'
            "</tr>"
        )
    out += ["</tbody>", "</table>", f"<h3>{_h(_w(lang, 'deadlines'))}</h3>"]
    if r.deadlines:
        out += [
            "<table>",
            _thead(lang, ("due", "done_on", "state", "deadline", "subject", "cite")),
            "<tbody>",
        ]
        for e in r.deadlines:
            out.append(
                "<tr>"
                f"<td>{_h(fmt_date(e.due, lang))}</td>"
                f"<td>{_h(fmt_date(e.done_on, lang) if e.done_on else '—')}</td>"
                f"<td>{_badge(e.state, _state_word(e.state, lang))}</td>"
                f'<td class="id"><code>{_h(e.id)}</code></td>'
                f"<td>{_h(e.subject) if e.subject is not None else ''}</td>"
                f'<td class="cite">{_cite_html(e.citation, lang)}</td>'
                "</tr>"
            )
        out += ["</tbody>", "</table>"]
    else:
        out.append(f"<p>{_h(_w(lang, 'no_deadlines'))}</p>")
    if r.warnings:
        out += [f"<h3>{_h(_w(lang, 'warnings'))}</h3>", "<ul>"]
        for w in r.warnings:
            out.append(f"<li><code>{_h(w.get('path', ''))}</code>: {_h(w.get('message', ''))}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out


# ----------------------------------------------------------------------------- JSON Lines


def render_jsonl(results: Iterable[SupportsToDict], lang: str = "vi") -> Iterator[str]:
    """One compact JSON line (no newline) per result, error results included, in input order."""
    for r in results:
        yield json.dumps(r.to_dict(lang), ensure_ascii=False, separators=(",", ":"))

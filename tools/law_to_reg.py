#!/usr/bin/env python3
"""Generate the literate encoding of Thông tư 09/2024/TT-BKHCN: the law's structure and text,
with the rules of the existing rule file merged back under their provisions.

Usage (from the repository root)::

    python tools/law_to_reg.py                 # print the merged file on stdout
    python tools/law_to_reg.py --write         # rewrite regulations/circular_09_2024.reg
    python tools/law_to_reg.py --check         # exit 1 if the file is not what would be generated

Options: ``--law PATH`` (default ``../shared/law/thong-tu-09-2024-TT-BKHCN.txt``, relative to the
repository root) and ``--rules PATH`` (default ``regulations/circular_09_2024.reg``).

What it does, deterministically and with the standard library only:

1. **Reads the law** from the line "Chương I" to the end (the preamble before it — title,
   "Căn cứ …" — is not a provision and is left out). The text is normalised to NFC (the
   published file has a few decomposed letters; the rule parser reads NFC anyway), trailing
   blanks are dropped, and so are the stray blanks some clause/point lines start with.
   A line that starts with a blank and continues a line not ended by ``.``, ``;`` or ``:``
   is a hard wrap of the published file (e.g. the last dash of điểm h khoản 4 Điều 14): it is
   joined to the line it continues with one space. Nothing else is changed: typos, odd
   spacing ("Mẫu IV.11- HĐTC. BB") and the law's numbering quirks stay as published.

2. **Builds the structure**: ``Chương N`` and ``Mục N`` with their titles (the title lines
   that follow, joined with a space), ``Điều N. Title``, clauses ("1. …", numbered 1, 2, 3 …
   in each article) and points ("a) …"). A clause's text block holds its lead text (the clause
   line and any unnumbered paragraphs before its first point); a point's block holds the point
   and everything after it up to the next point, clause or article (dashed items "-",
   unnumbered paragraphs). An article's text before its first clause goes in a block under the
   ``Điều`` heading. Duplicate letters (two "h)" in khoản 2 Điều 29) and gaps (no "c)" in
   khoản 2 Điều 36) are kept as printed.

3. **Merges** the existing rule file: everything before its first heading (header, comments,
   declarations) is kept verbatim; every other line that is not a heading or a ``\"\"\"`` block
   (rules, rubrics, ``chỉ có văn bản``, comments) is put back, unchanged, right after the text
   block of the provision it sat under (same Điều / khoản / điểm, and for a repeated letter the
   same occurrence). A provision of the old file that the law does not have is an error.
   Running the script on its own output gives the same output.

4. Adds ``chỉ có văn bản`` to the few provisions listed in ``TEXT_ONLY`` (those with plainly
   nothing to compute) unless the provision already has such a line.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAW = ROOT.parent / "shared" / "law" / "thong-tu-09-2024-TT-BKHCN.txt"
DEFAULT_RULES = ROOT / "regulations" / "circular_09_2024.reg"

POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

# Provisions with plainly nothing to compute from a task dossier: (article, clause, point).
TEXT_ONLY: dict[tuple[int, int | None, str | None], str] = {
    (2, None, None): "Đối tượng áp dụng: không có gì để tính từ hồ sơ",
    (3, None, None): "Giải thích từ ngữ: không có gì để tính từ hồ sơ",
}

# A comment put before "Chương I" (and recognised, to be replaced, on the next run).
NOTE = [
    "# ---------------------------------------------------------------- văn bản luật",
    "# Các tiêu đề và khối văn bản luật dưới đây (toàn văn Chương I – Chương V, Điều 1 – Điều 45)",
    "# được sinh bởi tools/law_to_reg.py từ shared/law/thong-tu-09-2024-TT-BKHCN.txt; các quy tắc",
    "# nằm ngay sau khối văn bản của điều khoản mà chúng thể hiện. Sửa quy tắc ở đây; sửa văn bản",
    "# luật thì chạy lại: python tools/law_to_reg.py --write",
]

_CHAPTER = re.compile(r"^Chương ([IVXLC]+)$")
_SECTION = re.compile(r"^Mục (\d+)$")
_ARTICLE = re.compile(r"^Điều (\d+)\. (.+)$")
_CLAUSE = re.compile(r"^(\d+)\. ")
_POINT = re.compile(r"^([a-zđ])\) ")

# Headings in a .reg file (Vietnamese or English keywords), as the grammar writes them.
_REG_HEAD = re.compile(
    r"^\s*(?:(?P<chapter>chương|chapter)[ \t]+(?P<cn>[IVXLC]+|\d+)[ \t]*\."
    r"|(?P<section>mục|section)[ \t]+(?P<sn>\d+)[ \t]*\."
    r"|(?P<article>điều|article)[ \t]+(?P<an>\d+)[ \t]*\."
    r"|(?P<clause>khoản|clause)[ \t]+(?P<kn>\d+)[ \t]*\."
    r"|(?P<point>điểm|point)[ \t]+(?P<pl>[a-zđ])[ \t]*\))",
    re.I,
)
_TEXT_ONLY_LINE = re.compile(r"^\s*(?:chỉ\s+có\s+văn\s+bản|text\s+only)\b", re.I)

# Where a heading is: (chapter, section, article, clause, point, ordinal of a repeated letter).
Key = tuple[str | None, int | None, int | None, int | None, str | None, int]


@dataclass
class Unit:
    """One heading of the law with its text lines."""

    level: str  # chapter, section, article, clause, point
    number: str
    title: str = ""
    lines: list[str] = field(default_factory=list)
    key: Key = (None, None, None, None, None, 1)

    def heading(self) -> str:
        if self.level == "chapter":
            return f"Chương {self.number}. {self.title}"
        if self.level == "section":
            return f"Mục {self.number}. {self.title}"
        if self.level == "article":
            return f"Điều {self.number}. {self.title}"
        if self.level == "clause":
            return f"khoản {self.number}."
        return f"điểm {self.number})"


class LawError(Exception):
    pass


# ----------------------------------------------------------------------------- the law


def read_law(text: str) -> list[Unit]:
    """The law from "Chương I" on, as a flat list of headings with their text."""
    raw = unicodedata.normalize("NFC", text).split("\n")
    start = next((i for i, ln in enumerate(raw) if _CHAPTER.match(ln.strip())), None)
    if start is None:
        raise LawError('no line "Chương I" in the law text')

    # Join hard-wrapped lines: a line that starts with a blank and continues a line that does
    # not end a sentence or a list item.
    lines: list[str] = []
    for ln in raw[start:]:
        stripped = ln.strip()
        if not stripped:
            continue
        if lines and ln[:1].isspace() and lines[-1][-1] not in ".;:":
            lines[-1] = f"{lines[-1]} {stripped}"
        else:
            lines.append(stripped)

    units: list[Unit] = []
    chapter = section = None
    article: Unit | None = None
    clause: Unit | None = None
    points: dict[str, int] = {}
    titled: Unit | None = None  # chapter or section still reading its title lines
    for ln in lines:
        if m := _CHAPTER.match(ln):
            chapter, section, article, clause = m.group(1), None, None, None
            titled = Unit("chapter", chapter, key=(chapter, None, None, None, None, 1))
            units.append(titled)
            continue
        if m := _SECTION.match(ln):
            section, article, clause = int(m.group(1)), None, None
            titled = Unit("section", m.group(1), key=(chapter, section, None, None, None, 1))
            units.append(titled)
            continue
        if m := _ARTICLE.match(ln):
            titled = None
            n = int(m.group(1))
            article = Unit(
                "article", m.group(1), m.group(2).strip(), key=(chapter, section, n, None, None, 1)
            )
            clause = None
            units.append(article)
            continue
        if titled is not None:
            titled.title = f"{titled.title} {ln}".strip()
            continue
        if article is None:
            raise LawError(f"text outside an article: {ln[:60]!r}")
        n_art = int(article.number)
        expected = int(clause.number) + 1 if clause else 1
        if (m := _CLAUSE.match(ln)) and int(m.group(1)) == expected:
            clause = Unit("clause", m.group(1), key=(chapter, section, n_art, expected, None, 1))
            clause.lines.append(ln)
            points = {}
            units.append(clause)
            continue
        if _CLAUSE.match(ln):
            raise LawError(f"Điều {n_art}: clause out of sequence: {ln[:60]!r}")
        if clause is not None and (m := _POINT.match(ln)):
            letter = m.group(1)
            if letter not in POINT_LETTERS:
                raise LawError(f"Điều {n_art} khoản {clause.number}: point letter {letter!r}")
            points[letter] = points.get(letter, 0) + 1
            unit = Unit(
                "point",
                letter,
                key=(chapter, section, n_art, int(clause.number), letter, points[letter]),
            )
            unit.lines.append(ln)
            units.append(unit)
            continue
        # An unnumbered paragraph or a dashed item: it belongs to the unit it follows.
        units[-1].lines.append(ln)
    for u in units:
        for ln in u.lines:
            if '"""' in ln:
                raise LawError(f'the law text contains """: {ln[:60]!r}')
    return units


# ----------------------------------------------------------------------------- the old file


@dataclass
class OldFile:
    preamble: list[str]
    payload: dict[Key, list[str]]  # provision -> its non-heading, non-text lines
    texts: dict[Key, str]  # provision -> its text block (to report differences)
    order: list[Key]  # provisions in the order they appear


def read_rules(text: str) -> OldFile:
    """Split a rule file into what precedes its first heading and, per provision, the lines
    that are neither headings nor law text."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    first = next((i for i, ln in enumerate(lines) if _REG_HEAD.match(ln)), len(lines))
    preamble = lines[:first]
    # Drop a note written by an earlier run (it is written again).
    for i in range(len(preamble) - len(NOTE) + 1):
        if preamble[i : i + len(NOTE)] == NOTE:
            del preamble[i : i + len(NOTE)]
            break
    while preamble and not preamble[-1].strip():
        preamble.pop()

    payload: dict[Key, list[str]] = {}
    texts: dict[Key, str] = {}
    order: list[Key] = []
    chapter: str | None = None
    section: int | None = None
    article: int | None = None
    clause: int | None = None
    point: str | None = None
    counts: dict[tuple[int | None, int | None], dict[str, int]] = {}
    key: Key = (None, None, None, None, None, 1)  # lines before any heading: the preamble
    i = first
    while i < len(lines):
        ln = lines[i]
        m = _REG_HEAD.match(ln)
        if m:
            if m.group("chapter"):
                chapter = m.group("cn").upper()
                section, article, clause, point = None, None, None, None
            elif m.group("section"):
                section, article, clause, point = int(m.group("sn")), None, None, None
            elif m.group("article"):
                article, clause, point = int(m.group("an")), None, None
            elif m.group("clause"):
                clause, point = int(m.group("kn")), None
            else:
                point = m.group("pl").lower()
                c = counts.setdefault((article, clause), {})
                c[point] = c.get(point, 0) + 1
            ordinal = counts.get((article, clause), {}).get(point, 1) if point else 1
            key = (chapter, section, article, clause, point, ordinal)
            order.append(key)
            payload.setdefault(key, [])
            rest = ln[m.end() :].strip()
            if rest and (m.group("clause") or m.group("point")):
                # "khoản 3. chỉ có văn bản": what follows a clause or point heading on its line
                # is not a title (only chapters, sections and articles have one).
                payload[key].append(rest)
            i += 1
            continue
        if ln.strip().startswith('"""'):
            j = i
            if ln.strip().count('"""') < 2:
                j += 1
                while j < len(lines) and '"""' not in lines[j]:
                    j += 1
            block = "\n".join(lines[i : j + 1]).strip()[3:-3]
            texts[key] = "\n".join(x.strip() for x in block.strip("\n").split("\n"))
            i = j + 1
            continue
        payload[key].append(ln)
        i += 1
    for v in payload.values():
        while v and not v[0].strip():
            v.pop(0)
        while v and not v[-1].strip():
            v.pop()
    return OldFile(preamble, payload, texts, order)


# ----------------------------------------------------------------------------- merge


def _provision(key: Key) -> tuple[int | None, int | None, str | None]:
    return key[2], key[3], key[4]


def describe(key: Key) -> str:
    chapter, section, article, clause, point, ordinal = key
    parts = []
    if point:
        parts.append(f"điểm {point}" + (f" (thứ {ordinal})" if ordinal > 1 else ""))
    if clause:
        parts.append(f"khoản {clause}")
    if article:
        parts.append(f"Điều {article}")
    elif section:
        parts.append(f"Mục {section} Chương {chapter}")
    elif chapter:
        parts.append(f"Chương {chapter}")
    return " ".join(parts)


def merge(units: list[Unit], old: OldFile) -> tuple[str, list[str]]:
    """The merged file, and notes on law text of the old file that differs from the law."""
    by_key = {u.key: u for u in units}
    # An old file may leave out chapters/sections; match its provisions on (article, clause,
    # point, ordinal) when they are inside an article.
    by_prov = {(u.key[2], u.key[3], u.key[4], u.key[5]): u for u in units if u.key[2] is not None}

    def find(key: Key) -> Unit | None:
        if key[2] is not None:
            return by_prov.get((key[2], key[3], key[4], key[5]))
        return by_key.get(key)

    payload: dict[Key, list[str]] = {}
    notes: list[str] = []
    for key in old.order:
        unit = find(key)
        if unit is None:
            if old.payload.get(key):
                raise LawError(f"the rule file has rules under {describe(key)}: not in the law")
            continue
        if old.payload.get(key):
            payload.setdefault(unit.key, []).extend(old.payload[key])
        if key in old.texts:
            new = " ".join(" ".join(unit.lines).split())
            was = " ".join(old.texts[key].split())
            if new != was:
                notes.append(f"text of {describe(unit.key)} replaced by the law's text")
    for (article, clause, point), reason in TEXT_ONLY.items():
        unit = by_prov.get((article, clause, point, 1))
        if unit is None:
            raise LawError(f"TEXT_ONLY names {describe((None, None, article, clause, point, 1))}")
        lines = payload.setdefault(unit.key, [])
        if not any(_TEXT_ONLY_LINE.match(x) for x in lines):
            lines.append(f'chỉ có văn bản "{reason}"')

    out = list(old.preamble)
    out += ["", *NOTE]
    after_payload = True
    for u in units:
        if u.level in ("chapter", "section", "article") or after_payload:
            out.append("")
        out.append(u.heading())
        if u.lines:
            out += ['"""', *u.lines, '"""']
        lines = payload.get(u.key, [])
        out += lines
        after_payload = bool(lines)
    return "\n".join(out).rstrip("\n") + "\n", notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--law", type=Path, default=DEFAULT_LAW, help="the law's text file")
    ap.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="the rule file to merge")
    what = ap.add_mutually_exclusive_group()
    what.add_argument("--write", action="store_true", help="rewrite the rule file in place")
    what.add_argument("--check", action="store_true", help="exit 1 if the rule file would change")
    args = ap.parse_args(argv)
    try:
        units = read_law(args.law.read_text(encoding="utf-8"))
        current = args.rules.read_text(encoding="utf-8")
        text, notes = merge(units, read_rules(current))
    except (LawError, OSError) as exc:
        print(f"law_to_reg: {exc}", file=sys.stderr)
        return 2
    for n in notes:
        print(f"law_to_reg: {n}", file=sys.stderr)
    if args.check:
        if text != current:
            sys.stderr.writelines(
                difflib.unified_diff(
                    current.splitlines(True), text.splitlines(True), str(args.rules), "generated"
                )
            )
            return 1
        return 0
    if args.write:
        args.rules.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

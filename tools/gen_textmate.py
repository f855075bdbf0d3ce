#!/usr/bin/env python3
"""Generate the TextMate grammar of ``.reg`` files for editors (VS Code and others).

Usage (from the repository root)::

    python tools/gen_textmate.py            # print the grammar on stdout
    python tools/gen_textmate.py --write    # rewrite editors/vscode/syntaxes/reg.tmLanguage.json
    python tools/gen_textmate.py --check    # exit 1 if the file is not what would be generated

JSON cannot import Python, so the keyword patterns of the grammar are generated from
``regcore.keywords`` (both keyword sets), with the helpers of ``regcore.pygments_lexer`` that
also build the Pygments lexer: the two highlighters show the same words the same way. Those
helpers import Pygments, so run this with the ``dev`` extra installed.

The patterns are written for Oniguruma (TextMate, VS Code) and kept to what Python's ``re``
also reads (``tests/test_editors.py`` compiles them): ``(?i:…)`` groups rather than global
flags, fixed-width lookbehinds, ``\\w`` for word characters (Unicode in both engines).
Rules with more words come first in the keyword list: TextMate, like Pygments, takes the
first rule that matches at the earliest position, so ``trong vòng`` wins over ``trong``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from regcore.pygments_lexer import (
    DATE,
    DECIMAL,
    FRACTION,
    INTEGER,
    OPERATOR,
    aggregate_pattern,
    builtin_function_pattern,
    builtin_type_pattern,
    declared_name_rules,
    heading_patterns,
    keyword_rules,
    name_pattern,
    point_reference_pattern,
)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "editors" / "vscode" / "syntaxes" / "reg.tmLanguage.json"

# Oniguruma's \w is Unicode (letters, marks, digits, connector punctuation): no need for the
# combining marks that the Pygments lexer adds to Python's \w.
WORD = r"\w"

KEYWORD_SCOPES = {
    "declaration": "keyword.other.declaration.reg",
    "control": "keyword.control.reg",
    "operator": "keyword.operator.word.reg",
    "constant": "constant.language.reg",
    "unit": "keyword.other.unit.reg",
}
NAME_SCOPES = {
    "function": "entity.name.function.reg",
    "type": "entity.name.type.reg",
    "constant": "variable.other.constant.reg",
    "property": "variable.other.property.reg",
}
TITLED_HEADINGS = ("chapter", "section", "article")


def _headings() -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for level, head in heading_patterns().items():
        captures: dict[str, Any] = {"1": {"name": "keyword.other.heading.reg"}}
        if level in TITLED_HEADINGS:
            match = rf"^[ \t]*({head})[ \t]*(.*)$"
            captures["2"] = {"name": "entity.name.section.reg"}
        else:
            match = rf"^[ \t]*({head})"
        patterns.append(
            {"name": f"markup.heading.{level}.reg", "match": match, "captures": captures}
        )
    return patterns


def grammar() -> dict[str, Any]:
    """The TextMate grammar, as a JSON-ready dict."""
    repository: dict[str, Any] = {
        "comment": {
            "name": "comment.line.number-sign.reg",
            "match": "(#).*$",
            "captures": {"1": {"name": "punctuation.definition.comment.reg"}},
        },
        "law-text": {
            "name": "string.quoted.triple.reg",
            "contentName": "meta.law-text.reg",
            "begin": '"""',
            "end": '"""',
            "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.reg"}},
            "endCaptures": {"0": {"name": "punctuation.definition.string.end.reg"}},
        },
        "heading": {"patterns": _headings()},
        "string": {
            "name": "string.quoted.double.reg",
            "begin": '"',
            "end": '"|$',
            "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.reg"}},
            "endCaptures": {"0": {"name": "punctuation.definition.string.end.reg"}},
            "patterns": [{"name": "constant.character.escape.reg", "match": r"\\."}],
        },
        "date": {"name": "constant.other.date.reg", "match": rf"(?<!{WORD}){DATE}"},
        "number": {
            "patterns": [
                {"name": "constant.numeric.fraction.reg", "match": rf"(?<!{WORD}){FRACTION}"},
                {"name": "constant.numeric.decimal.reg", "match": rf"(?<!{WORD}){DECIMAL}"},
                {"name": "constant.numeric.integer.reg", "match": rf"(?<!{WORD}){INTEGER}"},
            ]
        },
        "reference": {
            "match": point_reference_pattern(WORD),
            "captures": {
                "1": {"name": "keyword.other.reference.reg"},
                "3": {"name": "constant.other.point.reg"},
            },
        },
        "declaration": {
            "patterns": [
                {
                    "match": pattern,
                    "captures": {
                        "1": {"name": KEYWORD_SCOPES["declaration"]},
                        "3": {"name": NAME_SCOPES[kind]},
                    },
                }
                for kind, pattern in declared_name_rules(WORD)
            ]
        },
        "builtin": {
            "patterns": [
                {"name": "support.function.aggregate.reg", "match": aggregate_pattern(WORD)},
                {"name": "support.function.builtin.reg", "match": builtin_function_pattern(WORD)},
            ]
        },
        "keyword": {
            "patterns": [
                {"name": KEYWORD_SCOPES[cls], "match": pattern}
                for cls, pattern in keyword_rules(WORD)
            ]
        },
        "type": {"name": "support.type.builtin.reg", "match": builtin_type_pattern(WORD)},
        "operator": {"name": "keyword.operator.reg", "match": OPERATOR},
        "punctuation": {
            "patterns": [
                {"name": "punctuation.separator.reg", "match": "[,:]"},
                {"name": "punctuation.section.brackets.reg", "match": r"[()\[\]{}]"},
            ]
        },
        "name": {"name": "variable.other.reg", "match": name_pattern(WORD)},
    }
    return {
        "name": "Reg (regcore)",
        "scopeName": "source.reg",
        "fileTypes": ["reg"],
        "comment": "Generated by tools/gen_textmate.py from regcore/keywords.py: do not edit.",
        "patterns": [{"include": f"#{key}"} for key in repository],
        "repository": repository,
    }


def render() -> str:
    """The grammar file's text."""
    return json.dumps(grammar(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"rewrite {OUTPUT.relative_to(ROOT)}")
    mode.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(text, encoding="utf-8")
        return 0
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run tools/gen_textmate.py --write")
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

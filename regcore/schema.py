"""The JSON Schema of dossiers (``regcore schema``), generated from the rule file's input
declarations.

Where it sits: beside :mod:`regcore.dossier`, read from the same ``CheckedRules``, so that an
editor can check a dossier while it is written against what ``load_dossier`` will accept. Draft
2020-12: one ``$defs`` entry per record (named as declared), enums inline as ``enum``, dates as
strings of format ``date``, quantities as numbers whose description names the unit, labels as
titles, literal defaults as ``default``. ``additionalProperties`` stays true because unknown
keys are warnings, not errors, and every field that is not required may be ``null`` (the loader
reads ``null`` as "not given").

A record's ``$defs`` entry leaves ``type`` to the places that use it (``"object"``, or
``["object", "null"]`` for an optional one) rather than wrapping optional records in ``anyOf``:
a validator then reports a wrong value inside a record at its own path
(``$.contract.duration_months``), not as "the contract matches no alternative".

The schema is a little looser than the loader in two places: it cannot say that a date exists
in the calendar (``2025-02-30``) unless the validator asserts formats, and its ``integer``
accepts ``24.0``, which the loader refuses.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, Literal

from regcore import ast
from regcore.checker import CheckedRules
from regcore.dossier import NOT_LITERAL, UNIT_NAMES, field_type, literal_default

__all__ = ["DRAFT", "json_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_TEXTS: dict[str, tuple[str, str]] = {
    "date": ("Ngày dạng YYYY-MM-DD", "A date, YYYY-MM-DD"),
    "unit": ("Đơn vị: {vi}", "Unit: {en}"),
    "present": (
        "Mặc định: có «{name}» hay không (có và không rỗng)",
        "Default: whether «{name}» is given (and not empty)",
    ),
    "missing": (
        "Mặc định: thiếu «{name}» hay không",
        "Default: whether «{name}» is missing (or empty)",
    ),
    "value": ("Mặc định: giá trị của «{name}»", "Default: the value of «{name}»"),
    "computed": (
        "Mặc định: tính theo quy tắc khi không có",
        "Default: computed by the rules when absent",
    ),
    "root": ("{label} (đầu vào của {number})", "{label} (the input of {number})"),
}


def _text(key: str, lang: str, **args: str) -> str:
    vi, en = _TEXTS[key]
    return (en if lang == "en" else vi).format(**args)


def _ref(name: str) -> str:
    return f"#/$defs/{name}"


def _json(value: Any) -> Any:
    """A literal default as JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


def _type_schema(ref: ast.TypeRef, rules: CheckedRules, nullable: bool) -> dict[str, Any]:
    kind, name = field_type(ref, rules)
    schema: dict[str, Any]
    if kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "integer":
        schema = {"type": "integer"}
    elif kind == "number":
        schema = {"type": "number"}
    elif kind == "date":
        schema = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
    elif kind == "text":
        schema = {"type": "string"}
    elif kind == "enum" and name is not None:
        values: list[str | None] = [v.value for v in rules.enums[name].values]
        if nullable and not ref.is_list:
            values.append(None)
        schema = {"type": "string", "enum": values}
    elif kind == "record" and name is not None:
        schema = {"type": "object", "$ref": _ref(name)}
    else:
        return {"type": "array"} if ref.is_list else {}
    if ref.is_list:
        schema = {"type": "array", "items": schema}
    if nullable:
        # Not required: null means "not given" (or "the default") to the loader.
        schema["type"] = [schema["type"], "null"]
    return schema


def _enum_note(ref: ast.TypeRef, rules: CheckedRules) -> str | None:
    kind, name = field_type(ref, rules)
    if kind != "enum" or name is None:
        return None
    labelled = [f"{v.value}: {v.label}" for v in rules.enums[name].values if v.label]
    return "; ".join(labelled) or None


def _default_note(f: ast.Field, lang: str) -> str | None:
    expr = f.default
    if expr is None or literal_default(expr) is not NOT_LITERAL:
        return None
    mode = "value"
    if isinstance(expr, ast.Present):
        mode = "missing" if expr.negated else "present"
        expr = expr.operand
    if isinstance(expr, ast.Name):
        return _text(mode, lang, name=expr.dotted)
    return _text("computed", lang)


def _property(f: ast.Field, rules: CheckedRules, lang: str) -> dict[str, Any]:
    schema = _type_schema(f.type, rules, nullable=not (f.required and f.default is None))
    prop: dict[str, Any] = {}
    if f.label:
        prop["title"] = f.label
    notes: list[str] = []
    kind, unit = field_type(f.type, rules)
    if kind == "number" and unit is not None:
        vi, en = UNIT_NAMES.get(unit, (unit, unit))
        notes.append(_text("unit", lang, vi=vi, en=en))
    elif kind == "date":
        notes.append(_text("date", lang))
    for note in (_enum_note(f.type, rules), _default_note(f, lang)):
        if note:
            notes.append(note)
    if notes:
        prop["description"] = "; ".join(notes)
    prop.update(schema)
    if f.default is not None:
        literal = literal_default(f.default)
        if literal is not NOT_LITERAL:
            prop["default"] = _json(literal)
    return prop


def _object(
    fields: tuple[ast.Field, ...], rules: CheckedRules, lang: str, title: str | None
) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if title:
        schema["title"] = title
    schema["properties"] = {f.name: _property(f, rules, lang) for f in fields}
    required = [f.name for f in fields if f.required and f.default is None]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = True
    return schema


def json_schema(rules: CheckedRules, lang: Literal["vi", "en"] = "vi") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the dossiers a rule set reads; plain JSON values."""
    header = rules.documents[0].header if rules.documents else None
    number = header.number if header else None
    label = rules.input_label
    schema: dict[str, Any] = {"$schema": DRAFT}
    title = (header.title if header else None) or number or label
    if title:
        schema["title"] = title
    if label and number:
        schema["description"] = _text("root", lang, label=label, number=number)
    elif label or number:
        schema["description"] = label or number
    schema["type"] = "object"
    schema.update(_object(rules.inputs, rules, lang, None))
    defs = {
        name: _object(r.fields, rules, lang, r.label or name) for name, r in rules.records.items()
    }
    if defs:
        schema["$defs"] = defs
    return schema

"""Dossiers, the evaluator's input: read a task dossier (JSON, YAML or a mapping), check it
against the rule file's input declarations, and normalise it.

Where it sits: ``check`` gives the declarations (``CheckedRules.inputs`` for the top level,
``.records``, ``.enums``); :func:`compile_validator` turns them, once per rule set, into a
validator that makes a :class:`Dossier` of what the user gave. ``evaluate(dossier, as_of)``
reads only ``Dossier.data``. Every wrong type, bad date, value outside its list and missing
required field is collected with its JSON path (``applications[1].submission.postmarked_on``)
and reported in one :class:`DossierInputError`; unknown keys are warnings, never silently dropped.

What ``Dossier.data`` holds (deep-immutable, so one dossier can be shared between threads and
literal defaults are shared between dossiers):

- an object is a :class:`FrozenDict` (a read-only ``dict``) holding only declared keys, in the
  order of the declarations; a list is a ``tuple``;
- ``bool`` is ``True``/``False``; an integer is an ``int``; a number or a quantity (days,
  months, points, đồng …) is an ``int`` when given as one, otherwise an exact
  ``fractions.Fraction`` of the decimal written (``0.1`` is 1/10, not the nearest float);
- a date is a ``datetime.date``; text and enum values are ``str``;
- a key is **absent** when the dossier does not give it (or gives ``null``) and the field has
  no default the validator can compute: the evaluator reports the decisions needing it as
  ``unknown`` and names its path. A key holding ``None`` is known to be null (``mặc định rỗng``).

Defaults: a literal default (``đúng``, ``3``, ``0 đồng``, ``"a"``, ``01/02/2025``, ``rỗng``,
``[]`` …) and a default reading a sibling field (``mặc định có partners``: whether ``partners``
is given and not empty; ``mặc định partners``: its value) are applied here. Any other default
expression is left to the evaluator: the key stays absent and the evaluator computes
``Field.default`` itself.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import json
import math
import os
import re
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Final, Literal, NoReturn

import attrs
import yaml

from regcore import ast
from regcore.checker import CheckedRules
from regcore.errors import DossierError
from regcore.keywords import BUILTIN_TYPES, UNIT_NAMES, builtin_by_spelling

__all__ = [
    "UNIT_NAMES",
    "Dossier",
    "DossierInputError",
    "DossierValidator",
    "DossierWarning",
    "FieldType",
    "FrozenDict",
    "canonical_json",
    "compile_validator",
    "field_type",
    "literal_default",
    "load_dossier",
    "parse_dossier_text",
]

# Unit -> (Vietnamese, English), for messages and the JSON Schema.

_TYPE_NAMES = builtin_by_spelling(BUILTIN_TYPES)

# Every message of this module, "Vietnamese / English" (one place, as the message catalogue).
_MSG: Final[dict[str, tuple[str, str]]] = {
    "bool": ("cần đúng hoặc sai (true/false)", "expected true or false"),
    "integer": ("cần một số nguyên", "expected an integer"),
    "number": ("cần một số", "expected a number"),
    "unit": ("cần một số {unit_vi}", "expected a number of {unit_en}"),
    "date": ("cần một ngày dạng YYYY-MM-DD", "expected a date YYYY-MM-DD"),
    "text": ("cần một chuỗi", "expected a text (string)"),
    "enum": ("cần một trong {values}", "expected one of {values}"),
    "record": ("cần một đối tượng «{label}»", "expected an object ({name})"),
    "list": ("cần một danh sách", "expected a list"),
    "root": ("hồ sơ phải là một đối tượng JSON", "the dossier must be a JSON object"),
    "key": ("khóa phải là chuỗi", "keys must be text"),
    "required": ("thiếu trường bắt buộc «{label}»", "required field missing"),
    "unknown": ("khóa không được khai báo", "unknown key"),
    "did_you_mean": ("có phải «{name}»?", "did you mean «{name}»?"),
    "not_json": ("giá trị không biểu diễn được bằng JSON", "a value is not representable in JSON"),
    "many": ("{n} lỗi trong hồ sơ", "{n} errors in the dossier"),
    "more": ("… và {n} lỗi khác", "… and {n} more"),
    "json": (
        "JSON không hợp lệ ở dòng {line}, cột {column}",
        "invalid JSON at line {line}, column {column}",
    ),
    "yaml": (
        "YAML không hợp lệ ở dòng {line}, cột {column}",
        "invalid YAML at line {line}, column {column}",
    ),
    "yaml_nowhere": ("YAML không hợp lệ", "invalid YAML"),
    "too_deep": ("hồ sơ lồng nhau quá sâu", "the dossier is nested too deeply"),
    "file_type": (
        "không đọc được loại tệp này (cần .json, .yaml hoặc .yml)",
        "unsupported dossier file type (expected .json, .yaml or .yml)",
    ),
    "not_utf8": ("không phải văn bản UTF-8", "not UTF-8 text"),
    "unreadable": ("không đọc được tệp: {reason}", "cannot read the file: {reason}"),
}


def _msg(key: str, got: object = None, *, show: bool = False, **args: str) -> str:
    vi, en = _MSG[key]
    text = f"{vi.format(**args)} / {en.format(**args)}"
    return f"{text}, got {_show(got)}" if show else text


# At most this many errors are listed in the message (``DossierInputError.errors`` has all).
_LISTED = 50


# ----------------------------------------------------------------------------- results


class FrozenDict(dict[str, Any]):
    """A read-only ``dict``: a dossier object after validation.

    A ``dict`` subclass rather than ``types.MappingProxyType`` so that it pickles (for
    ``evaluate_many(workers=…)``), ``json.dumps`` takes it, and ``isinstance(x, dict)`` holds.
    """

    __slots__ = ()

    def _readonly(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a normalised dossier is read-only")

    __setitem__ = _readonly
    __delitem__ = _readonly
    __ior__ = _readonly
    clear = _readonly
    pop = _readonly
    popitem = _readonly
    setdefault = _readonly
    update = _readonly

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[str, Any]]]:
        return (FrozenDict, (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


@attrs.frozen
class DossierWarning:
    """Something in the dossier that was not used, with its JSON path (as in ``output.md``)."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


@attrs.frozen
class Dossier:
    """A checked, normalised dossier (see the module docstring for what ``data`` holds).

    ``sha256`` is the hash of the canonical JSON of the input as given (:func:`canonical_json`),
    the receipt's ``dossier_sha256``: the same dossier as a mapping, JSON or YAML has the same
    hash. ``id`` is the input's top-level ``"id"``; ``source`` the file it was read from.
    """

    data: Mapping[str, Any]
    warnings: tuple[DossierWarning, ...] = ()
    sha256: str = ""
    id: str | None = None
    source: str | None = None


class DossierInputError(DossierError):
    """A dossier that cannot be read or does not match the declarations.

    ``errors`` lists every problem as ``(path, message)``; ``path`` is the first one's path
    ("" for the dossier as a whole). ``line``/``column`` (1-based) are set for syntax errors.
    """

    def __init__(
        self,
        errors: Sequence[tuple[str, str]],
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        self.line = line
        self.column = column
        if len(self.errors) == 1:
            path, message = self.errors[0]
            super().__init__(message, path, file)
            return
        lines = [_msg("many", n=str(len(self.errors))) + ":"]
        for path, message in self.errors[:_LISTED]:
            lines.append(f"  {path or '(hồ sơ / dossier)'}: {message}")
        if len(self.errors) > _LISTED:
            lines.append("  " + _msg("more", n=str(len(self.errors) - _LISTED)))
        super().__init__("\n".join(lines), "", file)
        self.path = self.errors[0][0] if self.errors else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their message by default; rebuild from the errors instead.
        return (type(self), (self.errors, self.file, self.line, self.column))


# ----------------------------------------------------------------------------- helpers


def _show(value: object) -> str:
    """A value as the user wrote it (JSON), shortened."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "…"


def _join(parent: str, key: str | int) -> str:
    """The JSON path of a key or index under ``parent``: ``a.b``, ``a[0]``, ``a["x y"]``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if not key.isidentifier():
        return f"{parent}[{json.dumps(key, ensure_ascii=False)}]"
    return f"{parent}.{key}" if parent else key


def _json_default(value: object) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(type(value).__name__)


def canonical_json(raw: Any) -> str:
    """The canonical JSON of a dossier as given: sorted keys, no spaces, dates ISO."""
    return json.dumps(
        raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
    )


def _sha256(raw: Any, file: str | None) -> str:
    try:
        text = canonical_json(raw)
    except (TypeError, ValueError):
        raise DossierInputError([("", _msg("not_json"))], file) from None
    except RecursionError:
        raise DossierInputError([("", _msg("too_deep"))], file) from None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- types


FieldType = tuple[
    Literal["bool", "integer", "number", "date", "text", "enum", "record", "any"], str | None
]


def field_type(ref: ast.TypeRef, rules: CheckedRules) -> FieldType:
    """What a declared type is, without the list: ``("number", "months")``, ``("enum", "Cấp")``,
    ``("record", "HợpĐồng")``, ``("date", None)`` … (``"any"`` only for an unresolved name,
    which the checker refuses)."""
    if ref.is_unit:
        return ("number", ref.name)
    canonical = _TYPE_NAMES.get(ref.name)
    if canonical == "bool":
        return ("bool", None)
    if canonical == "integer":
        return ("integer", None)
    if canonical == "number":
        return ("number", None)
    if canonical == "date":
        return ("date", None)
    if canonical == "text":
        return ("text", None)
    if ref.name in rules.enums:
        return ("enum", ref.name)
    if ref.name in rules.records:
        return ("record", ref.name)
    return ("any", None)


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


NOT_LITERAL: Final = _NotLiteral()


def _exact(value: Fraction) -> int | Fraction:
    return int(value) if value.denominator == 1 else value


def literal_default(expr: ast.Expr) -> Any:
    """The value of a literal default expression (as it appears in ``Dossier.data``), or
    :data:`NOT_LITERAL` when it is not one (a default the evaluator computes)."""
    if isinstance(expr, ast.Bool | ast.Str | ast.DateLit):
        return expr.value
    if isinstance(expr, ast.Num | ast.Quantity):
        return _exact(expr.value)
    if isinstance(expr, ast.Null):
        return None
    if isinstance(expr, ast.Neg) and isinstance(expr.operand, ast.Num | ast.Quantity):
        return _exact(-expr.operand.value)
    if isinstance(expr, ast.ListLit):
        items = tuple(literal_default(item) for item in expr.items)
        return NOT_LITERAL if any(item is NOT_LITERAL for item in items) else items
    return NOT_LITERAL


# ----------------------------------------------------------------------------- validation


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


_ABSENT: Final = _Absent()  # a converter's answer for an invalid value, a lookup's for none
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Ctx:
    """What one validation collects."""

    __slots__ = ("errors", "warnings")

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[DossierWarning] = []

    def fail(self, parent: str, key: str | int, message: str) -> _Absent:
        self.errors.append((_join(parent, key), message))
        return _ABSENT


# A converter: (value, parent path, key or index, ctx) -> the normalised value or _ABSENT.
_Converter = Callable[[Any, str, "str | int", _Ctx], Any]


def _bool(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
    if value is True or value is False:
        return value
    return ctx.fail(parent, key, _msg("bool", value, show=True))


def _integer(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return ctx.fail(parent, key, _msg("integer", value, show=True))


@functools.lru_cache(maxsize=4096)
def _fraction(value: float) -> Fraction:
    """The decimal written (``0.1`` is 1/10), not the binary float nearest to it."""
    return Fraction(repr(value))


def _number_converter(unit: str | None) -> _Converter:
    if unit is None:
        message = _msg("number")
    else:
        vi, en = UNIT_NAMES.get(unit, (unit, unit))
        message = _msg("unit", unit_vi=f"({vi})", unit_en=en)

    def convert(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and math.isfinite(value):
            return _fraction(value)
        return ctx.fail(parent, key, f"{message}, got {_show(value)}")

    return convert


def _date(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # a Python caller's date
    return ctx.fail(parent, key, _msg("date", value, show=True))


def _text(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
    if isinstance(value, str):
        return value
    return ctx.fail(parent, key, _msg("text", value, show=True))


def _enum_converter(decl: ast.EnumDecl) -> _Converter:
    allowed = frozenset(v.value for v in decl.values)
    values = ", ".join(json.dumps(v.value, ensure_ascii=False) for v in decl.values)
    message = _msg("enum", values=values)

    def convert(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        return ctx.fail(parent, key, f"{message}, got {_show(value)}")

    return convert


def _list_converter(elem: _Converter) -> _Converter:
    def convert(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
        if not isinstance(value, list | tuple):
            return ctx.fail(parent, key, _msg("list", value, show=True))
        path = _join(parent, key)
        before = len(ctx.errors)
        out = tuple(elem(item, path, i, ctx) for i, item in enumerate(value))
        # Elements that failed are reported; the list is dropped then (the dossier raises).
        return out if len(ctx.errors) == before else _ABSENT

    return convert


def _freeze(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
    """An undeclared type (never after a clean check): kept, copied read-only."""
    if isinstance(value, Mapping):
        path = _join(parent, key)
        return FrozenDict({str(k): _freeze(v, path, str(k), ctx) for k, v in value.items()})
    if isinstance(value, list | tuple):
        path = _join(parent, key)
        return tuple(_freeze(v, path, i, ctx) for i, v in enumerate(value))
    return value


@attrs.frozen
class _SiblingDefault:
    """``mặc định có x`` / ``mặc định thiếu x`` / ``mặc định x`` (``x`` a sibling, maybe dotted)."""

    name: str
    sibling: str
    tail: tuple[str, ...]
    mode: Literal["present", "missing", "value"]

    def apply(self, out: dict[str, Any]) -> None:
        value = out.get(self.sibling, _ABSENT)
        for part in self.tail:
            value = value.get(part, _ABSENT) if isinstance(value, Mapping) else _ABSENT
        if self.mode == "value":
            if value is not _ABSENT:
                out[self.name] = value
            return
        given = not (value is _ABSENT or value is None or (isinstance(value, tuple) and not value))
        out[self.name] = given if self.mode == "present" else not given


def _sibling_default(f: ast.Field, siblings: frozenset[str]) -> _SiblingDefault | None:
    expr = f.default
    mode: Literal["present", "missing", "value"] = "value"
    if isinstance(expr, ast.Present):
        mode = "missing" if expr.negated else "present"
        expr = expr.operand
    if isinstance(expr, ast.Name) and expr.parts[0] in siblings and expr.parts[0] != f.name:
        return _SiblingDefault(f.name, expr.parts[0], expr.parts[1:], mode)
    return None


def _order_sibling_defaults(defaults: list[_SiblingDefault]) -> tuple[_SiblingDefault, ...]:
    """Those reading another computed default come after it; a cycle is left to the evaluator."""
    by_name = {d.name: d for d in defaults}
    done: dict[str, bool] = {}  # name -> resolvable
    order: list[_SiblingDefault] = []

    def visit(d: _SiblingDefault, stack: frozenset[str]) -> bool:
        if d.name in done:
            return done[d.name]
        if d.name in stack:
            return False
        dep = by_name.get(d.sibling)
        ok = dep is None or visit(dep, stack | {d.name})
        done[d.name] = ok
        if ok:
            order.append(d)
        return ok

    for d in defaults:
        visit(d, frozenset())
    return tuple(order)


class _Record:
    """The compiled table of one record (or of the top level): built once per rule set."""

    __slots__ = ("fields", "label", "name", "names", "sibling_defaults")

    def __init__(self, name: str | None, label: str | None) -> None:
        self.name = name
        self.label = label
        # (name, converter, label if required else None, literal default or _ABSENT)
        self.fields: tuple[tuple[str, _Converter, str | None, Any], ...] = ()
        self.names: frozenset[str] = frozenset()
        self.sibling_defaults: tuple[_SiblingDefault, ...] = ()

    def build(
        self, fields: Sequence[ast.Field], convert_of: Callable[[ast.TypeRef], _Converter]
    ) -> None:
        self.names = frozenset(f.name for f in fields)
        table: list[tuple[str, _Converter, str | None, Any]] = []
        computed: list[_SiblingDefault] = []
        for f in fields:
            default: Any = _ABSENT
            has_default = f.default is not None
            if f.default is not None:
                literal = literal_default(f.default)
                if literal is not NOT_LITERAL:
                    default = literal
                else:
                    sibling = _sibling_default(f, self.names)
                    if sibling is not None:
                        computed.append(sibling)
            # A field with a default is never missing, even when the evaluator computes it.
            required = (f.label or f.name) if f.required and not has_default else None
            table.append((f.name, convert_of(f.type), required, default))
        self.fields = tuple(table)
        self.sibling_defaults = _order_sibling_defaults(computed)

    def normalise(self, raw: Mapping[Any, Any], parent: str, ctx: _Ctx) -> FrozenDict:
        if not self.names.issuperset(raw):
            self._unknown(raw, parent, ctx)
        out: dict[str, Any] = {}
        for name, convert, required, default in self.fields:
            value = raw.get(name)
            if value is None:
                if default is not _ABSENT:
                    out[name] = default
                elif required is not None:
                    ctx.fail(parent, name, _msg("required", label=required))
                continue
            value = convert(value, parent, name, ctx)
            if value is not _ABSENT:
                out[name] = value
        for computed in self.sibling_defaults:
            if raw.get(computed.name) is None:
                computed.apply(out)
        return FrozenDict(out)

    def _unknown(self, raw: Mapping[Any, Any], parent: str, ctx: _Ctx) -> None:
        unknown = [k for k in raw if k not in self.names]
        for key in unknown:
            if not isinstance(key, str):
                ctx.fail(parent, str(key), _msg("key", key, show=True))
        for key in sorted(k for k in unknown if isinstance(k, str)):
            message = _msg("unknown")
            close = difflib.get_close_matches(key, sorted(self.names), n=1)
            if close:
                message += " (" + _msg("did_you_mean", name=close[0]) + ")"
            ctx.warnings.append(DossierWarning(_join(parent, key), message))

    def converter(self) -> _Converter:
        message = _msg("record", label=self.label or str(self.name), name=str(self.name))

        def convert(value: Any, parent: str, key: str | int, ctx: _Ctx) -> Any:
            if type(value) is not dict and not isinstance(value, Mapping):
                return ctx.fail(parent, key, f"{message}, got {_show(value)}")
            return self.normalise(value, _join(parent, key), ctx)

        return convert


class DossierValidator:
    """The input declarations of one rule set, compiled: call it on a dossier as given.

    Made by :func:`compile_validator` (cached per rule set); holds no reference to the
    ``CheckedRules``, only tables built from its declarations, and keeps no state between
    calls, so one validator serves many threads.
    """

    def __init__(self, rules: CheckedRules) -> None:
        records = {name: _Record(name, decl.label) for name, decl in rules.records.items()}
        scalars: dict[str, _Converter] = {
            "bool": _bool,
            "integer": _integer,
            "number": _number_converter(None),
            "date": _date,
            "text": _text,
            "any": _freeze,
        }
        enums: dict[str, _Converter] = {}
        units: dict[str, _Converter] = {}
        record_converters = {name: rec.converter() for name, rec in records.items()}

        def convert_of(ref: ast.TypeRef) -> _Converter:
            kind, name = field_type(ref, rules)
            if kind == "number" and name is not None:
                base = units.setdefault(name, _number_converter(name))
            elif kind == "enum" and name is not None:
                if name not in enums:
                    enums[name] = _enum_converter(rules.enums[name])
                base = enums[name]
            elif kind == "record" and name is not None:
                base = record_converters[name]
            else:
                base = scalars[kind]
            return _list_converter(base) if ref.is_list else base

        for name, rec in records.items():
            rec.build(rules.records[name].fields, convert_of)
        label = rules.input_label
        self._root = _Record(None, label)
        self._root.build(rules.inputs, convert_of)

    def validate(self, raw: Any, source: str | None = None) -> Dossier:
        """Check and normalise a dossier already parsed (a mapping); never mutates it."""
        ctx = _Ctx()
        if not isinstance(raw, Mapping):
            raise DossierInputError([("", _msg("root", raw, show=True))], source)
        try:
            data = self._root.normalise(raw, "", ctx)
        except RecursionError:  # only a record type that contains itself can go this deep
            raise DossierInputError([("", _msg("too_deep"))], source) from None
        if ctx.errors:
            raise DossierInputError(ctx.errors, source)
        ident = raw.get("id")
        return Dossier(
            data=data,
            warnings=tuple(ctx.warnings),
            sha256=_sha256(raw, source),
            id=ident if isinstance(ident, str) else None,
            source=source,
        )

    __call__ = validate

    def load(self, source: Mapping[str, Any] | str | os.PathLike[str]) -> Dossier:
        """A mapping, or a ``.json``/``.yaml``/``.yml`` file, checked and normalised."""
        if isinstance(source, str | os.PathLike):
            raw, name = _read(Path(source))
            return self.validate(raw, name)
        return self.validate(source)


# One validator per live rule set. CheckedRules is unhashable (dict fields), so the cache is
# keyed on id() and checks, through a weak reference, that the id still names the same object;
# the entry goes away with the rule set.
_CACHE: dict[int, tuple[weakref.ref[CheckedRules], DossierValidator]] = {}
_CACHE_LOCK = threading.Lock()


def compile_validator(rules: CheckedRules) -> DossierValidator:
    """The validator of a rule set's input declarations, built once per rule set."""
    key = id(rules)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is rules:
        return entry[1]
    validator = DossierValidator(rules)

    def forget(_: weakref.ref[CheckedRules], key: int = key) -> None:
        with _CACHE_LOCK:
            current = _CACHE.get(key)
            if current is not None and current[0]() is None:
                del _CACHE[key]

    with _CACHE_LOCK:
        _CACHE[key] = (weakref.ref(rules, forget), validator)
    return validator


def load_dossier(
    source: Mapping[str, Any] | str | os.PathLike[str], rules: CheckedRules
) -> Dossier:
    """Read (a path: ``.json``, ``.yaml``, ``.yml``) or take (a mapping) a dossier, check it
    against the rule set's input declarations and normalise it.

    Raises :class:`DossierInputError` (a ``DossierError``) listing every problem.
    """
    return compile_validator(rules).load(source)


# ----------------------------------------------------------------------------- reading


def _read(path: Path) -> tuple[Any, str]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        fmt: Literal["json", "yaml"] = "json"
    elif suffix in (".yaml", ".yml"):
        fmt = "yaml"
    else:
        raise DossierInputError([("", _msg("file_type"))], name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DossierInputError([("", _msg("unreadable", reason=reason))], name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DossierInputError([("", _msg("not_utf8"))], name) from None
    return parse_dossier_text(text, fmt, name), name


def parse_dossier_text(
    text: str, fmt: Literal["json", "yaml"] = "json", file: str | None = None
) -> Any:
    """Parse a dossier's text into plain JSON values (a YAML date becomes its ISO string);
    ``load_dossier`` or a validator then checks it. Syntax errors raise
    :class:`DossierInputError` naming the file, line and column."""
    text = text.removeprefix("\ufeff")
    try:
        return _parse(text, fmt, file)
    except RecursionError:
        raise DossierInputError([("", _msg("too_deep"))], file) from None


def _parse(text: str, fmt: str, file: str | None) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = _msg("json", line=str(exc.lineno), column=str(exc.colno))
            raise DossierInputError(
                [("", f"{where}: {exc.msg}")], file, exc.lineno, exc.colno
            ) from None
    if fmt == "yaml":
        try:
            return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader, restricted further
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "?"
            if mark is None:
                raise DossierInputError(
                    [("", f"{_msg('yaml_nowhere')}: {problem}")], file
                ) from None
            line, column = mark.line + 1, mark.column + 1
            where = _msg("yaml", line=str(line), column=str(column))
            raise DossierInputError([("", f"{where}: {problem}")], file, line, column) from None
        except yaml.YAMLError as exc:
            raise DossierInputError([("", f"{_msg('yaml_nowhere')}: {exc}")], file) from None
    raise ValueError(f"unknown dossier format {fmt!r} (json or yaml)")


class _YamlLoader(yaml.SafeLoader):
    """YAML read as JSON is: only ``true``/``false`` are booleans (YAML 1.1 would make the key
    ``on`` and the answer ``no`` booleans), numbers are written as in JSON (no octal ``017``,
    no ``1:30`` = 90), and a date stays the text written, so that the dossier's hash and its
    date checks are those of the same JSON."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class-level table)


_NUMBER_START = list("-0123456789")
# Tried in this order; the first that matches gives the tag (int before float).
_RESOLVERS: list[tuple[str, str, list[str]]] = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^-?(?:0|[1-9][0-9]*)$", _NUMBER_START),
    ("float", r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$", _NUMBER_START),
    ("merge", r"^(?:<<)$", ["<"]),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
for _tag, _regexp, _first in _RESOLVERS:
    _YamlLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regexp), _first)


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    """An explicit ``!!timestamp``: its ISO text."""
    assert isinstance(node, yaml.ScalarNode)
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"not a date: {exc}", node.start_mark
        ) from None
    return value.isoformat()


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

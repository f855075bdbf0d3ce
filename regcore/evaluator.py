"""The evaluator (fourth stage of the pipeline): a checked rule set is compiled once into
closures — names, dossier paths, operators and units resolved ahead of time — and applied to
a normalised dossier on a given date, giving a :class:`~regcore.result.Result`.

Missing facts are values (:class:`Unknown`, carrying the dossier paths that were needed), so
three-valued logic behaves the same whichever side is missing: ``false and unknown`` is false,
``true and unknown`` is unknown. Nothing from a rule file or a dossier is executed as Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
from attrs import frozen

from regcore import ast
from regcore.calendar import LegalCalendar
from regcore.checker import CheckedRules
from regcore.codegen import AggregateCompiler
from regcore.i18n import OUTCOME_WORDS, fmt_date, fmt_quantity, fmt_value
from regcore.keywords import BUILTIN_FUNCTIONS, builtin_by_spelling
from regcore.result import (
    Because,
    Citation,
    DeadlineEntry,
    Decision,
    Outcome,
    Result,
    document_name,
)

__all__ = ["Engine", "Unknown"]

_FUNCTIONS = builtin_by_spelling(BUILTIN_FUNCTIONS)


# ----------------------------------------------------------------------------- runtime values


class Unknown:
    """A value the dossier does not give; ``missing`` names the paths that were needed, ``why``
    (Vietnamese, English) says what was lacking when the paths are there but do not suffice
    (ballots given, none of them valid)."""

    __slots__ = ("missing", "why")

    def __init__(self, missing: Iterable[str] = (), why: tuple[str, str] | None = None) -> None:
        self.missing = frozenset(missing)
        self.why = why

    def __repr__(self) -> str:
        return f"Unknown({sorted(self.missing)})"

    def __or__(self, other: Unknown) -> Unknown:
        return Unknown(self.missing | other.missing, self.why or other.why)


def _unknowns(*values: Any) -> Unknown | None:
    found = [v for v in values if v.__class__ is Unknown]
    if not found:
        return None
    missing: frozenset[str] = frozenset()
    for u in found:
        missing |= u.missing
    return Unknown(missing, next((u.why for u in found if u.why), None))


class Rec:
    """A record of the dossier with the JSON path it sits at."""

    __slots__ = ("cache", "data", "index", "path")

    def __init__(self, path: str, data: Mapping[str, Any], index: int | None = None) -> None:
        self.path = path
        self.data = data
        self.index = index
        self.cache: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        # A field is wrapped once per evaluation (records, lists of records, numbers), then
        # read from the cache: rules read the same facts many times.
        try:
            return self.cache[name]
        except KeyError:
            pass
        path = f"{self.path}.{name}" if self.path else name
        if name not in self.data:
            value: Any = Unknown((path,))
        else:
            value = wrap(path, self.data[name])
        self.cache[name] = value
        return value


def wrap(path: str, value: Any) -> Any:
    cls = value.__class__
    if cls is str or cls is bool or cls is int or value is None:
        return value
    if cls is dict:
        return Rec(path, value)
    if cls is list or cls is tuple:
        return tuple(
            Rec(f"{path}[{i}]", v, i) if v.__class__ is dict or isinstance(v, Mapping) else v
            for i, v in enumerate(value)
        )
    if cls is float:
        return Fraction(str(value))
    if isinstance(value, Mapping):
        return Rec(path, value)
    if isinstance(value, list | tuple):
        return wrap(path, list(value))
    return value


class Env:
    """Local names: bound elements (with their 1-based positions) and let values. Never
    mutated: ``bind`` makes a new one (a plain slotted class: this is the hot path)."""

    __slots__ = ("positions", "values")

    def __init__(self, values: Mapping[str, Any], positions: Mapping[str, int]) -> None:
        self.values = values
        self.positions = positions

    def bind(self, name: str, value: Any, position: int | None = None) -> Env:
        positions = self.positions
        if position is not None:
            positions = {**positions, name: position}
        return Env({**self.values, name: value}, positions)


EMPTY_ENV = Env({}, {})


class Ctx:
    """One evaluation: the dossier, the date, the calendar, memoised decisions, the trace."""

    def __init__(
        self, engine: Engine, data: Mapping[str, Any], as_of: dt.date, calendar: LegalCalendar
    ) -> None:
        self.engine = engine
        self.root = Rec("", data)
        self.data = data
        self.as_of = as_of
        self.calendar = calendar
        self.memo: dict[tuple[str, str | None], Decision] = {}
        # the same decisions by id, in the order they were first remembered (listing one id's
        # decisions must not scan every decision of the dossier)
        self.by_id: dict[str, dict[str | None, Decision]] = {}
        self.refs: list[list[Because]] = []
        self.active: set[tuple[str, str | None]] = set()
        self.defines: dict[tuple[Any, ...], tuple[Any, list[Because]]] = {}
        self.lists: dict[str, list[Decision]] = {}

    def remember(self, ident: str, subject: str | None, d: Decision) -> None:
        self.memo[(ident, subject)] = d
        self.by_id.setdefault(ident, {})[subject] = d

    def note(self, node: Because) -> None:
        if self.refs:
            self.refs[-1].append(node)


Fn = Callable[[Ctx, Env], Any]


def _conjuncts(e: ast.Expr) -> list[ast.Expr]:
    if isinstance(e, ast.BinOp) and e.op == "and":
        return [*_conjuncts(e.left), *_conjuncts(e.right)]
    return [e]


def _leading_true(ctx: Ctx, parts: Sequence[Fn]) -> int:
    n = 0
    for part in parts:
        if part(ctx, EMPTY_ENV) is not True:
            break
        n += 1
    return n


def _define_key(name: str, values: Sequence[Any]) -> tuple[Any, ...] | None:
    """A hashable key for a definition's arguments (records by their JSON path), or None when
    an argument cannot be keyed (an unknown value): then the call is not remembered."""
    key: list[Any] = [name]
    for v in values:
        k = _value_key(v)
        if k is None:
            return None
        key.append(k)
    return tuple(key)


def _run_define(ctx: Ctx, name: str, params: Sequence[str], body: Fn, vals: Sequence[Any]) -> Any:
    """A definition is a pure function of its arguments within one evaluation: its value is
    computed once per argument list (a definition without parameters once per evaluation), and
    the decisions it consulted are noted again (for the «because» of every rule that uses it)."""
    return _run_cached(ctx, _define_key(name, vals), body, EMPTY_ENV, params, vals)


def _run_cached(
    ctx: Ctx,
    key: tuple[Any, ...] | None,
    body: Fn,
    env: Env,
    params: Sequence[str] = (),
    vals: Sequence[Any] = (),
) -> Any:
    """``body`` once per evaluation and key, in ``env`` with ``params`` bound to ``vals``; the
    decisions it consulted are noted again on each later use. A key of None (an argument that
    cannot be keyed) is not remembered."""
    if key is not None:
        hit = ctx.defines.get(key)
        if hit is not None:
            if ctx.refs:
                ctx.refs[-1].extend(hit[1])
            return hit[0]
    for p, v in zip(params, vals, strict=True):
        env = env.bind(p, v)
    ctx.refs.append([])
    try:
        value = body(ctx, env)
    finally:
        notes = ctx.refs.pop()
    if ctx.refs:
        ctx.refs[-1].extend(notes)
    if key is not None:
        ctx.defines[key] = (value, notes)
    return value


def _names_in(e: Any) -> set[str]:
    """The first parts of every name an expression mentions (bound or not: an over-estimate)."""
    out: set[str] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, ast.Name):
            out.add(x.parts[0])
        elif isinstance(x, tuple | list):
            stack.extend(x)
        elif attrs.has(type(x)):
            stack.extend(getattr(x, f.name) for f in attrs.fields(type(x)) if f.name != "span")
    return out


_PLAIN_KEYS = frozenset((str, int, bool, Fraction, dt.date, type(None)))


def _value_key(v: Any) -> Any:
    cls = v.__class__
    if cls in _PLAIN_KEYS:
        return (cls.__name__, v)
    if cls is tuple and all(x.__class__ is str for x in v):
        return ("strs", v)
    if isinstance(v, Rec):
        return ("rec", v.path)
    if isinstance(v, tuple):
        keys = [_value_key(x) for x in v]
        return None if any(k is None for k in keys) else ("tuple", *keys)
    if isinstance(v, Unknown):
        return None
    try:
        hash(v)
    except TypeError:
        return None
    return (type(v).__name__, v)


# ----------------------------------------------------------------------------- compiled rules


@frozen
class Compiled:
    """A rule compiled to closures."""

    rule: ast.Rule
    document: str
    citation: Citation
    guards: tuple[Fn, ...]
    for_each: tuple[str, Fn, Fn | None] | None
    subject: Fn | None
    # (name, value, invariant): an invariant «đặt» of a per-subject rule does not read the
    # subject, so it is computed once per evaluation, not once per subject
    lets: tuple[tuple[str, Fn, bool], ...]
    governed: Fn | None
    effective: dt.date | None
    clauses: tuple[Any, ...]  # compiled deciding clauses
    applied: tuple[Citation, ...]  # citation chain of «áp dụng»
    scope: bool
    checks_force: bool
    exception_of: tuple[ast.Rule, ...]
    priority: int
    overrides: tuple[ast.Rule, ...]
    label: str | None
    # the «và» operands of the guards, to tell which rule a not-applicable decision is closest to
    guard_parts: tuple[Fn, ...] = ()
    # the «Áp dụng …» nodes of the citation chain, and whether a clause ranks
    chain: tuple[Because, ...] = attrs.field(init=False)
    has_rank: bool = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        chain = tuple(
            Because(f"Áp dụng {c.cite('vi')}", f"Applies {c.cite('en')}", citation=c)
            for c in self.applied
        )
        object.__setattr__(self, "chain", chain)
        object.__setattr__(self, "has_rank", any(isinstance(c, CRank) for c in self.clauses))


@frozen
class CRequire:
    cond: Fn
    citation: Citation
    reason: ast.Text | None
    authority: Fn | None
    unless: Fn | None
    violated_when: bool = False
    # the condition as written, and the left side of a comparison with its text (the fact)
    cond_text: str = ""
    fact: tuple[str, Fn] | None = None


@frozen
class CRefer:
    authority: Fn
    cond: Fn
    citation: Citation
    reason: ast.Text | None
    unless: Fn | None


@frozen
class CValue:
    fn: Fn
    citation: Citation | None
    unit: str | None = None


@frozen
class CDeadline:
    act: Fn
    kind: str  # "within" | "notice"
    amount: int
    unit: str
    event: Fn
    rolled: bool
    citation: Citation
    reason: ast.Text | None
    event_text: str


@frozen
class CClassify:
    rungs: tuple[tuple[Fn, Fn | None, Citation, ast.Text | None], ...]


@frozen
class CRank:
    var: str
    source: Fn
    where: Fn | None
    keys: tuple[tuple[str, Fn, ast.Text | None], ...]
    tie_authority: Fn | None


class Engine:
    """A checked rule set compiled for evaluation. Immutable once built; thread-safe."""

    def __init__(
        self, checked: CheckedRules, calendar: LegalCalendar | None = None, codegen: bool = True
    ) -> None:
        self.checked = checked
        # aggregates as generated Python functions (regcore.codegen), or closures like the rest
        self.codegen = AggregateCompiler(self) if codegen else None
        self.calendar = calendar or LegalCalendar.default()
        self.base = checked.documents[0]
        header = self.base.header
        self.document = header.number if header else self.base.file
        self.in_force = header.in_force if header else None
        self.doc_vi = document_name(self.document, "vi")
        self.doc_en = document_name(self.document, "en")
        self.force_citation = (
            self._ref_citation(header.force_ref, ast.LawPos(), self.document)
            if header is not None and header.force_ref is not None
            else None
        )
        self.authorities = checked.authorities
        self.rubrics = checked.rubrics
        # codes with one label across every «danh mục» (a code that two lists label
        # differently is shown as the code): "dat" → "Đạt"
        labels: dict[str, set[str]] = {}
        for enum in checked.enums.values():
            for v in enum.values:
                if v.label:
                    labels.setdefault(v.value, set()).add(v.label)
        self.value_labels = {k: next(iter(v)) for k, v in labels.items() if len(v) == 1}
        self.defines: dict[str, tuple[tuple[str, ...], Fn]] = {}
        self.input_names = {f.name for f in checked.inputs}
        self.by_id: dict[str, list[Compiled]] = {}
        self.order: list[str] = []
        self._compiling: dict[int, Compiled] = {}
        self._index_rules()
        for name, d in checked.defines.items():
            self.defines[name] = (d.params, self._lazy_define(d))
        for doc in checked.documents:
            number = doc.header.number if doc.header else doc.file
            for item in doc.items:
                if isinstance(item, ast.Rule):
                    compiled = self.compile_rule(item, number)
                    if item.id not in self.by_id:
                        self.order.append(item.id)
                    self.by_id.setdefault(item.id, []).append(compiled)
        # An override replaces the base rule; one that applies from a date («áp dụng từ») leaves
        # the base rule in force before that date, as the version chosen by the governing date.
        overridden = {
            id(r)
            for cs in self.by_id.values()
            for c in cs
            if c.effective is None
            for r in c.overrides
        }
        for ident, cs in self.by_id.items():
            self.by_id[ident] = [c for c in cs if id(c.rule) not in overridden]
        # the ids decided from the whole dossier's dates (the force check), in rule order
        self.force_ids = [i for i in self.order if any(c.checks_force for c in self.by_id[i])]

    def shown(self, value: Any, unit: str | None, lang: str) -> str:
        """A value as text: a code declared in a «danh mục» (a grade) by its label, as the law
        names it ("dat" → “Đạt”); a quantity with its unit."""
        if isinstance(value, str) and value in self.value_labels:
            return f"“{self.value_labels[value]}”"
        return fmt_quantity(value, unit, lang)

    # ------------------------------------------------------------------ compilation
    def _doc_of(self, rule: ast.Rule) -> str:
        return self._rule_docs.get(id(rule), self.document)

    def _index_rules(self) -> None:
        """The rules by document and article, in file order (what «áp dụng», «ngoại lệ của»
        and «thay thế» cite is looked up there, not by scanning every rule per reference)."""
        self._rules_by_article: dict[tuple[str, int | None], list[tuple[int, ast.Rule]]] = {}
        self._rule_docs: dict[int, str] = {}
        n = 0
        for doc in self.checked.documents:
            number = doc.header.number if doc.header else doc.file
            for item in doc.items:
                if isinstance(item, ast.Rule):
                    key = (number, item.pos.article)
                    self._rules_by_article.setdefault(key, []).append((n, item))
                    self._rule_docs[id(item)] = number
                    n += 1

    def _ref_citation(self, ref: ast.Ref, pos: ast.LawPos, document: str) -> Citation:
        article = ref.articles[0] if ref.articles else pos.article
        if ref.clauses:
            clause: int | None = ref.clauses[0]
        elif ref.points and not ref.articles:
            clause = pos.clause
        else:
            clause = None
        point = ref.points[0] if ref.points else None
        return Citation(ref.document or document, article, clause, point)

    def _pos_citation(self, pos: ast.LawPos, document: str) -> Citation:
        return Citation(document, pos.article, pos.clause, pos.point)

    def rules_at(self, ref: ast.Ref, pos: ast.LawPos, document: str) -> list[ast.Rule]:
        target = self._ref_citation(ref, pos, document)
        articles = ref.articles or ((pos.article,) if pos.article is not None else ())
        clauses: tuple[int | None, ...] = ref.clauses or (
            (pos.clause,) if ref.points and not ref.articles else (None,)
        )
        points: tuple[str | None, ...] = ref.points or (None,)
        found = sorted(
            (
                entry
                for a in set(articles)
                for entry in self._rules_by_article.get((target.document, a), ())
            ),
            key=lambda entry: entry[0],
        )
        out: list[ast.Rule] = []
        for _, item in found:
            p = item.pos
            if any(
                (c is None or p.clause == c) and (pt is None or p.point == pt)
                for c in clauses
                for pt in points
            ):
                out.append(item)
        return out

    def compile_rule(self, rule: ast.Rule, document: str) -> Compiled:
        scope: set[str] = set()
        guards: list[Fn] = []
        guard_parts: list[Fn] = []
        for_each: tuple[str, Fn, Fn | None] | None = None
        subject: Fn | None = None
        lets: list[tuple[str, Fn, bool]] = []
        variant: set[str] = set()  # the subject and the «đặt» that read it
        governed: Fn | None = None
        effective: dt.date | None = None
        clauses: list[Any] = []
        applied: list[Citation] = []
        scope_flag = checks_force = False
        exception_of: list[ast.Rule] = []
        overrides: list[ast.Rule] = []
        priority = 0
        citation = self._pos_citation(rule.pos, document)
        for c in rule.clauses:
            if isinstance(c, ast.Citing):
                citation = self._ref_citation(c.ref, rule.pos, document)

        def cite_of(ref: ast.Ref | None) -> Citation:
            return self._ref_citation(ref, rule.pos, document) if ref is not None else citation

        for c in rule.clauses:
            if isinstance(c, ast.When):
                guards.append(self.expr(c.cond, scope))
                guard_parts.extend(self.expr(x, scope) for x in _conjuncts(c.cond))
            elif isinstance(c, ast.ForEach):
                src = self.expr(c.source, scope)
                scope.add(c.var)
                where = self.expr(c.where, scope) if c.where is not None else None
                for_each = (c.var, src, where)
                variant.add(c.var)
            elif isinstance(c, ast.Subject):
                subject = self.expr(c.expr, scope)
            elif isinstance(c, ast.Let):
                invariant = for_each is not None and not (_names_in(c.expr) & variant)
                if not invariant:
                    variant.add(c.name)
                lets.append((c.name, self.expr(c.expr, scope), invariant))
                scope.add(c.name)
            elif isinstance(c, ast.Governed):
                governed = self.expr(c.expr, scope)
            elif isinstance(c, ast.Effective):
                effective = c.date
            elif isinstance(c, ast.Scope):
                scope_flag = True
            elif isinstance(c, ast.ChecksForce):
                checks_force = True
            elif isinstance(c, ast.ExceptionTo):
                exception_of.extend(
                    r for r in self.rules_at(c.ref, rule.pos, document) if r.id == rule.id
                )
                priority = c.priority
            elif isinstance(c, ast.Overrides):
                overrides.extend(
                    r for r in self.rules_at(c.ref, rule.pos, document) if r.id == rule.id
                )
            elif isinstance(c, ast.Value):
                clauses.append(
                    CValue(
                        self.expr(c.expr, scope),
                        cite_of(c.cite) if c.cite else None,
                        self.checked.unit_of(c.expr),
                    )
                )
            elif isinstance(c, ast.Require):
                ref = c.referral
                clauses.append(
                    CRequire(
                        self.expr(c.cond, scope),
                        cite_of(c.cite),
                        c.reason,
                        self.expr(ref.authority, scope) if ref else None,
                        self.expr(ref.unless, scope) if ref and ref.unless else None,
                        cond_text=_source(self, c.cond),
                        fact=self._fact(c.cond, scope),
                    )
                )
            elif isinstance(c, ast.ViolatedWhen):
                clauses.append(
                    CRequire(
                        self.expr(c.cond, scope),
                        cite_of(c.cite),
                        c.reason,
                        None,
                        None,
                        True,
                        cond_text=_source(self, c.cond),
                        fact=self._fact(c.cond, scope),
                    )
                )
            elif isinstance(c, ast.ReferWhen):
                clauses.append(
                    CRefer(
                        self.expr(c.authority, scope),
                        self.expr(c.cond, scope),
                        cite_of(c.cite),
                        c.reason,
                        self.expr(c.unless, scope) if c.unless else None,
                    )
                )
            elif isinstance(c, ast.Deadline):
                p = c.period
                if isinstance(p, ast.Within):
                    clauses.append(
                        CDeadline(
                            self.expr(c.act, scope),
                            "within",
                            int(p.amount),
                            p.unit,
                            self.expr(p.event, scope),
                            bool(p.rolled),
                            cite_of(c.cite),
                            c.reason,
                            _source(self, p.event),
                        )
                    )
                else:
                    clauses.append(
                        CDeadline(
                            self.expr(c.act, scope),
                            "notice",
                            int(p.amount),
                            p.unit,
                            self.expr(p.meeting, scope),
                            False,
                            cite_of(c.cite),
                            c.reason,
                            _source(self, p.meeting),
                        )
                    )
            elif isinstance(c, ast.Classify):
                clauses.append(
                    CClassify(
                        tuple(
                            (
                                self.expr(r.grade, scope),
                                self.expr(r.cond, scope) if r.cond is not None else None,
                                cite_of(r.cite),
                                r.reason,
                            )
                            for r in c.rungs
                        )
                    )
                )
            elif isinstance(c, ast.Rank):
                src = self.expr(c.source, scope)
                scope.add(c.var)
                clauses.append(
                    CRank(
                        c.var,
                        src,
                        self.expr(c.where, scope) if c.where is not None else None,
                        tuple((k.direction, self.expr(k.expr, scope), k.reason) for k in c.keys),
                        self.expr(c.tie_authority, scope) if c.tie_authority else None,
                    )
                )
            elif isinstance(c, ast.Apply):
                targets = self.rules_at(c.ref, rule.pos, document)
                same = [t for t in targets if t.id == rule.id and t is not rule]
                target = (same or [t for t in targets if t is not rule])[0]
                tc = self.compile_rule(target, self._doc_of(target))
                bound = {name: self.expr(e, scope) for name, e in c.bindings}
                lets = [(n, bound.get(n, f), False) for n, f, _ in tc.lets] + lets
                for_each = for_each or tc.for_each
                subject = subject or tc.subject
                governed = governed or tc.governed
                clauses.extend(tc.clauses)
                applied.extend((tc.citation, *tc.applied))
                scope_flag = scope_flag or tc.scope
        if effective is None and document != self.document:
            # A layer's rule (a provincial decision) applies from that document's force date.
            layer = next(
                (
                    d.header
                    for d in self.checked.documents
                    if d.header and d.header.number == document
                ),
                None,
            )
            effective = layer.in_force if layer is not None else None
        return Compiled(
            rule=rule,
            document=document,
            citation=citation,
            guards=tuple(guards),
            guard_parts=tuple(guard_parts),
            for_each=for_each,
            subject=subject,
            lets=tuple(lets),
            governed=governed,
            effective=effective,
            clauses=tuple(clauses),
            applied=tuple(applied),
            scope=scope_flag,
            checks_force=checks_force,
            exception_of=tuple(exception_of),
            priority=priority,
            overrides=tuple(overrides),
            label=rule.label,
        )

    def _fact(self, cond: ast.Expr, scope: set[str]) -> tuple[str, Fn] | None:
        """The left side of a comparison (``đếm(…) = 0``: the count), to show its value."""
        if (
            isinstance(cond, ast.BinOp)
            and cond.op in ("=", "!=", "<", "<=", ">", ">=")
            and not isinstance(cond.left, ast.Num | ast.Quantity | ast.Str | ast.DateLit)
        ):
            return _source(self, cond.left), self.expr(cond.left, scope)
        return None

    def _unmet(self, ctx: Ctx, env: Env, c: CRequire) -> Because | None:
        """The node saying which requirement failed and the value it compared (a count, a
        date); none when the requirement compares nothing and its reason already says it."""
        vi = f"Không đáp ứng yêu cầu «{c.cond_text}»"
        en = f"Requirement «{c.cond_text}» not met"
        if c.fact is not None:
            v = c.fact[1](ctx, env)
            if not isinstance(v, Unknown):
                vi += f"; thực tế: {fmt_value(v, 'vi')}"
                en += f"; actual value: {fmt_value(v, 'en')}"
        elif c.reason is not None:
            return None
        return Because(vi, en, citation=c.citation)

    def _lazy_define(self, d: ast.Define) -> Fn:
        cell: list[Fn] = []

        def run(ctx: Ctx, env: Env) -> Any:
            if not cell:
                cell.append(self.expr(d.expr, set(d.params)))
            return cell[0](ctx, env)

        return run

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ast.Expr, scope: set[str]) -> Fn:
        if isinstance(e, ast.Num | ast.Quantity):
            v = e.value
            return lambda ctx, env: v
        if isinstance(e, ast.Str | ast.DateLit | ast.Bool):
            lit: Any = e.value
            return lambda ctx, env: lit
        if isinstance(e, ast.Null):
            return lambda ctx, env: None
        if isinstance(e, ast.Name):
            return self.name(e, scope)
        if isinstance(e, ast.Call):
            return self.call(e, scope)
        if isinstance(e, ast.ListLit):
            items = [self.expr(i, scope) for i in e.items]
            return lambda ctx, env: tuple(f(ctx, env) for f in items)
        if isinstance(e, ast.Aggregate):
            return self.aggregate(e, scope)
        if isinstance(e, ast.Match):
            return self.match(e, scope)
        if isinstance(e, ast.If):
            cond, then, other = (self.expr(x, scope) for x in (e.cond, e.then, e.otherwise))

            def if_(ctx: Ctx, env: Env) -> Any:
                c = cond(ctx, env)
                if isinstance(c, Unknown):
                    return c
                return then(ctx, env) if c else other(ctx, env)

            return if_
        if isinstance(e, ast.Coalesce):
            left, right = self.expr(e.left, scope), self.expr(e.right, scope)
            ltext, rtext = _source(self, e.left), _source(self, e.right)

            def coalesce(ctx: Ctx, env: Env) -> Any:
                v = left(ctx, env)
                if isinstance(v, Unknown) or v is None:
                    r = right(ctx, env)
                    if isinstance(r, Unknown):
                        # neither is given: unknown, naming what both sides needed
                        return v | r if isinstance(v, Unknown) else r
                    ctx.note(
                        Because(
                            f"Không có {ltext}: dùng {rtext} ({fmt_value(r, 'vi')})",
                            f"No {ltext}: {rtext} used instead ({fmt_value(r, 'en')})",
                        )
                    )
                    return r
                return v

            return coalesce
        if isinstance(e, ast.Not):
            inner = self.expr(e.operand, scope)

            def not_(ctx: Ctx, env: Env) -> Any:
                v = inner(ctx, env)
                return v if isinstance(v, Unknown) else not v

            return not_
        if isinstance(e, ast.Neg):
            inner = self.expr(e.operand, scope)

            def neg(ctx: Ctx, env: Env) -> Any:
                v = inner(ctx, env)
                return v if isinstance(v, Unknown) else -v

            return neg
        if isinstance(e, ast.Present):
            inner = self.expr(e.operand, scope)
            negated = e.negated

            def present(ctx: Ctx, env: Env) -> bool:
                v = inner(ctx, env)
                has = not (isinstance(v, Unknown) or v is None or v == ())
                return not has if negated else has

            return present
        return self.binop(e, scope)

    def binop(self, e: ast.BinOp, scope: set[str]) -> Fn:
        left, right = self.expr(e.left, scope), self.expr(e.right, scope)
        op = e.op
        if op == "and":

            def and_(ctx: Ctx, env: Env) -> Any:
                a = left(ctx, env)
                if a is False:
                    return False
                b = right(ctx, env)
                if b is False:
                    return False
                return _unknowns(a, b) or True

            return and_
        if op == "or":

            def or_(ctx: Ctx, env: Env) -> Any:
                a = left(ctx, env)
                if a is True:
                    return True
                b = right(ctx, env)
                if b is True:
                    return True
                return _unknowns(a, b) or False

            return or_
        if op in ("in", "not in"):
            negate = op == "not in"

            def member(ctx: Ctx, env: Env) -> Any:
                a, b = left(ctx, env), right(ctx, env)
                u = _unknowns(a, b)
                if u is not None:
                    return u
                found = a in b
                return not found if negate else found

            return member
        if op in ("=", "!=", "<", "<=", ">", ">="):
            return _comparison(op, left, right)
        lunit = self.checked.unit_of(e.left)
        runit = self.checked.unit_of(e.right)
        cal = self.calendar

        def arith(ctx: Ctx, env: Env) -> Any:
            return _arith(cal, op, left(ctx, env), right(ctx, env), lunit, runit)

        return arith

    def name_kind(self, parts: tuple[str, ...], scope: set[str]) -> str:
        """What a name denotes: "local", "input" (a dossier path), "decision", "define",
        "authority" or "rubric" (the resolution order of :meth:`name`)."""
        if parts[0] in scope:
            return "local"
        checked = self.checked
        if (
            parts[0] in self.input_names
            and (len(parts) > 1 or parts[0] not in checked.rules)
            and self._is_input_path(parts)
        ):
            return "input"
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in checked.rules:
                return "decision"
        if parts[0] in self.defines:
            return "define"
        if parts[0] in self.authorities:
            return "authority"
        if parts[0] in self.rubrics:
            return "rubric"
        return "input"

    def name(self, e: ast.Name, scope: set[str]) -> Fn:
        parts = e.parts
        first, rest = parts[0], parts[1:]
        kind = self.name_kind(parts, scope)
        if kind == "local":
            if not rest:
                return lambda ctx, env: env.values[first]

            def local(ctx: Ctx, env: Env) -> Any:
                return _fields(env.values[first], rest)

            return local
        if kind == "decision":
            dotted = next(
                d
                for n in range(len(parts), 0, -1)
                if (d := ".".join(parts[:n])) in self.checked.rules
            )
            return self._decision_ref(dotted, None)
        if kind == "define":
            params, fn = self.defines[first]
            return lambda ctx, env: _fields(_run_define(ctx, first, params, fn, ()), rest)
        if kind == "authority":
            auth = self.authorities[first]
            return lambda ctx, env: auth
        if kind == "rubric":
            rub = self.rubrics[first]
            return lambda ctx, env: rub
        return self._input(parts)

    def _path_of(self, e: ast.Expr, scope: set[str]) -> Callable[[Env], str]:
        """The dossier path an expression reads (for «missing»), or its text when it is not a
        plain path: ``h.ballots`` inside a loop over applications is ``applications[0].ballots``."""
        text = _source(self, e)
        if not isinstance(e, ast.Name):
            return lambda env: text
        first, rest = e.parts[0], ".".join(e.parts[1:])
        if first in scope:

            def local(env: Env) -> str:
                base = env.values.get(first)
                if isinstance(base, Rec) and base.path:
                    return f"{base.path}.{rest}" if rest else base.path
                return text

            return local
        return lambda env: e.dotted

    def _is_input_path(self, parts: tuple[str, ...]) -> bool:
        fields: Sequence[ast.Field] = self.checked.inputs
        for part in parts:
            f = next((x for x in fields if x.name == part), None)
            if f is None:
                return False
            rec = self.checked.records.get(f.type.name)
            fields = rec.fields if rec is not None and not f.type.is_list else ()
        return True

    def _input(self, parts: tuple[str, ...]) -> Fn:
        def read(ctx: Ctx, env: Env) -> Any:
            return _fields(ctx.root, parts)

        return read

    def _decision_ref(self, ident: str, element: Fn | None) -> Fn:
        def ref(ctx: Ctx, env: Env) -> Any:
            elem = element(ctx, env) if element is not None else None
            if isinstance(elem, Unknown):
                return elem
            decisions = self.decide(ctx, ident, elem)
            if not decisions:
                return Unknown()
            d = decisions[0]
            name = d.label or ident
            name_en = d.label_en or name
            subj = f" [{d.subject}]" if d.subject else ""
            ctx.note(
                Because(
                    f"{name}{subj}: {_outcome_vi(d, self.shown(d.value, d.unit, 'vi'))}",
                    f"{name_en}{subj}: {_outcome_en(d, self.shown(d.value, d.unit, 'en'))}",
                    citation=d.citation,
                    id=ident,
                    subject=d.subject,
                    value=d.value,
                    has_value=d.has_value,
                )
            )
            return _decision_value(d)

        return ref

    def call(self, e: ast.Call, scope: set[str]) -> Fn:
        fname = e.func.dotted
        args = [self.expr(a, scope) for a in e.args]
        if fname in _FUNCTIONS:
            return self.builtin(_FUNCTIONS[fname], e, args)
        if fname in self.defines:
            params, body = self.defines[fname]

            def call_define(ctx: Ctx, env: Env) -> Any:
                return _run_define(ctx, fname, params, body, [a(ctx, env) for a in args])

            return call_define
        return self._decision_ref(fname, args[0] if args else None)

    def builtin(self, fn: str, e: ast.Call, args: list[Fn]) -> Fn:
        cal = self.calendar
        if fn == "position":
            arg = e.args[0]
            name = arg.parts[0] if isinstance(arg, ast.Name) else ""
            return lambda ctx, env: Fraction(env.positions.get(name, 0))
        if fn in ("latest", "earliest"):
            pick = max if fn == "latest" else min

            def extreme(ctx: Ctx, env: Env) -> Any:
                vals = [a(ctx, env) for a in args]
                u = _unknowns(*vals)
                if u is not None:
                    return u
                present = [v for v in vals if v is not None]
                return pick(present) if present else None

            return extreme
        if fn == "roll":
            a0 = args[0]

            def roll(ctx: Ctx, env: Env) -> Any:
                v = a0(ctx, env)
                return v if isinstance(v, Unknown) or v is None else cal.roll_forward(v)

            return roll
        if fn == "length":
            a0 = args[0]
            return lambda ctx, env: _map1(a0(ctx, env), lambda v: Fraction(len(v)))
        if fn == "flatten":
            a0 = args[0]

            def flatten(ctx: Ctx, env: Env) -> Any:
                v = a0(ctx, env)
                if isinstance(v, Unknown):
                    return v
                out: list[Any] = []
                for item in v:
                    if isinstance(item, tuple):
                        out.extend(item)
                    else:
                        out.append(item)
                return tuple(out)

            return flatten
        if fn == "normalize":
            a0 = args[0]
            return lambda ctx, env: _map1(a0(ctx, env), _normalize)
        rubric_fn, record_fn = args[0], args[1]
        total = fn == "rubric_total"

        def rubric(ctx: Ctx, env: Env) -> Any:
            r, rec = rubric_fn(ctx, env), record_fn(ctx, env)
            if isinstance(rec, Unknown):
                return rec if total else False
            scores = []
            valid = True
            for crit in r.criteria:
                v = rec.get(crit.name) if isinstance(rec, Rec) else Unknown()
                # every criterion that makes a ballot invalid is named, not only the first
                name = f"{crit.name} ({crit.label})" if crit.label else crit.name
                if isinstance(v, Unknown) or v is None:
                    if total:
                        return Unknown(v.missing if isinstance(v, Unknown) else ())
                    ctx.note(
                        Because(f"Thiếu điểm tiêu chí {name}", f"No score for criterion {name}")
                    )
                    valid = False
                    continue
                if not total and not (0 <= v <= crit.maximum):
                    mx_vi, mx_en = fmt_value(crit.maximum, "vi"), fmt_value(crit.maximum, "en")
                    ctx.note(
                        Because(
                            f"Điểm tiêu chí {name} là {fmt_value(v, 'vi')}, ngoài 0–{mx_vi}",
                            f"Criterion {name} scored {fmt_value(v, 'en')}, outside 0–{mx_en}",
                        )
                    )
                    valid = False
                    continue
                scores.append(v)
            return sum(scores, Fraction(0)) if total else valid

        return rubric

    def aggregate(self, e: ast.Aggregate, scope: set[str]) -> Fn:
        if self.codegen is not None:
            return self.codegen.compile(e, scope)
        source = self.expr(e.source, scope)
        inner = scope | {e.var}
        where = self.expr(e.where, inner) if e.where is not None else None
        body = self.expr(e.body, inner) if e.body is not None else None
        var, op = e.var, e.op
        src_path = self._path_of(e.source, scope)
        where_text = _source(self, e.where) if e.where is not None else None

        def agg(ctx: Ctx, env: Env) -> Any:
            src_text = src_path(env)
            items = source(ctx, env)
            if isinstance(items, Unknown):
                return items
            if items is None:
                items = ()
            chosen: list[Env] = []
            unknown: Unknown | None = None
            for i, item in enumerate(items):
                local = env.bind(var, item, i + 1)
                if where is not None:
                    ok = where(ctx, local)
                    if isinstance(ok, Unknown):
                        unknown = _unknowns(unknown, ok)
                        continue
                    if not ok:
                        continue
                chosen.append(local)
            if op == "count" or op == "share":
                values: list[Any] = []
            elif body is not None:
                values = [body(ctx, x) for x in chosen]
            elif op in ("every", "some"):
                values = [True] * len(chosen)
            else:
                values = [x.values[var] for x in chosen]
            return _aggregate_result(op, unknown, len(chosen), items, values, src_text, where_text)

        return agg

    def match(self, e: ast.Match, scope: set[str]) -> Fn:
        subject = self.expr(e.subject, scope)
        cases = [
            ([self.expr(k, scope) for k in c.keys], self.expr(c.result, scope)) for c in e.cases
        ]

        def match(ctx: Ctx, env: Env) -> Any:
            v = subject(ctx, env)
            if isinstance(v, Unknown):
                return v
            for keys, result in cases:
                if not keys or any(k(ctx, env) == v for k in keys):
                    return result(ctx, env)
            return None

        return match

    # ------------------------------------------------------------------ decisions
    def decide(self, ctx: Ctx, ident: str, element: Any = None) -> list[Decision]:
        """The decisions for an id: one, or one per element of a per-subject rule."""
        key = (ident, element.path if isinstance(element, Rec) else None)
        if element is not None and key in ctx.memo:
            return [ctx.memo[key]]
        if element is None and (ident, "*") in ctx.memo:
            # every decision of the id is memoised once «*» is: list them once
            found = ctx.lists.get(ident)
            if found is None:
                found = [d for s, d in ctx.by_id[ident].items() if s != "*"] or [
                    ctx.memo[(ident, "*")]
                ]
                ctx.lists[ident] = found
            return list(found)
        if key in ctx.active:
            return []
        ctx.active.add(key)
        try:
            out = self._decide(ctx, ident, element)
        finally:
            ctx.active.discard(key)
        return out

    def _decide(self, ctx: Ctx, ident: str, element: Any) -> list[Decision]:
        candidates = self.by_id.get(ident, [])
        chosen: list[Compiled] = []
        unknown_guard: Unknown | None = None
        unknown_rule: Compiled | None = None  # the rule whose guard could not be decided
        for c in candidates:
            ok: Any = True
            for g in c.guards:
                v = g(ctx, EMPTY_ENV)
                if v is False or v is None:
                    ok = False
                    break
                if isinstance(v, Unknown):
                    ok = v
            if ok is True:
                chosen.append(c)
            elif isinstance(ok, Unknown):
                unknown_guard = _unknowns(unknown_guard, ok)
                unknown_rule = unknown_rule or c
        # exceptions win over the rule they are an exception of (highest priority first)
        excepted = {id(r) for c in chosen for r in c.exception_of}
        chosen = [c for c in chosen if id(c.rule) not in excepted]
        chosen.sort(key=lambda c: -c.priority)
        if not chosen:
            # cite the rule whose guard was undecided, else the one whose guard held longest
            # (a cấp cơ sở task's not-applicable decision cites the cấp cơ sở provision)
            base = unknown_rule or max(
                candidates, key=lambda c: _leading_true(ctx, c.guard_parts), default=None
            )
            citation = base.citation if base else Citation(self.document)
            if unknown_guard is not None:
                d = self._simple(ident, None, "unknown", citation, base, missing=unknown_guard)
            else:
                d = self._simple(ident, None, "not_applicable", citation, base)
            self._remember(ctx, ident, None, d, element)
            return [d]
        rule = chosen[0]
        if rule.for_each is None:
            d = self._evaluate(ctx, rule, EMPTY_ENV, None, candidates=chosen)
            self._remember(ctx, ident, None, d, element)
            return [d]
        var, source, where = rule.for_each
        if element is not None:
            env = EMPTY_ENV.bind(var, element, (element.index or 0) + 1)
            d = self._evaluate(ctx, rule, env, element, candidates=chosen)
            ctx.remember(ident, element.path, d)
            ctx.lists.pop(ident, None)
            return [d]
        items = source(ctx, EMPTY_ENV)
        if isinstance(items, Unknown) or items is None:
            d = self._simple(ident, None, "not_applicable", rule.citation, rule)
            ctx.remember(ident, "*", d)
            return [d]
        out: list[Decision] = []
        for i, item in enumerate(items):
            env = EMPTY_ENV.bind(var, item, i + 1)
            if where is not None and where(ctx, env) is not True:
                continue
            path = item.path if isinstance(item, Rec) else f"{ident}[{i}]"
            if (ident, path) in ctx.memo:
                d = ctx.memo[(ident, path)]
            else:
                d = self._evaluate(ctx, rule, env, item, candidates=chosen)
                ctx.remember(ident, path, d)
            out.append(d)
        ctx.remember(
            ident,
            "*",
            out[0] if out else self._simple(ident, None, "not_applicable", rule.citation, rule),
        )
        return out

    def _remember(self, ctx: Ctx, ident: str, subject: str | None, d: Decision, elem: Any) -> None:
        ctx.remember(ident, "*", d)
        ctx.lists.pop(ident, None)
        if isinstance(elem, Rec):
            ctx.remember(ident, elem.path, d)

    def _simple(
        self,
        ident: str,
        subject: str | None,
        outcome: Outcome,
        citation: Citation,
        rule: Compiled | None,
        missing: Unknown | None = None,
        because: tuple[Because, ...] = (),
    ) -> Decision:
        label = (rule.label if rule else None) or ident
        paths = tuple(sorted(missing.missing)) if missing else ()
        if outcome == "unknown":
            vi = f"{label}: chưa đủ thông tin để quyết định (thiếu {', '.join(paths) or '—'})."
            en = f"{label}: not enough information to decide (missing {', '.join(paths) or '—'})."
        else:
            vi = f"{label}: không áp dụng đối với hồ sơ này."
            en = f"{label}: does not apply to this dossier."
        return Decision(
            id=ident,
            subject=subject,
            outcome=outcome,
            citation=citation,
            explanation_vi=vi,
            explanation_en=en,
            missing=paths,
            because=because,
        )

    def _evaluate(
        self,
        ctx: Ctx,
        rule: Compiled,
        env: Env,
        element: Any,
        candidates: Sequence[Compiled] = (),
    ) -> Decision:
        ident = rule.rule.id
        ctx.refs.append([])
        subject: str | None = None
        if rule.subject is not None:
            sv = rule.subject(ctx, env)
            subject = None if isinstance(sv, Unknown) else _subject_text(sv)
        for name, fn, invariant in rule.lets:
            if invariant:
                bound = _run_cached(ctx, ("let", id(rule), name), fn, env)
            else:
                bound = fn(ctx, env)
            env = env.bind(name, bound)
        chain = rule.chain
        governing: dt.date | None = None
        if rule.governed is not None:
            g = rule.governed(ctx, env)
            governing = g if isinstance(g, dt.date) else None
        # versions by effective date: the latest version in force on the governing date
        if governing is not None:
            versions = [c for c in candidates if c.effective is None or c.effective <= governing]
            if candidates and not versions and rule.effective is not None:
                ctx.refs.pop()
                not_yet = Because(
                    f"Ngày {fmt_date(governing, 'vi')} trước ngày quy định được áp dụng "
                    f"({fmt_date(rule.effective, 'vi')})",
                    f"{fmt_date(governing, 'en')} is before the provision applies "
                    f"({fmt_date(rule.effective, 'en')})",
                    citation=rule.citation,
                )
                d = self._simple(
                    ident, subject, "not_applicable", rule.citation, rule, because=(not_yet,)
                )
                return attrs.evolve(d, governing=governing, scope=rule.scope)
            latest = max(versions, key=lambda c: c.effective or dt.date.min, default=rule)
            if latest is not rule:
                ctx.refs.pop()
                return self._evaluate(ctx, latest, env, element, ())
        if (
            governing is not None
            and self.in_force is not None
            and governing < self.in_force
            and not rule.checks_force
        ):
            ctx.refs.pop()
            force = self.force_citation or Citation(self.document)
            why = Because(
                f"Ngày {fmt_date(governing, 'vi')} trước ngày {self.doc_vi} có hiệu lực "
                f"({fmt_date(self.in_force, 'vi')})",
                f"{fmt_date(governing, 'en')} is before {self.doc_en} came into force "
                f"({fmt_date(self.in_force, 'en')})",
                citation=force,
            )
            d = self._simple(ident, subject, "not_applicable", rule.citation, rule, because=(why,))
            return attrs.evolve(d, governing=governing, scope=rule.scope)
        outcome: Outcome = "satisfied"
        citation = rule.citation
        value: Any = None
        has_value = False
        missing: Unknown | None = None
        reason: ast.Text | None = None
        authority: Any = None
        by_exception = False
        due: dt.date | None = None
        done_on: dt.date | None = None
        is_deadline = False
        notes: list[Because] = []
        violated: list[tuple[Citation, ast.Text | None]] = []
        rank_env = env
        referred: list[tuple[Citation, ast.Text | None, Any]] = []
        has_rank = rule.has_rank
        value_unit: str | None = None
        for c in rule.clauses:
            kind = c.__class__
            if kind is CValue and has_rank:
                continue  # read after the ranking, with its winner bound
            if kind is CValue:
                has_value = True
                value_unit = c.unit
                v = c.fn(ctx, env)
                if isinstance(v, Unknown):
                    missing = _unknowns(missing, v)
                    value = None
                else:
                    value = v
                if c.citation is not None:
                    citation = c.citation
            elif kind is CRequire:
                ok = c.cond(ctx, env)
                if c.violated_when and not isinstance(ok, Unknown):
                    ok = not ok
                if isinstance(ok, Unknown):
                    missing = _unknowns(missing, ok)
                elif not ok:
                    if c.authority is not None:
                        exc = c.unless(ctx, env) if c.unless is not None else False
                        if exc is True:
                            by_exception = True
                            notes.append(
                                Because(
                                    f"Không theo quy định chung ({_text(c.reason, 'vi')}), nhưng "
                                    "đã được cấp có thẩm quyền quyết định theo ngoại lệ",
                                    f"Outside the general rule ({_text(c.reason, 'en')}), but "
                                    "decided by the competent authority as an exception",
                                    citation=c.citation,
                                )
                            )
                        else:
                            referred.append((c.citation, c.reason, c.authority(ctx, env)))
                            notes.extend(filter(None, [self._unmet(ctx, env, c)]))
                    else:
                        violated.append((c.citation, c.reason))
                        notes.extend(filter(None, [self._unmet(ctx, env, c)]))
            elif kind is CRefer:
                cond = c.cond(ctx, env)
                if isinstance(cond, Unknown):
                    missing = _unknowns(missing, cond)
                elif cond:
                    exc = c.unless(ctx, env) if c.unless is not None else False
                    if exc is True:
                        by_exception = True
                    else:
                        referred.append((c.citation, c.reason, c.authority(ctx, env)))
            elif kind is CDeadline:
                is_deadline = True
                result = self._deadline(ctx, env, c)
                if result is None:
                    event_missing = c.event(ctx, env)
                    ctx.refs.pop()
                    d = self._simple(ident, subject, "not_applicable", c.citation, rule)
                    if isinstance(event_missing, Unknown):
                        d = attrs.evolve(
                            d,
                            explanation_vi=f"{rule.label or ident}: chưa có sự kiện bắt đầu "
                            f"tính thời hạn ({c.event_text}).",
                            explanation_en=f"{rule.label or ident}: the event the period runs "
                            f"from ({c.event_text}) is not recorded.",
                        )
                    return attrs.evolve(d, is_deadline=True, governing=governing)
                due, done_on, state, note = result
                notes.append(note)
                citation = c.citation
                if state == "missed" or state == "overdue":
                    violated.append((c.citation, c.reason))
                elif state == "open":
                    outcome = "pending"
            elif kind is CClassify:
                has_value = True
                for grade, cond, rcite, rreason in c.rungs:
                    ok = cond(ctx, env) if cond is not None else True
                    if isinstance(ok, Unknown):
                        missing = _unknowns(missing, ok)
                        value = None
                        break
                    if ok:
                        value = grade(ctx, env)
                        citation = rcite
                        reason = rreason
                        notes.append(
                            Because(
                                f"Mức {self.shown(value, None, 'vi')} theo {rcite.cite('vi')}",
                                f"Grade {self.shown(value, None, 'en')} under {rcite.cite('en')}",
                                citation=rcite,
                            )
                        )
                        break
            elif kind is CRank:
                has_value = True
                ranked = self._rank(ctx, env, c)
                if isinstance(ranked, Unknown):
                    missing = _unknowns(missing, ranked)
                    continue
                winner, rank_note, tie = ranked
                if rank_note is not None:
                    notes.append(rank_note)  # the tie-break that decided
                if tie is not None:
                    referred.append((rule.citation, None, tie))
                    env = env.bind("__winner__", None)
                elif winner is not None:
                    env = env.bind(c.var, winner[0], winner[1])
                else:
                    env = env.bind("__no_winner__", True)
                value = None
                rank_env = env
                # the value clause after the rank reads the winner
                continue
        if has_rank:
            rank_clause = next(c for c in rule.clauses if isinstance(c, CRank))
            value_clause = next((c for c in rule.clauses if isinstance(c, CValue)), None)
            if rank_clause.var in env.values and value_clause is not None and not referred:
                value = value_clause.fn(ctx, rank_env)
                missing = None if not isinstance(value, Unknown) else missing
                if isinstance(value, Unknown):
                    value = None
            else:
                value = None
        refs = ctx.refs.pop()
        if violated:
            outcome = "violated"
            citation, reason = violated[0]
            notes.extend(
                Because(_text(r, "vi") or c.cite("vi"), _text(r, "en") or c.cite("en"), citation=c)
                for c, r in violated[1:]
            )
        elif referred:
            outcome = "referred"
            citation, reason, authority = referred[0]
        elif (
            missing is not None
            and ((has_value and value is None) or not has_value)
            and (outcome != "pending" or not is_deadline)
        ):
            outcome = "unknown"
        if outcome == "unknown" and missing is not None and self._stage_absent(ctx, missing):
            outcome = "not_applicable"
        if rule.applied and citation != rule.citation:
            # A rule applied by reference (Điều 34 → Điều 11): the decision cites the referring
            # provision; the provision of the applied rule that decided stands in ``because``.
            notes.insert(
                0,
                Because(
                    f"Theo {citation.cite('vi')}: "
                    f"{_text(reason, 'vi') or OUTCOME_WORDS['vi'].get(outcome, outcome)}",
                    f"Under {citation.cite('en')}: "
                    f"{_text(reason, 'en') or OUTCOME_WORDS['en'].get(outcome, outcome)}",
                    citation=citation,
                ),
            )
            citation = rule.citation
        because = tuple(_dedupe([*chain, *refs, *notes]))
        auth_vi, auth_en = _authority_texts(authority)
        label = rule.label or ident
        vi, en = _explain(
            label,
            outcome,
            value,
            has_value,
            reason,
            auth_vi,
            auth_en,
            missing,
            by_exception,
            due,
            done_on,
            citation,
            value_unit,
            (self.shown(value, value_unit, "vi"), self.shown(value, value_unit, "en")),
            rule.rule.label_en,
        )
        return Decision(
            id=ident,
            subject=subject,
            outcome=outcome,
            citation=citation,
            explanation_vi=vi,
            explanation_en=en,
            value=value,
            has_value=has_value,
            because=because,
            authority_vi=auth_vi,
            authority_en=auth_en,
            missing=tuple(sorted(missing.missing)) if missing and outcome == "unknown" else (),
            due=due,
            done_on=done_on,
            is_deadline=is_deadline,
            governing=governing,
            scope=rule.scope,
            label=rule.label,
            label_en=rule.rule.label_en,
            unit=value_unit,
        )

    def _stage_absent(self, ctx: Ctx, missing: Unknown) -> bool:
        """Every missing fact belongs to a stage (a top-level object) the dossier lacks."""
        if not missing.missing:
            return False
        for path in missing.missing:
            top = path.split(".")[0].split("[")[0]
            # A fact inside an absent object («appraisal.team») belongs to a stage the dossier
            # lacks; a whole object named alone («pi», «appraisal») is a needed fact: unknown.
            if top in ctx.data or top not in self.input_names or "." not in path:
                return False
        return True

    def _deadline(
        self, ctx: Ctx, env: Env, c: CDeadline
    ) -> tuple[dt.date, dt.date | None, str, Because] | None:
        event = c.event(ctx, env)
        if not isinstance(event, dt.date):
            return None
        cal = ctx.calendar
        unit_vi = {
            "days": "ngày",
            "working_days": "ngày làm việc",
            "months": "tháng",
            "years": "năm",
        }[c.unit]
        unit_en = {
            "days": "days",
            "working_days": "working days",
            "months": "months",
            "years": "years",
        }[c.unit]
        if c.kind == "within":
            if c.unit == "working_days":
                due = cal.add_working_days(event, c.amount)
                raw = due
            else:
                raw = _shift(cal, event, Fraction(c.amount), c.unit)
                due = cal.roll_forward(raw) if c.rolled else raw
            text_vi = (
                f"Hạn: {c.amount} {unit_vi} kể từ {c.event_text} ({fmt_date(event, 'vi')}) là "
                f"{fmt_date(due, 'vi')}"
            )
            text_en = (
                f"Due: {c.amount} {unit_en} from {c.event_text} ({fmt_date(event, 'en')}) is "
                f"{fmt_date(due, 'en')}"
            )
            if raw != due:
                text_vi += (
                    f" (ngày {fmt_date(raw, 'vi')} là ngày nghỉ, lùi sang ngày làm việc kế tiếp)"
                )
                text_en += f" ({fmt_date(raw, 'en')} is a day off, rolled to the next working day)"
        else:
            if c.unit == "working_days":
                due = cal.working_days_before(event, c.amount)
            else:
                due = event - dt.timedelta(days=c.amount)
            text_vi = (
                f"Hạn muộn nhất: {c.amount} {unit_vi} trước {c.event_text} "
                f"({fmt_date(event, 'vi')}) là {fmt_date(due, 'vi')}"
            )
            text_en = (
                f"Latest day: {c.amount} {unit_en} before {c.event_text} "
                f"({fmt_date(event, 'en')}) is {fmt_date(due, 'en')}"
            )
        start, end = (event, due) if event <= due else (due, event)
        if cal.depends_on_culture_day(start, end):
            off = "là ngày nghỉ" if cal.culture_day_off else "là ngày làm việc"
            off_en = "a day off" if cal.culture_day_off else "a working day"
            text_vi += (
                f"; kết quả phụ thuộc việc ngày 24/11 (Ngày Văn hóa Việt Nam) {off} — "
                "một thiết lập của regcore"
            )
            text_en += (
                f"; the result depends on 24 November (Vietnam Culture Day) being {off_en}, "
                "a regcore setting"
            )
        if cal.is_estimated(due):
            text_vi += f"; lịch nghỉ năm {due.year} chưa được công bố, ngày làm việc là ước tính"
            text_en += f"; the {due.year} calendar of days off is not announced: estimated"
        act = c.act(ctx, env)
        done = act if isinstance(act, dt.date) else None
        if done is not None:
            state = "met" if done <= due else "missed"
        else:
            state = "open" if due >= ctx.as_of else "overdue"
        return (
            due,
            done,
            state,
            Because(text_vi, text_en, citation=c.citation, value=due, has_value=True),
        )

    def _rank(
        self, ctx: Ctx, env: Env, c: CRank
    ) -> tuple[tuple[Any, int] | None, Because | None, Any] | Unknown:
        items = c.source(ctx, env)
        if isinstance(items, Unknown):
            return items
        candidates: list[tuple[Any, int, list[Any]]] = []
        gaps: dict[int, list[Unknown | None]] = {}  # per candidate: the keys it lacks
        undecided: Unknown | None = None
        for i, item in enumerate(items or ()):
            local = env.bind(c.var, item, i + 1)
            if c.where is not None:
                ok = c.where(ctx, local)
                if isinstance(ok, Unknown):
                    # a candidate that may or may not compete: the ranking cannot be decided
                    undecided = _unknowns(undecided, ok)
                    continue
                if ok is not True:
                    continue
            keys: list[Any] = []
            gaps[i + 1] = []
            for direction, fn, _ in c.keys:
                v = fn(ctx, local)
                gaps[i + 1].append(v if isinstance(v, Unknown) else None)
                if isinstance(v, Unknown) or v is None:
                    v = None
                if direction == "highest":
                    keys.append(
                        (
                            v is None,
                            -(v if not isinstance(v, dt.date) else v.toordinal())
                            if v is not None
                            else 0,
                        )
                    )
                elif direction == "lowest":
                    keys.append(
                        (
                            v is None,
                            (v if not isinstance(v, dt.date) else v.toordinal())
                            if v is not None
                            else 0,
                        )
                    )
                else:
                    keys.append(0 if v is True else 1)
            candidates.append((item, i + 1, keys))
        if undecided is not None:
            return undecided
        if not candidates:
            return (
                None,
                Because(
                    "Không có hồ sơ nào đáp ứng điều kiện xếp hạng",
                    "No candidate meets the conditions of the ranking",
                ),
                None,
            )
        gap = _tie_gap(candidates, gaps)
        if gap is not None:
            return gap
        candidates.sort(key=lambda x: x[2])
        best = candidates[0]
        if len(candidates) == 1:
            return (best[0], best[1]), None, None
        second = candidates[1]
        for k, (a, b) in enumerate(zip(best[2], second[2], strict=True)):
            if a != b:
                if k == 0:
                    return (best[0], best[1]), None, None
                _, _, reason = c.keys[k]
                return (
                    (best[0], best[1]),
                    Because(
                        f"Bằng nhau ở các tiêu chí trước; phân định theo: {_text(reason, 'vi')}",
                        f"Tied on the earlier criteria; decided by: {_text(reason, 'en')}",
                    ),
                    None,
                )
        tie = c.tie_authority(ctx, env) if c.tie_authority else None
        return (
            None,
            Because(
                "Vẫn bằng nhau sau mọi tiêu chí ưu tiên",
                "Still tied after every tie-break",
            ),
            tie,
        )

    # ------------------------------------------------------------------ whole dossier
    def evaluate(
        self,
        data: Mapping[str, Any],
        as_of: dt.date,
        dossier_id: str | None,
        warnings: Sequence[Mapping[str, str]],
        receipt: Mapping[str, Any],
        only: str | None = None,
    ) -> Result:
        ctx = Ctx(self, data, as_of, self.calendar)
        decisions: list[Decision] = []

        def wanted(ident: str) -> bool:
            return only is None or ident.startswith(only)

        force_rules = [i for i in self.force_ids if wanted(i)]
        # A force check looks at every act of the dossier, so with --only it still needs them.
        for ident in self.order:
            if ident in force_rules or not (wanted(ident) or force_rules):
                continue
            decisions.extend(self.decide(ctx, ident))
        for ident in force_rules:
            decisions.append(self._force(ident, decisions))
        decisions = [d for d in self._order(decisions, force_rules) if wanted(d.id)]
        deadlines = sorted(
            (
                DeadlineEntry(
                    d.id,
                    d.subject,
                    d.due,
                    d.done_on,
                    _deadline_state(d),
                    d.citation,
                )
                for d in decisions
                if d.is_deadline and d.due is not None
            ),
            key=lambda x: (x.due, x.id, x.subject or ""),
        )
        return Result(
            regulation=self.regulation(),
            dossier=dossier_id,
            as_of=as_of,
            status=_status(decisions),
            decisions=tuple(decisions),
            deadlines=tuple(deadlines),
            warnings=tuple(warnings),
            receipt=receipt,
        )

    def _order(self, decisions: list[Decision], force_rules: list[str]) -> list[Decision]:
        rank = {ident: i for i, ident in enumerate(self.order)}
        return sorted(decisions, key=lambda d: rank.get(d.id, len(rank)))

    def _force(self, ident: str, decisions: Sequence[Decision]) -> Decision:
        rule = self.by_id[ident][0]
        in_force = self.in_force
        dates = [d.governing for d in decisions if d.governing is not None]
        covered = [g for g in dates if in_force is None or g >= in_force]
        citation = rule.citation
        value = in_force
        if covered:
            outcome: Outcome = "satisfied"
            vi = (
                f"{self.doc_vi} có hiệu lực từ {fmt_date(in_force, 'vi')}; hồ sơ có việc xảy ra "
                f"từ ngày đó (sớm nhất {fmt_date(min(covered), 'vi')})."
                if in_force
                else f"{self.doc_vi} áp dụng."
            )
            en = (
                f"{self.doc_en} is in force from {fmt_date(in_force, 'en')}; the dossier has "
                f"acts on or after it (earliest {fmt_date(min(covered), 'en')})."
                if in_force
                else f"{self.doc_en} applies."
            )
        else:
            outcome = "not_applicable"
            vi = (
                f"Không có việc nào trong hồ sơ xảy ra từ ngày {self.doc_vi} có hiệu lực "
                f"({fmt_date(in_force, 'vi')})."
            )
            en = (
                f"No act in the dossier is on or after the date {self.doc_en} came into force "
                f"({fmt_date(in_force, 'en')})."
            )
        return Decision(
            id=ident,
            subject=None,
            outcome=outcome,
            citation=citation,
            explanation_vi=vi,
            explanation_en=en,
            value=value,
            has_value=True,
            scope=rule.scope,
        )

    def regulation(self) -> dict[str, Any]:
        h = self.base.header
        return {
            "id": self.document,
            "title": h.title if h else None,
            "issued": h.issued.isoformat() if h and h.issued else None,
            "in_force": h.in_force.isoformat() if h and h.in_force else None,
        }


# ----------------------------------------------------------------------------- helpers


def _source(engine: Engine, e: ast.Expr) -> str:
    for doc in engine.checked.documents:
        if doc.file == e.span.file and e.span.end > e.span.start:
            return " ".join(doc.source[e.span.start : e.span.end].split())
    if isinstance(e, ast.Name):
        return e.dotted
    return "…"


def _fields(value: Any, rest: Sequence[str]) -> Any:
    for part in rest:
        cls = value.__class__
        if cls is Rec:
            value = value.get(part)
        elif cls is Unknown or value is None:
            return value
        else:
            return Unknown()
    return value


@functools.lru_cache(maxsize=65536)
def _normalize_text(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _normalize(v: Any) -> str:
    return _normalize_text(str(v))


def _map1(v: Any, fn: Callable[[Any], Any]) -> Any:
    return v if isinstance(v, Unknown) or v is None else fn(v)


def _comparison(op: str, left: Fn, right: Fn) -> Fn:
    def cmp(ctx: Ctx, env: Env) -> Any:
        a, b = left(ctx, env), right(ctx, env)
        if a.__class__ is Unknown or b.__class__ is Unknown:
            return _unknowns(a, b)
        if op == "=":
            return a == b
        if op == "!=":
            return a != b
        if a is None or b is None:
            return False
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        return a >= b

    return cmp


def _aggregate_result(
    op: str,
    unknown: Unknown | None,
    n_chosen: int,
    items: Sequence[Any],
    values: list[Any],
    src_text: str,
    where_text: str | None,
) -> Any:
    """An aggregate's value from what its loop found: the number of elements chosen by the
    condition, an Unknown if the condition was undecided for some, and (but for «đếm» and
    «tỉ lệ») the body's value for each chosen element (the element itself without a body;
    true for «mọi» / «tồn tại»)."""
    if op == "count":
        return unknown or Fraction(n_chosen)
    if op == "share":
        if unknown is not None:
            return unknown
        if not items:
            return Unknown((src_text,))
        return Fraction(n_chosen, len(items))
    if op == "some":
        if any(v is True for v in values):
            return True
        return _unknowns(unknown, *values) or False
    if op == "every":
        if any(v is False for v in values):
            return False
        return _unknowns(unknown, *values) or True
    if op == "collect":
        return unknown or tuple(values)
    u = _unknowns(unknown, *values)
    if u is not None:
        return u
    present = [v for v in values if v is not None]
    if op == "sum":
        return sum(present, Fraction(0))
    if not present:
        if op != "mean":
            return None
        if items and where_text is not None:
            n = len(items)
            return Unknown(
                (src_text,),
                (
                    f"không có giá trị nào để tính trung bình: {src_text} có {n} phần "
                    f"tử, không phần tử nào thỏa «{where_text}»",
                    f"nothing to average: none of the {n} items of {src_text} meets «{where_text}»",
                ),
            )
        return Unknown((src_text,))
    if op == "mean":
        return sum(present, Fraction(0)) / len(present)
    return max(present) if op == "max" else min(present)


def _arith(
    cal: LegalCalendar, op: str, a: Any, b: Any, lunit: str | None, runit: str | None
) -> Any:
    """``a op b`` for + - * /: numbers, a date and a period in its unit, two dates (days)."""
    u = _unknowns(a, b)
    if u is not None:
        return u
    if a is None or b is None:
        return Unknown()
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return Fraction((a - b).days)
    if isinstance(a, dt.date):
        return _shift(cal, a, b if op == "+" else -b, runit)
    if isinstance(b, dt.date):
        return _shift(cal, b, a, lunit)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return Fraction(a) / Fraction(b) if b != 0 else Unknown()


def _shift(cal: LegalCalendar, d: dt.date, amount: Any, unit: str | None) -> Any:
    n = int(amount)
    if unit == "months":
        return cal.add_months(d, n)
    if unit == "years":
        return cal.add_years(d, n)
    if unit == "working_days":
        if n >= 0:
            return cal.add_working_days(d, n)
        return cal.working_days_before(d, -n)
    return d + dt.timedelta(days=n)


def _tie_gap(
    candidates: Sequence[tuple[Any, int, list[Any]]], gaps: Mapping[int, Sequence[Unknown | None]]
) -> Unknown | None:
    """The facts a ranking lacks: a key needed to order the candidates still tied at the top
    that some of them do not give. A missing key is never a guess (it is not ranked last)."""
    group = list(candidates)
    for k in range(len(group[0][2]) if group else 0):
        if len(group) <= 1:
            return None
        missing = _unknowns(*(gaps[pos][k] for _, pos, _ in group))
        if missing is not None:
            return missing
        best = min(keys[k] for _, _, keys in group)
        group = [x for x in group if x[2][k] == best]
    return None


def _decision_value(d: Decision) -> Any:
    if d.outcome in ("unknown", "not_applicable"):
        return Unknown(d.missing)
    if d.has_value:
        return d.value
    if d.outcome == "satisfied":
        return True
    if d.outcome == "violated":
        return False
    return Unknown()


def _subject_text(v: Any) -> str:
    if isinstance(v, Fraction) and v.denominator == 1:
        return str(int(v))
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _text(t: ast.Text | None, lang: str) -> str:
    if t is None:
        return ""
    return (t.en or t.vi) if lang == "en" else t.vi


def _authority_texts(a: Any) -> tuple[str | None, str | None]:
    if a is None or isinstance(a, Unknown):
        return None, None
    if isinstance(a, ast.AuthorityDecl):
        return a.text.vi, a.text.en or a.text.vi
    return str(a), str(a)


def _dedupe(nodes: Iterable[Because]) -> list[Because]:
    seen: set[Because] = set()
    out = []
    for n in nodes:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


def _outcome_vi(d: Decision, shown: str | None = None) -> str:
    if d.has_value and d.value is not None:
        return shown or fmt_quantity(d.value, d.unit, "vi")
    return OUTCOME_WORDS["vi"][d.outcome]


def _outcome_en(d: Decision, shown: str | None = None) -> str:
    # the words of the English explanations ("met", "not met"), not the outcome codes
    if d.has_value and d.value is not None:
        return shown or fmt_quantity(d.value, d.unit, "en")
    return {"satisfied": "met", "pending": "still within time"}.get(
        d.outcome, d.outcome.replace("_", " ")
    )


def _explain(
    label: str,
    outcome: Outcome,
    value: Any,
    has_value: bool,
    reason: ast.Text | None,
    auth_vi: str | None,
    auth_en: str | None,
    missing: Unknown | None,
    by_exception: bool,
    due: dt.date | None,
    done_on: dt.date | None,
    citation: Citation,
    unit: str | None = None,
    shown: tuple[str, str] | None = None,
    label_en: str | None = None,
) -> tuple[str, str]:
    label_en = label_en or label
    cite_vi, cite_en = citation.cite("vi"), citation.cite("en")
    if shown is None:
        shown = fmt_quantity(value, unit, "vi"), fmt_quantity(value, unit, "en")
    val_vi = f" {shown[0]}" if has_value and value is not None else ""
    val_en = f" {shown[1]}" if has_value and value is not None else ""
    if outcome == "unknown" and missing is not None and missing.why is not None:
        return (
            f"{label}: chưa đủ thông tin để quyết định — {missing.why[0]}.",
            f"{label_en}: not enough information to decide — {missing.why[1]}.",
        )
    if outcome == "unknown":
        paths = ", ".join(sorted(missing.missing)) if missing and missing.missing else "—"
        return (
            f"{label}: chưa đủ thông tin để quyết định (thiếu {paths}).",
            f"{label_en}: not enough information to decide (missing {paths}).",
        )
    if outcome == "not_applicable":
        return (
            f"{label}: không áp dụng đối với hồ sơ này.",
            f"{label_en}: does not apply to this dossier.",
        )
    if due is not None:
        if outcome == "pending":
            return (
                f"{label}: hạn {fmt_date(due, 'vi')}, chưa thực hiện, còn trong thời hạn "
                f"({cite_vi}).",
                f"{label_en}: due {fmt_date(due, 'en')}, not yet done, still within time "
                f"({cite_en}).",
            )
        if done_on is not None and outcome == "satisfied":
            return (
                f"{label}: thực hiện ngày {fmt_date(done_on, 'vi')}, trong hạn "
                f"{fmt_date(due, 'vi')} ({cite_vi}).",
                f"{label_en}: done on {fmt_date(done_on, 'en')}, within the time limit ending "
                f"{fmt_date(due, 'en')} ({cite_en}).",
            )
        if done_on is not None:
            return (
                f"{label}: thực hiện ngày {fmt_date(done_on, 'vi')}, sau hạn "
                f"{fmt_date(due, 'vi')} ({cite_vi}).",
                f"{label_en}: done on {fmt_date(done_on, 'en')}, after the time limit ending "
                f"{fmt_date(due, 'en')} ({cite_en}).",
            )
        return (
            f"{label}: quá hạn {fmt_date(due, 'vi')} mà chưa thực hiện ({cite_vi}).",
            f"{label_en}: overdue since {fmt_date(due, 'en')} and not done ({cite_en}).",
        )
    why_vi = f" — {_text(reason, 'vi')}" if reason else ""
    why_en = f" — {_text(reason, 'en')}" if reason else ""
    if outcome == "violated":
        return (
            f"{label}: không đáp ứng{why_vi} ({cite_vi}).",
            f"{label_en}: not met{why_en} ({cite_en}).",
        )
    if outcome == "referred":
        # "The Chairperson …" opens the authority's own line; inside a sentence it is "the …"
        if auth_en is not None and auth_en.startswith("The "):
            auth_en = "the " + auth_en[4:]
        return (
            f"{label}: không theo quy định chung{why_vi}; do {auth_vi} xem xét, quyết định "
            f"({cite_vi}).",
            f"{label_en}: outside the general rule{why_en}; for {auth_en} to consider and decide "
            f"({cite_en}).",
        )
    if by_exception:
        return (
            f"{label}: đáp ứng theo ngoại lệ, do cấp có thẩm quyền đã quyết định ({cite_vi}).",
            f"{label_en}: met by exception, decided by the competent authority ({cite_en}).",
        )
    if has_value:
        return (
            f"{label}:{val_vi or ' không có'} ({cite_vi}).",
            f"{label_en}:{val_en or ' none'} ({cite_en}).",
        )
    return (f"{label}: đáp ứng ({cite_vi}).", f"{label_en}: met ({cite_en}).")


def _deadline_state(d: Decision) -> Any:
    if d.outcome == "pending":
        return "open"
    if d.done_on is not None:
        return "met" if d.outcome != "violated" else "missed"
    return "overdue" if d.outcome == "violated" else "met"


def _status(decisions: Sequence[Decision]) -> Any:
    if any(d.scope and d.outcome in ("violated", "not_applicable") for d in decisions):
        return "out_of_scope"
    outcomes = {d.outcome for d in decisions}
    if "violated" in outcomes:
        return "non_compliant"
    if "referred" in outcomes:
        return "needs_review"
    if "unknown" in outcomes:
        return "incomplete"
    return "compliant"

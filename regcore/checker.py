"""Static checks (third stage of the pipeline): the law's structure, names, types and units,
citations, reuse, conflicts between rules, cycles, and lint.

``check(docs)`` takes a parsed document and the layers that extend it, collects *every*
problem as a diagnostic (never stopping at the first), and returns a :class:`CheckedRules`:
the symbol tables later stages compile from. Nothing here evaluates anything.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs
from attrs import frozen

from regcore import ast
from regcore.diagnostics import Diagnostic, sort_key
from regcore.keywords import BUILTIN_FUNCTIONS, BUILTIN_TYPES, UNIT_NAMES, builtin_by_spelling

__all__ = ["CheckedRules", "Provisions", "T", "check", "ref_targets"]

_TYPE_NAMES = builtin_by_spelling(BUILTIN_TYPES)
_FUNCTIONS = builtin_by_spelling(BUILTIN_FUNCTIONS)
_POINT_LETTERS = (
    *("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m"),
    *("n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"),
)
_UNIT_VI = {u: names[0] for u, names in UNIT_NAMES.items()}
_UNIT_EN = {u: names[1] for u, names in UNIT_NAMES.items()}
_DURATIONS = ("days", "working_days", "months", "years")


# ----------------------------------------------------------------------------- types


@frozen
class T:
    """A static type: bool, num (with a unit or none), date, text, enum, record, list …"""

    kind: Literal[
        "bool",
        "num",
        "date",
        "text",
        "enum",
        "record",
        "list",
        "null",
        "authority",
        "rubric",
        "any",
    ]
    unit: str | None = None
    name: str | None = None
    elem: T | None = None

    def vi(self) -> str:
        return self._show("vi")

    def en(self) -> str:
        return self._show("en")

    def _show(self, lang: str) -> str:
        vi = lang == "vi"
        if self.kind == "num":
            if self.unit:
                return (_UNIT_VI if vi else _UNIT_EN)[self.unit]
            return "số" if vi else "number"
        if self.kind == "list":
            inner = self.elem._show(lang) if self.elem else "?"
            return f"danh sách {inner}" if vi else f"list of {inner}"
        if self.kind in ("enum", "record"):
            return str(self.name)
        names = {
            "bool": ("đúng/sai", "true/false"),
            "date": ("ngày tháng", "date"),
            "text": ("chuỗi", "text"),
            "null": ("rỗng", "null"),
            "authority": ("thẩm quyền", "authority"),
            "rubric": ("thang điểm", "rubric"),
            "any": ("bất kỳ", "any"),
        }
        return names[self.kind][0 if vi else 1]


BOOL = T("bool")
DATE = T("date")
TEXT = T("text")
NUM = T("num")
ANY = T("any")
NULL = T("null")


def _num(unit: str | None) -> T:
    return T("num", unit=unit)


def ref_targets(
    ref: ast.Ref, pos: ast.LawPos, document: str
) -> tuple[str, list[tuple[int, int | None, str | None]]] | None:
    """The (article, clause, point) units a reference names, read relative to ``pos`` (where
    it is written) in ``document`` unless it names another; None when it cannot be placed."""
    document = ref.document or document
    articles = list(ref.articles)
    if not articles:
        if pos.article is None:
            return None
        articles = [pos.article]
    clauses: list[int | None] = list(ref.clauses)
    if not clauses:
        clauses = [pos.clause if ref.points and not ref.articles else None]
    points: list[str | None] = list(ref.points) or [None]
    return document, [(a, c, p) for a in articles for c in clauses for p in points]


# ----------------------------------------------------------------------------- results


@frozen
class Provisions:
    """The law's structure of one document: which articles, clauses and points exist."""

    document: str
    articles: frozenset[int]
    clauses: frozenset[tuple[int, int]]
    points: frozenset[tuple[int, int, str]]


@frozen
class RuleInfo:
    rule: ast.Rule
    document: str
    per_element: bool


@frozen
class CheckedRules:
    """What the checks established, for the compiler: symbols, structure and warnings."""

    documents: tuple[ast.Document, ...]
    enums: dict[str, ast.EnumDecl]
    records: dict[str, ast.RecordDecl]
    inputs: tuple[ast.Field, ...]
    authorities: dict[str, ast.AuthorityDecl]
    rubrics: dict[str, ast.RubricDecl]
    defines: dict[str, ast.Define]
    rules: dict[str, tuple[RuleInfo, ...]]
    provisions: dict[str, Provisions]
    warnings: tuple[Diagnostic, ...]
    types: dict[int, T] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def input_label(self) -> str | None:
        """The label of the dossier (the first «đầu vào "…"» that has one)."""
        return next(
            (
                item.label
                for doc in self.documents
                for item in doc.items
                if isinstance(item, ast.InputDecl) and item.label
            ),
            None,
        )

    def unit_of(self, e: ast.Expr) -> str | None:
        """The unit of a numeric expression as the checker inferred it (None: plain number)."""
        t = self.types.get(id(e))
        return t.unit if t is not None and t.kind == "num" else None


# ----------------------------------------------------------------------------- the checker


class _Checker:
    def __init__(self, docs: Sequence[ast.Document]) -> None:
        self.docs = list(docs)
        self.diags: list[Diagnostic] = []
        self.doc: ast.Document = docs[0]
        self.enums: dict[str, ast.EnumDecl] = {}
        self.records: dict[str, ast.RecordDecl] = {}
        self.inputs: list[ast.Field] = []
        self.authorities: dict[str, ast.AuthorityDecl] = {}
        self.rubrics: dict[str, ast.RubricDecl] = {}
        self.defines: dict[str, ast.Define] = {}
        self.rules: dict[str, list[RuleInfo]] = {}
        self.rule_doc: dict[int, ast.Document] = {}
        self.provisions: dict[str, Provisions] = {}
        self.used_fields: set[tuple[str, str]] = set()  # (record or "", field)
        self.used_any: set[str] = set()
        # The static type of every expression node (by id), for the compiler's unit choices.
        self.types: dict[int, T] = {}  # fields read through an untyped parameter
        self.decision_types: dict[str, T] = {}
        self.in_progress: list[str] = []
        self.deps: dict[str, set[str]] = {}
        self.current: str | None = None
        # the rules by (document, article), in the order of self.rules (see rules_at)
        self._rules_by_article: dict[tuple[str, int | None], list[tuple[int, RuleInfo]]] | None
        self._rules_by_article = None

    # -- reporting
    def err(self, code: str, span: ast.Span, **args: object) -> None:
        doc = next((d for d in self.docs if d.file == span.file), self.doc)
        self.diags.append(Diagnostic(code, span, args, source=doc.source))

    def err_types(self, code: str, span: ast.Span, left: T, right: T, **args: object) -> None:
        """A diagnostic about two types (a comparison, an operation, units that differ)."""
        self.err(
            code,
            span,
            left=left.vi(),
            right=right.vi(),
            left_en=left.en(),
            right_en=right.en(),
            **args,
        )

    # -- entry
    def run(self) -> CheckedRules:
        for doc in self.docs:
            self.doc = doc
            self.structure(doc)
        for doc in self.docs:
            self.doc = doc
            self.collect(doc)
        for doc in self.docs:
            self.doc = doc
            self.check_header(doc)
            for item in doc.items:
                self.check_item(item)
        self.check_conflicts()
        self.check_cycles()
        self.check_unused()
        errors = [d for d in self.diags if d.severity == "error"]
        warnings = [d for d in self.diags if d.severity == "warning"]
        if errors:
            from regcore.errors import RuleCheckError

            # "Declared but unused" is unreliable when names did not resolve: a misspelt
            # field would be reported twice, first (by position) as unused.
            shown = [d for d in self.diags if d.code != "W410"]
            raise RuleCheckError(sorted(_unique(shown), key=sort_key))
        return CheckedRules(
            documents=tuple(self.docs),
            enums=self.enums,
            records=self.records,
            inputs=tuple(self.inputs),
            authorities=self.authorities,
            rubrics=self.rubrics,
            defines=self.defines,
            rules={k: tuple(v) for k, v in self.rules.items()},
            provisions=self.provisions,
            warnings=tuple(sorted(_unique(warnings), key=sort_key)),
            types=self.types,
        )

    # ------------------------------------------------------------------ structure
    def structure(self, doc: ast.Document) -> None:
        number = doc.header.number if doc.header else doc.file
        articles: dict[int, ast.Heading] = {}
        clauses: dict[tuple[int, int], ast.Heading] = {}
        points: dict[tuple[int, int], list[str]] = {}
        point_keys: set[tuple[int, int, str]] = set()
        article: int | None = None
        clause: int | None = None
        last_article = 0
        for item in doc.items:
            if not isinstance(item, ast.Heading):
                continue
            if item.level == "chapter":
                if not _is_roman(item.number):
                    self.err("E209", item.span, number=item.number)
                article = clause = None
            elif item.level == "section":
                article = clause = None
            elif item.level == "article":
                n = int(item.number)
                if n in articles:
                    self.err("E201", item.span, n=n, line=articles[n].span.line)
                elif n < last_article:
                    self.err("W403", item.span, n=n, prev=last_article)
                articles.setdefault(n, item)
                last_article = max(last_article, n)
                article, clause = n, None
            elif item.level == "clause":
                if article is None:
                    self.err(
                        "E204",
                        item.span,
                        what=f"khoản {item.number}",
                        what_en=f"clause {item.number}",
                    )
                    continue
                n = int(item.number)
                if (article, n) in clauses:
                    self.err(
                        "E202",
                        item.span,
                        n=n,
                        article=article,
                        line=clauses[(article, n)].span.line,
                    )
                clauses.setdefault((article, n), item)
                clause = n
            else:
                if article is None or clause is None:
                    self.err(
                        "E204",
                        item.span,
                        what=f"điểm {item.number}",
                        what_en=f"point {item.number}",
                    )
                    continue
                letter = item.number
                seen = points.setdefault((article, clause), [])
                if letter not in _POINT_LETTERS:
                    self.err("E203", item.span, letter=letter)
                elif letter in seen:
                    if letter == "d" and "đ" not in seen:
                        self.err("W404", item.span, letter=letter)
                    else:
                        self.err("W401", item.span, letter=letter, clause=clause, article=article)
                elif seen and _POINT_LETTERS.index(letter) < _POINT_LETTERS.index(seen[-1]):
                    # Gaps are allowed (a file may encode only some points, and the law
                    # itself skips "c)" in khoản 2 Điều 36); going backwards is not.
                    self.err("W402", item.span, letter=letter, prev=seen[-1])
                seen.append(letter)
                point_keys.add((article, clause, letter))
        self.provisions[number] = Provisions(
            number,
            frozenset(articles),
            frozenset(clauses),
            frozenset(point_keys),
        )

    # ------------------------------------------------------------------ symbols
    def collect(self, doc: ast.Document) -> None:
        number = doc.header.number if doc.header else doc.file
        for item in doc.items:
            if isinstance(item, ast.EnumDecl):
                self._declare(self.enums, item.name, item)
                values = [v.value for v in item.values]
                for v in item.values:
                    if values.count(v.value) > 1 and values.index(v.value) != item.values.index(v):
                        self.err("E208", v.span, value=v.value, name=item.name)
            elif isinstance(item, ast.RecordDecl):
                self._declare(self.records, item.name, item)
                self._check_fields(item.fields)
            elif isinstance(item, ast.InputDecl):
                existing = {f.name for f in self.inputs}
                for f in item.fields:
                    if f.name in existing:
                        self.err("E206", f.span, name=f.name)
                    existing.add(f.name)
                self._check_fields(item.fields)
                self.inputs.extend(item.fields)
            elif isinstance(item, ast.AuthorityDecl):
                self._declare(self.authorities, item.name, item)
            elif isinstance(item, ast.RubricDecl):
                self._declare(self.rubrics, item.name, item)
            elif isinstance(item, ast.Define):
                self._declare(self.defines, item.name, item)
            elif isinstance(item, ast.Rule):
                per = any(isinstance(c, ast.ForEach) for c in item.clauses)
                self.rules.setdefault(item.id, []).append(RuleInfo(item, number, per))
                self._rules_by_article = None

    def _declare(self, table: dict[str, Any], name: str, item: Any) -> None:
        span: ast.Span = item.span
        taken = self._taken(name)
        if taken is not None:
            self.err("E206", span, name=name)
            return
        table[name] = item

    def _taken(self, name: str) -> object | None:
        for table in (self.enums, self.records, self.authorities, self.rubrics, self.defines):
            if name in table:
                return table[name]
        if name in _TYPE_NAMES or name in _FUNCTIONS:
            return name
        return None

    def _check_fields(self, fields: Sequence[ast.Field]) -> None:
        names: set[str] = set()
        for f in fields:
            if f.name in names:
                self.err("E206", f.span, name=f.name)
            names.add(f.name)

    # ------------------------------------------------------------------ field types
    def type_of_ref(self, ref: ast.TypeRef) -> T:
        if ref.is_unit:
            base = _num(ref.name)
        elif ref.name in _TYPE_NAMES:
            canonical = _TYPE_NAMES[ref.name]
            base = {
                "bool": BOOL,
                "integer": NUM,
                "number": NUM,
                "date": DATE,
                "text": TEXT,
            }[canonical]
        elif ref.name in self.enums:
            base = T("enum", name=ref.name)
        elif ref.name in self.records:
            base = T("record", name=ref.name)
        else:
            self.err(
                "E215",
                ref.span,
                name=ref.name,
                suggestion=self._suggest(ref.name, [*self.enums, *self.records, *_TYPE_NAMES]),
            )
            base = ANY
        return T("list", elem=base) if ref.is_list else base

    def record_fields(self, name: str | None) -> Sequence[ast.Field]:
        if name is None:
            return self.inputs
        rec = self.records.get(name)
        return rec.fields if rec else ()

    # ------------------------------------------------------------------ header
    def check_header(self, doc: ast.Document) -> None:
        h = doc.header
        if h is None:
            return
        if h.force_ref is not None:
            self.resolve_ref(h.force_ref, ast.LawPos())
        if h.extends is not None and h.extends not in self.provisions:
            self.err("E226", h.extends_span or h.span, document=h.extends)

    # ------------------------------------------------------------------ items
    def check_item(self, item: ast.Item) -> None:
        if isinstance(item, ast.RecordDecl | ast.InputDecl):
            for f in item.fields:
                ftype = self.type_of_ref(f.type)
                if f.default is not None:
                    scope = {g.name: self.type_of_ref(g.type) for g in item.fields}
                    dtype = self.expr(f.default, scope, item.pos)
                    self.unify(ftype, dtype, f.default.span)
        elif isinstance(item, ast.RubricDecl):
            if item.cite is not None:
                self.resolve_ref(item.cite, item.pos)
        elif isinstance(item, ast.Define):
            self.current = f"define:{item.name}"
            scope = dict.fromkeys(item.params, ANY)
            self.expr(item.expr, scope, item.pos)
            self.current = None
        elif isinstance(item, ast.Rule):
            self.check_rule(item)
        elif isinstance(item, ast.EnumDecl) and not item.values:
            self.err("E240", item.span, id=item.name)

    def check_rule(self, rule: ast.Rule) -> None:
        self.current = rule.id
        self.decision_type(rule.id)
        cites = [c for c in rule.clauses if isinstance(c, ast.Citing)]
        if rule.pos.article is None and not cites:
            self.err("E205", rule.id_span, id=rule.id)
        scope: dict[str, T] = {}
        deciding = 0
        has_for_each = False
        deadlines = 0
        for clause in rule.clauses:
            pos = rule.pos
            if isinstance(clause, ast.When):
                self.expect_bool(self.expr(clause.cond, scope, pos), clause.cond.span)
            elif isinstance(clause, ast.ForEach):
                has_for_each = True
                source = self.expr(clause.source, scope, pos)
                scope[clause.var] = self.elem_of(source, clause.source.span)
                if clause.where is not None:
                    self.expect_bool(self.expr(clause.where, scope, pos), clause.where.span)
            elif isinstance(clause, ast.Subject):
                if not has_for_each:
                    self.err("E242", clause.span)
                self.expr(clause.expr, scope, pos)
            elif isinstance(clause, ast.Let):
                scope[clause.name] = self.expr(clause.expr, scope, pos)
            elif isinstance(clause, ast.Value):
                deciding += 1
                self.expr(clause.expr, scope, pos)
                self.cite(clause.cite, pos)
            elif isinstance(clause, ast.Require | ast.ViolatedWhen):
                deciding += 1
                self.expect_bool(self.expr(clause.cond, scope, pos), clause.cond.span)
                self.cite(clause.cite, pos)
                if isinstance(clause, ast.Require) and clause.referral is not None:
                    self.expect_authority(clause.referral.authority, scope, pos)
                    if clause.referral.unless is not None:
                        self.expect_bool(
                            self.expr(clause.referral.unless, scope, pos),
                            clause.referral.unless.span,
                        )
            elif isinstance(clause, ast.ReferWhen):
                deciding += 1
                self.expect_authority(clause.authority, scope, pos)
                self.expect_bool(self.expr(clause.cond, scope, pos), clause.cond.span)
                if clause.unless is not None:
                    self.expect_bool(self.expr(clause.unless, scope, pos), clause.unless.span)
                self.cite(clause.cite, pos)
            elif isinstance(clause, ast.Deadline):
                deciding += 1
                deadlines += 1
                if deadlines == 2:
                    self.err("E241", clause.span, id=rule.id)
                self.check_deadline(clause, scope, pos)
            elif isinstance(clause, ast.Classify):
                deciding += 1
                grade_type: T | None = None
                for rung in clause.rungs:
                    gt = self.expr(rung.grade, scope, pos)
                    grade_type = (
                        gt if grade_type is None else self.unify(grade_type, gt, rung.grade.span)
                    )
                    if rung.cond is not None:
                        self.expect_bool(self.expr(rung.cond, scope, pos), rung.cond.span)
                    self.cite(rung.cite, pos)
            elif isinstance(clause, ast.Rank):
                deciding += 1
                source = self.expr(clause.source, scope, pos)
                scope[clause.var] = self.elem_of(source, clause.source.span)
                if clause.where is not None:
                    self.expect_bool(self.expr(clause.where, scope, pos), clause.where.span)
                for key in clause.keys:
                    kt = self.expr(key.expr, scope, pos)
                    if key.direction == "prefer":
                        self.expect_bool(kt, key.expr.span)
                    elif kt.kind not in ("num", "date", "any"):
                        self.err("E316", key.expr.span, type=kt.vi(), type_en=kt.en())
                if clause.tie_authority is not None:
                    self.expect_authority(clause.tie_authority, scope, pos)
            elif isinstance(clause, ast.Apply):
                deciding += 1
                self.check_apply(rule, clause, scope)
            elif isinstance(clause, ast.ExceptionTo):
                self.check_exception(rule, clause)
            elif isinstance(clause, (ast.Overrides, ast.Citing)):
                self.resolve_ref(clause.ref, pos)
            elif isinstance(clause, ast.Governed):
                self.expect_type(self.expr(clause.expr, scope, pos), DATE, clause.expr.span)
            elif isinstance(clause, ast.ChecksForce):
                deciding += 1
        if deciding == 0:
            self.err("E240", rule.id_span, id=rule.id)
        self.current = None

    def check_deadline(self, d: ast.Deadline, scope: dict[str, T], pos: ast.LawPos) -> None:
        self.expect_type(self.expr(d.act, scope, pos), DATE, d.act.span)
        self.cite(d.cite, pos)
        p = d.period
        if isinstance(p, ast.Within):
            self.expect_type(self.expr(p.event, scope, pos), DATE, p.event.span)
            if p.unit not in _DURATIONS:
                self.err("E301", p.span, unit=_UNIT_VI[p.unit], unit_en=_UNIT_EN[p.unit])
            elif p.unit == "working_days":
                if p.rolled is not None:
                    self.err("E309", p.span)
            elif p.rolled is None:
                self.err("E308", p.span, unit=_UNIT_VI[p.unit], unit_en=_UNIT_EN[p.unit])
        else:
            self.expect_type(self.expr(p.meeting, scope, pos), DATE, p.meeting.span)
            if p.unit not in ("days", "working_days"):
                self.err("E319", p.span, unit=_UNIT_VI[p.unit], unit_en=_UNIT_EN[p.unit])

    def check_apply(self, rule: ast.Rule, clause: ast.Apply, scope: dict[str, T]) -> None:
        if not self.resolve_ref(clause.ref, rule.pos):
            return
        targets = self.rules_at(clause.ref, rule.pos, rule.id)
        if not targets:
            self.err(
                "E221",
                clause.ref.span,
                ref=self.show_ref(clause.ref, rule.pos),
                ref_en=self.show_ref_en(clause.ref, rule.pos),
            )
            return
        if len(targets) > 1:
            self.err(
                "E222",
                clause.ref.span,
                ref=self.show_ref(clause.ref, rule.pos),
                ref_en=self.show_ref_en(clause.ref, rule.pos),
                ids=", ".join(sorted({t.id for t in targets})),
            )
            return
        target = targets[0]
        if target is rule:
            self.err("E230", clause.span, cycle=rule.id)
            return
        lets = {c.name for c in target.clauses if isinstance(c, ast.Let)}
        for name, expr in clause.bindings:
            if name not in lets:
                self.err(
                    "E223", expr.span, name=name, id=target.id, suggestion=self._suggest(name, lets)
                )
            self.expr(expr, scope, rule.pos)
        if target.id != rule.id:
            self.add_dep(target.id)

    def check_exception(self, rule: ast.Rule, clause: ast.ExceptionTo) -> None:
        if not self.resolve_ref(clause.ref, rule.pos):
            return
        others = [r for r in self.rules_at(clause.ref, rule.pos, rule.id) if r.id == rule.id]
        if not others:
            self.err(
                "E224",
                clause.ref.span,
                id=rule.id,
                ref=self.show_ref(clause.ref, rule.pos),
                ref_en=self.show_ref_en(clause.ref, rule.pos),
            )

    # ------------------------------------------------------------------ references
    def _ref_targets(
        self, ref: ast.Ref, pos: ast.LawPos
    ) -> tuple[str, list[tuple[int, int | None, str | None]]] | None:
        document = self.doc.header.number if self.doc.header else self.doc.file
        return ref_targets(ref, pos, document)

    def resolve_ref(self, ref: ast.Ref, pos: ast.LawPos) -> bool:
        targets = self._ref_targets(ref, pos)
        if targets is None:
            self.err("E225", ref.span)
            return False
        document, keys = targets
        prov = self.provisions.get(document)
        if prov is None:
            self.err("E226", ref.span, document=document)
            return False
        ok = True
        for a, c, p in keys:
            if p is not None and c is None:
                self.err("E225", ref.span)
                return False
            missing: tuple[str, str, tuple[str, str]] | None = None
            if a not in prov.articles:
                missing = (f"Điều {a}", f"Article {a}", self._near_articles(prov, a))
            elif c is not None and (a, c) not in prov.clauses:
                missing = (
                    f"khoản {c} Điều {a}",
                    f"clause {c} of Article {a}",
                    self._near_clauses(prov, a),
                )
            elif p is not None and c is not None and (a, c, p) not in prov.points:
                missing = (
                    f"điểm {p} khoản {c} Điều {a}",
                    f"point {p} of clause {c}, Article {a}",
                    self._near_points(prov, a, c),
                )
            if missing is not None:
                ref_vi, ref_en, (near_vi, near_en) = missing
                self.err(
                    "E220",
                    ref.span,
                    ref=ref_vi,
                    ref_en=ref_en,
                    document=document,
                    near=near_vi,
                    near_en=near_en,
                )
                ok = False
        return ok

    def _near_articles(self, prov: Provisions, a: int) -> tuple[str, str]:
        if not prov.articles:
            return "văn bản chưa có Điều nào", "the document has no article yet"
        listed = ", ".join(str(n) for n in sorted(prov.articles))
        return f"các Điều có trong văn bản: {listed}", f"the articles in the document: {listed}"

    def _near_clauses(self, prov: Provisions, a: int) -> tuple[str, str]:
        cs = sorted(c for (aa, c) in prov.clauses if aa == a)
        if not cs:
            return f"Điều {a} không chia khoản", f"Article {a} has no clauses"
        listed = ", ".join(str(c) for c in cs)
        return f"Điều {a} có các khoản: {listed}", f"Article {a} has the clauses: {listed}"

    def _near_points(self, prov: Provisions, a: int, c: int) -> tuple[str, str]:
        ps = sorted(
            {p for (aa, cc, p) in prov.points if aa == a and cc == c},
            key=lambda x: _POINT_LETTERS.index(x) if x in _POINT_LETTERS else 99,
        )
        if not ps:
            return f"khoản {c} Điều {a} không chia điểm", f"clause {c} of Article {a} has no points"
        listed = ", ".join(ps)
        return (
            f"khoản {c} Điều {a} có các điểm: {listed}",
            f"clause {c} of Article {a} has the points: {listed}",
        )

    def show_ref(self, ref: ast.Ref, pos: ast.LawPos) -> str:
        targets = self._ref_targets(ref, pos)
        if targets is None:
            return "?"
        parts = []
        if ref.points:
            parts.append("điểm " + ", ".join(ref.points))
        if ref.clauses or ref.points:
            parts.append("khoản " + ", ".join(str(c) for c in (ref.clauses or (pos.clause,))))
        parts.append("Điều " + ", ".join(str(a) for a in (ref.articles or (pos.article,))))
        return " ".join(parts)

    def show_ref_en(self, ref: ast.Ref, pos: ast.LawPos) -> str:
        if self._ref_targets(ref, pos) is None:
            return "?"
        parts = []
        if ref.points:
            parts.append("point " + ", ".join(ref.points) + " of")
        if ref.clauses or ref.points:
            clauses = ", ".join(str(c) for c in (ref.clauses or (pos.clause,)))
            parts.append(f"clause {clauses} of")
        parts.append("Article " + ", ".join(str(a) for a in (ref.articles or (pos.article,))))
        return " ".join(parts)

    def rules_at(self, ref: ast.Ref, pos: ast.LawPos, prefer_id: str) -> list[ast.Rule]:
        targets = self._ref_targets(ref, pos)
        if targets is None:
            return []
        document, keys = targets
        # only the rules of the articles cited, in the order of self.rules (not all of them
        # for every reference: that made checking quadratic in the size of the file)
        index = self._rules_by_article
        if index is None:
            index = self._rules_by_article = {}
            n = 0
            for infos in self.rules.values():
                for info in infos:
                    index.setdefault((info.document, info.rule.pos.article), []).append((n, info))
                    n += 1
        articles = dict.fromkeys(a for a, _, _ in keys)
        candidates = [x for a in articles for x in index.get((document, a), ())]
        if len(articles) > 1:
            candidates.sort(key=lambda x: x[0])
        found: list[ast.Rule] = []
        for _, info in candidates:
            rp = info.rule.pos
            for a, c, p in keys:
                if (
                    rp.article == a
                    and (c is None or rp.clause == c)
                    and (p is None or rp.point == p)
                ):
                    found.append(info.rule)
                    break
        same = [r for r in found if r.id == prefer_id]
        return same or found

    def cite(self, ref: ast.Ref | None, pos: ast.LawPos) -> None:
        if ref is not None:
            self.resolve_ref(ref, pos)

    # ------------------------------------------------------------------ decisions
    def decision_type(self, rule_id: str) -> T:
        if rule_id in self.decision_types:
            return self.decision_types[rule_id]
        if rule_id in self.in_progress:
            return ANY  # the cycle is reported by check_cycles
        self.in_progress.append(rule_id)
        result = BOOL
        for info in self.rules.get(rule_id, ()):
            for clause in info.rule.clauses:
                if isinstance(clause, ast.Value):
                    result = self._quiet_type(info.rule, clause.expr)
                elif isinstance(clause, ast.Classify) and clause.rungs:
                    result = self._quiet_type(info.rule, clause.rungs[0].grade)
                elif isinstance(clause, ast.Rank):
                    result = ANY
        self.in_progress.pop()
        self.decision_types[rule_id] = result
        return result

    def _quiet_type(self, rule: ast.Rule, expr: ast.Expr) -> T:
        """The type of a decision's value, without reporting (check_rule reports)."""
        saved = self.diags
        saved_current = self.current
        self.diags = []
        self.current = rule.id
        scope: dict[str, T] = {}
        try:
            for clause in rule.clauses:
                if isinstance(clause, ast.ForEach):
                    scope[clause.var] = self.elem_of(
                        self.expr(clause.source, scope, rule.pos), clause.source.span
                    )
                elif isinstance(clause, ast.Let):
                    scope[clause.name] = self.expr(clause.expr, scope, rule.pos)
                elif isinstance(clause, ast.Rank):
                    scope[clause.var] = self.elem_of(
                        self.expr(clause.source, scope, rule.pos), clause.source.span
                    )
            return self.expr(expr, scope, rule.pos)
        finally:
            self.diags = saved
            self.current = saved_current

    def add_dep(self, target: str) -> None:
        if self.current is not None:
            self.deps.setdefault(self.current, set()).add(target)

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ast.Expr, scope: dict[str, T], pos: ast.LawPos) -> T:
        t = self._expr(e, scope, pos)
        self.types[id(e)] = t
        return t

    def _expr(self, e: ast.Expr, scope: dict[str, T], pos: ast.LawPos) -> T:
        if isinstance(e, ast.Num):
            return NUM
        if isinstance(e, ast.Quantity):
            return _num(e.unit)
        if isinstance(e, ast.Str):
            return TEXT
        if isinstance(e, ast.DateLit):
            return DATE
        if isinstance(e, ast.Bool):
            return BOOL
        if isinstance(e, ast.Null):
            return NULL
        if isinstance(e, ast.Name):
            return self.name(e, scope)
        if isinstance(e, ast.Call):
            return self.call(e, scope, pos)
        if isinstance(e, ast.ListLit):
            self._decimal_in_list(e.items)
            elem: T = ANY
            for i, item in enumerate(e.items):
                it = self.expr(item, scope, pos)
                elem = it if i == 0 else self.unify(elem, it, item.span)
            return T("list", elem=elem)
        if isinstance(e, ast.Aggregate):
            return self.aggregate(e, scope, pos)
        if isinstance(e, ast.Match):
            subject = self.expr(e.subject, scope, pos)
            result: T | None = None
            for case in e.cases:
                for key in case.keys:
                    kt = self.expr(key, scope, pos)
                    self.compare_types(subject, kt, key, case.span)
                rt = self.expr(case.result, scope, pos)
                result = rt if result is None else self.unify(result, rt, case.result.span)
            return result or ANY
        if isinstance(e, ast.If):
            self.expect_bool(self.expr(e.cond, scope, pos), e.cond.span)
            return self.unify(
                self.expr(e.then, scope, pos), self.expr(e.otherwise, scope, pos), e.otherwise.span
            )
        if isinstance(e, ast.Coalesce):
            return self.unify(
                self.expr(e.left, scope, pos), self.expr(e.right, scope, pos), e.right.span
            )
        if isinstance(e, ast.Not):
            self.expect_bool(self.expr(e.operand, scope, pos), e.operand.span)
            return BOOL
        if isinstance(e, ast.Neg):
            t = self.expr(e.operand, scope, pos)
            if t.kind not in ("num", "any"):
                self.err("E306", e.span, op="-", left=t.vi(), left_en=t.en(), right="", right_en="")
            return t
        if isinstance(e, ast.Present):
            self.expr(e.operand, scope, pos)
            return BOOL
        return self.binop(e, scope, pos)

    def binop(self, e: ast.BinOp, scope: dict[str, T], pos: ast.LawPos) -> T:
        left = self.expr(e.left, scope, pos)
        right = self.expr(e.right, scope, pos)
        op = e.op
        if op in ("and", "or"):
            self.expect_bool(left, e.left.span)
            self.expect_bool(right, e.right.span)
            return BOOL
        if op in ("in", "not in"):
            if right.kind not in ("list", "any"):
                self.err("E312", e.right.span, type=right.vi(), type_en=right.en())
                return BOOL
            elem = right.elem or ANY
            if isinstance(e.right, ast.ListLit):
                for item in e.right.items:
                    self.compare_types(left, self.expr(item, scope, pos), item, item.span)
            else:
                self.compare_types(left, elem, None, e.span)
            return BOOL
        if op in ("=", "!=", "<", "<=", ">", ">="):
            lit = (
                e.right
                if isinstance(e.right, ast.Str)
                else (e.left if isinstance(e.left, ast.Str) else None)
            )
            other = left if lit is e.right else right
            if lit is not None:
                self.compare_types(other, TEXT, lit, e.span)
            else:
                self.compare_types(left, right, None, e.span)
            if op not in ("=", "!=") and BOOL in (left, right):
                self.err_types("E303", e.span, left, right)
            return BOOL
        return self.arith(e, left, right)

    def arith(self, e: ast.BinOp, left: T, right: T) -> T:
        op = e.op
        if ANY in (left, right):
            return ANY
        if left.kind == "date" or right.kind == "date":
            if op == "+" and left.kind == "date" and right.kind == "num":
                return self._date_plus(e, right, e.right.span)
            if op == "+" and right.kind == "date" and left.kind == "num":
                return self._date_plus(e, left, e.left.span)
            if op == "-" and left.kind == "date" and right.kind == "date":
                return _num("days")
            if op == "-" and left.kind == "date" and right.kind == "num":
                return self._date_plus(e, right, e.right.span)
            self.err_types("E306", e.span, left, right, op=op)
            return ANY
        if left.kind != "num" or right.kind != "num":
            self.err_types("E306", e.span, left, right, op=op)
            return ANY
        lu, ru = left.unit, right.unit
        if op in ("+", "-"):
            if lu and ru and lu != ru:
                code = "E302" if {lu, ru} == {"days", "working_days"} else "E310"
                self.err_types(code, e.span, left, right)
                return ANY
            return _num(lu or ru)
        if op == "*":
            if lu and ru:
                self.err_types("E318", e.span, left, right)
                return ANY
            return _num(lu or ru)
        # division
        if lu and ru:
            if lu != ru:
                self.err_types("E310", e.span, left, right)
            return NUM
        return _num(lu)

    def _date_plus(self, e: ast.BinOp, dur: T, span: ast.Span) -> T:
        if dur.unit in _DURATIONS:
            return DATE
        self.err("E301", span, unit=dur.vi(), unit_en=dur.en())
        return DATE

    def compare_types(self, a: T, b: T, literal: ast.Expr | None, span: ast.Span) -> None:
        if "any" in (a.kind, b.kind) or "null" in (a.kind, b.kind):
            return
        if a.kind == "enum" and b.kind == "text" and isinstance(literal, ast.Str):
            decl = self.enums.get(a.name or "")
            if decl is not None and literal.value not in {v.value for v in decl.values}:
                allowed = [v.value for v in decl.values]
                self.err(
                    "E305",
                    literal.span,
                    value=literal.value,
                    enum=a.name,
                    allowed=", ".join(f'"{v}"' for v in allowed),
                    suggestion=self._suggest(literal.value, allowed),
                )
            return
        if b.kind == "enum" and a.kind == "text":
            return
        if a.kind == "enum" and b.kind == "enum" and a.name != b.name:
            self.err_types("E303", span, a, b)
            return
        if {a.kind, b.kind} <= {"text", "enum"}:
            return
        if a.kind != b.kind:
            self.err_types("E303", span, a, b)
            return
        if a.kind == "num" and a.unit and b.unit and a.unit != b.unit:
            code = "E302" if {a.unit, b.unit} == {"days", "working_days"} else "E310"
            self.err_types(code, span, a, b)

    def unify(self, a: T, b: T, span: ast.Span) -> T:
        if a.kind in ("any", "null"):
            return b
        if b.kind in ("any", "null"):
            return a
        if a.kind == "num" and b.kind == "num":
            if a.unit and b.unit and a.unit != b.unit:
                self.err_types("E310", span, a, b)
                return ANY
            return _num(a.unit or b.unit)
        if {a.kind, b.kind} <= {"text", "enum"}:
            return a if a.kind == "enum" else b
        if a.kind != b.kind:
            self.err_types("E303", span, a, b)
            return ANY
        return a

    def expect_bool(self, t: T, span: ast.Span) -> None:
        if t.kind not in ("bool", "any"):
            self.err("E304", span, type=t.vi(), type_en=t.en())

    def expect_type(self, t: T, want: T, span: ast.Span) -> None:
        if t.kind in ("any", "null") or t.kind == want.kind:
            return
        self.err("E307", span, want=want.vi(), want_en=want.en(), type=t.vi(), type_en=t.en())

    def expect_authority(self, e: ast.Expr, scope: dict[str, T], pos: ast.LawPos) -> None:
        t = self.expr(e, scope, pos)
        if t.kind not in ("authority", "text", "any"):
            self.err(
                "E313",
                e.span,
                type=t.vi(),
                type_en=t.en(),
                suggestion=", ".join(sorted(self.authorities)) or "—",
            )

    def elem_of(self, t: T, span: ast.Span) -> T:
        if t.kind == "list":
            return t.elem or ANY
        if t.kind != "any":
            self.err("E312", span, type=t.vi(), type_en=t.en())
        return ANY

    def aggregate(self, e: ast.Aggregate, scope: dict[str, T], pos: ast.LawPos) -> T:
        source = self.expr(e.source, scope, pos)
        inner = dict(scope)
        inner[e.var] = self.elem_of(source, e.source.span)
        if e.where is not None:
            self.expect_bool(self.expr(e.where, inner, pos), e.where.span)
        body = self.expr(e.body, inner, pos) if e.body is not None else None
        if e.op in ("count", "share"):
            return NUM
        if e.op in ("every", "some"):
            if body is not None:
                self.expect_bool(body, e.body.span if e.body else e.span)
            return BOOL
        if e.op == "collect":
            return T("list", elem=body or inner[e.var])
        if body is None:
            self.err("E314", e.span, op=e.op)
            return ANY
        if body.kind not in ("num", "any") and not (e.op in ("max", "min") and body.kind == "date"):
            self.err("E316", e.body.span if e.body else e.span, type=body.vi(), type_en=body.en())
            return ANY
        return body

    def call(self, e: ast.Call, scope: dict[str, T], pos: ast.LawPos) -> T:
        fname = e.func.dotted
        self._decimal_in_list(e.args)
        args = [self.expr(a, scope, pos) for a in e.args]
        if fname in _FUNCTIONS:
            return self.builtin(_FUNCTIONS[fname], e, args)
        if fname in self.defines:
            d = self.defines[fname]
            self.add_dep(f"define:{fname}")
            if len(d.params) != len(e.args):
                self.err("E311", e.span, name=fname, want=len(d.params), got=len(e.args))
            return self._define_type(d)
        if fname in self.rules:
            self.add_dep(fname)
            per = any(info.per_element for info in self.rules[fname])
            if not per:
                self.err("E311", e.span, name=fname, want=0, got=len(e.args))
            elif len(e.args) != 1:
                self.err("E311", e.span, name=fname, want=1, got=len(e.args))
            return self.decision_type(fname)
        candidates = [*_FUNCTIONS, *self.defines, *self.rules]
        self.err("E210", e.func.span, name=fname, suggestion=self._suggest(fname, candidates))
        return ANY

    def _define_type(self, d: ast.Define) -> T:
        key = f"define:{d.name}"
        if key in self.in_progress:
            return ANY
        self.in_progress.append(key)
        saved, self.diags = self.diags, []
        # The names the definition reads are its dependencies, not the caller's.
        saved_current, self.current = self.current, key
        try:
            return self.expr(d.expr, dict.fromkeys(d.params, ANY), d.pos)
        finally:
            self.diags = saved
            self.current = saved_current
            self.in_progress.pop()

    def _written(self, name: ast.Name) -> str:
        """A name as the rule file spells it (built-ins are stored by canonical name)."""
        doc = next((d for d in self.docs if d.file == name.span.file), None)
        if doc is not None and name.span.end > name.span.start:
            return doc.source[name.span.start : name.span.end]
        return name.dotted

    def builtin(self, fn: str, e: ast.Call, args: list[T]) -> T:
        arity = {
            "position": 1,
            "roll": 1,
            "length": 1,
            "flatten": 1,
            "normalize": 1,
            "rubric_valid": 2,
            "rubric_total": 2,
        }
        if fn in arity and len(args) != arity[fn]:
            self.err("E311", e.span, name=self._written(e.func), want=arity[fn], got=len(args))
            return ANY
        if fn in ("latest", "earliest"):
            if not args:
                self.err("E311", e.span, name=self._written(e.func), want="≥ 1", got=0)
            for a, arg in zip(args, e.args, strict=True):
                self.expect_type(a, DATE, arg.span)
            return DATE
        if fn == "position":
            if not isinstance(e.args[0], ast.Name) or len(e.args[0].parts) != 1:
                self.err("E317", e.args[0].span)
            return NUM
        if fn == "roll":
            self.expect_type(args[0], DATE, e.args[0].span)
            return DATE
        if fn == "length":
            self.elem_of(args[0], e.args[0].span)
            return NUM
        if fn == "flatten":
            inner = self.elem_of(args[0], e.args[0].span)
            return inner if inner.kind == "list" else T("list", elem=inner)
        if fn == "normalize":
            return TEXT
        # rubrics: the criteria read the record's fields of the same names
        rubric = self.rubrics.get(args[0].name or "") if args[0].kind == "rubric" else None
        if rubric is not None and args[1].kind == "record":
            fields = {f.name for f in self.record_fields(args[1].name)}
            for crit in rubric.criteria:
                if crit.name in fields:
                    self.used_fields.add((args[1].name or "", crit.name))
                else:
                    self.err(
                        "E211",
                        e.args[1].span,
                        field=crit.name,
                        type=args[1].name,
                        suggestion=self._suggest(crit.name, fields),
                    )
        elif args[1].kind == "any" and rubric is not None:
            self.used_any.update(c.name for c in rubric.criteria)
        if args[0].kind not in ("rubric", "any"):
            self.err(
                "E313",
                e.args[0].span,
                type=args[0].vi(),
                type_en=args[0].en(),
                suggestion=", ".join(sorted(self.rubrics)) or "—",
            )
        return BOOL if fn == "rubric_valid" else _num("points")

    def name(self, e: ast.Name, scope: dict[str, T]) -> T:
        parts = e.parts
        first = parts[0]
        if first in scope:
            return self.fields(scope[first], parts[1:], e)
        # A path into the dossier wins over a decision of the same name: the decision
        # «appraisal.payment_mode» judges the input «appraisal.payment_mode».
        path_type = self._input_path(parts)
        if path_type is not None:
            return path_type
        # decision ids: the longest dotted prefix that names a decision
        for n in range(len(parts), 0, -1):
            dotted = ".".join(parts[:n])
            if dotted in self.rules:
                self.add_dep(dotted)
                if any(info.per_element for info in self.rules[dotted]):
                    self.err("E213", e.span, id=dotted)
                    return ANY
                if n < len(parts):
                    self.err("E211", e.span, field=parts[n], type=dotted, suggestion="")
                    return ANY
                if self.current == dotted:
                    self.err("E230", e.span, cycle=f"{dotted} → {dotted}")
                return self.decision_type(dotted)
        if first in self.defines:
            self.add_dep(f"define:{first}")
            d = self.defines[first]
            if d.params:
                self.err("E311", e.span, name=first, want=len(d.params), got=0)
            return self.fields(self._define_type(d), parts[1:], e)
        if first in self.authorities and len(parts) == 1:
            return T("authority", name=first)
        if first in self.rubrics and len(parts) == 1:
            return T("rubric", name=first)
        for f in self.inputs:
            if f.name == first:
                self.used_fields.add(("", first))
                return self.fields(self.type_of_ref(f.type), parts[1:], e, quiet=True)
        candidates = [
            *scope,
            *self.defines,
            *self.authorities,
            *self.rubrics,
            *(f.name for f in self.inputs),
            *self.rules,
            # an enum value written without its quotes: level = tinh
            *(f'"{v.value}"' for enum in self.enums.values() for v in enum.values),
        ]
        self.err("E210", e.span, name=e.dotted, suggestion=self._suggest(e.dotted, candidates))
        return ANY

    def _decimal_in_list(self, items: Iterable[ast.Expr]) -> None:
        """W405: «[1,2]» is one decimal number (84,5), which is rarely what a list means."""
        for item in items:
            if isinstance(item, ast.Num | ast.Quantity) and item.value.denominator != 1:
                doc = next((d for d in self.docs if d.file == item.span.file), self.doc)
                text = doc.source[item.span.start : item.span.end]
                if "," in text:
                    num = text.split()[0]
                    self.err("W405", item.span, text=num, fixed=num.replace(",", ", "))

    def _input_path(self, parts: tuple[str, ...]) -> T | None:
        """The type of a dotted name when it is a complete path into the dossier, else None."""
        field = next((f for f in self.inputs if f.name == parts[0]), None)
        if field is None or (len(parts) == 1 and parts[0] not in self.rules):
            return None
        t = self.type_of_ref_quiet(field.type)
        used = [("", parts[0])]
        for part in parts[1:]:
            if t.kind != "record":
                return None
            match = next((f for f in self.record_fields(t.name) if f.name == part), None)
            if match is None:
                return None
            used.append((t.name or "", part))
            t = self.type_of_ref_quiet(match.type)
        self.used_fields.update(used)
        return t

    def fields(self, t: T, rest: tuple[str, ...], e: ast.Name, quiet: bool = False) -> T:
        for i, part in enumerate(rest):
            if t.kind == "any":
                # An untyped parameter of a definition: count the fields as used.
                self.used_any.update(rest[i:])
                return ANY
            if t.kind == "list":
                self.err("E212", e.span, field=part, type=t.vi(), type_en=t.en())
                return ANY
            if t.kind != "record":
                self.err("E211", e.span, field=part, type=t.vi(), suggestion="")
                return ANY
            fields = self.record_fields(t.name)
            match = next((f for f in fields if f.name == part), None)
            if match is None:
                self.err(
                    "E211",
                    e.span,
                    field=part,
                    type=t.name,
                    suggestion=self._suggest(part, [f.name for f in fields]),
                )
                return ANY
            self.used_fields.add((t.name or "", part))
            t = self.type_of_ref_quiet(match.type)
        return t

    def type_of_ref_quiet(self, ref: ast.TypeRef) -> T:
        saved, self.diags = self.diags, []
        try:
            return self.type_of_ref(ref)
        finally:
            self.diags = saved

    @staticmethod
    def _suggest(name: str, candidates: Iterable[str]) -> str:
        close = difflib.get_close_matches(name, sorted(set(candidates)), n=3, cutoff=0.6)
        if not close:
            lowered = {c.lower(): c for c in candidates}
            close = [lowered[c] for c in difflib.get_close_matches(name.lower(), lowered, 3, 0.6)]
        return ", ".join(close)

    # ------------------------------------------------------------------ whole-file checks
    def check_conflicts(self) -> None:
        for rule_id, infos in self.rules.items():
            for i, a in enumerate(infos):
                for b in infos[i + 1 :]:
                    if self._compatible(a, b):
                        continue
                    self.err(
                        "E207",
                        b.rule.id_span,
                        id=rule_id,
                        line=a.rule.span.line,
                        file=a.rule.span.file,
                    )

    def _compatible(self, a: RuleInfo, b: RuleInfo) -> bool:
        for x, y in ((a, b), (b, a)):
            for c in x.rule.clauses:
                if isinstance(c, ast.ExceptionTo | ast.Overrides):
                    saved, self.diags = self.diags, []
                    self.doc = next(
                        d
                        for d in self.docs
                        if (d.header.number if d.header else d.file) == x.document
                    )
                    hits = self.rules_at(c.ref, x.rule.pos, x.rule.id)
                    self.diags = saved
                    if y.rule in hits:
                        return True
        ea = [c.date for c in a.rule.clauses if isinstance(c, ast.Effective)]
        eb = [c.date for c in b.rule.clauses if isinstance(c, ast.Effective)]
        if ea != eb:
            return True
        return _disjoint(_guards(a.rule), _guards(b.rule))

    def check_cycles(self) -> None:
        graph = self.deps
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            path.append(node)
            for nxt in sorted(graph.get(node, ())):
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self.err(
                            "E230",
                            self._span_of(nxt),
                            cycle=" → ".join(c.removeprefix("define:") for c in cycle),
                        )
                elif state.get(nxt) is None:
                    visit(nxt, path)
            path.pop()
            state[node] = 2

        for node in sorted(graph):
            if state.get(node) is None:
                visit(node, [])

    def _span_of(self, node: str) -> ast.Span:
        if node.startswith("define:"):
            return self.defines[node[7:]].span
        return self.rules[node][0].rule.id_span

    def check_unused(self) -> None:
        # A required field is part of the dossier's identity (its «id», say) even when no rule
        # reads it; only optional inputs that nothing reads are lint.
        for f in self.inputs:
            if f.required:
                continue
            if ("", f.name) not in self.used_fields and f.name not in self.used_any:
                self.err("W410", f.span, name=f.name)
        for rec in self.records.values():
            for f in rec.fields:
                if f.required:
                    continue
                if (rec.name, f.name) not in self.used_fields and f.name not in self.used_any:
                    self.err("W410", f.span, name=f"{rec.name}.{f.name}")


def _guards(rule: ast.Rule) -> dict[str, set[str]]:
    """Equality guards of a rule's «khi» clauses: name -> the values it may take."""
    out: dict[str, set[str]] = {}

    def conjuncts(e: ast.Expr) -> Iterator[ast.Expr]:
        if isinstance(e, ast.BinOp) and e.op == "and":
            yield from conjuncts(e.left)
            yield from conjuncts(e.right)
        else:
            yield e

    for clause in rule.clauses:
        if not isinstance(clause, ast.When):
            continue
        for c in conjuncts(clause.cond):
            if (
                isinstance(c, ast.BinOp)
                and c.op == "="
                and isinstance(c.left, ast.Name)
                and isinstance(c.right, ast.Str)
            ):
                out.setdefault(c.left.dotted, set()).intersection_update(
                    {c.right.value}
                ) if c.left.dotted in out else out.setdefault(c.left.dotted, {c.right.value})
            elif (
                isinstance(c, ast.BinOp)
                and c.op == "in"
                and isinstance(c.left, ast.Name)
                and isinstance(c.right, ast.ListLit)
                and all(isinstance(i, ast.Str) for i in c.right.items)
            ):
                values = {i.value for i in c.right.items if isinstance(i, ast.Str)}
                out[c.left.dotted] = out[c.left.dotted] & values if c.left.dotted in out else values
    return out


def _disjoint(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    return any(name in b and not (values & b[name]) for name, values in a.items())


def _is_roman(s: str) -> bool:
    import re

    return bool(
        re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", s)
    ) and bool(s)


def _next_letter(letter: str) -> str | None:
    if letter not in _POINT_LETTERS:
        return None
    i = _POINT_LETTERS.index(letter)
    return _POINT_LETTERS[i + 1] if i + 1 < len(_POINT_LETTERS) else None


def _unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, ast.Span, tuple[tuple[str, str], ...]]] = set()
    out = []
    for d in diags:
        key = (d.code, d.span, d.args)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def check(docs: Sequence[ast.Document]) -> CheckedRules:
    """Check a document and the layers that extend it; raise RuleCheckError on any error."""
    return _Checker(docs).run()

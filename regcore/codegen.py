"""Python source generated from the checked syntax tree, for aggregates (``đếm``, ``tồn tại``,
``mọi``, ``tổng``, ``gom`` …): the second backend of the evaluator.

An aggregate runs its condition and body once per element, so the closures of the first
backend (:mod:`regcore.evaluator`) pay a call per operator, a new environment per element and
a lookup per name there. Here each aggregate becomes one Python function: the element is a
local variable, comparisons, «và» / «hoặc», «không», «có», field reads and name normalisation
are inline, nested aggregates are functions of their own. Anything else (a decision, a
definition, «nếu thiếu thì», a ballot check, a date shift) is the first backend's closure,
called with an environment that binds the elements, so both backends share one meaning; the
tests run every rule case and the generated corpus through both and compare the results.

No text of a rule file or a dossier becomes Python source. Every value the source needs — a
literal, a field name, a message, a closure — is bound in the function's namespace under a
generated name (``k3``, ``o2``); identifiers are generated (``x1``, ``t7``, ``agg0``); operators
come from fixed tables. :data:`IDENT` is the shape of every identifier the generator writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from regcore import ast

if TYPE_CHECKING:
    from regcore.evaluator import Engine, Fn

__all__ = ["IDENT", "AggregateCompiler"]

#: every identifier the generated source defines (the rest are Python keywords)
IDENT: Final = re.compile(
    r"(ctx|env|s|i|c|chosen|unknown|values|src_text|len|enumerate|[exptko]\d+|agg\d+|_[A-Za-z_]+)\Z"
)

_COMPARE: Final = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_LITERALS = (ast.Num, ast.Quantity, ast.Str, ast.DateLit, ast.Bool)


class _Loop:
    """An element variable of an enclosing aggregate: its name in the rule file and its
    Python locals (the element, its 1-based position, the environment binding it)."""

    def __init__(self, var: str, n: int) -> None:
        self.var = var
        self.item = f"x{n}"
        self.pos = f"p{n}"
        self.env = f"e{n}"
        self.env_used = False


@attrs.frozen
class _At:
    """Where an expression is emitted: the names in scope, the enclosing loops, the function,
    the indentation, and the environment an opaque part is called with."""

    scope: set[str]
    loops: tuple[_Loop, ...]
    block: _Block
    ind: str
    env: str

    def put(self, line: str) -> None:
        self.block.lines.append(self.ind + line)

    def deeper(self) -> _At:
        return attrs.evolve(self, ind=self.ind + "    ")


class _Block:
    """The lines of one generated function, and what it needs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.needs_env = False  # an opaque part reads an element through the environment


class AggregateCompiler:
    """Compiles aggregates of one engine to generated functions ``(ctx, env) -> value``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: the generated source of every compiled aggregate, for tests and debugging
        self.sources: list[str] = []

    def compile(self, e: ast.Aggregate, scope: set[str]) -> Fn:
        """The aggregate's function, generated at its first use (loading a rule set stays
        as fast as without the generator; most aggregates of a dossier run many times)."""
        scope = set(scope)  # the caller goes on adding names to its set
        cell: list[Fn] = []

        def first_use(ctx: Any, env: Any) -> Any:
            if not cell:
                cell.append(self.compile_now(e, scope))
            return cell[0](ctx, env)

        return first_use

    def compile_now(self, e: ast.Aggregate, scope: set[str]) -> Fn:
        # a new unit each time: compiling an opaque part may compile another aggregate
        unit = _Unit(self.engine)
        fn = unit.compile(e, scope, len(self.sources))
        self.sources.append(unit.source)
        return fn


class _Unit:
    """One top-level aggregate being compiled: its functions, constants and names."""

    def __init__(self, engine: Engine) -> None:
        from regcore import evaluator as ev

        self.engine = engine
        self.ev = ev
        self.source = ""

    def compile(self, e: ast.Aggregate, scope: set[str], number: int) -> Fn:
        ev = self.ev
        ns: dict[str, Any] = {
            "__builtins__": {"len": len, "enumerate": enumerate},
            "_Unknown": ev.Unknown,
            "_unknowns": ev._unknowns,
            "_fields": ev._fields,
            "_normalize": ev._normalize,
            "_Fraction": Fraction,
            "_arith": ev._arith,
            "_result": ev._aggregate_result,
            "_local_path": _local_path,
            "_cal": self.engine.calendar,
        }
        self._ns = ns
        self._consts: dict[tuple[type, Any], str] = {}
        self._temps = 0
        self._opaques = 0
        self._loops_made = 0
        self._functions: list[list[str]] = []
        name, _ = self._aggregate(e, scope, ())
        self.source = "\n\n".join("\n".join(f) for f in self._functions) + "\n"
        code = compile(self.source, f"<regcore aggregate {number}>", "exec")
        exec(code, ns)  # generated source: identifiers generated, values in ns (see above)
        fn: Fn = ns[name]
        return fn

    # ------------------------------------------------------------------ helpers
    def _const(self, value: Any) -> str:
        if value is None or value is True or value is False:
            return repr(value)
        key = (type(value), value) if _hashable(value) else (type(value), id(value))
        name = self._consts.get(key)
        if name is None:
            name = f"k{len(self._consts)}"
            self._consts[key] = name
            self._ns[name] = value
        return name

    def _opaque(self, fn: Callable[..., Any]) -> str:
        name = f"o{self._opaques}"
        self._opaques += 1
        self._ns[name] = fn
        return name

    def _temp(self) -> str:
        self._temps += 1
        return f"t{self._temps}"

    # ------------------------------------------------------------------ aggregates
    def _aggregate(
        self, e: ast.Aggregate, scope: set[str], outer: tuple[_Loop, ...]
    ) -> tuple[str, bool]:
        """Emit a function for ``e``; returns its name and whether it reads elements of
        ``outer`` through the environment it is given."""
        ev = self.ev
        name = f"agg{len(self._functions)}"
        self._functions.append([])  # reserve the slot: nested functions come after
        slot = len(self._functions) - 1
        block = _Block()
        params = ", ".join(["ctx", "env", *(f"{lp.item}, {lp.pos}" for lp in outer)])
        out = block.lines
        out.append(f"def {name}({params}):")
        ind = "    "
        src = self._emit(e.source, _At(scope, outer, block, ind, "env"))
        out.append(f"{ind}s = {src}")
        out.append(f"{ind}if s.__class__ is _Unknown:")
        out.append(f"{ind}    return s")
        out.append(f"{ind}if s is None:")
        out.append(f"{ind}    s = ()")
        op = e.op
        if op in ("share", "mean"):
            out.append(f"{ind}src_text = {self._source_path(e.source, scope, outer)}")
        else:
            out.append(f"{ind}src_text = {self._const('')}")
        self._loops_made += 1
        loop = _Loop(e.var, self._loops_made)
        loops = (*outer, loop)
        inner_scope = scope | {e.var}
        out.append(f"{ind}chosen = []")
        out.append(f"{ind}unknown = None")
        out.append(f"{ind}for i, {loop.item} in enumerate(s):")
        body_ind = ind + "    "
        out.append(f"{body_ind}{loop.pos} = i + 1")
        bind_at = len(out)
        if e.where is not None:
            w = self._emit(e.where, _At(inner_scope, loops, block, body_ind, loop.env))
            out.append(f"{body_ind}if {w}.__class__ is _Unknown:")
            out.append(f"{body_ind}    unknown = _unknowns(unknown, {w})")
            out.append(f"{body_ind}    continue")
            out.append(f"{body_ind}if not {w}:")
            out.append(f"{body_ind}    continue")
        out.append(f"{body_ind}chosen.append(({loop.item}, {loop.pos}))")
        where_env = loop.env_used
        loop.env_used = False
        bind_line = (
            f"{body_ind}{loop.env} = env.bind({self._const(e.var)}, {loop.item}, {loop.pos})"
        )
        if where_env:
            out.insert(bind_at, bind_line)
        if op in ("count", "share"):
            out.append(f"{ind}values = []")
        elif e.body is not None:
            out.append(f"{ind}values = []")
            out.append(f"{ind}for {loop.item}, {loop.pos} in chosen:")
            bind_at = len(out)
            b = self._emit(e.body, _At(inner_scope, loops, block, body_ind, loop.env))
            out.append(f"{body_ind}values.append({b})")
            if loop.env_used:
                out.insert(bind_at, bind_line)
        elif op in ("every", "some"):
            out.append(f"{ind}values = [True] * len(chosen)")
        else:
            out.append(f"{ind}values = [c[0] for c in chosen]")
        where_text = ev._source(self.engine, e.where) if e.where is not None else None
        out.append(
            f"{ind}return _result({self._const(op)}, unknown, len(chosen), s, values, src_text, "
            f"{self._const(where_text)})"
        )
        self._functions[slot] = out
        return name, block.needs_env

    def _source_path(self, source: ast.Expr, scope: set[str], outer: tuple[_Loop, ...]) -> str:
        """The JSON path of an aggregate's source, for «missing» (``h.ballots`` inside a loop
        over applications is ``applications[0].ballots``)."""
        text = self.ev._source(self.engine, source)
        if isinstance(source, ast.Name):
            loop = _find(outer, source.parts[0])
            if loop is not None:
                rest = ".".join(source.parts[1:])
                return f"_local_path({loop.item}, {self._const(rest)}, {self._const(text)})"
        path_of = self.engine._path_of(source, scope)
        return f"{self._opaque(path_of)}(env)"

    # ------------------------------------------------------------------ expressions
    def _emit(
        self,
        e: ast.Expr,
        at: _At,
    ) -> str:
        """Emit the statements computing ``e`` where ``at`` says; return a Python expression
        (a temporary, a constant or an element local) holding its value."""
        if isinstance(e, _LITERALS):
            return self._const(e.value)
        if isinstance(e, ast.Null):
            return "None"
        if isinstance(e, ast.Name):
            return self._name(e, at)
        if isinstance(e, ast.Not | ast.Neg):
            v = self._emit(e.operand, at)
            t = self._temp()
            op = "not " if isinstance(e, ast.Not) else "-"
            at.put(f"{t} = {v} if {v}.__class__ is _Unknown else {op}{v}")
            return t
        if isinstance(e, ast.Present):
            v = self._emit(e.operand, at)
            t = self._temp()
            absent = f"({v}.__class__ is _Unknown or {v} is None or {v} == ())"
            at.put(f"{t} = {absent if e.negated else 'not ' + absent}")
            return t
        if isinstance(e, ast.ListLit):
            items = [self._emit(x, at) for x in e.items]
            t = self._temp()
            at.put(f"{t} = ({''.join(x + ', ' for x in items)})")
            return t
        if isinstance(e, ast.If):
            c = self._emit(e.cond, at)
            t = self._temp()
            at.put(f"if {c}.__class__ is _Unknown:")
            at.put(f"    {t} = {c}")
            at.put(f"elif {c}:")
            a = self._emit(e.then, at.deeper())
            at.put(f"    {t} = {a}")
            at.put("else:")
            b = self._emit(e.otherwise, at.deeper())
            at.put(f"    {t} = {b}")
            return t
        if isinstance(e, ast.BinOp):
            return self._binop(e, at)
        if isinstance(e, ast.Call):
            fn = self.ev._FUNCTIONS.get(e.func.dotted)
            if fn in ("normalize", "length") and len(e.args) == 1:
                v = self._emit(e.args[0], at)
                t = self._temp()
                value = f"_normalize({v})" if fn == "normalize" else f"_Fraction(len({v}))"
                at.put(f"{t} = {v} if {v}.__class__ is _Unknown or {v} is None else {value}")
                return t
            if fn == "position" and isinstance(e.args[0], ast.Name):
                loop = _find(at.loops, e.args[0].parts[0])
                if loop is not None:
                    return f"_Fraction({loop.pos})"
        if isinstance(e, ast.Aggregate):
            name, needs_env = self._aggregate(e, at.scope, at.loops)
            if needs_env:
                self._use_env(at.loops, at.block)
            env = at.env if at.loops and at.loops[-1].env_used else "env"
            t = self._temp()
            locals_ = "".join(f", {lp.item}, {lp.pos}" for lp in at.loops)
            at.put(f"{t} = {name}(ctx, {env}{locals_})")
            return t
        return self._call_opaque(e, at)

    def _use_env(self, loops: tuple[_Loop, ...], block: _Block) -> None:
        """An opaque part reads the environment: every enclosing loop binds its element."""
        for lp in loops:
            lp.env_used = True
        block.needs_env = True

    def _call_opaque(
        self,
        e: ast.Expr,
        at: _At,
    ) -> str:
        """A part the first backend computes: its closure, called with an environment that
        binds the elements of the enclosing loops."""
        fn = self.engine.expr(e, at.scope)
        if at.loops:
            self._use_env(at.loops, at.block)
        t = self._temp()
        at.put(f"{t} = {self._opaque(fn)}(ctx, {at.env if at.loops else 'env'})")
        return t

    def _name(
        self,
        e: ast.Name,
        at: _At,
    ) -> str:
        first, rest = e.parts[0], e.parts[1:]
        loop = _find(at.loops, first)
        if loop is not None:
            base = loop.item
        else:
            kind = self.engine.name_kind(e.parts, at.scope - {lp.var for lp in at.loops})
            if kind == "local":
                base = self._temp()
                at.put(f"{base} = env.values[{self._const(first)}]")
            elif kind == "input":
                rest = e.parts
                base = "ctx.root"
            else:
                return self._call_opaque(e, at)
        if not rest:
            return base
        t = self._temp()
        at.put(f"{t} = _fields({base}, {self._const(tuple(rest))})")
        return t

    def _binop(
        self,
        e: ast.BinOp,
        at: _At,
    ) -> str:
        op = e.op
        a = self._emit(e.left, at)
        t = self._temp()
        if op in ("and", "or"):
            # «và»: false wins, then unknown; «hoặc»: true wins, then unknown
            stop = "False" if op == "and" else "True"
            at.put(f"if {a} is {stop}:")
            at.put(f"    {t} = {stop}")
            at.put("else:")
            b = self._emit(e.right, at.deeper())
            at.put(f"    if {b} is {stop}:")
            at.put(f"        {t} = {stop}")
            at.put(f"    elif {a}.__class__ is _Unknown or {b}.__class__ is _Unknown:")
            at.put(f"        {t} = _unknowns({a}, {b})")
            at.put("    else:")
            at.put(f"        {t} = {'True' if op == 'and' else 'False'}")
            return t
        b = self._emit(e.right, at)
        unknown = f"{a}.__class__ is _Unknown or {b}.__class__ is _Unknown"
        if op in ("in", "not in"):
            value = f"{a} {'not in' if op == 'not in' else 'in'} {b}"
            at.put(f"{t} = _unknowns({a}, {b}) if {unknown} else {value}")
            return t
        if op in _COMPARE:
            py = _COMPARE[op]
            at.put(f"if {unknown}:")
            at.put(f"    {t} = _unknowns({a}, {b})")
            if op in ("=", "!="):
                at.put("else:")
                at.put(f"    {t} = {a} {py} {b}")
            else:
                at.put(f"elif {a} is None or {b} is None:")
                at.put(f"    {t} = False")
                at.put("else:")
                at.put(f"    {t} = {a} {py} {b}")
            return t
        checked = self.engine.checked
        lunit, runit = checked.unit_of(e.left), checked.unit_of(e.right)
        at.put(
            f"{t} = _arith(_cal, {self._const(op)}, {a}, {b}, {self._const(lunit)}, "
            f"{self._const(runit)})"
        )
        return t


def _find(loops: tuple[_Loop, ...], name: str) -> _Loop | None:
    for lp in reversed(loops):
        if lp.var == name:
            return lp
    return None


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _local_path(base: Any, rest: str, text: str) -> str:
    from regcore.evaluator import Rec

    if isinstance(base, Rec) and base.path:
        return f"{base.path}.{rest}" if rest else base.path
    return text

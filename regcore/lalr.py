"""A lean driver for the Lark LALR parser of the rule language: the same parse table and the same
contextual scanners as Lark, but one loop that lexes, shifts and reduces straight into the AST.

Lark's own ``parse`` builds a parse tree (a ``Tree`` per rule, a ``Meta`` with positions per
tree, through several layers of callbacks per reduction) and the builder then walks it again.
For the circular's 8 000 tokens and 20 000 reductions that costs ~0.4 s; this driver does the
same work in a fraction of it. It is a fast path only: it never reports an error itself. On any
input it cannot take (a syntax error, an invalid literal, an expression nested deeper than
``MAX_DEPTH``) it gives up with ``Fallback``, and the caller parses with Lark, which raises the
errors (and gives the messages) it always gave.

What it reproduces of Lark's tree building (``lark.parse_tree_builder``), for a grammar compiled
with ``maybe_placeholders=True`` and ``propagate_positions=True``:

- anonymous tokens are filtered out of the children (unless the rule is ``!``-kept), ``[x]``
  placeholders become ``None``, ``_``-rules (Lark's ``item*`` helpers) are spliced into their
  parent, a ``?rule`` with one child is that child;
- positions: a node starts where its first positioned child starts and ends where its last one
  ends, taking in the tokens that are filtered out; a ``?rule`` passed through keeps the span of
  its child for that child's own callback, but gives its parent the wider span (``(a + b)``).

Positions are carried as tuples ``(line, column, start_pos, end_line, end_column, end_pos,
depth)``; the builder turns them into ``ast.Span`` only where a node keeps one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

__all__ = ["MAX_DEPTH", "Driver", "Fallback", "Pos"]

#: A node's position: line, column, start offset, end line, end column, end offset, tree depth.
Pos = tuple[int, int, int, int, int, int, int]

#: Deeper trees go through Lark and the recursive builder, which turn a nesting too deep for
#: Python's stack into the «nested too deeply» diagnostic exactly as before.
MAX_DEPTH = 200

_WS = re.compile(r"[ \t\f\r\n]+")


#: The characters a token is looked up by before scanning (see Driver._dispatch): the ASCII
#: characters that are not letters, where most of a state's terminals cannot begin.
_DISPATCHED = "".join(
    chr(c) for c in range(33, 127) if not chr(c).isalpha() and chr(c) != "_" and chr(c) != "\\"
)


def _first_chars(items: Any) -> tuple[frozenset[str] | None, bool]:
    """The characters a parsed regular expression (``re._parser``) can begin with, None when
    any; and whether it can match the empty string. Conservative: when unsure, any."""
    from re import _constants as c

    chars: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next item begins the match
        if op is c.LITERAL:
            first: frozenset[str] | None = frozenset((chr(av), chr(av).lower(), chr(av).upper()))
            nullable = False
        elif op is c.IN:
            first, nullable = _charset(av), False
        elif op is c.BRANCH:
            first, nullable = frozenset(), False
            for branch in av[1]:
                f, n = _first_chars(branch)
                first = None if f is None or first is None else first | f
                nullable = nullable or n
        elif op is c.SUBPATTERN:
            first, nullable = _first_chars(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            first, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        elif op is c.ATOMIC_GROUP:
            first, nullable = _first_chars(av)
        else:
            return None, True  # ANY, NOT_LITERAL, a back reference …: anything
        if first is None:
            return None, True
        chars |= first
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _may_begin(first: frozenset[str] | None, ch: str) -> bool:
    return first is None or ch in first


def _in_range(lo: int, hi: int) -> Callable[[str], bool]:
    def test(ch: str) -> bool:
        return any(lo <= ord(x) <= hi for x in (ch, ch.lower(), ch.upper()) if len(x) == 1)

    return test


def _charset(items: Any) -> frozenset[str] | None:
    """Which characters of ``_DISPATCHED`` a character set (``[…]``) takes, plus its literals."""
    from re import _constants as c

    negate = bool(items) and items[0][0] is c.NEGATE
    categories = {
        c.CATEGORY_DIGIT: str.isdigit,
        c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
        c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
        c.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
        c.CATEGORY_SPACE: str.isspace,
        c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    }
    tests: list[Callable[[str], bool]] = []
    literals: set[str] = set()
    for op, av in items[1:] if negate else items:
        if op is c.LITERAL:
            literals |= {chr(av), chr(av).lower(), chr(av).upper()}
        elif op is c.RANGE:
            tests.append(_in_range(*av))
        elif op is c.CATEGORY and av in categories:
            tests.append(categories[av])
        else:
            return None
    if negate:
        return frozenset(
            ch for ch in _DISPATCHED if ch not in literals and not any(test(ch) for test in tests)
        )
    return frozenset(literals | {ch for ch in _DISPATCHED if any(test(ch) for test in tests)})


class Fallback(Exception):
    """The fast path cannot take this input: parse it with Lark instead."""


def _no_callback(builder: Any, pos: Pos | None, children: list[Any]) -> Any:
    raise Fallback("a rule the builder has no method for (Lark makes it a Tree)")


class _Splice(list[Any]):
    """The children of a ``_``-rule (Lark's ``item*`` helper), spliced into the parent."""

    __slots__ = ()


_V = TypeVar("_V")


class _PerState(dict[int, _V]):
    """A table filled on first look-up: ``make(state)``."""

    def __init__(self, make: Callable[[int], _V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, state: int) -> _V:
        value = self[state] = self._make(state)
        return value


def _scanner(lx: Any) -> Callable[[str, int], re.Match[str] | None]:
    """A state's scanner: its alternation of terminal patterns (Lark splits it only past a
    hundred groups; one pattern per state is what this grammar gets)."""
    scanner = lx.scanner  # built by Lark here, with the lexer's callbacks
    if scanner.re_ is not re or len(scanner._mres) != 1 or lx.callback:
        raise Fallback("a scanner the fast path does not know (or lexer callbacks)")
    match: Callable[[str, int], re.Match[str] | None] = scanner._mres[0].match
    return match


class _Dispatch(_PerState[dict[str, Callable[[str, int], re.Match[str] | None]]]):
    """Per state, for a token beginning with a digit, a quote or a sign: the scanner of only
    the terminals that can begin with it, in Lark's order, so the first that matches is the
    same. A state's alternation tries every keyword before a string or a parenthesis."""

    def __init__(self, lexer: Any) -> None:
        super().__init__(self._table)
        self._lexer = lexer
        self._flags = lexer.root_lexer.g_regex_flags
        self._firsts: dict[str, frozenset[str] | None] = {}
        self._compiled: dict[tuple[str, ...], Callable[[str, int], re.Match[str] | None]] = {}
        self._by_lexer: dict[int, dict[str, Callable[[str, int], re.Match[str] | None]]] = {}

    def _first(self, t: Any) -> frozenset[str] | None:
        if t.name not in self._firsts:
            try:
                parsed = re._parser.parse(t.pattern.to_regexp(), self._flags)
                self._firsts[t.name] = _first_chars(parsed)[0]
            except Exception:
                self._firsts[t.name] = None
        return self._firsts[t.name]

    def _table(self, state: int) -> dict[str, Callable[[str, int], re.Match[str] | None]]:
        lx = self._lexer.lexers[state]
        table = self._by_lexer.get(id(lx))
        if table is None:
            table = {}
            terminals = lx.scanner.terminals
            for ch in _DISPATCHED:
                subset = tuple(t for t in terminals if _may_begin(self._first(t), ch))
                key = tuple(t.name for t in subset)
                if key not in self._compiled:
                    pattern = (
                        "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in subset) or "(?!)"
                    )
                    self._compiled[key] = re.compile(pattern, self._flags).match
                table[ch] = self._compiled[key]
            self._by_lexer[id(lx)] = table
        return table


class Driver:
    """Parses a text with the tables of ``lark``; ``callbacks(name)`` gives the function that
    builds the node of a rule (or alias) ``name`` from its position and children."""

    def __init__(self, lark: Lark, callbacks: Callable[[str], Callable[..., Any] | None]) -> None:
        frontend = lark.parser
        table = frontend.parser.parser.parse_table
        (start,) = lark.options.start  # the grammar's one start rule
        self.start_state: int = table.start_states[start]
        self.end_state: int = table.end_states[start]
        lexer = frontend.lexer
        root = lexer.root_lexer
        self.newline_types = frozenset(root.newline_types)
        self.ignore_types = frozenset(root.ignore_types)
        if not hasattr(lexer, "lexers"):
            raise TypeError("the fast path needs Lark's contextual lexer")
        # A state's scanner (and its tables by first character) is built when a text first
        # reaches that state, as Lark does: building all of them cost ~1 s in a new process.
        self.scanners: dict[int, Callable[[str, int], re.Match[str] | None]] = _PerState(
            lambda state: _scanner(lexer.lexers[state])
        )
        self.dispatch = _Dispatch(lexer)
        self._check_whitespace(lexer)
        rules: dict[Any, tuple[Any, ...]] = {}
        for rule in frontend.parser.parser.callbacks:
            rules[rule] = self._reduction(rule, callbacks)
        # states[state][terminal or rule name] → (True, next state) or (False, reduction); the
        # names as plain str (Lark's are Tokens, whose __eq__ is Python code)
        self.states: dict[int, dict[str, tuple[bool, Any]]] = {
            state: {
                str(sym): (True, arg) if action is Shift else (False, rules[arg])
                for sym, (action, arg) in acts.items()
            }
            for state, acts in table.states.items()
        }

    def _check_whitespace(self, lexer: Any) -> None:
        """Whitespace is skipped before scanning: no terminal but WS may begin with it."""
        ws = [t for t in lexer.root_lexer.terminals if t.name == "WS"]
        if not ws or "WS" not in self.ignore_types:
            raise TypeError("the fast path expects an ignored WS terminal")
        for t in lexer.root_lexer.terminals:
            if t.name == "WS":
                continue
            pat = re.compile(t.pattern.to_regexp(), lexer.root_lexer.g_regex_flags)
            for sample in (" ", "\t", "\n", "\r", "\f"):
                if pat.match(sample + 'x"""a') or pat.match(sample + "1") or pat.match(sample):
                    raise TypeError(f"terminal {t.name} may begin with whitespace")

    @staticmethod
    def _reduction(
        rule: Any, callbacks: Callable[[str], Callable[..., Any] | None]
    ) -> tuple[Any, ...]:
        expansion = rule.expansion
        options = rule.options
        # as lark.parse_tree_builder.maybe_create_child_filter, with placeholders
        if options.empty_indices:
            s = "".join(str(int(b)) for b in options.empty_indices)
            empty = [len(ones) for ones in s.split("0")]
        else:
            empty = [0] * (len(expansion) + 1)
        plan: list[tuple[int, bool, int]] = []
        nones = 0
        for i, sym in enumerate(expansion):
            nones += empty[i]
            if options.keep_all_tokens or not (sym.is_term and sym.filter_out):
                splice = not sym.is_term and sym.name.startswith("_")
                plan.append((i, splice, nones))
                nones = 0
        nones += empty[len(expansion)]
        name = rule.alias or options.template_source or rule.origin.name
        is_splice = name.startswith("_")
        expand1 = bool(options.expand1 and not rule.alias)
        nonterminals = tuple(i for i, sym in enumerate(expansion) if not sym.is_term)
        simple = nones == 0 and all(not sp and n == 0 for _, sp, n in plan)
        keep = tuple(i for i, _, _ in plan)
        # a ?rule over one kept symbol (expr → coalesce → … → atom): the value and its span
        # stay as they are, only the state changes
        unit = expand1 and len(expansion) == 1 and nones == 0 and plan == [(0, False, 0)]
        return (
            unit,
            len(expansion),
            str(rule.origin.name),  # lark's names are Tokens, slow as dict keys
            tuple(plan),
            nones,
            expand1,
            is_splice,
            nonterminals,
            None if is_splice else (callbacks(name) or _no_callback),
            simple,
            keep,
        )

    def parse(
        self, text: str, builder: Any, keyword_types: frozenset[str]
    ) -> tuple[Any, list[Token]]:
        """The value of ``start`` (``callback(builder, pos, children)`` for every node) and the
        tokens whose type is in ``keyword_types``."""
        states = self.states
        scanners = self.scanners
        dispatch = self.dispatch
        newline_types = self.newline_types
        ignore_types = self.ignore_types
        end_state = self.end_state
        ws_match = _WS.match
        new_token: Any = Token._future_new  # Token() without its keyword checks
        value: Any
        keywords: list[Token] = []
        state_stack: list[int] = [self.start_state]
        value_stack: list[Any] = []
        pos_stack: list[Pos | None] = []
        end = len(text)
        pos = 0
        line = 1
        line_start = 0
        while True:
            # ---- the next token, in the scanner of the current state
            tok: Token | None = None
            tpos: Pos | None = None
            while pos < end:
                m = ws_match(text, pos)
                if m is not None:
                    stop = m.end()
                    n = text.count("\n", pos, stop)
                    if n:
                        line += n
                        line_start = text.rindex("\n", pos, stop) + 1
                    pos = stop
                    if pos >= end:
                        break
                scan = dispatch[state_stack[-1]].get(text[pos])
                if scan is None:
                    scan = scanners[state_stack[-1]]
                m = scan(text, pos)
                if m is None:
                    raise Fallback("no terminal matches here")
                type_ = m.lastgroup
                start = pos
                column = pos - line_start + 1
                start_line = line
                pos = m.end()
                if type_ in newline_types:
                    n = text.count("\n", start, pos)
                    if n:
                        line += n
                        line_start = text.rindex("\n", start, pos) + 1
                if type_ in ignore_types:
                    continue
                end_column = pos - line_start + 1
                tok = new_token(type_, m.group(), start, start_line, column, line, end_column, pos)
                tpos = (start_line, column, start, line, end_column, pos, 0)
                if type_ in keyword_types:
                    keywords.append(tok)
                break
            type_ = tok.type if tok is not None else "$END"
            # ---- reduce as long as the table says so, then shift
            while True:
                try:
                    is_shift, arg = states[state_stack[-1]][type_]
                except KeyError:
                    raise Fallback("unexpected token") from None
                if is_shift:
                    if tok is None:
                        raise Fallback("shift at the end")  # not in an LALR table
                    state_stack.append(arg)
                    value_stack.append(tok)
                    pos_stack.append(tpos)
                    break
                if arg[0]:  # a ?rule over one symbol: only the state changes
                    state_stack[-1] = states[state_stack[-2]][arg[2]][1]
                    continue
                _, size, origin, plan, nones, expand1, is_splice, nts, callback, simple, keep = arg
                if size:
                    kids = value_stack[-size:]
                    kpos = pos_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                    del pos_stack[-size:]
                    first = kpos[0]
                    if first is None:
                        for p in kpos:
                            if p is not None:
                                first = p
                                break
                    last = kpos[-1]
                    if last is None:
                        for p in reversed(kpos):
                            if p is not None:
                                last = p
                                break
                    depth = 0
                    for i in nts:
                        p = kpos[i]
                        if p is not None and p[6] > depth:
                            depth = p[6]
                    if simple:
                        children = kids if len(keep) == size else [kids[i] for i in keep]
                    else:
                        children = []
                        for i, splice, n_none in plan:
                            if n_none:
                                children += [None] * n_none
                            if splice:
                                if children:
                                    children += kids[i]
                                else:  # left recursion (item*): grow the list, not copy it
                                    children = kids[i]
                            else:
                                children.append(kids[i])
                        if nones:
                            children += [None] * nones
                else:
                    first = last = None
                    depth = 0
                    children = [None] * nones if nones else []
                if first is None or last is None:
                    npos: Pos | None = None
                elif is_splice or (expand1 and len(children) == 1):
                    npos = (first[0], first[1], first[2], last[3], last[4], last[5], depth)
                else:
                    npos = (first[0], first[1], first[2], last[3], last[4], last[5], depth + 1)
                if expand1 and len(children) == 1:
                    # a ?rule with one child is that child; its parent sees the wider span
                    value = children[0]
                    if isinstance(value, Token):
                        npos = (  # type: ignore[assignment]
                            value.line, value.column, value.start_pos,
                            value.end_line, value.end_column, value.end_pos, 0,
                        )  # fmt: skip
                elif is_splice:
                    value = children if type(children) is _Splice else _Splice(children)
                else:
                    if depth >= MAX_DEPTH:
                        raise Fallback("nested too deeply for the fast path")
                    value = callback(builder, npos, children)
                state_stack.append(states[state_stack[-1]][origin][1])
                value_stack.append(value)
                pos_stack.append(npos)
                if tok is None and state_stack[-1] == end_state:
                    return value_stack[-1], keywords

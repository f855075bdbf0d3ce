"""The benchmarks of regcore: one command runs them all and writes ``benchmarks/RESULTS.md``.

    python benchmarks/run.py            # the full run (tens of minutes)
    python benchmarks/run.py --quick    # a smoke run of every section, written to
                                        # benchmarks/_out/RESULTS.quick.md

Sections: (1) loading the circular, cold and warm; (2) throughput and latency on a generated
corpus of whole-life dossiers (``benchmarks/corpus.py``), on one core and with ``workers=2``;
(3) the speed limit: a hand-written subset (``benchmarks/speed_limit.py``) against regcore's
``only`` on the same subset, agreement checked on the whole corpus; (4) peers: the same subset
in zen-engine and rule-engine (``benchmarks/peers/``), agreement checked, timed in the same
loop; (5) growth in corpus size and rule-file size; (6) where the time goes (cProfile).

How to read the figures: a figure is the median of its repeats with [min – max]. Times on one
core are process CPU time (``time.process_time``): on a shared machine wall-clock time also
counts the time other processes held the core, so CPU time is the steadier measure of what the
code costs; wall-clock figures are given beside them, with the load average. The subset
implementations are timed interleaved (each repeat runs every implementation once, in turn),
so that a change in the machine's load affects them alike. Not part of CI; tests never time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # after PYTHONPATH, which puts the snapshot of regcore first

import regcore  # noqa: E402
from benchmarks import agreement, rulegrowth, speed_limit  # noqa: E402
from benchmarks.corpus import AS_OF, generate  # noqa: E402
from regcore.checker import check  # noqa: E402
from regcore.evaluator import Engine  # noqa: E402
from regcore.parser import _lark, parse  # noqa: E402

OUT: Final = ROOT / "benchmarks" / "_out"
#: regcore, its grammar and the circular as they were when the run started: the run re-executes
#: itself, and starts every child process, on this copy, so that one run measures one version
#: of the code and of the rules while others edit them.
_SNAPSHOT_ENV: Final = "REGCORE_BENCH_SNAPSHOT"
_SNAPSHOT_PARTS: Final = ("regcore", "grammar", "regulations")

GOALS: Final = {
    "subset_ratio": 1.5,  # regcore with explanations within 1.5× of the hand-written subset
    "warm_load_ms": 100.0,
    "corpus_10k_s": 10.0,
}


# ----------------------------------------------------------------------------- measuring


class Stat:
    """Repeated measurements of one quantity: median [min – max]."""

    def __init__(self, values: Iterable[float]) -> None:
        self.values = sorted(values)
        if not self.values:
            raise ValueError("no measurement")

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def fmt(self, scale: float = 1.0, digits: int = 1) -> str:
        v = [x * scale for x in self.values]
        med = statistics.median(v)
        if len(v) == 1:
            return f"{med:,.{digits}f} (1 run)"
        return f"{med:,.{digits}f} [{v[0]:,.{digits}f} – {v[-1]:,.{digits}f}]"


class Clock:
    """Wall and process CPU time of a block."""

    def __enter__(self) -> Clock:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def load_avg() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "n/a"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def rss_mb() -> tuple[float, float]:
    """Current and peak resident set size of this process, in MB."""
    current = peak = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def percentile(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def snapshot_dir() -> Path:
    return Path(os.environ.get(_SNAPSHOT_ENV) or OUT / "snapshot")


def snapshot_rules() -> Path:
    return snapshot_dir() / "regulations" / "circular_09_2024.reg"


def child_env() -> dict[str, str]:
    """A child runs with the snapshot first on its path (and as its working directory)."""
    return {**os.environ, "PYTHONPATH": f"{snapshot_dir()}{os.pathsep}{ROOT}"}


# a child's helper (children do not import this module)
_RSS = """
def rss_mb():
    cur = peak = 0.0
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            cur = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return cur, peak
"""


def child(code: str, *args: str, timeout: float = 7200) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; it prints one JSON object on its last line."""
    with Clock() as c:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=child_env(),
            cwd=snapshot_dir(),
            timeout=timeout,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall"] = c.wall
    return out


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- configuration


class Config:
    def __init__(self, quick: bool, seed: int) -> None:
        self.quick = quick
        self.seed = seed
        self.corpus = 300 if quick else 10_000
        self.repeats = 2 if quick else 5  # samples (subset timing, 1,000-dossier growth point)
        self.corpus_repeats = 2 if quick else 3  # passes over the whole corpus, one core
        self.workers_repeats = 2 if quick else 3
        self.sample = 150 if quick else 1_000  # subset timing sample (all implementations)
        self.growth = (100, 300, 1_000) if quick else (1_000, 10_000, 100_000)
        self.copies = (1, 2, 4) if quick else (1, 10, 100)
        self.load_repeats = 3 if quick else 5
        self.profile_n = 100 if quick else 1_000


# ----------------------------------------------------------------------------- 0. machine


def take_snapshot(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    for part in _SNAPSHOT_PARTS:
        shutil.copytree(
            ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )


def source_hash(root: Path) -> str:
    h = hashlib.sha256()
    for part in _SNAPSHOT_PARTS:
        for f in sorted((root / part).rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def load_rules() -> regcore.RuleSet:
    return regcore.load(snapshot_rules())


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        mem_s = f"{mem:.0f} GB"
    except (ValueError, OSError):
        mem_s = "n/a"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "regcore", "regulations"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip()
    except OSError:
        commit, dirty = "n/a", ""
    rule_text = snapshot_rules().read_bytes()
    where = Path(regcore.__file__).resolve().parent.parent

    return [
        f"- Machine: {cpu}, {os.cpu_count()} logical CPUs, {mem_s} RAM; "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); "
        f"regcore {regcore.__version__} (commit {commit}"
        f"{', with uncommitted changes to regcore/ or regulations/' if dirty else ''}); "
        f"lark {version('lark')}, attrs {version('attrs')}, holidays {version('holidays')}, "
        f"python-dateutil {version('python-dateutil')}; peers: zen-engine "
        f"{version('zen-engine')}, rule-engine {version('rule-engine')}",
        f"- Code and rules as they were at the start of the run, copied to "
        f"`{where.relative_to(ROOT) if where.is_relative_to(ROOT) else where}` "
        f"(`regcore/`, `grammar/`, `regulations/`; source hash {source_hash(where)}): the run and "
        "every process it starts load that copy, while others edit the tree.",
        f"- Rule file: `regulations/circular_09_2024.reg`, {len(rule_text) / 1024:.0f} KB, "
        f"sha256 {hashlib.sha256(rule_text).hexdigest()[:16]}…",
    ]


# ----------------------------------------------------------------------------- 1. load

_COLD = """
import json, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
import regcore
t1 = time.perf_counter(); c1 = time.process_time()
rules = regcore.load(sys.argv[1])
t2 = time.perf_counter(); c2 = time.process_time()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "import_cpu": c1 - c0,
                  "load_cpu": c2 - c1, "decisions": len(rules.engine.order)}))
"""


def section_load(cfg: Config) -> tuple[list[str], dict[str, float]]:
    log("1. load: cold (fresh processes)")
    cold = [child(_COLD, str(snapshot_rules())) for _ in range(cfg.load_repeats)]
    log("1. load: warm")
    text = snapshot_rules().read_text(encoding="utf-8")
    load_rules()  # the parser is built once per process
    warm, again, parse_t, check_t, compile_t = [], [], [], [], []
    for i in range(cfg.load_repeats):
        gc.collect()
        # a text this process has not parsed yet (regcore keeps parsed texts: see below)
        with Clock() as c:
            regcore.loads(f"{text}\n# {i}\n", "circular_09_2024.reg")
        warm.append(c.cpu)
        with Clock() as c:
            load_rules()
        again.append(c.cpu)
        with Clock() as c:
            doc = parse(text, "circular_09_2024.reg")
        parse_t.append(c.cpu)
        with Clock() as c:
            checked = check([doc])
        check_t.append(c.cpu)
        with Clock() as c:
            Engine(checked)
        compile_t.append(c.cpu)
    with Clock() as c:
        _lark.cache_clear()
        _lark()
    parser_build = c.cpu
    n_ids = len(load_rules().engine.order)
    w = Stat(warm)
    lines = [
        "## 1. Loading the circular",
        "",
        f"The bundled rule file holds **{n_ids} decision ids** at this run "
        f"({'all those' if n_ids >= 69 else 'of the 69'} of provisions.md). Times in ms.",
        "",
        "| measure | CPU, ms | wall, ms |",
        "|---|---:|---:|",
        f"| cold: new process, `import regcore` | {Stat(x['import_cpu'] for x in cold).fmt(1e3)} "
        f"| {Stat(x['import'] for x in cold).fmt(1e3)} |",
        f"| cold: new process, first `regcore.load()` (builds the parser, reads the calendar) "
        f"| {Stat(x['load_cpu'] for x in cold).fmt(1e3)} | "
        f"{Stat(x['load'] for x in cold).fmt(1e3)} |",
        f"| cold: whole process, start to loaded, as the parent sees it | | "
        f"{Stat(x['process_wall'] for x in cold).fmt(1e3)} |",
        f"| parser build alone (Lark LALR, once per process) | {parser_build * 1e3:,.1f} | |",
        f"| **warm: `regcore.loads(text)`, parser built, a text not loaded before** | "
        f"**{w.fmt(1e3)}** | |",
        f"| … of which parse | {Stat(parse_t).fmt(1e3)} | |",
        f"| … of which check | {Stat(check_t).fmt(1e3)} | |",
        "| … of which compile (closures; aggregates are generated at their first use, in "
        f"the first evaluation) | {Stat(compile_t).fmt(1e3)} | |",
        f"| **warm: `regcore.load()` of the same file again** (its syntax tree is reused) | "
        f"**{Stat(again).fmt(1e3)}** | |",
        "",
        "regcore keeps the syntax trees of the last texts it parsed (`regcore/loader.py`), so a "
        "process that loads the same file again skips the parse; a new or edited text is "
        "parsed in full. The goal is judged on the latter, the load a changed rule file costs.",
        "",
        f"Goal: warm load under {GOALS['warm_load_ms']:.0f} ms — "
        f"{'**met**' if w.median * 1e3 < GOALS['warm_load_ms'] else '**not met**'} "
        f"({w.median * 1e3:.0f} ms for a new text; {Stat(again).median * 1e3:.0f} ms for the "
        "same text again).",
        "",
    ]
    return lines, {"warm_ms": w.median * 1e3, "again_ms": Stat(again).median * 1e3}


# ----------------------------------------------------------------------------- 2. throughput


def section_throughput(
    cfg: Config, rules: regcore.RuleSet, corpus: list[dict[str, Any]]
) -> tuple[list[str], dict[str, Any]]:
    n = len(corpus)
    full_cpu, full_wall, eval_cpu, eval_wall = [], [], [], []
    lat_full: list[list[float]] = []
    lat_eval: list[list[float]] = []
    stages = Counter(
        "acceptance meeting"
        if "meeting_on" in d.get("acceptance", {})
        else "implementation"
        if "contract" in d
        else "selection"
        for d in corpus
    )
    statuses: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    errors = 0
    for rep in range(cfg.corpus_repeats):
        log(f"2. throughput: one core, repeat {rep + 1}/{cfg.corpus_repeats} ({n} dossiers)")
        gc.collect()
        per_full, per_eval = [], []
        tf = te = wf = we = 0.0
        pc, cpu = time.perf_counter, time.process_time
        for d in corpus:
            w0, c0 = pc(), cpu()
            result = rules.evaluate(d, as_of=AS_OF)
            w1, c1 = pc(), cpu()
            result.to_dict()
            w2, c2 = pc(), cpu()
            per_eval.append(c1 - c0)
            per_full.append(c2 - c0)
            te += c1 - c0
            tf += c2 - c0
            we += w1 - w0
            wf += w2 - w0
            if rep == 0:
                statuses[result.status] += 1
                outcomes.update(x.outcome for x in result.decisions)
        full_cpu.append(tf)
        full_wall.append(wf)
        eval_cpu.append(te)
        eval_wall.append(we)
        lat_full.append(per_full)
        lat_eval.append(per_eval)
    for r in rules.evaluate_many(corpus[: min(n, 500)], as_of=AS_OF):
        errors += r.status == "error"

    two_wall, two_child = [], []
    for rep in range(cfg.workers_repeats):
        log(f"2. throughput: workers=2, repeat {rep + 1}/{cfg.workers_repeats}")
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with Clock() as c:
            count = sum(1 for _ in rules.evaluate_many(corpus, as_of=AS_OF, workers=2))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert count == n
        two_wall.append(c.wall)
        two_child.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    fc, fw, ec, ew = Stat(full_cpu), Stat(full_wall), Stat(eval_cpu), Stat(eval_wall)
    tw = Stat(two_wall)
    lat_med = Stat(statistics.median(x) for x in lat_full)
    lat_p99 = Stat(percentile(x, 0.99) for x in lat_full)
    lat_max = Stat(max(x) for x in lat_full)
    # the slowest dossier of the last pass, timed again on its own: is the maximum the dossier,
    # or a pause (a full garbage collection over the process's heap, which holds the corpus)?
    slowest = max(range(n), key=lambda i: lat_full[-1][i])
    again = []
    for _ in range(3):
        with Clock() as c:
            rules.evaluate(corpus[slowest], as_of=AS_OF).to_dict()
        again.append(c.cpu)
    ev_med = Stat(statistics.median(x) for x in lat_eval)
    ev_p99 = Stat(percentile(x, 0.99) for x in lat_eval)
    per_10k = fc.median / n * 10_000
    total = sum(statuses.values())
    lines = [
        f"## 2. Throughput and latency ({n:,} whole-life dossiers)",
        "",
        f"Corpus: `benchmarks/corpus.py`, seed {cfg.seed}, evaluated as of {AS_OF}; "
        f"{stages['acceptance meeting'] / n:.0%} of the dossiers reach the acceptance meeting, "
        f"{stages['implementation'] / n:.0%} stop in implementation, "
        f"{stages['selection'] / n:.0%} at the selection (no winner); "
        f"{sum(d['level'] == 'co_so' for d in corpus) / n:.0%} are cấp cơ sở. Statuses: "
        + ", ".join(f"{k} {v / total:.0%}" for k, v in statuses.most_common())
        + f"; {sum(outcomes.values()) / total:.1f} decisions per dossier ("
        + ", ".join(f"{k} {v}" for k, v in outcomes.most_common())
        + f"). Dossiers that failed to load: {errors} (of the first {min(n, 500)}).",
        "",
        "| one core | CPU | wall |",
        "|---|---:|---:|",
        f"| `evaluate` + `to_dict()` (full `because` trees, JSON-ready), s per corpus | "
        f"{fc.fmt(1, 2)} | {fw.fmt(1, 2)} |",
        f"| … dossiers per second | {Stat(n / x for x in full_cpu).fmt(1, 0)} | "
        f"{Stat(n / x for x in full_wall).fmt(1, 0)} |",
        f"| `evaluate` only (Result objects, trees built), s per corpus | {ec.fmt(1, 2)} | "
        f"{ew.fmt(1, 2)} |",
        f"| … dossiers per second | {Stat(n / x for x in eval_cpu).fmt(1, 0)} | "
        f"{Stat(n / x for x in eval_wall).fmt(1, 0)} |",
        f"| latency per dossier, `evaluate` + `to_dict()`: median, ms | {lat_med.fmt(1e3, 2)} | |",
        f"| … p99, ms | {lat_p99.fmt(1e3, 2)} | |",
        f"| … max, ms | {lat_max.fmt(1e3, 2)} | |",
        f"| … the slowest dossier of the last pass, evaluated again on its own, ms | "
        f"{Stat(again).fmt(1e3, 2)} | |",
        f"| latency, `evaluate` only: median / p99, ms | {ev_med.fmt(1e3, 2)} / "
        f"{ev_p99.fmt(1e3, 2)} | |",
        "",
        "| `evaluate_many(workers=2)` (Results pickled back, no `to_dict`) | |",
        "|---|---:|",
        f"| wall, s per corpus | {tw.fmt(1, 2)} |",
        f"| dossiers per second (wall) | {Stat(n / x for x in two_wall).fmt(1, 0)} |",
        f"| speed-up over one core (`evaluate` only, wall) | {ew.median / tw.median:.2f}× |",
        f"| CPU of the two workers, s | {Stat(two_child).fmt(1, 2)} |",
        "",
        f"Goal: 10,000 whole-life dossiers in under {GOALS['corpus_10k_s']:.0f} s on one core "
        f"— {'**met**' if per_10k < GOALS['corpus_10k_s'] else '**not met**'} "
        f"({per_10k:.1f} s CPU for 10,000 with `to_dict`, "
        f"{ec.median / n * 10_000:.1f} s without).",
        "",
    ]
    return lines, {
        "eval_cpu": ec,
        "full_cpu": fc,
        "per_10k": per_10k,
        "ids": len(rules.engine.order),
    }


# ----------------------------------------------------------------------------- 3, 4. subset


NO_PROSE: Final = "regcore `only`, pre-validated, without explanations (estimate)"


def regcore_no_prose(run: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``run`` with the evaluator's prose builders patched out while it runs (an estimate)."""
    from regcore import evaluator

    def quiet(d: Any) -> Any:
        explain, note = evaluator._explain, evaluator.Ctx.note
        evaluator._explain = lambda *a, **k: ("", "")
        evaluator.Ctx.note = lambda self, node: None  # type: ignore[method-assign]
        try:
            return run(d)
        finally:
            evaluator._explain, evaluator.Ctx.note = explain, note  # type: ignore[method-assign]

    return quiet


def section_subset(
    cfg: Config, rules: regcore.RuleSet, corpus: list[dict[str, Any]]
) -> tuple[list[str], dict[str, Any]]:
    only = agreement.subset_only()
    wanted = set(speed_limit.SUBSET)
    probe = rules.evaluate(corpus[0], as_of=AS_OF, only=only)
    if not {d.id for d in probe.decisions} <= wanted:
        raise RuntimeError("regcore's `only` no longer takes a tuple of ids")

    # regcore's rows for the whole corpus, computed once, compared with every implementation
    log(f"3. agreement: regcore's subset rows on {len(corpus)} dossiers")
    theirs: list[list[agreement.Row]] = []
    with Clock() as regcore_pass:
        for d in corpus:
            res = rules.evaluate(d, as_of=AS_OF, only=only)
            theirs.append([agreement.regcore_row(x) for x in res.decisions if x.id in wanted])

    impls: dict[str, Callable[[Mapping[str, Any], dt.date], Sequence[speed_limit.Record]]] = {
        "hand-written Python": speed_limit.evaluate
    }
    peers_missing: list[str] = []
    try:
        from benchmarks.peers.zen_subset import ZenSubset

        impls["zen-engine"] = ZenSubset().evaluate
    except ImportError:
        peers_missing.append("zen-engine")
    try:
        from benchmarks.peers.rule_engine_subset import RuleEngineSubset

        impls["rule-engine"] = RuleEngineSubset().evaluate
    except ImportError:
        peers_missing.append("rule-engine")

    reports: dict[str, agreement.Report] = {}
    passes: dict[str, Clock] = {}
    for name, fn in impls.items():
        log(f"3/4. agreement: {name} on {len(corpus)} dossiers")
        rel = 0.0 if name.startswith("hand") else 1e-9
        report = agreement.Report(name)
        rows_of: list[list[agreement.Row]] = []
        with Clock() as c:
            for d in corpus:
                rows_of.append([agreement.record_row(r) for r in fn(d, AS_OF)])
        passes[name] = c
        for d, t, o in zip(corpus, theirs, rows_of, strict=True):
            agreement.compare(report, d, t, o, rel)
        reports[name] = report

    # timing: every implementation on the same sample, interleaved, repeated
    sample = corpus[: cfg.sample]
    loaded = [rules.load_dossier(d) for d in sample]

    def regcore_plain(d: Any) -> Any:
        return rules.evaluate(d, as_of=AS_OF, only=only)

    def regcore_json(d: Any) -> Any:
        return rules.evaluate(d, as_of=AS_OF, only=only).to_dict()

    def at_as_of(impl: Callable[[Mapping[str, Any], dt.date], Any]) -> Callable[[Any], Any]:
        return lambda d: impl(d, AS_OF)

    timed: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        name: (at_as_of(impl), sample) for name, impl in impls.items()
    }
    timed["regcore `only`, with explanations rendered (`to_dict`)"] = (regcore_json, sample)
    timed["regcore `only`, Result objects"] = (regcore_plain, sample)
    timed["regcore `only`, Result objects, dossier pre-validated"] = (regcore_plain, loaded)
    timed[NO_PROSE] = (regcore_no_prose(regcore_plain), loaded)
    cpu: dict[str, list[float]] = {k: [] for k in timed}
    wall: dict[str, list[float]] = {k: [] for k in timed}
    for rep in range(cfg.repeats):
        log(f"3/4. subset timing, repeat {rep + 1}/{cfg.repeats} ({len(sample)} dossiers)")
        for name, (run, items) in timed.items():
            gc.collect()
            with Clock() as c:
                for d in items:
                    run(d)
            cpu[name].append(c.cpu / len(items))
            wall[name].append(c.wall / len(items))
    hand = Stat(cpu["hand-written Python"])
    order = [
        "hand-written Python",
        "regcore `only`, with explanations rendered (`to_dict`)",
        "regcore `only`, Result objects",
        "regcore `only`, Result objects, dossier pre-validated",
        NO_PROSE,
        *(k for k in impls if not k.startswith("hand")),
    ]
    lines = [
        "## 3. The speed limit: a hand-written subset",
        "",
        "The subset: `extension.max_months`, `extension.count`, `extension.length`, "
        "`extension.request_timing` (điểm c khoản 3 Điều 21), `acceptance.implementation_end` and "
        "`acceptance.submission_deadline` (khoản 1 Điều 24, on the working-day calendar), "
        "`acceptance.ballot`, `acceptance.score`, `acceptance.classification` (Điều 26–28); "
        "cấp cơ sở through Điều 40–41. `benchmarks/speed_limit.py` computes them in plain Python "
        "(only `regcore.calendar` for working days) and returns the same records (id, subject, "
        "outcome, value, citation, authority, missing paths, due, done_on, and the facts used), "
        "without prose. regcore evaluates the same ids with `only` (a tuple of the ids: the "
        "engine's `startswith` takes one, so exactly the subset is decided, in one pass).",
        "",
        "Agreement, whole corpus (rows compared: id, subject, outcome, value, citation, "
        "authority, missing, due, done_on):",
        "",
        f"- regcore's `only` pass over the corpus for the rows: {regcore_pass.cpu:,.2f} s CPU "
        f"({regcore_pass.cpu / len(corpus) * 1e6:,.0f} µs per dossier, one run).",
    ]
    for name, report in reports.items():
        lines += agreement.describe(report)
        lines.append(
            f"  - its full-corpus pass: {passes[name].cpu:,.2f} s CPU "
            f"({passes[name].cpu / len(corpus) * 1e6:,.0f} µs per dossier, one run)."
        )
    lines += [
        "",
        f"Time per dossier on a sample of {len(sample):,} dossiers, µs, CPU (wall beside), "
        f"{cfg.repeats} interleaved repeats; ratio to the hand-written subset (median CPU):",
        "",
        "| implementation | µs per dossier (CPU) | wall | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name in order:
        if name not in cpu:
            continue
        s = Stat(cpu[name])
        lines.append(
            f"| {name} | {s.fmt(1e6, 0)} | {Stat(wall[name]).fmt(1e6, 0)} | "
            f"{s.median / hand.median:.2f}× |"
        )
    explained = Stat(cpu["regcore `only`, with explanations rendered (`to_dict`)"])
    ratio = explained.median / hand.median
    lines += [
        "",
        '"With explanations" is `evaluate(…, only=…).to_dict()`: every decision\'s Vietnamese '
        'explanation and `because` tree, as JSON. "Result objects" stops before `to_dict`; '
        "regcore has no switch to skip building explanations, so its decisions still carry "
        'their prose and `because` nodes. "Pre-validated" '
        "hands `evaluate` a `Dossier` already checked against the declarations (the check and "
        "the receipt's hash are then outside the timing); the hand-written code and the peers "
        'never validate their input. "Without explanations" is an estimate of an evaluation '
        "that builds no prose: the same pre-validated run with the evaluator's two prose "
        "builders patched out for the timing (`_explain`, the explanation of each decision, and "
        "`Ctx.note`, which adds a node to a `because` tree); the sub-decision texts are still "
        "formatted, so the saving is if anything understated.",
        "",
        f"Goal: regcore with full explanations within {GOALS['subset_ratio']}× of the "
        f"hand-written subset — {'**met**' if ratio <= GOALS['subset_ratio'] else '**not met**'}"
        f" ({ratio:.1f}×).",
        "",
    ]
    peer_lines = [
        "## 4. Peers on the same subset",
        "",
        "- **zen-engine** (GoRules, Rust, Python bindings): "
        "`benchmarks/peers/circular_subset.jdm.json`, a JSON Decision Model (expression nodes, "
        "a decision table for khoản 2 Điều 28, a custom node for the calendar), built by "
        "`benchmarks/peers/zen_subset.py`.",
        "- **rule-engine** (pure Python): `benchmarks/peers/rule_engine_subset.py`, a chain of "
        "five `rule_engine.Rule` expressions over a working memory.",
        "- What was precomputed outside the engines, and why it is fair: nothing of the "
        "dossier is precomputed. Each engine gets the raw dossier and the evaluation date. "
        "Neither engine knows the Vietnamese working-day calendar, so both call back into "
        "Python for it (`LegalCalendar.roll_forward`, two dates per dossier): zen through a "
        "custom node, rule-engine through `$roll`. rule-engine also has no month arithmetic "
        "(`$add_months`, `$add_days`, backed by the same calendar class); ZEN has its own "
        '(`d(…).add(n, "M")`, clamped like the Civil Code). These callbacks run inside the '
        "engines' evaluation and are timed with them. The glue after each engine only converts "
        "types (numbers, ISO dates) into the same records; citations, outcomes, authorities "
        "and missing paths come out of the engines.",
        "- Agreement and timing are in section 3's lists and table (same sample, same loop).",
    ]
    if peers_missing:
        peer_lines.append(f"- Not installed, skipped: {', '.join(peers_missing)}.")
    for name in impls:
        if name.startswith("hand"):
            continue
        s = Stat(cpu[name])
        faster = explained.median < s.median
        peer_lines.append(
            f"- regcore `only` with explanations vs {name}: {s.median / explained.median:.2f}× "
            f"— regcore is {'**faster**' if faster else '**slower**'}; vs regcore `only` Result "
            f"objects: {s.median / Stat(cpu['regcore `only`, Result objects']).median:.2f}×."
        )
    peer_lines.append("")
    ok = all(r.ok for r in reports.values())
    peers = {k: Stat(cpu[k]).median / explained.median for k in impls if not k.startswith("hand")}
    return lines + peer_lines, {
        "ratio": ratio,
        "agreement_ok": ok,
        "reports": reports,
        "beats_peers": bool(peers) and all(v > 1 for v in peers.values()),
        "peers": ", ".join(f"{k} {v:.2f}× regcore's time" for k, v in peers.items()) or "none",
    }


# ----------------------------------------------------------------------------- 5. growth

_STREAM = (
    """
import json, sys, time
from regcore import load
from benchmarks.corpus import AS_OF, generate
"""
    + _RSS
    + """
rules_path, points, seed = sys.argv[1], [int(x) for x in sys.argv[2].split(",")], int(sys.argv[3])
rules = load(rules_path)
out = {"base_rss": rss_mb()[0], "points": []}
cpu = 0.0
n = 0
for d in generate(points[-1], seed=seed):
    c0 = time.process_time()
    rules.evaluate(d, as_of=AS_OF)
    cpu += time.process_time() - c0
    n += 1
    if n in points:
        cur, peak = rss_mb()
        out["points"].append({"n": n, "cpu": cpu, "rss": cur, "peak": peak})
print(json.dumps(out))
"""
)

_RULES = (
    """
import gc, json, sys, time
import regcore
from regcore.parser import _lark
from benchmarks.corpus import AS_OF, generate
"""
    + _RSS
    + """
path, repeats, sample, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
text = open(path, encoding="utf-8").read()
_lark()
dossiers = list(generate(sample, seed=seed))
gc.collect()
base = rss_mb()[0]
loads, grown = [], None
rules = None
for i in range(repeats):
    rules = None
    gc.collect()
    c0 = time.process_time()
    rules = regcore.loads(text + "\\n# %d\\n" % i, path)  # a new text: no parse cache
    loads.append(time.process_time() - c0)
    if grown is None:
        cur, peak = rss_mb()
        grown, peak_load = cur - base, peak - base
per, decisions = [], 0
for d in dossiers:
    c0 = time.process_time()
    r = rules.evaluate(d, as_of=AS_OF)
    per.append(time.process_time() - c0)
    decisions += len(r.decisions)
print(json.dumps({"kb": len(text.encode()) / 1024, "ids": len(rules.engine.order),
                  "loads": loads, "eval": per, "decisions": decisions / len(dossiers),
                  "rules_mb": grown, "load_peak_mb": peak_load, "peak": rss_mb()[1]}))
"""
)


def start_stream(cfg: Config) -> subprocess.Popen[str]:
    """The streaming run to the largest corpus, in a fresh process (started early, read last)."""
    log(f"5. growth: streaming run to {cfg.growth[-1]:,} dossiers started (fresh process)")
    return subprocess.Popen(
        [sys.executable, "-c", _STREAM, str(snapshot_rules()), ",".join(map(str, cfg.growth)),
         str(cfg.seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=snapshot_dir(),
    )  # fmt: skip


def section_growth(
    cfg: Config,
    rules: regcore.RuleSet,
    throughput: dict[str, Any],
    stream_proc: subprocess.Popen[str],
) -> tuple[list[str], dict[str, Any]]:
    lines = ["## 5. Growth", ""]
    small = cfg.growth[0]
    corpus_small = list(generate(small, seed=cfg.seed))
    reps = []
    for rep in range(cfg.repeats):
        log(f"5. growth: {small} dossiers, repeat {rep + 1}/{cfg.repeats}")
        gc.collect()
        with Clock() as c:
            for d in corpus_small:
                rules.evaluate(d, as_of=AS_OF)
        reps.append(c.cpu)

    # rule-file size: the k-fold files are written here, each measured in a fresh process
    engine = rules.engine
    text = snapshot_rules().read_text(encoding="utf-8")
    rows = []
    for copies in cfg.copies:
        repeats = cfg.load_repeats if copies < 50 else 1
        sample = 30 if cfg.quick else max(10, min(300, 3000 // copies))
        path = OUT / f"circular_x{copies}.reg"
        path.write_text(
            rulegrowth.replicate(
                text, copies, engine.order, lambda i: engine._is_input_path(tuple(i.split(".")))
            ),
            encoding="utf-8",
        )
        log(f"5. growth: rule file ×{copies} (fresh process: {repeats} loads, {sample} dossiers)")
        try:
            rows.append((copies, child(_RULES, str(path), str(repeats), str(sample), "7")))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            rows.append((copies, {"error": str(exc).strip().splitlines()[-1][:300]}))
        finally:
            path.unlink(missing_ok=True)

    log("5. growth: waiting for the streaming run")
    stdout, stderr = stream_proc.communicate()
    if stream_proc.returncode != 0:
        raise RuntimeError(f"the streaming run failed:\n{stderr[-3000:]}")
    stream = json.loads(stdout.strip().splitlines()[-1])
    by_n = {p["n"]: p for p in stream["points"]}
    base_us = by_n[small]["cpu"] / small * 1e6
    lines += [
        "Corpus size: `evaluate` (Result objects) on one core, dossiers generated on the fly "
        "(generation not timed). One fresh process streams all "
        f"{cfg.growth[-1]:,} dossiers and reports its CPU time and memory at each point; it "
        "ran while sections 3–5 ran in this process (CPU time is what each process used; the "
        "two shared the machine's cores with each other and with other users). The repeats "
        f"column gives the spread: {small:,} dossiers in this process, and the corpus of "
        "section 2.",
        "",
        "| dossiers | CPU s, repeats | CPU s, streaming run | µs per dossier | vs first | "
        "RSS at point, MB | peak RSS, MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in cfg.growth:
        p = by_n[n]
        if n == small:
            repeated = Stat(reps).fmt(1, 2)
        elif n == cfg.corpus:
            repeated = throughput["eval_cpu"].fmt(1, 2)
        else:
            repeated = "—"
        us = p["cpu"] / n * 1e6
        lines.append(
            f"| {n:,} | {repeated} | {p['cpu']:,.2f} | {us:,.0f} | {us / base_us:.2f}× | "
            f"{p['rss']:,.0f} | {p['peak']:,.0f} |"
        )
    last = by_n[cfg.growth[-1]]["cpu"] / cfg.growth[-1] * 1e6
    corpus_linear = last / base_us < 1.15
    drift = by_n[cfg.growth[-1]]["rss"] - by_n[small]["rss"]
    lines += [
        "",
        f"Time grows {'linearly' if corpus_linear else '**not linearly**'} with the corpus: "
        f"the cost per dossier over {cfg.growth[-1]:,} dossiers is {last / base_us:.2f}× that "
        f"over the first {small:,} (linear or better: at most 1.15×). Memory does not grow "
        "with the "
        f"corpus ({drift:+,.0f} MB from {small:,} to {cfg.growth[-1]:,} dossiers; the process "
        f"held {stream['base_rss']:,.0f} MB with the rules loaded): results are not kept. A "
        "caller that keeps every result pays its size per dossier (end of this section).",
        "",
        "Rule-file size: the circular's body copied k times under new article numbers and "
        "decision ids (`benchmarks/rulegrowth.py`; each copy checks and gives the same "
        "decisions as the original, `tests/test_corpus.py`). Each size in a fresh process, the "
        "parser built first; load = `regcore.loads` (parse, check, compile), CPU; memory = "
        "growth of resident memory over the first load (after it / at its peak); evaluation on "
        "a sample of dossiers.",
        "",
        "| file | KB | decision ids | load, s | ms per KB | vs ×1 | memory, MB | "
        "evaluate, ms per dossier | µs per decision | vs ×1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base_kb = base_dec = None
    verdicts = []
    rules_linear = True
    for copies, r in rows:
        if "error" in r:
            lines.append(f"| ×{copies} | failed: {r['error']} | | | | | | | | |")
            verdicts.append(f"×{copies} failed")
            rules_linear = False
            continue
        load = Stat(r["loads"])
        per_kb = load.median / r["kb"] * 1e3
        ev = statistics.median(r["eval"])
        per_dec = ev / r["decisions"] * 1e6
        if base_kb is None or base_dec is None:
            base_kb, base_dec = per_kb, per_dec
        g_load, g_eval = per_kb / base_kb, per_dec / base_dec
        rules_linear = rules_linear and g_load < 1.25 and g_eval < 1.25
        lines.append(
            f"| ×{copies} | {r['kb']:,.0f} | {r['ids']:,} | {load.fmt(1, 2)} | {per_kb:.2f} | "
            f"{g_load:.2f}× | {r['rules_mb']:,.0f} / {r['load_peak_mb']:,.0f} | "
            f"{ev * 1e3:,.1f} | {per_dec:,.1f} | {g_eval:.2f}× |"
        )
        verdicts.append(f"×{copies}: load {g_load:.2f}×, evaluation {g_eval:.2f}×")
    lines += [
        "",
        f"Growth in the rule file is {'linear' if rules_linear else '**not linear**'} "
        "(linear or better: per-KB load time and per-decision evaluation time at most 1.25× "
        "those of ×1; a cost per unit that falls is the fixed cost of a load or a dossier "
        "spread wider): " + "; ".join(verdicts) + ".",
        "",
    ]
    import tracemalloc

    kept_docs = corpus_small[: min(200, small)]
    tracemalloc.start()
    kept = [rules.evaluate(d, as_of=AS_OF) for d in kept_docs]
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines += [
        f"A kept `Result` weighs about {size / len(kept) / 1024:,.0f} KB (tracemalloc over "
        f"{len(kept)} results, decisions and `because` trees included): 100,000 kept results "
        f"would take about {size / len(kept) * 100_000 / 2**30:,.1f} GB — stream them.",
        "",
    ]
    return lines, {"corpus_linear": corpus_linear, "rules_linear": rules_linear}


# ----------------------------------------------------------------------------- 6. profile


def _is_prose(key: tuple[str, int, str]) -> bool:
    """Functions that only build explanation text or `because` nodes."""
    file, _, fn = key
    if file.endswith("regcore/i18n.py") or "regcore.result.Because" in file:
        return True
    if file.endswith("regcore/evaluator.py"):
        return fn in ("_explain", "shown", "_outcome_vi", "_outcome_en", "_unmet", "_source")
    return file.endswith("regcore/result.py") and fn in ("cite", "document_name")


def section_profile(cfg: Config, rules: regcore.RuleSet, corpus: list[dict[str, Any]]) -> list[str]:
    docs = corpus[: cfg.profile_n]
    log(f"6. profile: cProfile over {len(docs)} dossiers")
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        rules.evaluate(d, as_of=AS_OF)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]

    def where(key: tuple[str, int, str]) -> str:
        file, line, fn = key
        rel = file.replace(str(snapshot_dir()) + "/", "").replace(str(ROOT) + "/", "")
        if "site-packages" in rel or rel.startswith("/"):
            rel = rel.rsplit("/", 1)[-1]
        return f"`{rel}:{line} {fn}`"

    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])  # type: ignore[attr-defined]
    lines = [
        "## 6. Where the time goes",
        "",
        f"cProfile over `evaluate` on {len(docs):,} dossiers (the profiler inflates small "
        "functions; shares are indicative). Own time:",
        "",
        "| function | calls | own s | share |",
        "|---|---:|---:|---:|",
    ]
    for key, (_cc, nc, tt, _ct, _callers) in rows[:15]:
        lines.append(f"| {where(key)} | {nc:,} | {tt:,.2f} | {tt / total:.1%} |")
    cum = sorted(
        (kv for kv in stats.stats.items() if "/regcore/" in kv[0][0]),  # type: ignore[attr-defined]
        key=lambda kv: -kv[1][3],
    )
    lines += [
        "",
        "Cumulative time of regcore's functions (callees included; nested, so shares overlap):",
        "",
        "| function | calls | cumulative s | share |",
        "|---|---:|---:|---:|",
    ]
    for key, (_cc, nc, _tt, ct, _callers) in cum[:15]:
        lines.append(f"| {where(key)} | {nc:,} | {ct:,.2f} | {ct / total:.1%} |")
    dossier_t = max((v[3] for k, v in cum if k[2] == "load_dossier"), default=0.0)
    prose = sum(v[2] for k, v in stats.stats.items() if _is_prose(k))  # type: ignore[attr-defined]
    lines += [
        "",
        f"Input check (`load_dossier`: validation, normalisation, hash for the receipt): "
        f"{dossier_t / total:.0%} of the time. Building prose and `because` nodes (own time "
        f"of `regcore/i18n.py`, `Because.__init__`, `_explain`, `shown`, `_outcome_*`, `_unmet`, "
        f"`Citation.cite`, `document_name`): about {prose / total:.0%} — roughly what an "
        f"evaluation without explanations would save.",
        "",
    ]
    return lines


# ----------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a fast smoke run of every section")
    ap.add_argument("--seed", type=int, default=2025, help="corpus seed (default 2025)")
    ap.add_argument("--out", help="where to write the results (default: see above)")
    args = ap.parse_args(argv)
    if os.environ.get(_SNAPSHOT_ENV) is None:
        # freeze the code and the rules, then run again on the copy
        target = OUT / ("snapshot-quick" if args.quick else "snapshot")
        take_snapshot(target)
        env = {
            **os.environ,
            _SNAPSHOT_ENV: str(target),
            "PYTHONPATH": f"{target}{os.pathsep}{ROOT}",
        }
        rest = list(argv) if argv is not None else sys.argv[1:]
        os.execve(sys.executable, [sys.executable, str(Path(__file__).resolve()), *rest], env)
    if not Path(regcore.__file__).resolve().is_relative_to(snapshot_dir().resolve()):
        raise RuntimeError(f"regcore was imported from {regcore.__file__}, not the snapshot")
    cfg = Config(args.quick, args.seed)
    out = Path(
        args.out
        or (
            ROOT / "benchmarks" / "_out" / "RESULTS.quick.md"
            if args.quick
            else ROOT / "benchmarks" / "RESULTS.md"
        )
    )
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    if args.seed != 2025:
        command += f" --seed {args.seed}"
    started = dt.datetime.now(dt.UTC)
    load_start = load_avg()
    t0 = time.perf_counter()

    head = machine()
    load_lines, load_figs = section_load(cfg)
    rules = load_rules()
    log(f"generating {cfg.corpus:,} dossiers")
    with Clock() as gen:
        corpus = list(generate(cfg.corpus, seed=cfg.seed))
    tp_lines, tp = section_throughput(cfg, rules, corpus)
    stream = start_stream(cfg)
    try:
        sub_lines, sub = section_subset(cfg, rules, corpus)
        growth_lines, growth = section_growth(cfg, rules, tp, stream)
    finally:
        if stream.poll() is None:
            stream.kill()
    prof_lines = section_profile(cfg, rules, corpus)
    minutes = (time.perf_counter() - t0) / 60

    summary = [
        "## Summary",
        "",
        "| goal | reached | |",
        "|---|---|---|",
        f"| circular loads in < {GOALS['warm_load_ms']:.0f} ms warm | "
        f"{load_figs['warm_ms']:.0f} ms | {_mark(load_figs['warm_ms'] < GOALS['warm_load_ms'])} |",
        f"| 10,000 whole-life dossiers in < {GOALS['corpus_10k_s']:.0f} s on one core | "
        f"{tp['per_10k']:.1f} s (with `to_dict`; {tp['ids']} decision ids) | "
        f"{_mark(tp['per_10k'] < GOALS['corpus_10k_s'])} |",
        f"| subset with explanations within {GOALS['subset_ratio']}× of hand-written | "
        f"{sub['ratio']:.1f}× | {_mark(sub['ratio'] <= GOALS['subset_ratio'])} |",
        f"| faster than every peer on the subset | {sub['peers']} | {_mark(sub['beats_peers'])} |",
        f"| linear growth in corpus size / rule-file size | "
        f"{'yes' if growth['corpus_linear'] else 'no'} / "
        f"{'yes' if growth['rules_linear'] else 'no'} | "
        f"{_mark(growth['corpus_linear'] and growth['rules_linear'])} |",
        f"| agreement checks | {'pass' if sub['agreement_ok'] else 'FAIL'} | "
        f"{_mark(sub['agreement_ok'])} |",
        "",
    ]
    lines = [
        "# regcore benchmarks",
        "",
        f"Command: `{command}` (from the repository root; {minutes:.0f} min; "
        f"{'smoke run: small sizes, few repeats' if cfg.quick else 'full run'}).",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC. Load average (1/5/15 min) at start "
        f"{load_start}, at end {load_avg()}: the machine is shared, hence CPU times below.",
        *head,
        f"- Corpus: {cfg.corpus:,} dossiers generated in {gen.cpu:.1f} s CPU "
        f"(`python benchmarks/corpus.py -n {cfg.corpus} --seed {cfg.seed}` writes the same "
        "dossiers as JSON Lines).",
        "",
        *summary,
        *load_lines,
        *tp_lines,
        *sub_lines,
        *growth_lines,
        *prof_lines,
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log(f"wrote {out} ({minutes:.1f} min)")
    return 0 if sub["agreement_ok"] else 1


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


if __name__ == "__main__":
    raise SystemExit(main())

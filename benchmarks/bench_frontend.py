"""Front-end benchmark: parse and check time of the sample provisions and of generated rule
files of growing size (up to ~1 MB), to show that the front end grows linearly.

Run:  python benchmarks/bench_frontend.py [--repeat N] [--out benchmarks/frontend_results.md]

Times are wall-clock medians over repeated runs in one process (the parser is built once, as
in a real process); growth is reported as the ratio of time per kilobyte to that of the
smallest generated file, so it reads the same on a faster or slower machine. Not part of CI.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regcore.checker import check  # noqa: E402
from regcore.parser import _lark, parse  # noqa: E402

SAMPLE = ROOT / "regulations" / "samples" / "provisions_vi.reg"

HEADER = """văn bản "BENCH/2025"
  có hiệu lực từ 10/02/2025 theo khoản 1 Điều 1
danh mục Cấp: "tinh", "co_so"
bản ghi GiaHạn
  trường months: tháng bắt buộc
  trường requested_on: ngày_tháng
  trường approved_by: chuỗi mặc định rỗng
đầu vào
  trường level: Cấp bắt buộc
  trường duration: tháng
  trường end: ngày_tháng
  trường submitted_on: ngày_tháng
  trường extensions: danh sách GiaHạn mặc định []
thẩm quyền ct "Chủ tịch Ủy ban nhân dân cấp tỉnh"
Điều 1. Hiệu lực
khoản 1.
"""

ARTICLE = '''
Điều {n}. Điều khoản sinh ra số {n}
khoản 1.
"""
1. Văn bản luật của Điều {n}: mỗi nhiệm vụ chỉ được gia hạn thời gian 01 lần, thời gian gia
hạn không quá 12 tháng đối với nhiệm vụ có thời gian thực hiện từ 24 tháng trở lên.
"""
điểm a)
quyết định d{n}.max
  khi level = "tinh"
  giá trị nếu duration >= 24 tháng thì 12 tháng ngược lại 6 tháng
quyết định d{n}.each
  với mỗi e trong extensions
  đối tượng vị_trí(e)
  xét theo ngày e.requested_on
  yêu cầu e.months không quá d{n}.max theo điểm a
    lý do "Số tháng gia hạn vượt quá mức tối đa"
    nếu không thì chuyển ct
    trừ khi e.approved_by thuộc ["chu_tich_ubnd"]
khoản 2.
quyết định d{n}.deadline
  thời hạn submitted_on:
    trong vòng 30 ngày kể từ end + tổng(x trong extensions mà có x.approved_by: x.months),
    lùi sang ngày làm việc
'''


def generated(n_articles: int) -> str:
    return HEADER + "".join(ARTICLE.format(n=n) for n in range(2, n_articles + 2))


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "frontend_results.md"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    _lark()
    build = time.perf_counter() - t0

    rows = []
    sample = SAMPLE.read_text(encoding="utf-8")
    cases = [("sample provisions (vi)", sample)]
    per_article = len(generated(1)) - len(HEADER)
    for target_kb in (128, 256, 512, 1024):
        n = max(1, (target_kb * 1024 - len(HEADER)) // per_article)
        cases.append((f"generated, {n} articles", generated(n)))
    base_per_kb = None
    for name, text in cases:
        size_kb = len(text.encode("utf-8")) / 1024
        parse_t = timed(lambda text=text: parse(text, "bench.reg"), args.repeat)
        both_t = timed(lambda text=text: check([parse(text, "bench.reg")]), args.repeat)
        med = statistics.median(both_t)
        per_kb = med / size_kb
        if name.startswith("generated") and base_per_kb is None:
            base_per_kb = per_kb
        ratio = per_kb / base_per_kb if base_per_kb and name.startswith("generated") else None
        rows.append(
            (
                name,
                size_kb,
                statistics.median(parse_t),
                min(both_t),
                med,
                max(both_t),
                per_kb,
                ratio,
            )
        )

    lines = [
        "# Front-end benchmark: parse and check",
        "",
        f"Command: `python benchmarks/bench_frontend.py --repeat {args.repeat}`",
        "",
        f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python "
        f"{platform.python_version()}; date {time.strftime('%Y-%m-%d')}. Parser build (once per"
        f" process): {build * 1000:.0f} ms.",
        "",
        "| input | size (KB) | parse median (ms) | parse+check min / median / max (ms) "
        "| ms per KB | growth vs smallest generated |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, kb, p, lo, med, hi, per_kb, ratio in rows:
        growth = f"{ratio:.2f}×" if ratio is not None else "—"
        lines.append(
            f"| {name} | {kb:.0f} | {p * 1000:.1f} | {lo * 1000:.1f} / {med * 1000:.1f} / "
            f"{hi * 1000:.1f} | {per_kb * 1000:.3f} | {growth} |"
        )
    lines += [
        "",
        "Growth is linear when the time per KB stays near 1.00× of the smallest generated file.",
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

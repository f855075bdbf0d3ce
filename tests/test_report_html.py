"""The HTML report over many dossiers: a summary, the most frequent violations, a section per
dossier; rendered by headless Chromium when the machine has it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import regcore
from regcore.render import render_html

ROOT = Path(__file__).parent.parent
BASE = json.loads((ROOT / "tests" / "cases" / "dossiers" / "tinh_de_tai.json").read_text("utf-8"))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.h2: list[str] = []
        self.h3: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self.stack and self.stack[-1] == "h2":
            self.h2.append(data.strip())
        elif self.stack and self.stack[-1] == "h3":
            self.h3.append(data.strip())


def _results() -> list[regcore.Result]:
    dossiers = []
    for i in range(6):
        d = copy.deepcopy(BASE)
        d["id"] = f"R-{i}"
        if i % 2:
            d["acceptance"]["submitted_on"] = "2027-09-01"  # late
        dossiers.append(d)
    rules = regcore.load()
    return [rules.evaluate(d, as_of=dt.date(2027, 10, 1)) for d in dossiers]


def test_many_dossiers_page() -> None:
    results = _results()
    page = _Page()
    page.feed(render_html(results))
    # a summary, then one section per dossier
    assert page.h2[0] == "Tổng hợp"
    assert [h for h in page.h2 if h.startswith("Hồ sơ")] == [f"Hồ sơ R-{i}" for i in range(6)]
    statuses = Counter(r.status for r in results)
    assert statuses == {"compliant": 3, "non_compliant": 3}
    summary = {row[0]: row[1] for row in page.rows if len(row) == 3 and row[1].isdigit()}
    assert summary["không tuân thủ"] == "3"
    assert summary["tuân thủ"] == "3"
    assert "Vi phạm thường gặp nhất" in page.h3
    late = [row for row in page.rows if row[:1] == ["acceptance.submission_deadline"]]
    assert late[0][1:] == ["khoản 1 Điều 24 Thông tư 09/2024/TT-BKHCN", "3"]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium not installed")
def test_chromium_renders_the_page(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text(render_html(_results()), encoding="utf-8")
    png = tmp_path / "report.png"
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu"]
    subprocess.run(
        [*cmd, f"--screenshot={png}", "--window-size=1280,1600", html.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run(
        [*cmd, "--dump-dom", html.as_uri()], check=True, capture_output=True, timeout=120
    ).stdout.decode("utf-8")
    assert "Kết quả đánh giá 6 hồ sơ nhiệm vụ" in dom
    assert dom.count('class="badge non_compliant"') >= 3

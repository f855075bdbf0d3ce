"""Rule files k times the circular: its articles and rules copied under new article numbers and
new decision ids, so that every copy still parses and checks (``benchmarks/run.py``, section 5).

Like ``bench_frontend.py``, the text is generated rather than stored; unlike it, the unit copied
is the bundled circular itself — whatever rules it holds when the benchmark runs. The header
(document, lists, records, inputs, authorities, definitions) is kept once; copy k of the body
(from ``Chương I``) gets:

- articles renumbered ``Điều n`` → ``Điều n + k·N`` (N: the circular's last article), in
  headings and in the rules' citations (``theo``, ``căn cứ``, ``áp dụng`` …); the chapter and
  section headings left out (chapters take Roman numerals, which stop short of a hundred
  copies), so the copies' articles sit in the last chapter; the law's text copied unchanged;
- every decision id prefixed (``acceptance.score`` → ``b2.acceptance.score``) where it is
  declared and where a rule reads it — but not where the same dotted name is a dossier path
  (``appraisal.quotes`` the input list, not the decision);
- the declarations that sit in the body (``định nghĩa``, ``thẩm quyền``, ``thang điểm``) left
  out: the copies share the original's, as a provincial layer would.

So a dossier evaluated against the k-fold file gets k times the decisions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_DECLARATIONS = ("định nghĩa ", "thẩm quyền ", "thang điểm ", "danh mục ", "bản ghi ")
# what begins an item at the start of a line (a declaration's continuation lines do not)
_ITEMS = (*_DECLARATIONS, "Chương ", "Mục ", "Điều ", "khoản ", "điểm ", "quyết định ",
          "chỉ có văn bản", '"""')  # fmt: skip
_ARTICLE = re.compile(r"^Điều (\d+)\.", re.MULTILINE)
_CHAPTER = re.compile(r"^Chương ([IVXLCDM]+)\.", re.MULTILINE)
_REF = re.compile(r"\bĐiều (\d+)")


def split(text: str) -> tuple[str, str]:
    """The header (declarations) and the body (from the first chapter)."""
    m = _CHAPTER.search(text)
    if m is None:
        raise ValueError("the rule file has no «Chương» heading to split at")
    return text[: m.start()], text[m.start() :]


def _copy(
    body: str,
    article_offset: int,
    rename: Callable[[str, bool], str],
) -> str:
    out: list[str] = []
    in_text = False
    skipping = False  # inside a declaration left out, until the next item begins
    for line in body.splitlines():
        if line.strip() == '"""' or (line.startswith('"""') and line.count('"""') == 1):
            in_text = not in_text
            skipping = False
            out.append(line)
            continue
        if in_text:
            out.append(line)
            continue
        if line.startswith(_DECLARATIONS):
            skipping = True
            continue
        if skipping and not line.startswith(_ITEMS):
            continue  # a continuation line, at any indentation ("}" closes at column 0)
        skipping = False
        if line.startswith(("Chương ", "Mục ")):
            continue  # chapters are numbered in Roman numerals, at most CCCXCIX: left out
        line = _REF.sub(lambda m: f"Điều {int(m[1]) + article_offset}", line)
        if line.startswith("#"):
            out.append(line)
            continue
        out.append(rename(line, line.startswith("quyết định ")))
    return "\n".join(out) + "\n"


def replicate(
    text: str,
    copies: int,
    decision_ids: Iterable[str],
    is_input_path: Callable[[str], bool],
) -> str:
    """The rule file `text` with its body present `copies` times (the original first)."""
    if copies <= 1:
        return text
    _, body = split(text)
    articles = [int(n) for n in _ARTICLE.findall(body)]
    last_article = max(articles)
    ids = sorted(set(decision_ids), key=len, reverse=True)
    always = re.compile(r"(?<![\w.])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w])")
    readable = [i for i in ids if not is_input_path(i)]
    in_rules = (
        re.compile(r"(?<![\w.])(" + "|".join(re.escape(i) for i in readable) + r")(?![\w])")
        if readable
        else None
    )
    parts = [text if text.endswith("\n") else text + "\n"]
    for k in range(2, copies + 1):
        prefix = f"b{k}."

        def rename(line: str, declares: bool, prefix: str = prefix) -> str:
            pattern = always if declares else in_rules
            if pattern is None:
                return line
            if declares:  # only the declared id, not what the label might mention
                head, _, rest = line.partition('"')
                return pattern.sub(lambda m: prefix + m[1], head, count=1) + _ + rest
            return pattern.sub(lambda m: prefix + m[1], line)

        offset = (k - 1) * last_article
        parts.append(_copy(body, offset, rename))
    return "".join(parts)

"""Static checks: what is accepted (the samples, layering, exceptions) and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from regcore.checker import CheckedRules
from regcore.errors import RuleCheckError
from regcore.loader import load_documents, load_texts

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "regulations" / "samples"

BASE = """văn bản "09/2024/TT-BKHCN"
  có hiệu lực từ 10/02/2025 theo khoản 1 Điều 45
danh mục Cấp: "tinh", "co_so"
bản ghi GiaHạn
  trường months: tháng bắt buộc
  trường requested_on: ngày_tháng
đầu vào
  trường level: Cấp bắt buộc
  trường duration: tháng
  trường extensions: danh sách GiaHạn mặc định []
Điều 11. Điều kiện
khoản 1.
quyết định eligibility.x
  khi level = "tinh"
  đặt giới_hạn = 12 tháng
  yêu cầu duration không quá giới_hạn
Điều 21. Gia hạn
quyết định ext.each
  với mỗi e trong extensions
  đối tượng vị_trí(e)
  xét theo ngày e.requested_on
  yêu cầu e.months không quá 12 tháng
Điều 34. Cấp cơ sở
khoản 1.
quyết định eligibility.x
  khi level = "co_so"
  áp dụng khoản 1 Điều 11 thay giới_hạn = 6 tháng
Điều 45. Hiệu lực
khoản 1.
"""


def codes(text: str, *more: tuple[str, str]) -> list[str]:
    try:
        checked = load_texts([(text, "t.reg"), *more])
    except RuleCheckError as exc:
        return [d.code for d in exc.diagnostics]
    return [d.code for d in checked.warnings]


def test_base_checks_clean() -> None:
    checked = load_texts([(BASE, "t.reg")])
    assert isinstance(checked, CheckedRules)
    assert [info.rule.pos.cite() for info in checked.rules["eligibility.x"]] == [
        "khoản 1 Điều 11",
        "khoản 1 Điều 34",
    ]
    assert checked.warnings == ()


@pytest.mark.parametrize("name", ["provisions_vi.reg", "provisions_en.reg"])
def test_samples_check_clean_in_both_keyword_sets(name: str) -> None:
    checked = load_documents([SAMPLES / name])
    assert checked.warnings == ()
    assert set(checked.rules) >= {
        "extension.max_months",
        "extension.count",
        "extension.length",
        "extension.request_timing",
        "acceptance.score",
        "acceptance.classification",
        "acceptance.submission_deadline",
        "selection.winner",
        "identification.council.quorum",
        "selection.council.quorum",
    }


def test_both_samples_say_the_same() -> None:
    vi = load_documents([SAMPLES / "provisions_vi.reg"])
    en = load_documents([SAMPLES / "provisions_en.reg"])
    assert vi.documents[0].items == en.documents[0].items
    assert vi.documents[0].header == en.documents[0].header


def test_two_rules_for_one_decision_need_disjoint_guards_or_an_exception() -> None:
    clash = BASE.replace('  khi level = "co_so"\n  áp dụng', '  khi level = "tinh"\n  áp dụng')
    assert "E207" in codes(clash)
    excepted = clash.replace(
        "  áp dụng khoản 1 Điều 11",
        "  ngoại lệ của khoản 1 Điều 11 thứ tự ưu tiên 1\n  áp dụng khoản 1 Điều 11",
    )
    assert "E207" not in codes(excepted)


def test_versions_by_effective_date_do_not_clash() -> None:
    text = (
        BASE
        + """Điều 46. Sửa đổi
quyết định eligibility.x
  khi level = "tinh"
  áp dụng từ 01/07/2026
  yêu cầu duration không quá 24 tháng
"""
    )
    assert "E207" not in codes(text)


def test_apply_replaces_only_named_values() -> None:
    assert "E223" in codes(BASE.replace("thay giới_hạn =", "thay giới_han ="))


def test_units_and_types() -> None:
    assert "E301" in codes(
        BASE.replace(
            "yêu cầu e.months không quá 12 tháng",
            "yêu cầu e.requested_on + 3 điểm > e.requested_on",
        )
    )
    assert "E310" in codes(BASE.replace("không quá 12 tháng", "không quá 12 điểm"))
    assert "E302" in codes(
        BASE.replace(
            "yêu cầu e.months không quá 12 tháng", "yêu cầu 3 ngày + 2 ngày làm việc > 4 ngày"
        )
    )
    assert "E305" in codes(BASE.replace('khi level = "co_so"', 'khi level = "huyen"'))
    assert "E304" in codes(BASE.replace('khi level = "co_so"', "khi duration"))


def test_citations_must_exist() -> None:
    assert "E220" in codes(BASE.replace("áp dụng khoản 1 Điều 11", "áp dụng khoản 1 Điều 99"))
    assert "E220" in codes(BASE.replace("áp dụng khoản 1 Điều 11", "áp dụng khoản 7 Điều 11"))


def test_provincial_layer_extends_and_overrides() -> None:
    layer = """văn bản "15/2025/QĐ-UBND"
  mở rộng "09/2024/TT-BKHCN"
đầu vào
  trường local_report: đúng_sai
Điều 3. Quy định riêng của tỉnh
khoản 1.
quyết định province.report
  yêu cầu local_report
quyết định eligibility.x
  thay thế khoản 1 Điều 11 của "09/2024/TT-BKHCN"
  khi level = "tinh"
  yêu cầu duration không quá 18 tháng
"""
    checked = load_texts([(BASE, "base.reg"), (layer, "layer.reg")])
    assert "province.report" in checked.rules
    assert [i.document for i in checked.rules["eligibility.x"]] == [
        "09/2024/TT-BKHCN",
        "09/2024/TT-BKHCN",
        "15/2025/QĐ-UBND",
    ]
    without_override = layer.replace('  thay thế khoản 1 Điều 11 của "09/2024/TT-BKHCN"\n', "")
    with pytest.raises(RuleCheckError) as info:
        load_texts([(BASE, "base.reg"), (without_override, "layer.reg")])
    assert [d.code for d in info.value.diagnostics] == ["E207"]


def test_cycles_are_reported() -> None:
    text = BASE + "định nghĩa a = b + 1\nđịnh nghĩa b = a + 1\n"
    assert "E230" in codes(text)


def test_every_problem_is_reported_in_one_run() -> None:
    broken = BASE.replace("duration không quá giới_hạn", "duraton không quá giới_hạn").replace(
        'khi level = "co_so"', 'khi level = "huyen"'
    )
    found = codes(broken)
    assert "E210" in found and "E305" in found


def test_a_dossier_path_wins_over_a_decision_of_the_same_name() -> None:
    text = BASE.replace(
        "  trường level: Cấp bắt buộc\n",
        "  trường level: Cấp bắt buộc\n  trường appraisal: ThẩmĐịnh\n",
    ).replace(
        "đầu vào\n",
        "bản ghi ThẩmĐịnh\n  trường payment_mode: chuỗi\nđầu vào\n",
    ) + (
        "Điều 15. Thẩm định\nquyết định appraisal.payment_mode\n"
        '  yêu cầu appraisal.payment_mode thuộc ["khoan_chi_tung_phan"]\n'
    )
    assert codes(text) == ["W403"]  # Điều 15 placed after Điều 45: only the order warning


def test_list_of_numbers_without_space_is_flagged() -> None:
    text = BASE.replace("yêu cầu e.months không quá 12 tháng", "yêu cầu e.months thuộc [1,2]")
    assert "W405" in codes(text)
    fine = BASE.replace("yêu cầu e.months không quá 12 tháng", "yêu cầu e.months thuộc [1, 2]")
    assert "W405" not in codes(fine)


def test_notice_in_months_and_product_of_units() -> None:
    assert "E319" in codes(
        BASE.replace(
            "yêu cầu e.months không quá 12 tháng",
            "thời hạn e.requested_on: ít nhất 1 tháng trước e.requested_on",
        )
    )
    assert "E318" in codes(BASE.replace("không quá 12 tháng", "* 2 tháng > 1 tháng"))


def test_cli_checks_a_layer_on_the_base_given_beside_it(tmp_path: Path) -> None:
    from regcore.cli import main

    base = tmp_path / "base.reg"
    base.write_text(BASE + "Điều 99. Riêng của tệp gốc này\n", encoding="utf-8")
    layer = tmp_path / "layer.reg"
    layer.write_text(
        'văn bản "1/2025/QĐ-UBND"\n  mở rộng "09/2024/TT-BKHCN"\nĐiều 1. X\n'
        'quyết định p\n  căn cứ Điều 99 của "09/2024/TT-BKHCN"\n  yêu cầu đúng\n',
        encoding="utf-8",
    )
    assert main(["check", str(base), str(layer)]) == 0

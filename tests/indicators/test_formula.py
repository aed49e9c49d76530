"""Formulas of derived indicators: read by hand, evaluated in Decimal, never run as code."""
from decimal import Decimal

import pytest

from tracker.indicators.formula import FormulaError, parse

D = Decimal
INPUTS = {"托位数": D(2610), "常住人口": D(870000)}


@pytest.mark.parametrize("text", [
    "托位数 ÷ 常住人口 × 1000",
    "托位数/常住人口*1000",
    "{托位数} / {常住人口} * 1,000",
    "「托位数」÷「常住人口」×1000",
    "（托位数 × 1000）÷ 常住人口",
])
def test_the_beds_per_thousand_formula_reads_in_every_usual_spelling(text):
    formula = parse(text)
    assert formula.names == ("托位数", "常住人口")
    assert formula.evaluate(INPUTS) == D(3)


def test_precedence_and_unary_minus():
    assert parse("a + b * 2").evaluate({"a": D(1), "b": D(3)}) == D(7)
    assert parse("(a + b) * 2").evaluate({"a": D(1), "b": D(3)}) == D(8)
    assert parse("-a + 10").evaluate({"a": D(4)}) == D(6)


def test_a_missing_input_or_a_division_by_zero_gives_no_value():
    formula = parse("托位数 ÷ 常住人口 × 1000")
    assert formula.evaluate({"托位数": D(10)}) is None
    assert formula.evaluate({"托位数": D(10), "常住人口": D(0)}) is None


def test_a_name_with_a_leading_digit_is_quoted():
    assert parse("{3岁以下托位数} ÷ 常住人口").names == ("3岁以下托位数", "常住人口")


@pytest.mark.parametrize(("text", "words"), [
    ("", "为空"),
    ("托位数 ÷", "不完整"),
    ("托位数 ÷ (常住人口", "括号"),
    ("1000 * 2", "至少应引用一个指标"),
    ("{托位数", "配对"),
    ("托位数 常住人口", "位置不对"),
])
def test_an_unreadable_formula_is_refused_in_chinese(text, words):
    with pytest.raises(FormulaError) as exc:
        parse(text)
    assert words in str(exc.value)


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')", "open('/etc/passwd').read()", "托位数.__class__", "托位数 ** 1000000",
])
def test_code_is_never_run_it_is_refused_or_read_as_names(text):
    try:
        formula = parse(text)
    except FormulaError:
        return
    assert formula.evaluate({}) is None  # names that are no indicator give no value; nothing ran


def test_deep_nesting_is_refused_not_a_crash():
    with pytest.raises(FormulaError):
        parse("(" * 200 + "a" + ")" * 200)

"""Stage 1 and the shared helpers: numerals, width folding, month labels."""

import subprocess
import sys

import pytest

from gonghui.plans.parser import cn_to_int, find_labels, fold, normalise, parse_label


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十三", 23),
        ("一百", 100),
        ("两千零五", 2005),
        ("二〇二四", 2024),
    ],
)
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


def test_fold_keeps_length_and_turns_full_width_half():
    assert fold("（１）会费收缴率１００％：") == "(1)会费收缴率100%:"
    assert len(fold("（一）\u3000标题")) == len("（一）\u3000标题")


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("三月份", {"month": 3}),
        ("元月", {"month": 1}),
        ("十一月", {"month": 11}),
        ("12月", {"month": 12}),
        ("七、八月份", {"month": 7, "months": [7, 8]}),
        ("1~2月", {"month": 1, "months": [1, 2]}),
        ("7,8月", {"month": 7, "months": [7, 8]}),
        ("9月—10月", {"month": 9, "months": [9, 10]}),
        ("三至五月", {"month": 3, "months": [3, 4, 5]}),
        ("第一季度", {"month": None, "period": "Q1"}),
        ("四季度", {"month": None, "period": "Q4"}),
        ("上半年", {"month": None, "period": "H1"}),
        ("下半年", {"month": None, "period": "H2"}),
        ("【六月】", {"month": 6}),
    ],
)
def test_labels(text, fields):
    assert parse_label(text).fields() == fields


@pytest.mark.parametrize("text", ["每月", "三个月", "第二次", "月份", "十三月", "一、二"])
def test_not_labels(text):
    assert parse_label(text) is None


def test_labels_inside_quotes_are_names():
    assert find_labels(fold("开展“三月学雷锋”活动")) == []


def test_normalise_gives_one_kind_of_line_end_and_drops_the_byte_order_mark():
    assert normalise("\ufeff一、指导思想\r\n二、目标\r三、措施") == "一、指导思想\n二、目标\n三、措施"


def test_the_parser_package_imports_no_django():
    # the upload helper and the commands run it outside Django; a Django import would tie it to settings
    code = "import sys, gonghui.plans.parser; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

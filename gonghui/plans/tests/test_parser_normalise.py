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


def test_markdown_heading_marks_and_page_numbers_go():
    assert (
        normalise("#### 一、指导思想\n正文。\n- 2 -\n第3页\n##### （一）组织")
        == "一、指导思想\n正文。\n（一）组织"
    )


def test_a_heading_after_a_sentence_gets_its_own_line():
    assert normalise("作出新的贡献。五、工作要求\n") == "作出新的贡献。\n五、工作要求\n"
    assert normalise("完成了一、二月份的任务。") == "完成了一、二月份的任务。"  # not after a sentence end


def test_lines_wrapped_at_the_page_width_are_joined():
    wide = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的精神，坚持党建带"
    text = "\n".join(
        [
            wide,
            "工建，以服务职工为宗旨。",
            wide,
            "工建。",
            wide + "，",
            "（一）建好组织。",
            "一月份",
            "春节慰问",
        ]
    )
    lines = normalise(text).split("\n")
    assert lines[0] == wide + "工建，以服务职工为宗旨。" and lines[1] == wide + "工建。"
    assert lines[2:] == [wide + "，", "（一）建好组织。", "一月份", "春节慰问"]  # a marker starts a line


def test_a_word_stub_under_a_wrapped_line_is_its_end_but_a_month_heading_is_not():
    wide = "开展送温暖活动，慰问困难职工、劳动模范和外来务工人员，走访一线职工家庭送去慰问品和"
    text = "\n".join(
        [
            wide + "。",
            wide + "。",
            wide + "。",
            "1、开展送温暖活动，慰问困难职工、劳动模范和外来务工",
            "人员",
            "二月",
            "植树",
        ]
    )
    assert normalise(text).split("\n")[3:] == [
        "1、开展送温暖活动，慰问困难职工、劳动模范和外来务工人员",
        "二月",
        "植树",
    ]


def test_traditional_characters_are_read_as_simplified_and_answered_in_their_own():
    from gonghui.plans.parser import parse_plan
    from gonghui.plans.parser.simplified import simplified

    assert simplified("職工入會率達到95%以上") == "职工入会率达到95%以上"
    parsed = parse_plan("二、工作目標\n全縣職工入會率達到95%以上。\n三月中旬，舉辦專題培訓班。\n")
    assert parsed["targets"][0]["metric"] == "職工入會率"
    assert parsed["schedule"] == [{"month": 3, "text": "舉辦專題培訓班", "category": "study"}]
    assert parsed["sections"] == [{"level": 1, "title": "工作目標"}]

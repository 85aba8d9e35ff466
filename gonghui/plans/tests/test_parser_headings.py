"""Stage 2: the heading tree."""

import pytest

from .parser_stages import sections, sections_of

# --------------------------------------------------------------------------- sections


def test_heading_levels_follow_the_markers():
    text = """一、指导思想：以新时代思想为指导，团结职工。
二、主要工作
（一）加强组织建设。做好新会员发展。
1、规范建会
各基层工会要按照法定程序建立工会组织，选举产生工会委员会。
（二）维护职工权益
三、具体月份工作安排：
一月份：
1、春节慰问。
"""
    assert sections(text) == [
        (1, "指导思想"),
        (1, "主要工作"),
        (2, "加强组织建设"),
        (3, "规范建会"),
        (2, "维护职工权益"),
        (1, "具体月份工作安排"),
    ]


def test_a_numbered_heading_directly_under_a_chinese_one_is_level_two():
    text = "二、工作目标\n\n1、强化组织建设\n\n以新建企业工会组建为重点，力争实现工会组织全覆盖。\n"
    assert sections(text) == [(1, "工作目标"), (2, "强化组织建设")]


def test_run_in_and_list_numbers_are_not_headings():
    text = """一、加强学习
1、建立学习制度。工会委员会坚持集中学习，提高服务能力。
2、开展读书活动
3、组织知识竞赛
第一、认真学习贯彻工会工作会议精神，统一思想，提高认识，结合本单位工作实际发挥岗位效能。
"""
    assert sections(text) == [(1, "加强学习")]


def test_a_run_in_heading_without_full_stop_keeps_as_many_clauses_as_its_siblings():
    body = "，加强思想作风建设，提高理论水平，把学习宣传贯彻工会法作为一项重要工作，抓紧抓好，统一思想，采取措施。"
    text = f"（一）加强学习，提高认识。\n（二）强化服务，关心职工\n（三）加强自身建设，增强工作责任感{body}\n"
    found = sections_of(text)
    assert [(s["title"], bool(s.get("uncertain"))) for s in found] == [
        ("加强学习，提高认识", False),
        ("强化服务，关心职工", False),
        ("加强自身建设，增强工作责任感", True),
    ]


def test_part_headings_rank_above_chinese_numbers():
    assert sections("第一部分 指导思想\n一、总体要求\n第二部分 工作任务\n") == [
        (1, "指导思想"),
        (2, "总体要求"),
        (1, "工作任务"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "一，指导思想\n正文。\n二，工作目标\n（一）组织建设\n",
        "一,指导思想\n正文。\n二,工作目标\n(一)组织建设\n",
        "【一】指导思想\n正文。\n【二】工作目标\n（一）组织建设\n",
        "#### 一、指导思想\n正文。\n#### 二、工作目标\n##### （一）组织建设\n",
        "指导思想：\n正文。\n工作目标:\n（一）组织建设\n",
    ],
)
def test_every_heading_form_gives_the_same_tree(text):
    assert sections(text) == [(1, "指导思想"), (1, "工作目标"), (2, "组织建设")]


def test_a_lead_in_ending_in_a_colon_is_no_heading():
    assert sections("一、工作安排\n具体安排如下：\n") == [(1, "工作安排")]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("一、指导思想以习近平新时代中国特色社会主义思想为指导，团结职工。", "指导思想"),
        ("二、工作目标全年力争新发展会员65名，建会率达到95%。", "工作目标"),
        ("（一）强化思想引领利用农家书屋、村广播和村民微信群宣传政策，引导会员。", "强化思想引领"),
        ("（二）服务乡村产业20xx年5月，村工会将举办评选活动。", "服务乡村产业"),
        ("三、主要工作和时间安排", "主要工作和时间安排"),
    ],
)
def test_a_title_glued_to_its_body_is_cut_where_the_body_starts(line, title):
    assert sections(line + "\n")[0][1] == title


def test_a_table_row_is_no_heading():
    assert sections("七、八月 | 暑期体检 | 全体教职工\n") == []


def test_a_heading_mid_line_is_a_heading():
    assert sections("一、指导思想\n努力开创工作新局面。二、工作目标\n") == [(1, "指导思想"), (1, "工作目标")]

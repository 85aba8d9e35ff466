"""Unit tests of the plan parser, one construction at a time, on small texts written for the tests."""

import pytest

from gonghui.plans.parser import (
    cn_to_int,
    find_labels,
    fold,
    guess_category,
    parse_label,
    parse_plan,
    suggest_metric_key,
)


def schedule(text: str) -> list[tuple]:
    return [(item["month"] or item["period"], item["text"]) for item in parse_plan(text)["schedule"]]


def targets(text: str) -> list[tuple]:
    return [(t["metric"], t["value"], t["unit"], t["comparator"]) for t in parse_plan(text)["targets"]]


def sections(text: str) -> list[tuple]:
    return [(s["level"], s["title"]) for s in parse_plan(text)["sections"]]


# --------------------------------------------------------------------------- helpers


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


# --------------------------------------------------------------------------- schedule: month headings


def test_month_headings_with_numbered_and_bulleted_items():
    text = "一月份：\n\n- 1、春节慰问困难职工。\n- 2、召开委员会议。\n\n二月份：\n1、开学工作。\n\n2、评选好书记。\n"
    assert schedule(text) == [
        (1, "春节慰问困难职工"),
        (1, "召开委员会议"),
        (2, "开学工作"),
        (2, "评选好书记"),
    ]


def test_arabic_month_lines_with_content():
    text = "1月：春节送温暖；召开工会委员会议。\n2月: 元宵节猜灯谜\n１２月：年度工作总结\n"
    assert schedule(text) == [
        (1, "春节送温暖"),
        (1, "召开工会委员会议"),
        (2, "元宵节猜灯谜"),
        (12, "年度工作总结"),
    ]


def test_yuan_month_and_bracketed_headings():
    text = "元月\n走访慰问劳模\n【三月】\n女职工健康讲座\n十一月份工作安排：\n职工运动会\n"
    assert schedule(text) == [(1, "走访慰问劳模"), (3, "女职工健康讲座"), (11, "职工运动会")]


def test_month_heading_behind_a_section_marker_is_a_label_not_a_section():
    text = "（一）三月份\n开展“三八”系列活动。\n（二）四月份\n职工春季运动会。\n"
    assert schedule(text) == [(3, "开展“三八”系列活动"), (4, "职工春季运动会")]
    assert sections(text) == []


def test_a_long_first_paragraph_still_belongs_to_its_month():
    paragraph = "开展“两节”送温暖活动，走访慰问困难职工、劳模和一线职工，确保慰问资金及时足额发放到位，让职工感受到组织温暖。"
    assert schedule(f"一月份\n{paragraph}\n") == [(1, paragraph.rstrip("。"))]


def test_month_block_ends_at_a_heading():
    text = "十二月份：\n1、年度总结。\n三、保障措施\n1、加强领导，落实责任。\n"
    assert schedule(text) == [(12, "年度总结")]


# --------------------------------------------------------------------------- schedule: inline dates, ranges, periods


def test_inline_months_in_prose():
    text = "今年4月组织职工春季运动会。3月中旬召开职代会，审议工作报告。工会将于9月10日前完成助学金发放。"
    assert schedule(text) == [(4, "组织职工春季运动会"), (3, "召开职代会"), (9, "完成助学金发放")]


def test_dates_of_other_years_are_history():
    text = "2024年工会工作计划\n认真学习2023年10月召开的工会十八大精神。2024年5月举办职工技能大赛。"
    assert schedule(text) == [(5, "举办职工技能大赛")]


def test_month_ranges_keep_all_months():
    text = "七、八月份：开展夏季送清凉。\n1~2月：走访慰问。\n"
    items = parse_plan(text)["schedule"]
    assert [(i["month"], i.get("months"), i["text"]) for i in items] == [
        (7, [7, 8], "开展夏季送清凉"),
        (1, [1, 2], "走访慰问"),
    ]


def test_numbered_item_before_a_month_is_not_a_range():
    assert schedule("1、3月份召开职代会。\n2、组织植树活动。\n") == [(3, "召开职代会")]


def test_quarter_headings_and_inline_quarters():
    text = (
        "第一季度\n1、召开职工代表大会。\n2、开展春节慰问。\n第二季度：组织职工运动会。\n三季度开展金秋助学。"
    )
    assert schedule(text) == [
        ("Q1", "召开职工代表大会"),
        ("Q1", "开展春节慰问"),
        ("Q2", "组织职工运动会"),
        ("Q3", "开展金秋助学"),
    ]


def test_quarter_heading_with_its_months_in_brackets():
    assert schedule("第一季度（1-3月）\n1、召开职代会。\n第二季度（4～6月）：\n1、开展劳动竞赛。\n") == [
        ("Q1", "召开职代会"),
        ("Q2", "开展劳动竞赛"),
    ]


def test_halves_inline_and_as_headings():
    text = (
        "巩固学习成果，上半年举办一次读书交流会，下半年组织一次演讲比赛。\n下半年：\n1、评选先进工会小组。\n"
    )
    assert schedule(text) == [
        ("H1", "举办一次读书交流会"),
        ("H2", "组织一次演讲比赛"),
        ("H2", "评选先进工会小组"),
    ]


def test_festivals_in_prose_whole_year_and_frequencies_are_not_scheduled():
    text = (
        "组织好“三八”节系列活动，开展国庆文艺汇演。年内将组织召开职工座谈会。今年召开三届七次职代会。"
        "每月开展一次安全检查，每季度召开一次委员会议。"
    )
    assert schedule(text) == []


# --------------------------------------------------------------------------- schedule: flattened tables


def test_trailing_labels_open_the_next_group_when_the_content_agrees():
    # Only some lines carry a label; the holidays (三八 before 五月份, 五一 after it, 年终 under 十二月份)
    # show that each label starts the group below it.
    text = """1、做好春节期间走访慰问工作
2、召开工会委员会议 三月份
3、开展职工技能培训
4、庆祝“三八”国际妇女节 五月份
5、庆祝“五一”国际劳动节
6、组织职工春季运动会 七月份
7、开展“七一”党史学习活动
8、组织暑期送清凉 十二月份
9、做好年终总结
"""
    assert schedule(text) == [
        (2, "做好春节期间走访慰问工作"),
        (2, "召开工会委员会议"),
        (3, "开展职工技能培训"),
        (3, "庆祝“三八”国际妇女节"),
        (5, "庆祝“五一”国际劳动节"),
        (5, "组织职工春季运动会"),
        (7, "开展“七一”党史学习活动"),
        (7, "组织暑期送清凉"),
        (12, "做好年终总结"),
    ]


def test_items_before_the_first_trailing_label_are_flagged_unless_content_agrees():
    items = parse_plan(
        "1、职工春节慰问\n2、召开委员会议 三月份\n3、庆祝三八节\n4、读书活动 五月份\n5、五一表彰\n"
    )["schedule"]
    assert [(i["month"], bool(i.get("uncertain"))) for i in items] == [
        (2, False),
        (2, True),
        (3, False),
        (3, False),
        (5, False),
    ]


def test_items_pointing_into_a_skipped_month_move_there_uncertain():
    text = """1、开展春节慰问 二月份
2、召开职代会
3、组织职工运动会 六月份
4、组织青年联谊
5、开展“七一”歌咏比赛
6、组织暑期疗休养 九月份
7、教师节慰问
"""
    items = parse_plan(text)["schedule"]
    assert [(i["month"], i["text"], bool(i.get("uncertain"))) for i in items][3:6] == [
        (6, "组织青年联谊", False),
        (7, "开展“七一”歌咏比赛", True),
        (7, "组织暑期疗休养", True),
    ]
    assert items[-1]["month"] == 9


def test_a_label_on_every_line_is_the_lines_own():
    text = "1、春节慰问 一月\n2、三八节活动 三月\n3、职工运动会 五月\n4、国庆汇演 十月\n"
    assert schedule(text) == [(1, "春节慰问"), (3, "三八节活动"), (5, "职工运动会"), (10, "国庆汇演")]


def test_bracketed_and_time_labels_belong_to_their_item():
    text = "1、举办职工运动会（5月）。\n2、组织“五一”表彰（时间：4月下旬）\n3、开展全年职工培训。\n"
    assert schedule(text) == [(5, "举办职工运动会"), (4, "组织“五一”表彰")]


def test_dates_tied_to_their_item_are_not_a_flattened_table():
    text = "1、举办职工运动会，定于5月\n2、开展读书活动\n3、组织职工疗休养，定于10月\n4、完成工会换届 6月底前\n5、技能比武 9月中旬\n"
    assert schedule(text) == [
        (5, "举办职工运动会"),
        (10, "组织职工疗休养"),
        (6, "完成工会换届"),
        (9, "技能比武"),
    ]


def test_signature_and_date_under_the_plan_are_no_items():
    text = "十二月份：\n1、年终总结。\n2、评选先进。\n\n青石镇总工会\n2024年1月5日\n"
    assert schedule(text) == [(12, "年终总结"), (12, "评选先进")]


def test_looking_back_is_not_scheduled():
    assert schedule("2024年工作计划\n今年5月以来职工书屋建设进展顺利。6月组织职工读书分享会。") == [
        (6, "组织职工读书分享会")
    ]

    text = "8、职工书法比赛 五月份\n9、“五一”表彰 10、召开工会工作会议 九月份\n11、先进典型宣传\n"
    assert schedule(text) == [
        (4, "职工书法比赛"),
        (5, "“五一”表彰"),
        (5, "召开工会工作会议"),
        (9, "先进典型宣传"),
    ]
    assert schedule("九月份：\n9、金秋助学活动 10、召开工会工作会议。\n") == [
        (9, "金秋助学活动"),
        (9, "召开工会工作会议"),
    ]


def test_numbered_items_on_a_month_line():
    text = "一月份：1、召开工会委员会，制定全年计划；2、开展春节慰问。\n二月份：（1）灯谜竞猜；（2）权益知识培训。\n"
    assert schedule(text) == [
        (1, "召开工会委员会，制定全年计划"),
        (1, "开展春节慰问"),
        (2, "灯谜竞猜"),
        (2, "权益知识培训"),
    ]


def test_a_lead_in_line_ends_a_month_block():
    text = "三月份：\n组织“三八”系列活动。\n重点工作安排：\n1.4月：召开职代会。\n"
    assert schedule(text) == [(3, "组织“三八”系列活动"), (4, "召开职代会")]


def test_enumeration_comma_is_not_an_item_split():
    assert schedule("十二月份：\n- 1、市、区先进工会评选\n- 2、年度总结。\n") == [
        (12, "市、区先进工会评选"),
        (12, "年度总结"),
    ]


def test_numbering_restart_separates_lists():
    # the measures list above has no labels: its items must not be read as January
    text = "1、加强领导。\n2、落实责任。\n1、春节慰问\n2、委员会议 二月份\n3、读书活动\n4、技能比武 四月份\n5、健步走\n"
    assert [m for m, _ in schedule(text)] == [1, 1, 2, 2, 4]


def test_table_rows_with_a_month_column_and_merged_cells():
    text = (
        "月份\t工作内容\t负责人\n1月\t春节走访慰问困难职工\t张主席\n\t召开工会委员会议\t李委员\n2月\t开展元宵节活动\t王委员\n"
        "3月 | 三八节女职工座谈会 | 刘委员\n"
    )
    assert schedule(text) == [
        (1, "春节走访慰问困难职工"),
        (1, "召开工会委员会议"),
        (2, "开展元宵节活动"),
        (3, "三八节女职工座谈会"),
    ]


def test_table_rows_with_a_serial_number_column():
    text = "序号  时间  工作内容\n1  一月  春节慰问\n2  三月  女职工维权行动月\n"
    assert schedule(text) == [(1, "春节慰问"), (3, "女职工维权行动月")]


def test_schedule_items_carry_a_category():
    items = parse_plan("三月份：\n1、庆“三八”系列活动。\n2、职工羽毛球比赛。\n")["schedule"]
    assert [i["category"] for i in items] == ["festival", "sports"]


# --------------------------------------------------------------------------- targets


def test_percentages_with_their_comparators():
    text = (
        "会员入会率达到95%以上，会费收缴率100%，经费拨缴率不低于98%，困难职工返贫率控制在5%以内，"
        "职工满意度达百分之九十。"
    )
    assert targets(text) == [
        ("会员入会率", 95, "%", ">="),
        ("会费收缴率", 100, "%", ">="),
        ("经费拨缴率", 98, "%", ">="),
        ("困难职工返贫率", 5, "%", "<="),
        ("职工满意度", 90, "%", ">="),
    ]


def test_ranges_give_two_targets():
    assert targets("劳动争议调解率达90%—95%。组织职工参加1—2次技能培训。选送三至五篇论文至市总工会。") == [
        ("劳动争议调解率", 90, "%", ">="),
        ("劳动争议调解率", 95, "%", "<="),
        ("技能培训", 1, "次", ">="),
        ("技能培训", 2, "次", "<="),
        ("论文", 3, "篇", ">="),
        ("论文", 5, "篇", "<="),
    ]


def test_zero_with_a_qualifier_between_verb_and_zero():
    assert targets("确保安全生产零事故。") == [("安全生产零事故", 0, None, "==")]


def test_quotes_around_a_counted_name_are_dropped():
    assert targets("评选“巾帼标兵”5名。") == [("巾帼标兵", 5, "名", ">=")]


def test_reported_figures_are_not_targets():
    text = "我镇现有会员3200人，其中女会员占45%。去年入会率已达到98%。女职工占职工代表的比例不低于30%。"
    assert targets(text) == [("女职工占职工代表的比例", 30, "%", ">=")]


def test_arabic_one_is_a_count_and_frequencies_take_other_units():
    assert targets("力争年内创建市级模范职工之家1个，每年为职工办实事不少于10件。") == [
        ("市级模范职工之家", 1, "个", ">="),
        ("职工办实事", 10, "件/年", ">="),
    ]


def test_money_and_people_counts():
    assert targets("发放慰问金50万元，培训职工500人次。") == [
        ("慰问金", 50, "万元", ">="),
        ("职工", 500, "人次", ">="),
    ]


def test_zero_targets():
    assert targets("安全生产事故为零，越级上访和5人以上集体上访率为0，实现零投诉。") == [
        ("安全生产事故", 0, None, "=="),
        ("越级上访和5人以上集体上访率", 0, None, "=="),
        ("投诉", 0, None, "=="),
    ]


def test_frequencies():
    text = "开好每年至少一次的职代会。每季度召开一次委员会议。委员会坚持每月学习和每周例会一次。每学期开展两次家访。"
    assert targets(text) == [
        ("职代会", 1, "次/年", ">="),
        ("委员会议", 1, "次/季", ">="),
        ("学习", 1, "次/月", ">="),
        ("例会", 1, "次/周", ">="),
        ("家访", 2, "次/学期", ">="),
    ]


def test_counts_in_their_usual_word_orders():
    text = "力争创3家模范职工之家。全年发展新会员50人，新建基层工会达10家。下半年组织一次职工体检。举办两期培训班。"
    assert targets(text) == [
        ("模范职工之家", 3, "家", ">="),
        ("新会员", 50, "人", ">="),
        ("新建基层工会", 10, "家", ">="),
        ("职工体检", 1, "次", ">="),
        ("培训班", 2, "期", ">="),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "坚持“五必访”，实行“一帮一”结对，组织慈善一日捐。",  # names
        "召开职代会第二次会议，筹备三届七次职代会。",  # ordinals and sessions
        "组织35岁以下青年教师参加比赛。",  # a qualifier
        "落实十二五规划，围绕一个中心，强化六项工程，完成八个目标，重点做好四个方面的工作。",  # structure
        "继续开展一本一表一评议工作，落实女职工“五期”保护。",  # enumerated names
        "培养一支师德高尚的教师队伍，确保工会建立一个，巩固一个。",  # 一 as an article
        "力争实现工会组织全覆盖，定期召开职工座谈会，建立首问责任制。",  # no numeral
        "把工会工作提高到一个新的水平，作为一项重要工作抓紧抓好。",  # idioms
    ],
)
def test_non_targets(text):
    assert targets(text) == []


def test_target_text_is_the_clause_without_prefix_or_label():
    target = parse_plan("3、校务公开100%，工会开展一次民主恳谈会 五月份\n")["targets"]
    assert [t["text"] for t in target] == ["校务公开100%", "工会开展一次民主恳谈会"]


def test_target_metric_is_always_inside_its_text():
    text = "会费收缴率达到100%。每年至少召开两次职代会。力争创5家示范工会。截留工资奖金率为零。"
    assert all(t["metric"] in t["text"] for t in parse_plan(text)["targets"])


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
    found = parse_plan(text)["sections"]
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


# --------------------------------------------------------------------------- year, title, org type


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024年工会工作计划\n", 2024),
        ("二〇二三年度机关工会工作要点\n", 2023),
        ("20xx年是关键之年。特制定20xx年度工作计划。", None),
        ("在获得区__年度示范工会的基础上继续努力。", None),
        ("[x年东风小学工会工作目标", None),
        ("某公司工会20__年工作计划\n", None),
        ("特制订3024年工会工作计划。\n谋划2025年工作思路。", 2024),
        ("以党的精神为指导，团结职工。", None),
        ("2023年，在县总工会的领导下取得成效。现将2024年工作安排如下：", 2024),
        ("2023年，各项工作取得成效。2024年是关键之年。", 2024),
    ],
)
def test_year(text, year):
    assert parse_plan(text)["year"] == year


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("结合本村实际，特制定2024年村工会工作计划。", "2024年村工会工作计划"),
        ("具体见《2022年东湖社区工会工作计划》。", "2022年东湖社区工会工作计划"),
        ("光明小学工会2024年工作要点\n一、指导思想", "光明小学工会2024年工作要点"),
        ("制定建家的规划、措施，争取党政支持。", None),
        ("围绕学校中心工作开展活动。", None),
    ],
)
def test_title(text, title):
    assert parse_plan(text)["title"] == title


@pytest.mark.parametrize(
    ("text", "org_type"),
    [
        ("五星村工会2024年工作计划", "village"),
        ("关心教职工生活，开好教代会，推进校务公开，建设和谐校园。", "school"),
        ("在镇党委、政府的领导下，召开镇职工代表大会，指导企业工会建设。", "town"),
        ("公司工会围绕生产经营，组织车间职工开展技能比武。", "enterprise"),
        ("社区工会服务辖区职工。", "community"),
        ("医院工会关心医护人员。", "hospital"),
        ("工区分会团结工区职工。", "work_area"),
        ("团结职工，建功立业。", "other"),
    ],
)
def test_org_type(text, org_type):
    assert parse_plan(text)["org_type"] == org_type


# --------------------------------------------------------------------------- metric keys and categories


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("工会会费收缴100%", "dues.collection_rate"),
        ("会费收缴率达到98%", "dues.collection_rate"),
        ("贫特困职工家庭建档率100%", "care.archive_rate"),
        ("当年帮困率100%", "care.aid_rate"),
        ("学练比参与率达98%", "activities.participation_rate"),
        ("劳动争议调节率100%", "rights.mediation_rate"),
        ("劳动争议调解率达95%", "rights.mediation_rate"),
        ("开好每年至少一次的教代会", "democracy.congress_held"),
        ("每年召开一次职代会", "democracy.congress_held"),
        ("校务公开100%", "democracy.notices_published"),
        ("厂务公开率100%", "democracy.notices_published"),
        ("职工入会率达95%", "members.membership_rate"),
        ("越级上访率为零", "rights.petition_rate"),
        ("全年发展新会员50人", "members.new_members"),
        ("新建基层工会10家", "orgs.unions_founded"),
        ("截留工资奖金率为零", None),
    ],
)
def test_suggest_metric_key(text, key):
    assert suggest_metric_key(text) == key


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("庆“三八”系列活动", "festival"),
        ("国庆节庆祝活动", "festival"),
        ("中小学教工羽毛球比赛", "sports"),
        ("艺术节教工文艺演出", "culture"),
        ("工会主席培训", "study"),
        ("慰问特困及重病教职工", "care"),
        ("迎接对教代会、校务公开工作评估", "democracy"),
        ("开展劳动争议调解", "rights"),
        ("年度总结", "organisation"),
        ("绿化校园", "other"),
    ],
)
def test_guess_category(text, category):
    assert guess_category(text) == category

"""Stage 3: the schedule, one construction at a time, on small texts written for the tests."""

from .parser_stages import schedule, schedule_of, sections, targets_of

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
    # a leading date covers its whole sentence
    assert schedule(text) == [
        (4, "组织职工春季运动会"),
        (3, "召开职代会，审议工作报告"),
        (9, "完成助学金发放"),
    ]


def test_dates_of_other_years_are_history():
    text = "2024年工会工作计划\n认真学习2023年10月召开的工会十八大精神。2024年5月举办职工技能大赛。"
    assert schedule(text) == [(5, "举办职工技能大赛")]


def test_month_ranges_keep_all_months():
    text = "七、八月份：开展夏季送清凉。\n1~2月：走访慰问。\n"
    items = schedule_of(text)
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
    items = schedule_of(
        "1、职工春节慰问\n2、召开委员会议 三月份\n3、庆祝三八节\n4、读书活动 五月份\n5、五一表彰\n"
    )
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
    items = schedule_of(text)
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
    items = schedule_of("三月份：\n1、庆“三八”系列活动。\n2、职工羽毛球比赛。\n")
    assert [i["category"] for i in items] == ["festival", "sports"]


def test_a_table_cell_holds_one_task_per_space_and_month_cells_may_carry_a_quarter():
    text = "时间 | 活动内容 | 参加范围\n一月 | 元旦游园 迎春长跑 | 全体职工\n三月（一季度末） | 合理化建议评审 | 各部门\n七月、八月 | 高温送清凉 | 一线职工\n"
    assert schedule(text) == [(1, "元旦游园"), (1, "迎春长跑"), (3, "合理化建议评审"), (7, "高温送清凉")]
    assert schedule_of(text)[-1]["months"] == [7, 8]


def test_a_leading_date_covers_its_sentence_up_to_the_next_dated_clause():
    text = "今年4月，集中开展入会宣传周活动，推行扫码入会。上半年组织交流会，下半年组织一次征文比赛。"
    assert schedule(text) == [
        (4, "集中开展入会宣传周活动，推行扫码入会"),
        ("H1", "组织交流会"),
        ("H2", "组织一次征文比赛"),
    ]


def test_trailing_dates_on_plain_lines_belong_to_their_sentence():
    text = "开展春节农民工平安返乡服务——1月\n组织开展劳动竞赛（5月）；举办职工技能大赛（9月）。\n"
    assert schedule(text) == [
        (1, "开展春节农民工平安返乡服务"),
        (5, "组织开展劳动竞赛"),
        (9, "举办职工技能大赛"),
    ]


def test_dated_sentences_in_the_body_of_a_run_in_heading():
    text = "（一）抓组织建设，扩大工会覆盖。社区工会要摸清底数。今年4月，集中开展入会宣传周活动。\n"
    assert schedule(text) == [(4, "集中开展入会宣传周活动")]
    assert sections(text) == [(1, "抓组织建设，扩大工会覆盖")]


def test_a_monthly_report_dates_its_done_part_and_next_month_part():
    text = (
        "某局机关工会2023年4月份工作总结及5月份工作计划\n"
        "4月份，局机关工会在局党组的领导下，认真落实年度工作计划。\n"
        "一、4月份已完成工作\n1.举办职工气排球比赛，8支代表队参赛。\n2.新增会员6名。\n"
        "二、存在的不足\n一是活动开展不平衡。\n"
        "三、下月工作计划\n1.组织开展庆祝“五一”系列活动。\n"
    )
    assert schedule(text) == [
        (4, "举办职工气排球比赛，8支代表队参赛"),
        (4, "新增会员6名"),
        (5, "组织开展庆祝“五一”系列活动"),
    ]
    assert targets_of(text) == []  # the done part reports results

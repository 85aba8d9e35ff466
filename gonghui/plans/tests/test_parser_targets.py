"""Stage 4: targets, one construction at a time."""

import pytest

from .parser_stages import targets, targets_of

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
    target = targets_of("3、校务公开100%，工会开展一次民主恳谈会 五月份\n")
    assert [t["text"] for t in target] == ["校务公开100%", "工会开展一次民主恳谈会"]


def test_target_metric_is_always_inside_its_text():
    text = "会费收缴率达到100%。每年至少召开两次职代会。力争创5家示范工会。截留工资奖金率为零。"
    assert all(t["metric"] in t["text"] for t in targets_of(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("选派65名青年医护人员参加岗位技能培训", ("青年医护人员", 65, "名", ">=")),
        ("组织教师撰写并向区教育工会推荐工会工作论文2篇", ("工会工作论文", 2, "篇", ">=")),
        ("向市总工会报送工会理论调研文章3篇", ("工会理论调研文章", 3, "篇", ">=")),
        ("全年力争新发展会员65名", ("新发展会员", 65, "名", ">=")),
        ("全年发展新会员不少于120名", ("新会员", 120, "名", ">=")),
        ("保证7家村办合作社、家庭农场建立工会小组", ("村办合作社、家庭农场", 7, "家", ">=")),
        ("保证7家企业工会达到规范化建设标准", ("企业工会达到规范化建设标准", 7, "家", ">=")),
        ("开展各类劳动竞赛和技能比武不少于20次", ("劳动竞赛和技能比武", 20, "次", ">=")),
        ("力争每个班组提出合理化建议不少于2条", ("合理化建议", 2, "条", ">=")),
        ("项目部职工宿舍每间居住人数不超过8人", ("项目部职工宿舍每间居住人数", 8, "人", "<=")),
        ("辖区小微企业和个体工商户职工入会率达到95%以上", ("职工入会率", 95, "%", ">=")),
        ("全县已建会企业职工入会率达到95%以上", ("职工入会率", 95, "%", ">=")),
        ("企业工会建会率稳定在90%以上", ("企业工会建会率", 90, "%", ">=")),
        ("村属企业和合作社欠薪事件为零", ("欠薪事件", 0, None, "==")),
        ("《明德工会》简报每两月出版一期", ("《明德工会》简报", 1, "期/两月", ">=")),
        ("各项目部工会每季度一次召开农民工恳谈会", ("农民工恳谈会", 1, "次/季", ">=")),
    ],
)
def test_target_shapes(text, expected):
    assert targets(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "组织一次教职工篮球赛。",
        "年内组织一次社区职工篮球赛，丰富青年职工的业余生活。",
        "2023年，社区工会走访慰问困难职工61户次，发放慰问金5.3万元。",
        "社区工会成立于2016年。2023年新发展会员357名，其中快递员112名。",
    ],
)
def test_single_events_and_history_are_no_targets(text):
    assert targets("2024年社区工会工作计划\n" + text) == []


def test_a_single_meeting_and_a_once_per_half_year_are_targets():
    assert targets("工会开展一次民主恳谈会。上半年组织一次征文比赛。") == [
        ("民主恳谈会", 1, "次", ">="),
        ("征文比赛", 1, "次", ">="),
    ]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("各工会小组活动每季度一次", "quarter"),
        ("工作例会每月召开一次", "month"),
        ("每学期至少开展一次开放日活动", "term"),
        ("每两月出版一期简报", "two_months"),
        ("每年至少召开2次会员大会", "year"),
        ("上半年组织一次征文比赛", "H1"),
        ("全年发展新会员不少于120名", "year"),
        ("职工入会率达到95%以上", "year"),
    ],
)
def test_a_target_says_what_period_its_value_is_measured_over(text, period):
    assert [t["period"] for t in targets_of(text)] == [period]


def test_people_or_posts_before_an_enumeration_are_its_scope():
    assert targets("全年开展医务人员心理疏导、健康讲座等关爱活动不少于20次。") == [
        ("心理疏导、健康讲座等关爱活动", 20, "次", ">=")
    ]
    assert targets("全年组织开展驾驶员、仓储、装卸等岗位技能竞赛不少于20次。") == [
        ("岗位技能竞赛", 20, "次", ">=")
    ]
    # without an enumeration the people stay: they take part, they are not a scope
    assert targets("每年至少组织2次教职工外出观摩学习。") == [("教职工外出观摩学习", 2, "次/年", ">=")]


def test_an_incident_named_by_its_cause_starts_at_the_cause():
    assert targets("辖区因欠薪引发的群体性事件为零。") == [("因欠薪引发的群体性事件", 0, None, "==")]
    assert targets("辖区新就业形态劳动者服务站点覆盖率达100%。") == [
        ("辖区新就业形态劳动者服务站点覆盖率", 100, "%", ">=")
    ]


def test_an_activity_named_by_verbs_alone_is_counted():
    assert targets("每季度开展一次走访慰问。") == [("走访慰问", 1, "次/季", ">=")]

"""A target's words bind to a metric of the registry, or to none (entered by hand): the targets of
the seed and dev plans, one row each (metric words as annotated → key proposed at import)."""

import pytest

from gonghui.plans.services import proposed_key

MANUAL = ""

# Keys of modules not built yet (rights, democracy, unionwork…) are never proposed: those targets are
# manual until the module registers its metric and a synonym binds it.
TABLE = [
    # rates the registry has
    ("会员入会率", "members.membership_rate"),
    ("教职工入会率", "members.membership_rate"),
    ("職工入會率", "members.membership_rate"),  # traditional characters read as simplified
    ("教職工入會率", "members.membership_rate"),
    ("工会会费收缴", "dues.collection_rate"),
    ("贫特困职工家庭建档率", "care.archive_rate"),
    ("当年帮困率", "care.aid_rate"),
    ("学练比参与率", "activities.participation_rate"),
    # counts of activities, by kind where the words name one
    ("劳动竞赛和技能比武", "activities.count.contest"),
    ("岗位技能竞赛", "activities.count.contest"),
    ("集中学习", "unionwork.study_sessions"),
    ("教职工外出观摩学习", "activities.count.study"),
    ("学习心得交流会与读书笔记展评", "unionwork.study_sessions"),
    ("心理疏导、健康讲座等关爱活动", "activities.count"),
    ("“教工之家”开放日活动", "activities.count"),
    ("各科室工会小组活动", "activities.count"),
    ("征文比赛", "activities.count"),
    # model unions
    ("县级示范工会", "orgs.model_unions"),
    ("省级“模范职工之家”示范工会", "orgs.model_unions"),
    # the congress, open affairs, rights and the union's own work
    ("工作例会", "unionwork.meetings"),
    ("劳动争议调节率", "rights.mediation_rate"),
    ("教代会", "democracy.congress_held"),
    ("校务公开", "democracy.notices_published"),
    ("校务公开100%", "democracy.open_affairs_rate"),
    # none can exist: entered by hand
    ("因欠薪引发的群体性事件", MANUAL),
    ("《明德工会》简报", MANUAL),
    ("项目部职工宿舍每间居住人数", MANUAL),
    ("重大疾病困难职工救助标准", MANUAL),
]


@pytest.mark.parametrize(("words", "key"), TABLE)
def test_target_words_bind_to_a_registered_metric_or_none(words, key):
    assert proposed_key(words) == key


def test_a_key_of_a_module_not_there_yet_gives_way_to_a_registered_one(monkeypatch):
    # 集中学习 names the union committee's study sessions first; without that module's metric
    # (an install that leaves the app out), the study activities measure it
    from gonghui.plans import services
    from gonghui.plans.parser import suggest_metric_keys

    assert suggest_metric_keys("集中学习")[:2] == ["unionwork.study_sessions", "activities.count.study"]
    assert proposed_key("集中学习") == "unionwork.study_sessions"
    registered = services.registered_key
    monkeypatch.setattr(
        services, "registered_key", lambda k: "" if k.startswith("unionwork.") else registered(k)
    )
    assert proposed_key("集中学习") == "activities.count.study"

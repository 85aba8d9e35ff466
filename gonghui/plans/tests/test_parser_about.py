"""Stage 5 (title, year, org type) and the wording → category / metric key tables."""

import pytest

from gonghui.plans.parser import guess_category, suggest_metric_key

from .parser_stages import about_of

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
    assert about_of(text)["year"] == year


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
    assert about_of(text)["title"] == title


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
    assert about_of(text)["org_type"] == org_type


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
        ("校务公开100%", "democracy.open_affairs_rate"),
        ("厂务公开率100%", "democracy.open_affairs_rate"),
        ("推进厂务公开", "democracy.notices_published"),
        ("合理化建议采纳率达60%", "democracy.suggestion_adoption_rate"),
        ("征集合理化建议", "democracy.suggestions"),
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

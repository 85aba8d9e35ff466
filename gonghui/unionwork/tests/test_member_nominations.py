"""评先推优 online: a member nominates a colleague or a group in their union's open round, once per
nominee, only inside the window; sees the publicity list and objects to it; the committee checks
every objection before it awards. The clock is the suite's (2026-06-15)."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.conftest import FIXED_NOW
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import make_org
from gonghui.unionwork import services
from gonghui.unionwork.models import Honour, HonourKind, HonourObjection, HonourStatus
from gonghui.unionwork.tests.factories import HonourFactory, HonourRoundFactory

# Written around the suite's day (2026-06-15: dues owed April to June, a round open in June): pinned
# there, also under the date sweep.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(FIXED_NOW, tick=True)]


def _nominate(uw, round, **fields):
    fields = {"kind": HonourKind.EXCELLENT_MEMBER, "citation": "带头参加志愿服务。", **fields}
    return services.member_nominate(round=round, by=uw.member_a, **fields)


def test_a_member_nominates_a_colleague_once_per_round(uw):
    round = HonourRoundFactory(org=uw.union_a)
    honour = _nominate(uw, round, member=uw.zhang)
    assert honour.status == HonourStatus.NOMINATED and honour.nominator == uw.member_a_record
    assert honour.nominated_by == "甲会员" and honour.title == "2026年度优秀会员"
    with pytest.raises(ValidationError, match="已在“2026年度优秀会员评选”中推荐过张先进"):
        _nominate(uw, round, member=uw.zhang)
    other = HonourRoundFactory(org=uw.union_a, name="2026年度工会积极分子评选")
    assert _nominate(uw, other, member=uw.zhang).round == other  # another round is another nomination


def test_outside_the_window_it_is_refused_in_chinese(uw):
    closed = HonourRoundFactory(org=uw.union_a, opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 31))
    with pytest.raises(ValidationError, match="推荐时间为 2026-05-01 至 2026-05-31，现在不能推荐"):
        _nominate(uw, closed, member=uw.zhang)


def test_self_nomination_only_where_the_round_allows_it(uw):
    no_self = HonourRoundFactory(org=uw.union_a)
    with pytest.raises(ValidationError, match="不接受自荐"):
        _nominate(uw, no_self, member=uw.member_a_record)
    open_to_self = HonourRoundFactory(org=uw.union_a, self_nomination=True)
    assert _nominate(uw, open_to_self, member=uw.member_a_record).member == uw.member_a_record


def test_only_colleagues_of_the_same_union(uw):
    round = HonourRoundFactory(org=uw.union_a)
    stranger = MemberFactory(org=uw.union_b, name="乙校老师")
    with pytest.raises(ValidationError, match="只能推荐本工会的在册会员"):
        _nominate(uw, round, member=stranger)
    with pytest.raises(ValidationError, match="只能推荐本工会的小组"):
        _nominate(uw, round, group=make_org(uw.union_b, code="group-b", name="乙校小组", kind=OrgKind.GROUP))
    with pytest.raises(ValidationError, match="二者选一"):
        _nominate(uw, round)


def test_a_group_nominates_a_group_once_recorded_with_who_submitted(uw):
    round = HonourRoundFactory(org=uw.union_a)
    honour = _nominate(uw, round, group=uw.group_a, for_group=True, kind=HonourKind.EXCELLENT_MEMBER)
    assert honour.kind == HonourKind.ADVANCED_GROUP and honour.holder == "甲村第一小组"
    assert honour.nominating_group == uw.group_a and honour.nominated_by == "甲村第一小组（甲会员提交）"
    colleague = MemberFactory(org=uw.group_a, name="乙组员")
    colleague.user = type(uw.member_a).objects.create_user("colleague", password="pw-123456")
    colleague.save()
    with pytest.raises(ValidationError, match="甲村第一小组已在.*推荐过甲村第一小组"):
        services.member_nominate(
            round=round, by=colleague.user, kind="", group=uw.group_a, for_group=True, citation="好"
        )


def test_a_user_without_a_member_record_cannot_nominate(uw):
    round = HonourRoundFactory(org=uw.union_a)
    with pytest.raises(ValidationError, match="没有关联本工会的会员档案"):
        services.member_nominate(
            round=round, by=uw.chair_b, kind=HonourKind.ACTIVIST, member=uw.zhang, citation="好"
        )


def _on_publicity(uw, **fields):
    defaults = {
        "org": uw.union_a,
        "member": uw.zhang,
        "round": HonourRoundFactory(org=uw.union_a),
        "status": HonourStatus.PUBLICITY,
        "awarded_on": None,
        "decided_on": date(2026, 6, 10),
        "publicity_start": date(2026, 6, 12),
        "publicity_end": date(2026, 6, 16),
    }
    return HonourFactory(**{**defaults, **fields})


def test_an_objection_during_publicity_holds_the_award_until_checked(uw):
    honour = _on_publicity(uw)
    objection = services.lodge_objection(honour=honour, by=uw.member_a, text="请核实其考勤。")
    with pytest.raises(ValidationError, match="已对该公示对象提出过异议"):
        services.lodge_objection(honour=honour, by=uw.member_a, text="再说一次")
    honour.publicity_end = date(2026, 6, 13)
    with pytest.raises(ValidationError, match="1 条异议尚未核实"):
        services.award(honour=honour, by=uw.chair_a, awarded_on=date(2026, 6, 15))
    services.answer_objection(objection=objection, by=uw.chair_a, answer="经核实，考勤正常。")
    assert services.award(honour=honour, by=uw.chair_a, awarded_on=date(2026, 6, 15)).status == "awarded"


def test_no_objection_outside_the_publicity_period(uw):
    honour = _on_publicity(uw, publicity_end=date(2026, 6, 14))
    with pytest.raises(ValidationError, match="只能在公示期内"):
        services.lodge_objection(honour=honour, by=uw.member_a, text="请核实。")


# ---- pages ----------------------------------------------------------------------------------


def test_the_member_page_lists_open_rounds_publicity_and_own_nominations(uw, login):
    round = HonourRoundFactory(org=uw.union_a)
    HonourRoundFactory(
        org=uw.union_a, name="已截止的评选", opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 31)
    )
    HonourRoundFactory(org=uw.union_b, name="乙校评选")
    _nominate(uw, round, member=uw.zhang)
    shown = _on_publicity(uw, title="2026年度先进个人")
    HonourFactory(org=uw.union_a, status=HonourStatus.NOMINATED, awarded_on=None, title="别人推荐的")
    body = login(uw.member_a).get(reverse("unionwork:my_honours")).content.decode()
    assert "2026年度优秀会员评选" in body and "已截止的评选" not in body and "乙校评选" not in body
    assert "2026年度先进个人" in body and reverse("unionwork:honour_object", args=[shown.pk]) in body
    assert "别人推荐的" not in body and "张先进 · 2026年度优秀会员" in body


def test_a_member_nominates_through_the_page(uw, login):
    round = HonourRoundFactory(org=uw.union_a)
    client = login(uw.member_a)
    form = client.get(reverse("unionwork:member_nominate", args=[round.pk])).content.decode()
    assert "以我所在小组（甲村第一小组）的名义推荐" in form and "不接受自荐" in form
    found = client.get(reverse("unionwork:colleagues", args=[round.pk]), {"member-q": "张"}).content.decode()
    assert str(uw.zhang.pk) in found and "甲村第一小组" in found
    assert (
        "member-option"
        not in client.get(
            reverse("unionwork:colleagues", args=[round.pk]), {"member-q": uw.zhang.id_number[-4:]}
        ).content.decode()
    )
    url = reverse("unionwork:member_nominate", args=[round.pk])
    data = {"member": str(uw.zhang.pk), "kind": "excellent_member", "citation": "热心服务会员。"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data).content.decode()
    assert "同一对象只能推荐一次" in again and Honour.objects.count() == 1
    empty = client.post(url, {"kind": "excellent_member", "citation": ""}).content.decode()
    assert "请简要写明推荐理由" in empty


def test_a_closed_round_is_refused_with_a_message(uw, login):
    closed = HonourRoundFactory(org=uw.union_a, opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 31))
    client = login(uw.member_a)
    response = client.get(reverse("unionwork:member_nominate", args=[closed.pk]), follow=True)
    assert "现在不能推荐" in response.content.decode()
    posted = client.post(
        reverse("unionwork:member_nominate", args=[closed.pk]),
        {"member": str(uw.zhang.pk), "kind": "excellent_member", "citation": "好"},
    )
    assert "现在不能推荐" in posted.content.decode() and not Honour.objects.exists()


@pytest.mark.parametrize("who", ["chair_a", "officer_a", "fed_admin", "chair_b"])
def test_only_members_use_the_member_routes(uw, login, who):
    round = HonourRoundFactory(org=uw.union_a)
    honour = _on_publicity(uw)
    client = login(getattr(uw, who))
    assert client.get(reverse("unionwork:member_nominate", args=[round.pk])).status_code == 404
    assert client.get(reverse("unionwork:colleagues", args=[round.pk])).status_code == 404
    assert client.post(reverse("unionwork:honour_object", args=[honour.pk]), {"text": "x"}).status_code == 404


def test_objection_through_the_page_then_the_committee_checks_it(uw, login):
    honour = _on_publicity(uw)
    member = login(uw.member_a)
    assert (
        member.post(reverse("unionwork:honour_object", args=[honour.pk]), {"text": "请核实。"}).status_code
        == 302
    )
    objection = HonourObjection.objects.get()
    assert objection.member == uw.member_a_record
    chair = login(uw.chair_a)
    detail = chair.get(reverse("unionwork:honour", args=[honour.pk])).content.decode()
    assert "请核实。" in detail and "登记核实情况" in detail
    # a viewer who sees only roll-ups does not see who objected
    assert (
        "请核实。"
        not in login(uw.fed_viewer).get(reverse("unionwork:honour", args=[honour.pk])).content.decode()
    )
    chair = login(uw.chair_a)
    url = reverse("unionwork:objection_answer", args=[objection.pk])
    assert "请写明核实情况" in chair.post(url, {"answer": ""}).content.decode()
    assert chair.post(url, {"answer": "经核实不属实"}).status_code == 302
    objection.refresh_from_db()
    assert objection.answered_on is not None and objection.answered_by == uw.chair_a
    assert login(uw.member_a).post(url, {"answer": "x"}).status_code == 403  # sees it, may not answer


# ---- API ------------------------------------------------------------------------------------


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_api_lets_a_member_nominate_see_publicity_and_object(uw, login):
    round = HonourRoundFactory(org=uw.union_a)
    client = login(uw.member_a)
    assert [r["name"] for r in client.get("/api/unionwork/me/rounds").json()] == ["2026年度优秀会员评选"]
    url = f"/api/unionwork/rounds/{round.pk}/nominations"
    made = _post(client, url, {"member_id": str(uw.zhang.pk), "citation": "热心服务。"})
    assert made.status_code == 201 and made.json()["holder"] == "张先进"
    again = _post(client, url, {"member_id": str(uw.zhang.pk), "citation": "热心服务。"})
    assert again.status_code == 422 and "只能推荐一次" in again.json()["detail"]
    group = _post(client, url, {"group_code": uw.group_a.code, "citation": "团结协作。", "for_group": True})
    assert group.status_code == 201 and group.json()["nominated_by"] == "甲村第一小组（甲会员提交）"
    assert len(client.get("/api/unionwork/me/nominations").json()) == 2
    honour = _on_publicity(uw)
    assert [h["id"] for h in client.get("/api/unionwork/me/publicity").json()] == [str(honour.pk)]
    objected = _post(client, f"/api/unionwork/honours/{honour.pk}/objections", {"text": "请核实。"})
    assert objected.status_code == 201
    chair = login(uw.chair_a)
    listed = chair.get(f"/api/unionwork/honours/{honour.pk}/objections").json()
    answered = _post(chair, f"/api/unionwork/objections/{listed[0]['id']}/answer", {"answer": "属实，已处理"})
    assert answered.status_code == 200 and answered.json()["answered_on"] == "2026-06-15"
    assert _post(chair, url, {"member_id": str(uw.zhang.pk), "citation": "x"}).status_code == 404


def test_the_honour_page_links_the_other_nominations_of_the_same_person_in_the_round(uw, login):
    round = HonourRoundFactory(org=uw.union_a)
    common = {"org": uw.union_a, "round": round, "status": HonourStatus.NOMINATED, "awarded_on": None}
    first = HonourFactory(member=uw.zhang, nominated_by="甲会员", nominated_on=date(2026, 6, 3), **common)
    second = HonourFactory(member=uw.zhang, nominated_by="第一小组", nominated_on=date(2026, 6, 5), **common)
    HonourFactory(member=None, group_name="甲村第一小组", **common)  # another nominee
    HonourFactory(member=uw.zhang, **{**common, "round": HonourRoundFactory(org=uw.union_a)})  # another round
    page = login(uw.chair_a).get(reverse("unionwork:honour", args=[first.pk])).content.decode()
    assert "另有 1 条推荐" in page and reverse("unionwork:honour", args=[second.pk]) in page
    assert "第一小组（06-05）" in page
    assert list(Honour.objects.alongside(second)) == [first]
    alone = HonourFactory(org=uw.union_a, member=uw.zhang)  # recorded without a round: nothing alongside
    assert "另有" not in login(uw.chair_a).get(reverse("unionwork:honour", args=[alone.pk])).content.decode()

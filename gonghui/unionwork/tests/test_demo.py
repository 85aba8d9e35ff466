"""The demo data: built through the services, a year of monthly meetings and quarterly study, and a
second run changes nothing. (A small stand-in for the demo county, not the whole demo: tests stay fast.)"""

import random

import pytest
from django.utils import timezone

from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org, OrgKind, Role, UnitType
from gonghui.orgs.tests.factories import OfficerFactory, make_org, make_user
from gonghui.unionwork import demo
from gonghui.unionwork.models import Decision, Honour, Meeting, NewsReport, ReportStatus, StudySession

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Meeting, Decision, StudySession, Honour, NewsReport)]


def test_demo_is_idempotent():
    county = make_org(
        code="chengguan", name="城关县总工会", kind=OrgKind.FEDERATION, unit_type=UnitType.COUNTY
    )
    make_user("fed_admin", Role.FEDERATION_ADMIN, county)
    for code, name in (("wuyin-village", "五音村工会"), ("luzhong-school", "芦中学校工会")):
        union = make_org(county, code=code, name=name)
        for n in range(6):
            OfficerFactory(org=union, name=f"{name[:2]}委员{n}")
            MemberFactory(org=union)
    village = Org.objects.get(code="wuyin-village")
    first = make_org(village, code="wuyin-village-g1", name="第一工会小组", kind=OrgKind.GROUP)
    make_org(village, code="wuyin-village-g2", name="第二工会小组", kind=OrgKind.GROUP)
    MemberFactory(org=first, name="五音会员", user=make_user("member", Role.MEMBER, village))
    demo.populate(random.Random("gonghui-unionwork"))
    first = counts()
    assert first[0] == 2 * 13 and first[2] == 2 * 4  # 12 committee meetings and an assembly ahead; 4 study
    assert Meeting.objects.minuted().count() == 24
    assert NewsReport.objects.filter(status=ReportStatus.ADOPTED).count() == 4
    # the chair's nomination in each union, and the demo member's two (a colleague, a group)
    assert Honour.objects.filter(status="nominated").count() == 4
    online = Honour.objects.filter(nominator__user__username="member")
    assert sorted(h.holder for h in online if h.member is None) == ["第二工会小组"]
    assert online.get(member=None).nominated_by == "第一工会小组（五音会员提交）"
    assert Honour.objects.filter(status="publicity", publicity_start=timezone.localdate()).count() == 2
    demo.populate(random.Random("gonghui-unionwork"))
    assert counts() == first

"""The voice demo data: built through the services, every kind present, and a second run changes nothing."""

import random

import pytest

from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import OrgKind, Role, UnitType
from gonghui.orgs.tests.factories import make_org, make_user
from gonghui.voice import demo
from gonghui.voice.models import Notice, NoticeKind, NoticeRead, Opinion, Suggestion

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Notice, NoticeRead, Opinion, Suggestion)]


def _demo_cast():
    """The demo's unions and users, small (the orgs and members demos take half a minute)."""
    fed = make_org(code="chengguan", kind=OrgKind.FEDERATION)
    village = make_org(fed, code="wuyin-village", unit_type=UnitType.VILLAGE)
    group = make_org(village, code="wuyin-village-g1", kind=OrgKind.GROUP)
    school = make_org(fed, code="luzhong-school", unit_type=UnitType.SCHOOL)
    textile = make_org(fed, code="wuyin-textile", unit_type=UnitType.ENTERPRISE)
    make_user("fed_admin", Role.FEDERATION_ADMIN, fed)
    make_user("chair", Role.UNION_CHAIR, village)
    make_user("school_chair", Role.UNION_CHAIR, school)
    MemberFactory(org=group, user=make_user("member", Role.MEMBER, village))
    for org in (group, school, textile):
        MemberFactory.create_batch(3, org=org)


def test_demo_is_idempotent():
    _demo_cast()
    demo.populate(random.Random("gonghui-voice"))
    first = counts()
    assert all(first)
    assert {NoticeKind.VILLAGE, NoticeKind.SCHOOL, NoticeKind.FACTORY} <= set(
        Notice.objects.values_list("kind", flat=True)
    )
    assert Suggestion.objects.filter(anonymous=True, author__isnull=True).exists()
    assert set(Suggestion.objects.values_list("status", flat=True)) >= {
        "implemented",
        "not_adopted",
        "referred",
        "answered",
    }
    demo.populate(random.Random("gonghui-voice"))
    assert counts() == first

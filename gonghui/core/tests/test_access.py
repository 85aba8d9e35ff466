import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.core import access
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_a_role_reaches_its_whole_subtree_and_nothing_else(world):
    assert codes(access.visible_orgs(world.fed_admin)) == {"fed", "union-a", "union-b", "group-a"}
    assert codes(access.visible_orgs(world.chair_a)) == {"union-a", "group-a"}
    assert codes(access.visible_orgs(world.group_leader_a)) == {"group-a"}
    assert codes(access.visible_orgs(world.chair_b)) == {"union-b"}


@pytest.mark.parametrize(
    ("role", "action", "org", "allowed"),
    [
        ("fed_admin", "manage", "union_b", True),
        ("fed_admin", "view", "other_fed", False),
        ("fed_viewer", "view", "union_a", True),
        ("fed_viewer", "change", "union_a", False),
        ("chair_a", "manage", "union_a", True),
        ("chair_a", "sensitive", "group_a", True),
        ("chair_a", "view", "union_b", False),
        ("officer_a", "change", "union_a", True),
        ("officer_a", "manage", "union_a", False),
        ("officer_a", "care", "union_a", True),  # given the care duty
        ("group_leader_a", "change", "group_a", True),
        ("group_leader_a", "change", "union_a", False),
        ("member_a", "view", "union_a", False),
        ("member_a", "change", "union_a", False),
        ("chair_b", "view", "union_a", False),
    ],
)
def test_capabilities_by_role(world, role, action, org, allowed):
    assert access.can(getattr(world, role), action, getattr(world, org)) is allowed


def test_officer_without_care_duty_has_no_care_capability(world):
    from gonghui.orgs.models import Role
    from gonghui.orgs.tests.factories import make_user

    plain = make_user("plain_officer", Role.UNION_OFFICER, world.union_a)
    assert not access.can(plain, access.CARE, world.union_a)
    assert not access.can(plain, access.SENSITIVE, world.union_a)


def test_scope_filters_rows_by_subtree(world):
    in_b = MemberFactory(org=world.union_b, name="乙会员")
    assert in_b not in access.scope(world.chair_a, Member)
    assert in_b in access.scope(world.chair_b, Member)
    assert in_b in access.scope(world.fed_viewer, Member)
    assert in_b not in access.scope(world.fed_viewer, Member, access.CHANGE)


def test_a_member_sees_only_their_own_record(world):
    other = MemberFactory(org=world.group_a, name="同组会员")
    visible = access.scope(world.member_a, Member)
    assert list(visible) == [world.member_a_record]
    assert other not in visible


def test_get_object_for_hides_foreign_rows_and_refuses_changes(world):
    in_b = MemberFactory(org=world.union_b)
    with pytest.raises(Http404):
        access.get_object_for(world.chair_a, Member, id=in_b.pk)
    with pytest.raises(PermissionDenied):
        access.get_object_for(world.fed_viewer, Member, action=access.CHANGE, id=in_b.pk)
    assert access.get_object_for(world.fed_admin, Member, action=access.CHANGE, id=in_b.pk) == in_b


def test_get_org_for_is_404_outside_the_subtree(world):
    with pytest.raises(Http404):
        access.get_org_for(world.chair_a, "union-b")
    with pytest.raises(Http404):
        access.get_org_for(world.chair_a, "no-such-org")
    assert access.get_org_for(world.chair_a, "group-a") == Org.objects.get(code="group-a")


def test_default_org_is_the_highest_role(world):
    assert access.default_org(world.fed_admin).code == "fed"
    assert access.default_org(world.group_leader_a).code == "group-a"


def test_rows_a_federation_publishes_are_seen_by_every_role_below(world):
    from gonghui.activities.tests.factories import ActivityFactory

    county_meet = ActivityFactory(org=world.fed)
    for role in ("chair_a", "officer_a", "group_leader_a", "member_a", "chair_b"):
        assert county_meet in access.scope(getattr(world, role), type(county_meet)), role
    other_county = ActivityFactory(org=world.other_fed)
    assert other_county not in access.scope(world.chair_a, type(other_county))
    assert not access.can(world.chair_a, access.CHANGE, world.fed)  # seeing is not changing

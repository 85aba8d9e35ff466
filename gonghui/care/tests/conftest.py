import pytest

from gonghui.care.tests.factories import member_in
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import OfficerFactory, make_user


@pytest.fixture
def care(world):
    """The world plus what care tests lean on: members, an officer, an officer without the care duty."""
    world.patient = member_in(world.group_a, name="王病人")
    world.needy = member_in(world.group_a, name="李困难")
    world.member_b = member_in(world.union_b, name="乙校会员")
    world.officer_record = OfficerFactory(org=world.union_a, name="赵委员")
    world.plain_officer = make_user("plain_officer", Role.UNION_OFFICER, world.union_a)
    return world

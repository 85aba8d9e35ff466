import pytest

from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import OfficerFactory


@pytest.fixture
def uw(world):
    """The world plus two officers of union A and a member of union A's group."""
    world.officer_wang = OfficerFactory(org=world.union_a, name="王主席")
    world.officer_li = OfficerFactory(org=world.union_a, name="李委员")
    world.zhang = MemberFactory(org=world.group_a, name="张先进")
    return world

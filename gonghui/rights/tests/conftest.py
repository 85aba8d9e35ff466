import pytest

from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user


@pytest.fixture
def rights(world):
    """The world plus a rights officer, a women's officer and an officer with neither duty."""
    world.rights_officer = make_user("rights_officer", Role.UNION_OFFICER, world.union_a, duties="rights")
    world.women_officer = make_user("women_officer", Role.UNION_OFFICER, world.union_a, duties="women")
    world.plain_officer = make_user("plain_officer", Role.UNION_OFFICER, world.union_a)
    return world

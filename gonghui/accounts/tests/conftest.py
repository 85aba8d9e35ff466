import pytest

from gonghui.members.models import MemberStatus
from gonghui.members.tests.factories import MemberFactory


@pytest.fixture
def roster(world):
    """Union A's roster: two members ready for accounts, one without a phone, one with a bad phone,
    one whose phone an officer already logs in with, and one who has left."""
    group = world.group_a
    return {
        "wang": MemberFactory(org=group, name="王芳", phone="13800138000"),
        "li": MemberFactory(org=world.union_a, name="李强", phone="139 0013 9000"),
        "nophone": MemberFactory(org=group, name="赵无号", phone=""),
        "badphone": MemberFactory(org=group, name="钱错号", phone="12345"),
        "taken": MemberFactory(org=group, name="孙重号", phone="13700137000"),
        "left": MemberFactory(org=group, name="周已退", phone="13600136000", status=MemberStatus.LEFT),
    }

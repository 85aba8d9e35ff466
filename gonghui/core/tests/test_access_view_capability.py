"""The rules added for care: PERSONAL (rows about a named person), OVERRIDE, and a model's view_capability."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.core import access
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "personal", "override"),
    [
        ("fed_admin", True, True),
        ("fed_viewer", False, False),  # roll-ups only
        ("chair_a", True, True),
        ("officer_a", True, False),
        ("group_leader_a", True, False),
        ("member_a", False, False),
    ],
)
def test_personal_and_override_by_role(world, role, personal, override):
    user = getattr(world, role)
    assert access.can(user, access.PERSONAL, world.group_a) is personal
    assert access.can(user, access.OVERRIDE, world.group_a) is override


def test_required_capability_defaults_to_the_action():
    class Plain:
        pass

    class Guarded:
        view_capability = access.CARE

    assert access.required_capability(Plain) == access.VIEW
    assert access.required_capability(Guarded) == access.CARE
    assert access.required_capability(Guarded, access.CHANGE) == access.CHANGE


def test_scope_and_get_object_for_honour_view_capability(world):
    from gonghui.care.models import HardshipCase, Visit
    from gonghui.care.tests.factories import HardshipCaseFactory, VisitFactory

    case = HardshipCaseFactory(org=world.group_a)
    visit = VisitFactory(org=world.group_a)
    plain = make_user("plain_officer", Role.UNION_OFFICER, world.union_a)
    assert case in access.scope(world.officer_a, HardshipCase)
    assert case not in access.scope(plain, HardshipCase)
    assert case not in access.scope(world.fed_viewer, HardshipCase)
    assert visit in access.scope(plain, Visit)
    assert visit not in access.scope(world.fed_viewer, Visit)
    with pytest.raises(Http404):
        access.get_object_for(world.group_leader_a, HardshipCase, id=case.pk)
    with pytest.raises(PermissionDenied):
        access.get_object_for(plain, Visit, action=access.CARE, id=visit.pk)
